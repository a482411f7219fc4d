//! HTTP layer of interview calendars, the student's answers and the employer's changes. Slots
//! (published by the employer, booked by the student) are in `slot_routes.rs`.

use super::model::ResponseForm;
use super::{calendar, changes};
use crate::application::model::InterviewForm;
use crate::application::service::ApplicationError;
use crate::state::AppState;
use crate::web::guards::{Employer, Student};
use crate::web::page::render_status;
use crate::web::{AppError, FieldErrors, PageCtx, flash, redirect, render};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(student_ics)
        .service(employer_ics)
        .service(decline)
        .service(another_time)
        .service(reschedule_form)
        .service(reschedule_submit)
        .service(cancel);
    super::slot_routes::configure(cfg);
}

fn ics_response(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"interview.ics\"",
        ))
        .body(body)
}

#[get("/applications/{id}/interviews/{interview_id}/calendar.ics")]
async fn student_ics(
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (id, interview_id) = path.into_inner();
    let base_url = state.settings.base_url.clone();
    let body = state
        .db
        .run(move |conn| calendar::ics_for_student(conn, user.id, id, interview_id, &base_url))
        .await?;
    Ok(ics_response(body))
}

#[get("/employer/interviews/{interview_id}/calendar.ics")]
async fn employer_ics(
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let interview_id = path.into_inner();
    let base_url = state.settings.base_url.clone();
    let body = state
        .db
        .run(move |conn| calendar::ics_for_employer(conn, user.id, interview_id, &base_url))
        .await?;
    Ok(ics_response(body))
}

/// A refusal the user can act on becomes a flash on the page they came from.
pub(super) fn flash_or(
    result: Result<(), ApplicationError>,
    success: &'static str,
) -> Result<(), AppError> {
    match result {
        Ok(()) => {
            flash::success(success);
            Ok(())
        }
        Err(ApplicationError::NotAllowed(why)) => {
            flash::error(why);
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/applications/{id}/interviews/{interview_id}/decline")]
async fn decline(
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    form: web::Form<ResponseForm>,
) -> Result<HttpResponse, AppError> {
    let (id, interview_id) = path.into_inner();
    let base_url = state.settings.base_url.clone();
    let note = form.into_inner().note;
    let result = state
        .db
        .run(move |conn| changes::decline(conn, user.id, id, interview_id, &note, &base_url))
        .await;
    flash_or(result, "hiring_flash.interview_declined")?;
    Ok(redirect(&format!("/applications/{id}")))
}

#[post("/applications/{id}/interviews/{interview_id}/another-time")]
async fn another_time(
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    form: web::Form<ResponseForm>,
) -> Result<HttpResponse, AppError> {
    let (id, interview_id) = path.into_inner();
    let base_url = state.settings.base_url.clone();
    let note = form.into_inner().note;
    let result = state
        .db
        .run(move |conn| {
            changes::ask_another_time(conn, user.id, id, interview_id, &note, &base_url)
        })
        .await;
    flash_or(result, "hiring_flash.interview_another_time")?;
    Ok(redirect(&format!("/applications/{id}")))
}

#[derive(Template)]
#[template(path = "interviews/reschedule.html")]
struct ReschedulePage {
    ctx: PageCtx,
    interview_id: i64,
    title: String,
    name: String,
    form: InterviewForm,
    errors: FieldErrors,
}

#[get("/employer/interviews/{interview_id}/reschedule")]
async fn reschedule_form(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let interview_id = path.into_inner();
    let parties = state
        .db
        .run(move |conn| calendar::employers_interview(conn, user.id, interview_id))
        .await?;
    let i = &parties.interview;
    render(&ReschedulePage {
        ctx,
        interview_id,
        form: InterviewForm {
            scheduled_at: i.scheduled_at.format("%Y-%m-%dT%H:%M").to_string(),
            duration_minutes: i.duration_minutes.to_string(),
            mode: i.mode.clone(),
            location_or_link: i.location_or_link.clone().unwrap_or_default(),
            notes: i.notes.clone().unwrap_or_default(),
        },
        title: parties.title,
        name: parties.student_name,
        errors: FieldErrors::default(),
    })
}

#[post("/employer/interviews/{interview_id}/reschedule")]
async fn reschedule_submit(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<InterviewForm>,
) -> Result<HttpResponse, AppError> {
    let interview_id = path.into_inner();
    let form = form.into_inner();
    let submitted = form.clone();
    let base_url = state.settings.base_url.clone();
    let outcome = state
        .db
        .run(move |conn| changes::reschedule(conn, user.id, interview_id, &submitted, &base_url))
        .await;
    match outcome {
        Ok(internship_id) => {
            flash::success("hiring_flash.interview_rescheduled");
            Ok(redirect(&format!(
                "/employer/internships/{internship_id}/applicants"
            )))
        }
        Err(ApplicationError::Invalid(errors)) => {
            let parties = state
                .db
                .run(move |conn| calendar::employers_interview(conn, user.id, interview_id))
                .await?;
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ReschedulePage {
                    ctx,
                    interview_id,
                    title: parties.title,
                    name: parties.student_name,
                    form,
                    errors,
                },
            )
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/employer/interviews/{interview_id}/cancel")]
async fn cancel(
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let interview_id = path.into_inner();
    let base_url = state.settings.base_url.clone();
    let outcome = state
        .db
        .run(move |conn| changes::cancel(conn, user.id, interview_id, &base_url))
        .await;
    match outcome {
        Ok(internship_id) => {
            flash::success("hiring_flash.interview_cancelled");
            Ok(redirect(&format!(
                "/employer/internships/{internship_id}/applicants"
            )))
        }
        Err(ApplicationError::NotAllowed(why)) => {
            flash::error(why);
            Ok(redirect("/employer/internships"))
        }
        Err(e) => Err(e.into()),
    }
}
