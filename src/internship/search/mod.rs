//! The public search (`GET /internships`): the words of a search and the user's order as plain
//! values (`query`); the reads of each database's full-text index and of the listed postings
//! (`store`, migration 000012, built and run through `sql`); the listed postings of the current
//! generation in memory with the full-text answers already read (`listed`, their values and orders `postings`, `memo`; a set of postings as
//! a `bitmap`; several words' matches combined from each word's own, `terms`), ranked, filtered,
//! sorted and counted there (`rank`); a word first asked in a place read there alone where that is
//! cheaper (PostgreSQL; on SQLite a small place), and for the whole country behind the search
//! (`behind`); on PostgreSQL a word read before a change
//! patched with the postings changed since instead of read again (`carried`), and its common
//! words copied into memory and scored there (`common`, the documents' text read by `documents`); recent answers and the cards they showed kept while the data has
//! not changed (`cache`, `cards`); what is read at start-up (`warm`); the rules and the meaning blended in (`service`, re-exported by the internship
//! service, the module's public face) and the page (`routes`).

mod behind;
mod bitmap;
pub mod cache;
mod cards;
mod carried;
mod common;
mod documents;
mod listed;
mod memo;
mod postings;
pub mod query;
mod rank;
pub mod routes;
pub mod service;
mod sql;
pub mod store;
mod terms;
pub mod warm;
