//! The admins' moderation: users suspended or restored, internships taken down or relisted, each
//! from a searchable, paged list.

use super::routes::{ListQuery, PER_PAGE, ReasonForm, decided, decision};
use super::store::UserRow;
use super::{service, store};
use crate::state::AppState;
use crate::web::guards::Admin;
use crate::web::pagination::{PageLinks, Pagination};
use crate::web::{AppError, PageCtx, render};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(users)
        .service(suspend_user)
        .service(restore_user)
        .service(internships)
        .service(take_down_internship)
        .service(restore_internship);
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
