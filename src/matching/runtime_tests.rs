//! Unit tests of `runtime.rs`.

use super::*;
use crate::matching::knobs::tests::rows;

#[test]
fn a_stored_model_is_used_unless_it_is_unreadable() {
    use crate::matching::learning::learned_reranker::{Sample, Training, features, train};
    use crate::matching::learning::model::StoredModel;
    use crate::matching::model::ScoreParts;
    let samples: Vec<Sample> = (0..240)
        .map(|i| {
            let parts = ScoreParts {
                skills: (i % 10) as f32 / 10.0,
                ..Default::default()
            };
            Sample {
                features: features(&parts, i % 10),
                label: if i % 10 >= 5 { 1.0 } else { 0.0 },
            }
        })
        .collect();
    let Training::Trained(model) = train(&samples, 4, 20).unwrap() else {
        panic!("enough samples");
    };
    let row = StoredModel {
        id: 1,
        version: "4".into(),
        kind: "mlp".into(),
        trained_at: chrono::Utc::now().naive_utc(),
        samples: 240,
        metrics: "{}".into(),
        is_active: true,
    };
    let rt = MatchingRuntime::new(MatchWeights::default(), None);
    assert_eq!(rt.reranker().label(), "hybrid-1");
    rt.install(&[], Some((row.clone(), model.to_bytes())));
    assert_eq!(rt.reranker().label(), "mlp-v4");
    rt.install(&[], Some((row, b"garbage".to_vec())));
    assert_eq!(rt.reranker().label(), "hybrid-1");
    assert!(rt.reranker().status().contains("cannot be read"));
}

#[test]
fn an_operators_cross_encoder_is_loaded_once_and_wins() {
    let dir = tempfile::tempdir().unwrap();
    // An empty directory is no cross-encoder, and no problem.
    let rt = MatchingRuntime::new(MatchWeights::default(), Some(dir.path().to_path_buf()));
    rt.load_cross_encoder();
    rt.install(&[], None);
    assert_eq!(rt.reranker().label(), "hybrid-1");
    assert!(rt.cross_encoder_problem().is_none());
    // A complete one is loaded and used.
    crate::matching::learning::cross_encoder::tests::tiny_cross_encoder(dir.path());
    let rt = MatchingRuntime::new(MatchWeights::default(), Some(dir.path().to_path_buf()));
    rt.load_cross_encoder();
    rt.install(&rows(&[("weight_semantic", "0.7")]), None);
    assert_eq!(
        rt.reranker().label(),
        crate::matching::learning::rerank::CROSS_ENCODER_LABEL
    );
    assert_eq!(rt.weights().semantic, 0.7);
    // A broken one is reported, and the hybrid order stands.
    std::fs::remove_file(dir.path().join("tokenizer.json")).unwrap();
    let rt = MatchingRuntime::new(MatchWeights::default(), Some(dir.path().to_path_buf()));
    rt.load_cross_encoder();
    rt.install(&[], None);
    assert_eq!(rt.reranker().label(), "hybrid-1");
    assert!(rt.cross_encoder_problem().is_some());
}
