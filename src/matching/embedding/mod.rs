//! Embedding: the model thread and its slot, the texts the model reads, and vectors as stored bytes.

pub mod documents;
pub mod embedder;
pub mod jobs;
pub mod slot;
