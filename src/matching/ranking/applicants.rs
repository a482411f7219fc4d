//! The employer's side: applicants ranked by fit, and screening answers compared with the
//! employer's model answers.

use crate::db::{DbConnection, DbError};
use crate::matching::embedding::documents::{vector_from_bytes, vector_to_bytes};
use crate::matching::model::Recommendation;
use crate::matching::ranking::score::{self, Candidate, MatchWeights, Query};
use crate::matching::store;
use crate::state::AppState;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// How well each applicant fits an internship, with the same parts and skill explanations the
/// students' recommendations carry. Lexical and feedback parts weigh nothing here: they rank
/// internships for one student, not students for one internship.
pub fn applicant_fits(
    conn: &mut DbConnection,
    internship_id: i64,
    student_ids: &[i64],
    model: &str,
    weights: &MatchWeights,
) -> Result<HashMap<i64, Recommendation>, DbError> {
    let Some(doc) = store::internship_docs(conn, &[internship_id])?
        .into_iter()
        .next()
    else {
        return Ok(HashMap::new());
    };
    let zero = vec![0.0f32; crate::matching::embedding::embedder::EMBEDDING_DIM];
    let internship_vector = store::embeddings_of(conn, "internship", model, &[internship_id])?
        .into_iter()
        .next()
        .map(|(_, b)| vector_from_bytes(&b))
        .unwrap_or_else(|| zero.clone());
    let student_vectors: HashMap<i64, Vec<f32>> =
        store::embeddings_of(conn, "student", model, student_ids)?
            .into_iter()
            .map(|(id, b)| (id, vector_from_bytes(&b)))
            .collect();
    let weights = MatchWeights {
        lexical: 0.0,
        feedback: 0.0,
        ..*weights
    };
    let features = score::internship_features(&doc.input(), &weights);
    let id = internship_id.to_string();
    let candidate = Candidate {
        id: &id,
        features: &features,
        vector: &internship_vector,
        crowd: 0.0,
        cohort: 0.0,
        terms: None,
    };
    let mut fits = HashMap::new();
    for &student_id in student_ids {
        let Some(student) = store::student_doc(conn, student_id)? else {
            continue;
        };
        let student_features = score::student_features(&student.input());
        let query = Query {
            features: &student_features,
            vector: student_vectors.get(&student_id).unwrap_or(&zero),
            reactions: &[],
        };
        if let Some(rec) = score::rank(&query, &[candidate], &weights, None, 1)
            .into_iter()
            .next()
        {
            fits.insert(student_id, rec);
        }
    }
    Ok(fits)
}

/// Cosine similarity of each (answer, model answer) pair, by embedding: a hint for employers,
/// never a decision. Vectors are stored (`screening_answer`, `model_answer` entities) so a page
/// embeds each text once; a changed model answer is re-embedded (its text hash changes).
/// `pairs` are (answer id, answer, question id, model answer).
pub async fn answer_closeness(
    state: &AppState,
    pairs: Vec<(i64, String, i64, String)>,
) -> Result<HashMap<i64, f32>, String> {
    if pairs.is_empty() {
        return Ok(HashMap::new());
    }
    let embedder = state
        .model
        .embedder()
        .ok_or("the model is not loaded yet")?;
    let model = embedder.model_id().to_string();
    let hash = |text: &str| hex::encode(Sha256::digest(format!("{model}\n{text}").as_bytes()));
    // Every distinct text: (entity, id, text, hash).
    let mut texts: Vec<(&'static str, i64, String, String)> = Vec::new();
    for (answer_id, answer, question_id, model_answer) in &pairs {
        texts.push(("screening_answer", *answer_id, answer.clone(), hash(answer)));
        if !texts
            .iter()
            .any(|(e, id, _, _)| *e == "model_answer" && id == question_id)
        {
            texts.push((
                "model_answer",
                *question_id,
                model_answer.clone(),
                hash(model_answer),
            ));
        }
    }
    let lookup: Vec<(&'static str, i64, String)> = texts
        .iter()
        .map(|(e, id, _, h)| (*e, *id, h.clone()))
        .collect();
    let model_name = model.clone();
    let stored = state
        .db
        .run(move |conn| {
            let mut found: HashMap<(&'static str, i64), Vec<f32>> = HashMap::new();
            for entity in ["screening_answer", "model_answer"] {
                let ids: Vec<i64> = lookup
                    .iter()
                    .filter(|(e, _, _)| *e == entity)
                    .map(|(_, id, _)| *id)
                    .collect();
                for (id, hash, bytes) in store::stored_embeddings(conn, entity, &model_name, &ids)?
                {
                    // Kept only while the text it was computed from is unchanged.
                    if lookup.contains(&(entity, id, hash)) {
                        found.insert((entity, id), vector_from_bytes(&bytes));
                    }
                }
            }
            Ok::<_, DbError>(found)
        })
        .await
        .map_err(|e| e.to_string())?;
    let missing: Vec<&(&'static str, i64, String, String)> = texts
        .iter()
        .filter(|(e, id, _, _)| !stored.contains_key(&(*e, *id)))
        .collect();
    let mut vectors = stored;
    if !missing.is_empty() {
        let computed = embedder
            .embed(missing.iter().map(|(_, _, t, _)| t.clone()).collect())
            .await
            .map_err(|e| e.to_string())?;
        let rows: Vec<(&'static str, i64, Vec<u8>, String)> = missing
            .iter()
            .zip(&computed)
            .map(|((e, id, _, h), v)| (*e, *id, vector_to_bytes(v), h.clone()))
            .collect();
        for ((e, id, _, _), v) in missing.iter().zip(computed) {
            vectors.insert((*e, *id), v);
        }
        let model_name = model.clone();
        state
            .db
            .run(move |conn| {
                for (entity, id, bytes, hash) in &rows {
                    let dim = (bytes.len() / 4) as i32;
                    store::save_embedding(conn, entity, *id, &model_name, bytes, dim, hash)?;
                }
                Ok::<_, DbError>(())
            })
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(pairs
        .iter()
        .filter_map(|(answer_id, _, question_id, _)| {
            let a = vectors.get(&("screening_answer", *answer_id))?;
            let m = vectors.get(&("model_answer", *question_id))?;
            Some((
                *answer_id,
                crate::matching::embedding::embedder::cosine(a, m),
            ))
        })
        .collect())
}
