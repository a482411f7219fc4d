//! HTTP layer of the profile module.

use super::documents::{self, service::Doc};
use super::model::{EmployerProfileForm, StudentOverview, StudentProfileForm};
use super::service::{self, ProfileError};
use super::store;
use crate::application::model::Status;
use crate::db::{DbError, skills};
use crate::files::UploadedFile;
use crate::institute::model::StudentLink;
use crate::state::AppState;
use crate::web::guards::{Employer, Student};
use crate::web::page::render_status;
use crate::web::uploads;
use crate::web::{AppError, FieldErrors, PageCtx, flash, redirect, render};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(student_dashboard)
        .service(student_profile_form)
        .service(student_profile_submit)
        .service(employer_profile_form)
        .service(employer_profile_submit)
        .configure(super::resume::routes::configure)
        .configure(super::cv::routes::configure)
        .configure(super::documents::routes::configure)
        .configure(super::team::routes::configure);
}

impl From<ProfileError> for AppError {
    fn from(e: ProfileError) -> Self {
        match e {
            ProfileError::Db(e) => e.into(),
            ProfileError::Invalid(_) => AppError::BadRequest("err.form_has_errors".into()),
        }
    }
}

#[derive(Template)]
#[template(path = "profile/student_dashboard.html")]
struct StudentDashboard {
    ctx: PageCtx,
    o: StudentOverview,
}

impl StudentDashboard {
    fn status_label(&self, status: &Status) -> String {
        self.ctx.t(status.label_key())
    }
}

#[get("/dashboard")]
async fn student_dashboard(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let o = state
        .db
        .run(move |conn| super::dashboard::student_overview(conn, user.id))
        .await?;
    render(&StudentDashboard { ctx, o })
}

#[derive(Template)]
#[template(path = "profile/student_form.html")]
struct StudentProfilePage {
    ctx: PageCtx,
    form: StudentProfileForm,
    errors: FieldErrors,
    /// The institute the profile links to (shown on the form, not when re-rendering errors).
    link: Option<StudentLink>,
}

#[get("/profile")]
async fn student_profile_form(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (form, link) = state
        .db
        .run(move |conn| {
            let Some(profile) = store::student_by_user(conn, user.id)? else {
                return Ok::<_, DbError>((StudentProfileForm::default(), None));
            };
            let skills = skills::student_skill_names(conn, profile.id)?;
            let mut form = StudentProfileForm::from_profile(&profile, &skills);
            let link = crate::institute::service::link_of_user(conn, user.id)?;
            if let Some(link) = &link {
                form.aishe_code = link.aishe_code.clone();
            }
            Ok((form, link))
        })
        .await?;
    render(&StudentProfilePage {
        ctx,
        form,
        errors: FieldErrors::default(),
        link,
    })
}

#[post("/profile")]
async fn student_profile_submit(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
    form: web::Form<StudentProfileForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let submitted = form.clone();
    match state
        .db
        .run(move |conn| service::save_student(conn, user.id, &submitted))
        .await
    {
        Ok(_) => {
            flash::success("flash.profile_saved");
            Ok(redirect("/profile"))
        }
        Err(ProfileError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &StudentProfilePage {
                ctx,
                form,
                errors,
                link: None,
            },
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "profile/employer_form.html")]
struct EmployerProfilePage {
    ctx: PageCtx,
    form: EmployerProfileForm,
    status: String,
    errors: FieldErrors,
    /// The saved company's id (0 before the profile is saved: no documents yet).
    employer_id: i64,
    logo: Option<UploadedFile>,
    licence: Option<UploadedFile>,
    logo_max: String,
    licence_max: String,
}

/// The company profile page as stored, or with `typed` values and their `errors` (a form or an
/// upload refused), with the company's documents.
pub(crate) async fn employer_page(
    ctx: PageCtx,
    state: &AppState,
    user_id: i64,
    typed: Option<EmployerProfileForm>,
    errors: FieldErrors,
    status_code: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (profile, (logo, licence)) = state
        .db
        .run(move |conn| {
            let Some(profile) = store::employer_by_user(conn, user_id)? else {
                return Ok::<_, DbError>((None, (None, None)));
            };
            let files = documents::service::files_of(conn, &profile)?;
            Ok((Some(profile), files))
        })
        .await?;
    let max = state.settings.max_upload_bytes;
    let page = EmployerProfilePage {
        ctx,
        form: typed.unwrap_or_else(|| {
            profile
                .as_ref()
                .map(EmployerProfileForm::from_profile)
                .unwrap_or_default()
        }),
        status: profile
            .as_ref()
            .map(|p| p.verification_status.clone())
            .unwrap_or_default(),
        errors,
        employer_id: profile.as_ref().map_or(0, |p| p.id),
        logo,
        licence,
        logo_max: uploads::megabytes(Doc::Logo.accepts(max).max_bytes),
        licence_max: uploads::megabytes(Doc::Licence.accepts(max).max_bytes),
    };
    render_status(status_code, &page)
}

#[get("/employer/profile")]
async fn employer_profile_form(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (errors, ok) = (FieldErrors::default(), StatusCode::OK);
    employer_page(ctx, &state, user.id, None, errors, ok).await
}

#[post("/employer/profile")]
async fn employer_profile_submit(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
    form: web::Form<EmployerProfileForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let submitted = form.clone();
    match state
        .db
        .run(move |conn| service::save_employer(conn, user.id, &submitted))
        .await
    {
        Ok((_, false)) => {
            flash::success("flash.company_saved");
            Ok(redirect("/employer/profile"))
        }
        Ok((_, true)) => {
            flash::info("flash.company_saved_reverify");
            Ok(redirect("/employer/profile"))
        }
        Err(ProfileError::Invalid(errors)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            employer_page(ctx, &state, user.id, Some(form), errors, status).await
        }
        Err(e) => Err(e.into()),
    }
}
