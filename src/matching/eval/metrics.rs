//! The benchmark's metrics over one student's ranking, and their average over students:
//! - `ndcg@10`: gain 2^rel − 1, log2 discount, normalised by that student's ideal ordering;
//! - `mrr`: reciprocal rank of the first internship with relevance ≥ 2;
//! - `recall@10`: share of the relevance-≥-2 internships in the top 10 (denominator capped at 10).
//!
//! Apart from `benchmark.rs` because they are plain arithmetic over rankings and grades, whatever
//! produced the ranking.

use serde::Serialize;
use std::collections::HashMap;

/// The three metrics, averaged over students.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Metrics {
    #[serde(rename = "ndcg@10")]
    pub ndcg10: f64,
    pub mrr: f64,
    #[serde(rename = "recall@10")]
    pub recall10: f64,
}

/// NDCG@10 of one ranking (internship indices, best first) against graded relevance; `None`
/// when the student has no relevant internship.
pub fn ndcg_at_10(ranking: &[usize], rel: &HashMap<usize, u8>) -> Option<f64> {
    let gain = |r: u8| 2f64.powi(r as i32) - 1.0;
    let discount = |pos: usize| 1.0 / ((pos + 2) as f64).log2();
    let dcg: f64 = ranking
        .iter()
        .take(10)
        .enumerate()
        .map(|(p, i)| gain(rel.get(i).copied().unwrap_or(0)) * discount(p))
        .sum();
    let mut ideal: Vec<u8> = rel.values().copied().filter(|r| *r > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(10)
        .enumerate()
        .map(|(p, r)| gain(*r) * discount(p))
        .sum();
    (idcg > 0.0).then(|| dcg / idcg)
}

/// Reciprocal rank of the first internship with relevance ≥ 2; `None` when there is none.
pub fn reciprocal_rank(ranking: &[usize], rel: &HashMap<usize, u8>) -> Option<f64> {
    if !rel.values().any(|r| *r >= 2) {
        return None;
    }
    Some(
        ranking
            .iter()
            .position(|i| rel.get(i).copied().unwrap_or(0) >= 2)
            .map(|p| 1.0 / (p + 1) as f64)
            .unwrap_or(0.0),
    )
}

/// Share of relevance-≥-2 internships in the top 10 (denominator capped at 10); `None` when
/// there is none.
pub fn recall_at_10(ranking: &[usize], rel: &HashMap<usize, u8>) -> Option<f64> {
    let relevant = rel.values().filter(|r| **r >= 2).count();
    if relevant == 0 {
        return None;
    }
    let hits = ranking
        .iter()
        .take(10)
        .filter(|i| rel.get(i).copied().unwrap_or(0) >= 2)
        .count();
    Some(hits as f64 / relevant.min(10) as f64)
}

/// Averages the metrics of several students' rankings (each metric over the students for whom
/// it is defined).
pub fn average(rankings: &[(Vec<usize>, &HashMap<usize, u8>)]) -> Metrics {
    let mean = |values: Vec<f64>| {
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    };
    Metrics {
        ndcg10: mean(
            rankings
                .iter()
                .filter_map(|(r, g)| ndcg_at_10(r, g))
                .collect(),
        ),
        mrr: mean(
            rankings
                .iter()
                .filter_map(|(r, g)| reciprocal_rank(r, g))
                .collect(),
        ),
        recall10: mean(
            rankings
                .iter()
                .filter_map(|(r, g)| recall_at_10(r, g))
                .collect(),
        ),
    }
}

#[cfg(test)]
#[path = "metrics_tests.rs"]
mod tests;
