//! Recommendations: the embedding model, scoring, reranking, explanations and their evaluation.

pub mod embedder;
pub mod slot;
