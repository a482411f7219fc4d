//! Unit tests of `knobs.rs`.

use super::*;

pub(crate) fn rows(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
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
