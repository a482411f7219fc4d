//! Words read in a place only (`service::word_matches`), read for the whole country behind the
//! searches. A search in a place reads a new word's matches there alone, so it answers in the
//! time of the place's postings; the country's list is then read on the side, one word at a
//! time, so that the same word in another place or anywhere finds it in memory instead of
//! reading it again. (Reading a word in each of its places costs about what one country-wide
//! read does; read behind, the country's list is usually in memory before a search anywhere
//! has to wait for it.)

use super::listed;
use crate::db::Db;
use std::collections::HashSet;
use std::sync::{Arc, Mutex, OnceLock};

/// Words of one search that were read in its place only, in the generation they were read in.
#[derive(Debug, Default)]
pub struct Behind {
    pub database: String,
    pub generation: i64,
    pub words: Vec<Vec<String>>,
}

/// A country-wide read asked for: the database and the word (its spellings).
type Asked = (String, Vec<String>);

/// The country-wide reads asked for and not yet done: each word once.
fn asked() -> std::sync::MutexGuard<'static, HashSet<Asked>> {
    static ASKED: OnceLock<Mutex<HashSet<Asked>>> = OnceLock::new();
    ASKED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// One reader at a time per process: the reads behind take at most one of the pool's
/// connections from the searches in front.
fn reader() -> Arc<tokio::sync::Semaphore> {
    static READER: OnceLock<Arc<tokio::sync::Semaphore>> = OnceLock::new();
    READER
        .get_or_init(|| Arc::new(tokio::sync::Semaphore::new(1)))
        .clone()
}

/// Reads the country's matches of `behind`'s words on the side (spawned; returns at once).
pub fn read(db: &Db, behind: Behind) {
    let words: Vec<Vec<String>> = {
        let mut asked = asked();
        behind
            .words
            .into_iter()
            .filter(|w| asked.insert((behind.database.clone(), w.clone())))
            .collect()
    };
    if words.is_empty() {
        return;
    }
    let (db, database, generation) = (db.clone(), behind.database, behind.generation);
    tokio::spawn(async move {
        for word in words {
            let Ok(_turn) = reader().acquire_owned().await else {
                return;
            };
            let (d, w) = (database.clone(), word.clone());
            let read = db.run(move |conn| country(conn, &d, generation, &w)).await;
            if let Err(e) = read {
                tracing::warn!(error = %e, "a word's matches were not read behind the search");
            }
            asked().remove(&(database.clone(), word));
        }
    });
}

/// The country's matches of `word` in `generation` of `database`, remembered there; nothing
/// when that generation is no longer the one kept (its searches read the new one themselves).
fn country(
    conn: &mut crate::db::DbConnection,
    database: &str,
    generation: i64,
    word: &[String],
) -> Result<(), crate::db::DbError> {
    let Some(kept) = listed::kept(database, generation).filter(|g| g.generation == generation)
    else {
        return Ok(());
    };
    let key = super::service::country_key(word);
    kept.word(&key, || {
        super::service::read_word(conn, database, &kept, &key, word, None)
    })
    .map(|_| ())
}
