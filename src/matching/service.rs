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

// ---- recommendations ----

use super::documents::{InternshipDoc, StudentDoc, vector_from_bytes};
use super::model::{FeedbackKind, Recommendation};
use super::score::{self, Candidate, MatchWeights, Query};
use std::collections::HashMap;

/// The version recorded with each served list (the ranking code and model that made it).
pub const RANKER_VERSION: &str = "hybrid-1";
/// Recommendations shown at once.
pub const SHOWN: usize = 10;

/// Everything ranking needs, read in one go on the blocking pool.
pub struct Gathered {
    pub student: StudentDoc,
    pub student_vector: Option<Vec<f32>>,
    pub candidates: Vec<(InternshipDoc, Option<Vec<f32>>, f32)>,
    /// The reacted internship, its embedding (when computed) and the reaction.
    pub reactions: Vec<(InternshipDoc, Option<Vec<f32>>, FeedbackKind)>,
    pub companies: HashMap<i64, String>,
}

fn kind_of(kind: &str) -> Option<FeedbackKind> {
    match kind {
        "like" => Some(FeedbackKind::Like),
        "dismiss" => Some(FeedbackKind::Dismiss),
        "apply" => Some(FeedbackKind::Applied),
        "view" => Some(FeedbackKind::Viewed),
        _ => None,
    }
}

pub fn gather(
    conn: &mut DbConnection,
    student_id: i64,
    model: &str,
    today: chrono::NaiveDate,
) -> Result<Option<Gathered>, DbError> {
    let Some(student) = store::student_doc(conn, student_id)? else {
        return Ok(None);
    };
    let student_vector = store::embeddings_of(conn, "student", model, &[student_id])?
        .into_iter()
        .next()
        .map(|(_, b)| vector_from_bytes(&b));
    let ids = store::candidate_ids(conn, student_id, today)?;
    let docs = store::internship_docs(conn, &ids)?;
    let mut vectors: HashMap<i64, Vec<f32>> =
        store::embeddings_of(conn, "internship", model, &ids)?
            .into_iter()
            .map(|(id, b)| (id, vector_from_bytes(&b)))
            .collect();
    let mut crowd: HashMap<i64, (i64, i64)> = HashMap::new();
    for (id, kind, n) in store::crowd(conn, student_id, &ids)? {
        let entry = crowd.entry(id).or_default();
        if kind == "like" {
            entry.0 += n
        } else {
            entry.1 += n
        }
    }
    let reacted = store::reactions(conn, student_id)?;
    let reacted_ids: Vec<i64> = reacted.iter().map(|(id, _)| *id).collect();
    let reacted_vectors: HashMap<i64, Vec<f32>> =
        store::embeddings_of(conn, "internship", model, &reacted_ids)?
            .into_iter()
            .map(|(id, b)| (id, vector_from_bytes(&b)))
            .collect();
    let reacted_docs: HashMap<i64, InternshipDoc> = store::internship_docs(conn, &reacted_ids)?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let reactions = reacted
        .iter()
        .filter_map(|(id, kind)| {
            Some((
                reacted_docs.get(id)?.clone(),
                reacted_vectors.get(id).cloned(),
                kind_of(kind)?,
            ))
        })
        .collect();
    let candidates = docs
        .into_iter()
        .map(|doc| {
            let (likes, dismissals) = crowd.get(&doc.id).copied().unwrap_or_default();
            // Other students' reactions, damped so that one click moves little.
            let crowd_score = (likes - dismissals) as f32 / (likes + dismissals + 3) as f32;
            let vector = vectors.remove(&doc.id);
            (doc, vector, crowd_score)
        })
        .collect();
    let companies = store::companies(conn, &ids)?.into_iter().collect();
    Ok(Some(Gathered {
        student,
        student_vector,
        candidates,
        reactions,
        companies,
    }))
}

/// One recommendation ready for the page.
#[derive(Debug, Clone)]
pub struct Shown {
    pub doc: InternshipDoc,
    pub company: String,
    pub rec: Recommendation,
}

/// What the recommendations page shows.
#[derive(Debug, Clone, Default)]
pub struct Ranked {
    pub items: Vec<Shown>,
    /// Skills most often missing across the student's best matches.
    pub gaps: Vec<(String, usize)>,
    /// Skills most asked for across the internships in the student's field that they lack.
    pub demand: Vec<(String, usize)>,
    /// Whether the semantic part could be used (the student's vector exists).
    pub semantic: bool,
}

/// Ranks the gathered candidates (CPU work: call it off the async workers).
pub fn rank(g: Gathered, student_vector: Option<Vec<f32>>, weights: &MatchWeights) -> Ranked {
    let dim = super::embedder::EMBEDDING_DIM;
    let semantic = student_vector.is_some();
    let query_vector = student_vector.unwrap_or_else(|| vec![0.0; dim]);
    let zero = vec![0.0f32; dim];
    let features = score::student_features(&g.student.input());
    let inputs: Vec<_> = g
        .candidates
        .iter()
        .map(|(doc, _, _)| score::internship_features(&doc.input(), weights))
        .collect();
    let ids: Vec<String> = g
        .candidates
        .iter()
        .map(|(doc, _, _)| doc.id.to_string())
        .collect();
    // BM25 statistics over the candidates (the active internships), as `praktiki eval` does.
    let texts: Vec<String> = g
        .candidates
        .iter()
        .map(|(doc, _, _)| score::internship_text(&doc.input()))
        .collect();
    let lexical = super::lexical::Bm25::new(&texts);
    let candidates: Vec<Candidate> = g
        .candidates
        .iter()
        .enumerate()
        .map(|(i, (_, vector, crowd))| Candidate {
            id: &ids[i],
            features: &inputs[i],
            vector: vector.as_deref().unwrap_or(&zero),
            crowd: *crowd,
            terms: lexical.docs.get(i),
        })
        .collect();
    let reaction_fields: Vec<Vec<f32>> = g
        .reactions
        .iter()
        .map(|(doc, _, _)| score::internship_features(&doc.input(), weights).field)
        .collect();
    let reactions: Vec<score::Reaction> = g
        .reactions
        .iter()
        .zip(&reaction_fields)
        .map(|((_, v, k), field)| (v.as_deref().unwrap_or(&zero), field.as_slice(), *k))
        .collect();
    let query = Query {
        features: &features,
        vector: &query_vector,
        reactions: &reactions,
    };
    // Every candidate is explained: the market-demand panel counts their missing skills.
    let ranked = score::rank(
        &query,
        &candidates,
        weights,
        Some(&lexical.stats),
        candidates.len(),
    );
    let mut gaps: HashMap<String, usize> = HashMap::new();
    let mut demand: HashMap<String, usize> = HashMap::new();
    for rec in &ranked {
        // "In their field": the taxonomy's field agreement says the internship is theirs.
        if rec.explanation.parts.field >= 0.5 {
            for skill in &rec.explanation.missing_skills {
                *demand.entry(skill.clone()).or_default() += 1;
            }
        }
    }
    let items: Vec<Shown> = ranked
        .into_iter()
        .filter(|r| r.score >= weights.threshold)
        .take(SHOWN)
        .filter_map(|rec| {
            let (doc, _, _) = g.candidates.get(rec.index)?;
            for skill in &rec.explanation.missing_skills {
                *gaps.entry(skill.clone()).or_default() += 1;
            }
            Some(Shown {
                doc: doc.clone(),
                company: g.companies.get(&doc.id).cloned().unwrap_or_default(),
                rec,
            })
        })
        .collect();
    Ranked {
        items,
        gaps: top(gaps, 8),
        demand: top(demand, 8),
        semantic,
    }
}

fn top(counts: HashMap<String, usize>, n: usize) -> Vec<(String, usize)> {
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

/// Records feedback on an internship the student can see.
pub fn feedback(
    conn: &mut DbConnection,
    student_id: i64,
    internship_id: i64,
    kind: &str,
) -> Result<bool, DbError> {
    if crate::internship::store::find(conn, internship_id)?.is_none() {
        return Ok(false);
    }
    store::insert_feedback(conn, student_id, internship_id, kind)?;
    Ok(true)
}
