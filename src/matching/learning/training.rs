//! The learned reranker's training: samples assembled from served lists and outcomes, fitting,
//! storing the fitted model, and the nightly job.

use crate::db::{DbConnection, DbError};
use crate::matching::learning::held_out::HeldOut;
use crate::matching::learning::learned_reranker::{MIN_PER_CLASS, MIN_SAMPLES, Sample, Training};
use crate::matching::learning::model::{Outcome, Served};
use crate::matching::learning::rerank::RerankError;
use crate::matching::store;
use crate::state::AppState;
use std::collections::HashMap;

/// Training examples assembled from served lists and their outcomes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SampleSet {
    pub samples: Vec<Sample>,
    pub good: usize,
    pub bad: usize,
}

impl SampleSet {
    /// Whether [`learned_reranker::train`](crate::matching::learning::learned_reranker::train) will train on them.
    pub fn enough(&self) -> bool {
        self.samples.len() >= MIN_SAMPLES && self.good >= MIN_PER_CLASS && self.bad >= MIN_PER_CLASS
    }
}

/// One sample per (student, internship) pair with an outcome that was served before the
/// student acted: the features of its latest such serving (`learned_reranker::features(parts, rank - 1)`)
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
        let Ok(parts) = serde_json::from_str::<crate::matching::model::ScoreParts>(&serving.parts)
        else {
            tracing::warn!(
                log_id = serving.id,
                "match_log parts are not readable; skipped"
            );
            continue;
        };
        let rank = (serving.rank.max(1) - 1) as usize;
        set.samples.push(Sample {
            features: crate::matching::learning::learned_reranker::features(&parts, rank),
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
    model: crate::matching::learning::learned_reranker::LearnedReranker,
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
    match crate::matching::learning::learned_reranker::train(&set.samples, version, epochs)? {
        Training::TooFew { samples, good, bad } => {
            Ok(Err(TrainReport::TooFew { samples, good, bad }))
        }
        Training::Trained(model) => Ok(Ok(Fitted {
            held_out: crate::matching::learning::held_out::held_out(&set.samples, epochs)?,
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
#[path = "training_tests.rs"]
mod tests;
