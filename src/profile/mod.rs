//! Student and employer profiles, the student's resume, the company's documents (logo and
//! licence), and the student dashboard (`dashboard`; institutes: `crate::institute`).
//!
//! Other modules use this one through `service` only (its public face); `store` is its own
//! (ARCHITECTURE.md).

pub mod cv;
mod dashboard;
pub mod documents;
pub mod model;
pub mod resume;
pub mod routes;
pub mod service;
pub mod store;
pub mod team;
