//! Operations endpoints: liveness, readiness, metrics, and the embedded static files.

pub mod routes;
