//! HTTP layer of the account module: `/account/export` (request, then download through the
//! emailed link), `/account/delete` (asks for the password again) and the public `/privacy` page.

use super::erasure::{self, EraseError};
use super::export::{self, ExportError};
use super::model::ExportRow;
use crate::auth::service::AuthConfig;
use crate::state::AppState;
use crate::web::page::render_status;
use crate::web::{AppError, PageCtx, SessionUser, flash, redirect, render};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(export_page)
        .service(export_request)
        .service(export_download)
        .service(delete_page)
        .service(delete_submit)
        .service(privacy)
        .service(consent_page)
        .service(consent_submit)
        .service(sharing_submit);
}

impl From<ExportError> for AppError {
    fn from(e: ExportError) -> Self {
        match e {
            ExportError::NotFound => AppError::NotFound,
            ExportError::Db(e) => e.into(),
            ExportError::Storage(cause) => AppError::internal(anyhow::anyhow!(cause)),
        }
    }
}

#[derive(Template)]
#[template(path = "account/export.html")]
struct ExportPage {
    ctx: PageCtx,
    exports: Vec<ExportRow>,
    /// A student's choice about her institute (`None` for other roles).
    sharing: Option<bool>,
}

#[get("/account/export")]
async fn export_page(
    ctx: PageCtx,
    user: SessionUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (exports, sharing) = state
        .db
        .run(move |conn| {
            Ok::<_, crate::db::DbError>((
                super::store::exports_of(conn, user.id)?,
                super::service::institute_sharing(conn, user.id)?,
            ))
        })
        .await?;
    render(&ExportPage {
        ctx,
        exports,
        sharing,
    })
}

#[post("/account/export")]
async fn export_request(
    user: SessionUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    state
        .db
        .run(move |conn| export::request(conn, user.id))
        .await?;
    flash::success("account.export_requested");
    Ok(redirect("/account/export"))
}

#[get("/account/export/{token}")]
async fn export_download(
    user: SessionUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let bytes = export::download(&state, user.id, path.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"praktiki-data.zip\"",
        ))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .body(bytes))
}

#[derive(Template)]
#[template(path = "account/delete.html")]
struct DeletePage {
    ctx: PageCtx,
    error: Option<String>,
}

#[get("/account/delete")]
async fn delete_page(ctx: PageCtx, _user: SessionUser) -> Result<HttpResponse, AppError> {
    render(&DeletePage { ctx, error: None })
}

#[derive(Deserialize)]
struct DeleteForm {
    #[serde(default)]
    password: String,
}

#[post("/account/delete")]
async fn delete_submit(
    ctx: PageCtx,
    user: SessionUser,
    state: web::Data<AppState>,
    cfg: web::Data<AuthConfig>,
    form: web::Form<DeleteForm>,
) -> Result<HttpResponse, AppError> {
    let password = form.into_inner().password;
    let auth = cfg.clone();
    let result = state
        .db
        .run(move |conn| erasure::erase_account(conn, &auth, user.id, &password))
        .await;
    match result {
        Ok(leftovers) => {
            for name in leftovers.uploads {
                crate::files::discard(&state.settings.upload_dir, name).await;
            }
            let exports = export::export_dir(&state.settings.data_dir);
            for name in leftovers.exports {
                crate::files::discard(&exports, name).await;
            }
            flash::info("account.deleted");
            let mut res = redirect("/");
            crate::auth::middleware::clear_session_cookies(&mut res, &cfg);
            Ok(res)
        }
        Err(EraseError::WrongPassword) => {
            let error = Some(ctx.t("account.wrong_password"));
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &DeletePage { ctx, error })
        }
        Err(EraseError::NotFound) => Err(AppError::NotFound),
        Err(EraseError::Db(e)) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "account/privacy.html")]
struct PrivacyPage {
    ctx: PageCtx,
    officer: String,
    email: String,
    version: String,
}

#[get("/privacy")]
async fn privacy(ctx: PageCtx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    render(&PrivacyPage {
        ctx,
        officer: state.settings.grievance_officer.clone(),
        email: state.settings.grievance_email.clone(),
        version: state.settings.privacy_notice_version.clone(),
    })
}

/// Where a login goes when the privacy notice changed since the user last accepted it.

#[derive(Deserialize)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

#[derive(Template)]
#[template(path = "account/consent.html")]
struct ConsentPage {
    ctx: PageCtx,
    next: String,
    version: String,
}

#[get("/privacy/consent")]
async fn consent_page(
    ctx: PageCtx,
    _user: SessionUser,
    state: web::Data<AppState>,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    render(&ConsentPage {
        ctx,
        next: crate::web::page::safe_next(&query.next).to_string(),
        version: state.settings.privacy_notice_version.clone(),
    })
}

#[post("/privacy/consent")]
async fn consent_submit(
    user: SessionUser,
    state: web::Data<AppState>,
    form: web::Form<NextQuery>,
) -> Result<HttpResponse, AppError> {
    let version = state.settings.privacy_notice_version.clone();
    state
        .db
        .run(move |conn| super::service::accept_privacy_notice(conn, user.id, &version))
        .await?;
    Ok(redirect(crate::web::page::safe_next(&form.next)))
}

#[derive(Deserialize)]
struct SharingForm {
    /// Present (a ticked checkbox) when the institute may see the student's applications.
    #[serde(default)]
    share: Option<String>,
}

/// A student chooses whether her institute sees her applications.
#[post("/account/sharing")]
async fn sharing_submit(
    crate::web::guards::Student(user): crate::web::guards::Student,
    state: web::Data<AppState>,
    form: web::Form<SharingForm>,
) -> Result<HttpResponse, AppError> {
    let share = form.share.is_some();
    state
        .db
        .run(move |conn| super::service::set_institute_sharing(conn, user.id, share))
        .await?;
    flash::success(if share {
        "account.sharing_on"
    } else {
        "account.sharing_off"
    });
    Ok(redirect("/account/export"))
}
