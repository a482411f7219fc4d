//! The cross-encoder: a BERT model an operator may place in `models/` (`config.json`,
//! `model.safetensors`, `tokenizer.json`; BERT weights plus a linear head
//! `classifier.weight`/`classifier.bias`), scoring (student text, internship text) pairs.
//! Inference is heavy: call it off the request workers (the blocking pool). Apart from the
//! learned reranker because it shares nothing with it but the [`Reranker`](super::rerank::Reranker)
//! that chooses between them.

use super::rerank::RerankError;
use crate::matching::model::Recommendation;
use candle_core::{DType, Device, Module, Tensor};
use candle_nn::VarBuilder;
use std::path::Path;
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
#[path = "cross_encoder_tests.rs"]
pub(crate) mod tests;
