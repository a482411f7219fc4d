//! Unit tests of `catalogue.rs`: what a student is recommended, and how feedback moves it.

use super::*;
use crate::matching::model::{StudentInput, WorkMode};
use crate::matching::ranking::score::student_features;

fn unit(v: &[f32]) -> Vec<f32> {
    let mut full = [0.0f32; 8];
    full[..v.len()].copy_from_slice(v);
    let n = full.iter().map(|x| x * x).sum::<f32>().sqrt();
    full.iter().map(|x| x / n).collect()
}

/// Three data-science internships along one direction, three design ones along another, a
/// student halfway between.
fn catalogue() -> Catalogue<u64> {
    let mut index = Catalogue::new(8, 1);
    let rows: [(u64, &[&str], [f32; 3]); 6] = [
        (1, &["Python", "machine learning"], [1.0, 0.05, 0.0]),
        (2, &["Python", "pandas"], [0.95, 0.1, 0.1]),
        (3, &["scikit-learn"], [0.9, 0.0, 0.2]),
        (4, &["Figma"], [0.0, 1.0, 0.05]),
        (5, &["Photoshop"], [0.1, 0.95, 0.0]),
        (6, &["Illustrator"], [0.05, 0.9, 0.2]),
    ];
    for (id, skills, v) in rows {
        let input = InternshipInput {
            id: id.to_string(),
            title: "Intern".into(),
            skills: skills.iter().map(|s| s.to_string()).collect(),
            location: "Remote".into(),
            mode: Some(WorkMode::Remote),
            ..InternshipInput::default()
        };
        let listing = Listing::new(&input, &MatchWeights::default());
        index.upsert(id, &unit(&v), listing).unwrap();
    }
    index
}

fn ids(recs: &[Recommendation]) -> Vec<String> {
    recs.iter().map(|r| r.id.clone()).collect()
}

#[test]
fn dismissed_and_applied_internships_are_never_recommended() {
    let index = catalogue();
    let features = student_features(&StudentInput::default());
    let v = unit(&[1.0, 1.0, 0.0]);
    let reactions = [(2u64, FeedbackKind::Dismiss), (5, FeedbackKind::Applied)];
    let request = Request {
        features: &features,
        vector: &v,
        reactions: &reactions,
        exclude: &|id| *id == 6,
        cohort: &[],
    };
    let got = ids(&recommend(
        &index,
        &request,
        &MatchWeights::default(),
        10,
        50,
    ));
    assert_eq!(got.len(), 3);
    let mut index = index;
    let before = index.lexical.len();
    assert!(index.remove(&1).is_some());
    assert_eq!(index.lexical.len(), before - 1);
    let got = ids(&recommend(
        &index,
        &request,
        &MatchWeights::default(),
        10,
        50,
    ));
    assert_eq!(got.len(), 2);
    for hidden in ["2", "5", "6"] {
        assert!(!got.contains(&hidden.to_string()), "{got:?}");
    }
}

#[test]
fn liking_a_data_science_internship_moves_the_others_up() {
    let index = catalogue();
    let features = student_features(&StudentInput {
        interests: "design and data".into(),
        ..StudentInput::default()
    });
    // Slightly closer to design: design internships lead before any feedback.
    let v = unit(&[0.95, 1.0, 0.1]);
    let w = MatchWeights::default();
    let ask = |reactions: &[(u64, FeedbackKind)]| {
        let request = Request {
            features: &features,
            vector: &v,
            reactions,
            exclude: &|_| false,
            cohort: &[],
        };
        recommend(&index, &request, &w, 6, 50)
    };
    let before = ids(&ask(&[]));
    let after = ask(&[(1, FeedbackKind::Like)]);
    let position = |list: &[String], id: &str| list.iter().position(|x| x == id).unwrap();
    let after_ids = ids(&after);
    for data in ["2", "3"] {
        assert!(
            position(&after_ids, data) < position(&before, data),
            "{before:?} → {after_ids:?}"
        );
    }
    assert!(
        after
            .iter()
            .find(|r| r.id == "2")
            .unwrap()
            .explanation
            .parts
            .feedback
            > 0.0
    );
    assert_eq!(
        after
            .iter()
            .find(|r| r.id == "4")
            .unwrap()
            .explanation
            .parts
            .feedback,
        0.0
    );
}
