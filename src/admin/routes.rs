//! HTTP layer of the admin module. Every route takes the `Admin` guard.

use super::store::{AuditRow, UserRow};
use super::{service, store};
use crate::app::AppState;
use crate::institute::model::InstituteProfile;
use crate::jobs::model::Job;
use crate::notify::model::OutboxEmail;
use crate::profile::model::EmployerProfile;
use crate::web::guards::Admin;
use crate::web::pagination::{PageLinks, Pagination};
use crate::web::{AppError, PageCtx, flash, redirect, render};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

const PER_PAGE: i64 = 50;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(dashboard)
        .service(employers)
        .service(approve_employer)
        .service(reject_employer)
        .service(institutes)
        .service(approve_institute)
        .service(reject_institute)
        .service(users)
        .service(suspend_user)
        .service(restore_user)
        .service(internships)
        .service(take_down_internship)
        .service(restore_internship)
        .service(audit)
        .service(outbox)
        .service(jobs)
        .service(matching)
        .service(matching_save)
        .service(matching_train)
        .service(matching_reindex)
        .service(matching_activate)
        .service(matching_hybrid);
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    stats: super::model::PlatformStats,
}

impl DashboardPage {
    fn of(&self, counts: &[(String, i64)], status: &str) -> i64 {
        super::model::PlatformStats::of(counts, status)
    }
    fn total(&self, counts: &[(String, i64)]) -> i64 {
        super::model::PlatformStats::total(counts)
    }
    /// Application statuses in the order of the pipeline, with their label keys.
    fn application_statuses(&self) -> [(&'static str, &'static str); 6] {
        [
            ("pending", "status.pending"),
            ("shortlisted", "status.shortlisted"),
            ("interview", "status.interview"),
            ("accepted", "status.accepted"),
            ("rejected", "status.rejected"),
            ("withdrawn", "status.withdrawn"),
        ]
    }
    fn charts(&self) -> [(&'static str, &[super::model::DayCount]); 2] {
        [
            ("admin.stats_signups", &self.stats.signups),
            ("admin.stats_applied", &self.stats.applied),
        ]
    }
}

#[get("/admin")]
async fn dashboard(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let stats = state.db.run(service::platform_stats).await?;
    render(&DashboardPage { ctx, stats })
}

#[derive(Template)]
#[template(path = "admin/employers.html")]
struct EmployersPage {
    ctx: PageCtx,
    status: String,
    employers: Vec<(EmployerProfile, String)>,
}

#[derive(Deserialize)]
struct StatusQuery {
    status: Option<String>,
}

impl StatusQuery {
    /// The verification status a list of employers or institutes shows (pending by default).
    fn verification(self) -> String {
        match self.status.as_deref() {
            Some(s @ ("approved" | "rejected")) => s.to_string(),
            _ => "pending".to_string(),
        }
    }
}

#[get("/admin/employers")]
async fn employers(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
    query: web::Query<StatusQuery>,
) -> Result<HttpResponse, AppError> {
    let status = query.into_inner().verification();
    let wanted = status.clone();
    let employers = state
        .db
        .run(move |conn| crate::profile::store::employers_by_status(conn, &wanted))
        .await?;
    render(&EmployersPage {
        ctx,
        status,
        employers,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReasonForm {
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
async fn decision<F>(
    state: &AppState,
    run: F,
    done: impl Into<String>,
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
fn decided(admin: Admin, path: web::Path<i64>, form: web::Form<ReasonForm>) -> (i64, i64, String) {
    (admin.0.id, path.into_inner(), form.into_inner().reason())
}

#[post("/admin/employers/{id}/approve")]
async fn approve_employer(
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    let (admin_id, id, reason) = decided(admin, path, form);
    let base_url = state.settings.base_url.clone();
    let run = move |conn: &mut _| {
        service::decide_employer(conn, admin_id, id, true, Some(&reason), Some(&base_url))
    };
    let done = "Employer approved: they can post internships now.";
    decision(&state, run, done, "/admin/employers").await
}

#[post("/admin/employers/{id}/reject")]
async fn reject_employer(
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    let (admin_id, id, reason) = decided(admin, path, form);
    let base_url = state.settings.base_url.clone();
    let run = move |conn: &mut _| {
        service::decide_employer(conn, admin_id, id, false, Some(&reason), Some(&base_url))
    };
    decision(&state, run, "Employer rejected.", "/admin/employers").await
}

#[derive(Template)]
#[template(path = "admin/institutes.html")]
struct InstitutesPage {
    ctx: PageCtx,
    status: String,
    institutes: Vec<(InstituteProfile, String)>,
}

#[get("/admin/institutes")]
async fn institutes(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
    query: web::Query<StatusQuery>,
) -> Result<HttpResponse, AppError> {
    let status = query.into_inner().verification();
    let wanted = status.clone();
    let institutes = state
        .db
        .run(move |conn| crate::institute::store::by_status(conn, &wanted))
        .await?;
    render(&InstitutesPage {
        ctx,
        status,
        institutes,
    })
}

/// Approves (`true`) or rejects an institute; the flash message is in the admin's language.
async fn decide_institute(
    ctx: PageCtx,
    state: web::Data<AppState>,
    (admin_id, id, reason): (i64, i64, String),
    approve: bool,
) -> Result<HttpResponse, AppError> {
    let base_url = state.settings.base_url.clone();
    let run = move |conn: &mut _| {
        service::decide_institute(conn, admin_id, id, approve, Some(&reason), &base_url)
    };
    let done = match approve {
        true => "admin.institute_approved",
        false => "admin.institute_rejected",
    };
    decision(&state, run, i18n::t(ctx.lang, done), "/admin/institutes").await
}

#[post("/admin/institutes/{id}/approve")]
async fn approve_institute(
    ctx: PageCtx,
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    decide_institute(ctx, state, decided(admin, path, form), true).await
}

#[post("/admin/institutes/{id}/reject")]
async fn reject_institute(
    ctx: PageCtx,
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    decide_institute(ctx, state, decided(admin, path, form), false).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    q: String,
    action: String,
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    ctx: PageCtx,
    q: String,
    users: Vec<UserRow>,
    links: PageLinks,
}

#[get("/admin/users")]
async fn users(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let page = Pagination::new(query.page, PER_PAGE);
    let q = query.q.trim().to_string();
    let search = Some(q.clone()).filter(|q| !q.is_empty());
    let (users, total) = state
        .db
        .run(move |conn| store::users(conn, search.as_deref(), page.limit(), page.offset()))
        .await?;
    render(&UsersPage {
        ctx,
        q,
        users,
        links: PageLinks::new(page, total),
    })
}

#[post("/admin/users/{id}/suspend")]
async fn suspend_user(
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    let (admin_id, id, reason) = decided(admin, path, form);
    let run = move |conn: &mut _| service::set_suspended(conn, admin_id, id, true, &reason);
    let done = "User suspended; their sessions have ended.";
    decision(&state, run, done, "/admin/users").await
}

#[post("/admin/users/{id}/restore")]
async fn restore_user(
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    let (admin_id, id, reason) = decided(admin, path, form);
    let run = move |conn: &mut _| service::set_suspended(conn, admin_id, id, false, &reason);
    decision(&state, run, "User restored.", "/admin/users").await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct InternshipQuery {
    q: String,
    status: String,
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "admin/internships.html")]
struct InternshipsPage {
    ctx: PageCtx,
    q: String,
    status: String,
    rows: Vec<store::InternshipRow>,
    links: PageLinks,
}

#[get("/admin/internships")]
async fn internships(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
    query: web::Query<InternshipQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let page = Pagination::new(query.page, PER_PAGE);
    let q = query.q.trim().to_string();
    let status = match query.status.as_str() {
        s @ ("active" | "closed" | "taken_down") => s.to_string(),
        _ => String::new(),
    };
    let (search, wanted) = (
        Some(q.clone()).filter(|q| !q.is_empty()),
        Some(status.clone()).filter(|s| !s.is_empty()),
    );
    let (rows, total) = state
        .db
        .run(move |conn| {
            store::internships(
                conn,
                search.as_deref(),
                wanted.as_deref(),
                page.limit(),
                page.offset(),
            )
        })
        .await?;
    render(&InternshipsPage {
        ctx,
        q,
        status,
        rows,
        links: PageLinks::new(page, total),
    })
}

#[post("/admin/internships/{id}/takedown")]
async fn take_down_internship(
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    let (admin_id, id, reason) = decided(admin, path, form);
    let run = move |conn: &mut _| service::moderate_internship(conn, admin_id, id, true, &reason);
    let done = "Internship taken down: it is no longer listed, and its employer was told.";
    decision(&state, run, done, "/admin/internships").await
}

#[post("/admin/internships/{id}/restore")]
async fn restore_internship(
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    let (admin_id, id, reason) = decided(admin, path, form);
    let run = move |conn: &mut _| service::moderate_internship(conn, admin_id, id, false, &reason);
    decision(
        &state,
        run,
        "Internship listed again.",
        "/admin/internships",
    )
    .await
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    ctx: PageCtx,
    action: String,
    rows: Vec<AuditRow>,
    links: PageLinks,
}

#[get("/admin/audit")]
async fn audit(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let page = Pagination::new(query.page, PER_PAGE);
    let action = query.action.trim().to_string();
    let filter = Some(action.clone()).filter(|a| !a.is_empty());
    let (rows, total) = state
        .db
        .run(move |conn| store::audit(conn, filter.as_deref(), page.limit(), page.offset()))
        .await?;
    render(&AuditPage {
        ctx,
        action,
        rows,
        links: PageLinks::new(page, total),
    })
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
        .run(move |conn| crate::notify::store::recent(conn, page.limit(), page.offset()))
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
        .run(|conn| crate::jobs::store::recent(conn, 100))
        .await?;
    render(&JobsPage { ctx, jobs })
}

// ---- /admin/matching ----

use super::model::{MatchingForm, MatchingOverview};
use crate::matching::rerank::{MIN_PER_CLASS, MIN_SAMPLES, Reranker};
use crate::web::FieldErrors;
use crate::web::i18n;
use crate::web::page::render_status;

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
        .run(move |conn| service::matching_overview(conn, &runtime, &model))
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
    let values = match service::validate_matching(&form, ctx.lang) {
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
        .run(move |conn| service::save_matching(conn, admin_id, &values, defaults))
        .await?;
    state.matching.refresh(&state.db).await?;
    flash::success(i18n::t(ctx.lang, "admin.matching_saved"));
    Ok(redirect("/admin/matching"))
}

#[post("/admin/matching/train")]
async fn matching_train(
    ctx: PageCtx,
    admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let admin_id = admin.0.id;
    let queued = state
        .db
        .run(move |conn| service::queue_training(conn, admin_id))
        .await?;
    flash::info(if queued {
        i18n::t(ctx.lang, "admin.matching_train_queued")
    } else {
        i18n::t(ctx.lang, "admin.matching_train_waiting")
    });
    Ok(redirect("/admin/matching"))
}

#[post("/admin/matching/reindex")]
async fn matching_reindex(
    ctx: PageCtx,
    admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let admin_id = admin.0.id;
    let queued = state
        .db
        .run(move |conn| service::reindex(conn, admin_id))
        .await?;
    flash::success(
        i18n::t(ctx.lang, "admin.matching_reindex_queued")
            .replace("{count}", &queued.to_string())
            .replace(
                "{batch}",
                &crate::matching::service::EMBED_BATCH.to_string(),
            ),
    );
    Ok(redirect("/admin/matching"))
}

async fn activate(
    ctx: PageCtx,
    admin: Admin,
    state: web::Data<AppState>,
    model_id: Option<i64>,
) -> Result<HttpResponse, AppError> {
    let admin_id = admin.0.id;
    let found = state
        .db
        .run(move |conn| service::activate_reranker(conn, admin_id, model_id))
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    state.matching.refresh(&state.db).await?;
    flash::success(i18n::t(ctx.lang, "admin.matching_activated"));
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
