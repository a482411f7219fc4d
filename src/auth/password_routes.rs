//! HTTP layer of passwords: forgotten, reset by an emailed link, changed while signed in.

use super::middleware::{clear_session_cookies, client_info, set_session_cookies};
use super::routes::{TokenQuery, to_app_error};
use super::service::{self, AuthConfig, AuthError};
use crate::state::AppState;
use crate::web::page::render_status;
use crate::web::{AppError, FieldErrors, PageCtx, SessionUser, flash, redirect, render};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(forgot_form)
        .service(forgot_submit)
        .service(reset_form)
        .service(reset_submit)
        .service(change_password_form)
        .service(change_password_submit);
}

// ---- forgotten password ----

#[derive(Debug, Default, Deserialize)]
struct EmailForm {
    #[serde(default)]
    email: String,
}

#[derive(Template)]
#[template(path = "auth/forgot.html")]
struct ForgotPage {
    ctx: PageCtx,
    email: String,
    sent: bool,
    error: Option<String>,
}

#[get("/password/forgot")]
async fn forgot_form(ctx: PageCtx) -> Result<HttpResponse, AppError> {
    render(&ForgotPage {
        ctx,
        email: String::new(),
        sent: false,
        error: None,
    })
}

#[post("/password/forgot")]
async fn forgot_submit(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    cfg: web::Data<AuthConfig>,
    form: web::Form<EmailForm>,
) -> Result<HttpResponse, AppError> {
    let email = form.into_inner().email;
    if let Some(problem) = service::email_problem(&service::normalize_email(&email)) {
        let problem = ctx.msg(&problem.into());
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ForgotPage {
                ctx,
                email,
                sent: false,
                error: Some(problem),
            },
        );
    }
    let client = client_info(&req, cfg.trust_proxy);
    let (service_cfg, address) = (cfg.clone(), email.clone());
    state
        .db
        .run(move |conn| service::request_password_reset(conn, &service_cfg, &address, &client))
        .await
        .map_err(to_app_error)?;
    render(&ForgotPage {
        ctx,
        email,
        sent: true,
        error: None,
    })
}

#[derive(Template)]
#[template(path = "auth/reset.html")]
struct ResetPage {
    ctx: PageCtx,
    token: String,
    valid: bool,
    errors: FieldErrors,
}

#[get("/password/reset")]
async fn reset_form(
    ctx: PageCtx,
    state: web::Data<AppState>,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, AppError> {
    let token = query.into_inner().token;
    let lookup = token.clone();
    let valid = state
        .db
        .run(move |conn| service::reset_link_is_valid(conn, &lookup))
        .await
        .map_err(to_app_error)?;
    let status = if valid {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    render_status(
        status,
        &ResetPage {
            ctx,
            token,
            valid,
            errors: FieldErrors::default(),
        },
    )
}

#[derive(Debug, Default, Deserialize)]
struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
}

#[post("/password/reset")]
async fn reset_submit(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    cfg: web::Data<AuthConfig>,
    query: web::Query<TokenQuery>,
    form: web::Form<ResetForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    // The token may come in the address (`?token=`) or as a hidden field.
    let token = if form.token.is_empty() {
        query.into_inner().token
    } else {
        form.token
    };
    let client = client_info(&req, cfg.trust_proxy);
    let (service_cfg, reset_token, password) = (cfg.clone(), token.clone(), form.password);
    match state
        .db
        .run(move |conn| {
            service::reset_password(conn, &service_cfg, &reset_token, &password, &client)
        })
        .await
    {
        Ok(()) => {
            flash::success("flash.password_changed_login");
            let mut res = redirect("/login");
            clear_session_cookies(&mut res, &cfg);
            Ok(res)
        }
        Err(AuthError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ResetPage {
                ctx,
                token,
                valid: true,
                errors,
            },
        ),
        Err(AuthError::BadLink) => render_status(
            StatusCode::BAD_REQUEST,
            &ResetPage {
                ctx,
                token,
                valid: false,
                errors: FieldErrors::default(),
            },
        ),
        Err(e) => Err(to_app_error(e)),
    }
}

// ---- change password ----

#[derive(Template)]
#[template(path = "auth/change_password.html")]
struct ChangePasswordPage {
    ctx: PageCtx,
    errors: FieldErrors,
}

#[get("/account/password")]
async fn change_password_form(ctx: PageCtx, _user: SessionUser) -> Result<HttpResponse, AppError> {
    render(&ChangePasswordPage {
        ctx,
        errors: FieldErrors::default(),
    })
}

#[derive(Debug, Default, Deserialize)]
struct ChangePasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

#[post("/account/password")]
async fn change_password_submit(
    req: HttpRequest,
    ctx: PageCtx,
    user: SessionUser,
    state: web::Data<AppState>,
    cfg: web::Data<AuthConfig>,
    form: web::Form<ChangePasswordForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let client = client_info(&req, cfg.trust_proxy);
    let service_cfg = cfg.clone();
    let result = state
        .db
        .run(move |conn| {
            service::change_password(
                conn,
                &service_cfg,
                user.id,
                &form.current_password,
                &form.new_password,
                &client,
            )
        })
        .await;
    match result {
        Ok(session) => {
            flash::success("flash.password_changed_elsewhere");
            let mut res = redirect(session.role.dashboard());
            set_session_cookies(&mut res, &session, &cfg);
            Ok(res)
        }
        Err(AuthError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ChangePasswordPage { ctx, errors },
        ),
        Err(e) => Err(to_app_error(e)),
    }
}
