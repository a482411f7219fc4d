//! Learning: feedback (`feedback`), the training samples and the nightly job (`training`), which
//! reranker is in use (`rerank`), the learned reranker itself (`learned_reranker`) and how it
//! does on held-out outcomes (`held_out`), an operator's cross-encoder (`cross_encoder`), how
//! long served lists are kept for training (`retention`), and the stage's types (`model`: servings,
//! outcomes, stored models) and queries (`store`).

pub mod cross_encoder;
pub mod feedback;
pub mod held_out;
pub mod learned_reranker;
pub mod model;
pub mod rerank;
pub mod retention;
pub mod store;
pub mod training;
