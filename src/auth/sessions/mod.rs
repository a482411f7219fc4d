//! The sessions page: a user's signed-in devices (one per refresh-token family), and ending any
//! or all of the others.

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
