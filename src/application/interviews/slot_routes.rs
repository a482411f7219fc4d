//! HTTP layer of interview slots: the employer publishes and removes them for a posting, the
//! student books one. Apart from the single interview's routes (`routes.rs`): a page of its own
//! on each side.

use super::routes::flash_or;
use super::slots;
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
    cfg.service(slots_page)
        .service(slot_publish)
        .service(slot_delete)
        .service(booking_page)
        .service(book);
}

#[derive(Template)]
#[template(path = "interviews/slots.html")]
struct SlotsPage {
    ctx: PageCtx,
    internship: crate::internship::model::Internship,
    slots: Vec<super::model::Slot>,
    form: InterviewForm,
    errors: FieldErrors,
}

async fn show_slots(
    ctx: PageCtx,
    state: &AppState,
    user_id: i64,
    id: i64,
    form: InterviewForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (internship, slots) = state
        .db
        .run(move |conn| slots::for_employer(conn, user_id, id))
        .await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &SlotsPage {
            ctx,
            internship,
            slots,
            form,
            errors,
        },
    )
}

#[get("/employer/internships/{id}/slots")]
async fn slots_page(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let form = InterviewForm {
        duration_minutes: "30".into(),
        mode: "online".into(),
        ..Default::default()
    };
    show_slots(
        ctx,
        &state,
        user.id,
        path.into_inner(),
        form,
        FieldErrors::default(),
    )
    .await
}

#[post("/employer/internships/{id}/slots")]
async fn slot_publish(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<InterviewForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = form.into_inner();
    let submitted = form.clone();
    let outcome = state
        .db
        .run(move |conn| slots::publish(conn, user.id, id, &submitted))
        .await;
    match outcome {
        Ok(()) => {
            flash::success("hiring_flash.slot_published");
            Ok(redirect(&format!("/employer/internships/{id}/slots")))
        }
        Err(ApplicationError::Invalid(errors)) => {
            show_slots(ctx, &state, user.id, id, form, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/employer/internships/{id}/slots/{slot_id}/delete")]
async fn slot_delete(
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (id, slot_id) = path.into_inner();
    let result = state
        .db
        .run(move |conn| slots::remove(conn, user.id, id, slot_id))
        .await;
    flash_or(result, "hiring_flash.slot_removed")?;
    Ok(redirect(&format!("/employer/internships/{id}/slots")))
}

#[derive(Template)]
#[template(path = "interviews/book.html")]
struct BookingPage {
    ctx: PageCtx,
    booking: slots::Booking,
}

#[get("/applications/{id}/slots")]
async fn booking_page(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let booking = state
        .db
        .run(move |conn| slots::for_student(conn, user.id, id))
        .await?;
    render(&BookingPage { ctx, booking })
}

#[post("/applications/{id}/slots/{slot_id}/book")]
async fn book(
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (id, slot_id) = path.into_inner();
    let base_url = state.settings.base_url.clone();
    let result = state
        .db
        .run(move |conn| slots::book(conn, user.id, id, slot_id, &base_url))
        .await;
    match result {
        Ok(()) => {
            flash::success("hiring_flash.slot_booked");
            Ok(redirect(&format!("/applications/{id}")))
        }
        Err(ApplicationError::NotAllowed(why)) => {
            flash::error(why);
            Ok(redirect(&format!("/applications/{id}/slots")))
        }
        Err(e) => Err(e.into()),
    }
}
