//! Unit tests of the training samples: which served lists and outcomes make a sample.

use super::*;
use crate::matching::learning::model::OutcomeSource;
use crate::matching::model::ScoreParts;
use chrono::{NaiveDateTime, TimeDelta};

fn at(minutes: i64) -> NaiveDateTime {
    chrono::DateTime::from_timestamp(1_800_000_000, 0)
        .unwrap()
        .naive_utc()
        + TimeDelta::minutes(minutes)
}

fn served(id: i64, student: i64, internship: i64, rank: i32, skills: f32, minute: i64) -> Served {
    Served {
        id,
        student_id: student,
        internship_id: internship,
        rank,
        parts: serde_json::to_string(&ScoreParts {
            skills,
            total: skills,
            ..Default::default()
        })
        .unwrap(),
        served_at: at(minute),
    }
}

fn outcome(
    student: i64,
    internship: i64,
    good: bool,
    source: OutcomeSource,
    minute: i64,
) -> Outcome {
    Outcome {
        student_id: student,
        internship_id: internship,
        good,
        source,
        at: at(minute),
    }
}

#[test]
fn a_sample_is_the_latest_serving_before_the_outcome_with_its_label() {
    let served = vec![
        served(1, 7, 100, 4, 0.1, 0),
        served(2, 7, 100, 2, 0.2, 10),
        // Served again after the like: its feedback part knows the answer; not used.
        served(3, 7, 100, 1, 0.9, 30),
        served(4, 8, 100, 3, 0.5, 0),
    ];
    let outcomes = vec![
        outcome(7, 100, true, OutcomeSource::Feedback, 20),
        outcome(8, 100, false, OutcomeSource::Feedback, 5),
    ];
    let set = assemble_samples(&served, &outcomes);
    assert_eq!((set.samples.len(), set.good, set.bad), (2, 1, 1));
    let first = &set.samples[0];
    assert_eq!(first.label, 1.0);
    let parts = ScoreParts {
        skills: 0.2,
        total: 0.2,
        ..Default::default()
    };
    assert_eq!(
        first.features,
        crate::matching::learning::learned_reranker::features(&parts, 1)
    );
    assert_eq!(set.samples[1].label, 0.0);
    assert_eq!(
        set.samples[1].features[11],
        1.0 / 3.0,
        "rank 3 is hybrid rank 2"
    );
}

#[test]
fn decisions_outweigh_clicks_and_the_latest_click_counts() {
    let served = vec![
        served(1, 1, 10, 1, 0.5, 0),
        served(2, 1, 11, 1, 0.5, 0),
        served(3, 1, 12, 1, 0.5, 0),
    ];
    let outcomes = vec![
        // Liked, then rejected by the employer: bad.
        outcome(1, 10, true, OutcomeSource::Feedback, 1),
        outcome(1, 10, false, OutcomeSource::Application, 2),
        // Shortlisted, then dismissed (a later click does not undo a decision): good.
        outcome(1, 11, true, OutcomeSource::Application, 1),
        outcome(1, 11, false, OutcomeSource::Feedback, 3),
        // Dismissed, then liked: the like counts.
        outcome(1, 12, false, OutcomeSource::Feedback, 1),
        outcome(1, 12, true, OutcomeSource::Feedback, 2),
    ];
    let set = assemble_samples(&served, &outcomes);
    let labels: Vec<f32> = set.samples.iter().map(|s| s.label).collect();
    assert_eq!(labels, vec![0.0, 1.0, 1.0]);
    assert_eq!((set.good, set.bad), (2, 1));
}

#[test]
fn outcomes_never_served_or_unreadable_are_skipped() {
    let mut broken = served(2, 1, 11, 1, 0.5, 0);
    broken.parts = "not json".into();
    let served = vec![served(1, 1, 10, 1, 0.5, 10), broken];
    let outcomes = vec![
        // Acted before it was ever served (e.g. from search): no sample.
        outcome(1, 10, true, OutcomeSource::Feedback, 5),
        outcome(1, 11, true, OutcomeSource::Feedback, 5),
        outcome(1, 12, false, OutcomeSource::Feedback, 5),
    ];
    let set = assemble_samples(&served, &outcomes);
    assert!(set.samples.is_empty());
    assert!(!set.enough());
}

#[test]
fn statuses_and_reactions_map_to_labels() {
    for s in ["shortlisted", "interview", "accepted"] {
        assert_eq!(Outcome::of_application(s), Some(true));
    }
    assert_eq!(Outcome::of_application("not_selected"), Some(false));
    assert_eq!(Outcome::of_application("submitted"), None);
    assert_eq!(Outcome::of_application("withdrawn"), None);
    assert_eq!(Outcome::of_feedback("like"), Some(true));
    assert_eq!(Outcome::of_feedback("dismiss"), Some(false));
    assert_eq!(Outcome::of_feedback("view"), None);
}
