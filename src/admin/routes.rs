//! HTTP layer of the admin module. Every route takes the `Admin` guard. The matching page, a
//! workshop of its own, is in `matching_routes.rs`.

use super::store::UserRow;
use super::{service, store};
use crate::institute::model::InstituteProfile;
use crate::jobs::model::Job;
use crate::notify::model::OutboxEmail;
use crate::profile::model::EmployerProfile;
use crate::state::AppState;
use crate::web::guards::Admin;
use crate::web::i18n::Msg;
use crate::web::pagination::{PageLinks, Pagination};
use crate::web::{AppError, PageCtx, flash, redirect, render};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

const PER_PAGE: i64 = 50;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(employers)
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
        .service(outbox)
        .service(jobs);
    super::matching_routes::configure(cfg);
    super::insight::routes::configure(cfg);
    super::audit_log::routes::configure(cfg);
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
        .run(move |conn| crate::profile::service::employers_by_status(conn, &wanted))
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
    let done = "flash.employer_approved";
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
    decision(&state, run, "flash.employer_rejected", "/admin/employers").await
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
        .run(move |conn| crate::institute::service::by_status(conn, &wanted))
        .await?;
    render(&InstitutesPage {
        ctx,
        status,
        institutes,
    })
}

/// Approves (`true`) or rejects an institute.
async fn decide_institute(
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
    decision(&state, run, done, "/admin/institutes").await
}

#[post("/admin/institutes/{id}/approve")]
async fn approve_institute(
    _ctx: PageCtx,
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    decide_institute(state, decided(admin, path, form), true).await
}

#[post("/admin/institutes/{id}/reject")]
async fn reject_institute(
    _ctx: PageCtx,
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    decide_institute(state, decided(admin, path, form), false).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    q: String,
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
    let base_url = state.settings.base_url.clone();
    let run =
        move |conn: &mut _| service::set_suspended(conn, admin_id, id, true, &reason, &base_url);
    let done = "flash.user_suspended";
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
    let base_url = state.settings.base_url.clone();
    let run =
        move |conn: &mut _| service::set_suspended(conn, admin_id, id, false, &reason, &base_url);
    decision(&state, run, "flash.user_restored", "/admin/users").await
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
    let done = "flash.internship_taken_down";
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
        "flash.internship_relisted",
        "/admin/internships",
    )
    .await
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
