//! The state every handler and background job shares, one clone per worker.
//!
//! It sits below the product modules and depends only on plumbing (settings, the database, the
//! mailer) and the matching runtime's handles, so modules can name it without reaching up to
//! `app.rs`, which builds it and wires the routes.

use crate::config::Settings;
use crate::db::Db;
use crate::matching::embedding::slot::ModelSlot;
use crate::matching::index::live::LiveCatalogue;
use crate::matching::runtime::MatchingRuntime;
use crate::notify::mailer::Mailer;
use std::sync::Arc;

/// Everything a handler may need, shared by all workers.
#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub db: Db,
    pub model: ModelSlot,
    pub mailer: Arc<Mailer>,
    /// Matching weights and reranker in effect (config overridden by admin settings).
    pub matching: Arc<MatchingRuntime>,
    /// The listed internships' vectors and listings, in memory (refreshed from the database).
    pub catalogue: LiveCatalogue,
}

/// The job runner needs only the database of the state it hands to every handler.
impl crate::jobs::service::JobContext for AppState {
    fn db(&self) -> &Db {
        &self.db
    }
}
