//! Unit tests of `runtime.rs`.

use super::*;

fn rows(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn stored_settings_override_the_defaults_and_bad_ones_are_ignored() {
    let defaults = MatchWeights::default();
    let w = effective_weights(
        defaults,
        &rows(&[
            ("weight_semantic", "0.9"),
            ("match_threshold", "0.35"),
            ("max_rerank_candidates", "20"),
            ("weight_skills", "eleven"),
            ("weight_location", "99"),
            ("max_rerank_candidates_typo", "3"),
        ]),
    );
    assert_eq!(w.semantic, 0.9);
    assert_eq!(w.threshold, 0.35);
    assert_eq!(w.max_rerank_candidates, 20);
    assert_eq!(w.skills, defaults.skills);
    assert_eq!(w.location, defaults.location);
    assert_eq!(w.field, defaults.field);
}

#[test]
fn knobs_parse_in_range_and_format_back() {
    let weight = KNOBS[0];
    assert_eq!(weight.parse(" 0.5 "), Some(0.5));
    assert_eq!(weight.parse("-0.1"), None);
    assert_eq!(weight.parse("NaN"), None);
    assert_eq!(weight.parse("inf"), None);
    let count = KNOBS[7];
    assert_eq!(count.parse("12"), Some(12.0));
    assert_eq!(count.parse("12.5"), None);
    assert_eq!(count.format(12.0), "12");
    assert_eq!(weight.format(0.45f32 as f64), "0.45");
    let mut w = MatchWeights::default();
    for knob in KNOBS {
        let v = knob.get(&w);
        knob.set(&mut w, v);
    }
    assert_eq!(w, MatchWeights::default());
}

#[test]
fn a_stored_model_is_used_unless_it_is_unreadable() {
    use crate::matching::learning::rerank::{Sample, Training, features, train};
    use crate::matching::model::{ScoreParts, StoredModel};
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
    crate::matching::learning::rerank::tests::tiny_cross_encoder(dir.path());
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
