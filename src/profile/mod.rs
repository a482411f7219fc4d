//! Student and employer profiles, the student's resume, the company's documents (logo and
//! licence), and the student dashboard (institutes: `crate::institute`).

pub mod documents;
pub mod model;
pub mod resume;
pub mod routes;
pub mod service;
pub mod store;
pub mod team;
