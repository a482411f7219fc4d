//! What `praktiki eval` adds for noisy benchmark files (made by `scripts/noisy_bench.py`):
//! NDCG@10 by kind of student (a student's optional `"kind"`: `clean`, `cold_start`, `typos`,
//! `abbreviations`, …), the top-10 exposure of padded postings (an internship's optional
//! `"padded": true`) against their share of the relevant ones, and the explanations' overclaims.
//! Files without these fields get the overclaim count only.

use super::benchmark::Prepared;
use super::metrics::ndcg_at_10;
use crate::matching::ranking::score::MatchWeights;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

#[derive(Debug, Default, Deserialize)]
struct Annotated {
    #[serde(default)]
    internships: Vec<AnnotatedInternship>,
    #[serde(default)]
    students: Vec<AnnotatedStudent>,
}

#[derive(Debug, Default, Deserialize)]
struct AnnotatedInternship {
    #[serde(default)]
    padded: bool,
}

#[derive(Debug, Default, Deserialize)]
struct AnnotatedStudent {
    #[serde(default)]
    kind: Option<String>,
}

/// The kinds of students and padded postings of a benchmark file, in file order (the order
/// `Dataset` keeps). An unreadable file has none.
pub fn annotations(path: &Path) -> (Vec<Option<String>>, Vec<bool>) {
    let parsed: Annotated = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    (
        parsed.students.into_iter().map(|s| s.kind).collect(),
        parsed.internships.into_iter().map(|i| i.padded).collect(),
    )
}

/// The robustness part of the report (see the module's documentation).
pub fn report(
    prepared: &Prepared,
    weights: &MatchWeights,
    kinds: &[Option<String>],
    padded: &[bool],
) -> serde_json::Value {
    let rankings = prepared.rankings(weights);
    let orders: Vec<Vec<usize>> = rankings
        .iter()
        .map(|recs| recs.iter().map(|r| r.index).collect())
        .collect();
    let mut out = serde_json::Map::new();
    // NDCG@10 by kind of student.
    let mut by_kind: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for (s, order) in orders.iter().enumerate() {
        let Some(kind) = kinds.get(s).and_then(|k| k.as_deref()) else {
            continue;
        };
        if let Some(v) = ndcg_at_10(order, &prepared.dataset.relevance[s]) {
            by_kind.entry(kind).or_default().push(v);
        }
    }
    // The five worst-served students of each kind, with what they got: where to look next.
    let mut worst: BTreeMap<&str, Vec<(f64, usize)>> = BTreeMap::new();
    for (s, order) in orders.iter().enumerate() {
        let Some(kind) = kinds.get(s).and_then(|k| k.as_deref()) else {
            continue;
        };
        if let Some(v) = ndcg_at_10(order, &prepared.dataset.relevance[s]) {
            worst.entry(kind).or_default().push((v, s));
        }
    }
    let worst: serde_json::Map<String, serde_json::Value> = worst
        .into_iter()
        .map(|(kind, mut list)| {
            list.sort_by(|a, b| a.0.total_cmp(&b.0));
            let shown: Vec<serde_json::Value> = list
                .iter()
                .take(5)
                .map(|(v, s)| {
                    let student = &prepared.dataset.students[*s];
                    let top: Vec<&str> = orders[*s]
                        .iter()
                        .take(3)
                        .map(|i| prepared.dataset.internships[*i].title.as_str())
                        .collect();
                    serde_json::json!({"student": student.id, "ndcg@10": round(*v),
                        "studies": format!("{} {}", student.degree, student.department),
                        "interests": student.interests, "top3": top})
                })
                .collect();
            (kind.to_string(), shown.into())
        })
        .collect();
    if !worst.is_empty() {
        out.insert("worst_by_kind".into(), worst.into());
    }
    if !by_kind.is_empty() {
        let kinds: serde_json::Map<String, serde_json::Value> = by_kind
            .into_iter()
            .map(|(kind, values)| {
                let mean = values.iter().sum::<f64>() / values.len() as f64;
                (
                    kind.to_string(),
                    serde_json::json!({"students": values.len(), "ndcg@10": round(mean)}),
                )
            })
            .collect();
        out.insert("by_kind".into(), kinds.into());
    }
    // Exposure of padded postings: their share of the relevant (student, internship) pairs
    // against their share of the relevant pairs shown in top-10 lists.
    if padded.iter().any(|p| *p) {
        let is_padded = |i: usize| padded.get(i).copied().unwrap_or(false);
        let (mut relevant, mut relevant_padded) = (0usize, 0usize);
        let (mut shown, mut shown_padded) = (0usize, 0usize);
        let mut top10_slots = 0usize;
        for (s, order) in orders.iter().enumerate() {
            let rel: &HashMap<usize, u8> = &prepared.dataset.relevance[s];
            for (&i, &g) in rel {
                if g >= 2 {
                    relevant += 1;
                    relevant_padded += usize::from(is_padded(i));
                }
            }
            for &i in order.iter().take(10) {
                top10_slots += usize::from(is_padded(i));
                if rel.get(&i).copied().unwrap_or(0) >= 2 {
                    shown += 1;
                    shown_padded += usize::from(is_padded(i));
                }
            }
        }
        let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let of_relevant = share(relevant_padded, relevant);
        let of_shown = share(shown_padded, shown);
        out.insert(
            "padded".into(),
            serde_json::json!({
                "postings": padded.iter().filter(|p| **p).count(),
                "share_of_relevant": round(of_relevant),
                "share_of_relevant_in_top10": round(of_shown),
                "exposure_ratio": round(if of_relevant > 0.0 { of_shown / of_relevant } else { 0.0 }),
                "top10_slots": top10_slots,
            }),
        );
    }
    let overclaims = super::honesty::overclaims(&prepared.dataset, weights);
    out.insert("overclaimed_skills".into(), overclaims.len().into());
    serde_json::Value::Object(out)
}

fn round(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// Numbers rounded to 4 decimals (f32 weights print as 0.10000000149 otherwise).
pub fn rounded(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Number(n) if n.is_f64() => n
            .as_f64()
            .map(|x| serde_json::json!((x * 1e4).round() / 1e4))
            .unwrap_or(serde_json::Value::Number(n)),
        serde_json::Value::Object(map) => {
            serde_json::Value::Object(map.into_iter().map(|(k, v)| (k, rounded(v))).collect())
        }
        other => other,
    }
}
