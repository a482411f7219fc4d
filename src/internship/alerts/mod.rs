//! Saved searches with daily email alerts (issue 14).

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
