//! HTTP layer of the sessions page.

use super::model::SessionView;
use super::service;
use crate::auth::middleware::client_info;
use crate::auth::routes::to_app_error;
use crate::auth::service::AuthConfig;
use crate::state::AppState;
use crate::web::i18n::Msg;
use crate::web::session::CurrentSession;
use crate::web::{AppError, PageCtx, SessionUser, flash, redirect, render};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(end_others).service(end_one);
}

fn current(req: &HttpRequest) -> Result<String, AppError> {
    CurrentSession::of(req)
        .map(|s| s.0)
        .ok_or_else(|| AppError::login_required(req))
}

#[derive(Template)]
#[template(path = "auth/sessions.html")]
struct SessionsPage {
    ctx: PageCtx,
    sessions: Vec<SessionView>,
}

#[get("/account/sessions")]
async fn list(
    req: HttpRequest,
    ctx: PageCtx,
    user: SessionUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let current = current(&req)?;
    let sessions = state
        .db
        .run(move |conn| service::list(conn, user.id, &current))
        .await
        .map_err(to_app_error)?;
    render(&SessionsPage { ctx, sessions })
}

#[post("/account/sessions/end-others")]
async fn end_others(
    req: HttpRequest,
    user: SessionUser,
    state: web::Data<AppState>,
    cfg: web::Data<AuthConfig>,
) -> Result<HttpResponse, AppError> {
    let current = current(&req)?;
    let client = client_info(&req, cfg.trust_proxy);
    state
        .db
        .run(move |conn| service::end_others(conn, user.id, &current, &client))
        .await
        .map_err(to_app_error)?;
    flash::success("sessions.ended_others");
    Ok(redirect("/account/sessions"))
}

#[post("/account/sessions/{id}/end")]
async fn end_one(
    req: HttpRequest,
    user: SessionUser,
    state: web::Data<AppState>,
    cfg: web::Data<AuthConfig>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let current = current(&req)?;
    let client = client_info(&req, cfg.trust_proxy);
    let family = path.into_inner();
    let ended = state
        .db
        .run(move |conn| service::end_one(conn, user.id, &current, &family, &client))
        .await
        .map_err(to_app_error)?;
    if !ended {
        // Not one of this user's other sessions (or already over): nothing to say but that.
        return Err(AppError::NotFound);
    }
    flash::success(Msg::new("sessions.ended_one"));
    Ok(redirect("/account/sessions"))
}
