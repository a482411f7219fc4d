//! Embedding: the model thread and its slot, the texts the model reads, vectors as stored bytes,
//! the embed jobs, bulk embedding with shared texts (seed-bench), and the stage's queries
//! (`store`: the embed queue, the documents, stored vectors).

pub mod bulk;
pub mod documents;
pub mod embedder;
pub mod jobs;
pub mod slot;
pub mod store;
