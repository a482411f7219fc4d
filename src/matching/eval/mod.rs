//! Evaluation: the labelled benchmark (`praktiki eval`) and the matching sub-commands.

pub mod benchmark;
pub mod commands;
