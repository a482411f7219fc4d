//! Recommendations, by stage: `embedding` (the model thread, text assembly, vectors as bytes),
//! `index` (the vector scan, the catalogue and its live copy), `ranking` (skills read through
//! `crate::taxonomy`, places, lexical, the hybrid score and explanations), `learning` (feedback, training samples, the learned
//! reranker and the cross-encoder) and `eval` (the benchmark and its commands). Each stage keeps
//! its Diesel queries in its own `store.rs`.
//!
//! The engine (`ranking::{places, lexical, score}` with `crate::taxonomy`, `model`, `eval`) is pure: plain structs
//! in, ranked and explained results out, so the web app and `praktiki eval` run exactly the same
//! code. The module's public face is `routes` (HTTP), `service` (what routes, other modules and
//! the job registry call; it re-exports the stages' live rules), `store` (Diesel queries, its
//! own: the stages' stores re-exported, and the run-time settings and admin counts), `model`
//! (types), `knobs` (the numbers an admin may tune) and `runtime` (the weights and reranker in
//! effect on this instance).

pub mod embedding;
pub mod eval;
pub mod index;
pub mod knobs;
pub mod learning;
pub mod model;
pub mod ranking;
pub mod routes;
pub mod runtime;
pub mod service;
pub mod store;

// The paths the binary's tests and benchmarks name.
pub use embedding::{embedder, slot};
