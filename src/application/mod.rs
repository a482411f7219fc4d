//! Applications: students apply (answering screening questions), follow and withdraw; employers
//! see applicants ranked by fit and move them through `pending → shortlisted → interview →
//! accepted | rejected`, each move recorded and notified.
//!
//! Other modules use this one through `service` only (its public face); `store` is its own
//! (ARCHITECTURE.md).

pub mod emails;
pub mod model;
pub mod routes;
pub mod service;
pub mod store;
