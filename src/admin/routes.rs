//! HTTP layer of the admin module. Every route takes the `Admin` guard.

use super::store;
use crate::app::AppState;
use crate::web::guards::Admin;
use crate::web::{AppError, PageCtx, render};
use actix_web::{HttpResponse, get, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(dashboard);
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    users: i64,
}

#[get("/admin")]
async fn dashboard(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let users = state
        .db
        .run(|conn| store::count_users(conn).map_err(AppError::from))
        .await?;
    render(&DashboardPage { ctx, users })
}
