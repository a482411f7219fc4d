//! Unit tests of `rerank.rs`.

use super::*;
use crate::matching::model::Explanation;

fn rec(index: usize, parts: ScoreParts) -> Recommendation {
    Recommendation {
        index,
        id: index.to_string(),
        score: parts.total,
        order: parts.total,
        explanation: Explanation {
            parts,
            ..Explanation::default()
        },
    }
}

/// Outcomes where only the skills part decides: good iff skills > 0.5.
fn samples(n: usize) -> Vec<Sample> {
    (0..n)
        .map(|i| {
            let skills = (i * 37 % 100) as f32 / 100.0;
            let semantic = (i * 53 % 100) as f32 / 100.0;
            let parts = ScoreParts {
                semantic,
                skills,
                total: semantic,
                ..ScoreParts::default()
            };
            Sample {
                features: features(&parts, i % 50),
                label: if skills > 0.5 { 1.0 } else { 0.0 },
            }
        })
        .collect()
}

#[test]
fn too_few_outcomes_keep_the_hybrid_order_and_say_so() {
    let t = train(&samples(50), 1, 10).unwrap();
    let r = Reranker::from(t);
    assert!(matches!(r, Reranker::Hybrid { .. }));
    assert!(r.status().contains("only 50 outcomes"), "{}", r.status());
    assert_eq!(r.version(), 0);
    let mut recs: Vec<Recommendation> = (0..3).map(|i| rec(i, ScoreParts::default())).collect();
    assert_eq!(r.apply(&mut recs, 3, "", &|_| String::new()), HYBRID_LABEL);
    assert_eq!(
        recs.iter().map(|r| r.index).collect::<Vec<_>>(),
        vec![0, 1, 2]
    );
}

#[test]
fn a_trained_reranker_learns_the_outcome_and_round_trips_as_bytes() {
    let Training::Trained(model) = train(&samples(400), 3, 300).unwrap() else {
        panic!("should train");
    };
    assert_eq!(model.version, 3);
    let model = LearnedReranker::from_bytes(&model.to_bytes()).unwrap();
    // Hybrid order says semantic; outcomes said skills. The reranker follows outcomes.
    let low = ScoreParts {
        semantic: 0.9,
        skills: 0.1,
        total: 0.9,
        ..Default::default()
    };
    let high = ScoreParts {
        semantic: 0.2,
        skills: 0.9,
        total: 0.2,
        ..Default::default()
    };
    let mut recs = vec![rec(0, low), rec(1, high), rec(2, low)];
    let label = Reranker::Learned(model.clone()).apply(&mut recs, 2, "", &|_| String::new());
    assert_eq!(label, "mlp-v3");
    assert_eq!(
        recs.iter().map(|r| r.index).collect::<Vec<_>>(),
        vec![1, 0, 2]
    );
    assert!(LearnedReranker::from_bytes(b"{}").is_err());
    let mut bad = model;
    bad.w1.pop();
    assert!(LearnedReranker::from_bytes(&bad.to_bytes()).is_err());
}

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
fn held_out_metrics_measure_a_model_on_outcomes_it_did_not_see() {
    let m = held_out(&samples(400), 300)
        .unwrap()
        .expect("both classes held out");
    assert_eq!(m.samples, 80);
    assert!(m.accuracy > 0.8, "{m:?}");
    assert!(m.auc > 0.9, "{m:?}");
    // One class only: nothing to measure.
    let one: Vec<Sample> = samples(400).into_iter().filter(|s| s.label > 0.5).collect();
    assert!(held_out(&one, 10).unwrap().is_none());
}

#[test]
fn accuracy_and_auc_by_hand() {
    let good = [true, false, true, false];
    assert_eq!(accuracy(&[1.0, -1.0, -0.5, 0.5], &good), 0.5);
    assert_eq!(auc(&[0.9, 0.1, 0.8, 0.2], &good), 1.0);
    assert_eq!(auc(&[0.1, 0.9, 0.2, 0.8], &good), 0.0);
    assert_eq!(auc(&[0.5, 0.5, 0.5, 0.5], &good), 0.5);
    assert_eq!(auc(&[0.5], &[true]), 0.5);
    assert_eq!(accuracy(&[], &[]), 0.0);
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

#[test]
fn a_failing_reranker_keeps_the_hybrid_order_and_logs_hybrid() {
    let Training::Trained(mut model) = train(&samples(400), 2, 20).unwrap() else {
        panic!("should train");
    };
    // A model whose weights do not fit the features fails to score: hybrid order stands.
    model.w1.pop();
    let mut recs: Vec<Recommendation> = (0..3).map(|i| rec(i, ScoreParts::default())).collect();
    let label = Reranker::Learned(model).apply(&mut recs, 3, "", &|_| String::new());
    assert_eq!(label, HYBRID_LABEL);
    assert_eq!(
        recs.iter().map(|r| r.index).collect::<Vec<_>>(),
        vec![0, 1, 2]
    );
}
