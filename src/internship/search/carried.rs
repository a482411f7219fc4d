//! What a search generation keeps of the one before it, on PostgreSQL: each word's scored
//! matches then and each listed posting's document version then (`internship_places.version`,
//! migration 000022). Every change to a posting, its company or its skills moves the
//! generation, and a word used to be read again after each one: ~70 ms for a common word at
//! 100,000 postings, paid by the next search holding it. ts_rank scores a word from the
//! posting's document alone, so a word read in the generation before still holds for every
//! posting whose document has not changed; only the postings changed or newly listed since are
//! read again (`store::word_scores_among`). SQLite's BM25 weighs a word by how many postings
//! hold it, so every change moves every score there: its words (a few milliseconds each) are
//! read again, as before.

use super::listed::Listed;
use super::terms::Scored;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

/// Past this many changed postings a word is read afresh: patching costs about a posting's read
/// each, as a fresh read of a word that many postings hold does.
const MAX_CHANGED: usize = 5_000;

/// The postings listed now that changed since the generation before (or were not listed then).
struct Changed {
    ids: Arc<Vec<i64>>,
    set: HashSet<i64>,
}

/// A word kept from the generation before: its rows (id, score) for the postings unchanged
/// since, and the postings to read it among (changed or newly listed).
pub struct Kept {
    pub rows: Vec<(i64, f64)>,
    pub among: Arc<Vec<i64>>,
}

/// The generation before's words and the listed postings' versions then.
pub struct Carried {
    /// The listed postings' ids then, by their index then.
    ids: Vec<i64>,
    /// Each listed posting's document version then.
    versions: HashMap<i64, i64>,
    /// Each word's scored matches then, by memo key, until this generation takes it.
    words: Mutex<HashMap<String, Arc<Scored>>>,
    /// Worked out at the first word taken; none when too many postings changed.
    changed: OnceLock<Option<Changed>>,
}

impl Carried {
    /// What to keep of a generation whose listed postings were `listed` and whose words were
    /// `words` (none when it read no word: nothing to carry).
    pub fn new(listed: &Listed, words: HashMap<String, Arc<Scored>>) -> Option<Carried> {
        if words.is_empty() {
            return None;
        }
        let ids: Vec<i64> = listed.postings.iter().map(|p| p.id).collect();
        let versions = ids.iter().copied().zip(listed.versions.iter().copied());
        Some(Carried {
            versions: versions.collect(),
            ids,
            words: Mutex::new(words),
            changed: OnceLock::new(),
        })
    }

    /// The word kept under `key`, as rows (id, score) of the postings unchanged since, and the
    /// postings listed `now` to read it among (changed or newly listed); taken once. None when
    /// the word was not read then or too many postings changed.
    pub fn take(&self, key: &str, now: &Listed) -> Option<Kept> {
        let changed = self.changed.get_or_init(|| self.changed_in(now)).as_ref()?;
        let scored = self
            .words
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key)?;
        let rows = scored
            .iter()
            .filter_map(|&(index, score)| {
                let id = *self.ids.get(index as usize)?;
                (!changed.set.contains(&id)).then_some((id, f64::from(score)))
            })
            .collect();
        Some(Kept {
            rows,
            among: changed.ids.clone(),
        })
    }

    /// The postings listed `now` whose document is not the one read then.
    fn changed_in(&self, now: &Listed) -> Option<Changed> {
        let mut ids = Vec::new();
        for (posting, version) in now.postings.iter().zip(&now.versions) {
            if self.versions.get(&posting.id) != Some(version) {
                if ids.len() == MAX_CHANGED {
                    return None;
                }
                ids.push(posting.id);
            }
        }
        Some(Changed {
            set: ids.iter().copied().collect(),
            ids: Arc::new(ids),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::internship::search::listed::ListedRow;
    use crate::internship::search::terms;

    fn listed(postings: &[(i64, i64)]) -> Listed {
        Listed::new(
            postings
                .iter()
                .map(|&(id, version)| ListedRow {
                    version,
                    ..ListedRow::plain(id)
                })
                .collect(),
        )
    }

    #[test]
    fn a_word_keeps_its_unchanged_postings_and_reads_the_changed_and_new_ones_again() {
        let before = listed(&[(1, 1), (2, 1), (3, 1), (4, 2)]);
        let word = terms::scored(&before, vec![(1, -0.5), (2, -0.25), (4, -0.125)]);
        let words = HashMap::from([("word [\"python\"]".to_string(), Arc::new(word))]);
        let carried = Carried::new(&before, words).expect("a word to carry");
        // 2 was edited, 3 closed, 5 newly listed; 1 and 4 unchanged.
        let now = listed(&[(1, 1), (2, 2), (4, 2), (5, 1)]);
        let kept = carried.take("word [\"python\"]", &now).expect("carried");
        assert_eq!(kept.rows, vec![(1, -0.5), (4, -0.125)]);
        assert_eq!(*kept.among, vec![2, 5]);
        assert!(
            carried.take("word [\"python\"]", &now).is_none(),
            "taken once"
        );
        assert!(carried.take("word [\"sql\"]", &now).is_none(), "never read");
    }

    #[test]
    fn nothing_is_carried_past_too_many_changes_or_without_words() {
        let before = listed(&[(1, 1)]);
        assert!(Carried::new(&before, HashMap::new()).is_none());
        let word = Arc::new(terms::scored(&before, vec![(1, -0.5)]));
        let carried = Carried::new(&before, HashMap::from([("w".to_string(), word)]));
        let many: Vec<(i64, i64)> = (1..=MAX_CHANGED as i64 + 1).map(|id| (id, 2)).collect();
        let now = listed(&many);
        assert!(carried.and_then(|c| c.take("w", &now)).is_none());
    }
}
