//! The live catalogue: each instance keeps the listed internships' vectors and listings in
//! memory ([`Catalogue`], one contiguous matrix) so a recommendation scans memory instead of
//! loading every internship from the database.
//!
//! It is loaded in full once the model is known, then refreshed incrementally: right after an
//! embedding job on this instance, and every few seconds on every instance (another instance's
//! changes arrive that way). A refresh re-reads only internships changed since the last one
//! (edited, re-embedded, company verification changed, new likes/dismissals); deadlines are
//! checked at query time, so an internship past its deadline disappears at midnight without a
//! refresh.

use super::catalogue::{Catalogue, Listing};
use super::demand::FieldDemand;
use crate::db::{DbConnection, DbError};
use crate::matching::embedding::documents::{InternshipDoc, vector_from_bytes};
use crate::matching::ranking::score::MatchWeights;
use crate::matching::store;
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::HashMap;
use std::sync::{Arc, RwLock, RwLockReadGuard};

/// Re-read rows changed this long before the last refresh too: a transaction may commit after
/// the timestamps it wrote, and hosts' clocks differ a little.
const OVERLAP_SECONDS: i64 = 15;

/// What a live catalogue holds.
pub struct Snapshot {
    pub catalogue: Catalogue<i64>,
    /// Deadlines of the listed internships (`None`: open until closed).
    pub deadlines: HashMap<i64, Option<NaiveDate>>,
    /// The model whose vectors the catalogue holds (empty before the first load).
    pub model: String,
    /// When the last refresh started (`None`: never loaded).
    pub refreshed_at: Option<NaiveDateTime>,
    /// Skills asked for per field across every listed internship (market demand).
    pub demand: FieldDemand,
    /// Counts the changes applied: two rankings made at the same version saw the same listings.
    pub version: u64,
}

/// Shared by the request handlers (readers) and the refresher (writer). Cheap to clone.
#[derive(Clone)]
pub struct LiveCatalogue {
    inner: Arc<RwLock<Snapshot>>,
    /// Serialises refreshes: two at once would only do the same work twice.
    refreshing: Arc<tokio::sync::Mutex<()>>,
}

impl Default for LiveCatalogue {
    fn default() -> Self {
        LiveCatalogue::new()
    }
}

impl LiveCatalogue {
    pub fn new() -> LiveCatalogue {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        LiveCatalogue {
            inner: Arc::new(RwLock::new(Snapshot {
                catalogue: Catalogue::new(
                    crate::matching::embedding::embedder::EMBEDDING_DIM,
                    threads,
                ),
                deadlines: HashMap::new(),
                model: String::new(),
                refreshed_at: None,
                demand: FieldDemand::default(),
                version: 0,
            })),
            refreshing: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    /// Read access for a ranking (a poisoned lock, a refresh panicked, is still usable).
    pub fn read(&self) -> RwLockReadGuard<'_, Snapshot> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the catalogue has been loaded for `model`.
    pub fn is_loaded_for(&self, model: &str) -> bool {
        let s = self.read();
        s.refreshed_at.is_some() && s.model == model
    }

    pub fn len(&self) -> usize {
        self.read().catalogue.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Brings the catalogue up to date with the database: in full the first time (or when the
    /// model changed), incrementally afterwards. Runs on the blocking pool; readers keep
    /// reading while changes are gathered and are held up only while they are applied.
    pub async fn refresh(
        &self,
        db: &crate::db::Db,
        model: &str,
        weights: MatchWeights,
    ) -> Result<usize, DbError> {
        let _one_at_a_time = self.refreshing.lock().await;
        let (since, full) = {
            let s = self.read();
            match s.refreshed_at {
                Some(at) if s.model == model => {
                    (Some(at - chrono::Duration::seconds(OVERLAP_SECONDS)), false)
                }
                _ => (None, true),
            }
        };
        let started = chrono::Utc::now().naive_utc();
        let model_name = model.to_string();
        let changes = db
            .run(move |conn| gather(conn, since, &model_name, &weights))
            .await?;
        let n = changes.upserts.len() + changes.removals.len() + changes.crowd.len();
        let live = self.clone();
        let model = model.to_string();
        // Building rows is done; applying them is quick, but keep it off the async workers.
        tokio::task::spawn_blocking(move || live.apply(changes, full, model, started))
            .await
            .map_err(|e| DbError::Pool(format!("catalogue refresh stopped: {e}")))?;
        Ok(n)
    }

    /// Re-reads the given internships only (after this instance changed or re-embedded them):
    /// cheap, so an embedding job can call it for its one internship. Before the first full
    /// load it makes that load happen now.
    pub async fn refresh_ids(
        &self,
        db: &crate::db::Db,
        model: &str,
        weights: MatchWeights,
        ids: Vec<i64>,
    ) -> Result<(), DbError> {
        if !self.is_loaded_for(model) {
            return self.refresh(db, model, weights).await.map(|_| ());
        }
        let model_name = model.to_string();
        let changes = db
            .run(move |conn| changes_for(conn, &ids, &model_name, &weights))
            .await?;
        let mut s = self.inner.write().unwrap_or_else(|e| e.into_inner());
        apply_changes(&mut s, changes);
        Ok(())
    }

    fn apply(&self, changes: Changes, full: bool, model: String, started: NaiveDateTime) {
        let mut s = self.inner.write().unwrap_or_else(|e| e.into_inner());
        if full {
            let threads = std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1);
            s.catalogue =
                Catalogue::new(crate::matching::embedding::embedder::EMBEDDING_DIM, threads);
            s.deadlines.clear();
            s.demand = FieldDemand::default();
            s.version += 1;
        }
        apply_changes(&mut s, changes);
        s.model = model;
        s.refreshed_at = Some(started);
    }
}

fn apply_changes(s: &mut Snapshot, changes: Changes) {
    if !(changes.removals.is_empty() && changes.upserts.is_empty() && changes.crowd.is_empty()) {
        s.version += 1;
    }
    for id in &changes.removals {
        if let Some(old) = s.catalogue.remove(id) {
            s.demand.remove(&old.features);
        }
        s.deadlines.remove(id);
    }
    for (id, vector, listing, deadline) in changes.upserts {
        let features = listing.features.clone();
        let old = s
            .catalogue
            .index
            .payload_of(&id)
            .map(|l| l.features.clone());
        // A vector of the wrong size (another model's) is skipped, not fatal.
        if s.catalogue.upsert(id, &vector, listing).is_ok() {
            if let Some(old) = old {
                s.demand.remove(&old);
            }
            s.demand.add(&features);
            s.deadlines.insert(id, deadline);
        }
    }
    for (id, crowd) in changes.crowd {
        if let Some(listing) = s.catalogue.index.payload_mut(&id) {
            listing.crowd = crowd;
        }
    }
}

/// What a refresh read from the database.
struct Changes {
    upserts: Vec<(i64, Vec<f32>, Listing, Option<NaiveDate>)>,
    removals: Vec<i64>,
    /// New crowd scores of internships that were not re-listed.
    crowd: Vec<(i64, f32)>,
}

/// Other students' reactions, damped so that one click moves little: −1–1.
pub fn crowd_score(likes: i64, dismissals: i64) -> f32 {
    (likes - dismissals) as f32 / (likes + dismissals + 3) as f32
}

fn crowd_of(conn: &mut DbConnection, ids: &[i64]) -> Result<HashMap<i64, f32>, DbError> {
    let mut counts: HashMap<i64, (i64, i64)> = HashMap::new();
    for (id, kind, n) in store::crowd_all(conn, ids)? {
        let entry = counts.entry(id).or_default();
        if kind == "like" {
            entry.0 += n
        } else {
            entry.1 += n
        }
    }
    Ok(counts
        .into_iter()
        .map(|(id, (l, d))| (id, crowd_score(l, d)))
        .collect())
}

fn gather(
    conn: &mut DbConnection,
    since: Option<NaiveDateTime>,
    model: &str,
    weights: &MatchWeights,
) -> Result<Changes, DbError> {
    let candidates = match since {
        Some(since) => store::changed_internships(conn, since)?,
        None => store::listed_internships(conn)?,
    };
    let Changes {
        upserts, removals, ..
    } = changes_for(conn, &candidates, model, weights)?;
    let mut crowd = Vec::new();
    if let Some(since) = since {
        let relisted: std::collections::HashSet<i64> =
            upserts.iter().map(|(id, _, _, _)| *id).collect();
        let reacted: Vec<i64> = store::reacted_since(conn, since)?
            .into_iter()
            .filter(|id| !relisted.contains(id))
            .collect();
        for chunk in reacted.chunks(store::CHUNK) {
            crowd.extend(crowd_of(conn, chunk)?);
        }
    }
    Ok(Changes {
        upserts,
        removals,
        crowd,
    })
}

/// Listings of `candidates`: upserts for those listed and embedded, removals for the rest.
fn changes_for(
    conn: &mut DbConnection,
    candidates: &[i64],
    model: &str,
    weights: &MatchWeights,
) -> Result<Changes, DbError> {
    let mut upserts = Vec::new();
    let mut removals = Vec::new();
    for chunk in candidates.chunks(store::CHUNK) {
        let listed: HashMap<i64, Option<NaiveDate>> =
            store::listing_state(conn, chunk)?.into_iter().collect();
        let ids: Vec<i64> = listed.keys().copied().collect();
        let mut vectors: HashMap<i64, Vec<f32>> =
            store::embeddings_of(conn, "internship", model, &ids)?
                .into_iter()
                .map(|(id, b)| (id, vector_from_bytes(&b)))
                .collect();
        let crowd = crowd_of(conn, &ids)?;
        let mut docs = Vec::new();
        for doc in store::internship_docs(conn, &ids)? {
            // Not embedded yet: listed once its embedding job has run.
            match vectors.remove(&doc.id) {
                Some(vector) => docs.push((doc, vector)),
                None => removals.push(doc.id),
            }
        }
        for ((doc, vector), mut listing) in listings(docs, weights) {
            listing.crowd = crowd.get(&doc.id).copied().unwrap_or(0.0);
            let deadline = listed.get(&doc.id).copied().flatten();
            upserts.push((doc.id, vector, listing, deadline));
        }
        removals.extend(chunk.iter().filter(|id| !listed.contains_key(id)));
    }
    Ok(Changes {
        upserts,
        removals,
        crowd: Vec::new(),
    })
}

/// Each document's listing (its features and terms: the text read for skills, fields and
/// requirements), on every core when there are many (a full load reads 100,000 postings).
fn listings(
    docs: Vec<(InternshipDoc, Vec<f32>)>,
    weights: &MatchWeights,
) -> Vec<((InternshipDoc, Vec<f32>), Listing)> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_thread = docs.len().div_ceil(threads).max(256);
    let make = |part: Vec<(InternshipDoc, Vec<f32>)>| -> Vec<_> {
        part.into_iter()
            .map(|(doc, vector)| {
                let listing = Listing::new(&doc.input(), weights);
                ((doc, vector), listing)
            })
            .collect()
    };
    if docs.len() <= per_thread {
        return make(docs);
    }
    let mut parts = Vec::new();
    let mut rest = docs;
    while rest.len() > per_thread {
        let tail = rest.split_off(per_thread);
        parts.push(rest);
        rest = tail;
    }
    parts.push(rest);
    std::thread::scope(|scope| {
        let running: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || make(part)))
            .collect();
        running
            .into_iter()
            .flat_map(|t| {
                t.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Refreshes the catalogue every `every` (every 100 ms until the first load, which `/ready`
/// waits for) once the model is known. Errors are logged and retried at the next tick.
pub async fn keep_fresh(state: crate::state::AppState, every: std::time::Duration) {
    let first_poll = std::time::Duration::from_millis(100);
    loop {
        let loaded = state.catalogue.read().refreshed_at.is_some();
        tokio::time::sleep(if loaded { every } else { first_poll }).await;
        let Some(embedder) = state.model.embedder() else {
            continue;
        };
        let weights = state.matching.weights();
        if let Err(e) = state
            .catalogue
            .refresh(&state.db, embedder.model_id(), weights)
            .await
        {
            tracing::warn!(error = %e, "catalogue refresh failed");
        }
    }
}
