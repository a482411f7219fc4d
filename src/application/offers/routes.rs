//! HTTP layer of the student's answer to an offer: a confirmation page for each answer (works
//! without JavaScript), then the answer itself.

use super::model::AnswerForm;
use super::service;
use crate::application::model::ApplicationDetail;
use crate::application::service::ApplicationError;
use crate::state::AppState;
use crate::web::guards::Student;
use crate::web::{AppError, PageCtx, flash, redirect, render};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(confirm_accept)
        .service(confirm_decline)
        .service(accept)
        .service(decline);
}

#[derive(Template)]
#[template(path = "application/offer_confirm.html")]
struct ConfirmPage {
    ctx: PageCtx,
    detail: ApplicationDetail,
    /// `accept` or `decline`.
    answer: &'static str,
}

impl ConfirmPage {
    fn accepting(&self) -> bool {
        self.answer == "accept"
    }
}

/// The confirmation page, or back to the application when there is no open offer to answer.
async fn confirm(
    ctx: PageCtx,
    state: &AppState,
    user_id: i64,
    id: i64,
    answer: &'static str,
) -> Result<HttpResponse, AppError> {
    let detail = state
        .db
        .run(move |conn| crate::application::service::detail(conn, user_id, id))
        .await?;
    if !detail.offer.as_ref().is_some_and(|o| o.is_open()) {
        flash::error("offers.err_not_open");
        return Ok(redirect(&format!("/applications/{id}")));
    }
    render(&ConfirmPage {
        ctx,
        detail,
        answer,
    })
}

#[get("/applications/{id}/offer/accept")]
async fn confirm_accept(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    confirm(ctx, &state, user.id, path.into_inner(), "accept").await
}

#[get("/applications/{id}/offer/decline")]
async fn confirm_decline(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    confirm(ctx, &state, user.id, path.into_inner(), "decline").await
}

/// Runs an answer; a refusal (the offer is no longer open, too late) is a flash on the
/// application page.
fn answered(
    outcome: Result<(), ApplicationError>,
    id: i64,
    done: &'static str,
) -> Result<HttpResponse, AppError> {
    match outcome {
        Ok(()) => flash::success(done),
        Err(ApplicationError::NotAllowed(why)) => flash::error(why),
        Err(e) => return Err(e.into()),
    }
    Ok(redirect(&format!("/applications/{id}")))
}

#[post("/applications/{id}/offer/accept")]
async fn accept(
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<AnswerForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = form.into_inner();
    let base_url = state.settings.base_url.clone();
    let outcome = state
        .db
        .run(move |conn| service::accept(conn, user.id, id, &form, &base_url))
        .await;
    answered(outcome, id, "offers.flash_accepted")
}

#[post("/applications/{id}/offer/decline")]
async fn decline(
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<AnswerForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = form.into_inner();
    let base_url = state.settings.base_url.clone();
    let outcome = state
        .db
        .run(move |conn| service::decline(conn, user.id, id, &form, &base_url))
        .await;
    answered(outcome, id, "offers.flash_declined")
}
