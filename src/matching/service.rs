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

/// Entities per `embed` job when many are queued at once (a re-index): one batched forward
/// pass and one transaction each.
pub const EMBED_BATCH: usize = 32;

/// The `embed` job: (re)computes the embeddings of one entity (`"id"`) or several of one type
/// (`"ids"`), skipping those whose text is unchanged unless the payload says `"force": true`
/// (as a full re-index does). Internship jobs also refresh this instance's catalogue: a listing
/// may have changed even when its text did not (closed, deadline moved).
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
    // Not loaded yet (start-up): fail, and the job system retries with back-off.
    let embedder = state
        .model
        .embedder()
        .ok_or("the model is not loaded yet")?;
    let model = embedder.model_id().to_string();
    embed_many(&state, &embedder, &entity, ids.clone(), force).await?;
    if entity == "internship" {
        let weights = MatchWeights::from_settings(&state.settings);
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
    let mut queued = 0;
    for (entity, ids) in [
        ("internship", store::all_ids(conn, "internship")?),
        ("student", store::all_ids(conn, "student")?),
    ] {
        for chunk in ids.chunks(EMBED_BATCH) {
            crate::jobs::enqueue(
                conn,
                EMBED,
                serde_json::json!({ "entity": entity, "ids": chunk, "force": true }),
                None,
            )?;
            queued += chunk.len();
        }
    }
    Ok(queued)
}

async fn embed_many(
    state: &AppState,
    embedder: &super::embedder::Embedder,
    entity: &str,
    ids: Vec<i64>,
    force: bool,
) -> Result<(), String> {
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
            let mut stale = Vec::new();
            for (id, text) in texts {
                let hash = hex::encode(Sha256::digest(format!("{model_name}\n{text}").as_bytes()));
                let stored = store::embedding_hash(conn, &kind, id, &model_name)?;
                if force || stored.as_deref() != Some(hash.as_str()) {
                    stale.push((id, text, hash));
                }
            }
            Ok::<_, DbError>(stale)
        })
        .await
        .map_err(|e| e.to_string())?;
    if stale.is_empty() {
        return Ok(());
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
    let entity = entity.to_string();
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
        .map_err(|e| e.to_string())
}

// ---- recommendations ----

use super::documents::{InternshipDoc, StudentDoc, vector_from_bytes};
use super::index::{self, Request};
use super::live::Snapshot;
use super::model::{FeedbackKind, Recommendation};
use super::score::{self, Candidate, MatchWeights, Query};
use std::collections::{HashMap, HashSet};

/// The version recorded with each served list (the ranking code and model that made it).
pub const RANKER_VERSION: &str = "hybrid-1";
/// Recommendations shown at once.
pub const SHOWN: usize = 10;

/// What ranking needs to know about one student, read in one go on the blocking pool.
pub struct StudentContext {
    pub student: StudentDoc,
    /// The stored embedding of the profile (absent until the embedding job has run).
    pub vector: Option<Vec<f32>>,
    /// The student's reactions, oldest first: they steer the feedback part.
    pub reactions: Vec<(i64, FeedbackKind)>,
    /// Applied to or dismissed: never recommended.
    pub excluded: HashSet<i64>,
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

pub fn student_context(
    conn: &mut DbConnection,
    student_id: i64,
    model: &str,
) -> Result<Option<StudentContext>, DbError> {
    let Some(student) = store::student_doc(conn, student_id)? else {
        return Ok(None);
    };
    let vector = store::embeddings_of(conn, "student", model, &[student_id])?
        .into_iter()
        .next()
        .map(|(_, b)| vector_from_bytes(&b));
    let reactions = store::reactions(conn, student_id)?
        .into_iter()
        .filter_map(|(id, kind)| Some((id, kind_of(&kind)?)))
        .collect();
    let excluded = store::excluded_for(conn, student_id)?.into_iter().collect();
    Ok(Some(StudentContext {
        student,
        vector,
        reactions,
        excluded,
    }))
}

/// A ranking over the live catalogue, before the page's documents are attached.
#[derive(Debug, Clone, Default)]
pub struct LiveRanking {
    /// The best candidates, best first, each explained (the reranker's input, then the page's).
    pub ranked: Vec<Recommendation>,
    /// Skills most asked for across the listed internships of the student's field that they
    /// lack (market demand).
    pub demand: Vec<(String, usize)>,
    pub semantic: bool,
}

/// Ranks the live catalogue for one student: the `candidate_pool` internships nearest by
/// embedding get the hybrid score (all of them when the student has no vector yet). CPU work:
/// call it off the async workers.
pub fn rank_live(
    snapshot: &Snapshot,
    context: &StudentContext,
    vector: Option<&[f32]>,
    weights: &MatchWeights,
    today: chrono::NaiveDate,
) -> LiveRanking {
    let zero = vec![0.0f32; super::embedder::EMBEDDING_DIM];
    let semantic = vector.is_some();
    let features = score::student_features(&context.student.input());
    let exclude = |id: &i64| {
        context.excluded.contains(id)
            || snapshot
                .deadlines
                .get(id)
                .is_some_and(|d| d.is_some_and(|d| d < today))
    };
    let request = Request {
        features: &features,
        vector: vector.unwrap_or(&zero),
        reactions: &context.reactions,
        exclude: &exclude,
    };
    // Without a vector, nearness means nothing: every listed internship is a candidate.
    let pool = if semantic {
        weights.candidate_pool.max(weights.max_rerank_candidates)
    } else {
        snapshot.catalogue.len()
    };
    let ranked = index::recommend(&snapshot.catalogue, &request, weights, pool, pool);
    LiveRanking {
        ranked,
        demand: snapshot.demand.missing_for(&features, 8),
        semantic,
    }
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

/// The page's list: the best `SHOWN` above the threshold, with their documents (loaded for
/// those few only) and the skill gaps across them.
pub fn shown(
    conn: &mut DbConnection,
    ranking: LiveRanking,
    weights: &MatchWeights,
) -> Result<Ranked, DbError> {
    let best: Vec<Recommendation> = ranking
        .ranked
        .into_iter()
        .filter(|r| r.score >= weights.threshold)
        .take(SHOWN)
        .collect();
    let ids: Vec<i64> = best.iter().filter_map(|r| r.id.parse().ok()).collect();
    let mut docs: HashMap<i64, InternshipDoc> = store::internship_docs(conn, &ids)?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let companies: HashMap<i64, String> = store::companies(conn, &ids)?.into_iter().collect();
    let mut gaps: HashMap<String, usize> = HashMap::new();
    let items = best
        .into_iter()
        .filter_map(|rec| {
            let id: i64 = rec.id.parse().ok()?;
            let doc = docs.remove(&id)?;
            for skill in &rec.explanation.missing_skills {
                *gaps.entry(skill.clone()).or_default() += 1;
            }
            Some(Shown {
                company: companies.get(&id).cloned().unwrap_or_default(),
                doc,
                rec,
            })
        })
        .collect();
    Ok(Ranked {
        items,
        gaps: top(gaps, 8),
        demand: ranking.demand,
        semantic: ranking.semantic,
    })
}

fn top(counts: HashMap<String, usize>, n: usize) -> Vec<(String, usize)> {
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

/// A student opened an internship's page: recorded once (a weak signal for the feedback part
/// and for training), never again for the same pair.
pub fn record_view(
    conn: &mut DbConnection,
    student_user_id: i64,
    internship_id: i64,
) -> Result<(), DbError> {
    let Some(student) = crate::profile::store::student_by_user(conn, student_user_id)? else {
        return Ok(());
    };
    if !store::has_feedback(conn, student.id, internship_id, "view")? {
        store::insert_feedback(conn, student.id, internship_id, "view")?;
    }
    Ok(())
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

// ---- employers: applicants ranked by fit, screening answers compared to model answers ----

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
    let zero = vec![0.0f32; super::embedder::EMBEDDING_DIM];
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
            for (entity, id, wanted) in &lookup {
                if store::embedding_hash(conn, entity, *id, &model_name)?.as_deref()
                    == Some(wanted.as_str())
                    && let Some((_, bytes)) =
                        store::embeddings_of(conn, entity, &model_name, &[*id])?
                            .into_iter()
                            .next()
                {
                    found.insert((*entity, *id), vector_from_bytes(&bytes));
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
            Some((*answer_id, super::embedder::cosine(a, m)))
        })
        .collect())
}
