//! Student and employer profiles, and the student dashboard (institutes: `crate::institute`).

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
