//! Recent search answers (a page's ids and the exact total) kept in memory, each valid for one
//! value of the database's `search_generation` counter (migration 000012), which triggers bump
//! on every change that can change a result: postings, their skills, companies, suspensions.
//! The counter is read before the search runs, so an answer is never stored under a newer
//! generation than the data it was computed from; the key also holds the day (deadlines pass at
//! midnight) and everything the search asked for. Popular searches and the unfiltered list then
//! cost one indexed read instead of a count over every listed posting.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Answers remembered (each a few hundred bytes).
const CAPACITY: usize = 4096;

#[derive(Debug, Clone)]
pub struct Answer {
    pub total: i64,
    pub ids: Arc<Vec<i64>>,
}

struct Entry {
    generation: i64,
    answer: Answer,
    used: u64,
}

#[derive(Default)]
struct Answers {
    entries: HashMap<String, Entry>,
    clock: u64,
}

fn answers() -> &'static Mutex<Answers> {
    static ANSWERS: OnceLock<Mutex<Answers>> = OnceLock::new();
    ANSWERS.get_or_init(|| Mutex::new(Answers::default()))
}

/// The answer stored for `key` at `generation`, if any.
pub fn get(key: &str, generation: i64) -> Option<Answer> {
    let mut a = answers().lock().unwrap_or_else(|e| e.into_inner());
    a.clock += 1;
    let clock = a.clock;
    let entry = a.entries.get_mut(key)?;
    if entry.generation != generation {
        return None;
    }
    entry.used = clock;
    Some(entry.answer.clone())
}

/// Stores `answer` for `key` at `generation`; when full, the least recently used half goes.
pub fn put(key: String, generation: i64, answer: Answer) {
    let mut a = answers().lock().unwrap_or_else(|e| e.into_inner());
    if a.entries.len() >= CAPACITY && !a.entries.contains_key(&key) {
        let mut ages: Vec<u64> = a.entries.values().map(|e| e.used).collect();
        ages.sort_unstable();
        let cut = ages[ages.len() / 2];
        a.entries.retain(|_, e| e.used > cut);
    }
    a.clock += 1;
    let used = a.clock;
    a.entries.insert(
        key,
        Entry {
            generation,
            answer,
            used,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_holds_for_its_generation_only() {
        let answer = Answer {
            total: 3,
            ids: Arc::new(vec![3, 2, 1]),
        };
        put("cache-test-key".into(), 7, answer);
        assert_eq!(get("cache-test-key", 7).map(|a| a.total), Some(3));
        assert!(get("cache-test-key", 8).is_none());
        assert!(get("cache-test-other", 7).is_none());
    }
}
