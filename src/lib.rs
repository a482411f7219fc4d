//! Praktiki: a campus-to-career internship platform in one binary.
//!
//! Product modules (`auth`, `internship`, `matching`, …) share one inner shape: `routes.rs` (HTTP),
//! `service.rs` (rules), `store.rs` (Diesel queries), `model.rs` (types). Plumbing lives in `web`,
//! `db`, `config` and `telemetry`.

#![forbid(unsafe_code)]

pub mod account;
pub mod admin;
pub mod app;
pub mod application;
pub mod audit;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod files;
pub mod institute;
pub mod internship;
pub mod jobs;
pub mod matching;
pub mod notify;
pub mod ops;
pub mod profile;
pub mod seed_bench;
pub mod state;
pub mod taxonomy;
pub mod telemetry;
pub mod web;

pub use app::Application;
pub use config::Settings;
pub use state::AppState;
