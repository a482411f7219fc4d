//! Reranking the best hybrid candidates: which reranker is in use ([`Reranker`]: the hybrid
//! order, the learned reranker or a cross-encoder), the label logged with each list it orders,
//! and the error every reranker shares. The two models live apart, each in its own file:
//!
//! - [`LearnedReranker`] (`learned_reranker.rs`): a small MLP trained on the platform's own
//!   outcomes; with too few outcomes the hybrid order stands ([`Reranker::Hybrid`] says why).
//! - [`CrossEncoder`] (`cross_encoder.rs`): a BERT cross-encoder an operator may place in
//!   `models/`.

use super::cross_encoder::CrossEncoder;
use super::learned_reranker::{LearnedReranker, MIN_PER_CLASS, MIN_SAMPLES, Training};
use crate::matching::model::Recommendation;
/// Errors of training, loading or running a reranker.
#[derive(Debug, thiserror::Error)]
pub enum RerankError {
    #[error("reranker model: {0}")]
    Model(String),
    #[error("reranker weights are not valid: {0}")]
    Format(String),
    #[error("no cross-encoder in {dir} (needs config.json, model.safetensors, tokenizer.json)")]
    Missing { dir: String },
}

impl From<candle_core::Error> for RerankError {
    fn from(e: candle_core::Error) -> Self {
        RerankError::Model(e.to_string())
    }
}

/// What [`Reranker::label`] says when the hybrid order stands (logged in `match_log`).
pub const HYBRID_LABEL: &str = "hybrid-1";
/// What [`Reranker::label`] says when a cross-encoder ordered the list.
pub const CROSS_ENCODER_LABEL: &str = "cross-encoder-1";

/// The reranker in use.
#[derive(Debug, Clone)]
pub enum Reranker {
    /// No model: candidates keep their hybrid order, for this reason.
    Hybrid {
        reason: String,
    },
    Learned(LearnedReranker),
    /// A BERT cross-encoder an operator placed on disk (loaded once, shared).
    Cross(std::sync::Arc<CrossEncoder>),
}

impl Reranker {
    /// One line for the admin page and logs.
    pub fn status(&self) -> String {
        match self {
            Reranker::Hybrid { reason } => format!("hybrid order ({reason})"),
            Reranker::Learned(m) => format!(
                "learned reranker v{} trained on {} outcomes",
                m.version, m.trained_on
            ),
            Reranker::Cross(ce) => format!("cross-encoder from {}", ce.dir.display()),
        }
    }

    /// The version of the learned model (0 for the hybrid order and a cross-encoder).
    pub fn version(&self) -> u32 {
        match self {
            Reranker::Learned(m) => m.version,
            _ => 0,
        }
    }

    /// What ordered a list, as logged with it: `hybrid-1`, `mlp-vN` or `cross-encoder-1`.
    pub fn label(&self) -> String {
        match self {
            Reranker::Hybrid { .. } => HYBRID_LABEL.into(),
            Reranker::Learned(m) => format!("mlp-v{}", m.version),
            Reranker::Cross(_) => CROSS_ENCODER_LABEL.into(),
        }
    }

    /// Reorders the first `top` recommendations (the rest keep their place; `top` 0 turns
    /// reranking off). `query` is the
    /// student's text and `doc` gives a recommendation's internship text (only the
    /// cross-encoder reads them). Returns the label of what ordered the list: a model error
    /// leaves the hybrid order (logged) and returns [`HYBRID_LABEL`].
    pub fn apply(
        &self,
        recs: &mut [Recommendation],
        top: usize,
        query: &str,
        doc: &dyn Fn(&Recommendation) -> String,
    ) -> String {
        if top == 0 {
            return HYBRID_LABEL.into();
        }
        let result = match self {
            Reranker::Hybrid { .. } => return HYBRID_LABEL.into(),
            Reranker::Learned(model) => model.rerank(recs, top),
            Reranker::Cross(ce) => {
                let top = top.min(recs.len());
                let docs: Vec<String> = recs[..top].iter().map(doc).collect();
                ce.rerank(query, &docs, recs, top)
            }
        };
        match result {
            Ok(()) => self.label(),
            Err(e) => {
                tracing::warn!(error = %e, reranker = %self.label(), "reranker failed; hybrid order kept");
                HYBRID_LABEL.into()
            }
        }
    }
}

impl From<Training> for Reranker {
    fn from(t: Training) -> Self {
        match t {
            Training::Trained(m) => Reranker::Learned(m),
            Training::TooFew { samples, good, bad } => Reranker::Hybrid {
                reason: format!(
                    "only {samples} outcomes ({good} good, {bad} bad); a learned reranker needs \
                     {MIN_SAMPLES}, at least {MIN_PER_CLASS} of each"
                ),
            },
        }
    }
}
