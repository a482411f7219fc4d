//! Student and employer profiles, and the dashboards of students and institutes.

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
