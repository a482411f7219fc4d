//! HTTP layer of the employer moving one application on: a new status (an offer goes through
//! the applicant's page) or a proposed interview. Apart from the students' routes (`routes.rs`).

use super::model::*;
use super::service::{self, ApplicationError};
use crate::state::AppState;
use crate::web::guards::Employer;
use crate::web::i18n::Msg;
use crate::web::page::render_status;
use crate::web::{AppError, FieldErrors, PageCtx, flash, redirect, render};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(change_status)
        .service(interview_form)
        .service(interview_submit);
}

#[post("/employer/applications/{id}/status")]
async fn change_status(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<StatusForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = form.into_inner();
    if Status::parse(&form.status) == Some(Status::Offered) {
        return super::applicant::routes::offer_submitted(ctx, user.id, &state, id, form).await;
    }
    let base_url = state.settings.base_url.clone();
    let (internship_id, moved) = state
        .db
        .run(move |conn| service::change_status(conn, user.id, id, &form, &base_url))
        .await?;
    match moved {
        Ok(status) => flash::success(
            Msg::new("flash.application_moved")
                .with_key("status", format!("status_word.{}", status.as_str())),
        ),
        Err(why) => flash::error(why),
    }
    Ok(redirect(&format!(
        "/employer/internships/{internship_id}/applicants#application-{id}"
    )))
}

#[derive(Template)]
#[template(path = "application/interview.html")]
struct InterviewPage {
    ctx: PageCtx,
    application_id: i64,
    name: String,
    title: String,
    form: InterviewForm,
    errors: FieldErrors,
}

/// The applicant's name and the internship's title, for the interview page (employer's own only).
async fn interview_context(
    state: &AppState,
    user_id: i64,
    id: i64,
) -> Result<(String, String), AppError> {
    Ok(state
        .db
        .run(move |conn| service::interview_subject(conn, user_id, id))
        .await?)
}

#[get("/employer/applications/{id}/interview")]
async fn interview_form(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (name, title) = interview_context(&state, user.id, id).await?;
    render(&InterviewPage {
        ctx,
        application_id: id,
        name,
        title,
        form: InterviewForm {
            duration_minutes: "30".into(),
            mode: "online".into(),
            ..Default::default()
        },
        errors: FieldErrors::default(),
    })
}

#[post("/employer/applications/{id}/interview")]
async fn interview_submit(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<InterviewForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = form.into_inner();
    let submitted = form.clone();
    let base_url = state.settings.base_url.clone();
    let outcome = state
        .db
        .run(move |conn| service::schedule_interview(conn, user.id, id, &submitted, &base_url))
        .await;
    match outcome {
        Ok(internship_id) => {
            flash::success("flash.interview_proposed");
            Ok(redirect(&format!(
                "/employer/internships/{internship_id}/applicants#application-{id}"
            )))
        }
        Err(ApplicationError::Invalid(errors)) => {
            let (name, title) = interview_context(&state, user.id, id).await?;
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &InterviewPage {
                    ctx,
                    application_id: id,
                    name,
                    title,
                    form,
                    errors,
                },
            )
        }
        Err(e) => Err(e.into()),
    }
}
