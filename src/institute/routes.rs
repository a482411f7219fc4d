//! HTTP layer of the institute module. Every route takes the `Institute` guard; the service
//! decides what a pending institute may see.

use super::model::*;
use super::roster;
use super::service::{self, InstituteError};
use crate::state::AppState;
use crate::web::guards::Institute;
use crate::web::i18n::Msg;
use crate::web::page::render_status;
use crate::web::pagination::{DEFAULT_PER_PAGE, PageLinks, PageQuery, Pagination};
use crate::web::{AppError, FieldErrors, PageCtx, flash, redirect, render};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(dashboard)
        .service(profile_form)
        .service(profile_submit)
        .service(students)
        .service(students_csv)
        .service(student)
        .service(confirm_student)
        .service(reject_student);
}

impl From<InstituteError> for AppError {
    fn from(e: InstituteError) -> Self {
        match e {
            InstituteError::NotFound => AppError::NotFound,
            InstituteError::NotAllowed(m) => AppError::forbidden(m),
            InstituteError::Db(e) => e.into(),
            InstituteError::Invalid(_) => AppError::BadRequest("err.form_has_errors".into()),
        }
    }
}

#[derive(Template)]
#[template(path = "institute/dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    profile: Option<InstituteProfile>,
    stats: Option<PlacementStats>,
}

#[get("/institute")]
async fn dashboard(
    ctx: PageCtx,
    Institute(user): Institute,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (profile, stats) = state
        .db
        .run(move |conn| service::dashboard(conn, &user))
        .await?;
    render(&DashboardPage {
        ctx,
        profile,
        stats,
    })
}

#[derive(Template)]
#[template(path = "institute/profile_form.html")]
struct ProfilePage {
    ctx: PageCtx,
    form: InstituteProfileForm,
    status: String,
    reason: Option<String>,
    errors: FieldErrors,
}

#[get("/institute/profile")]
async fn profile_form(
    ctx: PageCtx,
    Institute(user): Institute,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let profile = state
        .db
        .run(move |conn| super::store::by_user(conn, user.id))
        .await?;
    let (form, status, reason) = match profile {
        Some(p) => (
            InstituteProfileForm::from_profile(&p),
            p.verification_status,
            p.rejection_reason,
        ),
        None => (InstituteProfileForm::default(), String::new(), None),
    };
    render(&ProfilePage {
        ctx,
        form,
        status,
        reason,
        errors: FieldErrors::default(),
    })
}

#[post("/institute/profile")]
async fn profile_submit(
    ctx: PageCtx,
    Institute(user): Institute,
    state: web::Data<AppState>,
    form: web::Form<InstituteProfileForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let submitted = form.clone();
    match state
        .db
        .run(move |conn| service::save_profile(conn, &user, &submitted))
        .await
    {
        Ok(reverify) => {
            flash::success(if reverify {
                "institute.saved_reverify"
            } else {
                "institute.saved"
            });
            Ok(redirect("/institute/profile"))
        }
        Err(InstituteError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ProfilePage {
                ctx,
                form,
                status: String::new(),
                reason: None,
                errors,
            },
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "institute/students.html")]
struct StudentsPage {
    ctx: PageCtx,
    students: Vec<LinkedStudent>,
    links: PageLinks,
}

#[get("/institute/students")]
async fn students(
    ctx: PageCtx,
    Institute(user): Institute,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = Pagination::new(query.page, DEFAULT_PER_PAGE);
    let (students, total) = state
        .db
        .run(move |conn| roster::students(conn, &user, page))
        .await?;
    render(&StudentsPage {
        ctx,
        students,
        links: PageLinks::new(page, total),
    })
}

#[get("/institute/students.csv")]
async fn students_csv(
    Institute(user): Institute,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let body = state
        .db
        .run(move |conn| service::export_csv(conn, &user))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"students.csv\"",
        ))
        // Student data: never kept by shared caches.
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        // A byte-order mark: without it Excel reads UTF-8 as the local code page and garbles
        // names written in Devanagari or any other non-Latin script.
        .body(format!("\u{feff}{body}")))
}

#[derive(Template)]
#[template(path = "institute/student.html")]
struct StudentPage {
    ctx: PageCtx,
    s: LinkedStudent,
    record: Option<(StudentRecord, Vec<String>, Vec<StudentApplication>)>,
}

#[get("/institute/students/{student_id}")]
async fn student(
    ctx: PageCtx,
    Institute(user): Institute,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let view = state
        .db
        .run(move |conn| roster::student(conn, &user, id))
        .await?;
    render(&StudentPage {
        ctx,
        s: view.student,
        record: view.record,
    })
}

#[post("/institute/students/{student_id}/confirm")]
async fn confirm_student(
    _ctx: PageCtx,
    Institute(user): Institute,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let name = state
        .db
        .run(move |conn| roster::confirm_student(conn, &user, id))
        .await?;
    flash::success(Msg::new("institute.confirmed_flash").with("name", name));
    Ok(redirect("/institute/students"))
}

#[post("/institute/students/{student_id}/reject")]
async fn reject_student(
    _ctx: PageCtx,
    Institute(user): Institute,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let name = state
        .db
        .run(move |conn| roster::reject_student(conn, &user, id))
        .await?;
    flash::info(Msg::new("institute.rejected_flash").with("name", name));
    Ok(redirect("/institute/students"))
}
