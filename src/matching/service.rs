//! Rules of the matching module that touch live data.

use super::documents::vector_to_bytes;
use super::store;
use crate::app::AppState;
use crate::db::{DbConnection, DbError};
use sha2::{Digest, Sha256};

pub const EMBED: &str = "embed";

/// A student's profile or resume changed: their embedding must be recomputed.
pub fn profile_changed(conn: &mut DbConnection, student_id: i64) -> Result<(), DbError> {
    store::queue_embedding(conn, "student", student_id)
}

/// An internship was created or edited: its embedding must be recomputed.
pub fn internship_changed(conn: &mut DbConnection, internship_id: i64) -> Result<(), DbError> {
    store::queue_embedding(conn, "internship", internship_id)
}

/// The `embed` job: (re)computes one entity's embedding unless its text is unchanged.
pub async fn embed_job(state: AppState, payload: serde_json::Value) -> Result<(), String> {
    let entity = payload["entity"]
        .as_str()
        .ok_or("payload lacks entity")?
        .to_string();
    let id = payload["id"].as_i64().ok_or("payload lacks id")?;
    // Not loaded yet (start-up): fail, and the job system retries with back-off.
    let embedder = state
        .model
        .embedder()
        .ok_or("the model is not loaded yet")?;
    let model = embedder.model_id().to_string();
    let (kind, model_name) = (entity.clone(), model.clone());
    let found = state
        .db
        .run(move |conn| {
            let text = match kind.as_str() {
                "student" => store::student_doc(conn, id)?.map(|d| d.embedding_text()),
                "internship" => store::internship_docs(conn, &[id])?
                    .into_iter()
                    .next()
                    .map(|d| d.embedding_text()),
                _ => None,
            };
            let stored = store::embedding_hash(conn, &kind, id, &model_name)?;
            Ok::<_, DbError>(text.map(|t| (t, stored)))
        })
        .await
        .map_err(|e| e.to_string())?;
    let Some((text, stored_hash)) = found else {
        return Ok(());
    };
    let hash = hex::encode(Sha256::digest(format!("{model}\n{text}").as_bytes()));
    if stored_hash.as_deref() == Some(hash.as_str()) {
        return Ok(());
    }
    let vector = embedder
        .embed(vec![text])
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .next()
        .ok_or("no vector returned")?;
    let bytes = vector_to_bytes(&vector);
    let dim = vector.len() as i32;
    state
        .db
        .run(move |conn| store::save_embedding(conn, &entity, id, &model, &bytes, dim, &hash))
        .await
        .map_err(|e| e.to_string())
}
