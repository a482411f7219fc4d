//! How well a learned reranker does on outcomes it was not trained on (held-out accuracy and
//! AUC), reported with each trained model. Apart from `learned_reranker.rs` because it measures
//! a model rather than being one.

use super::learned_reranker::{Sample, fit};
use super::rerank::RerankError;
use serde::{Deserialize, Serialize};
/// How a model trained on part of the outcomes does on the rest.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HeldOut {
    /// Outcomes held out (every fifth).
    pub samples: usize,
    /// Share of held-out outcomes on the right side of score 0 (logit 0 = probability ½).
    pub accuracy: f32,
    /// Probability that a good held-out outcome scores above a bad one (ties count half).
    pub auc: f32,
}

/// Trains on four fifths of the samples (all but every fifth) and measures the rest; `None`
/// when the held-out part lacks a good or a bad outcome.
pub fn held_out(samples: &[Sample], epochs: usize) -> Result<Option<HeldOut>, RerankError> {
    let held = |i: &usize| i % 5 == 4;
    let test: Vec<&Sample> = samples
        .iter()
        .enumerate()
        .filter(|(i, _)| held(i))
        .map(|(_, s)| s)
        .collect();
    let train: Vec<Sample> = samples
        .iter()
        .enumerate()
        .filter(|(i, _)| !held(i))
        .map(|(_, s)| s.clone())
        .collect();
    let good = test.iter().filter(|s| s.label >= 0.5).count();
    if train.is_empty() || good == 0 || good == test.len() {
        return Ok(None);
    }
    let model = fit(&train, 0, epochs)?;
    let rows: Vec<Vec<f32>> = test.iter().map(|s| s.features.clone()).collect();
    let scores = model.score(&rows)?;
    let labels: Vec<bool> = test.iter().map(|s| s.label >= 0.5).collect();
    Ok(Some(HeldOut {
        samples: test.len(),
        accuracy: accuracy(&scores, &labels),
        auc: auc(&scores, &labels),
    }))
}

/// Share of logits on the side of 0 their label says.
pub fn accuracy(scores: &[f32], good: &[bool]) -> f32 {
    if scores.is_empty() {
        return 0.0;
    }
    let right = scores
        .iter()
        .zip(good)
        .filter(|(s, g)| (**s > 0.0) == **g)
        .count();
    right as f32 / scores.len() as f32
}

/// Area under the ROC curve: the chance a good one outscores a bad one (ties count half);
/// 0.5 when one class is missing.
pub fn auc(scores: &[f32], good: &[bool]) -> f32 {
    let pos: Vec<f32> = scores
        .iter()
        .zip(good)
        .filter(|(_, g)| **g)
        .map(|(s, _)| *s)
        .collect();
    let neg: Vec<f32> = scores
        .iter()
        .zip(good)
        .filter(|(_, g)| !**g)
        .map(|(s, _)| *s)
        .collect();
    if pos.is_empty() || neg.is_empty() {
        return 0.5;
    }
    let mut wins = 0.0f64;
    for p in &pos {
        for n in &neg {
            wins += if p > n {
                1.0
            } else if p == n {
                0.5
            } else {
                0.0
            };
        }
    }
    (wins / (pos.len() * neg.len()) as f64) as f32
}

#[cfg(test)]
#[path = "held_out_tests.rs"]
mod tests;
