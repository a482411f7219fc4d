//! Learning: the learned reranker trained on the platform's outcomes, the cross-encoder, and how
//! long served lists are kept for training (`retention`).

pub mod feedback;
pub mod rerank;
pub mod retention;
pub mod store;
pub mod training;
