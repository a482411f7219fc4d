//! Rules of the matching module that touch live data.

use super::embedding::documents::vector_to_bytes;
use super::store;
use crate::db::{DbConnection, DbError};
use crate::state::AppState;
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
    embedder: &super::embedding::embedder::Embedder,
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

use super::embedding::documents::{InternshipDoc, StudentDoc, vector_from_bytes};
use super::index::live::Snapshot;
use super::index::vectors::{self, Request};
use super::learning::rerank::Reranker;
use super::model::{FeedbackKind, Recommendation};
use super::ranking::score::{self, Candidate, MatchWeights, Query};
use super::store::LoggedMatch;
use std::collections::{HashMap, HashSet};

/// The version recorded with a served list the hybrid order alone made.
pub const RANKER_VERSION: &str = super::learning::rerank::HYBRID_LABEL;
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
    // Saving an internship says "interested" too: it pulls similar internships up, a little
    // less than a like does.
    let reactions = store::saved_ids(conn, student_id)?
        .into_iter()
        .map(|id| (id, FeedbackKind::Saved))
        .chain(
            store::reactions(conn, student_id)?
                .into_iter()
                .filter_map(|(id, kind)| Some((id, kind_of(&kind)?))),
        )
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
    let zero = vec![0.0f32; super::embedding::embedder::EMBEDDING_DIM];
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
    let ranked = vectors::recommend(&snapshot.catalogue, &request, weights, pool, pool);
    LiveRanking {
        ranked,
        demand: snapshot.demand.missing_for(&features, 8),
        semantic,
    }
}

/// Internship texts of the best `top` candidates, by id (a cross-encoder reads them).
pub fn rerank_texts(
    conn: &mut DbConnection,
    ranking: &LiveRanking,
    top: usize,
) -> Result<HashMap<i64, String>, DbError> {
    let ids: Vec<i64> = ranking
        .ranked
        .iter()
        .take(top)
        .filter_map(|r| r.id.parse().ok())
        .collect();
    Ok(store::internship_docs(conn, &ids)?
        .into_iter()
        .map(|d| (d.id, d.embedding_text()))
        .collect())
}

/// Lets `reranker` reorder the best `top` candidates (before [`shown`] applies the threshold
/// and the cut); returns what ordered the list, for `match_log` (`hybrid-1` when it failed).
/// CPU work: call it off the async workers.
pub fn rerank(
    ranking: &mut LiveRanking,
    reranker: &super::learning::rerank::Reranker,
    top: usize,
    student_text: &str,
    texts: &HashMap<i64, String>,
) -> String {
    reranker.apply(
        &mut ranking.ranked,
        top,
        student_text,
        &|rec: &Recommendation| {
            rec.id
                .parse::<i64>()
                .ok()
                .and_then(|id| texts.get(&id).cloned())
                .unwrap_or_default()
        },
    )
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

/// Why a recommendation list could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RecommendError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("ranking stopped: {0}")]
    Stopped(String),
}

/// The recommendations page's list for one student: candidates from the live catalogue, the
/// hybrid score, the reranker, the cut to the page, and the served list logged. `None` when the
/// student has no profile. Heavy steps run on the blocking pool, inference on the model thread.
pub async fn recommend(
    state: &AppState,
    student_id: i64,
) -> Result<Option<Ranked>, RecommendError> {
    let embedder = state.model.embedder();
    let model = embedder
        .as_ref()
        .map(|e| e.model_id().to_string())
        .unwrap_or_else(|| "all-MiniLM-L6-v2".into());
    let Some(context) = state
        .db
        .run(move |conn| student_context(conn, student_id, &model))
        .await?
    else {
        return Ok(None);
    };
    // The stored vector, or (before the embedding job has run) one computed now.
    let vector = match (&context.vector, &embedder) {
        (Some(v), _) => Some(v.clone()),
        (None, Some(e)) => e
            .embed(vec![context.student.embedding_text()])
            .await
            .ok()
            .and_then(|v| v.into_iter().next()),
        (None, None) => None,
    };
    let weights = state.matching.weights();
    let reranker = state.matching.reranker();
    // Only a cross-encoder reads texts: the student's here, the candidates' below.
    let student_text = match reranker {
        Reranker::Cross(_) => context.student.embedding_text(),
        _ => String::new(),
    };
    // The first request after start-up may come before the catalogue's first load.
    if let Some(e) = &embedder
        && !state.catalogue.is_loaded_for(e.model_id())
    {
        state
            .catalogue
            .refresh(&state.db, e.model_id(), weights)
            .await?;
    }
    let today = crate::internship::service::today();
    let catalogue = state.catalogue.clone();
    let ranking = tokio::task::spawn_blocking(move || {
        rank_live(
            &catalogue.read(),
            &context,
            vector.as_deref(),
            &weights,
            today,
        )
    })
    .await
    .map_err(|e| RecommendError::Stopped(e.to_string()))?;
    // The reranker reorders the best candidates before the threshold and the cut to the page.
    let top = weights.max_rerank_candidates;
    let (ranking, texts) = match reranker {
        Reranker::Cross(_) => {
            state
                .db
                .run(move |conn| {
                    let texts = rerank_texts(conn, &ranking, top)?;
                    Ok::<_, DbError>((ranking, texts))
                })
                .await?
        }
        _ => (ranking, Default::default()),
    };
    let (ranking, model_version) = tokio::task::spawn_blocking(move || {
        let mut ranking = ranking;
        let version = rerank(&mut ranking, &reranker, top, &student_text, &texts);
        (ranking, version)
    })
    .await
    .map_err(|e| RecommendError::Stopped(e.to_string()))?;
    let ranked = state
        .db
        .run(move |conn| shown(conn, ranking, &weights))
        .await?;
    let list_id = uuid::Uuid::new_v4().to_string();
    let logged: Vec<LoggedMatch> = ranked
        .items
        .iter()
        .enumerate()
        .map(|(rank, item)| LoggedMatch {
            internship_id: item.doc.id,
            rank: rank as i32 + 1,
            score: f64::from(item.rec.score),
            parts: serde_json::to_string(&item.rec.explanation.parts).unwrap_or_default(),
        })
        .collect();
    state
        .db
        .run(move |conn| store::log_list(conn, &list_id, student_id, &model_version, &logged))
        .await?;
    Ok(Some(ranked))
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

/// Records feedback on an internship the student can see; `false` (not found) for one they
/// can't (unknown, draft, taken down, or of an unverified company). Repeating the student's
/// latest reaction records nothing more, so one student's clicks count once.
pub fn feedback(
    conn: &mut DbConnection,
    student_id: i64,
    internship_id: i64,
    kind: &str,
) -> Result<bool, DbError> {
    if !crate::internship::service::listed(conn, internship_id)? {
        return Ok(false);
    }
    if store::latest_reaction(conn, student_id, internship_id)?.as_deref() != Some(kind) {
        store::insert_feedback(conn, student_id, internship_id, kind)?;
    }
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
    let zero = vec![0.0f32; super::embedding::embedder::EMBEDDING_DIM];
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
            Some((*answer_id, super::embedding::embedder::cosine(a, m)))
        })
        .collect())
}
// ---- the learned reranker: samples from outcomes, training, the nightly job ----

use super::learning::rerank::{HeldOut, MIN_PER_CLASS, MIN_SAMPLES, RerankError, Sample, Training};
use super::model::{Outcome, Served};

/// Training examples assembled from served lists and their outcomes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SampleSet {
    pub samples: Vec<Sample>,
    pub good: usize,
    pub bad: usize,
}

impl SampleSet {
    /// Whether [`rerank::train`](super::learning::rerank::train) will train on them.
    pub fn enough(&self) -> bool {
        self.samples.len() >= MIN_SAMPLES && self.good >= MIN_PER_CLASS && self.bad >= MIN_PER_CLASS
    }
}

/// One sample per (student, internship) pair with an outcome that was served before the
/// student acted: the features of its latest such serving (`rerank::features(parts, rank - 1)`)
/// and the outcome as label. An employer's decision on an application outweighs a like or a
/// dismissal; among reactions the latest counts. Servings after the student acted are not used
/// (their feedback part already reflects the reaction). Samples come out ordered by student
/// and internship, so training is reproducible.
pub fn assemble_samples(served: &[Served], outcomes: &[Outcome]) -> SampleSet {
    let mut decided: HashMap<(i64, i64), &Outcome> = HashMap::new();
    for o in outcomes {
        let key = (o.student_id, o.internship_id);
        let replace = match decided.get(&key) {
            None => true,
            Some(old) => (o.source, o.at) >= (old.source, old.at),
        };
        if replace {
            decided.insert(key, o);
        }
    }
    let mut servings: HashMap<(i64, i64), Vec<&Served>> = HashMap::new();
    for s in served {
        servings
            .entry((s.student_id, s.internship_id))
            .or_default()
            .push(s);
    }
    let mut pairs: Vec<_> = decided.into_iter().collect();
    pairs.sort_by_key(|(key, _)| *key);
    let mut set = SampleSet::default();
    for (key, outcome) in pairs {
        let Some(serving) = servings.get(&key).and_then(|list| {
            list.iter()
                .filter(|s| s.served_at <= outcome.at)
                .max_by_key(|s| (s.served_at, s.id))
        }) else {
            continue;
        };
        let Ok(parts) = serde_json::from_str::<super::model::ScoreParts>(&serving.parts) else {
            tracing::warn!(
                log_id = serving.id,
                "match_log parts are not readable; skipped"
            );
            continue;
        };
        let rank = (serving.rank.max(1) - 1) as usize;
        set.samples.push(Sample {
            features: super::learning::rerank::features(&parts, rank),
            label: if outcome.good { 1.0 } else { 0.0 },
        });
        if outcome.good {
            set.good += 1;
        } else {
            set.bad += 1;
        }
    }
    set
}

/// The samples training would use now.
pub fn training_samples(conn: &mut DbConnection) -> Result<SampleSet, DbError> {
    let outcomes = store::outcomes(conn)?;
    let mut students: Vec<i64> = outcomes.iter().map(|o| o.student_id).collect();
    students.sort_unstable();
    students.dedup();
    let served = store::served_to(conn, &students)?;
    Ok(assemble_samples(&served, &outcomes))
}

/// Training passes over the samples (full batch).
pub const TRAIN_EPOCHS: usize = 300;

/// What a training run did.
#[derive(Debug, Clone, PartialEq)]
pub enum TrainReport {
    /// A new version was stored and made active.
    Trained {
        id: i64,
        version: u32,
        samples: usize,
        good: usize,
        bad: usize,
        loss: f32,
        held_out: Option<HeldOut>,
    },
    /// Too few outcomes: nothing stored, the hybrid order (or the active model) stands.
    TooFew {
        samples: usize,
        good: usize,
        bad: usize,
    },
}

impl std::fmt::Display for TrainReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TrainReport::Trained {
                version,
                samples,
                good,
                bad,
                loss,
                held_out,
                ..
            } => {
                write!(
                    f,
                    "trained reranker v{version} on {samples} outcomes ({good} good, {bad} bad): \
                     loss {loss:.3}"
                )?;
                if let Some(h) = held_out {
                    write!(
                        f,
                        ", held-out accuracy {:.3}, AUC {:.3} on {} outcomes",
                        h.accuracy, h.auc, h.samples
                    )?;
                }
                write!(f, "; it is now the active reranker (mlp-v{version})")
            }
            TrainReport::TooFew { samples, good, bad } => write!(
                f,
                "not trained: {samples} outcomes ({good} good, {bad} bad); a learned reranker \
                 needs at least {MIN_SAMPLES} outcomes with at least {MIN_PER_CLASS} good and \
                 {MIN_PER_CLASS} bad. Nothing was stored; recommendations keep their current order."
            ),
        }
    }
}

/// Training failures (the job retries them).
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Model(#[from] RerankError),
    #[error("training task failed: {0}")]
    Task(String),
}

/// A trained model ready to store.
pub struct Fitted {
    model: super::learning::rerank::LearnedReranker,
    held_out: Option<HeldOut>,
    good: usize,
    bad: usize,
}

/// Trains (CPU work, seconds): `Err(TrainReport::TooFew)` when there are too few samples.
pub fn fit(
    set: &SampleSet,
    version: u32,
    epochs: usize,
) -> Result<Result<Fitted, TrainReport>, RerankError> {
    match super::learning::rerank::train(&set.samples, version, epochs)? {
        Training::TooFew { samples, good, bad } => {
            Ok(Err(TrainReport::TooFew { samples, good, bad }))
        }
        Training::Trained(model) => Ok(Ok(Fitted {
            held_out: super::learning::rerank::held_out(&set.samples, epochs)?,
            model,
            good: set.good,
            bad: set.bad,
        })),
    }
}

/// Stores a fitted model as the new active version.
pub fn store_fitted(conn: &mut DbConnection, fitted: &Fitted) -> Result<TrainReport, DbError> {
    let m = &fitted.model;
    let metrics = serde_json::json!({
        "loss": m.loss,
        "good": fitted.good,
        "bad": fitted.bad,
        "held_out": fitted.held_out,
    });
    let id = store::insert_active_model(
        conn,
        m.version,
        "mlp",
        i32::try_from(m.trained_on).unwrap_or(i32::MAX),
        &metrics.to_string(),
        &m.to_bytes(),
    )?;
    Ok(TrainReport::Trained {
        id,
        version: m.version,
        samples: m.trained_on,
        good: fitted.good,
        bad: fitted.bad,
        loss: m.loss,
        held_out: fitted.held_out,
    })
}

/// `praktiki train-reranker`: gathers, trains and stores in one go on one connection.
pub fn train_reranker_blocking(
    conn: &mut DbConnection,
    epochs: usize,
) -> Result<TrainReport, TrainError> {
    let set = training_samples(conn)?;
    let version = store::next_model_version(conn)?;
    match fit(&set, version, epochs)? {
        Err(too_few) => Ok(too_few),
        Ok(fitted) => Ok(store_fitted(conn, &fitted)?),
    }
}

/// Trains off the async workers (no connection held while training), stores a new active
/// version when there is enough data, and refreshes this instance's reranker.
pub async fn train_reranker(state: &AppState, epochs: usize) -> Result<TrainReport, TrainError> {
    let (set, version) = state
        .db
        .run(|conn| Ok::<_, DbError>((training_samples(conn)?, store::next_model_version(conn)?)))
        .await?;
    let fitted = tokio::task::spawn_blocking(move || fit(&set, version, epochs))
        .await
        .map_err(|e| TrainError::Task(e.to_string()))??;
    let fitted = match fitted {
        Err(too_few) => return Ok(too_few),
        Ok(f) => f,
    };
    let report = state
        .db
        .run(move |conn| store_fitted(conn, &fitted))
        .await?;
    state.matching.refresh(&state.db).await?;
    Ok(report)
}

pub const TRAIN_RERANKER: &str = "train_reranker";

/// The `train_reranker` job (nightly, and "Train now" on `/admin/matching`). Too few outcomes
/// is not a failure: it is logged and the job ends.
pub async fn train_reranker_job(
    state: AppState,
    _payload: serde_json::Value,
) -> Result<(), String> {
    match train_reranker(&state, TRAIN_EPOCHS).await {
        Ok(report @ TrainReport::Trained { .. }) => {
            tracing::info!(report = %report, "reranker trained");
            Ok(())
        }
        Ok(report) => {
            tracing::info!(report = %report, "reranker not trained");
            Ok(())
        }
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::model::{OutcomeSource, ScoreParts};
    use chrono::{NaiveDateTime, TimeDelta};

    fn at(minutes: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap()
            .naive_utc()
            + TimeDelta::minutes(minutes)
    }

    fn served(
        id: i64,
        student: i64,
        internship: i64,
        rank: i32,
        skills: f32,
        minute: i64,
    ) -> Served {
        Served {
            id,
            student_id: student,
            internship_id: internship,
            rank,
            parts: serde_json::to_string(&ScoreParts {
                skills,
                total: skills,
                ..Default::default()
            })
            .unwrap(),
            served_at: at(minute),
        }
    }

    fn outcome(
        student: i64,
        internship: i64,
        good: bool,
        source: OutcomeSource,
        minute: i64,
    ) -> Outcome {
        Outcome {
            student_id: student,
            internship_id: internship,
            good,
            source,
            at: at(minute),
        }
    }

    #[test]
    fn a_sample_is_the_latest_serving_before_the_outcome_with_its_label() {
        let served = vec![
            served(1, 7, 100, 4, 0.1, 0),
            served(2, 7, 100, 2, 0.2, 10),
            // Served again after the like: its feedback part knows the answer; not used.
            served(3, 7, 100, 1, 0.9, 30),
            served(4, 8, 100, 3, 0.5, 0),
        ];
        let outcomes = vec![
            outcome(7, 100, true, OutcomeSource::Feedback, 20),
            outcome(8, 100, false, OutcomeSource::Feedback, 5),
        ];
        let set = assemble_samples(&served, &outcomes);
        assert_eq!((set.samples.len(), set.good, set.bad), (2, 1, 1));
        let first = &set.samples[0];
        assert_eq!(first.label, 1.0);
        let parts = ScoreParts {
            skills: 0.2,
            total: 0.2,
            ..Default::default()
        };
        assert_eq!(
            first.features,
            crate::matching::learning::rerank::features(&parts, 1)
        );
        assert_eq!(set.samples[1].label, 0.0);
        assert_eq!(
            set.samples[1].features[11],
            1.0 / 3.0,
            "rank 3 is hybrid rank 2"
        );
    }

    #[test]
    fn decisions_outweigh_clicks_and_the_latest_click_counts() {
        let served = vec![
            served(1, 1, 10, 1, 0.5, 0),
            served(2, 1, 11, 1, 0.5, 0),
            served(3, 1, 12, 1, 0.5, 0),
        ];
        let outcomes = vec![
            // Liked, then rejected by the employer: bad.
            outcome(1, 10, true, OutcomeSource::Feedback, 1),
            outcome(1, 10, false, OutcomeSource::Application, 2),
            // Shortlisted, then dismissed (a later click does not undo a decision): good.
            outcome(1, 11, true, OutcomeSource::Application, 1),
            outcome(1, 11, false, OutcomeSource::Feedback, 3),
            // Dismissed, then liked: the like counts.
            outcome(1, 12, false, OutcomeSource::Feedback, 1),
            outcome(1, 12, true, OutcomeSource::Feedback, 2),
        ];
        let set = assemble_samples(&served, &outcomes);
        let labels: Vec<f32> = set.samples.iter().map(|s| s.label).collect();
        assert_eq!(labels, vec![0.0, 1.0, 1.0]);
        assert_eq!((set.good, set.bad), (2, 1));
    }

    #[test]
    fn outcomes_never_served_or_unreadable_are_skipped() {
        let mut broken = served(2, 1, 11, 1, 0.5, 0);
        broken.parts = "not json".into();
        let served = vec![served(1, 1, 10, 1, 0.5, 10), broken];
        let outcomes = vec![
            // Acted before it was ever served (e.g. from search): no sample.
            outcome(1, 10, true, OutcomeSource::Feedback, 5),
            outcome(1, 11, true, OutcomeSource::Feedback, 5),
            outcome(1, 12, false, OutcomeSource::Feedback, 5),
        ];
        let set = assemble_samples(&served, &outcomes);
        assert!(set.samples.is_empty());
        assert!(!set.enough());
    }

    #[test]
    fn statuses_and_reactions_map_to_labels() {
        for s in ["shortlisted", "interview", "accepted"] {
            assert_eq!(Outcome::of_application(s), Some(true));
        }
        assert_eq!(Outcome::of_application("rejected"), Some(false));
        assert_eq!(Outcome::of_application("pending"), None);
        assert_eq!(Outcome::of_application("withdrawn"), None);
        assert_eq!(Outcome::of_feedback("like"), Some(true));
        assert_eq!(Outcome::of_feedback("dismiss"), Some(false));
        assert_eq!(Outcome::of_feedback("view"), None);
    }
}
