//! Operations: liveness, readiness, metrics, the embedded static files, and backups.

pub mod backup;
pub mod routes;
pub mod shutdown;
