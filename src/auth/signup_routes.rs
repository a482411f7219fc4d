//! HTTP layer of sign-up and of the email verification that follows it (the emailed link, a new
//! link on request). Apart from logging in (`routes.rs`): a new account's pages, before any
//! session exists.

use super::middleware::client_info;
use super::routes::{TokenQuery, to_app_error};
use super::service::{self, AuthConfig, AuthError, SignupInput};
use crate::state::AppState;
use crate::web::i18n::Msg;
use crate::web::page::render_status;
use crate::web::{AppError, FieldErrors, PageCtx, SessionUser, flash, redirect, render};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(signup_form)
        .service(signup_submit)
        .service(verify_email)
        .service(resend_verification);
}

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
