//! Background jobs: rows in the database, claimed by one instance at a time, retried with
//! exponential back-off, plus periodic jobs enqueued once per period across all instances.
//!
//! Other modules use this one through `service` only (its public face); `store` is its own
//! (ARCHITECTURE.md).

pub mod model;
pub mod service;
pub mod store;

pub use service::{JobRegistry, enqueue};
