//! The employer's page of one applicant (`GET /employer/applications/{id}`): profile, resume,
//! answers, fit, history, offer and actions. Opening it the first time marks the application
//! "viewed", once.

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
