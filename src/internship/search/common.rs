//! The common words of PostgreSQL's search documents, copied into memory and scored there.
//!
//! GIN finds the postings holding a word but keeps no positions, so ranking a word that 64,304
//! of 100,000 postings hold ("learning") reads 64,304 documents of ~1.7 KB and calls `ts_rank`
//! on each: 55–100 ms of a core, a scan of the whole table in all but name, paid by the first
//! search of each such word after a start (and by the reads behind the searches in a place).
//! FTS5 keeps each word's positions in its index; this is that for the words that need it.
//! Once per start (and again when many postings changed) every document is read in batches
//! (`store::documents`, its text form, ~150 MB at 100,000 postings, a few seconds behind the
//! start), and each word held by at least 1 % of them is kept: its postings and its score in
//! each, computed as `ts_rank` computes it (`documents::rank`, to the last bit), packed to about
//! a byte a posting (`documents::Compact`: 562 words, 12.8 MB at 100,000 postings). A search's
//! word is then answered from the copy for every posting whose document is as read (`version`,
//! migration 000022) and from the database for the few changed since, as `carried` does
//! between generations. Rare words,
//! several spellings (a city's other names) and phrases are read from the database as before:
//! a few index lookups. SQLite needs none of it (FTS5 ranks from its index).

use super::carried::Kept;
use super::documents::{self, Compact, Packed};
use super::listed::Listed;
use super::store;
use crate::db::{Db, DbError};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

/// A word is kept when at least this share of the documents hold it.
const COMMON_SHARE: f64 = 0.01;
/// Documents read per statement while the copy is made (~1.5 MB of text: what a batch leaves
/// behind in the allocators stays small).
const BATCH: i64 = 1_000;
/// Past this many postings changed since the copy was made (or a tenth of those listed, if
/// fewer), its words are read from the database and the copy is made again behind the searches.
const MAX_CHANGED: usize = 5_000;
/// Databases kept (a test process opens many).
const DATABASES: usize = 8;

/// The common words of one database's documents as read at one moment.
pub struct CommonWords {
    /// The postings read, by slot (ascending ids).
    ids: Vec<i64>,
    /// Each posting's document version when read, by slot.
    versions: Vec<i64>,
    words: HashMap<String, Compact>,
    /// The postings listed in the latest generation asked about whose document is not the one
    /// read (none: too many), with that generation.
    changed: Mutex<Option<(i64, Option<Changed>)>>,
    /// Words answered from the copy so far.
    answered: AtomicUsize,
}

/// The postings listed in a generation whose document changed since the copy was read.
type Changed = Arc<HashSet<i64>>;

/// What a copy holds (the documents read, the words kept, the bytes their postings take) and
/// how many words it answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    pub documents: usize,
    pub words: usize,
    pub bytes: usize,
    pub answered: usize,
}

impl CommonWords {
    pub fn held(&self) -> Held {
        Held {
            documents: self.ids.len(),
            words: self.words.len(),
            bytes: self.words.values().map(Compact::size).sum(),
            answered: self.answered.load(Ordering::Relaxed),
        }
    }

    /// The postings listed in `now` (generation `generation`) whose document changed since the
    /// copy was read, or were not read; none when there are too many.
    fn changed(&self, now: &Listed, generation: i64) -> Option<Changed> {
        let mut kept = self.changed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, changed)) = kept.as_ref()
            && *g == generation
        {
            return changed.clone();
        }
        let limit = MAX_CHANGED.min(now.postings.len() / 10);
        let mut changed = HashSet::new();
        for (posting, version) in now.postings.iter().zip(&now.versions) {
            let then = self.ids.binary_search(&posting.id).ok();
            if then.map(|slot| self.versions[slot]) != Some(*version) {
                changed.insert(posting.id);
            }
        }
        let changed = (changed.len() <= limit).then(|| Arc::new(changed));
        *kept = Some((generation, changed.clone()));
        changed
    }
}

/// The word a group of spellings names, if the copy can hold it: one spelling that PostgreSQL's
/// parser keeps as one word as it is (ASCII letters and digits; lower-cased as it does).
fn single_word(group: &[String]) -> Option<String> {
    match group {
        [one] if !one.is_empty() && one.chars().all(|c| c.is_ascii_alphanumeric()) => {
            Some(one.to_ascii_lowercase())
        }
        _ => None,
    }
}

/// Whether the copy of `database` answers for the word `group` names in generation
/// `generation` (listed postings `now`): then the country's list costs no more than a place's.
pub fn holds(database: &str, now: &Listed, generation: i64, group: &[String]) -> bool {
    let (Some(copy), Some(word)) = (copy_of(database), single_word(group)) else {
        return false;
    };
    if !copy.words.contains_key(&word) {
        return false;
    }
    let current = copy.changed(now, generation).is_some();
    if !current {
        mark_stale(database);
    }
    current
}

/// The word `group` names from the copy of `database`: rows (id, score) of the postings whose
/// document is as read, and the postings listed `now` to read it among (changed since). None
/// when the copy does not hold the word or too many postings changed (it is then made again).
pub fn word(database: &str, now: &Listed, generation: i64, group: &[String]) -> Option<Kept> {
    let copy = copy_of(database)?;
    let changed = copy.changed(now, generation);
    let Some(changed) = changed else {
        mark_stale(database);
        return None;
    };
    let packed = copy.words.get(&single_word(group)?)?;
    let rows = packed
        .iter()
        .filter_map(|(slot, score)| {
            let id = *copy.ids.get(slot as usize)?;
            (changed.is_empty() || !changed.contains(&id)).then_some((id, f64::from(score)))
        })
        .collect();
    let mut among: Vec<i64> = changed.iter().copied().collect();
    among.sort_unstable();
    copy.answered.fetch_add(1, Ordering::Relaxed);
    Some(Kept {
        rows,
        among: Arc::new(among),
    })
}

/// A copy being made: documents added one by one, in ascending id.
#[derive(Default)]
pub struct Builder {
    ids: Vec<i64>,
    versions: Vec<i64>,
    words: HashMap<String, Packed>,
    /// Words with more distinct scores than a copy packs: read from the database.
    refused: HashSet<String>,
}

impl Builder {
    /// Adds one document (`doc`: its text form), in ascending id. One that cannot be read (or
    /// out of order) is left out: its posting then counts as changed, and is read from the
    /// database.
    pub fn add(&mut self, id: i64, version: i64, doc: &str) {
        if self.ids.last().is_some_and(|&last| last >= id) {
            return;
        }
        let Some(words) = documents::words(doc) else {
            tracing::warn!(
                id,
                "a search document was not read into the copy of common words"
            );
            return;
        };
        let Ok(slot) = u32::try_from(self.ids.len()) else {
            return;
        };
        self.ids.push(id);
        self.versions.push(version);
        for (word, weights) in words {
            if self.refused.contains(&word) {
                continue;
            }
            // Lower is better, as `store::word_scores` reads it (minus ts_rank).
            let packed = self.words.entry(word.clone()).or_default();
            if !packed.push(slot, -documents::rank(&weights)) {
                self.words.remove(&word);
                self.refused.insert(word);
            }
        }
    }

    /// The copy: the words at least 1 % of the documents hold, each in its final form (the
    /// builder's growing lists are then let go of whole).
    pub fn finish(mut self) -> CommonWords {
        let least = ((self.ids.len() as f64 * COMMON_SHARE).ceil() as usize).max(1);
        let words = self
            .words
            .iter()
            .filter(|(_, packed)| packed.len() >= least)
            .map(|(word, packed)| (word.clone(), packed.compact()))
            .collect();
        self.ids.shrink_to_fit();
        self.versions.shrink_to_fit();
        CommonWords {
            ids: self.ids,
            versions: self.versions,
            words,
            changed: Mutex::new(None),
            answered: AtomicUsize::new(0),
        }
    }
}

/// One database's copy and what is being done to it.
#[derive(Default)]
struct Entry {
    copy: Option<Arc<CommonWords>>,
    loading: bool,
    stale: bool,
    used: u64,
}

#[derive(Default)]
struct Copies {
    by_database: HashMap<String, Entry>,
    clock: u64,
}

fn copies() -> MutexGuard<'static, Copies> {
    static COPIES: OnceLock<Mutex<Copies>> = OnceLock::new();
    COPIES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// The copy of `database`, if one is made.
pub fn copy_of(database: &str) -> Option<Arc<CommonWords>> {
    let mut copies = copies();
    copies.clock += 1;
    let clock = copies.clock;
    let entry = copies.by_database.get_mut(database)?;
    entry.used = clock;
    entry.copy.clone()
}

fn mark_stale(database: &str) {
    if let Some(entry) = copies().by_database.get_mut(database) {
        entry.stale = true;
    }
}

/// Asks for a copy of `database` (PostgreSQL) when it has none and none is being made: the one
/// of the start was never made (the database was unreachable then). The next search makes it.
pub fn want(database: &str) {
    let mut copies = copies();
    if copies.by_database.contains_key(database) || copies.by_database.len() >= DATABASES {
        return;
    }
    copies.by_database.insert(
        database.to_string(),
        Entry {
            stale: true,
            ..Entry::default()
        },
    );
}

/// Whether the copy of `database` should be made again (too many postings changed since) and
/// nobody is making it.
pub fn is_stale(database: &str) -> bool {
    copies()
        .by_database
        .get(database)
        .is_some_and(|e| e.stale && !e.loading)
}

/// Takes the making of `database`'s copy; false when another task is making it.
fn claim(database: &str) -> bool {
    let mut copies = copies();
    if copies.by_database.len() >= DATABASES && !copies.by_database.contains_key(database) {
        let oldest = copies
            .by_database
            .iter()
            .filter(|(_, e)| !e.loading)
            .min_by_key(|(_, e)| e.used)
            .map(|(name, _)| name.clone());
        if let Some(oldest) = oldest {
            copies.by_database.remove(&oldest);
        }
    }
    let entry = copies.by_database.entry(database.to_string()).or_default();
    if entry.loading {
        return false;
    }
    entry.loading = true;
    true
}

/// Ends the making of `database`'s copy, installing `copy` when it was made.
fn release(database: &str, copy: Option<CommonWords>) {
    let mut copies = copies();
    let entry = copies.by_database.entry(database.to_string()).or_default();
    entry.loading = false;
    // Not made (the database failed on the way): the next search has it made again.
    entry.stale = copy.is_none();
    if let Some(copy) = copy {
        entry.copy = Some(Arc::new(copy));
    }
}

/// Makes the copy of the common words of the database `db` reads, named `database`, unless
/// it is SQLite or another task is making it. Each batch of documents is one short statement:
/// the searches keep the pool.
pub async fn make(db: &Db, database: String) -> Result<(), DbError> {
    let pg = db.run(|conn| Ok::<_, DbError>(store::words_outlive_changes(conn)));
    if !pg.await? || !claim(&database) {
        return Ok(());
    }
    let mut builder = Builder::default();
    let mut after = 0i64;
    let read = loop {
        let batch = db
            .run(move |conn| store::documents(conn, after, BATCH))
            .await;
        let batch = match batch {
            Ok(batch) => batch,
            Err(e) => break Err(e),
        };
        let Some(last) = batch.last() else {
            break Ok(());
        };
        after = last.0;
        let full = batch.len() as i64 == BATCH;
        for (id, version, doc) in batch {
            builder.add(id, version, &doc);
        }
        if !full {
            break Ok(());
        }
    };
    let copy = read.is_ok().then(|| builder.finish());
    if let Some(copy) = &copy {
        let Held {
            documents,
            words,
            bytes,
            ..
        } = copy.held();
        tracing::info!(
            database,
            documents,
            words,
            bytes,
            "common words of the search documents in memory"
        );
    }
    release(&database, copy);
    read
}

#[cfg(test)]
#[path = "common_tests.rs"]
mod tests;
