//! Embedding many entities at once, off the web server (`praktiki seed-bench`): entities whose
//! texts are the same share one forward pass. Each stored row carries the same content hash the
//! `embed` job computes (model + text), so the jobs later find them up to date and skip them.

use crate::db::{DbConnection, DbError};
use crate::matching::embedding::documents::vector_to_bytes;
use crate::matching::embedding::embedder::Embedder;
use crate::matching::store;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Entities read and written per transaction.
const CHUNK: usize = 500;
/// Distinct texts per forward pass.
const BATCH: usize = 32;

#[derive(Debug, Default, Clone, Copy)]
pub struct BulkReport {
    /// Rows stored.
    pub stored: usize,
    /// Distinct texts the model read.
    pub computed: usize,
}

/// The content hash of `text` under `model`, as the `embed` job writes it.
pub fn content_hash(model: &str, text: &str) -> String {
    hex::encode(Sha256::digest(format!("{model}\n{text}").as_bytes()))
}

/// Embeds and stores every entity of `entity` ("internship" or "student") among `ids`, each
/// distinct text once (vectors are kept by hash for the whole run).
pub fn embed_shared(
    conn: &mut DbConnection,
    embedder: &Embedder,
    entity: &str,
    ids: &[i64],
) -> Result<BulkReport, BulkError> {
    let model = embedder.model_id().to_string();
    let mut vectors: HashMap<String, Vec<u8>> = HashMap::new();
    let mut report = BulkReport::default();
    for chunk in ids.chunks(CHUNK) {
        let texts: Vec<(i64, String)> = match entity {
            "internship" => store::internship_docs(conn, chunk)?
                .into_iter()
                .map(|d| (d.id, d.embedding_text()))
                .collect(),
            _ => {
                let mut texts = Vec::with_capacity(chunk.len());
                for id in chunk {
                    if let Some(doc) = store::student_doc(conn, *id)? {
                        texts.push((*id, doc.embedding_text()));
                    }
                }
                texts
            }
        };
        let hashed: Vec<(i64, String, String)> = texts
            .into_iter()
            .map(|(id, text)| (id, content_hash(&model, &text), text))
            .collect();
        let mut missing: Vec<(String, String)> = Vec::new();
        for (_, hash, text) in &hashed {
            if !vectors.contains_key(hash) && !missing.iter().any(|(h, _)| h == hash) {
                missing.push((hash.clone(), text.clone()));
            }
        }
        for batch in missing.chunks(BATCH) {
            let out = embedder.embed_blocking(batch.iter().map(|(_, t)| t.clone()).collect())?;
            for ((hash, _), v) in batch.iter().zip(out) {
                vectors.insert(hash.clone(), vector_to_bytes(&v));
                report.computed += 1;
            }
        }
        crate::db::transaction(conn, |conn| {
            for (id, hash, _) in &hashed {
                if let Some(bytes) = vectors.get(hash) {
                    let dim = (bytes.len() / 4) as i32;
                    store::save_embedding(conn, entity, *id, &model, bytes, dim, hash)?;
                    report.stored += 1;
                }
            }
            Ok::<_, DbError>(())
        })?;
    }
    Ok(report)
}

#[derive(Debug, thiserror::Error)]
pub enum BulkError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Model(#[from] crate::matching::embedding::embedder::EmbedderError),
}
