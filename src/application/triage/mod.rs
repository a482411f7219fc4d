//! Triage in bulk: many applicants moved by one form (shortlist, not selected, interview), each
//! move checked and audited, with the employer's message templates as the words the students read.

pub mod applicants;
pub mod model;
pub mod routes;
pub mod service;
pub mod store;
