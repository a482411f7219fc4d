//! Learning: the learned reranker trained on the platform's outcomes, and the cross-encoder.

pub mod rerank;
