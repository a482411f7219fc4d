//! `praktiki eval`: quality of the real pipeline on a labelled benchmark file
//! ([`Dataset`], `dataset.rs`), with no database.
//!
//! Every student is ranked against ALL internships by exactly the code the app uses
//! ([`score::rank`]); the metrics (`metrics.rs`: ndcg@10, mrr, recall@10) are averaged over
//! students.

use super::dataset::{Dataset, EvalError, FORMAT};
use super::metrics::{Metrics, average};
use crate::matching::model::*;
use crate::matching::ranking::lexical::Bm25;
use crate::matching::ranking::normalise::Normaliser;
use crate::matching::ranking::score::{self, Candidate, MatchWeights, Part, Query};
use std::collections::{HashMap, HashSet};

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
    // vocabulary here: the file's internships are the catalogue; `PRAKTIKI_EVAL_LIVE_VOCAB=1`
    // leaves them out, as the live app's normaliser does today).
    let normaliser = if std::env::var("PRAKTIKI_EVAL_LIVE_VOCAB").is_ok() {
        Normaliser::with_postings(std::iter::empty::<String>())
    } else {
        Normaliser::for_postings(&dataset.internships)
    };
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
                cohort: 0.0,
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
    use crate::matching::learning::learned_reranker::{self, Sample, Training};
    let folds = folds.max(2);
    let top = weights.max_rerank_candidates.max(1);
    let hybrid = prepared.rankings(weights);
    let samples = |s: usize| -> Vec<Sample> {
        hybrid[s]
            .iter()
            .take(top)
            .enumerate()
            .map(|(rank, r)| Sample {
                features: learned_reranker::features(&r.explanation.parts, rank),
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
        let model = match learned_reranker::train(&train, fold as u32 + 1, epochs)? {
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
