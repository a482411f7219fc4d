//! HTTP layer of the resume: the form, the upload, the download and the removal.

use super::file;
use super::findings::{self, Findings};
use super::model::ResumeForm;
use super::service::{self, ResumeError};
use crate::files::UploadedFile;
use crate::state::AppState;
use crate::web::guards::Student;
use crate::web::i18n::Msg;
use crate::web::page::render_status;
use crate::web::uploads::{self, read_upload};
use crate::web::{AppError, FieldErrors, PageCtx, SessionUser, flash, redirect};
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resume_form)
        .service(resume_submit)
        .service(resume_upload)
        .service(resume_file)
        .service(resume_file_delete)
        .service(add_skills);
}

impl From<ResumeError> for AppError {
    fn from(e: ResumeError) -> Self {
        match e {
            ResumeError::Db(e) => e.into(),
            ResumeError::NotFound => AppError::NotFound,
            ResumeError::Invalid(_) => AppError::BadRequest("err.form_has_errors".into()),
            ResumeError::Refused(_) => AppError::BadRequest("err.upload_refused".into()),
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
    findings: Option<Findings>,
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
    let (stored, view, findings) = state
        .db
        .run(move |conn| {
            let (stored, view) = service::page(conn, user_id)?;
            Ok::<_, crate::db::DbError>((stored, view, findings::findings(conn, user_id)?))
        })
        .await?;
    render_status(
        status,
        &ResumePage {
            ctx,
            form: typed.unwrap_or(stored),
            errors,
            file_without_text: view.as_ref().is_some_and(|v| v.file_without_text()),
            file: view.and_then(|v| v.file),
            max_size: uploads::megabytes(state.settings.max_upload_bytes),
            findings,
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
            flash::success("flash.resume_saved");
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
        Ok(upload) => file::upload(&state, user.id, upload).await,
        Err(refusal) => Err(ResumeError::Refused(refusal)),
    };
    match result {
        Ok(true) => {
            flash::success("flash.resume_file_uploaded");
            Ok(redirect("/resume"))
        }
        Ok(false) => {
            flash::info("flash.resume_file_no_text");
            Ok(redirect("/resume"))
        }
        Err(ResumeError::Refused(refusal)) => {
            let mut errors = FieldErrors::default();
            errors.add("file", file::accepts(max).message(refusal));
            page(ctx, &state, user.id, None, errors, refusal.status()).await
        }
        Err(e) => Err(e.into()),
    }
}

#[get("/resume/file/{id}")]
async fn resume_file(
    user: SessionUser,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (file, bytes) = file::download(&state, &user, path.into_inner()).await?;
    Ok(uploads::attachment(
        &file.original_name,
        &file.content_type,
        bytes,
    ))
}

#[post("/resume/file/delete")]
async fn resume_file_delete(
    Student(user): Student,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    if file::remove(&state, user.id).await? {
        flash::success("flash.resume_file_removed");
    }
    Ok(redirect("/resume"))
}

/// "Add to my profile": the skills ticked among those read from the resume (`skill`, repeated).
#[post("/resume/skills")]
async fn add_skills(
    Student(user): Student,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let ticked: Vec<String> = url::form_urlencoded::parse(&body)
        .filter(|(name, _)| name == "skill")
        .map(|(_, value)| value.into_owned())
        .take(100)
        .collect();
    let added = state
        .db
        .run(move |conn| findings::add_skills(conn, user.id, &ticked))
        .await?;
    if added > 0 {
        flash::success(Msg::new("resume_read.added").with("count", added));
    } else {
        flash::info("resume_read.none_added");
    }
    Ok(redirect("/resume"))
}
