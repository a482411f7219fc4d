//! Applications: students apply (answering screening questions: `applying`), follow and withdraw
//! (`following`); employers see applicants ranked by fit, open each applicant's page (which marks
//! it viewed) and move them through `submitted → viewed → shortlisted → interview → offered`; the
//! student accepts or declines an offer (`offers/`), each move recorded and notified.
//!
//! Other modules use this one through `service` only (its public face); `store` is its own
//! (ARCHITECTURE.md).

pub mod applicant;
pub mod applicants;
pub mod applying;
mod employer_routes;
pub mod following;
pub mod insights;
pub mod interviews;
pub mod model;
pub mod offers;
pub mod routes;
pub mod service;
pub mod status;
pub mod store;
pub mod triage;
