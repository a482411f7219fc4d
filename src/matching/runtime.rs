//! The matching settings and reranker in effect, shared by every request of one instance.
//!
//! Effective weights are the configured defaults ([`MatchWeights::from_settings`]) overridden by
//! `app_settings` rows an admin saved at `/admin/matching`. The reranker is, in order: a BERT
//! cross-encoder an operator placed in `cross_encoder_dir` (default `models/cross-encoder`), the
//! active row of `reranker_models`, or the hybrid order. [`MatchingRuntime::refresh`] re-reads
//! them: at start-up, after an admin changes settings or models, after training, and every
//! [`REFRESH_EVERY`] (so a model trained by another instance or by `praktiki train-reranker`
//! is picked up without a restart).

use super::knobs::effective_weights;
use super::learning::cross_encoder::CrossEncoder;
use super::learning::learned_reranker::LearnedReranker;
use super::learning::rerank::Reranker;
use super::ranking::recent::RecentRankings;
use super::ranking::reloads::LoggedLately;
use super::ranking::score::MatchWeights;
use super::store;
use super::store::ServedList;
use crate::db::group_commit::GroupCommit;
use crate::db::{Db, DbConnection, DbError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

/// How often each instance re-reads settings and the active model.
pub const REFRESH_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// What became of the operator's cross-encoder.
#[derive(Clone)]
enum Cross {
    NotTried,
    /// No model files in the directory (the usual case).
    Absent,
    Loaded(Arc<CrossEncoder>),
    Failed(String),
}

/// The weights and reranker in effect on this instance.
pub struct MatchingRuntime {
    defaults: MatchWeights,
    cross_encoder_dir: Option<PathBuf>,
    weights: RwLock<MatchWeights>,
    reranker: RwLock<Reranker>,
    cross: Mutex<Cross>,
    /// The training samples' counts, kept with the signature of the data they were counted on.
    sample_counts: Mutex<Option<(String, SampleCounts)>>,
    /// Served recommendation lists on their way to `match_log`, committed together.
    pub served_log: GroupCommit<ServedList>,
    /// Students' last rankings, reused while their inputs are unchanged.
    pub recent: RecentRankings,
    /// Students' last logged lists: the same list shown again soon is not logged again.
    pub logged_lately: LoggedLately,
}

/// How many samples the reranker could train on now, and how many of them are good and bad.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SampleCounts {
    pub samples: usize,
    pub good: usize,
    pub bad: usize,
}

impl MatchingRuntime {
    /// Starts with the configured weights and the hybrid order, until [`refresh`](Self::refresh).
    pub fn new(defaults: MatchWeights, cross_encoder_dir: Option<PathBuf>) -> MatchingRuntime {
        MatchingRuntime {
            defaults,
            cross_encoder_dir,
            weights: RwLock::new(defaults),
            reranker: RwLock::new(Reranker::Hybrid {
                reason: "not loaded yet".into(),
            }),
            cross: Mutex::new(Cross::NotTried),
            sample_counts: Mutex::new(None),
            served_log: GroupCommit::new(super::store::log_lists),
            recent: RecentRankings::default(),
            logged_lately: LoggedLately::default(),
        }
    }

    /// The training samples' counts for the admin page. Gathering the samples reads every
    /// served list of every student with an outcome, so it is done again only when the data
    /// changed (a cheap signature tells).
    pub fn sample_counts(&self, conn: &mut DbConnection) -> Result<SampleCounts, DbError> {
        let signature = store::samples_signature(conn)?;
        if let Ok(cached) = self.sample_counts.lock()
            && let Some((seen, counts)) = cached.as_ref()
            && *seen == signature
        {
            return Ok(*counts);
        }
        let set = super::service::training_samples(conn)?;
        let counts = SampleCounts {
            samples: set.samples.len(),
            good: set.good,
            bad: set.bad,
        };
        if let Ok(mut cached) = self.sample_counts.lock() {
            *cached = Some((signature, counts));
        }
        Ok(counts)
    }

    pub fn from_settings(settings: &crate::config::Settings) -> MatchingRuntime {
        let dir = Some(settings.cross_encoder_dir.clone()).filter(|d| !d.as_os_str().is_empty());
        MatchingRuntime::new(MatchWeights::from_settings(settings), dir)
    }

    /// The configured defaults (before admin overrides).
    pub fn defaults(&self) -> MatchWeights {
        self.defaults
    }

    /// The weights in effect.
    pub fn weights(&self) -> MatchWeights {
        self.weights.read().map(|w| *w).unwrap_or(self.defaults)
    }

    /// The reranker in effect (cheap to clone: a few hundred floats or an `Arc`).
    pub fn reranker(&self) -> Reranker {
        self.reranker
            .read()
            .map(|r| r.clone())
            .unwrap_or_else(|_| Reranker::Hybrid {
                reason: "reranker state poisoned".into(),
            })
    }

    /// The cross-encoder directory, when one is configured.
    pub fn cross_encoder_dir(&self) -> Option<&Path> {
        self.cross_encoder_dir.as_deref()
    }

    /// Why the operator's cross-encoder is not used although its directory has files.
    pub fn cross_encoder_problem(&self) -> Option<String> {
        match self.cross.lock().map(|c| c.clone()) {
            Ok(Cross::Failed(reason)) => Some(reason),
            _ => None,
        }
    }

    /// Loads the operator's cross-encoder once (slow: call it off the async workers). A
    /// directory without any of the model files is no cross-encoder; one with some of them,
    /// or broken ones, is an error shown on the admin page and logged.
    pub fn load_cross_encoder(&self) {
        let Some(dir) = &self.cross_encoder_dir else {
            return;
        };
        if let Ok(c) = self.cross.lock()
            && !matches!(*c, Cross::NotTried)
        {
            return;
        }
        let any_file = ["config.json", "model.safetensors", "tokenizer.json"]
            .iter()
            .any(|f| dir.join(f).exists());
        let state = if !any_file {
            Cross::Absent
        } else {
            let started = std::time::Instant::now();
            match CrossEncoder::load(dir) {
                Ok(ce) => {
                    tracing::info!(dir = %dir.display(), ms = started.elapsed().as_millis() as u64, "cross-encoder loaded: it reranks recommendations");
                    Cross::Loaded(Arc::new(ce))
                }
                Err(e) => {
                    tracing::error!(dir = %dir.display(), error = %e, "cross-encoder not loaded");
                    Cross::Failed(e.to_string())
                }
            }
        };
        if let Ok(mut c) = self.cross.lock() {
            *c = state;
        }
    }

    /// Installs settings rows and the active stored model (what [`refresh`](Self::refresh)
    /// read).
    pub fn install(
        &self,
        settings: &[(String, String)],
        active: Option<(super::learning::model::StoredModel, Vec<u8>)>,
    ) {
        let weights = effective_weights(self.defaults, settings);
        let cross = self
            .cross
            .lock()
            .map(|c| c.clone())
            .unwrap_or(Cross::NotTried);
        let reranker = match (cross, active) {
            (Cross::Loaded(ce), _) => Reranker::Cross(ce),
            (_, Some((row, bytes))) => match LearnedReranker::from_bytes(&bytes) {
                Ok(model) => Reranker::Learned(model),
                Err(e) => {
                    tracing::error!(version = %row.version, error = %e, "the active reranker cannot be read; hybrid order");
                    Reranker::Hybrid {
                        reason: format!("stored model v{} cannot be read: {e}", row.version),
                    }
                }
            },
            (_, None) => Reranker::Hybrid {
                reason: "no learned reranker is active".into(),
            },
        };
        if let Ok(mut w) = self.weights.write() {
            *w = weights;
        }
        if let Ok(mut r) = self.reranker.write() {
            *r = reranker;
        }
    }

    /// Re-reads settings and the active model with a connection.
    pub fn refresh_with(&self, conn: &mut DbConnection) -> Result<(), DbError> {
        let settings = store::settings(conn)?;
        let active = store::active_model(conn)?;
        self.install(&settings, active);
        Ok(())
    }

    /// Re-reads settings and the active model (the cross-encoder is loaded separately, once).
    pub async fn refresh(self: &Arc<Self>, db: &Db) -> Result<(), DbError> {
        let (settings, active) = db
            .run(|conn| Ok::<_, DbError>((store::settings(conn)?, store::active_model(conn)?)))
            .await?;
        self.install(&settings, active);
        Ok(())
    }

    /// Start-up and then every [`REFRESH_EVERY`]: loads the cross-encoder (once) and refreshes.
    pub async fn keep_fresh(self: Arc<Self>, db: Db) {
        let runtime = self.clone();
        if let Err(e) = tokio::task::spawn_blocking(move || runtime.load_cross_encoder()).await {
            tracing::error!(error = %e, "cross-encoder loading task failed");
        }
        loop {
            if let Err(e) = self.refresh(&db).await {
                tracing::warn!(error = %e, "matching settings could not be refreshed");
            }
            tokio::time::sleep(REFRESH_EVERY).await;
        }
    }
}

#[cfg(test)]
#[path = "runtime_tests.rs"]
mod tests;
