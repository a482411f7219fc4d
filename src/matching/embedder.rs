//! The sentence-embedding model `all-MiniLM-L6-v2`, run in-process with Candle.
//!
//! Vectors are what sentence-transformers produces: BERT, mean pooling weighted by the attention
//! mask, L2 normalisation, inputs truncated to 256 tokens. The model lives on ONE dedicated
//! thread fed by a bounded channel (text-embeddings-inference's shape): request workers never run
//! inference, and requests that queue up while the model is busy are batched into one pass.

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

pub const EMBEDDING_DIM: usize = 384;
/// sentence-transformers' `max_seq_length` for this model.
pub const MAX_TOKENS: usize = 256;
/// Texts per forward pass; longer queues are split.
const BATCH: usize = 32;
/// Requests waiting for the model before callers are made to wait for room.
const QUEUE: usize = 256;
const HUB_REPO: &str = "sentence-transformers/all-MiniLM-L6-v2";

#[derive(Debug, thiserror::Error)]
pub enum EmbedderError {
    #[error("no model in {dir} (run scripts/fetch-model.sh, or set MODEL_FROM_HUB=true)")]
    ModelMissing { dir: String },
    #[error("model could not be loaded: {0}")]
    Load(String),
    #[error("inference failed: {0}")]
    Inference(String),
    #[error("the model thread has stopped")]
    Shutdown,
}

struct Request {
    texts: Vec<String>,
    reply: tokio::sync::oneshot::Sender<Result<Vec<Vec<f32>>, EmbedderError>>,
}

/// Handle to the model thread. Cheap to clone; `Send + Sync`.
#[derive(Clone)]
pub struct Embedder {
    sender: mpsc::SyncSender<Request>,
    model_id: std::sync::Arc<str>,
}

/// What the model thread owns.
struct Model {
    bert: BertModel,
    tokenizer: Tokenizer,
    device: Device,
}

impl Embedder {
    /// Loads `config.json`, `model.safetensors` and `tokenizer.json` from `dir` and starts the
    /// model thread. `threads` bounds the threads one forward pass uses (0 = all cores).
    pub fn load(dir: &Path, threads: usize) -> Result<Embedder, EmbedderError> {
        let files = ModelFiles::in_dir(dir)?;
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "all-MiniLM-L6-v2".into());
        Self::start(files, threads, name)
    }

    /// For machines that reach the model hub: downloads the model into hf-hub's cache and loads it.
    pub fn load_from_hub(threads: usize) -> Result<Embedder, EmbedderError> {
        let api = hf_hub::api::sync::Api::new().map_err(|e| EmbedderError::Load(e.to_string()))?;
        let repo = api.model(HUB_REPO.to_string());
        let get = |file: &str| {
            repo.get(file)
                .map_err(|e| EmbedderError::Load(format!("{file}: {e}")))
        };
        let files = ModelFiles {
            config: get("config.json")?,
            weights: get("model.safetensors")?,
            tokenizer: get("tokenizer.json")?,
        };
        Self::start(files, threads, "all-MiniLM-L6-v2".into())
    }

    fn start(files: ModelFiles, threads: usize, name: String) -> Result<Embedder, EmbedderError> {
        let model = Model::load(&files)?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("inference-{i}"))
            .build()
            .map_err(|e| EmbedderError::Load(e.to_string()))?;
        let (sender, receiver) = mpsc::sync_channel::<Request>(QUEUE);
        std::thread::Builder::new()
            .name("embedder".into())
            .spawn(move || pool.install(|| serve(model, receiver)))
            .map_err(|e| EmbedderError::Load(e.to_string()))?;
        Ok(Embedder {
            sender,
            model_id: name.into(),
        })
    }

    /// Embeds `texts` without blocking the caller's thread (safe on actix workers).
    pub async fn embed(&self, texts: Vec<String>) -> Result<Vec<Vec<f32>>, EmbedderError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let (reply, answer) = tokio::sync::oneshot::channel();
        let mut request = Request { texts, reply };
        // Never block an async worker on a full queue: retry after a short sleep instead.
        loop {
            match self.sender.try_send(request) {
                Ok(()) => break,
                Err(mpsc::TrySendError::Full(back)) => {
                    request = back;
                    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
                }
                Err(mpsc::TrySendError::Disconnected(_)) => return Err(EmbedderError::Shutdown),
            }
        }
        answer.await.map_err(|_| EmbedderError::Shutdown)?
    }

    /// Blocking convenience for the CLI, evaluation and jobs already off the async workers.
    pub fn embed_blocking(&self, texts: Vec<String>) -> Result<Vec<Vec<f32>>, EmbedderError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.sender
            .send(Request { texts, reply })
            .map_err(|_| EmbedderError::Shutdown)?;
        answer
            .blocking_recv()
            .map_err(|_| EmbedderError::Shutdown)?
    }

    pub fn model_id(&self) -> &str {
        &self.model_id
    }
}

/// Dot product of two normalised vectors (their cosine similarity).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

struct ModelFiles {
    config: PathBuf,
    weights: PathBuf,
    tokenizer: PathBuf,
}

impl ModelFiles {
    fn in_dir(dir: &Path) -> Result<ModelFiles, EmbedderError> {
        let files = ModelFiles {
            config: dir.join("config.json"),
            weights: dir.join("model.safetensors"),
            tokenizer: dir.join("tokenizer.json"),
        };
        if !(files.config.exists() && files.weights.exists() && files.tokenizer.exists()) {
            return Err(EmbedderError::ModelMissing {
                dir: dir.display().to_string(),
            });
        }
        Ok(files)
    }
}

impl Model {
    fn load(files: &ModelFiles) -> Result<Model, EmbedderError> {
        let load =
            |what: &str, e: &dyn std::fmt::Display| EmbedderError::Load(format!("{what}: {e}"));
        let config: Config = serde_json::from_str(
            &std::fs::read_to_string(&files.config).map_err(|e| load("config.json", &e))?,
        )
        .map_err(|e| load("config.json", &e))?;
        let device = Device::Cpu;
        let weights = std::fs::read(&files.weights).map_err(|e| load("model.safetensors", &e))?;
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &device)
            .map_err(|e| load("model.safetensors", &e))?;
        let bert = BertModel::load(vb, &config).map_err(|e| load("weights", &e))?;
        let mut tokenizer =
            Tokenizer::from_file(&files.tokenizer).map_err(|e| load("tokenizer.json", &e))?;
        // tokenizer.json ships with fixed 128-token padding; sentence-transformers truncates at
        // 256 and pads to the longest text of the batch.
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..Default::default()
            }))
            .map_err(|e| load("tokenizer", &e))?;
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..Default::default()
        }));
        Ok(Model {
            bert,
            tokenizer,
            device,
        })
    }

    /// One forward pass over texts of similar length.
    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedderError> {
        let fail = |e: &dyn std::fmt::Display| EmbedderError::Inference(e.to_string());
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| fail(&e))?;
        let len = encodings.first().map(|e| e.get_ids().len()).unwrap_or(0);
        let n = encodings.len();
        let mut ids = Vec::with_capacity(n * len);
        let mut mask = Vec::with_capacity(n * len);
        for enc in &encodings {
            ids.extend(enc.get_ids().iter().map(|&i| i as u32));
            mask.extend(enc.get_attention_mask().iter().map(|&m| m as u32));
        }
        let ids = Tensor::from_vec(ids, (n, len), &self.device).map_err(|e| fail(&e))?;
        let mask = Tensor::from_vec(mask, (n, len), &self.device).map_err(|e| fail(&e))?;
        let types = ids.zeros_like().map_err(|e| fail(&e))?;
        let hidden = self
            .bert
            .forward(&ids, &types, Some(&mask))
            .map_err(|e| fail(&e))?;
        // Mean over real tokens only, then unit length.
        let mask_f = mask
            .to_dtype(DType::F32)
            .and_then(|m| m.unsqueeze(2))
            .map_err(|e| fail(&e))?;
        let summed = hidden
            .broadcast_mul(&mask_f)
            .and_then(|h| h.sum(1))
            .map_err(|e| fail(&e))?;
        let counts = mask_f
            .sum(1)
            .and_then(|c| c.clamp(1e-9, f64::MAX))
            .map_err(|e| fail(&e))?;
        let mean = summed.broadcast_div(&counts).map_err(|e| fail(&e))?;
        let norm = mean
            .sqr()
            .and_then(|s| s.sum_keepdim(1))
            .and_then(|s| s.sqrt())
            .and_then(|s| s.clamp(1e-12, f64::MAX))
            .map_err(|e| fail(&e))?;
        mean.broadcast_div(&norm)
            .and_then(|v| v.to_vec2::<f32>())
            .map_err(|e| fail(&e))
    }

    /// Embeds any number of texts: sorted by length so each batch pads little, then restored.
    fn embed_all(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedderError> {
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].len());
        let mut out = vec![Vec::new(); texts.len()];
        for chunk in order.chunks(BATCH) {
            let batch: Vec<&str> = chunk.iter().map(|&i| texts[i].as_str()).collect();
            for (&i, vector) in chunk.iter().zip(self.embed_batch(&batch)?) {
                out[i] = vector;
            }
        }
        Ok(out)
    }
}

/// The model thread: take what is waiting, run it together, answer each caller.
fn serve(model: Model, receiver: mpsc::Receiver<Request>) {
    while let Ok(first) = receiver.recv() {
        let mut requests = vec![first];
        let mut waiting: usize = requests[0].texts.len();
        while waiting < BATCH * 4 {
            match receiver.try_recv() {
                Ok(next) => {
                    waiting += next.texts.len();
                    requests.push(next);
                }
                Err(_) => break,
            }
        }
        let texts: Vec<String> = requests
            .iter()
            .flat_map(|r| r.texts.iter().cloned())
            .collect();
        match model.embed_all(&texts) {
            Ok(mut vectors) => {
                for request in requests {
                    let rest = vectors.split_off(request.texts.len().min(vectors.len()));
                    let _ = request
                        .reply
                        .send(Ok(std::mem::replace(&mut vectors, rest)));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "embedding failed");
                for request in requests {
                    let _ = request
                        .reply
                        .send(Err(EmbedderError::Inference(e.to_string())));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real model from `models/all-MiniLM-L6-v2` (scripts/test.sh fetches it). A missing
    /// model fails the test: a skipped model test must never pass as a green one.
    fn model() -> Option<Embedder> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/all-MiniLM-L6-v2");
        match Embedder::load(&dir, 2) {
            Ok(embedder) => Some(embedder),
            Err(e) => panic!("{e} (run scripts/fetch-model.sh)"),
        }
    }

    #[test]
    fn similar_sentences_score_higher_and_vectors_are_normalised() {
        let Some(embedder) = model() else { return };
        let v = embedder
            .embed_blocking(vec![
                "Python developer intern building REST APIs".into(),
                "Backend internship writing Python web services".into(),
                "Accounting intern maintaining ledgers in Tally".into(),
                String::new(),
            ])
            .unwrap();
        assert_eq!(v.len(), 4);
        for x in &v {
            assert_eq!(x.len(), EMBEDDING_DIM);
            assert!((cosine(x, x) - 1.0).abs() < 1e-4);
        }
        assert!(cosine(&v[0], &v[1]) > cosine(&v[0], &v[2]) + 0.2);
    }

    #[test]
    fn batch_and_single_give_the_same_vectors() {
        let Some(embedder) = model() else { return };
        let long = "Responsible for data pipelines in Python and SQL. ".repeat(40);
        let texts: Vec<String> = vec![
            "short".into(),
            "a much longer sentence about machine learning internships in Bengaluru".into(),
            String::new(),
            long,
            "UI/UX design".into(),
        ];
        let batch = embedder.embed_blocking(texts.clone()).unwrap();
        assert_eq!(batch.len(), texts.len());
        for (text, b) in texts.iter().zip(&batch) {
            let single = embedder.embed_blocking(vec![text.clone()]).unwrap();
            assert!(cosine(&single[0], b) >= 0.99999, "{text}");
        }
        assert!(embedder.embed_blocking(Vec::new()).unwrap().is_empty());
    }

    #[test]
    fn matches_sentence_transformers_reference_vectors() {
        let Some(embedder) = model() else { return };
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference_embeddings.json");
        let fixture: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let texts: Vec<String> = serde_json::from_value(fixture["texts"].clone()).unwrap();
        let expected: Vec<Vec<f32>> = serde_json::from_value(fixture["vectors"].clone()).unwrap();
        assert_eq!(texts.len(), expected.len());
        let got = embedder.embed_blocking(texts.clone()).unwrap();
        for ((text, g), e) in texts.iter().zip(&got).zip(&expected) {
            let similarity = cosine(g, e) / cosine(e, e).sqrt();
            assert!(similarity >= 0.9999, "{similarity} for {text:?}");
        }
    }

    #[tokio::test]
    async fn async_callers_are_answered_and_batched() {
        let Some(embedder) = model() else { return };
        let calls = (0..8).map(|i| {
            let e = embedder.clone();
            async move { e.embed(vec![format!("internship number {i}")]).await }
        });
        let answers = futures_util::future::join_all(calls).await;
        for answer in answers {
            assert_eq!(answer.unwrap()[0].len(), EMBEDDING_DIM);
        }
        assert!(embedder.embed(Vec::new()).await.unwrap().is_empty());
    }
}
