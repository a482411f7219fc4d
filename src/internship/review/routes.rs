//! HTTP layer of the review queue: students report postings; administrators (the `Admin` guard
//! on every route under `/admin`) work through the queue and set the posting rules.

use super::model::{Decision, PostingRules, QueueEntry, ReportForm, RulesForm};
use super::service::{self, ReviewError};
use crate::state::AppState;
use crate::web::guards::{Admin, Student};
use crate::web::page::render_status;
use crate::web::{AppError, FieldErrors, PageCtx, flash, redirect, render};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(report)
        .service(queue)
        .service(save_rules)
        .service(decide);
}

impl From<ReviewError> for AppError {
    fn from(e: ReviewError) -> Self {
        match e {
            ReviewError::NotFound => AppError::NotFound,
            ReviewError::Refused(key) => AppError::forbidden(key),
            ReviewError::Db(e) => e.into(),
        }
    }
}

#[post("/internships/{id}/report")]
async fn report(
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ReportForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = form.into_inner();
    match state
        .db
        .run(move |conn| service::report(conn, user.id, id, &form))
        .await
    {
        Ok(()) => flash::success("review.flash_reported"),
        // The form lives on the posting's page: back there, with the reason asked for again.
        Err(ReviewError::Refused(key)) => flash::error(key),
        Err(e) => return Err(e.into()),
    }
    Ok(redirect(&format!("/internships/{id}")))
}

#[derive(Template)]
#[template(path = "internship/review/queue.html")]
struct QueuePage {
    ctx: PageCtx,
    entries: Vec<QueueEntry>,
    rules: RulesForm,
    errors: FieldErrors,
}

impl QueuePage {
    /// The words of the posting that asked for money (shown so the admin sees why at once).
    fn money_words(&self, entry: &QueueEntry) -> String {
        super::rules::money_words(&format!("{}\n{}", entry.title, entry.description)).join(", ")
    }
}

fn rules_form(rules: PostingRules) -> RulesForm {
    RulesForm {
        min_stipend: rules.min_stipend.to_string(),
        first_postings: rules.first_postings.to_string(),
    }
}

#[get("/admin/review")]
async fn queue(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (entries, rules) = state
        .db
        .run(|conn| {
            Ok::<_, crate::db::DbError>((service::queue(conn)?, service::posting_rules(conn)?))
        })
        .await?;
    render(&QueuePage {
        ctx,
        entries,
        rules: rules_form(rules),
        errors: FieldErrors::default(),
    })
}

#[post("/admin/review/rules")]
async fn save_rules(
    ctx: PageCtx,
    admin: Admin,
    state: web::Data<AppState>,
    form: web::Form<RulesForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let admin_id = admin.0.id;
    match service::parse_rules(&form) {
        Ok(rules) => {
            state
                .db
                .run(move |conn| service::save_rules(conn, admin_id, rules))
                .await?;
            flash::success("review.flash_rules_saved");
            Ok(redirect("/admin/review"))
        }
        Err(errors) => {
            let entries = state.db.run(service::queue).await?;
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &QueuePage {
                    ctx,
                    entries,
                    rules: form,
                    errors,
                },
            )
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReasonForm {
    reason: String,
}

#[post("/admin/review/{id}/{verb}")]
async fn decide(
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<(i64, String)>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    let (id, verb) = path.into_inner();
    let decision = Decision::from_verb(&verb).ok_or(AppError::NotFound)?;
    let reason: String = form.into_inner().reason.trim().chars().take(500).collect();
    let admin_id = admin.0.id;
    match state
        .db
        .run(move |conn| service::decide(conn, admin_id, id, decision, &reason))
        .await
    {
        Ok(()) => flash::success(format!("review.flash_{}", decision.status())),
        Err(ReviewError::Refused(key)) => flash::error(key),
        Err(e) => return Err(e.into()),
    }
    Ok(redirect("/admin/review"))
}

/// The flash after an employer saved a posting: `saved_key` when it is listed, else why it waits
/// for review (the reasons in the employer's language).
pub fn flash_saved(ctx: &PageCtx, held: &[String], saved_key: &'static str) {
    if held.is_empty() {
        flash::success(saved_key);
        return;
    }
    let reasons: Vec<String> = held
        .iter()
        .map(|code| ctx.t(&format!("review.rule_{code}")))
        .collect();
    flash::info(
        crate::web::i18n::Msg::new("review.flash_held").with("reasons", reasons.join("; ")),
    );
}
