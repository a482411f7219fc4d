//! HTTP layer of saved searches: save one from the search page, list and delete them, and the
//! one-click unsubscribe link of the alert emails (no login: the link is signed).

use super::model::SavedSearch;
use super::service;
use crate::state::AppState;
use crate::web::guards::Student;
use crate::web::page::render_status;
use crate::web::{AppError, FieldErrors, PageCtx, flash, redirect, render};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(save)
        .service(delete)
        .service(unsubscribe_page)
        .service(unsubscribe);
}

#[derive(Template)]
#[template(path = "internship/alerts/list.html")]
struct SearchesPage {
    ctx: PageCtx,
    searches: Vec<SavedSearch>,
    errors: FieldErrors,
    typed_name: String,
    query: String,
}

#[get("/searches")]
async fn list(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let searches = state
        .db
        .run(move |conn| service::list(conn, user.id))
        .await?;
    render(&SearchesPage {
        ctx,
        searches,
        errors: FieldErrors::default(),
        typed_name: String::new(),
        query: String::new(),
    })
}

#[derive(Deserialize)]
struct SaveForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    query: String,
}

#[post("/searches")]
async fn save(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
    form: web::Form<SaveForm>,
) -> Result<HttpResponse, AppError> {
    let SaveForm { name, query } = form.into_inner();
    let (typed_name, typed_query) = (name.clone(), query.clone());
    let saved = state
        .db
        .run(move |conn| Ok::<_, crate::db::DbError>(service::save(conn, user.id, &name, &query)))
        .await?;
    match saved {
        Ok(_) => {
            flash::success("alerts.saved");
            Ok(redirect("/searches"))
        }
        Err(errors) => {
            let searches = state
                .db
                .run(move |conn| service::list(conn, user.id))
                .await?;
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &SearchesPage {
                    ctx,
                    searches,
                    errors,
                    typed_name,
                    query: typed_query,
                },
            )
        }
    }
}

#[post("/searches/{id}/delete")]
async fn delete(
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    if !state
        .db
        .run(move |conn| service::delete(conn, user.id, id))
        .await?
    {
        return Err(AppError::NotFound);
    }
    flash::success("alerts.deleted");
    Ok(redirect("/searches"))
}

#[derive(Deserialize)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(Template)]
#[template(path = "internship/alerts/unsubscribe.html")]
struct UnsubscribePage {
    ctx: PageCtx,
    id: i64,
    token: String,
    done: bool,
}

/// The link in the email body: a page with the button (a GET must not change anything: mail
/// scanners open links).
#[get("/searches/{id}/unsubscribe")]
async fn unsubscribe_page(
    ctx: PageCtx,
    path: web::Path<i64>,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, AppError> {
    render(&UnsubscribePage {
        ctx,
        id: path.into_inner(),
        token: query.into_inner().token,
        done: false,
    })
}

/// The one-click POST (RFC 8058: `List-Unsubscribe=One-Click` in the body) or the page's button.
#[post("/searches/{id}/unsubscribe")]
async fn unsubscribe(
    ctx: PageCtx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let token = query.into_inner().token;
    let key = service::key_of(&state.settings);
    let check = token.clone();
    let removed = state
        .db
        .run(move |conn| service::unsubscribe(conn, &key, id, &check))
        .await?;
    if !removed {
        // A wrong signature and an already removed search answer alike.
        return Err(AppError::NotFound);
    }
    render(&UnsubscribePage {
        ctx,
        id,
        token,
        done: true,
    })
}
