//! Recommendations: the embedding model, scoring, reranking, explanations and their evaluation.

pub mod embedder;
pub mod documents;
pub mod service;
pub mod skills;
pub mod slot;
pub mod store;
