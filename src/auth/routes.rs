//! HTTP layer of the auth module: extract, call the service, render or redirect. Here: logging in
//! and out, and what the other auth pages share; sign-up and email verification are in
//! `signup_routes.rs`, passwords in `password_routes.rs`.

use super::middleware::{clear_session_cookies, client_info, session_cookies, set_session_cookies};
use super::service::{self, AuthConfig, AuthError, LoginOutcome};
use crate::state::AppState;
use crate::web::i18n::Msg;
use crate::web::page::{render_status, safe_next};
use crate::web::{AppError, PageCtx, flash, redirect, render};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.configure(super::signup_routes::configure)
        .service(login_form)
        .service(login_submit)
        .service(logout)
        .configure(super::password_routes::configure)
        .configure(super::totp::routes::configure)
        .configure(super::sessions::routes::configure);
}

/// Turns the service errors no form handles itself into the shared error pages.
pub(crate) fn to_app_error(e: AuthError) -> AppError {
    match e {
        AuthError::RateLimited { retry_after_secs } => AppError::RateLimited { retry_after_secs },
        AuthError::Db(e) => e.into(),
        AuthError::Hash(m) => AppError::internal(anyhow::anyhow!(m)),
        AuthError::BadLink => AppError::BadRequest("err.bad_link".into()),
        AuthError::Suspended => AppError::forbidden("err.suspended"),
        other => AppError::BadRequest(other.to_string()),
    }
}

/// The `?token=` of an emailed link (verify an address, reset a password).
#[derive(Deserialize)]
pub(super) struct TokenQuery {
    #[serde(default)]
    pub(super) token: String,
}

// ---- login / logout ----

#[derive(Debug, Default, Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    ctx: PageCtx,
    email: String,
    next: String,
    error: Option<String>,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

#[get("/login")]
async fn login_form(ctx: PageCtx, query: web::Query<NextQuery>) -> Result<HttpResponse, AppError> {
    if let Some(user) = &ctx.user {
        return Ok(redirect(user.role.dashboard()));
    }
    let next = query
        .into_inner()
        .next
        .map(|n| safe_next(&n).to_string())
        .unwrap_or_default();
    render(&LoginPage {
        ctx,
        email: String::new(),
        next,
        error: None,
    })
}

#[post("/login")]
async fn login_submit(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    cfg: web::Data<AuthConfig>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let client = client_info(&req, cfg.trust_proxy);
    let (email, password) = (form.email.clone(), form.password.clone());
    let service_cfg = cfg.clone();
    let result = state
        .db
        .run(move |conn| service::login(conn, &service_cfg, &email, &password, &client))
        .await;
    let error = match result {
        Ok(LoginOutcome::NeedsCode(user)) => {
            return super::totp::routes::ask_for_code(user.id, &form.next, &cfg);
        }
        Ok(LoginOutcome::SignedIn(_, session)) => {
            let target = if form.next.is_empty() {
                session.role.dashboard()
            } else {
                safe_next(&form.next)
            };
            // A changed privacy notice is accepted before anything else (issue 14); the
            // platform's own administrators are staff, not users the notice is for.
            let (user_id, version) = (session.user_id, cfg.privacy_notice_version.clone());
            let asks = session.role != super::model::Role::Admin
                && state
                    .db
                    .run(move |conn| {
                        super::consent::service::needs_privacy_consent(conn, user_id, &version)
                    })
                    .await?;
            let consent;
            let target = if asks {
                consent = super::consent::service::consent_path(target);
                consent.as_str()
            } else {
                target
            };
            let mut res = redirect(target);
            set_session_cookies(&mut res, &session, &cfg);
            return Ok(res);
        }
        Err(AuthError::BadCredentials) => Msg::new("err.login_incorrect"),
        Err(AuthError::Suspended) => Msg::new("err.login_suspended"),
        Err(e) => return Err(to_app_error(e)),
    };
    let error = ctx.msg(&error);
    render_status(
        StatusCode::UNAUTHORIZED,
        &LoginPage {
            ctx,
            email: form.email,
            next: form.next,
            error: Some(error),
        },
    )
}

#[post("/logout")]
async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    cfg: web::Data<AuthConfig>,
) -> Result<HttpResponse, AppError> {
    let (access, refresh) = session_cookies(&req);
    let client = client_info(&req, cfg.trust_proxy);
    let service_cfg = cfg.clone();
    state
        .db
        .run(move |conn| {
            service::logout(
                conn,
                &service_cfg,
                access.as_deref(),
                refresh.as_deref(),
                &client,
            )
        })
        .await
        .map_err(to_app_error)?;
    flash::info("flash.logged_out");
    let mut res = redirect("/");
    clear_session_cookies(&mut res, &cfg);
    Ok(res)
}
