//! What the search reads at start-up, so the first searches do not: the listed postings of the
//! current generation and, on PostgreSQL, the copy of the documents' common words (`common`).
//! `/ready` waits for it.

use super::common;
use super::service::{database_names, listed_now};
use super::store;
use crate::db::{Db, DbError};
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

/// Reads the listed postings of the current generation into memory (at start-up), and on
/// PostgreSQL copies the common words of the search documents (`common`), so the first searches
/// do not. `/ready` waits for it to end, well or not (`search_warmed`).
pub async fn warm_search(db: &Db) -> Result<(), DbError> {
    let key = db.key();
    let warmed = async {
        let database = db
            .run(move |conn| {
                let (generation, database) = store::generation(conn)?;
                listed_now(conn, &database, generation)?;
                database_names().insert(key, database.clone());
                Ok::<_, DbError>(database)
            })
            .await?;
        common::make(db, database).await
    }
    .await;
    warmed_handles().insert(key);
    warmed
}

/// What the copy of the common words of the search documents holds for the database `db`
/// reads (PostgreSQL, once made: `common`).
pub fn search_common_words(db: &Db) -> Option<common::Held> {
    let database = database_names().get(&db.key())?.clone();
    common::copy_of(&database).map(|copy| copy.held())
}

/// Whether the search of the database `db` reads has been warmed (`warm_search`).
pub fn search_warmed(db: &Db) -> bool {
    warmed_handles().contains(&db.key())
}

fn warmed_handles() -> std::sync::MutexGuard<'static, HashSet<u64>> {
    static WARMED: OnceLock<Mutex<HashSet<u64>>> = OnceLock::new();
    WARMED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}
