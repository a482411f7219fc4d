//! A reload is not a new impression. A student who is shown the same list again — a reload, a
//! second tab, the back button — within [`WINDOW`] of its last logged serving adds nothing to
//! `match_log`: training pairs what a student did with the latest serving before it, and an
//! identical list has the same ranks and parts, so the samples it gives are the same; the
//! admin's impressions count lists shown, not page loads. Every view used to write its list
//! (~3 KB at 100,000 postings): students reloading the page at load wrote faster than the
//! group commit stored on PostgreSQL, and its backlog ran on for seconds after the requests
//! that made it, slowing the pages served meanwhile.

use super::store::ServedList;
use chrono::{Duration, NaiveDateTime};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

/// How long a list shown again counts as the same impression.
pub const WINDOW: Duration = Duration::minutes(30);
/// Students whose last logged list is remembered (a few dozen bytes each); then all are
/// forgotten, and each one's next view is logged.
const CAPACITY: usize = 100_000;

/// Each recent student's last logged list (a fingerprint) and when it was served, on one instance.
#[derive(Default)]
pub struct LoggedLately {
    last: Mutex<HashMap<i64, (u64, NaiveDateTime)>>,
}

impl LoggedLately {
    /// Whether `list` is a new impression to log: not when the student's last logged list holds
    /// the same rows (internships, ranks, scores, parts) from the same model and was served less
    /// than [`WINDOW`] before it. A list to log is remembered as the last.
    pub fn is_new(&self, list: &ServedList) -> bool {
        let fingerprint = fingerprint(list);
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((seen, at)) = last.get(&list.student_id)
            && *seen == fingerprint
            && list.served_at - *at < WINDOW
        {
            return false;
        }
        if last.len() >= CAPACITY {
            last.clear();
        }
        last.insert(list.student_id, (fingerprint, list.served_at));
        true
    }
}

fn fingerprint(list: &ServedList) -> u64 {
    let mut h = DefaultHasher::new();
    list.model_version.hash(&mut h);
    for row in &list.rows {
        (row.internship_id, row.rank, row.score.to_bits(), &row.parts).hash(&mut h);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::ranking::store::LoggedMatch;

    fn list(student_id: i64, ids: &[i64], minute: i64) -> ServedList {
        let start = chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap_or_default();
        ServedList {
            list_id: format!("{student_id}-{minute}"),
            student_id,
            model_version: "hybrid-1".into(),
            rows: ids
                .iter()
                .enumerate()
                .map(|(i, &internship_id)| LoggedMatch {
                    internship_id,
                    rank: i as i32 + 1,
                    score: 0.5,
                    parts: "{}".into(),
                })
                .collect(),
            served_at: start + Duration::minutes(minute),
        }
    }

    #[test]
    fn the_same_list_again_within_the_window_is_not_logged() {
        let logged = LoggedLately::default();
        assert!(logged.is_new(&list(1, &[7, 8], 0)));
        assert!(!logged.is_new(&list(1, &[7, 8], 5)), "a reload");
        assert!(
            !logged.is_new(&list(1, &[7, 8], 29)),
            "still within 30 minutes of the first"
        );
        assert!(
            logged.is_new(&list(1, &[7, 8], 30)),
            "a new impression after the window"
        );
        assert!(logged.is_new(&list(2, &[7, 8], 31)), "another student");
    }

    #[test]
    fn a_list_that_changed_is_logged() {
        let logged = LoggedLately::default();
        assert!(logged.is_new(&list(1, &[7, 8], 0)));
        assert!(logged.is_new(&list(1, &[8, 7], 1)), "another order");
        let mut rescored = list(1, &[8, 7], 2);
        rescored.rows[0].parts = "{\"skills\":0.5}".into();
        assert!(logged.is_new(&rescored), "other parts");
        let mut reranked = list(1, &[8, 7], 3);
        reranked.rows[0].parts = "{\"skills\":0.5}".into();
        reranked.model_version = "learned-2".into();
        assert!(logged.is_new(&reranked), "another model");
        assert!(!logged.is_new(&reranked), "then the same again");
    }
}
