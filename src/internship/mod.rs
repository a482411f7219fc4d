//! Internships: the public home page and search, and employers' postings.

pub mod routes;
