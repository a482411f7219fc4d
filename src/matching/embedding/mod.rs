//! Embedding: the model thread and its slot, the texts the model reads, vectors as stored bytes,
//! the embed jobs, and bulk embedding with shared texts (seed-bench).

pub mod bulk;
pub mod documents;
pub mod embedder;
pub mod jobs;
pub mod slot;
