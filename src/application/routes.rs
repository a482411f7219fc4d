//! HTTP layer of the application module, the students' side: they apply, follow and withdraw.
//! The employers' side is in `employer_routes.rs` (moving an application on), `applicant/` (one
//! applicant's page) and `triage/` (the list of applicants, bulk moves, message templates).

use super::model::*;
use super::service::{self, ApplicationError, ApplyTarget};
use crate::state::AppState;
use crate::web::guards::Student;
use crate::web::page::render_status;
use crate::web::{AppError, FieldErrors, PageCtx, flash, redirect, render};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(apply_form)
        .service(apply_submit)
        .service(my_applications)
        .service(detail)
        .service(withdraw)
        .service(confirm_interview)
        .configure(super::employer_routes::configure)
        .configure(super::triage::routes::configure)
        .configure(super::interviews::routes::configure);
    super::offers::routes::configure(cfg);
    super::applicant::routes::configure(cfg);
}

impl From<ApplicationError> for AppError {
    fn from(e: ApplicationError) -> Self {
        match e {
            ApplicationError::NotFound => AppError::NotFound,
            ApplicationError::NotAllowed(m) => AppError::forbidden(m),
            ApplicationError::AlreadyApplied(_) => AppError::bad_request("err.already_applied"),
            ApplicationError::Invalid(_) => AppError::BadRequest("err.form_has_errors".into()),
            ApplicationError::Db(e) => e.into(),
        }
    }
}

// ---- students ----

#[derive(Template)]
#[template(path = "application/apply.html")]
struct ApplyPage {
    ctx: PageCtx,
    target: ApplyTarget,
    form: ApplyForm,
    errors: FieldErrors,
    open: bool,
}

#[get("/internships/{id}/apply")]
async fn apply_form(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let target = match state
        .db
        .run(move |conn| service::apply_target(conn, user.id, id))
        .await
    {
        Ok(target) => target,
        Err(ApplicationError::NotAllowed(message)) => {
            flash::info(message);
            return Ok(redirect("/profile"));
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(existing) = &target.existing {
        return Ok(redirect(&format!("/applications/{}", existing.id)));
    }
    let open = target
        .internship
        .is_open(crate::internship::service::today());
    render(&ApplyPage {
        ctx,
        target,
        form: ApplyForm::default(),
        errors: FieldErrors::default(),
        open,
    })
}

#[post("/internships/{id}/apply")]
async fn apply_submit(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ApplyForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = form.into_inner();
    let submitted = form.clone();
    let base_url = state.settings.base_url.clone();
    let verified = user.email_verified;
    let outcome = state
        .db
        .run(move |conn| service::apply(conn, user.id, verified, id, &submitted, &base_url))
        .await;
    match outcome {
        Ok(application_id) => {
            flash::success("flash.application_sent");
            Ok(redirect(&format!("/applications/{application_id}")))
        }
        Err(ApplicationError::AlreadyApplied(existing)) => {
            flash::info("flash.already_applied");
            Ok(redirect(&format!("/applications/{existing}")))
        }
        Err(ApplicationError::Invalid(errors)) => {
            let target = state
                .db
                .run(move |conn| service::apply_target(conn, user.id, id))
                .await?;
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ApplyPage {
                    ctx,
                    target,
                    form,
                    errors,
                    open: true,
                },
            )
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "application/list.html")]
struct ListPage {
    ctx: PageCtx,
    items: Vec<MyApplication>,
}

#[get("/applications")]
async fn my_applications(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let items = state
        .db
        .run(move |conn| service::mine(conn, user.id))
        .await?;
    render(&ListPage { ctx, items })
}

#[derive(Template)]
#[template(path = "application/detail.html")]
struct DetailPage {
    ctx: PageCtx,
    detail: ApplicationDetail,
}

impl DetailPage {
    fn status(&self) -> Status {
        self.detail.application.status()
    }
    fn label(&self, status: impl AsRef<str>) -> String {
        let status = status.as_ref();
        Status::parse(status)
            .map(|s| self.ctx.t(s.label_key()))
            .unwrap_or_else(|| status.to_string())
    }
}

#[get("/applications/{id}")]
async fn detail(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let detail = state
        .db
        .run(move |conn| service::detail(conn, user.id, id))
        .await?;
    render(&DetailPage { ctx, detail })
}

#[post("/applications/{id}/withdraw")]
async fn withdraw(
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    match state
        .db
        .run(move |conn| service::withdraw(conn, user.id, id))
        .await
    {
        Ok(()) => flash::success("flash.application_withdrawn"),
        Err(ApplicationError::NotAllowed(message)) => flash::error(message),
        Err(e) => return Err(e.into()),
    }
    Ok(redirect(&format!("/applications/{id}")))
}

#[post("/applications/{id}/interviews/{interview_id}/confirm")]
async fn confirm_interview(
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (id, interview_id) = path.into_inner();
    let base_url = state.settings.base_url.clone();
    state
        .db
        .run(move |conn| service::confirm_interview(conn, user.id, id, interview_id, &base_url))
        .await?;
    flash::success("flash.interview_confirmed");
    Ok(redirect(&format!("/applications/{id}")))
}
