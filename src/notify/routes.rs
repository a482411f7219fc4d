//! HTTP layer of the notify module: a user's in-app notifications. The pages need only the
//! database (registered on its own by `app.rs`), so notify, which the shared state holds the
//! mailer of, never names that state.

use super::model::Notification;
use super::store;
use crate::db::Db;
use crate::web::pagination::{DEFAULT_PER_PAGE, PageLinks, PageQuery, Pagination};
use crate::web::{AppError, PageCtx, SessionUser, redirect, render};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(mark_read);
}

#[derive(Template)]
#[template(path = "notify/notifications.html")]
struct NotificationsPage {
    ctx: PageCtx,
    items: Vec<Notification>,
    links: PageLinks,
}

#[get("/notifications")]
async fn list(
    ctx: PageCtx,
    user: SessionUser,
    db: web::Data<Db>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = Pagination::new(query.page, DEFAULT_PER_PAGE);
    let (items, total) = db
        .run(move |conn| store::notifications_of(conn, user.id, page.limit(), page.offset()))
        .await?;
    render(&NotificationsPage {
        ctx,
        items,
        links: PageLinks::new(page, total),
    })
}

#[post("/notifications/read")]
async fn mark_read(user: SessionUser, db: web::Data<Db>) -> Result<HttpResponse, AppError> {
    db.run(move |conn| store::mark_all_read(conn, user.id, chrono::Utc::now().naive_utc()))
        .await?;
    Ok(redirect("/notifications"))
}
