//! Institutes: their profile (AISHE code, verified by an admin), the students who link to them
//! (`linking`) and whom they confirm (`roster`), those students' applications (read-only, CSV)
//! and placement figures.
//!
//! Its Diesel queries are split by what they read: `store` (the institute's profile), `link_store`
//! (a student's link), `students_store` (the roster, records, applications), `placement_store`
//! (the figures), the last two sharing `student_filters`. Other modules use this one through
//! `service` only (its public face); the stores are its own (ARCHITECTURE.md).

pub mod csv;
pub mod csv_export;
mod link_store;
pub mod linking;
pub mod model;
mod placement_store;
mod roster;
pub mod routes;
pub mod service;
pub mod store;
mod student_filters;
mod students_store;
