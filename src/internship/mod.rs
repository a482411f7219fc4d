//! Internships: the public home page and search, employers' postings (the form's checks in
//! `posting_form`) and students' saved postings (`saved`, its queries in `saved_store`).
//!
//! Other modules use this one through `service` only (its public face); `store` is its own
//! (ARCHITECTURE.md).

pub mod alerts;
pub mod dashboard;
pub mod model;
mod posting_form;
mod posting_routes;
pub mod review;
pub mod routes;
pub mod saved;
pub mod saved_store;
pub mod search;
pub mod service;
pub mod store;
