//! The listed postings of one search generation, in memory: for each open posting of a verified,
//! unsuspended company the few values the filters and sorts read (stipend, deadline, duration,
//! mode, age), each sort's order computed once, and the full-text matches already asked of the
//! database in this generation (each word's scored matches, the postings of a place or a
//! skill, and the ranked matches of a query's words in a place). A search then costs at most
//! one full-text read per word the generation has not seen, and a filter or a sort the server
//! has not seen costs no database work at all: they were ~9 ms of SQL per search at 100,000
//! postings (joins and a count over every match), now a pass over compact rows.
//!
//! One generation per database is kept (tests and instances share a process); when the
//! database's `search_generation` counter moves, the next search reads the listed postings
//! again (one plain read: ~0.15 s at 100,000) while the searches beside it still answer from
//! the generation before.

pub use super::bitmap::Bitmap;
use super::cards::Cards;
use super::memo::Memo;
use super::terms::Scored;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, TryLockError};

/// Databases kept (each its own generation; a test process opens many).
const DATABASES: usize = 8;
/// One listed posting, as read from the database.
#[derive(Debug, Clone)]
pub struct ListedRow {
    pub id: i64,
    pub created_at: chrono::NaiveDateTime,
    pub stipend: Option<i32>,
    pub deadline: Option<NaiveDate>,
    pub weeks: i32,
    pub mode: String,
}

/// A listed posting in memory (`deadline` as days since the common era).
#[derive(Debug, Clone, Copy)]
pub struct Posting {
    pub id: i64,
    pub stipend: Option<i32>,
    pub deadline: Option<i32>,
    pub weeks: i32,
    pub mode: u8,
}

/// The orders a list can be sorted in (besides relevance), each ending on the id, newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Newest,
    Stipend,
    Deadline,
}

/// The listed postings of one generation.
#[derive(Debug, Default)]
pub struct Listed {
    pub postings: Vec<Posting>,
    position: HashMap<i64, u32>,
    modes: Vec<String>,
    /// For each order, the postings' indexes in that order, and each posting's place in it.
    orders: [Vec<u32>; 3],
    places: [Vec<u32>; 3],
}

impl Listed {
    pub fn new(rows: Vec<ListedRow>) -> Listed {
        let mut modes: Vec<String> = Vec::new();
        let mut created = Vec::with_capacity(rows.len());
        let mut postings = Vec::with_capacity(rows.len());
        for row in rows {
            let mode = match modes.iter().position(|m| *m == row.mode) {
                Some(i) => i,
                None => {
                    modes.push(row.mode);
                    modes.len() - 1
                }
            };
            created.push(row.created_at);
            postings.push(Posting {
                id: row.id,
                stipend: row.stipend,
                deadline: row.deadline.map(days),
                weeks: row.weeks,
                mode: u8::try_from(mode).unwrap_or(u8::MAX),
            });
        }
        let position = postings
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id, i as u32))
            .collect();
        let sorted = |cmp: &dyn Fn(usize, usize) -> std::cmp::Ordering| {
            let mut order: Vec<u32> = (0..postings.len() as u32).collect();
            order.sort_unstable_by(|&a, &b| {
                cmp(a as usize, b as usize)
                    .then(postings[b as usize].id.cmp(&postings[a as usize].id))
            });
            order
        };
        // Newest first; highest stipend first (unpaid last); closing soonest first (none last).
        let orders = [
            sorted(&|a, b| created[b].cmp(&created[a])),
            sorted(&|a, b| nulls_last(postings[a].stipend, postings[b].stipend, |a, b| b.cmp(&a))),
            sorted(&|a, b| {
                nulls_last(postings[a].deadline, postings[b].deadline, |a, b| a.cmp(&b))
            }),
        ];
        let places = orders.clone().map(|order| {
            let mut place = vec![0u32; order.len()];
            for (rank, &i) in order.iter().enumerate() {
                place[i as usize] = rank as u32;
            }
            place
        });
        Listed {
            postings,
            position,
            modes,
            orders,
            places,
        }
    }

    /// The index of listed posting `id`, if it is listed.
    pub fn index_of(&self, id: i64) -> Option<u32> {
        self.position.get(&id).copied()
    }

    /// The code of `mode`, if any listed posting has it.
    pub fn mode_code(&self, mode: &str) -> Option<u8> {
        self.modes
            .iter()
            .position(|m| m == mode)
            .and_then(|i| u8::try_from(i).ok())
    }

    /// The postings' indexes in `order`.
    pub fn in_order(&self, order: Order) -> &[u32] {
        &self.orders[order as usize]
    }

    /// Where posting `index` stands in `order` (smaller comes first).
    pub fn place_in(&self, order: Order, index: u32) -> u32 {
        self.places[order as usize][index as usize]
    }

    /// The listed postings among `ids` as a set of indexes.
    pub fn set_of(&self, ids: &[i64]) -> Bitmap {
        let mut set = Bitmap::new(self.postings.len());
        for id in ids {
            if let Some(i) = self.index_of(*id) {
                set.insert(i);
            }
        }
        set
    }
}

pub fn days(date: NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&date)
}

/// `order` of two values, a missing value after every present one.
fn nulls_last(
    a: Option<i32>,
    b: Option<i32>,
    order: impl Fn(i32, i32) -> std::cmp::Ordering,
) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => order(a, b),
        _ => a.is_none().cmp(&b.is_none()),
    }
}

/// One database at one generation.
pub struct Generation {
    pub generation: i64,
    pub listed: Listed,
    memo: Mutex<Memo>,
    /// The cards list pages showed in this generation.
    pub cards: Cards,
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

    /// One word's scored matches if remembered under `key` (nothing is read).
    pub fn known_word(&self, key: &str) -> Option<Arc<Scored>> {
        self.memo().words.get(key)
    }

    /// One word's scored matches remembered under `key`, or the listed ones among the rows
    /// (id, score) `read` returns, then remembered. While one search reads a word, the others
    /// asking for it wait for that read instead of repeating it.
    pub fn word<E>(
        &self,
        key: &str,
        read: impl FnOnce() -> Result<Vec<(i64, f64)>, E>,
    ) -> Result<Arc<Scored>, E> {
        let reading = {
            let mut memo = self.memo();
            if let Some(found) = memo.words.get(key) {
                return Ok(found);
            }
            memo.reading.entry(key.to_string()).or_default().clone()
        };
        let _reader = reading.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = self.memo().words.get(key) {
            return Ok(found);
        }
        let read = read().map(|rows| Arc::new(super::terms::scored(&self.listed, rows)));
        let mut memo = self.memo();
        memo.reading.remove(key);
        let scored = read?;
        memo.words.insert(key, scored.clone(), scored.len());
        Ok(scored)
    }

    /// The set remembered under `key`, or the listed ones among the ids `read` returns. As
    /// with words, one search reads a set and the others asking for it wait for that read: the
    /// first searches after a start ask for the same few cities at once.
    pub fn set<E>(
        &self,
        key: &str,
        read: impl FnOnce() -> Result<Vec<i64>, E>,
    ) -> Result<Arc<Bitmap>, E> {
        let reading = {
            let mut memo = self.memo();
            if let Some(found) = memo.sets.get(key) {
                return Ok(found);
            }
            memo.reading.entry(key.to_string()).or_default().clone()
        };
        let _reader = reading.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = self.memo().sets.get(key) {
            return Ok(found);
        }
        let read = read().map(|ids| Arc::new(self.listed.set_of(&ids)));
        let mut memo = self.memo();
        memo.reading.remove(key);
        let set = read?;
        let words = self.listed.postings.len().div_ceil(64);
        memo.sets.insert(key, set.clone(), words);
        Ok(set)
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
pub fn generation<E>(
    database: &str,
    generation: i64,
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
    let fresh = Arc::new(Generation {
        generation,
        listed: Listed::new(read()?),
        memo: Mutex::new(Memo::new()),
        cards: Cards::default(),
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
