//! `praktiki eval`: quality of the real pipeline on a labelled benchmark file
//! (`praktiki-matching-benchmark/1`, see `bench/README.md`), with no database.
//!
//! Every student is ranked against ALL internships by exactly the code the app uses
//! ([`score::rank`]); the metrics are averaged over students:
//! - `ndcg@10`: gain 2^rel − 1, log2 discount, normalised by that student's ideal ordering;
//! - `mrr`: reciprocal rank of the first internship with relevance ≥ 2;
//! - `recall@10`: share of the relevance-≥-2 internships in the top 10 (denominator capped at 10).

use crate::matching::model::*;
use crate::matching::ranking::lexical::Bm25;
use crate::matching::ranking::normalise::Normaliser;
use crate::matching::ranking::score::{self, Candidate, MatchWeights, Part, Query};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The format tag this module reads.
pub const FORMAT: &str = "praktiki-matching-benchmark/1";

/// Why a benchmark could not be evaluated.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a valid benchmark file: {message}")]
    Format { path: String, message: String },
    #[error("embedding failed: {0}")]
    Embedding(String),
}

#[derive(Debug, Deserialize)]
struct RawDataset {
    format: Option<String>,
    #[serde(default)]
    internships: Vec<RawInternship>,
    #[serde(default)]
    students: Vec<RawStudent>,
    #[serde(default)]
    relevance: HashMap<String, HashMap<String, serde_json::Value>>,
}

#[derive(Debug, Deserialize)]
struct RawInternship {
    id: serde_json::Value,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    skills: Vec<serde_json::Value>,
    #[serde(default)]
    location: String,
    #[serde(default)]
    mode: String,
}

#[derive(Debug, Deserialize)]
struct RawStudent {
    id: serde_json::Value,
    #[serde(default)]
    degree: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    skills: Vec<serde_json::Value>,
    #[serde(default)]
    interests: String,
    #[serde(default)]
    projects: String,
    #[serde(default)]
    resume_text: String,
    #[serde(default)]
    preferred_location: String,
    #[serde(default)]
    work_mode: String,
    #[serde(default)]
    current_city: String,
    #[serde(default)]
    willing_to_relocate: bool,
}

/// A benchmark in memory: inputs and graded relevance (`relevance[s][i]`, indices into the
/// vectors; absent = 0).
#[derive(Debug, Clone)]
pub struct Dataset {
    pub internships: Vec<InternshipInput>,
    pub students: Vec<StudentInput>,
    pub relevance: Vec<HashMap<usize, u8>>,
}

fn id_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn skill_names(values: &[serde_json::Value]) -> Vec<String> {
    values
        .iter()
        .filter_map(|v| v.as_str())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

impl Dataset {
    /// Reads and checks a benchmark file.
    pub fn load(path: &Path) -> Result<Dataset, EvalError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| EvalError::Read {
            path: shown.clone(),
            source,
        })?;
        Dataset::parse(&text).map_err(|message| EvalError::Format {
            path: shown,
            message,
        })
    }

    /// Parses a benchmark from JSON text; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Dataset, String> {
        let raw: RawDataset = serde_json::from_str(text).map_err(|e| e.to_string())?;
        match raw.format.as_deref() {
            Some(FORMAT) | None => {}
            Some(other) => return Err(format!("format is `{other}`, expected `{FORMAT}`")),
        }
        if raw.internships.is_empty() {
            return Err("no internships".into());
        }
        if raw.students.is_empty() {
            return Err("no students".into());
        }
        let mut internship_index = HashMap::new();
        let mut internships = Vec::with_capacity(raw.internships.len());
        for (n, i) in raw.internships.into_iter().enumerate() {
            let id = id_text(&i.id).ok_or_else(|| format!("internship #{} has no id", n + 1))?;
            if internship_index.insert(id.clone(), n).is_some() {
                return Err(format!("internship id `{id}` appears twice"));
            }
            internships.push(InternshipInput {
                id,
                title: i.title,
                description: i.description,
                skills: skill_names(&i.skills),
                location: i.location,
                mode: (!i.mode.trim().is_empty()).then(|| WorkMode::parse(&i.mode)),
                original_skills: Vec::new(),
            });
        }
        let mut student_index = HashMap::new();
        let mut students = Vec::with_capacity(raw.students.len());
        for (n, s) in raw.students.into_iter().enumerate() {
            let id = id_text(&s.id).ok_or_else(|| format!("student #{} has no id", n + 1))?;
            if student_index.insert(id.clone(), n).is_some() {
                return Err(format!("student id `{id}` appears twice"));
            }
            students.push(StudentInput {
                id,
                degree: s.degree,
                department: s.department,
                skills: skill_names(&s.skills),
                interests: s.interests,
                projects: s.projects,
                resume_text: s.resume_text,
                preferred_location: s.preferred_location,
                current_city: s.current_city,
                work_mode: Some(WorkMode::parse(&s.work_mode)),
                willing_to_relocate: s.willing_to_relocate,
                ..StudentInput::default()
            });
        }
        let mut relevance = vec![HashMap::new(); students.len()];
        for (sid, grades) in raw.relevance {
            let s = *student_index
                .get(&sid)
                .ok_or_else(|| format!("relevance names unknown student `{sid}`"))?;
            for (iid, grade) in grades {
                let i = *internship_index.get(&iid).ok_or_else(|| {
                    format!("relevance of `{sid}` names unknown internship `{iid}`")
                })?;
                let g = grade
                    .as_f64()
                    .filter(|g| g.is_finite() && (0.0..=3.0).contains(g))
                    .ok_or_else(|| {
                        format!(
                            "relevance of `{sid}` for `{iid}` must be a number 0–3, got {grade}"
                        )
                    })?;
                relevance[s].insert(i, g.round() as u8);
            }
        }
        Ok(Dataset {
            internships,
            students,
            relevance,
        })
    }
}

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

/// A benchmark with every feature and embedding computed: ready to rank many times.
pub struct Prepared {
    pub dataset: Dataset,
    pub students: Vec<StudentFeatures>,
    pub internships: Vec<InternshipFeatures>,
    pub student_vectors: Vec<Vec<f32>>,
    pub internship_vectors: Vec<Vec<f32>>,
    pub bm25: Bm25,
}

/// Computes features and embeddings (`embed` maps texts to normalised vectors).
pub fn prepare<F>(dataset: Dataset, weights: &MatchWeights, embed: F) -> Result<Prepared, EvalError>
where
    F: Fn(Vec<String>) -> Result<Vec<Vec<f32>>, String>,
{
    // Both sides through the normalisation step, as the live app does (with the postings' own
    // vocabulary here: the file's internships are the catalogue).
    let normaliser = Normaliser::for_postings(&dataset.internships);
    let internship_inputs: Vec<InternshipInput> = dataset
        .internships
        .iter()
        .map(|i| normaliser.internship(i))
        .collect();
    let student_inputs: Vec<StudentInput> = dataset
        .students
        .iter()
        .map(|s| normaliser.student(s))
        .collect();
    let internship_texts: Vec<String> = internship_inputs
        .iter()
        .map(score::internship_text)
        .collect();
    let student_texts: Vec<String> = student_inputs.iter().map(score::student_text).collect();
    let internship_vectors = embed(internship_texts.clone()).map_err(EvalError::Embedding)?;
    let student_vectors = embed(student_texts).map_err(EvalError::Embedding)?;
    if internship_vectors.len() != dataset.internships.len()
        || student_vectors.len() != dataset.students.len()
    {
        return Err(EvalError::Embedding("wrong number of vectors".into()));
    }
    let bm25 = Bm25::new(&internship_texts);
    let students = student_inputs.iter().map(score::student_features).collect();
    let internships = internship_inputs
        .iter()
        .map(|i| score::internship_features(i, weights))
        .collect();
    Ok(Prepared {
        dataset,
        students,
        internships,
        student_vectors,
        internship_vectors,
        bm25,
    })
}

impl Prepared {
    /// Candidates for ranking: every internship.
    pub fn candidates(&self) -> Vec<Candidate<'_>> {
        self.dataset
            .internships
            .iter()
            .enumerate()
            .map(|(n, i)| Candidate {
                id: &i.id,
                features: &self.internships[n],
                vector: &self.internship_vectors[n],
                crowd: 0.0,
                terms: self.bm25.docs.get(n),
            })
            .collect()
    }

    /// Ranks every internship for student `s` with `weights`; the first `explain_top` carry
    /// their skill gap.
    pub fn rank_student(
        &self,
        s: usize,
        candidates: &[Candidate],
        weights: &MatchWeights,
        explain_top: usize,
    ) -> Vec<Recommendation> {
        let query = Query {
            features: &self.students[s],
            vector: &self.student_vectors[s],
            reactions: &[],
        };
        score::rank(
            &query,
            candidates,
            weights,
            Some(&self.bm25.stats),
            explain_top,
        )
    }

    /// Every student's ranking of every internship with `weights`, best first (students are
    /// ranked in parallel).
    pub fn rankings(&self, weights: &MatchWeights) -> Vec<Vec<Recommendation>> {
        use rayon::prelude::*;
        let candidates = self.candidates();
        (0..self.students.len())
            .into_par_iter()
            .map(|s| self.rank_student(s, &candidates, weights, 0))
            .collect()
    }

    /// Metrics of ranking every student with `weights`, over the students in `subset` (all when
    /// `None`).
    pub fn evaluate(&self, weights: &MatchWeights, subset: Option<&HashSet<usize>>) -> Metrics {
        let rankings = self.rankings(weights);
        self.metrics(&rankings, |r| r.order, subset)
    }

    /// Metrics of orderings derived from rankings: each student's recommendations sorted by
    /// `key` (higher first, ties by internship order).
    pub fn metrics(
        &self,
        rankings: &[Vec<Recommendation>],
        key: impl Fn(&Recommendation) -> f32,
        subset: Option<&HashSet<usize>>,
    ) -> Metrics {
        let orders: Vec<(Vec<usize>, &HashMap<usize, u8>)> = rankings
            .iter()
            .enumerate()
            .filter(|(s, _)| subset.is_none_or(|set| set.contains(s)))
            .map(|(s, recs)| {
                let mut keyed: Vec<(f32, usize)> = recs.iter().map(|r| (key(r), r.index)).collect();
                keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                (
                    keyed.into_iter().map(|(_, i)| i).collect(),
                    &self.dataset.relevance[s],
                )
            })
            .collect();
        average(&orders)
    }
}

/// The value of one part.
pub fn part_value(parts: &ScoreParts, part: Part) -> f32 {
    match part {
        Part::Semantic => parts.semantic,
        Part::Skills => parts.skills,
        Part::Field => parts.field,
        Part::Lexical => parts.lexical,
        Part::Location => parts.location,
        Part::Feedback => parts.feedback,
    }
}

/// The stages reported alone, by name.
pub const STAGES: &[(&str, Part)] = &[
    ("semantic", Part::Semantic),
    ("skills", Part::Skills),
    ("field", Part::Field),
    ("lexical", Part::Lexical),
    ("location", Part::Location),
];

/// How well a learned reranker would do if the benchmark's grades were outcomes: students are
/// split into `folds` groups; for each group a reranker is trained on the other groups' hybrid
/// top-K candidates (label = relevance / 3) and reorders this group's top K. Never trained on
/// the students it is scored on — but it is still fitted to this benchmark's notion of
/// relevance, so it is reported apart from the product's figure (`full`).
pub fn reranker_cross_validation(
    prepared: &Prepared,
    weights: &MatchWeights,
    folds: usize,
    epochs: usize,
) -> Result<serde_json::Value, crate::matching::learning::rerank::RerankError> {
    use crate::matching::learning::rerank::{self, Sample, Training};
    let folds = folds.max(2);
    let top = weights.max_rerank_candidates.max(1);
    let hybrid = prepared.rankings(weights);
    let samples = |s: usize| -> Vec<Sample> {
        hybrid[s]
            .iter()
            .take(top)
            .enumerate()
            .map(|(rank, r)| Sample {
                features: rerank::features(&r.explanation.parts, rank),
                label: prepared.dataset.relevance[s]
                    .get(&r.index)
                    .copied()
                    .unwrap_or(0) as f32
                    / 3.0,
            })
            .collect()
    };
    let mut rankings: Vec<(Vec<usize>, &HashMap<usize, u8>)> = Vec::new();
    let mut trained_on = Vec::new();
    for fold in 0..folds {
        let train: Vec<Sample> = (0..hybrid.len())
            .filter(|s| s % folds != fold)
            .flat_map(samples)
            .collect();
        trained_on.push(train.len());
        let model = match rerank::train(&train, fold as u32 + 1, epochs)? {
            Training::Trained(m) => Some(m),
            Training::TooFew { .. } => None,
        };
        for s in (0..hybrid.len()).filter(|s| s % folds == fold) {
            let mut recs = hybrid[s].clone();
            if let Some(m) = &model {
                m.rerank(&mut recs, top)?;
            }
            rankings.push((
                recs.iter().map(|r| r.index).collect(),
                &prepared.dataset.relevance[s],
            ));
        }
    }
    let m = average(&rankings);
    Ok(serde_json::json!({
        "ndcg@10": m.ndcg10,
        "mrr": m.mrr,
        "recall@10": m.recall10,
        "folds": folds,
        "reranked_top": top,
        "epochs": epochs,
        "training_pairs_per_fold": trained_on,
        "note": "learned reranker trained on the benchmark's own grades, cross-validated by student; not the product's figure (`full`)",
    }))
}

/// The report `praktiki eval` prints: the full pipeline and each stage alone.
pub fn report(prepared: &Prepared, weights: &MatchWeights) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    out.insert("format".into(), FORMAT.into());
    out.insert("students".into(), prepared.dataset.students.len().into());
    out.insert(
        "internships".into(),
        prepared.dataset.internships.len().into(),
    );
    // One scoring pass: each stage alone is the ranking by its own part (what
    // `MatchWeights::only` would give, without scoring everything again).
    let rankings = prepared.rankings(weights);
    let full = prepared.metrics(&rankings, |r| r.order, None);
    out.insert("full".into(), serde_json::json!(full));
    for (name, part) in STAGES {
        let m = prepared.metrics(&rankings, |r| part_value(&r.explanation.parts, *part), None);
        out.insert((*name).into(), serde_json::json!(m));
    }
    out.insert(
        "reranker".into(),
        "hybrid order: a benchmark file has no outcomes to train on (see reranker_cv)".into(),
    );
    out.insert(
        "weights".into(),
        super::robustness::rounded(serde_json::json!(weights)),
    );
    serde_json::Value::Object(out)
}

#[cfg(test)]
#[path = "benchmark_tests.rs"]
mod tests;
