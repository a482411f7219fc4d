//! HTTP layer of the auth module: extract, call the service, render or redirect.

use super::middleware::{clear_session_cookies, client_info, session_cookies, set_session_cookies};
use super::service::{self, AuthConfig, AuthError, LoginOutcome, SignupInput};
use crate::state::AppState;
use crate::web::i18n::Msg;
use crate::web::page::{render_status, safe_next};
use crate::web::{AppError, FieldErrors, PageCtx, SessionUser, flash, redirect, render};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(signup_form)
        .service(signup_submit)
        .service(login_form)
        .service(login_submit)
        .service(logout)
        .service(verify_email)
        .service(resend_verification)
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

// ---- sign-up ----

#[derive(Debug, Default, Deserialize)]
struct SignupForm {
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
}

#[derive(Template)]
#[template(path = "auth/signup.html")]
struct SignupPage {
    ctx: PageCtx,
    full_name: String,
    email: String,
    role: String,
    errors: FieldErrors,
}

#[derive(Deserialize)]
struct RoleQuery {
    role: Option<String>,
}

#[get("/signup")]
async fn signup_form(ctx: PageCtx, query: web::Query<RoleQuery>) -> Result<HttpResponse, AppError> {
    let role = query
        .into_inner()
        .role
        .filter(|r| matches!(r.as_str(), "student" | "employer" | "institute"));
    render(&SignupPage {
        ctx,
        full_name: String::new(),
        email: String::new(),
        role: role.unwrap_or_else(|| "student".into()),
        errors: FieldErrors::default(),
    })
}

#[post("/signup")]
async fn signup_submit(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    cfg: web::Data<AuthConfig>,
    form: web::Form<SignupForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let client = client_info(&req, cfg.trust_proxy);
    let input = SignupInput {
        full_name: form.full_name.clone(),
        email: form.email.clone(),
        password: form.password.clone(),
        role: form.role.clone(),
        lang: ctx.lang,
    };
    let service_cfg = cfg.clone();
    match state
        .db
        .run(move |conn| service::signup(conn, &service_cfg, &input, &client))
        .await
    {
        // The same answer whether or not the address already had an account.
        Ok(()) => {
            flash::success(
                Msg::new("signup_notice.check_email")
                    .with("email", service::normalize_email(&form.email)),
            );
            Ok(redirect("/login"))
        }
        Err(AuthError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SignupPage {
                ctx,
                full_name: form.full_name,
                email: form.email,
                role: form.role,
                errors,
            },
        ),
        Err(e) => Err(to_app_error(e)),
    }
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

// ---- email verification ----

#[derive(Deserialize)]
pub(super) struct TokenQuery {
    #[serde(default)]
    pub(super) token: String,
}

#[derive(Template)]
#[template(path = "auth/verify.html")]
struct VerifyPage {
    ctx: PageCtx,
    verified: bool,
}

#[get("/verify-email")]
async fn verify_email(
    ctx: PageCtx,
    state: web::Data<AppState>,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, AppError> {
    let token = query.into_inner().token;
    let result = state
        .db
        .run(move |conn| service::verify_email(conn, &token))
        .await;
    match result {
        Ok(_) => render(&VerifyPage {
            ctx,
            verified: true,
        }),
        Err(AuthError::BadLink) => render_status(
            StatusCode::BAD_REQUEST,
            &VerifyPage {
                ctx,
                verified: false,
            },
        ),
        Err(e) => Err(to_app_error(e)),
    }
}

#[post("/verify-email/resend")]
async fn resend_verification(
    user: SessionUser,
    state: web::Data<AppState>,
    cfg: web::Data<AuthConfig>,
) -> Result<HttpResponse, AppError> {
    let service_cfg = cfg.clone();
    let sent = state
        .db
        .run(move |conn| service::resend_verification(conn, &service_cfg, user.id))
        .await
        .map_err(to_app_error)?;
    if sent {
        flash::success("flash.verification_sent");
    } else {
        flash::info("flash.already_verified");
    }
    Ok(redirect(user.role.dashboard()))
}
