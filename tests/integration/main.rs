//! One integration-test binary: black-box tests that start the real app on a random port and
//! drive it over HTTP like a browser, on SQLite and (with TEST_POSTGRES_URL) on PostgreSQL.

mod helpers;

mod admin;
mod applications;
mod architecture;
mod auth;
mod cli;
mod employer_docs;
mod i18n;
mod institutes;
mod internships;
mod matching;
mod migrations;
mod notify;
mod ops;
mod recommendations;
mod reranker;
mod resume;
mod retention;
mod search;
mod security;
mod seed_bench;
mod smtp;
