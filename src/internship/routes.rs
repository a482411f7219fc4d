//! HTTP layer of the internship module.

use super::model::{InternshipCard, InternshipForm};
use super::service::{self, InternshipError};
use crate::state::AppState;
use crate::web::guards::{Employer, Student};
use crate::web::page::{render_status, safe_next};
use crate::web::{AppError, FieldErrors, PageCtx, flash, redirect, render};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(home)
        .service(super::search::routes::search)
        .service(employer_dashboard)
        .service(employer_list)
        .service(new_form)
        .service(new_submit)
        .service(edit_form)
        .service(edit_submit)
        .service(close)
        .service(save_internship)
        .service(unsave_internship)
        .service(saved_list)
        .service(show);
}

impl From<InternshipError> for AppError {
    fn from(e: InternshipError) -> Self {
        match e {
            InternshipError::NotFound => AppError::NotFound,
            InternshipError::NotAllowed(m) => AppError::forbidden(m),
            InternshipError::Db(e) => e.into(),
            InternshipError::Invalid(_) => AppError::BadRequest("err.form_has_errors".into()),
        }
    }
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
#[template(path = "internship/show.html")]
struct ShowPage {
    ctx: PageCtx,
    card: InternshipCard,
    questions: Vec<super::model::ScreeningQuestion>,
    open: bool,
    /// For a signed-in student: their application to this internship, if any.
    applied: Option<i64>,
    /// For a signed-in student: whether they saved it.
    saved: bool,
    /// Where the company's logo is served, when it has one.
    logo: Option<String>,
}

#[get("/internships/{id}")]
async fn show(
    ctx: PageCtx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let user_id = ctx.user.as_ref().map(|u| u.id);
    let student = ctx.role() == "student";
    let viewer = match (user_id, ctx.role()) {
        (Some(_), "admin") => service::Viewer::Admin,
        (Some(id), _) => service::Viewer::User(id),
        (None, _) => service::Viewer::Anonymous,
    };
    let (card, questions, (applied, saved), logo) = state
        .db
        .run(move |conn| {
            let (card, questions) = service::public_view(conn, id, viewer)?;
            let student_view = match (user_id, student) {
                (Some(user_id), true) => service::student_view(conn, user_id, id)?,
                _ => (None, false),
            };
            let employer = card.internship.employer_id;
            let logo = crate::profile::documents::service::logo_href(conn, employer)?;
            Ok::<_, InternshipError>((card, questions, student_view, logo))
        })
        .await?;
    let open = card.internship.is_open(service::today());
    render(&ShowPage {
        ctx,
        card,
        questions,
        open,
        applied,
        saved,
        logo,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct BackForm {
    /// Where the button was pressed (a local path), so the student stays where they were.
    back: String,
}

impl BackForm {
    fn target(&self, id: i64) -> String {
        match self.back.as_str() {
            "" => format!("/internships/{id}"),
            back => safe_next(back).to_string(),
        }
    }
}

#[post("/internships/{id}/save")]
async fn save_internship(
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<BackForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    match state
        .db
        .run(move |conn| service::save(conn, user.id, id))
        .await
    {
        Ok(()) => flash::success("flash.internship_saved"),
        Err(InternshipError::NotAllowed(message)) => {
            flash::error(message);
            return Ok(redirect("/profile"));
        }
        Err(e) => return Err(e.into()),
    }
    Ok(redirect(&form.target(id)))
}

#[post("/internships/{id}/unsave")]
async fn unsave_internship(
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<BackForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    state
        .db
        .run(move |conn| service::unsave(conn, user.id, id))
        .await?;
    flash::success("flash.internship_unsaved");
    Ok(redirect(&form.target(id)))
}

#[derive(Template)]
#[template(path = "internship/saved.html")]
struct SavedPage {
    ctx: PageCtx,
    /// Each saved internship with whether it still takes applications.
    saved: Vec<(InternshipCard, bool)>,
}

#[get("/saved")]
async fn saved_list(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let saved = state
        .db
        .run(move |conn| service::saved(conn, user.id))
        .await?;
    render(&SavedPage { ctx, saved })
}

#[derive(Template)]
#[template(path = "internship/employer_dashboard.html")]
struct EmployerDashboard {
    ctx: PageCtx,
    status: String,
    active: usize,
    total: usize,
    /// Applications to all of the employer's internships, per status.
    applications: crate::application::model::StatusCounts,
}

#[get("/employer")]
async fn employer_dashboard(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (status, active, total, applications) = state
        .db
        .run(move |conn| {
            let Some(profile) = crate::profile::service::employer_by_user(conn, user.id)? else {
                return Ok::<_, crate::db::DbError>((String::new(), 0, 0, Default::default()));
            };
            let all = super::store::by_employer(conn, profile.id)?;
            let applications = crate::application::service::counts_for_employer(conn, profile.id)?;
            Ok((
                profile.verification_status,
                all.iter().filter(|i| i.status == "active").count(),
                all.len(),
                applications,
            ))
        })
        .await?;
    render(&EmployerDashboard {
        ctx,
        status,
        active,
        total,
        applications,
    })
}

#[derive(Template)]
#[template(path = "internship/employer_list.html")]
struct EmployerList {
    ctx: PageCtx,
    internships: Vec<super::model::Internship>,
}

#[get("/employer/internships")]
async fn employer_list(
    ctx: PageCtx,
    Employer(user): Employer,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let internships = state
        .db
        .run(
            move |conn| match crate::profile::service::employer_by_user(conn, user.id)? {
                Some(profile) => super::store::by_employer(conn, profile.id),
                None => Ok(Vec::new()),
            },
        )
        .await?;
    render(&EmployerList { ctx, internships })
}

#[derive(Template)]
#[template(path = "internship/form.html")]
struct FormPage {
    ctx: PageCtx,
    form: InternshipForm,
    errors: FieldErrors,
    /// Empty for a new internship.
    action: String,
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
        .run(move |conn| service::create(conn, user.id, verified, &submitted))
        .await
    {
        Ok(id) => {
            flash::success("flash.internship_published");
            Ok(redirect(&format!("/internships/{id}")))
        }
        Err(InternshipError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &FormPage {
                ctx,
                form,
                errors,
                action: "/employer/internships/new".into(),
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
    let form = state
        .db
        .run(move |conn| {
            let internship = service::owned(conn, user.id, id)?;
            service::form_of(conn, &internship)
        })
        .await?;
    render(&FormPage {
        ctx,
        form,
        errors: FieldErrors::default(),
        action: format!("/employer/internships/{id}/edit"),
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
        .run(move |conn| service::edit(conn, user.id, verified, id, &submitted))
        .await
    {
        Ok(()) => {
            flash::success("flash.internship_updated");
            Ok(redirect(&format!("/internships/{id}")))
        }
        Err(InternshipError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &FormPage {
                ctx,
                form,
                errors,
                action: format!("/employer/internships/{id}/edit"),
            },
        ),
        Err(e) => Err(e.into()),
    }
}

#[post("/employer/internships/{id}/close")]
async fn close(
    Employer(user): Employer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    state
        .db
        .run(move |conn| service::close(conn, user.id, id))
        .await?;
    flash::info("flash.internship_closed");
    Ok(redirect("/employer/internships"))
}
