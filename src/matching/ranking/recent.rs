//! Rankings already made, reused while nothing they were made from has changed.
//!
//! A student's list depends on her profile, vector and reactions, the weights and reranker in
//! effect, the listings (the live catalogue's version) and the day (deadlines). A ranking is
//! remembered under a fingerprint of all of them, so a reload, a second tab or the back button
//! costs a lookup instead of a scan of every listed internship (~5 ms of both cores at 100,000
//! postings); any change to any input is a different fingerprint and a new ranking. Only what
//! the page can show is kept: the first [`SHOWN`] above the threshold, and their cards for a
//! minute (a card's title, place and mode change the catalogue's version; its company's name
//! does not, so a renamed company shows on the next read, at most [`CARDS_FRESH`] later).

use super::recommend::{LiveRanking, SHOWN, StudentContext};
use super::score::MatchWeights;
use crate::matching::model::InternshipCard;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Students whose last ranking is kept (each a few kilobytes).
const CAPACITY: usize = 4096;

/// How long the cards of a remembered ranking are shown without reading them again.
pub const CARDS_FRESH: Duration = Duration::from_secs(60);

struct Entry {
    fingerprint: u64,
    ranking: LiveRanking,
    model_version: String,
    /// The cards of the ranking's internships, and when they were read.
    cards: Option<(Vec<InternshipCard>, Instant)>,
    used: u64,
}

/// A remembered ranking: what ordered it, and its cards while they are fresh.
pub struct Remembered {
    pub ranking: LiveRanking,
    pub model_version: String,
    pub cards: Option<Vec<InternshipCard>>,
}

#[derive(Default)]
struct Entries {
    by_student: HashMap<i64, Entry>,
    clock: u64,
}

/// The last ranking of each recent student, on one instance.
#[derive(Default)]
pub struct RecentRankings {
    entries: Mutex<Entries>,
}

impl RecentRankings {
    /// The ranking (and what ordered it) made for `student` under `fingerprint`, if remembered.
    pub fn get(&self, student: i64, fingerprint: u64) -> Option<Remembered> {
        self.get_at(student, fingerprint, Instant::now())
    }

    fn get_at(&self, student: i64, fingerprint: u64, now: Instant) -> Option<Remembered> {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.clock += 1;
        let clock = entries.clock;
        let entry = entries.by_student.get_mut(&student)?;
        if entry.fingerprint != fingerprint {
            return None;
        }
        entry.used = clock;
        let cards = entry
            .cards
            .as_ref()
            .filter(|(_, read)| now.saturating_duration_since(*read) < CARDS_FRESH)
            .map(|(cards, _)| cards.clone());
        Some(Remembered {
            ranking: entry.ranking.clone(),
            model_version: entry.model_version.clone(),
            cards,
        })
    }

    /// Keeps the cards just read for the ranking remembered under `fingerprint` (none when
    /// another ranking of the student's has replaced it meanwhile).
    pub fn keep_cards(&self, student: i64, fingerprint: u64, cards: Vec<InternshipCard>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(entry) = entries.by_student.get_mut(&student)
            && entry.fingerprint == fingerprint
        {
            entry.cards = Some((cards, Instant::now()));
        }
    }

    /// Remembers what the page will show of `ranking` (after the reranker) for `student`.
    pub fn put(
        &self,
        student: i64,
        fingerprint: u64,
        ranking: &LiveRanking,
        model_version: &str,
        weights: &MatchWeights,
    ) {
        let kept = LiveRanking {
            ranked: ranking
                .ranked
                .iter()
                .filter(|r| r.score >= weights.threshold)
                .take(SHOWN)
                .cloned()
                .collect(),
            ..ranking.clone()
        };
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.by_student.len() >= CAPACITY && !entries.by_student.contains_key(&student) {
            // Forget the least recently used half.
            let mut ages: Vec<u64> = entries.by_student.values().map(|e| e.used).collect();
            ages.sort_unstable();
            let cut = ages[ages.len() / 2];
            entries.by_student.retain(|_, e| e.used > cut);
        }
        entries.clock += 1;
        let used = entries.clock;
        entries.by_student.insert(
            student,
            Entry {
                fingerprint,
                ranking: kept,
                model_version: model_version.to_string(),
                cards: None,
                used,
            },
        );
    }
}

/// Everything a ranking is made from, hashed.
pub fn fingerprint(
    context: &StudentContext,
    weights: &MatchWeights,
    reranker: &str,
    catalogue_version: u64,
    today: chrono::NaiveDate,
) -> u64 {
    let mut h = DefaultHasher::new();
    format!("{:?}", context.student).hash(&mut h);
    match &context.vector {
        Some(v) => v.iter().for_each(|x| x.to_bits().hash(&mut h)),
        None => 0u8.hash(&mut h),
    }
    for (id, kind) in &context.reactions {
        (*id, format!("{kind:?}")).hash(&mut h);
    }
    for (id, score) in &context.cohort {
        (*id, score.to_bits()).hash(&mut h);
    }
    let mut excluded: Vec<i64> = context.excluded.iter().copied().collect();
    excluded.sort_unstable();
    excluded.hash(&mut h);
    format!("{weights:?}").hash(&mut h);
    reranker.hash(&mut h);
    catalogue_version.hash(&mut h);
    today.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::embedding::documents::StudentDoc;
    use crate::matching::model::FeedbackKind;

    fn context() -> StudentContext {
        StudentContext {
            student: StudentDoc::default(),
            vector: Some(vec![0.5; 4]),
            reactions: vec![(3, FeedbackKind::Like)],
            excluded: [7, 9].into_iter().collect(),
            cohort: Vec::new(),
        }
    }

    #[test]
    fn any_change_of_an_input_is_another_fingerprint() {
        let w = MatchWeights::default();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap_or_default();
        let base = fingerprint(&context(), &w, "hybrid-1", 1, today);
        assert_eq!(base, fingerprint(&context(), &w, "hybrid-1", 1, today));
        let mut liked = context();
        liked.reactions.push((4, FeedbackKind::Dismiss));
        assert_ne!(base, fingerprint(&liked, &w, "hybrid-1", 1, today));
        let mut classmates = context();
        classmates.cohort.push((5, 0.5));
        assert_ne!(base, fingerprint(&classmates, &w, "hybrid-1", 1, today));
        let mut applied = context();
        applied.excluded.insert(11);
        assert_ne!(base, fingerprint(&applied, &w, "hybrid-1", 1, today));
        assert_ne!(base, fingerprint(&context(), &w, "mlp-v2", 1, today));
        assert_ne!(base, fingerprint(&context(), &w, "hybrid-1", 2, today));
        let tomorrow = today.succ_opt().unwrap_or(today);
        assert_ne!(base, fingerprint(&context(), &w, "hybrid-1", 1, tomorrow));
        let heavier = MatchWeights {
            threshold: w.threshold + 0.1,
            ..w
        };
        assert_ne!(
            base,
            fingerprint(&context(), &heavier, "hybrid-1", 1, today)
        );
    }

    #[test]
    fn a_remembered_ranking_answers_only_its_fingerprint() {
        let recent = RecentRankings::default();
        let w = MatchWeights::default();
        recent.put(1, 42, &LiveRanking::default(), "hybrid-1", &w);
        assert!(recent.get(1, 42).is_some());
        assert!(recent.get(1, 43).is_none());
        assert!(recent.get(2, 42).is_none());
    }

    fn card(id: i64) -> InternshipCard {
        InternshipCard {
            id,
            title: "Data intern".into(),
            company: "Acme".into(),
            location: "Pune".into(),
            mode: "onsite".into(),
        }
    }

    #[test]
    fn cards_are_kept_for_their_own_ranking_only() {
        let recent = RecentRankings::default();
        let w = MatchWeights::default();
        recent.put(1, 42, &LiveRanking::default(), "hybrid-1", &w);
        let first = recent.get(1, 42).map(|r| r.cards);
        assert_eq!(first, Some(None), "nothing read yet");
        recent.keep_cards(1, 42, vec![card(7)]);
        let kept = recent.get(1, 42).and_then(|r| r.cards);
        assert_eq!(kept, Some(vec![card(7)]));
        // Cards read for a ranking another one replaced are not kept for the new one.
        recent.put(1, 43, &LiveRanking::default(), "hybrid-1", &w);
        recent.keep_cards(1, 42, vec![card(8)]);
        assert_eq!(recent.get(1, 43).map(|r| r.cards), Some(None));
    }

    #[test]
    fn stale_cards_are_read_again() {
        let recent = RecentRankings::default();
        recent.put(
            1,
            42,
            &LiveRanking::default(),
            "hybrid-1",
            &MatchWeights::default(),
        );
        recent.keep_cards(1, 42, vec![card(7)]);
        let later = Instant::now() + CARDS_FRESH;
        assert_eq!(recent.get_at(1, 42, later).map(|r| r.cards), Some(None));
        assert!(
            recent.get_at(1, 42, later).is_some(),
            "the ranking itself stays"
        );
    }
}
