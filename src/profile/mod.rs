//! Student and employer profiles, the student's resume, and the dashboards of students and
//! institutes.

pub mod model;
pub mod resume;
pub mod routes;
pub mod service;
pub mod store;
