//! Reranking the best hybrid candidates.
//!
//! - [`LearnedReranker`]: a small MLP (score parts and a few derived features → 16 → 1) trained
//!   with candle-nn on the platform's own outcomes (shortlisted/accepted/liked = good,
//!   rejected/dismissed = bad). Versioned; its weights serialise to bytes (JSON) for the
//!   database. With too few outcomes, [`train`] declines and the hybrid order stands
//!   ([`Reranker::Hybrid`] says why).
//! - [`CrossEncoder`]: a BERT cross-encoder an operator may place in `models/` (`config.json`,
//!   `model.safetensors`, `tokenizer.json`; BERT weights plus a linear head
//!   `classifier.weight`/`classifier.bias`), scoring (student text, internship text) pairs.
//!   Inference is heavy: call it off the request workers (the blocking pool).

use crate::matching::model::{Recommendation, ScoreParts};
use candle_core::{DType, Device, Module, Tensor, Var};
use candle_nn::{Optimizer, VarBuilder, VarMap};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Outcomes needed before a learned reranker replaces the hybrid order.
pub const MIN_SAMPLES: usize = 200;
/// Of which at least this many must be good and this many bad.
pub const MIN_PER_CLASS: usize = 30;
/// Serialisation format of [`LearnedReranker::to_bytes`].
pub const FORMAT: &str = "praktiki-reranker/1";
const HIDDEN: usize = 16;

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

/// The reranker's inputs for one candidate: its score parts, some products of them (a location
/// fit matters more for a close match) and its hybrid rank.
pub fn features(parts: &ScoreParts, hybrid_rank: usize) -> Vec<f32> {
    vec![
        parts.semantic,
        parts.skills,
        parts.field,
        parts.lexical,
        parts.location,
        parts.feedback,
        parts.total,
        parts.semantic * parts.location,
        parts.skills * parts.location,
        parts.field * parts.location,
        parts.skills * parts.field,
        1.0 / (1.0 + hybrid_rank as f32),
    ]
}

/// Number of features [`features`] produces.
pub const FEATURES: usize = 12;

/// One training example: a served candidate's features and its outcome (1 good, 0 bad; graded
/// outcomes may use values between).
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub features: Vec<f32>,
    pub label: f32,
}

/// A trained reranker: weights of `features → HIDDEN (ReLU) → 1`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnedReranker {
    pub format: String,
    pub version: u32,
    pub trained_on: usize,
    /// Mean training loss at the end (binary cross-entropy).
    pub loss: f32,
    w1: Vec<f32>,
    b1: Vec<f32>,
    w2: Vec<f32>,
    b2: f32,
}

/// What [`train`] produced.
#[derive(Debug, Clone)]
pub enum Training {
    Trained(LearnedReranker),
    /// Too few outcomes: the hybrid order stands.
    TooFew {
        samples: usize,
        good: usize,
        bad: usize,
    },
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

/// Deterministic small initial weights (no global RNG: training is reproducible).
fn init(len: usize, fan_in: usize, seed: u64) -> Vec<f32> {
    let mut state = seed | 1;
    let bound = (6.0 / fan_in as f32).sqrt() * 0.5;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            ((state >> 11) as f32 / (1u64 << 53) as f32 * 2.0 - 1.0) * bound
        })
        .collect()
}

/// Trains a reranker on outcomes (full-batch AdamW on binary cross-entropy), or declines when
/// there are too few. `version` is stored in the model.
pub fn train(samples: &[Sample], version: u32, epochs: usize) -> Result<Training, RerankError> {
    let good = samples.iter().filter(|s| s.label >= 0.5).count();
    let bad = samples.len() - good;
    if samples.len() < MIN_SAMPLES || good < MIN_PER_CLASS || bad < MIN_PER_CLASS {
        return Ok(Training::TooFew {
            samples: samples.len(),
            good,
            bad,
        });
    }
    fit(samples, version, epochs).map(Training::Trained)
}

/// Trains on whatever samples it is given (no minimum: [`train`] checks that first).
fn fit(samples: &[Sample], version: u32, epochs: usize) -> Result<LearnedReranker, RerankError> {
    if samples.is_empty() {
        return Err(RerankError::Model("no samples to train on".into()));
    }
    if let Some(s) = samples.iter().find(|s| s.features.len() != FEATURES) {
        return Err(RerankError::Model(format!(
            "a sample has {} features, expected {FEATURES}",
            s.features.len()
        )));
    }
    let dev = Device::Cpu;
    let n = samples.len();
    let xs: Vec<f32> = samples
        .iter()
        .flat_map(|s| s.features.iter().copied())
        .collect();
    let ys: Vec<f32> = samples.iter().map(|s| s.label.clamp(0.0, 1.0)).collect();
    let xs = Tensor::from_vec(xs, (n, FEATURES), &dev)?;
    let ys = Tensor::from_vec(ys, (n, 1), &dev)?;
    let varmap = VarMap::new();
    {
        let mut data = varmap
            .data()
            .lock()
            .map_err(|_| RerankError::Model("weights lock poisoned".into()))?;
        let var =
            |v: Vec<f32>, shape: &[usize]| Var::from_tensor(&Tensor::from_vec(v, shape, &dev)?);
        data.insert(
            "l1.weight".into(),
            var(init(HIDDEN * FEATURES, FEATURES, 17), &[HIDDEN, FEATURES])?,
        );
        data.insert("l1.bias".into(), var(vec![0.0; HIDDEN], &[HIDDEN])?);
        data.insert(
            "l2.weight".into(),
            var(init(HIDDEN, HIDDEN, 29), &[1, HIDDEN])?,
        );
        data.insert("l2.bias".into(), var(vec![0.0], &[1])?);
    }
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &dev);
    let l1 = candle_nn::linear(FEATURES, HIDDEN, vb.pp("l1"))?;
    let l2 = candle_nn::linear(HIDDEN, 1, vb.pp("l2"))?;
    let mut opt = candle_nn::AdamW::new(
        varmap.all_vars(),
        candle_nn::ParamsAdamW {
            lr: 0.01,
            weight_decay: 1e-4,
            ..Default::default()
        },
    )?;
    let mut loss_value = f32::NAN;
    for _ in 0..epochs.max(1) {
        let logits = l2.forward(&l1.forward(&xs)?.relu()?)?;
        let loss = candle_nn::loss::binary_cross_entropy_with_logit(&logits, &ys)?;
        opt.backward_step(&loss)?;
        loss_value = loss.to_scalar::<f32>()?;
    }
    let flat = |t: &Tensor| t.flatten_all().and_then(|t| t.to_vec1::<f32>());
    Ok(LearnedReranker {
        format: FORMAT.into(),
        version,
        trained_on: n,
        loss: loss_value,
        w1: flat(l1.weight())?,
        b1: l1
            .bias()
            .map(flat)
            .transpose()?
            .unwrap_or_else(|| vec![0.0; HIDDEN]),
        w2: flat(l2.weight())?,
        b2: l2
            .bias()
            .map(flat)
            .transpose()?
            .and_then(|b| b.first().copied())
            .unwrap_or(0.0),
    })
}

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

impl LearnedReranker {
    /// Scores feature rows (higher is better).
    pub fn score(&self, rows: &[Vec<f32>]) -> Result<Vec<f32>, RerankError> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        // `Tensor::from_slice` does not check lengths against the shape: check them here.
        if !self.shapes_ok() {
            return Err(RerankError::Format("weights have the wrong shape".into()));
        }
        let dev = Device::Cpu;
        let n = rows.len();
        if rows.iter().any(|r| r.len() != FEATURES) {
            return Err(RerankError::Model(format!(
                "rows must have {FEATURES} features"
            )));
        }
        let xs = Tensor::from_vec(rows.concat(), (n, FEATURES), &dev)?;
        let w1 = Tensor::from_slice(&self.w1, (HIDDEN, FEATURES), &dev)?;
        let b1 = Tensor::from_slice(&self.b1, HIDDEN, &dev)?;
        let w2 = Tensor::from_slice(&self.w2, (1, HIDDEN), &dev)?;
        let hidden = xs.matmul(&w1.t()?)?.broadcast_add(&b1)?.relu()?;
        let out = (hidden.matmul(&w2.t()?)? + self.b2 as f64)?;
        Ok(out.flatten_all()?.to_vec1::<f32>()?)
    }

    fn shapes_ok(&self) -> bool {
        self.w1.len() == HIDDEN * FEATURES && self.b1.len() == HIDDEN && self.w2.len() == HIDDEN
    }

    /// Reorders the first `top` recommendations by the model's score (ties keep hybrid order).
    pub fn rerank(&self, recs: &mut [Recommendation], top: usize) -> Result<(), RerankError> {
        let top = top.min(recs.len());
        let rows: Vec<Vec<f32>> = recs[..top]
            .iter()
            .enumerate()
            .map(|(rank, r)| features(&r.explanation.parts, rank))
            .collect();
        let scores = self.score(&rows)?;
        let mut order: Vec<usize> = (0..top).collect();
        order.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]).then(a.cmp(b)));
        let reordered: Vec<Recommendation> = order.iter().map(|i| recs[*i].clone()).collect();
        recs[..top].clone_from_slice(&reordered);
        Ok(())
    }

    /// The model as bytes (JSON), for storage.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Reads a model stored with [`to_bytes`](Self::to_bytes), checking its shape.
    pub fn from_bytes(bytes: &[u8]) -> Result<LearnedReranker, RerankError> {
        let m: LearnedReranker =
            serde_json::from_slice(bytes).map_err(|e| RerankError::Format(e.to_string()))?;
        if m.format != FORMAT {
            return Err(RerankError::Format(format!(
                "format `{}`, expected `{FORMAT}`",
                m.format
            )));
        }
        let finite = m.w1.iter().chain(&m.b1).chain(&m.w2).all(|x| x.is_finite());
        if !m.shapes_ok() || !finite {
            return Err(RerankError::Format("weights have the wrong shape".into()));
        }
        Ok(m)
    }
}

/// A BERT cross-encoder: `[CLS] student [SEP] internship [SEP]` → BERT → (pooler) → linear head.
pub struct CrossEncoder {
    /// Where it was loaded from.
    pub dir: std::path::PathBuf,
    bert: candle_transformers::models::bert::BertModel,
    pooler: Option<candle_nn::Linear>,
    classifier: candle_nn::Linear,
    tokenizer: tokenizers::Tokenizer,
    device: Device,
}

impl std::fmt::Debug for CrossEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CrossEncoder")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl CrossEncoder {
    /// Loads `config.json`, `model.safetensors` and `tokenizer.json` from `dir`. BERT weights may
    /// be prefixed `bert.` (as Hugging Face `BertForSequenceClassification` saves them) or not;
    /// the pooler (`bert.pooler.dense`) is used when present.
    pub fn load(dir: &Path) -> Result<CrossEncoder, RerankError> {
        use candle_transformers::models::bert::{BertModel, Config};
        let files = ["config.json", "model.safetensors", "tokenizer.json"].map(|f| dir.join(f));
        if files.iter().any(|f| !f.exists()) {
            return Err(RerankError::Missing {
                dir: dir.display().to_string(),
            });
        }
        let fail =
            |what: &str, e: &dyn std::fmt::Display| RerankError::Model(format!("{what}: {e}"));
        let text = std::fs::read_to_string(&files[0]).map_err(|e| fail("config.json", &e))?;
        let mut config: Config =
            serde_json::from_str(&text).map_err(|e| fail("config.json", &e))?;
        let device = Device::Cpu;
        let weights = std::fs::read(&files[1]).map_err(|e| fail("model.safetensors", &e))?;
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &device)
            .map_err(|e| fail("model.safetensors", &e))?;
        let prefixed = vb.contains_tensor("bert.embeddings.word_embeddings.weight");
        if prefixed {
            config.model_type = Some("bert".into());
        }
        let bert = BertModel::load(vb.clone(), &config).map_err(|e| fail("BERT weights", &e))?;
        let pooler_name = if prefixed {
            "bert.pooler.dense"
        } else {
            "pooler.dense"
        };
        let pooler = if vb.contains_tensor(&format!("{pooler_name}.weight")) {
            Some(
                candle_nn::linear(config.hidden_size, config.hidden_size, vb.pp(pooler_name))
                    .map_err(|e| fail("pooler", &e))?,
            )
        } else {
            None
        };
        let classifier = candle_nn::linear(config.hidden_size, 1, vb.pp("classifier"))
            .or_else(|_| {
                // Two-label heads: use the "relevant" logit minus the other.
                candle_nn::linear(config.hidden_size, 2, vb.pp("classifier")).and_then(|l| {
                    let w = l.weight().get(1)?.sub(&l.weight().get(0)?)?.unsqueeze(0)?;
                    let b = l
                        .bias()
                        .map(|b| b.get(1)?.sub(&b.get(0)?)?.unsqueeze(0))
                        .transpose()?;
                    Ok(candle_nn::Linear::new(w, b))
                })
            })
            .map_err(|e| fail("classifier head", &e))?;
        let mut tokenizer =
            tokenizers::Tokenizer::from_file(&files[2]).map_err(|e| fail("tokenizer.json", &e))?;
        tokenizer
            .with_truncation(Some(tokenizers::TruncationParams {
                max_length: config.max_position_embeddings.min(512),
                ..Default::default()
            }))
            .map_err(|e| fail("tokenizer", &e))?;
        tokenizer.with_padding(Some(tokenizers::PaddingParams {
            strategy: tokenizers::PaddingStrategy::BatchLongest,
            ..Default::default()
        }));
        Ok(CrossEncoder {
            dir: dir.to_path_buf(),
            bert,
            pooler,
            classifier,
            tokenizer,
            device,
        })
    }

    /// Relevance logits of `(query, doc)` for each doc (higher is more relevant).
    pub fn score(&self, query: &str, docs: &[String]) -> Result<Vec<f32>, RerankError> {
        if docs.is_empty() {
            return Ok(Vec::new());
        }
        let pairs: Vec<(String, String)> = docs
            .iter()
            .map(|d| (query.to_string(), d.clone()))
            .collect();
        let encodings = self
            .tokenizer
            .encode_batch(pairs, true)
            .map_err(|e| RerankError::Model(format!("tokenizer: {e}")))?;
        let n = encodings.len();
        let len = encodings.first().map(|e| e.get_ids().len()).unwrap_or(0);
        let collect = |f: &dyn Fn(&tokenizers::Encoding) -> Vec<u32>| -> Vec<u32> {
            encodings.iter().flat_map(f).collect()
        };
        let ids = Tensor::from_vec(collect(&|e| e.get_ids().to_vec()), (n, len), &self.device)?;
        let types = Tensor::from_vec(
            collect(&|e| e.get_type_ids().to_vec()),
            (n, len),
            &self.device,
        )?;
        let mask = Tensor::from_vec(
            collect(&|e| e.get_attention_mask().to_vec()),
            (n, len),
            &self.device,
        )?;
        let hidden = self.bert.forward(&ids, &types, Some(&mask))?;
        let cls = hidden.narrow(1, 0, 1)?.squeeze(1)?;
        let pooled = match &self.pooler {
            Some(p) => p.forward(&cls)?.tanh()?,
            None => cls,
        };
        let logits = self.classifier.forward(&pooled)?;
        Ok(logits.flatten_all()?.to_vec1::<f32>()?)
    }

    /// Reorders the first `top` recommendations by cross-encoder score; `docs[i]` is the text of
    /// `recs[i]`'s internship.
    pub fn rerank(
        &self,
        query: &str,
        docs: &[String],
        recs: &mut [Recommendation],
        top: usize,
    ) -> Result<(), RerankError> {
        let top = top.min(recs.len()).min(docs.len());
        let scores = self.score(query, &docs[..top])?;
        let mut order: Vec<usize> = (0..top).collect();
        order.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]).then(a.cmp(b)));
        let reordered: Vec<Recommendation> = order.iter().map(|i| recs[*i].clone()).collect();
        recs[..top].clone_from_slice(&reordered);
        Ok(())
    }
}

#[cfg(test)]
#[path = "rerank_tests.rs"]
pub(crate) mod tests;
