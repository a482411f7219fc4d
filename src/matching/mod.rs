//! Recommendations: the embedding model, scoring, reranking, explanations and their evaluation.

pub mod commands;
pub mod embedder;
pub mod eval;
pub mod index;
pub mod lexical;
pub mod model;
pub mod rerank;
pub mod score;
pub mod service;
pub mod skills;
pub mod slot;
pub mod store;
