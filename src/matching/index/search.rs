//! Meaning for the public search: the words a user typed are embedded (on the model thread) and
//! the live catalogue's nearest listed internships become candidates beside the lexical ones, so
//! "data cleaning" finds a pandas posting that never says "cleaning".
//!
//! Query vectors, and the hits of a query for one state of the catalogue, are kept in a small
//! in-memory LRU (searches repeat). When the model is not loaded, the catalogue not yet loaded,
//! or the model busy — [`BUSY`] new queries already waiting for it, or this one's meaning (its
//! vector and the scan for its nearest postings) not found within the search's wait
//! (`search_meaning_wait_ms`) — the search goes on without meaning (lexical only); a vector or
//! hits that arrive late are still cached for the next search. `/metrics` counts how each
//! search's meaning was answered (`praktiki_search_meaning_total`).

use super::live::LiveCatalogue;
use super::together::Together;
use crate::state::AppState;
use prometheus::{IntCounterVec, Opts};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// New queries being embedded for searches at once, beyond which the model counts as busy and a
/// new query answers from its words alone instead of queueing behind them. The model runs the
/// waiting queries as one batch (eight short queries: one pass of a few ms), so a search that
/// is let in waits little; the searches beyond what the model can embed (~650 new queries a
/// second on one of these cores) answer at the speed of the full-text index instead of all
/// waiting for the model in turn.
pub const BUSY: usize = 8;
/// Nearest listed internships considered.
const HITS: usize = 50;
/// Below this cosine a posting is not close enough in meaning to be a search result (short
/// queries against whole postings: related pairs measured 0.40–0.58, unrelated ones ≤ 0.37).
pub const MIN_COSINE: f32 = 0.40;
/// Entries remembered. A query takes two (its vector, and its hits per scope), so this holds
/// ~2,048 queries: ~6 MB with 384 floats per vector.
const CACHE_SIZE: usize = 4096;
/// Longest query embedded (characters); a pasted paragraph is cut.
const MAX_CHARS: usize = 200;

struct Entry {
    vector: Option<Arc<Vec<f32>>>,
    /// Hits for one state of the catalogue (see [`State`]).
    hits: Option<(State, Arc<Vec<i64>>)>,
    used: u64,
}

#[derive(Default)]
struct Lru {
    entries: HashMap<String, Entry>,
    clock: u64,
}

impl Lru {
    fn touch(&mut self, key: &str) -> Option<&mut Entry> {
        self.clock += 1;
        let clock = self.clock;
        let entry = self.entries.get_mut(key)?;
        entry.used = clock;
        Some(entry)
    }

    fn entry(&mut self, key: &str) -> &mut Entry {
        if !self.entries.contains_key(key) && self.entries.len() >= CACHE_SIZE {
            // Evict the least recently used quarter: one scan per CACHE_SIZE / 4 new queries.
            let mut ages: Vec<u64> = self.entries.values().map(|e| e.used).collect();
            ages.sort_unstable();
            let cut = ages[CACHE_SIZE / 4];
            self.entries.retain(|_, e| e.used >= cut);
        }
        self.clock += 1;
        let clock = self.clock;
        let e = self.entries.entry(key.to_string()).or_insert(Entry {
            vector: None,
            hits: None,
            used: clock,
        });
        e.used = clock;
        e
    }
}

fn cache() -> &'static Mutex<Lru> {
    static CACHE: OnceLock<Mutex<Lru>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(Lru::default()))
}

fn with_cache<T>(f: impl FnOnce(&mut Lru) -> T) -> T {
    let mut guard = cache().lock().unwrap_or_else(|e| e.into_inner());
    f(&mut guard)
}

/// The query as embedded: lower case, runs of white space as one space, at most [`MAX_CHARS`].
pub fn normalise_query(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    joined.to_lowercase().chars().take(MAX_CHARS).collect()
}

/// What a query's meaning is compared with and remembered under.
struct Asked {
    embedder: crate::matching::embedding::embedder::Embedder,
    query: String,
    /// The cache key of the query's vector.
    vector_key: String,
    /// The cache key of its hits in the scope.
    hits_key: String,
    state: State,
}

/// The query, if meaning can be asked about now (model and catalogue loaded).
fn asked(state: &AppState, text: &str, scope: &str) -> Option<Asked> {
    let query = normalise_query(text);
    if query.is_empty() {
        return None;
    }
    let embedder = state.model.embedder()?;
    let model = embedder.model_id().to_string();
    let snapshot = state.catalogue.read();
    if snapshot.model != model || snapshot.refreshed_at.is_none() {
        return None;
    }
    let vector_key = format!("{model}\u{0}{query}");
    Some(Asked {
        hits_key: format!("{vector_key}\u{0}{scope}"),
        vector_key,
        query,
        state: state_of(&snapshot, chrono::Utc::now().date_naive()),
        embedder,
    })
}

/// The hits of `text` in `scope` remembered for the catalogue as it is, if any: a search that
/// finds them here needs nothing else for its meaning.
pub fn remembered_hits(state: &AppState, text: &str, scope: &str) -> Option<Vec<i64>> {
    let hits = remembered(&asked(state, text, scope)?)?;
    count(Answer::Remembered);
    Some(hits)
}

fn remembered(asked: &Asked) -> Option<Vec<i64>> {
    with_cache(|lru| {
        let (at, hits) = lru.touch(&asked.hits_key)?.hits.as_ref()?;
        (*at == asked.state).then(|| hits.as_ref().clone())
    })
}

/// Ids of listed internships close in meaning to `text`, best first (at most [`HITS`], cosine
/// at least [`MIN_COSINE`]), among `among` when given (a place's postings: then `scope` names
/// them for the cache; a scan of those rows only), else among every listed one. Empty when
/// meaning is not available right now (see the module).
pub async fn semantic_hits(
    state: &AppState,
    text: &str,
    scope: &str,
    among: Option<Arc<Vec<i64>>>,
) -> Vec<i64> {
    let Some(asked) = asked(state, text, scope) else {
        count(Answer::Unavailable);
        return Vec::new();
    };
    if let Some(hits) = remembered(&asked) {
        count(Answer::Remembered);
        return hits;
    }
    // The whole of meaning — embedding the query and scanning for its nearest postings — gets
    // one wait: a search that needs both under load must not wait for each in turn.
    let deadline =
        tokio::time::Instant::now() + Duration::from_millis(state.settings.search_meaning_wait_ms);
    let cached = with_cache(|lru| lru.touch(&asked.vector_key).and_then(|e| e.vector.clone()));
    let (vector, answer) = match cached {
        Some(v) => (v, Answer::VectorKept),
        None => {
            let Some(slot) = Slot::take() else {
                count(Answer::Busy);
                return Vec::new();
            };
            let (key, embedder, query) = (asked.vector_key.clone(), asked.embedder, asked.query);
            let task = tokio::spawn(async move {
                // Held until the vector is in: a search that stopped waiting still counts.
                let _slot = slot;
                let v = embedder.embed(vec![query]).await.ok()?.pop()?;
                let v = Arc::new(v);
                with_cache(|lru| lru.entry(&key).vector = Some(v.clone()));
                Some(v)
            });
            match tokio::time::timeout_at(deadline, task).await {
                Ok(Ok(Some(v))) => (v, Answer::Embedded),
                _ => {
                    count(Answer::Late);
                    return Vec::new();
                }
            }
        }
    };
    let (catalogue, scope, key) = (state.catalogue.clone(), scope.to_string(), asked.hits_key);
    let scan = tokio::task::spawn_blocking(move || {
        let (at, hits) = nearest(&catalogue, vector, among.map(|ids| (scope, ids)))?;
        // Kept here, not by the caller: hits found after the search stopped waiting still
        // answer the next one.
        let hits = Arc::new(hits);
        with_cache(|lru| lru.entry(&key).hits = Some((at, hits.clone())));
        Some(hits)
    });
    let Ok(scanned) = tokio::time::timeout_at(deadline, scan).await else {
        count(Answer::LateScan);
        return Vec::new();
    };
    count(answer);
    match scanned {
        Ok(Some(hits)) => hits.as_ref().clone(),
        _ => Vec::new(),
    }
}

/// A place among the new queries being embedded for searches (at most [`BUSY`]).
struct Slot;

static EMBEDDING: AtomicUsize = AtomicUsize::new(0);

impl Slot {
    fn take() -> Option<Slot> {
        EMBEDDING
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < BUSY).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        EMBEDDING.fetch_sub(1, Ordering::AcqRel);
    }
}

/// How a search's meaning was answered.
#[derive(Clone, Copy)]
enum Answer {
    /// Its hits for the catalogue as it is were remembered.
    Remembered,
    /// Its vector was remembered; the catalogue was scanned in time.
    VectorKept,
    /// Embedded and scanned while the search waited.
    Embedded,
    /// Not embedded within the search's wait: words alone.
    Late,
    /// Embedded (or its vector kept), but the scan for its nearest postings did not end within
    /// the search's wait: words alone.
    LateScan,
    /// [`BUSY`] queries were already being embedded: words alone.
    Busy,
    /// No model or no catalogue yet: words alone.
    Unavailable,
}

/// The process's count of searches by how their meaning was answered; `app` registers it with
/// each server's metrics.
pub fn meaning_counter() -> &'static IntCounterVec {
    static COUNTER: OnceLock<IntCounterVec> = OnceLock::new();
    COUNTER.get_or_init(|| {
        IntCounterVec::new(
            Opts::new(
                "search_meaning_total",
                "Searches with words, by how their meaning was answered",
            ),
            &["answer"],
        )
        .unwrap_or_else(|e| unreachable!("a fixed, valid metric definition: {e}"))
    })
}

fn count(answer: Answer) {
    let label = match answer {
        Answer::Remembered => "remembered",
        Answer::VectorKept => "vector_kept",
        Answer::Embedded => "embedded",
        Answer::Late => "late",
        Answer::LateScan => "late_scan",
        Answer::Busy => "busy",
        Answer::Unavailable => "unavailable",
    };
    meaning_counter().with_label_values(&[label]).inc();
}

/// What a query's hits depend on besides the query: which catalogue, its version (it moves
/// only when listings change, not at every periodic refresh), and the day (deadlines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct State {
    instance: u64,
    version: u64,
    today: chrono::NaiveDate,
}

fn state_of(s: &super::live::Snapshot, today: chrono::NaiveDate) -> State {
    State {
        instance: s.instance,
        version: s.version,
        today,
    }
}

/// The catalogue's nearest open internships to `vector` (among the ids of a scope, when
/// given), and the state they reflect; none when the scan failed. Anywhere, one scan answers
/// every search waiting for one (`together`).
fn nearest(
    catalogue: &LiveCatalogue,
    vector: Arc<Vec<f32>>,
    among: Option<(String, Arc<Vec<i64>>)>,
) -> Option<(State, Vec<i64>)> {
    let today = chrono::Utc::now().date_naive();
    let Some((scope, ids)) = among else {
        let instance = catalogue.read().instance;
        return scans_of(instance).scan(vector, |queries, buffers| {
            let s = catalogue.read();
            let index = &s.catalogue.index;
            let state = state_of(&s, today);
            index
                .search_many(queries, HITS, |id| closed(&s, today, id), buffers)
                .into_iter()
                .map(|found| (state, hits_of(index, found)))
                .collect()
        });
    };
    let s = catalogue.read();
    let index = &s.catalogue.index;
    let at = (s.instance, s.version);
    let rows = super::scope_rows::kept(&scope, at, || index.rows_of(&ids));
    let found = index.search_rows(&vector, HITS, &rows, |id| closed(&s, today, id));
    Some((state_of(&s, today), hits_of(index, found)))
}

/// Whether the internship `id` closed before `today`.
fn closed(s: &super::live::Snapshot, today: chrono::NaiveDate, id: &i64) -> bool {
    s.deadlines
        .get(id)
        .copied()
        .flatten()
        .is_some_and(|d| d < today)
}

/// The ids of the hits close enough in meaning to be results.
fn hits_of<P>(
    index: &super::vectors::VectorIndex<i64, P>,
    found: Vec<super::vectors::Hit>,
) -> Vec<i64> {
    found
        .into_iter()
        .filter(|h| h.score >= MIN_COSINE)
        .filter_map(|h| index.id(h.row).copied())
        .collect()
}

/// The full scans shared by the searches of one catalogue (by its instance: each app of a
/// process has its own).
fn scans_of(instance: u64) -> Arc<Together<(State, Vec<i64>)>> {
    type Scans = HashMap<u64, Arc<Together<(State, Vec<i64>)>>>;
    static SCANS: OnceLock<Mutex<Scans>> = OnceLock::new();
    let mut scans = SCANS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    scans.entry(instance).or_default().clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_normalised_before_caching() {
        assert_eq!(normalise_query("  Data\tCleaning \n"), "data cleaning");
        assert_eq!(normalise_query("x".repeat(500).as_str()).len(), MAX_CHARS);
    }

    #[test]
    fn beyond_busy_new_queries_wait_for_no_model() {
        let held: Vec<Slot> = std::iter::from_fn(Slot::take).take(BUSY).collect();
        assert_eq!(held.len(), BUSY);
        assert!(Slot::take().is_none(), "the model is busy");
        drop(held);
        assert!(Slot::take().is_some(), "a finished query frees its place");
    }

    #[test]
    fn the_cache_forgets_the_least_recently_used() {
        let mut lru = Lru::default();
        for i in 0..CACHE_SIZE {
            lru.entry(&format!("q{i}")).vector = Some(Arc::new(vec![i as f32]));
        }
        // q0 is used again: it survives the eviction the next new query causes.
        assert!(lru.touch("q0").is_some());
        lru.entry("new");
        assert!(lru.entries.len() <= CACHE_SIZE);
        assert!(lru.entries.contains_key("q0") && lru.entries.contains_key("new"));
        assert!(!lru.entries.contains_key("q1"));
    }
}
