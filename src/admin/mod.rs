//! The admin area: verification, moderation, audit log, outbox, jobs, matching.

pub mod audit_log;
pub mod insight;
mod matching_routes;
pub mod model;
pub mod routes;
pub mod service;
pub mod store;
