//! HTTP layer of the internship module.

use crate::web::{AppError, PageCtx, render};
use actix_web::{HttpResponse, get, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(home);
}

#[derive(Template)]
#[template(path = "internship/home.html")]
struct HomePage {
    ctx: PageCtx,
}

#[get("/")]
async fn home(ctx: PageCtx) -> Result<HttpResponse, AppError> {
    render(&HomePage { ctx })
}
