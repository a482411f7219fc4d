//! HTTP layer of the admin module. Every route takes the `Admin` guard.

use super::{service, store};
use crate::app::AppState;
use crate::profile::model::EmployerProfile;
use crate::web::guards::Admin;
use crate::web::{AppError, PageCtx, flash, redirect, render};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(dashboard)
        .service(employers)
        .service(approve_employer)
        .service(reject_employer);
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    users: i64,
}

#[get("/admin")]
async fn dashboard(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let users = state.db.run(store::count_users).await?;
    render(&DashboardPage { ctx, users })
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
struct DecisionForm {
    reason: String,
}

async fn decide(
    admin: Admin,
    state: web::Data<AppState>,
    id: i64,
    approve: bool,
    reason: String,
) -> Result<HttpResponse, AppError> {
    let admin_id = admin.0.id;
    let reason = reason.trim().chars().take(500).collect::<String>();
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
    form: web::Form<DecisionForm>,
) -> Result<HttpResponse, AppError> {
    decide(
        admin,
        state,
        path.into_inner(),
        true,
        form.into_inner().reason,
    )
    .await
}

#[post("/admin/employers/{id}/reject")]
async fn reject_employer(
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<DecisionForm>,
) -> Result<HttpResponse, AppError> {
    decide(
        admin,
        state,
        path.into_inner(),
        false,
        form.into_inner().reason,
    )
    .await
}
