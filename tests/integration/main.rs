//! One integration-test binary: black-box tests that start the real app on a random port and
//! drive it over HTTP like a browser, on SQLite and (with TEST_POSTGRES_URL) on PostgreSQL.

mod helpers;

mod account;
mod admin;
mod alerts;
mod applications;
mod architecture;
mod auth;
mod cli;
mod employer_docs;
mod i18n;
mod institutes;
mod internships;
mod languages;
mod matching;
mod migrations;
mod notify;
mod ops;
mod privacy;
mod recommendations;
mod reranker;
mod resume;
mod resume_read;
mod security;
mod smtp;
