//! The embedding jobs: queuing (re)computation when a profile or internship changes, the `embed`
//! job that computes vectors in batches and stores them, and the full re-index.

use crate::db::{DbConnection, DbError};
use crate::matching::embedding::documents::vector_to_bytes;
use crate::matching::store;
use crate::state::AppState;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

pub const EMBED: &str = "embed";

/// A student's profile or resume changed: their embedding must be recomputed.
pub fn profile_changed(conn: &mut DbConnection, student_id: i64) -> Result<(), DbError> {
    store::queue_embedding(conn, "student", student_id)
}

/// An internship was created or edited: its embedding must be recomputed.
pub fn internship_changed(conn: &mut DbConnection, internship_id: i64) -> Result<(), DbError> {
    store::queue_embedding(conn, "internship", internship_id)
}

/// Entities per `embed` job when many are queued at once (a re-index): one batched forward
/// pass and one transaction each.
pub const EMBED_BATCH: usize = 32;

/// The `embed` job: (re)computes the embeddings of one entity (`"id"`) or several of one type
/// (`"ids"`), skipping those whose text is unchanged unless the payload says `"force": true`
/// (as a full re-index does). Internship jobs also refresh this instance's catalogue: a listing
/// may have changed even when its text did not (closed, deadline moved) — unless the payload
/// says `"check": true` and no text changed.
pub async fn embed_job(state: AppState, payload: serde_json::Value) -> Result<(), String> {
    let entity = payload["entity"]
        .as_str()
        .ok_or("payload lacks entity")?
        .to_string();
    let ids: Vec<i64> = match (payload["id"].as_i64(), payload["ids"].as_array()) {
        (Some(id), _) => vec![id],
        (None, Some(ids)) => ids.iter().filter_map(|v| v.as_i64()).collect(),
        (None, None) => return Err("payload lacks id".into()),
    };
    let force = payload["force"].as_bool().unwrap_or(false);
    // A check after an upgrade (`queue_recipe_check`): the listings did not change.
    let check = payload["check"].as_bool().unwrap_or(false);
    // Not loaded yet (start-up): fail, and the job system retries with back-off.
    let embedder = state
        .model
        .embedder()
        .ok_or("the model is not loaded yet")?;
    let model = embedder.model_id().to_string();
    let embedded = embed_many(&state, &embedder, &entity, ids.clone(), force).await?;
    if entity == "internship" && (embedded > 0 || !check) {
        let weights = state.matching.weights();
        state
            .catalogue
            .refresh_ids(&state.db, &model, weights, ids)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Queues a forced re-embedding of every student profile and every internship, in batches of
/// [`EMBED_BATCH`]; returns how many entities were queued.
pub fn queue_reindex(conn: &mut DbConnection) -> Result<usize, DbError> {
    queue_every_entity(conn, "force")
}

/// The version of the texts the model embeds (`StudentDoc::embedding_text`,
/// `InternshipDoc::embedding_text` and what they call: the normalisation step, a cold start's
/// text). Move it on with any change to what those texts hold: a stored vector is the vector of
/// the text it was made from, and without this nothing embeds it again until its profile or
/// posting changes.
pub const TEXT_RECIPE: &str = "2026-12-07: a cold start's unread line as written";

/// The `app_settings` key holding the recipe the stored vectors were made under.
const RECIPE_SETTING: &str = "embedding_text_recipe";

/// At start-up: when the texts the model embeds changed since the recipe was last recorded,
/// queues a check of every entity's vector (the `embed` job embeds again only those whose text,
/// and so content hash, changed) and records [`TEXT_RECIPE`], in one transaction: of instances
/// starting together, one queues. Returns how many entities were queued.
pub fn queue_recipe_check(conn: &mut DbConnection) -> Result<usize, DbError> {
    crate::db::transaction(conn, |conn| {
        if !store::claim_setting(conn, RECIPE_SETTING, TEXT_RECIPE)? {
            return Ok(0);
        }
        queue_every_entity(conn, "check")
    })
}

/// At start-up, once the model is loaded: [`queue_recipe_check`]. Without a model nothing could
/// embed a text again (the jobs would only fail), so the check waits for a start that has one.
pub async fn check_text_recipe(state: AppState) {
    while state.model.is_loading() {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    if state.model.embedder().is_none() {
        return;
    }
    match state.db.run(queue_recipe_check).await {
        Ok(0) => {}
        Ok(queued) => tracing::info!(queued, "embedded texts changed: vectors to check queued"),
        Err(e) => tracing::warn!(error = %e, "embedded texts' recipe not checked; next start"),
    }
}

/// Records that every stored vector was made under [`TEXT_RECIPE`] (`seed-bench`, which embeds
/// what it writes itself).
pub fn record_text_recipe(conn: &mut DbConnection) -> Result<(), DbError> {
    store::claim_setting(conn, RECIPE_SETTING, TEXT_RECIPE).map(|_| ())
}

/// Queues an `embed` job per [`EMBED_BATCH`] entities of each type, each with `flag` set.
fn queue_every_entity(conn: &mut DbConnection, flag: &str) -> Result<usize, DbError> {
    let mut queued = 0;
    for (entity, ids) in [
        ("internship", store::all_ids(conn, "internship")?),
        ("student", store::all_ids(conn, "student")?),
    ] {
        for chunk in ids.chunks(EMBED_BATCH) {
            let payload = serde_json::json!({ "entity": entity, "ids": chunk, flag: true });
            crate::jobs::enqueue(conn, EMBED, payload, None)?;
            queued += chunk.len();
        }
    }
    Ok(queued)
}

/// Embeds and stores the entities among `ids` whose stored vector is missing or made from
/// another text (every one with `force`); how many it embedded.
async fn embed_many(
    state: &AppState,
    embedder: &crate::matching::embedding::embedder::Embedder,
    entity: &str,
    ids: Vec<i64>,
    force: bool,
) -> Result<usize, String> {
    let model = embedder.model_id().to_string();
    let (kind, model_name) = (entity.to_string(), model.clone());
    // (id, text, hash) of every entity whose stored vector is missing or stale.
    let stale: Vec<(i64, String, String)> = state
        .db
        .run(move |conn| {
            let texts: Vec<(i64, String)> = match kind.as_str() {
                "student" => {
                    let mut texts = Vec::new();
                    for id in &ids {
                        if let Some(doc) = store::student_doc(conn, *id)? {
                            texts.push((*id, doc.embedding_text()));
                        }
                    }
                    texts
                }
                "internship" => store::internship_docs(conn, &ids)?
                    .into_iter()
                    .map(|d| (d.id, d.embedding_text()))
                    .collect(),
                _ => Vec::new(),
            };
            let ids: Vec<i64> = texts.iter().map(|(id, _)| *id).collect();
            let stored: HashMap<i64, String> =
                store::stored_embeddings(conn, &kind, &model_name, &ids)?
                    .into_iter()
                    .map(|(id, hash, _)| (id, hash))
                    .collect();
            let mut stale = Vec::new();
            for (id, text) in texts {
                let hash = hex::encode(Sha256::digest(format!("{model_name}\n{text}").as_bytes()));
                if force || stored.get(&id) != Some(&hash) {
                    stale.push((id, text, hash));
                }
            }
            Ok::<_, DbError>(stale)
        })
        .await
        .map_err(|e| e.to_string())?;
    if stale.is_empty() {
        return Ok(0);
    }
    let vectors = embedder
        .embed(stale.iter().map(|(_, t, _)| t.clone()).collect())
        .await
        .map_err(|e| e.to_string())?;
    let rows: Vec<(i64, Vec<u8>, i32, String)> = stale
        .into_iter()
        .zip(vectors)
        .map(|((id, _, hash), v)| (id, vector_to_bytes(&v), v.len() as i32, hash))
        .collect();
    let (entity, embedded) = (entity.to_string(), rows.len());
    state
        .db
        .run(move |conn| {
            crate::db::transaction(conn, |conn| {
                for (id, bytes, dim, hash) in &rows {
                    store::save_embedding(conn, &entity, *id, &model, bytes, *dim, hash)?;
                }
                Ok::<_, DbError>(())
            })
        })
        .await
        .map_err(|e| e.to_string())?;
    Ok(embedded)
}

#[cfg(test)]
#[path = "recipe_tests.rs"]
mod recipe_tests;
