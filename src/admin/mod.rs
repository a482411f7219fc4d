//! The admin area: verification of employers and institutes (`verification_routes`), moderation
//! of users and internships (`moderation_routes`), the dashboard (`insight`), the audit log,
//! outbox, jobs (`routes`) and matching (`matching_routes`, its rules in
//! `matching_service`).
//!
//! It uses the other modules through their services, never their stores (ARCHITECTURE.md).

pub mod audit_log;
pub mod insight;
mod matching_routes;
mod matching_service;
pub mod model;
mod moderation_routes;
pub mod routes;
pub mod service;
pub mod store;
mod verification_routes;
