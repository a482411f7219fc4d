//! Internships: the public home page and search, and employers' postings.

pub mod alerts;
pub mod model;
pub mod routes;
pub mod service;
pub mod store;
