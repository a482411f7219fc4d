//! Student and employer profiles, the student's resume, and the student dashboard (institutes:
//! `crate::institute`).

pub mod model;
pub mod resume;
pub mod routes;
pub mod service;
pub mod store;
