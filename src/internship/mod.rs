//! Internships: the public home page and search, and employers' postings.

pub mod model;
pub mod review;
pub mod routes;
pub mod service;
pub mod store;
