//! HTTP layer of `/admin/matching`: the engine's weights, the reranker's versions and training,
//! re-indexing. Every route takes the `Admin` guard; the rules are in `matching_service.rs`.

use super::matching_service;
use super::model::{MatchingForm, MatchingOverview};
use crate::matching::learning::learned_reranker::{MIN_PER_CLASS, MIN_SAMPLES};
use crate::matching::learning::rerank::Reranker;
use crate::state::AppState;
use crate::web::guards::Admin;
use crate::web::i18n::Msg;
use crate::web::page::render_status;
use crate::web::{AppError, FieldErrors, PageCtx, flash, redirect, render};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(matching)
        .service(matching_save)
        .service(matching_train)
        .service(matching_reindex)
        .service(matching_activate)
        .service(matching_hybrid);
}

#[derive(Template)]
#[template(path = "admin/matching.html")]
struct MatchingPage {
    ctx: PageCtx,
    form: MatchingForm,
    errors: FieldErrors,
    o: MatchingOverview,
}

impl MatchingPage {
    /// The reranker in plain words.
    fn status(&self) -> String {
        let o = &self.o;
        let t = |key: &str| self.ctx.t(key);
        if o.weights.max_rerank_candidates == 0 {
            return t("admin.matching_status_off");
        }
        match &o.reranker {
            Reranker::Cross(ce) => t("admin.matching_status_cross")
                .replace("{dir}", &ce.dir.display().to_string())
                .replace("{k}", &o.weights.max_rerank_candidates.to_string()),
            Reranker::Learned(m) => {
                let active = o.active();
                let mut line = t("admin.matching_status_learned")
                    .replace("{version}", &m.version.to_string())
                    .replace("{samples}", &m.trained_on.to_string())
                    .replace(
                        "{date}",
                        &active
                            .map(|a| a.trained_at.format("%Y-%m-%d").to_string())
                            .unwrap_or_default(),
                    );
                if let Some((accuracy, auc)) = active.and_then(|a| Some((a.accuracy()?, a.auc()?)))
                {
                    line.push_str(
                        &t("admin.matching_status_metrics")
                            .replace("{accuracy}", &format!("{accuracy:.2}"))
                            .replace("{auc}", &format!("{auc:.2}")),
                    );
                }
                line
            }
            Reranker::Hybrid { reason } => {
                let enough =
                    o.samples >= MIN_SAMPLES && o.good >= MIN_PER_CLASS && o.bad >= MIN_PER_CLASS;
                let key = if o.active().is_some() {
                    "admin.matching_status_broken"
                } else if enough {
                    "admin.matching_status_ready"
                } else {
                    "admin.matching_status_too_few"
                };
                t(key)
                    .replace("{reason}", reason)
                    .replace("{samples}", &o.samples.to_string())
                    .replace("{min}", &MIN_SAMPLES.to_string())
                    .replace("{per_class}", &MIN_PER_CLASS.to_string())
                    .replace("{good}", &o.good.to_string())
                    .replace("{bad}", &o.bad.to_string())
            }
        }
    }

    /// A held-out figure, or a dash when it was not measured.
    fn metric(&self, value: Option<f64>) -> String {
        value
            .map(|v| format!("{v:.2}"))
            .unwrap_or_else(|| "–".into())
    }
}

async fn matching_overview(state: &AppState) -> Result<MatchingOverview, AppError> {
    let runtime = state.matching.clone();
    let model = state
        .model
        .embedder()
        .map(|e| e.model_id().to_string())
        .unwrap_or_else(|| "all-MiniLM-L6-v2".into());
    Ok(state
        .db
        .run(move |conn| matching_service::matching_overview(conn, &runtime, &model))
        .await?)
}

#[get("/admin/matching")]
async fn matching(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let o = matching_overview(&state).await?;
    render(&MatchingPage {
        ctx,
        form: MatchingForm::from_weights(&o.weights),
        errors: FieldErrors::default(),
        o,
    })
}

#[post("/admin/matching")]
async fn matching_save(
    ctx: PageCtx,
    admin: Admin,
    state: web::Data<AppState>,
    form: web::Form<MatchingForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let values = match matching_service::validate_matching(&form, ctx.lang) {
        Ok(values) => values,
        Err(errors) => {
            let o = matching_overview(&state).await?;
            return render_status(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                &MatchingPage {
                    ctx,
                    form,
                    errors,
                    o,
                },
            );
        }
    };
    let (admin_id, defaults) = (admin.0.id, state.matching.defaults());
    state
        .db
        .run(move |conn| matching_service::save_matching(conn, admin_id, &values, defaults))
        .await?;
    state.matching.refresh(&state.db).await?;
    flash::success("admin.matching_saved");
    Ok(redirect("/admin/matching"))
}

#[post("/admin/matching/train")]
async fn matching_train(
    _ctx: PageCtx,
    admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let admin_id = admin.0.id;
    let queued = state
        .db
        .run(move |conn| matching_service::queue_training(conn, admin_id))
        .await?;
    flash::info(if queued {
        "admin.matching_train_queued"
    } else {
        "admin.matching_train_waiting"
    });
    Ok(redirect("/admin/matching"))
}

#[post("/admin/matching/reindex")]
async fn matching_reindex(
    _ctx: PageCtx,
    admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let admin_id = admin.0.id;
    let queued = state
        .db
        .run(move |conn| matching_service::reindex(conn, admin_id))
        .await?;
    flash::success(
        Msg::new("admin.matching_reindex_queued")
            .with("count", queued)
            .with("batch", crate::matching::service::EMBED_BATCH),
    );
    Ok(redirect("/admin/matching"))
}

async fn activate(
    _ctx: PageCtx,
    admin: Admin,
    state: web::Data<AppState>,
    model_id: Option<i64>,
) -> Result<HttpResponse, AppError> {
    let admin_id = admin.0.id;
    let found = state
        .db
        .run(move |conn| matching_service::activate_reranker(conn, admin_id, model_id))
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    state.matching.refresh(&state.db).await?;
    flash::success("admin.matching_activated");
    Ok(redirect("/admin/matching"))
}

#[post("/admin/matching/models/{id}/activate")]
async fn matching_activate(
    ctx: PageCtx,
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    activate(ctx, admin, state, Some(path.into_inner())).await
}

#[post("/admin/matching/hybrid")]
async fn matching_hybrid(
    ctx: PageCtx,
    admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    activate(ctx, admin, state, None).await
}
