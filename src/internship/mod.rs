//! Internships: the public home page and search, and employers' postings.
//!
//! Other modules use this one through `service` only (its public face); `store` is its own
//! (ARCHITECTURE.md).

pub mod alerts;
pub mod dashboard;
pub mod model;
mod posting_form;
mod posting_routes;
pub mod review;
pub mod routes;
pub mod saved;
pub mod search;
pub mod service;
pub mod store;
