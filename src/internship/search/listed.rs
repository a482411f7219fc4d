//! The listed postings of one search generation, in memory: for each open posting of a verified,
//! unsuspended company the few values the filters and sorts read (stipend, deadline, duration,
//! mode, age), each sort's order computed once (`postings`), and the full-text matches already asked of the
//! database in this generation (each word's scored matches, the postings of a place or a
//! skill, and the ranked matches of a query's words in a place). A search then costs at most
//! one full-text read per word the generation has not seen, and a filter or a sort the server
//! has not seen costs no database work at all: they were ~9 ms of SQL per search at 100,000
//! postings (joins and a count over every match), now a pass over compact rows.
//!
//! One generation per database is kept (tests and instances share a process); when the
//! database's `search_generation` counter moves, the next search reads the listed postings
//! again (one plain read: ~0.15 s at 100,000) while the searches beside it still answer from
//! the generation before. On PostgreSQL the new generation keeps the words of the one before,
//! for the postings whose document did not change (`carried`).

pub use super::bitmap::Bitmap;
use super::cards::Cards;
use super::carried::{Carried, Kept};
use super::memo::{Bounded, Memo};
pub use super::postings::{Listed, ListedRow, Order, days};
use super::terms::Scored;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, TryLockError};

/// Databases kept (each its own generation; a test process opens many).
const DATABASES: usize = 8;

/// One database at one generation.
pub struct Generation {
    pub generation: i64,
    pub listed: Listed,
    memo: Mutex<Memo>,
    /// The cards list pages showed in this generation.
    pub cards: Cards,
    /// The words of the generation before, to patch instead of read again (PostgreSQL).
    carried: Option<Carried>,
}

impl Generation {
    fn memo(&self) -> std::sync::MutexGuard<'_, Memo> {
        self.memo.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The ranked matches remembered under `key`, or those `read` returns ((listed index,
    /// rank), best first), then remembered.
    pub fn ranked<E>(
        &self,
        key: &str,
        read: impl FnOnce() -> Result<Vec<(u32, u32)>, E>,
    ) -> Result<Arc<Vec<(u32, u32)>>, E> {
        if let Some(found) = self.memo().ranked.get(key) {
            return Ok(found);
        }
        let ranked = Arc::new(read()?);
        self.memo().ranked.insert(key, ranked.clone(), ranked.len());
        Ok(ranked)
    }

    /// The word remembered under `key` in the generation before, as rows (id, score) of the
    /// postings unchanged since, and the postings to read it among; taken once (`carried`).
    pub fn carried_word(&self, key: &str) -> Option<Kept> {
        self.carried.as_ref()?.take(key, &self.listed)
    }

    /// One word's scored matches if remembered under `key` (nothing is read).
    pub fn known_word(&self, key: &str) -> Option<Arc<Scored>> {
        self.memo().words.get(key)
    }

    /// One word's scored matches remembered under `key`, or the listed ones among the rows
    /// (id, score) `read` returns, then remembered.
    pub fn word<E>(
        &self,
        key: &str,
        read: impl FnOnce() -> Result<Vec<(i64, f64)>, E>,
    ) -> Result<Arc<Scored>, E> {
        self.read_once(
            key,
            |memo| &mut memo.words,
            || {
                let scored = super::terms::scored(&self.listed, read()?);
                let len = scored.len();
                Ok((Arc::new(scored), len))
            },
        )
    }

    /// The set remembered under `key`, or the listed ones among the ids `read` returns.
    pub fn set<E>(
        &self,
        key: &str,
        read: impl FnOnce() -> Result<Vec<i64>, E>,
    ) -> Result<Arc<Bitmap>, E> {
        self.read_once(
            key,
            |memo| &mut memo.sets,
            || {
                let words = self.listed.postings.len().div_ceil(64);
                Ok((Arc::new(self.listed.set_of(&read()?)), words))
            },
        )
    }

    /// The answer of one kind (`kind`) remembered under `key`, or the one `read` returns (with
    /// its length), then remembered. While one search reads it, the others asking for it wait
    /// for that read instead of repeating it: the first searches after a start ask for the same
    /// few words and cities at once.
    fn read_once<T, E>(
        &self,
        key: &str,
        kind: fn(&mut Memo) -> &mut Bounded<T>,
        read: impl FnOnce() -> Result<(Arc<T>, usize), E>,
    ) -> Result<Arc<T>, E> {
        let reading = {
            let mut memo = self.memo();
            if let Some(found) = kind(&mut memo).get(key) {
                return Ok(found);
            }
            memo.reading.entry(key.to_string()).or_default().clone()
        };
        let _reader = reading.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = kind(&mut self.memo()).get(key) {
            return Ok(found);
        }
        let read = read();
        let mut memo = self.memo();
        memo.reading.remove(key);
        let (found, len) = read?;
        kind(&mut memo).insert(key, found.clone(), len);
        Ok(found)
    }

    /// The ids of the postings in `set` (the set kept under `key`), in listed order, remembered
    /// with it: meaning compares every new search in a place with the place's postings.
    pub fn ids_in(&self, key: &str, set: &Bitmap) -> Arc<Vec<i64>> {
        if let Some(found) = self.memo().ids.get(key) {
            return found;
        }
        let postings = &self.listed.postings;
        let ids: Arc<Vec<i64>> = Arc::new(
            set.members()
                .filter_map(|i| postings.get(i as usize).map(|p| p.id))
                .collect(),
        );
        self.memo().ids.insert(key, ids.clone(), ids.len());
        ids
    }
}

/// A database's latest generation, and the lock its reader holds.
struct Database {
    used: u64,
    latest: Option<Arc<Generation>>,
    reading: Arc<Mutex<()>>,
}

#[derive(Default)]
struct Databases {
    by_name: HashMap<String, Database>,
    clock: u64,
}

fn databases() -> MutexGuard<'static, Databases> {
    static DATABASES_SEEN: OnceLock<Mutex<Databases>> = OnceLock::new();
    DATABASES_SEEN
        .get_or_init(|| Mutex::new(Databases::default()))
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// The latest generation kept of `database` (at least `generation`, when given) and the lock
/// of its reader.
fn latest(database: &str, at_least: Option<i64>) -> (Option<Arc<Generation>>, Arc<Mutex<()>>) {
    let mut dbs = databases();
    dbs.clock += 1;
    let clock = dbs.clock;
    if dbs.by_name.len() >= DATABASES && !dbs.by_name.contains_key(database) {
        let oldest = dbs
            .by_name
            .iter()
            .min_by_key(|(_, db)| db.used)
            .map(|(name, _)| name.clone());
        if let Some(oldest) = oldest {
            dbs.by_name.remove(&oldest);
        }
    }
    let db = dbs
        .by_name
        .entry(database.to_string())
        .or_insert_with(|| Database {
            used: clock,
            latest: None,
            reading: Arc::new(Mutex::new(())),
        });
    db.used = clock;
    // A newer generation serves an older request too (its data is only fresher); the counter
    // only grows.
    let latest = db
        .latest
        .clone()
        .filter(|g| at_least.is_none_or(|n| g.generation >= n));
    (latest, db.reading.clone())
}

/// Database `database` at `generation` or newer, if it is in memory (nothing is read).
pub fn kept(database: &str, generation: i64) -> Option<Arc<Generation>> {
    latest(database, Some(generation)).0
}

/// The set remembered under `key` in the latest generation kept of `database`, whatever its
/// age (nothing is read), with that generation.
pub fn kept_set(database: &str, key: &str) -> Option<(Arc<Generation>, Arc<Bitmap>)> {
    let generation = latest(database, None).0?;
    let set = generation.memo().sets.get(key)?;
    Some((generation, set))
}

/// Database `database` at `generation`, or newer: kept, or read with `read` (the listed
/// postings). While another search of the same database reads a new generation, the one
/// before it answers (its data is at most that read old): a burst of searches after a change
/// reads the postings once and waits for nothing. Only a database's first read is waited for.
/// With `carry` (words outlive changes: `store::words_outlive_changes`) a new generation keeps
/// the words of the one before (`carried`).
pub fn generation<E>(
    database: &str,
    generation: i64,
    carry: bool,
    read: impl FnOnce() -> Result<Vec<ListedRow>, E>,
) -> Result<Arc<Generation>, E> {
    let (found, reading) = latest(database, Some(generation));
    if let Some(found) = found {
        return Ok(found);
    }
    let _reader = match reading.try_lock() {
        Ok(guard) => guard,
        Err(TryLockError::Poisoned(e)) => e.into_inner(),
        Err(TryLockError::WouldBlock) => {
            if let (Some(previous), _) = latest(database, None) {
                return Ok(previous);
            }
            reading.lock().unwrap_or_else(|e| e.into_inner())
        }
    };
    if let (Some(found), _) = latest(database, Some(generation)) {
        return Ok(found);
    }
    let listed = Listed::new(read()?);
    let carried = match latest(database, None).0 {
        Some(before) if carry && before.generation < generation => {
            let words = before.memo().words.entries();
            Carried::new(&before.listed, words)
        }
        _ => None,
    };
    let fresh = Arc::new(Generation {
        generation,
        listed,
        memo: Mutex::new(Memo::new()),
        cards: Cards::default(),
        carried,
    });
    let mut dbs = databases();
    if let Some(db) = dbs.by_name.get_mut(database) {
        db.latest = Some(fresh.clone());
    }
    Ok(fresh)
}

#[cfg(test)]
#[path = "listed_tests.rs"]
mod tests;
