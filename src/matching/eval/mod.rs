//! Evaluation: the labelled benchmark (`praktiki eval`) and the matching sub-commands.

pub mod benchmark;
pub mod commands;
pub mod honesty;
pub mod robustness;
