//! Evaluation: the labelled benchmark file (`dataset`), its metrics (`metrics`), ranking it with
//! the app's own code (`benchmark`, `praktiki eval`), the checks on explanations (`honesty`) and
//! on noisy files (`robustness`), a per-student dump of the rankings (`inspect`), the matching sub-commands (`commands`), and the latency
//! benchmark of the live path (`bench_match`).

pub mod bench_match;
pub mod benchmark;
pub mod commands;
pub mod dataset;
pub mod honesty;
pub mod inspect;
pub mod metrics;
pub mod robustness;
