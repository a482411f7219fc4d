//! Recommendations: the embedding model, scoring, reranking, explanations and their evaluation.
//!
//! The engine (`skills`, `score`, `lexical`, `model`, `eval`) is pure: plain structs in, ranked
//! and explained results out, so the web app and `praktiki eval` run exactly the same code. The
//! live side (`documents`, `service`, `store`, `routes`) reads and writes the database.

pub mod commands;
pub mod documents;
pub mod embedder;
pub mod eval;
pub mod index;
pub mod lexical;
pub mod live;
pub mod model;
pub mod places;
pub mod rerank;
pub mod routes;
pub mod runtime;
pub mod score;
pub mod service;
pub mod skills;
pub mod slot;
pub mod store;
