//! Team seats: a company has several members. The owner (the account that made the company
//! profile) invites colleagues by email and removes them; members see and move the company's
//! postings and applicants. Every ownership check asks one function, `service::company_of`.

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
