//! Unit tests of `cross_encoder.rs` (and of [`Reranker`] with a cross-encoder).

use super::*;
use crate::matching::learning::learned_reranker::tests::rec;
use crate::matching::learning::rerank::{CROSS_ENCODER_LABEL, Reranker};
use crate::matching::model::ScoreParts;
use candle_nn::VarMap;
/// Writes a tiny random BERT cross-encoder (weights, config, word-level tokenizer).
pub(crate) fn tiny_cross_encoder(dir: &Path) {
    use candle_transformers::models::bert::{BertModel, Config};
    let words = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "python", "data", "tally", "gst", "design",
    ];
    let config = serde_json::json!({
        "vocab_size": words.len(), "hidden_size": 8, "num_hidden_layers": 1,
        "num_attention_heads": 2, "intermediate_size": 16, "hidden_act": "gelu",
        "hidden_dropout_prob": 0.0, "max_position_embeddings": 32, "type_vocab_size": 2,
        "initializer_range": 0.02, "layer_norm_eps": 1e-12, "pad_token_id": 0,
        "classifier_dropout": null, "model_type": "bert"
    });
    std::fs::write(dir.join("config.json"), config.to_string()).unwrap();
    let cfg: Config = serde_json::from_value(config).unwrap();
    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
    BertModel::load(vb.pp("bert"), &cfg).unwrap();
    candle_nn::linear(8, 8, vb.pp("bert.pooler.dense")).unwrap();
    candle_nn::linear(8, 1, vb.pp("classifier")).unwrap();
    varmap.save(dir.join("model.safetensors")).unwrap();
    let vocab: std::collections::HashMap<String, u32> = words
        .iter()
        .enumerate()
        .map(|(i, w)| (w.to_string(), i as u32))
        .collect();
    let model = tokenizers::models::wordlevel::WordLevel::builder()
        .vocab(vocab.into_iter().collect())
        .unk_token("[UNK]".into())
        .build()
        .unwrap();
    let mut tokenizer = tokenizers::Tokenizer::new(model);
    tokenizer.with_pre_tokenizer(Some(tokenizers::pre_tokenizers::whitespace::Whitespace {}));
    tokenizer.with_post_processor(Some(
        tokenizers::processors::template::TemplateProcessing::builder()
            .try_single("[CLS] $A [SEP]")
            .unwrap()
            .try_pair("[CLS] $A [SEP] $B:1 [SEP]:1")
            .unwrap()
            .special_tokens(vec![("[CLS]", 2), ("[SEP]", 3)])
            .build()
            .unwrap(),
    ));
    tokenizer.save(dir.join("tokenizer.json"), false).unwrap();
}

#[test]
fn a_cross_encoder_placed_in_models_loads_and_scores() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        CrossEncoder::load(dir.path()),
        Err(RerankError::Missing { .. })
    ));
    tiny_cross_encoder(dir.path());
    let ce = CrossEncoder::load(dir.path()).unwrap();
    assert!(ce.pooler.is_some());
    let docs = vec![
        "tally gst".to_string(),
        "python data design".to_string(),
        "x".to_string(),
    ];
    let scores = ce.score("python data", &docs).unwrap();
    assert_eq!(scores.len(), 3);
    assert!(scores.iter().all(|s| s.is_finite()));
    // Same pair, same score, whatever the batch.
    let alone = ce.score("python data", &docs[1..2]).unwrap();
    assert!((alone[0] - scores[1]).abs() < 1e-4);
    let mut recs: Vec<Recommendation> = (0..3).map(|i| rec(i, ScoreParts::default())).collect();
    ce.rerank("python data", &docs, &mut recs, 3).unwrap();
    let mut got: Vec<usize> = recs.iter().map(|r| r.index).collect();
    got.sort();
    assert_eq!(got, vec![0, 1, 2]);
    std::fs::write(dir.path().join("config.json"), "{").unwrap();
    assert!(CrossEncoder::load(dir.path()).is_err());
}

#[test]
fn a_cross_encoder_reranker_reads_the_texts_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    tiny_cross_encoder(dir.path());
    let ce = std::sync::Arc::new(CrossEncoder::load(dir.path()).unwrap());
    let r = Reranker::Cross(ce);
    assert!(r.status().contains("cross-encoder"), "{}", r.status());
    let mut recs: Vec<Recommendation> = (0..3).map(|i| rec(i, ScoreParts::default())).collect();
    let texts = ["tally gst", "python data design", "design"];
    let label = r.apply(&mut recs, 3, "python data", &|r: &Recommendation| {
        texts[r.index].to_string()
    });
    assert_eq!(label, CROSS_ENCODER_LABEL);
    let mut got: Vec<usize> = recs.iter().map(|r| r.index).collect();
    got.sort();
    assert_eq!(got, vec![0, 1, 2]);
}
