//! Institutes: their profile (AISHE code, verified by an admin), the students who link to them
//! and whom they confirm, those students' applications (read-only, CSV) and placement figures.
//!
//! Other modules use this one through `service` only (its public face); `store` is its own
//! (ARCHITECTURE.md).

pub mod csv;
pub mod csv_export;
pub mod linking;
pub mod model;
pub mod routes;
pub mod service;
pub mod store;
