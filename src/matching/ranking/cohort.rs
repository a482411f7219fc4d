//! Students like you: a cold start's profile says little, but what other students of the same
//! course (degree and department) liked, saved and applied to says what such students look
//! for. Their reactions, damped so that one click moves little, lift those internships in a cold
//! start's list and bring the best of them into its candidates even when the few words the
//! student wrote are not near them; the card says why. A student who lists skills is ranked
//! by them: their own evidence beats their classmates'.

use std::collections::HashMap;

/// How far a cohort score (−1–1) moves a cold start's feedback part (−1–1 after the clamp): three
/// classmates who applied (score 0.5) lift it by 0.75, weighed by the feedback weight.
const GAIN: f32 = 1.5;
/// Counts under this many reactions are damped: `(for − against) / (for + against + DAMPING)`.
const DAMPING: f32 = 3.0;
/// Most internships favoured by classmates that join a cold start's candidates.
pub const FAVOURITES: usize = 50;

/// Scores per internship from `(internship, kind, students)` counts: a like, a save and an
/// application count for it, a dismissal against; views count for nothing.
pub fn scores(reactions: &[(i64, String, i64)]) -> Vec<(i64, f32)> {
    let mut counts: HashMap<i64, (f32, f32)> = HashMap::new();
    for (id, kind, n) in reactions {
        let entry = counts.entry(*id).or_default();
        match kind.as_str() {
            "like" | "saved" | "apply" => entry.0 += *n as f32,
            "dismiss" => entry.1 += *n as f32,
            _ => {}
        }
    }
    let mut scored: Vec<(i64, f32)> = counts
        .into_iter()
        .filter(|(_, (f, a))| f + a > 0.0)
        .map(|(id, (f, a))| (id, (f - a) / (f + a + DAMPING)))
        .collect();
    // Best first, then by id: the order is part of a ranking's fingerprint.
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored
}

/// What a candidate's cohort score adds to the feedback part.
pub fn lift(cold: bool, cohort: f32) -> f32 {
    if cold { GAIN * cohort } else { 0.0 }
}

/// The card's reason when classmates lifted it.
pub fn reason(cold: bool, cohort: f32) -> Option<&'static str> {
    (cold && cohort > 0.0).then_some("match.because_cohort")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classmates_reactions_are_damped_and_signed() {
        let scored = scores(&[
            (1, "apply".into(), 3),
            (2, "like".into(), 1),
            (2, "dismiss".into(), 1),
            (3, "dismiss".into(), 2),
            (4, "view".into(), 9),
            (5, "saved".into(), 1),
        ]);
        assert_eq!(scored[0], (1, 0.5));
        assert_eq!(scored[1], (5, 0.25));
        assert!(scored.contains(&(2, 0.0)));
        assert!(scored.contains(&(3, -0.4)));
        assert!(!scored.iter().any(|(id, _)| *id == 4), "views say nothing");
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
