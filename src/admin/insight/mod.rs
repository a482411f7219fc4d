//! The admin dashboard: platform counts and charts you can see (inline SVG, no JavaScript).

pub mod routes;
pub mod service;
mod store;
