//! The admins' verification queues: employers' and institutes' profiles, approved or rejected
//! with a reason.

use super::routes::{ReasonForm, decided, decision};
use super::service;
use crate::institute::model::InstituteProfile;
use crate::profile::model::EmployerProfile;
use crate::state::AppState;
use crate::web::guards::Admin;
use crate::web::{AppError, PageCtx, render};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(employers)
        .service(approve_employer)
        .service(reject_employer)
        .service(institutes)
        .service(approve_institute)
        .service(reject_institute);
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
