//! HTTP layer of the employer's posting form: a new internship, and editing one (a posting
//! that was taken down says so before the employer types).

use super::model::InternshipForm;
use super::review::routes::flash_saved;
use super::review::service::held_reasons;
use super::service::{self, InternshipError};
use crate::state::AppState;
use crate::web::guards::Employer;
use crate::web::page::render_status;
use crate::web::{AppError, FieldErrors, PageCtx, redirect, render};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(new_form)
        .service(new_submit)
        .service(edit_form)
        .service(edit_submit);
}

#[derive(Template)]
#[template(path = "internship/form.html")]
struct FormPage {
    ctx: PageCtx,
    form: InternshipForm,
    errors: FieldErrors,
    /// Empty for a new internship.
    action: String,
    /// Why the form cannot be saved (said before the user types), if it cannot.
    refusal: Option<&'static str>,
}

#[get("/employer/internships/new")]
async fn new_form(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let verified = user.email_verified;
    state
        .db
        .run(move |conn| service::poster(conn, user.id, verified))
        .await?;
    render(&FormPage {
        ctx,
        form: InternshipForm {
            openings: "1".into(),
            ..Default::default()
        },
        errors: FieldErrors::default(),
        action: "/employer/internships/new".into(),
        refusal: None,
    })
}

#[post("/employer/internships/new")]
async fn new_submit(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    form: web::Form<InternshipForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let submitted = form.clone();
    let verified = user.email_verified;
    match state
        .db
        .run(move |conn| {
            let id = service::create(conn, user.id, verified, &submitted)?;
            Ok::<_, InternshipError>((id, held_reasons(conn, id)?))
        })
        .await
    {
        Ok((id, held)) => {
            flash_saved(&ctx, &held, "flash.internship_published");
            Ok(redirect(&format!("/internships/{id}")))
        }
        Err(InternshipError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &FormPage {
                ctx,
                form,
                errors,
                action: "/employer/internships/new".into(),
                refusal: None,
            },
        ),
        Err(e) => Err(e.into()),
    }
}

#[get("/employer/internships/{id}/edit")]
async fn edit_form(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (form, taken_down) = state
        .db
        .run(move |conn| {
            let internship = service::owned(conn, user.id, id)?;
            let taken_down = internship.status == "taken_down";
            Ok::<_, InternshipError>((service::form_of(conn, &internship)?, taken_down))
        })
        .await?;
    render(&FormPage {
        ctx,
        form,
        errors: FieldErrors::default(),
        action: format!("/employer/internships/{id}/edit"),
        refusal: taken_down.then_some("ui.taken_down_edit"),
    })
}

#[post("/employer/internships/{id}/edit")]
async fn edit_submit(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<InternshipForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = form.into_inner();
    let submitted = form.clone();
    let verified = user.email_verified;
    match state
        .db
        .run(move |conn| {
            service::edit(conn, user.id, verified, id, &submitted)?;
            Ok::<_, InternshipError>(held_reasons(conn, id)?)
        })
        .await
    {
        Ok(held) => {
            flash_saved(&ctx, &held, "flash.internship_updated");
            Ok(redirect(&format!("/internships/{id}")))
        }
        Err(InternshipError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &FormPage {
                ctx,
                form,
                errors,
                action: format!("/employer/internships/{id}/edit"),
                refusal: None,
            },
        ),
        // Taken down meanwhile: the employer keeps what they typed, with the reason.
        Err(InternshipError::NotAllowed("err.taken_down_no_edit")) => render_status(
            StatusCode::CONFLICT,
            &FormPage {
                ctx,
                form,
                errors: FieldErrors::default(),
                action: format!("/employer/internships/{id}/edit"),
                refusal: Some("ui.taken_down_edit"),
            },
        ),
        Err(e) => Err(e.into()),
    }
}
