//! HTTP layer of the second factor: the code step of an administrator's sign-in and the
//! enrolment page.

use super::service;
use crate::auth::middleware::{client_info, set_session_cookies};
use crate::auth::model::Role;
use crate::auth::routes::to_app_error;
use crate::auth::service::{AuthConfig, AuthError};
use crate::state::AppState;
use crate::web::page::{render_status, safe_next};
use crate::web::{AppError, FieldErrors, PageCtx, SessionUser, redirect, render};
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

/// The cookie that carries a password-checked sign-in to its code step (signed, 5 minutes).
pub const PENDING_COOKIE: &str = "pending_login";
const PENDING_SECONDS: i64 = 300;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(code_form)
        .service(code_submit)
        .service(enrol_form)
        .service(enrol_submit);
}

/// Starts the code step: remembers who passed the password check and sends them to the form.
pub fn ask_for_code(user_id: i64, next: &str, cfg: &AuthConfig) -> Result<HttpResponse, AppError> {
    let token = cfg
        .keys
        .sign_pending(user_id, PENDING_SECONDS)
        .map_err(AppError::internal)?;
    let target = if next.is_empty() {
        "/login/totp".to_string()
    } else {
        format!(
            "/login/totp?next={}",
            crate::web::error::url_encode(safe_next(next))
        )
    };
    let mut res = redirect(&target);
    let cookie = Cookie::build(PENDING_COOKIE, token)
        .path("/login")
        .http_only(true)
        .secure(cfg.secure_cookies)
        .same_site(SameSite::Lax)
        .max_age(time::Duration::seconds(PENDING_SECONDS))
        .finish();
    res.add_cookie(&cookie).map_err(AppError::internal)?;
    Ok(res)
}

fn pending_user(req: &HttpRequest, cfg: &AuthConfig) -> Option<i64> {
    let token = req.cookie(PENDING_COOKIE)?;
    cfg.keys.verify_pending(token.value())
}

#[derive(Template)]
#[template(path = "auth/totp_login.html")]
struct CodePage {
    ctx: PageCtx,
    next: String,
    errors: FieldErrors,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

#[get("/login/totp")]
async fn code_form(
    req: HttpRequest,
    ctx: PageCtx,
    cfg: web::Data<AuthConfig>,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    if pending_user(&req, &cfg).is_none() {
        return Ok(redirect("/login"));
    }
    // No `next`: the role's dashboard after the code (safe_next would say "/").
    let next = query
        .into_inner()
        .next
        .filter(|n| !n.is_empty())
        .map(|n| safe_next(&n).to_string())
        .unwrap_or_default();
    render(&CodePage {
        ctx,
        next,
        errors: FieldErrors::default(),
    })
}

#[derive(Debug, Default, Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

#[post("/login/totp")]
async fn code_submit(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    cfg: web::Data<AuthConfig>,
    form: web::Form<CodeForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user_id) = pending_user(&req, &cfg) else {
        return Ok(redirect("/login"));
    };
    let form = form.into_inner();
    let client = client_info(&req, cfg.trust_proxy);
    let (service_cfg, code) = (cfg.clone(), form.code.clone());
    let result = state
        .db
        .run(move |conn| service::complete_login(conn, &service_cfg, user_id, &code, &client))
        .await;
    match result {
        Ok(session) => {
            let target = if form.next.is_empty() {
                session.role.dashboard()
            } else {
                safe_next(&form.next)
            };
            let mut res = redirect(target);
            set_session_cookies(&mut res, &session, &cfg);
            let mut done = Cookie::build(PENDING_COOKIE, "").path("/login").finish();
            done.make_removal();
            res.add_cookie(&done).map_err(AppError::internal)?;
            Ok(res)
        }
        Err(AuthError::Invalid(errors)) => render_status(
            StatusCode::UNAUTHORIZED,
            &CodePage {
                ctx,
                next: form.next,
                errors,
            },
        ),
        Err(AuthError::BadCredentials) => Ok(redirect("/login")),
        Err(e) => Err(to_app_error(e)),
    }
}

#[derive(Template)]
#[template(path = "auth/totp_setup.html")]
struct EnrolPage {
    ctx: PageCtx,
    /// `None`: enrolled already.
    qr_svg: Option<String>,
    secret: String,
    recovery_codes: Vec<String>,
    errors: FieldErrors,
}

fn admin_only(user: &SessionUser) -> Result<(), AppError> {
    if user.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::forbidden(""))
    }
}

async fn enrol_page(
    ctx: PageCtx,
    state: &AppState,
    user_id: i64,
    status: StatusCode,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let enrolment = state
        .db
        .run(move |conn| service::start_enrolment(conn, user_id))
        .await
        .map_err(to_app_error)?;
    let (qr_svg, secret) = match enrolment {
        Some(e) => (Some(e.qr_svg), e.secret_base32),
        None => (None, String::new()),
    };
    render_status(
        status,
        &EnrolPage {
            ctx,
            qr_svg,
            secret,
            recovery_codes: Vec::new(),
            errors,
        },
    )
}

#[get("/account/totp")]
async fn enrol_form(
    ctx: PageCtx,
    user: SessionUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    admin_only(&user)?;
    enrol_page(ctx, &state, user.id, StatusCode::OK, FieldErrors::default()).await
}

#[post("/account/totp")]
async fn enrol_submit(
    req: HttpRequest,
    ctx: PageCtx,
    user: SessionUser,
    state: web::Data<AppState>,
    cfg: web::Data<AuthConfig>,
    form: web::Form<CodeForm>,
) -> Result<HttpResponse, AppError> {
    admin_only(&user)?;
    let client = client_info(&req, cfg.trust_proxy);
    let code = form.into_inner().code;
    let user_id = user.id;
    let result = state
        .db
        .run(move |conn| service::confirm_enrolment(conn, user_id, &code, &client))
        .await;
    match result {
        // Shown once, on this page only; never stored in the clear.
        Ok(recovery_codes) => render(&EnrolPage {
            ctx,
            qr_svg: None,
            secret: String::new(),
            recovery_codes,
            errors: FieldErrors::default(),
        }),
        Err(AuthError::Invalid(errors)) => {
            enrol_page(
                ctx,
                &state,
                user_id,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
            )
            .await
        }
        Err(e) => Err(to_app_error(e)),
    }
}
