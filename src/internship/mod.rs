//! Internships: the public home page and search, and employers' postings.
//!
//! Other modules use this one through `service` only (its public face); `store` is its own
//! (ARCHITECTURE.md).

pub mod model;
pub mod routes;
pub mod search;
pub mod service;
pub mod store;
