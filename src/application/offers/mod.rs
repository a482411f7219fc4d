//! Offers: "selected" is an offer with terms and a date to answer by. The student accepts
//! (which ends her search: her other applications are withdrawn in the same transaction) or
//! declines; an offer not answered in time expires; a suspended company's offers are closed.

pub mod closing;
pub mod model;
pub mod notices;
pub mod routes;
pub mod service;
pub mod store;
pub mod terms;
