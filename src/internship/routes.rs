//! HTTP layer of the internship module.

use crate::web::guards::Employer;
use crate::web::{AppError, PageCtx, render};
use actix_web::{HttpResponse, get, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(home).service(employer_dashboard);
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

#[derive(Template)]
#[template(path = "internship/employer_dashboard.html")]
struct EmployerDashboard {
    ctx: PageCtx,
}

#[get("/employer")]
async fn employer_dashboard(ctx: PageCtx, _employer: Employer) -> Result<HttpResponse, AppError> {
    render(&EmployerDashboard { ctx })
}
