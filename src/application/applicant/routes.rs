//! HTTP layer of the applicant page, and of the employer's offer forms that come back to it.

use super::model::ApplicantView;
use super::service;
use crate::application::model::{Status, StatusForm};
use crate::application::offers::model::ExtendForm;
use crate::application::service::ApplicationError;
use crate::state::AppState;
use crate::web::guards::Employer;
use crate::web::i18n::Msg;
use crate::web::page::render_status;
use crate::web::{AppError, FieldErrors, PageCtx, flash, redirect};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(applicant_page).service(extend_offer);
}

#[derive(Template)]
#[template(path = "application/applicant.html")]
struct ApplicantPage {
    ctx: PageCtx,
    view: ApplicantView,
    /// The status form as typed (kept when it comes back with errors).
    form: StatusForm,
    extend: ExtendForm,
    errors: FieldErrors,
}

impl ApplicantPage {
    fn label(&self, status: impl AsRef<str>) -> String {
        let status = status.as_ref();
        Status::parse(status)
            .map(|s| self.ctx.t(s.label_key()))
            .unwrap_or_else(|| status.to_string())
    }
    fn status(&self) -> Status {
        self.view.applicant.application.status()
    }
    fn moves(&self) -> &'static [Status] {
        self.status()
            .employer_moves_on(&self.view.internship.status)
    }
    fn may_offer(&self) -> bool {
        self.moves().contains(&Status::Offered)
    }
    fn may_interview(&self) -> bool {
        self.view.internship.status != "taken_down"
            && matches!(self.status(), Status::Shortlisted | Status::Interview)
    }
    /// A history note: typed by a person, or a catalogue message Praktiki wrote.
    fn note(&self, text: &str) -> String {
        self.ctx.msg(&Msg::decode(text))
    }
}

/// Renders the page of application `id` for its employer (the first opening marks it viewed).
async fn page(
    ctx: PageCtx,
    state: &AppState,
    user_id: i64,
    id: i64,
    form: StatusForm,
    extend: ExtendForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let model = state
        .model
        .embedder()
        .map(|e| e.model_id().to_string())
        .unwrap_or_else(|| "all-MiniLM-L6-v2".into());
    let weights = state.matching.weights();
    let view = state
        .db
        .run(move |conn| service::open(conn, user_id, id, &model, &weights))
        .await?;
    let code = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        code,
        &ApplicantPage {
            ctx,
            view,
            form,
            extend,
            errors,
        },
    )
}

#[get("/employer/applications/{id}")]
async fn applicant_page(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = StatusForm::default();
    page(
        ctx,
        &state,
        user.id,
        id,
        form,
        ExtendForm::default(),
        FieldErrors::default(),
    )
    .await
}

/// `POST /employer/applications/{id}/status` with `status=offered` (the status route hands it
/// here): an offer whose terms have errors comes back on the applicant page with what was typed.
pub async fn offer_submitted(
    ctx: PageCtx,
    user_id: i64,
    state: &AppState,
    id: i64,
    form: StatusForm,
) -> Result<HttpResponse, AppError> {
    let submitted = form.clone();
    let base_url = state.settings.base_url.clone();
    let outcome = state
        .db
        .run(move |conn| {
            crate::application::service::change_status(conn, user_id, id, &submitted, &base_url)
        })
        .await;
    match outcome {
        Ok((_, Ok(_))) => flash::success("offers.flash_offered"),
        Ok((_, Err(why))) => flash::error(why),
        Err(ApplicationError::Invalid(errors)) => {
            return page(ctx, state, user_id, id, form, ExtendForm::default(), errors).await;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(redirect(&format!("/employer/applications/{id}")))
}

#[post("/employer/applications/{id}/offer/extend")]
async fn extend_offer(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ExtendForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = form.into_inner();
    let submitted = form.clone();
    let base_url = state.settings.base_url.clone();
    let outcome = state
        .db
        .run(move |conn| {
            crate::application::offers::service::extend(conn, user.id, id, &submitted, &base_url)
        })
        .await;
    match outcome {
        Ok(_) => flash::success("offers.flash_extended"),
        Err(ApplicationError::NotAllowed(why)) => flash::error(why),
        Err(ApplicationError::Invalid(errors)) => {
            let status_form = StatusForm::default();
            return page(ctx, &state, user.id, id, status_form, form, errors).await;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(redirect(&format!("/employer/applications/{id}")))
}
