//! Student and institute profiles, and their dashboards.

pub mod routes;
