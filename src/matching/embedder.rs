// TEMPORARY compile stub until the embedder lands (replaced by the real module).
#![allow(dead_code)]
use std::path::Path;
pub const EMBEDDING_DIM: usize = 384;
#[derive(Debug, thiserror::Error)]
pub enum EmbedderError {
    #[error("missing")]
    ModelMissing,
}
#[derive(Clone)]
pub struct Embedder;
impl Embedder {
    pub fn load(_dir: &Path, _threads: usize) -> Result<Embedder, EmbedderError> {
        Err(EmbedderError::ModelMissing)
    }
    pub fn load_from_hub(_threads: usize) -> Result<Embedder, EmbedderError> {
        Err(EmbedderError::ModelMissing)
    }
    pub async fn embed(&self, _t: Vec<String>) -> Result<Vec<Vec<f32>>, EmbedderError> {
        Err(EmbedderError::ModelMissing)
    }
    pub fn embed_blocking(&self, _t: Vec<String>) -> Result<Vec<Vec<f32>>, EmbedderError> {
        Err(EmbedderError::ModelMissing)
    }
    pub fn model_id(&self) -> &str {
        "stub"
    }
}
