//! HTTP layer of the internship module.

use super::model::InternshipCard;
use super::review::service::held_reasons;
use super::service::{self, InternshipError};
use crate::state::AppState;
use crate::web::guards::{Employer, Student};
use crate::web::page::safe_next;
use crate::web::pagination::Pagination;
use crate::web::{AppError, PageCtx, flash, redirect, render};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    super::posting_routes::configure(cfg);
    cfg.service(home)
        .service(super::search::routes::search)
        .service(super::dashboard::employer_dashboard)
        .service(employer_list)
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
    /// The newest listed internships.
    cards: Vec<InternshipCard>,
}

/// Internships the home page shows.
const FRESH: i64 = 6;

#[get("/")]
async fn home(ctx: PageCtx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let page = Pagination::new(Some(1), FRESH);
    let (cards, _) = state
        .db
        .run(move |conn| service::search(conn, &Default::default(), page, None))
        .await?;
    render(&HomePage { ctx, cards })
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
    /// "Usually answers within N days", once the company has enough history.
    answers_within: Option<i64>,
    /// Why the posting waits for review (rule codes), shown to its owner.
    held: Vec<String>,
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
    let db_key = state.db.key();
    let (card, questions, (applied, saved), (logo, answers_within, held)) = state
        .db
        .run(move |conn| {
            let (card, questions, logo_file) = service::public_view(conn, id, viewer)?;
            let student_view = match (user_id, student) {
                (Some(user_id), true) => service::student_view(conn, user_id, id)?,
                _ => (None, false),
            };
            let employer = card.internship.employer_id;
            let logo =
                logo_file.map(|file| crate::profile::documents::service::logo_path(employer, file));
            let answers_within = crate::application::insights::service::usual_answer_days_lately(
                conn, db_key, employer,
            )?;
            // Only a draft (seen by its owner and admins) says why it waits for review.
            let held = match card.internship.status.as_str() {
                "draft" => held_reasons(conn, id)?,
                _ => Vec::new(),
            };
            Ok::<_, InternshipError>((card, questions, student_view, (logo, answers_within, held)))
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
        answers_within,
        held,
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
            move |conn| match crate::profile::team::service::company_of(conn, user.id)? {
                Some(profile) => super::store::by_employer(conn, profile.id),
                None => Ok(Vec::new()),
            },
        )
        .await?;
    render(&EmployerList { ctx, internships })
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
