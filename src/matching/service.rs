//! Rules of the matching module that touch live data.

use super::documents::vector_to_bytes;
use super::store;
use crate::app::AppState;
use crate::db::{DbConnection, DbError};
use sha2::{Digest, Sha256};

pub const EMBED: &str = "embed";

/// A student's profile or resume changed: their embedding must be recomputed.
pub fn profile_changed(conn: &mut DbConnection, student_id: i64) -> Result<(), DbError> {
    store::queue_embedding(conn, "student", student_id)
}

/// An internship was created or edited: its embedding must be recomputed.
pub fn internship_changed(conn: &mut DbConnection, internship_id: i64) -> Result<(), DbError> {
    store::queue_embedding(conn, "internship", internship_id)
}

/// The `embed` job: (re)computes one entity's embedding unless its text is unchanged (or the
/// payload says `"force": true`).
pub async fn embed_job(state: AppState, payload: serde_json::Value) -> Result<(), String> {
    let entity = payload["entity"]
        .as_str()
        .ok_or("payload lacks entity")?
        .to_string();
    let id = payload["id"].as_i64().ok_or("payload lacks id")?;
    // Not loaded yet (start-up): fail, and the job system retries with back-off.
    let embedder = state
        .model
        .embedder()
        .ok_or("the model is not loaded yet")?;
    let model = embedder.model_id().to_string();
    let (kind, model_name) = (entity.clone(), model.clone());
    let found = state
        .db
        .run(move |conn| {
            let text = match kind.as_str() {
                "student" => store::student_doc(conn, id)?.map(|d| d.embedding_text()),
                "internship" => store::internship_docs(conn, &[id])?
                    .into_iter()
                    .next()
                    .map(|d| d.embedding_text()),
                _ => None,
            };
            let stored = store::embedding_hash(conn, &kind, id, &model_name)?;
            Ok::<_, DbError>(text.map(|t| (t, stored)))
        })
        .await
        .map_err(|e| e.to_string())?;
    let Some((text, stored_hash)) = found else {
        return Ok(());
    };
    let hash = hex::encode(Sha256::digest(format!("{model}\n{text}").as_bytes()));
    // A forced job (the admin's re-index) recomputes even when the text is unchanged.
    let force = payload["force"].as_bool().unwrap_or(false);
    if !force && stored_hash.as_deref() == Some(hash.as_str()) {
        return Ok(());
    }
    let vector = embedder
        .embed(vec![text])
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .next()
        .ok_or("no vector returned")?;
    let bytes = vector_to_bytes(&vector);
    let dim = vector.len() as i32;
    state
        .db
        .run(move |conn| store::save_embedding(conn, &entity, id, &model, &bytes, dim, &hash))
        .await
        .map_err(|e| e.to_string())
}

// ---- recommendations ----

use super::documents::{InternshipDoc, StudentDoc, vector_from_bytes};
use super::model::{FeedbackKind, Recommendation};
use super::rerank::Reranker;
use super::score::{self, Candidate, MatchWeights, Query};
use std::collections::HashMap;

/// The version recorded with a served list the hybrid order alone made.
pub const RANKER_VERSION: &str = super::rerank::HYBRID_LABEL;
/// Recommendations shown at once.
pub const SHOWN: usize = 10;

/// Everything ranking needs, read in one go on the blocking pool.
pub struct Gathered {
    pub student: StudentDoc,
    pub student_vector: Option<Vec<f32>>,
    pub candidates: Vec<(InternshipDoc, Option<Vec<f32>>, f32)>,
    /// The reacted internship, its embedding (when computed) and the reaction.
    pub reactions: Vec<(InternshipDoc, Option<Vec<f32>>, FeedbackKind)>,
    pub companies: HashMap<i64, String>,
}

fn kind_of(kind: &str) -> Option<FeedbackKind> {
    match kind {
        "like" => Some(FeedbackKind::Like),
        "dismiss" => Some(FeedbackKind::Dismiss),
        "apply" => Some(FeedbackKind::Applied),
        "view" => Some(FeedbackKind::Viewed),
        _ => None,
    }
}

pub fn gather(
    conn: &mut DbConnection,
    student_id: i64,
    model: &str,
    today: chrono::NaiveDate,
) -> Result<Option<Gathered>, DbError> {
    let Some(student) = store::student_doc(conn, student_id)? else {
        return Ok(None);
    };
    let student_vector = store::embeddings_of(conn, "student", model, &[student_id])?
        .into_iter()
        .next()
        .map(|(_, b)| vector_from_bytes(&b));
    let ids = store::candidate_ids(conn, student_id, today)?;
    let docs = store::internship_docs(conn, &ids)?;
    let mut vectors: HashMap<i64, Vec<f32>> =
        store::embeddings_of(conn, "internship", model, &ids)?
            .into_iter()
            .map(|(id, b)| (id, vector_from_bytes(&b)))
            .collect();
    let mut crowd: HashMap<i64, (i64, i64)> = HashMap::new();
    for (id, kind, n) in store::crowd(conn, student_id, &ids)? {
        let entry = crowd.entry(id).or_default();
        if kind == "like" {
            entry.0 += n
        } else {
            entry.1 += n
        }
    }
    let reacted = store::reactions(conn, student_id)?;
    let reacted_ids: Vec<i64> = reacted.iter().map(|(id, _)| *id).collect();
    let reacted_vectors: HashMap<i64, Vec<f32>> =
        store::embeddings_of(conn, "internship", model, &reacted_ids)?
            .into_iter()
            .map(|(id, b)| (id, vector_from_bytes(&b)))
            .collect();
    let reacted_docs: HashMap<i64, InternshipDoc> = store::internship_docs(conn, &reacted_ids)?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let reactions = reacted
        .iter()
        .filter_map(|(id, kind)| {
            Some((
                reacted_docs.get(id)?.clone(),
                reacted_vectors.get(id).cloned(),
                kind_of(kind)?,
            ))
        })
        .collect();
    let candidates = docs
        .into_iter()
        .map(|doc| {
            let (likes, dismissals) = crowd.get(&doc.id).copied().unwrap_or_default();
            // Other students' reactions, damped so that one click moves little.
            let crowd_score = (likes - dismissals) as f32 / (likes + dismissals + 3) as f32;
            let vector = vectors.remove(&doc.id);
            (doc, vector, crowd_score)
        })
        .collect();
    let companies = store::companies(conn, &ids)?.into_iter().collect();
    Ok(Some(Gathered {
        student,
        student_vector,
        candidates,
        reactions,
        companies,
    }))
}

/// One recommendation ready for the page.
#[derive(Debug, Clone)]
pub struct Shown {
    pub doc: InternshipDoc,
    pub company: String,
    pub rec: Recommendation,
}

/// What the recommendations page shows.
#[derive(Debug, Clone, Default)]
pub struct Ranked {
    pub items: Vec<Shown>,
    /// Skills most often missing across the student's best matches.
    pub gaps: Vec<(String, usize)>,
    /// Skills most asked for across the internships in the student's field that they lack.
    pub demand: Vec<(String, usize)>,
    /// Whether the semantic part could be used (the student's vector exists).
    pub semantic: bool,
    /// What ordered the list (`hybrid-1`, `mlp-vN`, `cross-encoder-1`), logged with it.
    pub model_version: String,
}

/// Ranks the gathered candidates and lets `reranker` reorder the best
/// `weights.max_rerank_candidates` before the threshold and the cut to [`SHOWN`] (CPU work:
/// call it off the async workers).
pub fn rank(
    g: Gathered,
    student_vector: Option<Vec<f32>>,
    weights: &MatchWeights,
    reranker: &Reranker,
) -> Ranked {
    let dim = super::embedder::EMBEDDING_DIM;
    let semantic = student_vector.is_some();
    let query_vector = student_vector.unwrap_or_else(|| vec![0.0; dim]);
    let zero = vec![0.0f32; dim];
    let features = score::student_features(&g.student.input());
    let inputs: Vec<_> = g
        .candidates
        .iter()
        .map(|(doc, _, _)| score::internship_features(&doc.input(), weights))
        .collect();
    let ids: Vec<String> = g
        .candidates
        .iter()
        .map(|(doc, _, _)| doc.id.to_string())
        .collect();
    // BM25 statistics over the candidates (the active internships), as `praktiki eval` does.
    let texts: Vec<String> = g
        .candidates
        .iter()
        .map(|(doc, _, _)| score::internship_text(&doc.input()))
        .collect();
    let lexical = super::lexical::Bm25::new(&texts);
    let candidates: Vec<Candidate> = g
        .candidates
        .iter()
        .enumerate()
        .map(|(i, (_, vector, crowd))| Candidate {
            id: &ids[i],
            features: &inputs[i],
            vector: vector.as_deref().unwrap_or(&zero),
            crowd: *crowd,
            terms: lexical.docs.get(i),
        })
        .collect();
    let reaction_fields: Vec<Vec<f32>> = g
        .reactions
        .iter()
        .map(|(doc, _, _)| score::internship_features(&doc.input(), weights).field)
        .collect();
    let reactions: Vec<score::Reaction> = g
        .reactions
        .iter()
        .zip(&reaction_fields)
        .map(|((_, v, k), field)| (v.as_deref().unwrap_or(&zero), field.as_slice(), *k))
        .collect();
    let query = Query {
        features: &features,
        vector: &query_vector,
        reactions: &reactions,
    };
    // Every candidate is explained: the market-demand panel counts their missing skills.
    let mut ranked = score::rank(
        &query,
        &candidates,
        weights,
        Some(&lexical.stats),
        candidates.len(),
    );
    // Only the cross-encoder reads texts.
    let student_text = match reranker {
        Reranker::Cross(_) => g.student.embedding_text(),
        _ => String::new(),
    };
    let model_version = reranker.apply(
        &mut ranked,
        weights.max_rerank_candidates,
        &student_text,
        &|rec: &Recommendation| {
            g.candidates
                .get(rec.index)
                .map(|(doc, _, _)| doc.embedding_text())
                .unwrap_or_default()
        },
    );
    let mut gaps: HashMap<String, usize> = HashMap::new();
    let mut demand: HashMap<String, usize> = HashMap::new();
    for rec in &ranked {
        // "In their field": the taxonomy's field agreement says the internship is theirs.
        if rec.explanation.parts.field >= 0.5 {
            for skill in &rec.explanation.missing_skills {
                *demand.entry(skill.clone()).or_default() += 1;
            }
        }
    }
    let items: Vec<Shown> = ranked
        .into_iter()
        .filter(|r| r.score >= weights.threshold)
        .take(SHOWN)
        .filter_map(|rec| {
            let (doc, _, _) = g.candidates.get(rec.index)?;
            for skill in &rec.explanation.missing_skills {
                *gaps.entry(skill.clone()).or_default() += 1;
            }
            Some(Shown {
                doc: doc.clone(),
                company: g.companies.get(&doc.id).cloned().unwrap_or_default(),
                rec,
            })
        })
        .collect();
    Ranked {
        items,
        gaps: top(gaps, 8),
        demand: top(demand, 8),
        semantic,
        model_version,
    }
}

fn top(counts: HashMap<String, usize>, n: usize) -> Vec<(String, usize)> {
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

/// Records feedback on an internship the student can see.
pub fn feedback(
    conn: &mut DbConnection,
    student_id: i64,
    internship_id: i64,
    kind: &str,
) -> Result<bool, DbError> {
    if crate::internship::store::find(conn, internship_id)?.is_none() {
        return Ok(false);
    }
    store::insert_feedback(conn, student_id, internship_id, kind)?;
    Ok(true)
}

// ---- the learned reranker: samples from outcomes, training, the nightly job ----

use super::model::{Outcome, Served};
use super::rerank::{HeldOut, MIN_PER_CLASS, MIN_SAMPLES, RerankError, Sample, Training};

/// Training examples assembled from served lists and their outcomes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SampleSet {
    pub samples: Vec<Sample>,
    pub good: usize,
    pub bad: usize,
}

impl SampleSet {
    /// Whether [`rerank::train`](super::rerank::train) will train on them.
    pub fn enough(&self) -> bool {
        self.samples.len() >= MIN_SAMPLES && self.good >= MIN_PER_CLASS && self.bad >= MIN_PER_CLASS
    }
}

/// One sample per (student, internship) pair with an outcome that was served before the
/// student acted: the features of its latest such serving (`rerank::features(parts, rank - 1)`)
/// and the outcome as label. An employer's decision on an application outweighs a like or a
/// dismissal; among reactions the latest counts. Servings after the student acted are not used
/// (their feedback part already reflects the reaction). Samples come out ordered by student
/// and internship, so training is reproducible.
pub fn assemble_samples(served: &[Served], outcomes: &[Outcome]) -> SampleSet {
    let mut decided: HashMap<(i64, i64), &Outcome> = HashMap::new();
    for o in outcomes {
        let key = (o.student_id, o.internship_id);
        let replace = match decided.get(&key) {
            None => true,
            Some(old) => (o.source, o.at) >= (old.source, old.at),
        };
        if replace {
            decided.insert(key, o);
        }
    }
    let mut servings: HashMap<(i64, i64), Vec<&Served>> = HashMap::new();
    for s in served {
        servings
            .entry((s.student_id, s.internship_id))
            .or_default()
            .push(s);
    }
    let mut pairs: Vec<_> = decided.into_iter().collect();
    pairs.sort_by_key(|(key, _)| *key);
    let mut set = SampleSet::default();
    for (key, outcome) in pairs {
        let Some(serving) = servings.get(&key).and_then(|list| {
            list.iter()
                .filter(|s| s.served_at <= outcome.at)
                .max_by_key(|s| (s.served_at, s.id))
        }) else {
            continue;
        };
        let Ok(parts) = serde_json::from_str::<super::model::ScoreParts>(&serving.parts) else {
            tracing::warn!(
                log_id = serving.id,
                "match_log parts are not readable; skipped"
            );
            continue;
        };
        let rank = (serving.rank.max(1) - 1) as usize;
        set.samples.push(Sample {
            features: super::rerank::features(&parts, rank),
            label: if outcome.good { 1.0 } else { 0.0 },
        });
        if outcome.good {
            set.good += 1;
        } else {
            set.bad += 1;
        }
    }
    set
}

/// The samples training would use now.
pub fn training_samples(conn: &mut DbConnection) -> Result<SampleSet, DbError> {
    let outcomes = store::outcomes(conn)?;
    let mut students: Vec<i64> = outcomes.iter().map(|o| o.student_id).collect();
    students.sort_unstable();
    students.dedup();
    let served = store::served_to(conn, &students)?;
    Ok(assemble_samples(&served, &outcomes))
}

/// Training passes over the samples (full batch).
pub const TRAIN_EPOCHS: usize = 300;

/// What a training run did.
#[derive(Debug, Clone, PartialEq)]
pub enum TrainReport {
    /// A new version was stored and made active.
    Trained {
        id: i64,
        version: u32,
        samples: usize,
        good: usize,
        bad: usize,
        loss: f32,
        held_out: Option<HeldOut>,
    },
    /// Too few outcomes: nothing stored, the hybrid order (or the active model) stands.
    TooFew {
        samples: usize,
        good: usize,
        bad: usize,
    },
}

impl std::fmt::Display for TrainReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TrainReport::Trained {
                version,
                samples,
                good,
                bad,
                loss,
                held_out,
                ..
            } => {
                write!(
                    f,
                    "trained reranker v{version} on {samples} outcomes ({good} good, {bad} bad): \
                     loss {loss:.3}"
                )?;
                if let Some(h) = held_out {
                    write!(
                        f,
                        ", held-out accuracy {:.3}, AUC {:.3} on {} outcomes",
                        h.accuracy, h.auc, h.samples
                    )?;
                }
                write!(f, "; it is now the active reranker (mlp-v{version})")
            }
            TrainReport::TooFew { samples, good, bad } => write!(
                f,
                "not trained: {samples} outcomes ({good} good, {bad} bad); a learned reranker \
                 needs at least {MIN_SAMPLES} outcomes with at least {MIN_PER_CLASS} good and \
                 {MIN_PER_CLASS} bad. Nothing was stored; recommendations keep their current order."
            ),
        }
    }
}

/// Training failures (the job retries them).
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Model(#[from] RerankError),
    #[error("training task failed: {0}")]
    Task(String),
}

/// A trained model ready to store.
pub struct Fitted {
    model: super::rerank::LearnedReranker,
    held_out: Option<HeldOut>,
    good: usize,
    bad: usize,
}

/// Trains (CPU work, seconds): `Err(TrainReport::TooFew)` when there are too few samples.
pub fn fit(
    set: &SampleSet,
    version: u32,
    epochs: usize,
) -> Result<Result<Fitted, TrainReport>, RerankError> {
    match super::rerank::train(&set.samples, version, epochs)? {
        Training::TooFew { samples, good, bad } => {
            Ok(Err(TrainReport::TooFew { samples, good, bad }))
        }
        Training::Trained(model) => Ok(Ok(Fitted {
            held_out: super::rerank::held_out(&set.samples, epochs)?,
            model,
            good: set.good,
            bad: set.bad,
        })),
    }
}

/// Stores a fitted model as the new active version.
pub fn store_fitted(conn: &mut DbConnection, fitted: &Fitted) -> Result<TrainReport, DbError> {
    let m = &fitted.model;
    let metrics = serde_json::json!({
        "loss": m.loss,
        "good": fitted.good,
        "bad": fitted.bad,
        "held_out": fitted.held_out,
    });
    let id = store::insert_active_model(
        conn,
        m.version,
        "mlp",
        i32::try_from(m.trained_on).unwrap_or(i32::MAX),
        &metrics.to_string(),
        &m.to_bytes(),
    )?;
    Ok(TrainReport::Trained {
        id,
        version: m.version,
        samples: m.trained_on,
        good: fitted.good,
        bad: fitted.bad,
        loss: m.loss,
        held_out: fitted.held_out,
    })
}

/// `praktiki train-reranker`: gathers, trains and stores in one go on one connection.
pub fn train_reranker_blocking(
    conn: &mut DbConnection,
    epochs: usize,
) -> Result<TrainReport, TrainError> {
    let set = training_samples(conn)?;
    let version = store::next_model_version(conn)?;
    match fit(&set, version, epochs)? {
        Err(too_few) => Ok(too_few),
        Ok(fitted) => Ok(store_fitted(conn, &fitted)?),
    }
}

/// Trains off the async workers (no connection held while training), stores a new active
/// version when there is enough data, and refreshes this instance's reranker.
pub async fn train_reranker(state: &AppState, epochs: usize) -> Result<TrainReport, TrainError> {
    let (set, version) = state
        .db
        .run(|conn| Ok::<_, DbError>((training_samples(conn)?, store::next_model_version(conn)?)))
        .await?;
    let fitted = tokio::task::spawn_blocking(move || fit(&set, version, epochs))
        .await
        .map_err(|e| TrainError::Task(e.to_string()))??;
    let fitted = match fitted {
        Err(too_few) => return Ok(too_few),
        Ok(f) => f,
    };
    let report = state
        .db
        .run(move |conn| store_fitted(conn, &fitted))
        .await?;
    state.matching.refresh(&state.db).await?;
    Ok(report)
}

pub const TRAIN_RERANKER: &str = "train_reranker";

/// The `train_reranker` job (nightly, and "Train now" on `/admin/matching`). Too few outcomes
/// is not a failure: it is logged and the job ends.
pub async fn train_reranker_job(
    state: AppState,
    _payload: serde_json::Value,
) -> Result<(), String> {
    match train_reranker(&state, TRAIN_EPOCHS).await {
        Ok(report @ TrainReport::Trained { .. }) => {
            tracing::info!(report = %report, "reranker trained");
            Ok(())
        }
        Ok(report) => {
            tracing::info!(report = %report, "reranker not trained");
            Ok(())
        }
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::model::{OutcomeSource, ScoreParts};
    use chrono::{NaiveDateTime, TimeDelta};

    fn at(minutes: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap()
            .naive_utc()
            + TimeDelta::minutes(minutes)
    }

    fn served(
        id: i64,
        student: i64,
        internship: i64,
        rank: i32,
        skills: f32,
        minute: i64,
    ) -> Served {
        Served {
            id,
            student_id: student,
            internship_id: internship,
            rank,
            parts: serde_json::to_string(&ScoreParts {
                skills,
                total: skills,
                ..Default::default()
            })
            .unwrap(),
            served_at: at(minute),
        }
    }

    fn outcome(
        student: i64,
        internship: i64,
        good: bool,
        source: OutcomeSource,
        minute: i64,
    ) -> Outcome {
        Outcome {
            student_id: student,
            internship_id: internship,
            good,
            source,
            at: at(minute),
        }
    }

    #[test]
    fn a_sample_is_the_latest_serving_before_the_outcome_with_its_label() {
        let served = vec![
            served(1, 7, 100, 4, 0.1, 0),
            served(2, 7, 100, 2, 0.2, 10),
            // Served again after the like: its feedback part knows the answer; not used.
            served(3, 7, 100, 1, 0.9, 30),
            served(4, 8, 100, 3, 0.5, 0),
        ];
        let outcomes = vec![
            outcome(7, 100, true, OutcomeSource::Feedback, 20),
            outcome(8, 100, false, OutcomeSource::Feedback, 5),
        ];
        let set = assemble_samples(&served, &outcomes);
        assert_eq!((set.samples.len(), set.good, set.bad), (2, 1, 1));
        let first = &set.samples[0];
        assert_eq!(first.label, 1.0);
        let parts = ScoreParts {
            skills: 0.2,
            total: 0.2,
            ..Default::default()
        };
        assert_eq!(first.features, crate::matching::rerank::features(&parts, 1));
        assert_eq!(set.samples[1].label, 0.0);
        assert_eq!(
            set.samples[1].features[11],
            1.0 / 3.0,
            "rank 3 is hybrid rank 2"
        );
    }

    #[test]
    fn decisions_outweigh_clicks_and_the_latest_click_counts() {
        let served = vec![
            served(1, 1, 10, 1, 0.5, 0),
            served(2, 1, 11, 1, 0.5, 0),
            served(3, 1, 12, 1, 0.5, 0),
        ];
        let outcomes = vec![
            // Liked, then rejected by the employer: bad.
            outcome(1, 10, true, OutcomeSource::Feedback, 1),
            outcome(1, 10, false, OutcomeSource::Application, 2),
            // Shortlisted, then dismissed (a later click does not undo a decision): good.
            outcome(1, 11, true, OutcomeSource::Application, 1),
            outcome(1, 11, false, OutcomeSource::Feedback, 3),
            // Dismissed, then liked: the like counts.
            outcome(1, 12, false, OutcomeSource::Feedback, 1),
            outcome(1, 12, true, OutcomeSource::Feedback, 2),
        ];
        let set = assemble_samples(&served, &outcomes);
        let labels: Vec<f32> = set.samples.iter().map(|s| s.label).collect();
        assert_eq!(labels, vec![0.0, 1.0, 1.0]);
        assert_eq!((set.good, set.bad), (2, 1));
    }

    #[test]
    fn outcomes_never_served_or_unreadable_are_skipped() {
        let mut broken = served(2, 1, 11, 1, 0.5, 0);
        broken.parts = "not json".into();
        let served = vec![served(1, 1, 10, 1, 0.5, 10), broken];
        let outcomes = vec![
            // Acted before it was ever served (e.g. from search): no sample.
            outcome(1, 10, true, OutcomeSource::Feedback, 5),
            outcome(1, 11, true, OutcomeSource::Feedback, 5),
            outcome(1, 12, false, OutcomeSource::Feedback, 5),
        ];
        let set = assemble_samples(&served, &outcomes);
        assert!(set.samples.is_empty());
        assert!(!set.enough());
    }

    #[test]
    fn statuses_and_reactions_map_to_labels() {
        for s in ["shortlisted", "interview", "accepted"] {
            assert_eq!(Outcome::of_application(s), Some(true));
        }
        assert_eq!(Outcome::of_application("rejected"), Some(false));
        assert_eq!(Outcome::of_application("pending"), None);
        assert_eq!(Outcome::of_application("withdrawn"), None);
        assert_eq!(Outcome::of_feedback("like"), Some(true));
        assert_eq!(Outcome::of_feedback("dismiss"), Some(false));
        assert_eq!(Outcome::of_feedback("view"), None);
    }
}
