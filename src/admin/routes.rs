//! HTTP layer of the admin module. Every route takes the `Admin` guard.

use super::store::{AuditRow, UserRow};
use super::{service, store};
use crate::app::AppState;
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
        .service(users)
        .service(suspend_user)
        .service(restore_user)
        .service(audit)
        .service(outbox)
        .service(jobs);
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    users: i64,
    by_role: Vec<(String, i64)>,
}

#[get("/admin")]
async fn dashboard(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (total, by_role) = state
        .db
        .run(|conn| {
            Ok::<_, crate::db::DbError>((store::count_users(conn)?, store::users_by_role(conn)?))
        })
        .await?;
    render(&DashboardPage {
        ctx,
        users: total,
        by_role,
    })
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

#[get("/admin/employers")]
async fn employers(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
    query: web::Query<StatusQuery>,
) -> Result<HttpResponse, AppError> {
    let status = match query.into_inner().status.as_deref() {
        Some(s @ ("approved" | "rejected")) => s.to_string(),
        _ => "pending".to_string(),
    };
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

async fn decide(
    admin: Admin,
    state: web::Data<AppState>,
    id: i64,
    approve: bool,
    reason: String,
) -> Result<HttpResponse, AppError> {
    let admin_id = admin.0.id;
    let found = state
        .db
        .run(move |conn| service::decide_employer(conn, admin_id, id, approve, Some(&reason)))
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    flash::success(if approve {
        "Employer approved: they can post internships now."
    } else {
        "Employer rejected."
    });
    Ok(redirect("/admin/employers"))
}

#[post("/admin/employers/{id}/approve")]
async fn approve_employer(
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    decide(
        admin,
        state,
        path.into_inner(),
        true,
        form.into_inner().reason(),
    )
    .await
}

#[post("/admin/employers/{id}/reject")]
async fn reject_employer(
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    decide(
        admin,
        state,
        path.into_inner(),
        false,
        form.into_inner().reason(),
    )
    .await
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

async fn suspension(
    admin: Admin,
    state: web::Data<AppState>,
    id: i64,
    suspend: bool,
    reason: String,
) -> Result<HttpResponse, AppError> {
    let admin_id = admin.0.id;
    let found = state
        .db
        .run(move |conn| service::set_suspended(conn, admin_id, id, suspend, &reason))
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    flash::success(if suspend {
        "User suspended; their sessions have ended."
    } else {
        "User restored."
    });
    Ok(redirect("/admin/users"))
}

#[post("/admin/users/{id}/suspend")]
async fn suspend_user(
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    suspension(
        admin,
        state,
        path.into_inner(),
        true,
        form.into_inner().reason(),
    )
    .await
}

#[post("/admin/users/{id}/restore")]
async fn restore_user(
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    suspension(
        admin,
        state,
        path.into_inner(),
        false,
        form.into_inner().reason(),
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
