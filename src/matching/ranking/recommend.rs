//! A student's recommendations on live data: the scan of the live catalogue for their context
//! (`context.rs`), the rerank of the best candidates, the served list and its log.

use crate::db::{DbConnection, DbError};
use crate::matching::index::catalogue::{self, Request};
use crate::matching::index::live::Snapshot;
use crate::matching::learning::rerank::Reranker;
use crate::matching::model::{InternshipCard, Recommendation};
use crate::matching::ranking::recent;
use crate::matching::ranking::score::{self, MatchWeights};
use crate::matching::store::{self, LoggedMatch, ServedList};
use crate::state::AppState;
use std::collections::HashMap;

pub use super::context::{StudentContext, student_context, student_context_of_user};

/// The version recorded with a served list the hybrid order alone made.
pub const RANKER_VERSION: &str = crate::matching::learning::rerank::HYBRID_LABEL;
/// Recommendations shown at once.
pub const SHOWN: usize = 10;

/// A ranking over the live catalogue, before the page's documents are attached.
#[derive(Debug, Clone, Default)]
pub struct LiveRanking {
    /// The best candidates, best first, each explained (the reranker's input, then the page's).
    pub ranked: Vec<Recommendation>,
    /// Skills most asked for across the listed internships of the student's field that they
    /// lack (market demand).
    pub demand: Vec<(String, usize)>,
    pub semantic: bool,
    /// For a cold start (no skill listed, fewer than two named): two or three skills in demand
    /// in its plausible fields, each one click away on the page.
    pub suggestions: Vec<String>,
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
    let zero = vec![0.0f32; crate::matching::embedding::embedder::EMBEDDING_DIM];
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
        cohort: &context.cohort,
    };
    // Without a vector, nearness means nothing: every listed internship is a candidate.
    let pool = if semantic {
        weights.candidate_pool.max(weights.max_rerank_candidates)
    } else {
        snapshot.catalogue.len()
    };
    let ranked = catalogue::recommend(&snapshot.catalogue, &request, weights, pool, pool);
    let suggestions = if features.cold {
        let demand = snapshot.demand.missing_for(&features, 3);
        demand.into_iter().map(|(skill, _)| skill).collect()
    } else {
        Vec::new()
    };
    LiveRanking {
        ranked,
        demand: snapshot.demand.missing_for(&features, 8),
        semantic,
        suggestions,
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
    reranker: &crate::matching::learning::rerank::Reranker,
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
    pub card: InternshipCard,
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
    /// Skills to add in one click each (a thin profile only).
    pub suggestions: Vec<String>,
}

/// The internships the page can show of `ranking`: the best `SHOWN` above the threshold.
pub fn shown_ids(ranking: &LiveRanking, weights: &MatchWeights) -> Vec<i64> {
    ranking
        .ranked
        .iter()
        .filter(|r| r.score >= weights.threshold)
        .take(SHOWN)
        .filter_map(|r| r.id.parse().ok())
        .collect()
}

/// The page's list: the best `SHOWN` above the threshold with their `cards` (an internship
/// without one is gone and left out), and the skill gaps across them.
pub fn shown(ranking: LiveRanking, cards: &[InternshipCard], weights: &MatchWeights) -> Ranked {
    let cards: HashMap<i64, &InternshipCard> = cards.iter().map(|c| (c.id, c)).collect();
    let mut gaps: HashMap<String, usize> = HashMap::new();
    let items = ranking
        .ranked
        .into_iter()
        .filter(|r| r.score >= weights.threshold)
        .take(SHOWN)
        .filter_map(|rec| {
            let id: i64 = rec.id.parse().ok()?;
            let card = (*cards.get(&id)?).clone();
            for skill in &rec.explanation.missing_skills {
                *gaps.entry(skill.clone()).or_default() += 1;
            }
            Some(Shown { card, rec })
        })
        .collect();
    Ranked {
        items,
        gaps: top(gaps, 8),
        demand: ranking.demand,
        semantic: ranking.semantic,
        suggestions: ranking.suggestions,
    }
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

/// The recommendations page's list for the student whose account is `user_id`: candidates from
/// the live catalogue, the hybrid score, the reranker, the cut to the page, and the served list
/// logged. `None` when the student has no profile. Heavy steps run on the blocking pool,
/// inference on the model thread.
pub async fn recommend(state: &AppState, user_id: i64) -> Result<Option<Ranked>, RecommendError> {
    let embedder = state.model.embedder();
    let model = embedder
        .as_ref()
        .map(|e| e.model_id().to_string())
        .unwrap_or_else(|| "all-MiniLM-L6-v2".into());
    let Some(context) = state
        .db
        .run(move |conn| student_context_of_user(conn, user_id, &model))
        .await?
    else {
        return Ok(None);
    };
    let student_id = context.student.id;
    let weights = state.matching.weights();
    let reranker = state.matching.reranker();
    // The first request after start-up may come before the catalogue's first load, or during.
    if let Some(e) = &embedder {
        state
            .catalogue
            .wait_until_answerable(&state.db, e.model_id(), weights)
            .await?;
    }
    let today = chrono::Utc::now().date_naive();
    // A ranking made from the same inputs is reused (`recent.rs`). A student whose vector is not
    // stored yet is ranked afresh each time (the vector is computed for the request).
    let key = context.vector.is_some().then(|| {
        let version = state.catalogue.read().version;
        recent::fingerprint(&context, &weights, &reranker.label(), version, today)
    });
    let remembered = key.and_then(|key| state.matching.recent.get(student_id, key));
    let (ranking, model_version, cards) = match remembered {
        Some(hit) => (hit.ranking, hit.model_version, hit.cards),
        None => {
            let (ranking, version) =
                fresh_ranking(state, context, embedder, &weights, reranker, today).await?;
            if let Some(key) = key {
                state
                    .matching
                    .recent
                    .put(student_id, key, &ranking, &version, &weights);
            }
            (ranking, version, None)
        }
    };
    // A reload shows the cards read a moment ago (`recent::CARDS_FRESH`).
    let cards = match cards {
        Some(cards) => cards,
        None => {
            let ids = shown_ids(&ranking, &weights);
            let cards = state.db.run(move |conn| store::cards(conn, &ids)).await?;
            if let Some(key) = key {
                state
                    .matching
                    .recent
                    .keep_cards(student_id, key, cards.clone());
            }
            cards
        }
    };
    let ranked = shown(ranking, &cards, &weights);
    let list_id = uuid::Uuid::new_v4().to_string();
    let logged: Vec<LoggedMatch> = ranked
        .items
        .iter()
        .enumerate()
        .map(|(rank, item)| LoggedMatch {
            internship_id: item.card.id,
            rank: rank as i32 + 1,
            score: f64::from(item.rec.score),
            parts: serde_json::to_string(&item.rec.explanation.parts).unwrap_or_default(),
        })
        .collect();
    // A page view writes its list unless it shows the student's last logged list again
    // (`reloads`); many views share one commit (see `db::group_commit`). The page does not
    // wait for that commit (an `fsync`, sometimes a WAL checkpoint): nothing shown reads the
    // log back, and training pairs a list with what the student did after its `served_at`,
    // which is set here. A crash may lose the last few lists, never a page.
    let served = ServedList {
        list_id,
        student_id,
        model_version,
        rows: logged,
        served_at: chrono::Utc::now().naive_utc(),
    };
    if state.matching.logged_lately.is_new(&served) {
        state
            .matching
            .served_log
            .write_behind(&state.db, served)
            .await?;
    }
    Ok(Some(ranked))
}

/// A new ranking: the scan of the live catalogue, the hybrid score and the reranker.
async fn fresh_ranking(
    state: &AppState,
    context: StudentContext,
    embedder: Option<crate::matching::embedding::embedder::Embedder>,
    weights: &MatchWeights,
    reranker: Reranker,
    today: chrono::NaiveDate,
) -> Result<(LiveRanking, String), RecommendError> {
    let weights = *weights;
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
    // Only a cross-encoder reads texts: the student's here, the candidates' below.
    let student_text = match reranker {
        Reranker::Cross(_) => context.student.embedding_text(),
        _ => String::new(),
    };
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
    tokio::task::spawn_blocking(move || {
        let mut ranking = ranking;
        let version = rerank(&mut ranking, &reranker, top, &student_text, &texts);
        (ranking, version)
    })
    .await
    .map_err(|e| RecommendError::Stopped(e.to_string()))
}
