//! Consents a user gives or withdraws (DPDP Act 2023): the privacy notice at sign-up and again
//! when its version changes, and the other purposes a user decides on (an institute seeing a
//! student's applications). Kept with accounts so that signing up and logging in can ask for it.

pub mod service;
pub mod store;
