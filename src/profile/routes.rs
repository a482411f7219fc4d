//! HTTP layer of the profile module.

use crate::web::guards::{Institute, Student};
use crate::web::{AppError, PageCtx, render};
use actix_web::{HttpResponse, get, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(student_dashboard).service(institute_dashboard);
}

#[derive(Template)]
#[template(path = "profile/student_dashboard.html")]
struct StudentDashboard {
    ctx: PageCtx,
}

#[get("/dashboard")]
async fn student_dashboard(ctx: PageCtx, _student: Student) -> Result<HttpResponse, AppError> {
    render(&StudentDashboard { ctx })
}

#[derive(Template)]
#[template(path = "profile/institute_dashboard.html")]
struct InstituteDashboard {
    ctx: PageCtx,
}

#[get("/institute")]
async fn institute_dashboard(
    ctx: PageCtx,
    _institute: Institute,
) -> Result<HttpResponse, AppError> {
    render(&InstituteDashboard { ctx })
}
