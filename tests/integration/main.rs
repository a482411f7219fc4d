//! One integration-test binary: black-box tests that start the real app on a random port and
//! drive it over HTTP like a browser, on SQLite and (with TEST_POSTGRES_URL) on PostgreSQL.

mod helpers;
mod hiring_helpers;

mod account;
mod admin;
mod alerts;
mod applications;
mod architecture;
mod auth;
mod auth_hardening;
mod auth_passwords;
mod auth_second_factor;
mod browser;
mod cli;
mod employer_docs;
mod hardening;
mod hardening_jobs;
mod hardening_outage;
mod hardening_process;
mod hiring_calendar;
mod hiring_team;
mod hiring_triage;
mod i18n;
mod insight;
mod institutes;
mod internships;
mod languages;
mod matching;
mod migrations;
mod notify;
mod offers;
mod ops;
mod pages;
mod privacy;
mod recommendations;
mod reranker;
mod resume;
mod resume_read;
mod retention;
mod review;
mod search;
mod security;
mod seed_bench;
mod smtp;
