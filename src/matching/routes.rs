//! HTTP layer of the matching module: the student's recommendations and their feedback.

use super::rerank::Reranker;
use super::service::{self, Ranked, Shown};
use super::store::LoggedMatch;
use crate::app::AppState;
use crate::web::guards::Student;
use crate::web::{AppError, PageCtx, flash, redirect, render};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(recommendations).service(feedback);
}

#[derive(Template)]
#[template(path = "matching/recommendations.html")]
struct RecommendationsPage {
    ctx: PageCtx,
    has_profile: bool,
    ranked: Ranked,
}

impl RecommendationsPage {
    fn percent(&self, value: &f32) -> i32 {
        (value.clamp(0.0, 1.0) * 100.0).round() as i32
    }
    fn liked_similar(&self, item: &Shown) -> bool {
        item.rec.explanation.parts.feedback > 0.05
    }
}

#[get("/recommendations")]
async fn recommendations(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let Some(profile) = state
        .db
        .run(move |conn| crate::profile::store::student_by_user(conn, user.id))
        .await?
    else {
        return render(&RecommendationsPage {
            ctx,
            has_profile: false,
            ranked: Ranked::default(),
        });
    };
    let embedder = state.model.embedder();
    let model = embedder
        .as_ref()
        .map(|e| e.model_id().to_string())
        .unwrap_or_else(|| "all-MiniLM-L6-v2".into());
    let student_id = profile.id;
    let Some(context) = state
        .db
        .run(move |conn| service::student_context(conn, student_id, &model))
        .await?
    else {
        return render(&RecommendationsPage {
            ctx,
            has_profile: false,
            ranked: Ranked::default(),
        });
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
    let ranking = web::block(move || {
        service::rank_live(
            &catalogue.read(),
            &context,
            vector.as_deref(),
            &weights,
            today,
        )
    })
    .await
    .map_err(AppError::internal)?;
    // The reranker reorders the best candidates before the threshold and the cut to the page.
    let top = weights.max_rerank_candidates;
    let (ranking, texts) = match reranker {
        Reranker::Cross(_) => {
            state
                .db
                .run(move |conn| {
                    let texts = service::rerank_texts(conn, &ranking, top)?;
                    Ok::<_, crate::db::DbError>((ranking, texts))
                })
                .await?
        }
        _ => (ranking, Default::default()),
    };
    let (ranking, model_version) = web::block(move || {
        let mut ranking = ranking;
        let version = service::rerank(&mut ranking, &reranker, top, &student_text, &texts);
        (ranking, version)
    })
    .await
    .map_err(AppError::internal)?;
    let ranked = state
        .db
        .run(move |conn| service::shown(conn, ranking, &weights))
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
        .run(move |conn| {
            super::store::log_list(conn, &list_id, student_id, &model_version, &logged)
        })
        .await?;
    render(&RecommendationsPage {
        ctx,
        has_profile: true,
        ranked,
    })
}

#[derive(Deserialize)]
struct FeedbackForm {
    kind: String,
}

#[post("/recommendations/{internship_id}/feedback")]
async fn feedback(
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<FeedbackForm>,
) -> Result<HttpResponse, AppError> {
    let internship_id = path.into_inner();
    let kind = match form.into_inner().kind.as_str() {
        "like" => "like",
        "dismiss" => "dismiss",
        _ => {
            return Err(AppError::BadRequest(
                "Feedback is either like or dismiss.".into(),
            ));
        }
    };
    let recorded = state
        .db
        .run(move |conn| {
            let Some(profile) = crate::profile::store::student_by_user(conn, user.id)? else {
                return Ok(false);
            };
            service::feedback(conn, profile.id, internship_id, kind)
        })
        .await?;
    if !recorded {
        return Err(AppError::NotFound);
    }
    flash::success(if kind == "like" {
        "Noted: we'll show more like this."
    } else {
        "Dismissed: you won't see it again."
    });
    Ok(redirect("/recommendations"))
}
