//! The learned reranker: a small MLP (score parts and a few derived features → 16 → 1) trained
//! with candle-nn on the platform's own outcomes (shortlisted/accepted/liked = good,
//! rejected/dismissed = bad). Versioned; its weights serialise to bytes (JSON) for the
//! database. With too few outcomes, [`train`] declines and the hybrid order stands. Apart from
//! `rerank.rs` (which reranker is in use) because this is the model itself: its features,
//! fitting and scoring.

use super::rerank::RerankError;
use crate::matching::model::{Recommendation, ScoreParts};
use candle_core::{DType, Device, Module, Tensor, Var};
use candle_nn::{Optimizer, VarBuilder, VarMap};
use serde::{Deserialize, Serialize};
/// Outcomes needed before a learned reranker replaces the hybrid order.
pub const MIN_SAMPLES: usize = 200;
/// Of which at least this many must be good and this many bad.
pub const MIN_PER_CLASS: usize = 30;
/// Serialisation format of [`LearnedReranker::to_bytes`].
pub const FORMAT: &str = "praktiki-reranker/1";
const HIDDEN: usize = 16;

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
pub(super) fn fit(
    samples: &[Sample],
    version: u32,
    epochs: usize,
) -> Result<LearnedReranker, RerankError> {
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

#[cfg(test)]
#[path = "learned_reranker_tests.rs"]
pub(crate) mod tests;
