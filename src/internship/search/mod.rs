//! The public search (`GET /internships`): the words of a search and the user's order as plain
//! values (`query`), the statements over each database's full-text index (`store`, migration
//! 000012, built and run through `sql`) with recent answers kept while the data has not changed (`cache`), the rules and the
//! meaning blended in (`service`, re-exported by the internship service, the module's public
//! face) and the page (`routes`).

pub mod cache;
pub mod query;
pub mod routes;
pub mod service;
mod sql;
pub mod store;
