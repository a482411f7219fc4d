//! The review queue of postings: postings the posting rules hold back (they ask students for
//! money, pay below the minimum, or come from a new company) and postings students report wait
//! here for an administrator.

pub mod model;
mod notices;
pub mod routes;
pub mod rules;
pub mod service;
pub mod store;
