//! Students like you: a cold start's profile says little, but what other students of the same
//! course (degree and department) liked, saved and applied to says what such students look
//! for. Their reactions, damped so that one click moves little, lift those internships in a cold
//! start's list and bring the best of them into its candidates even when the few words the
//! student wrote are not near them; the card says why. A student who lists skills is ranked
//! by them: their own evidence beats their classmates'.

use std::collections::{HashMap, HashSet};

/// How far a cohort score (−1–1) moves a cold start's feedback part (−1–1 after the clamp): three
/// classmates who applied (score 0.5) lift it by 0.75, weighed by the feedback weight.
const GAIN: f32 = 1.5;
/// Counts under this many students are damped: `(for − against) / (for + against + DAMPING)`.
const DAMPING: f32 = 3.0;
/// The score from which a card says that classmates chose it: `(f − a) / (f + a + 3) ≥ 0.5`
/// needs `f ≥ 3a + 3`, so at least three classmates stand behind it — never one named by
/// the card.
const NAMED: f32 = 0.5;
/// Most internships favoured by classmates that join a cold start's candidates.
pub const FAVOURITES: usize = 50;

/// Scores per internship from classmates' `(internship, student, kind)` reactions: a student
/// who liked, saved or applied to it counts once for it, one who dismissed it once against;
/// views count for nothing.
pub fn scores(reactions: &[(i64, i64, String)]) -> Vec<(i64, f32)> {
    let mut students: HashMap<i64, (HashSet<i64>, HashSet<i64>)> = HashMap::new();
    for (id, student, kind) in reactions {
        let (pro, con) = students.entry(*id).or_default();
        match kind.as_str() {
            "like" | "saved" | "apply" => pro.insert(*student),
            "dismiss" => con.insert(*student),
            _ => false,
        };
    }
    let mut scored: Vec<(i64, f32)> = students
        .into_iter()
        .map(|(id, (pro, con))| (id, pro.len() as f32, con.len() as f32))
        .filter(|(_, f, a)| f + a > 0.0)
        .map(|(id, f, a)| (id, (f - a) / (f + a + DAMPING)))
        .collect();
    // Best first, then by id: the order is part of a ranking's fingerprint.
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored
}

/// What a candidate's cohort score adds to the feedback part.
pub fn lift(cold: bool, cohort: f32) -> f32 {
    if cold { GAIN * cohort } else { 0.0 }
}

/// The card's reason when classmates lifted it, enough of them that none is singled out.
pub fn reason(cold: bool, cohort: f32) -> Option<&'static str> {
    (cold && cohort >= NAMED).then_some("match.because_cohort")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(rows: &[(i64, i64, &str)]) -> Vec<(i64, i64, String)> {
        rows.iter()
            .map(|(i, s, k)| (*i, *s, k.to_string()))
            .collect()
    }

    #[test]
    fn classmates_reactions_are_damped_signed_and_counted_once_per_student() {
        let scored = scores(&of(&[
            (1, 10, "apply"),
            (1, 11, "apply"),
            (1, 12, "like"),
            // One student liking, saving and applying is one student for it.
            (5, 13, "like"),
            (5, 13, "saved"),
            (5, 13, "apply"),
            (2, 14, "like"),
            (2, 15, "dismiss"),
            (3, 16, "dismiss"),
            (3, 17, "dismiss"),
            (4, 18, "view"),
        ]));
        assert_eq!(scored[0], (1, 0.5));
        assert_eq!(scored[1], (5, 0.25));
        assert!(scored.contains(&(2, 0.0)));
        assert!(scored.contains(&(3, -0.4)));
        assert!(!scored.iter().any(|(id, _)| *id == 4), "views say nothing");
    }

    #[test]
    fn a_card_names_classmates_only_when_three_stand_behind_it() {
        let scored = scores(&of(&[
            (1, 10, "like"),
            (1, 10, "saved"),
            (2, 11, "like"),
            (2, 12, "saved"),
        ]));
        assert!(
            scored.iter().all(|(_, s)| reason(true, *s).is_none()),
            "{scored:?}"
        );
        let scored = scores(&of(&[(1, 10, "like"), (1, 11, "saved"), (1, 12, "apply")]));
        assert_eq!(reason(true, scored[0].1), Some("match.because_cohort"));
    }

    #[test]
    fn only_a_cold_start_is_lifted_and_told_why() {
        assert_eq!(lift(true, 0.5), 0.75);
        assert_eq!(lift(false, 0.5), 0.0);
        assert_eq!(reason(true, 0.5), Some("match.because_cohort"));
        assert_eq!(reason(false, 0.5), None);
        assert_eq!(reason(true, -0.2), None);
    }
}
