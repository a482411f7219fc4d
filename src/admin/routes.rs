//! HTTP layer of the admin module. Every route takes the `Admin` guard. Deciding on employers and
//! institutes is in `verification_routes.rs`, moderating users and internships in
//! `moderation_routes.rs`, the matching page (a workshop of its own) in `matching_routes.rs`; this
//! file wires them, holds what their decisions share, and shows the outbox and the jobs.

use crate::jobs::model::Job;
use crate::notify::model::OutboxEmail;
use crate::state::AppState;
use crate::web::guards::Admin;
use crate::web::i18n::Msg;
use crate::web::pagination::Pagination;
use crate::web::{AppError, PageCtx, flash, redirect, render};
use actix_web::{HttpResponse, get, web};
use askama::Template;
use serde::Deserialize;

pub(super) const PER_PAGE: i64 = 50;

pub fn configure(cfg: &mut web::ServiceConfig) {
    super::verification_routes::configure(cfg);
    super::moderation_routes::configure(cfg);
    cfg.service(outbox).service(jobs);
    super::matching_routes::configure(cfg);
    super::insight::routes::configure(cfg);
    super::audit_log::routes::configure(cfg);
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ReasonForm {
    reason: String,
}

impl ReasonForm {
    fn reason(self) -> String {
        self.reason.trim().chars().take(500).collect()
    }
}

/// One admin decision about row `id` (approve, reject, suspend, take down, …): `run` says
/// whether the row exists. A missing row is a 404; otherwise `done` is flashed and the admin goes
/// `back` to the list.
pub(super) async fn decision<F>(
    state: &AppState,
    run: F,
    done: impl Into<Msg>,
    back: &str,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut crate::db::DbConnection) -> Result<bool, crate::db::DbError> + Send + 'static,
{
    if !state.db.run(run).await? {
        return Err(AppError::NotFound);
    }
    flash::success(done);
    Ok(redirect(back))
}

/// What every decision route reads: the deciding admin, the row's id and the reason typed.
pub(super) fn decided(
    admin: Admin,
    path: web::Path<i64>,
    form: web::Form<ReasonForm>,
) -> (i64, i64, String) {
    (admin.0.id, path.into_inner(), form.into_inner().reason())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ListQuery {
    pub(super) q: String,
    pub(super) page: Option<i64>,
}

#[derive(Template)]
#[template(path = "admin/outbox.html")]
struct OutboxPage {
    ctx: PageCtx,
    emails: Vec<OutboxEmail>,
}

#[get("/admin/outbox")]
async fn outbox(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let page = Pagination::new(query.into_inner().page, PER_PAGE);
    let emails = state
        .db
        .run(move |conn| crate::notify::service::recent(conn, page.limit(), page.offset()))
        .await?;
    render(&OutboxPage { ctx, emails })
}

#[derive(Template)]
#[template(path = "admin/jobs.html")]
struct JobsPage {
    ctx: PageCtx,
    jobs: Vec<Job>,
}

#[get("/admin/jobs")]
async fn jobs(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let jobs = state
        .db
        .run(|conn| crate::jobs::service::recent(conn, 100))
        .await?;
    render(&JobsPage { ctx, jobs })
}
