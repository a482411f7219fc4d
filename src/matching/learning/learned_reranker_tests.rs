//! Unit tests of `learned_reranker.rs` (and of [`Reranker`] with a learned model or none).

use super::*;
use crate::matching::learning::rerank::{HYBRID_LABEL, Reranker};
use crate::matching::model::Explanation;
pub(crate) fn rec(index: usize, parts: ScoreParts) -> Recommendation {
    Recommendation {
        index,
        id: index.to_string(),
        score: parts.total,
        order: parts.total,
        explanation: Explanation {
            parts,
            ..Explanation::default()
        },
    }
}

/// Outcomes where only the skills part decides: good iff skills > 0.5.
pub(crate) fn samples(n: usize) -> Vec<Sample> {
    (0..n)
        .map(|i| {
            let skills = (i * 37 % 100) as f32 / 100.0;
            let semantic = (i * 53 % 100) as f32 / 100.0;
            let parts = ScoreParts {
                semantic,
                skills,
                total: semantic,
                ..ScoreParts::default()
            };
            Sample {
                features: features(&parts, i % 50),
                label: if skills > 0.5 { 1.0 } else { 0.0 },
            }
        })
        .collect()
}

#[test]
fn too_few_outcomes_keep_the_hybrid_order_and_say_so() {
    let t = train(&samples(50), 1, 10).unwrap();
    let r = Reranker::from(t);
    assert!(matches!(r, Reranker::Hybrid { .. }));
    assert!(r.status().contains("only 50 outcomes"), "{}", r.status());
    assert_eq!(r.version(), 0);
    let mut recs: Vec<Recommendation> = (0..3).map(|i| rec(i, ScoreParts::default())).collect();
    assert_eq!(r.apply(&mut recs, 3, "", &|_| String::new()), HYBRID_LABEL);
    assert_eq!(
        recs.iter().map(|r| r.index).collect::<Vec<_>>(),
        vec![0, 1, 2]
    );
}

#[test]
fn a_trained_reranker_learns_the_outcome_and_round_trips_as_bytes() {
    let Training::Trained(model) = train(&samples(400), 3, 300).unwrap() else {
        panic!("should train");
    };
    assert_eq!(model.version, 3);
    let model = LearnedReranker::from_bytes(&model.to_bytes()).unwrap();
    // Hybrid order says semantic; outcomes said skills. The reranker follows outcomes.
    let low = ScoreParts {
        semantic: 0.9,
        skills: 0.1,
        total: 0.9,
        ..Default::default()
    };
    let high = ScoreParts {
        semantic: 0.2,
        skills: 0.9,
        total: 0.2,
        ..Default::default()
    };
    let mut recs = vec![rec(0, low), rec(1, high), rec(2, low)];
    let label = Reranker::Learned(model.clone()).apply(&mut recs, 2, "", &|_| String::new());
    assert_eq!(label, "mlp-v3");
    assert_eq!(
        recs.iter().map(|r| r.index).collect::<Vec<_>>(),
        vec![1, 0, 2]
    );
    assert!(LearnedReranker::from_bytes(b"{}").is_err());
    let mut bad = model;
    bad.w1.pop();
    assert!(LearnedReranker::from_bytes(&bad.to_bytes()).is_err());
}

#[test]
fn a_failing_reranker_keeps_the_hybrid_order_and_logs_hybrid() {
    let Training::Trained(mut model) = train(&samples(400), 2, 20).unwrap() else {
        panic!("should train");
    };
    // A model whose weights do not fit the features fails to score: hybrid order stands.
    model.w1.pop();
    let mut recs: Vec<Recommendation> = (0..3).map(|i| rec(i, ScoreParts::default())).collect();
    let label = Reranker::Learned(model).apply(&mut recs, 3, "", &|_| String::new());
    assert_eq!(label, HYBRID_LABEL);
    assert_eq!(
        recs.iter().map(|r| r.index).collect::<Vec<_>>(),
        vec![0, 1, 2]
    );
}
