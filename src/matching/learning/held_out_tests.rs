//! Unit tests of `held_out.rs`.

use super::*;
use crate::matching::learning::learned_reranker::tests::samples;
#[test]
fn held_out_metrics_measure_a_model_on_outcomes_it_did_not_see() {
    let m = held_out(&samples(400), 300)
        .unwrap()
        .expect("both classes held out");
    assert_eq!(m.samples, 80);
    assert!(m.accuracy > 0.8, "{m:?}");
    assert!(m.auc > 0.9, "{m:?}");
    // One class only: nothing to measure.
    let one: Vec<Sample> = samples(400).into_iter().filter(|s| s.label > 0.5).collect();
    assert!(held_out(&one, 10).unwrap().is_none());
}

#[test]
fn accuracy_and_auc_by_hand() {
    let good = [true, false, true, false];
    assert_eq!(accuracy(&[1.0, -1.0, -0.5, 0.5], &good), 0.5);
    assert_eq!(auc(&[0.9, 0.1, 0.8, 0.2], &good), 1.0);
    assert_eq!(auc(&[0.1, 0.9, 0.2, 0.8], &good), 0.0);
    assert_eq!(auc(&[0.5, 0.5, 0.5, 0.5], &good), 0.5);
    assert_eq!(auc(&[0.5], &[true]), 0.5);
    assert_eq!(accuracy(&[], &[]), 0.0);
}
