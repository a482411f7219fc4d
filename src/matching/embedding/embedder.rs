//! The sentence-embedding model `all-MiniLM-L6-v2`, run in-process.
//!
//! Vectors are what sentence-transformers produces: BERT, mean pooling over the text's tokens,
//! L2 normalisation, inputs truncated to 256 tokens. The encoder is `minibert` (crates/minibert:
//! packed weights, no padding, fused layer ops; see DESIGN §8 for why not a general tensor
//! library). The model lives on ONE dedicated thread fed by a bounded channel
//! (text-embeddings-inference's shape): request workers never run inference, and requests that
//! queue up while the model is busy are batched into one pass.

use minibert::{Config, Encoder, Kernels, Workspace};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use tokenizers::{Tokenizer, TruncationParams};

pub const EMBEDDING_DIM: usize = 384;
/// sentence-transformers' `max_seq_length` for this model.
pub const MAX_TOKENS: usize = 256;
/// Texts batched from the queue before the model thread stops collecting.
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
    encoder: Encoder,
    tokenizer: Tokenizer,
    workspace: Workspace,
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
        Self::start(files, threads, name, None)
    }

    /// Like [`Embedder::load`], with the encoder running the given kernel path instead of the
    /// widest this CPU has (tests force each path this way); fails if the CPU lacks it.
    pub fn load_with_kernels(
        dir: &Path,
        threads: usize,
        kernels: Kernels,
    ) -> Result<Embedder, EmbedderError> {
        let files = ModelFiles::in_dir(dir)?;
        Self::start(
            files,
            threads,
            format!("all-MiniLM-L6-v2 ({kernels:?})"),
            Some(kernels),
        )
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
        Self::start(files, threads, "all-MiniLM-L6-v2".into(), None)
    }

    fn start(
        files: ModelFiles,
        threads: usize,
        name: String,
        kernels: Option<Kernels>,
    ) -> Result<Embedder, EmbedderError> {
        let model = Model::load(&files, kernels)?;
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
    fn load(files: &ModelFiles, kernels: Option<Kernels>) -> Result<Model, EmbedderError> {
        let load =
            |what: &str, e: &dyn std::fmt::Display| EmbedderError::Load(format!("{what}: {e}"));
        let config: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&files.config).map_err(|e| load("config.json", &e))?,
        )
        .map_err(|e| load("config.json", &e))?;
        let config = encoder_config(&config).map_err(|e| load("config.json", &e))?;
        let mut encoder = Encoder::from_file(&files.weights, config)
            .map_err(|e| load("model.safetensors", &e))?;
        if let Some(kernels) = kernels {
            encoder = encoder
                .with_kernels(kernels)
                .map_err(|e| load("kernels", &e))?;
        }
        let mut tokenizer =
            Tokenizer::from_file(&files.tokenizer).map_err(|e| load("tokenizer.json", &e))?;
        // tokenizer.json ships with fixed 128-token padding; sentence-transformers truncates at
        // 256. The encoder takes each text at its own length, so no padding at all.
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..Default::default()
            }))
            .map_err(|e| load("tokenizer", &e))?;
        tokenizer.with_padding(None);
        Ok(Model {
            encoder,
            tokenizer,
            workspace: Workspace::default(),
        })
    }

    /// Embeds any number of texts, in order (the encoder splits long batches itself).
    fn embed_all(&mut self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedderError> {
        let fail = |e: &dyn std::fmt::Display| EmbedderError::Inference(e.to_string());
        let encodings = if let [text] = texts {
            // One text: no hand-off to the pool just to tokenize it.
            vec![
                self.tokenizer
                    .encode(text.as_str(), true)
                    .map_err(|e| fail(&e))?,
            ]
        } else {
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            self.tokenizer
                .encode_batch(texts, true)
                .map_err(|e| fail(&e))?
        };
        let ids: Vec<&[u32]> = encodings.iter().map(|e| e.get_ids()).collect();
        self.encoder
            .embed(&mut self.workspace, &ids)
            .map_err(|e| fail(&e))
    }
}

/// The encoder's shape from the model's `config.json` (a BERT with GELU and absolute positions).
fn encoder_config(config: &serde_json::Value) -> Result<Config, String> {
    let size = |key: &str| {
        config[key]
            .as_u64()
            .map(|v| v as usize)
            .ok_or_else(|| format!("{key} missing"))
    };
    if config["hidden_act"].as_str() != Some("gelu") {
        return Err(format!(
            "hidden_act {} (only gelu is supported)",
            config["hidden_act"]
        ));
    }
    if config["position_embedding_type"]
        .as_str()
        .is_some_and(|t| t != "absolute")
    {
        return Err("only absolute position embeddings are supported".into());
    }
    Ok(Config {
        layers: size("num_hidden_layers")?,
        hidden: size("hidden_size")?,
        heads: size("num_attention_heads")?,
        intermediate: size("intermediate_size")?,
        max_positions: size("max_position_embeddings")?,
        vocab: size("vocab_size")?,
        layer_norm_eps: config["layer_norm_eps"].as_f64().unwrap_or(1e-12) as f32,
    })
}

/// The model thread: take what is waiting, run it together, answer each caller.
fn serve(mut model: Model, receiver: mpsc::Receiver<Request>) {
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
#[path = "embedder_tests.rs"]
mod tests;
