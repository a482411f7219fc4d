//! The admin area: verification, moderation, audit log, outbox, jobs, matching.
//!
//! It uses the other modules through their services, never their stores (ARCHITECTURE.md).

pub mod audit_log;
pub mod insight;
mod matching_routes;
pub mod model;
pub mod routes;
pub mod service;
pub mod store;
