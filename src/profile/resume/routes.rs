//! HTTP layer of the resume: the form, the upload, the download and the removal.

use super::model::{ResumeForm, Upload, UploadedFile};
use super::service::{self, Refusal, ResumeError};
use crate::app::AppState;
use crate::web::guards::Student;
use crate::web::page::render_status;
use crate::web::{AppError, FieldErrors, PageCtx, SessionUser, flash, redirect};
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, Charset, ContentDisposition, DispositionParam, ExtendedValue};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use futures_util::StreamExt;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resume_form)
        .service(resume_submit)
        .service(resume_upload)
        .service(resume_file)
        .service(resume_file_delete);
}

impl From<ResumeError> for AppError {
    fn from(e: ResumeError) -> Self {
        match e {
            ResumeError::Db(e) => e.into(),
            ResumeError::NotFound => AppError::NotFound,
            ResumeError::Invalid(_) => AppError::BadRequest("The form has errors.".into()),
            ResumeError::Refused(_) => AppError::BadRequest("The upload was refused.".into()),
            ResumeError::Storage(cause) => AppError::internal(anyhow::anyhow!(cause)),
        }
    }
}

#[derive(Template)]
#[template(path = "profile/resume.html")]
struct ResumePage {
    ctx: PageCtx,
    form: ResumeForm,
    errors: FieldErrors,
    file: Option<UploadedFile>,
    file_without_text: bool,
    max_size: String,
}

/// The page with the resume as stored, or with `typed` values and their `errors`.
async fn page(
    ctx: PageCtx,
    state: &AppState,
    user_id: i64,
    typed: Option<ResumeForm>,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (stored, view) = state
        .db
        .run(move |conn| service::page(conn, user_id))
        .await?;
    render_status(
        status,
        &ResumePage {
            ctx,
            form: typed.unwrap_or(stored),
            errors,
            file_without_text: view.as_ref().is_some_and(|v| v.file_without_text()),
            file: view.and_then(|v| v.file),
            max_size: service::megabytes(state.settings.max_upload_bytes),
        },
    )
}

#[get("/resume")]
async fn resume_form(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    page(
        ctx,
        &state,
        user.id,
        None,
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

#[post("/resume")]
async fn resume_submit(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
    form: web::Form<ResumeForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let submitted = form.clone();
    match state
        .db
        .run(move |conn| service::save(conn, user.id, &submitted))
        .await
    {
        Ok(()) => {
            flash::success("Your resume is saved. Recommendations will use it within a minute.");
            Ok(redirect("/resume"))
        }
        Err(ResumeError::Invalid(errors)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            page(ctx, &state, user.id, Some(form), errors, status).await
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/resume/upload")]
async fn resume_upload(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let max = state.settings.max_upload_bytes;
    let result = match read_upload(payload, max).await {
        Ok(upload) => service::upload(&state, user.id, upload).await,
        Err(refusal) => Err(ResumeError::Refused(refusal)),
    };
    match result {
        Ok(true) => {
            flash::success("Your resume file is uploaded; its text now counts for your matches.");
            Ok(redirect("/resume"))
        }
        Ok(false) => {
            flash::info("Your resume file is uploaded, but no text could be read from it.");
            Ok(redirect("/resume"))
        }
        Err(ResumeError::Refused(refusal)) => {
            let mut errors = FieldErrors::default();
            errors.add("file", refusal.message(max));
            page(ctx, &state, user.id, None, errors, refusal_status(refusal)).await
        }
        Err(e) => Err(e.into()),
    }
}

fn refusal_status(refusal: Refusal) -> StatusCode {
    match refusal {
        Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Refusal::WrongType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        Refusal::Missing | Refusal::Empty | Refusal::Unreadable => StatusCode::BAD_REQUEST,
    }
}

/// Largest non-file field read (the CSRF token is 64 characters).
const MAX_FIELD_BYTES: usize = 4096;

/// The `file` field of the upload form, read up to `max` bytes. A larger file is still read to
/// its end (up to twice the cap) so the browser gets the page that says so rather than a reset
/// connection; beyond that, reading stops.
async fn read_upload(mut form: Multipart, max: usize) -> Result<Upload, Refusal> {
    let drain_limit = max.saturating_mul(2).saturating_add(MAX_FIELD_BYTES);
    while let Some(field) = form.next().await {
        let mut field = field.map_err(|_| Refusal::Unreadable)?;
        let is_file = field.name() == Some("file");
        let original_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .unwrap_or_default()
            .to_string();
        let limit = if is_file { max } else { MAX_FIELD_BYTES };
        let mut bytes = Vec::new();
        let mut seen = 0usize;
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| Refusal::Unreadable)?;
            seen = seen.saturating_add(chunk.len());
            if seen <= limit {
                bytes.extend_from_slice(&chunk);
            } else if !is_file || seen > drain_limit {
                break;
            }
        }
        if seen > limit {
            return Err(if is_file {
                Refusal::TooLarge
            } else {
                Refusal::Unreadable
            });
        }
        if is_file {
            // A form sent without choosing a file has an empty part with an empty name.
            if bytes.is_empty() && original_name.is_empty() {
                return Err(Refusal::Missing);
            }
            return Ok(Upload {
                original_name,
                bytes,
            });
        }
    }
    Err(Refusal::Missing)
}

#[get("/resume/file/{id}")]
async fn resume_file(
    user: SessionUser,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (file, bytes) = service::download(&state, &user, path.into_inner()).await?;
    let ascii: String = file
        .original_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = ContentDisposition {
        disposition: header::DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: file.original_name.clone().into_bytes(),
            }),
        ],
    };
    Ok(HttpResponse::Ok()
        .content_type(file.content_type.clone())
        .insert_header(disposition)
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}

#[post("/resume/file/delete")]
async fn resume_file_delete(
    Student(user): Student,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    if service::remove(&state, user.id).await? {
        flash::success("Your resume file is removed.");
    }
    Ok(redirect("/resume"))
}
