//! HTTP layer of a company's documents: uploading and removing the logo and licence from the
//! company profile page, and serving them to those allowed.

use super::service::{self, Doc, DocError};
use super::serving;
use crate::profile::routes::employer_page;
use crate::state::AppState;
use crate::web::guards::Employer;
use crate::web::i18n::Msg;
use crate::web::uploads::{self, read_upload};
use crate::web::{AppError, FieldErrors, PageCtx, SessionUser, flash, redirect};
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(logo_upload)
        .service(licence_upload)
        .service(logo_delete)
        .service(licence_delete)
        .service(logo_file)
        .service(licence_file);
}

impl From<DocError> for AppError {
    fn from(e: DocError) -> Self {
        match e {
            DocError::Db(e) => e.into(),
            DocError::NotFound => AppError::NotFound,
            DocError::Refused(_) | DocError::NoProfile => {
                AppError::BadRequest("err.upload_refused".into())
            }
            DocError::Storage(cause) => AppError::internal(anyhow::anyhow!(cause)),
        }
    }
}

#[post("/employer/profile/logo")]
async fn logo_upload(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    upload(ctx, user, state, payload, Doc::Logo).await
}

#[post("/employer/profile/licence")]
async fn licence_upload(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    upload(ctx, user, state, payload, Doc::Licence).await
}

/// Stores the upload, or re-renders the company profile page with the reason next to it.
async fn upload(
    ctx: PageCtx,
    user: SessionUser,
    state: web::Data<AppState>,
    payload: Multipart,
    doc: Doc,
) -> Result<HttpResponse, AppError> {
    let accepts = doc.accepts(state.settings.max_upload_bytes);
    let result = match read_upload(payload, accepts.max_bytes).await {
        Ok(file) => service::upload(&state, &user, doc, file).await,
        Err(refusal) => Err(DocError::Refused(refusal)),
    };
    let (message, status) = match result {
        Ok(reopened) => {
            flash::success(match (doc, reopened) {
                (Doc::Logo, _) => "flash.logo_uploaded",
                (Doc::Licence, false) => "flash.licence_uploaded",
                (Doc::Licence, true) => "flash.licence_uploaded_reverify",
            });
            return Ok(redirect("/employer/profile"));
        }
        Err(DocError::Refused(refusal)) => (accepts.message(refusal), refusal.status()),
        Err(DocError::NoProfile) => (Msg::new("err.doc_no_profile"), StatusCode::CONFLICT),
        Err(e) => return Err(e.into()),
    };
    let mut errors = FieldErrors::default();
    errors.add(doc.field(), message);
    employer_page(ctx, &state, user.id, None, errors, status).await
}

#[post("/employer/profile/logo/delete")]
async fn logo_delete(
    Employer(user): Employer,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    if service::remove(&state, user.id, Doc::Logo).await? {
        flash::success("flash.logo_removed");
    }
    Ok(redirect("/employer/profile"))
}

#[post("/employer/profile/licence/delete")]
async fn licence_delete(
    Employer(user): Employer,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    if service::remove(&state, user.id, Doc::Licence).await? {
        flash::success("flash.licence_removed");
    }
    Ok(redirect("/employer/profile"))
}

/// Public for verified companies (anyone may see their logo); signed-out visitors are welcome.
#[get("/employer/logo/{employer_id}")]
async fn logo_file(
    viewer: Option<SessionUser>,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (file, bytes, public) = serving::logo(&state, viewer, path.into_inner()).await?;
    Ok(uploads::image(&file.content_type, bytes, public))
}

/// Signed out is answered like any other stranger: not found, rather than a login page that
/// would confirm the company has a licence on file.
#[get("/employer/licence/{employer_id}")]
async fn licence_file(
    viewer: Option<SessionUser>,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (file, bytes) = serving::licence(&state, viewer, path.into_inner()).await?;
    Ok(uploads::attachment(
        &file.original_name,
        &file.content_type,
        bytes,
    ))
}
