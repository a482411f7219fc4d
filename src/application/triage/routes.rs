//! HTTP layer of bulk triage (`POST /employer/internships/{id}/applicants/bulk`) and of message
//! templates (`/employer/templates`).

use super::model::*;
use super::service;
use crate::application::service::ApplicationError;
use crate::state::AppState;
use crate::web::guards::Employer;
use crate::web::i18n::Msg;
use crate::web::page::render_status;
use crate::web::{AppError, FieldErrors, PageCtx, flash, redirect, render};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(super::applicants::applicants)
        .service(bulk)
        .service(list)
        .service(create)
        .service(edit_form)
        .service(edit_submit)
        .service(delete);
}

#[post("/employer/internships/{id}/applicants/bulk")]
async fn bulk(
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = BulkForm::from_pairs(&form.into_inner());
    let base_url = state.settings.base_url.clone();
    let (user_id, email) = (user.id, user.email.clone());
    let outcome = state
        .db
        .run(move |conn| service::bulk_move(conn, user_id, &email, id, &form, &base_url))
        .await;
    match outcome {
        Ok(done) => flash::success(
            Msg::new("hiring_flash.bulk_moved")
                .with("moved", done.moved)
                .with("skipped", done.skipped),
        ),
        Err(ApplicationError::NotAllowed(why)) => flash::error(why),
        Err(e) => return Err(e.into()),
    }
    Ok(redirect(&format!("/employer/internships/{id}/applicants")))
}

#[derive(Template)]
#[template(path = "triage/templates.html")]
struct ListPage {
    ctx: PageCtx,
    templates: Vec<MessageTemplate>,
    form: TemplateForm,
    errors: FieldErrors,
}

async fn show_list(
    ctx: PageCtx,
    state: &AppState,
    user_id: i64,
    form: TemplateForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let templates = state
        .db
        .run(move |conn| service::templates(conn, user_id))
        .await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &ListPage {
            ctx,
            templates,
            form,
            errors,
        },
    )
}

#[get("/employer/templates")]
async fn list(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    show_list(
        ctx,
        &state,
        user.id,
        TemplateForm::default(),
        FieldErrors::default(),
    )
    .await
}

#[post("/employer/templates")]
async fn create(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    form: web::Form<TemplateForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let submitted = form.clone();
    let outcome = state
        .db
        .run(move |conn| service::save_template(conn, user.id, None, &submitted))
        .await;
    match outcome {
        Ok(()) => {
            flash::success("hiring_flash.template_saved");
            Ok(redirect("/employer/templates"))
        }
        Err(ApplicationError::Invalid(errors)) => {
            show_list(ctx, &state, user.id, form, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "triage/edit.html")]
struct EditPage {
    ctx: PageCtx,
    id: i64,
    form: TemplateForm,
    errors: FieldErrors,
}

#[get("/employer/templates/{id}/edit")]
async fn edit_form(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let template = state
        .db
        .run(move |conn| service::template(conn, user.id, id))
        .await?;
    render(&EditPage {
        ctx,
        id,
        form: TemplateForm {
            title: template.title,
            body: template.body,
        },
        errors: FieldErrors::default(),
    })
}

#[post("/employer/templates/{id}/edit")]
async fn edit_submit(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<TemplateForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = form.into_inner();
    let submitted = form.clone();
    let outcome = state
        .db
        .run(move |conn| service::save_template(conn, user.id, Some(id), &submitted))
        .await;
    match outcome {
        Ok(()) => {
            flash::success("hiring_flash.template_saved");
            Ok(redirect("/employer/templates"))
        }
        Err(ApplicationError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &EditPage {
                ctx,
                id,
                form,
                errors,
            },
        ),
        Err(e) => Err(e.into()),
    }
}

#[post("/employer/templates/{id}/delete")]
async fn delete(
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    state
        .db
        .run(move |conn| service::delete_template(conn, user.id, id))
        .await?;
    flash::success("hiring_flash.template_deleted");
    Ok(redirect("/employer/templates"))
}
