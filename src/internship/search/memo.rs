//! What one search generation remembers of the full-text index (`listed::Generation`): each
//! kind of answer in its own bounded map, so a burst of one kind never pushes out another.

use super::bitmap::Bitmap;
use super::terms::Scored;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Full-text answers kept per generation (entries, total length), by kind: the ranked matches
/// of several words (8 MB at most: each is an intersection of words kept below, recomputed in
/// about a millisecond), the sets of places and skills (12.5 KB each at 100,000 postings), and
/// each word's scored matches (16 MB at most: these cost a full-text read).
const RANKED: (usize, usize) = (1024, 1_000_000);
const SETS: (usize, usize) = (512, 512 * 100_000 / 64);
const WORDS: (usize, usize) = (4096, 2_000_000);
/// The ids of the places' postings (what meaning scans in a place): 16 MB at most.
const IDS: (usize, usize) = (512, 2_000_000);

/// The full-text answers of one generation, by their query text.
pub struct Memo {
    /// Ranked matches of words: (listed index, rank among them, 1 = best).
    pub ranked: Bounded<Vec<(u32, u32)>>,
    pub sets: Bounded<Bitmap>,
    /// Each word's scored matches (`terms`), bounded apart from the rest: a burst of new
    /// combinations that fills `ranked` must not make every word be read again.
    pub words: Bounded<Scored>,
    /// The ids of a set's postings, by the set's key.
    pub ids: Bounded<Vec<i64>>,
    /// The words and sets being read now, each by one search (the others wait for it, not read
    /// it too).
    pub reading: HashMap<String, Arc<Mutex<()>>>,
}

impl Memo {
    pub fn new() -> Memo {
        Memo {
            ranked: Bounded::new(RANKED),
            sets: Bounded::new(SETS),
            words: Bounded::new(WORDS),
            ids: Bounded::new(IDS),
            reading: HashMap::new(),
        }
    }
}

/// Answers of one kind, bounded by their number and total length; all forgotten at once when
/// one more would pass a bound (a generation rarely lives long enough to fill them; what is
/// asked again is read again).
pub struct Bounded<T> {
    map: HashMap<String, Arc<T>>,
    len: usize,
    max: (usize, usize),
}

impl<T> Bounded<T> {
    fn new(max: (usize, usize)) -> Bounded<T> {
        Bounded {
            map: HashMap::new(),
            len: 0,
            max,
        }
    }

    pub fn get(&self, key: &str) -> Option<Arc<T>> {
        self.map.get(key).cloned()
    }

    /// Every answer kept, by key (the answers shared, not copied).
    pub fn entries(&self) -> HashMap<String, Arc<T>> {
        self.map.clone()
    }

    pub fn insert(&mut self, key: &str, value: Arc<T>, len: usize) {
        if self.map.len() >= self.max.0 || self.len + len > self.max.1 {
            self.map.clear();
            self.len = 0;
        }
        self.len += len;
        self.map.insert(key.to_string(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_of_answer_is_forgotten_at_its_own_bounds_only() {
        let mut memo = Memo::new();
        memo.words.insert("word data", Arc::new(vec![(0, -1.0)]), 1);
        let mut ranked = Bounded::new((2, 10));
        ranked.insert("a", Arc::new(1), 6);
        ranked.insert("b", Arc::new(2), 4);
        assert!(ranked.get("a").is_some() && ranked.get("b").is_some());
        // One more would pass the length: all forgotten, the new one kept.
        ranked.insert("c", Arc::new(3), 1);
        assert!(ranked.get("a").is_none() && ranked.get("c").is_some());
        ranked.insert("d", Arc::new(4), 1);
        // One more would pass the count.
        ranked.insert("e", Arc::new(5), 1);
        assert_eq!(ranked.map.len(), 1);
        memo.ranked = Bounded::new(RANKED);
        assert!(memo.words.get("word data").is_some());
    }
}
