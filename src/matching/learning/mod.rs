//! Learning: the learned reranker trained on the platform's outcomes, and the cross-encoder.

pub mod feedback;
pub mod rerank;
pub mod store;
pub mod training;
