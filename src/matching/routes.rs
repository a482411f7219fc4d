//! HTTP layer of the matching module: the student's recommendations and their feedback.

use super::service::{self, Ranked, Shown};
use crate::state::AppState;
use crate::web::guards::Student;
use crate::web::{AppError, PageCtx, flash, redirect, render};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(recommendations)
        .service(feedback)
        .service(add_skill);
}

impl From<service::RecommendError> for AppError {
    fn from(e: service::RecommendError) -> Self {
        match e {
            service::RecommendError::Db(e) => e.into(),
            service::RecommendError::Stopped(_) => AppError::internal(e),
        }
    }
}

#[derive(Template)]
#[template(path = "matching/recommendations.html")]
struct RecommendationsPage {
    ctx: PageCtx,
    has_profile: bool,
    ranked: Ranked,
}

impl RecommendationsPage {
    fn percent(&self, value: &f32) -> i32 {
        (value.clamp(0.0, 1.0) * 100.0).round() as i32
    }
    /// "I know Figma: add it", for a suggested skill.
    fn add_label(&self, skill: &str) -> String {
        self.ctx
            .msg(&crate::web::i18n::Msg::new("match.sharpen_add").with("skill", skill))
    }
    /// "Similar to internships you liked / saved / applied to", when that lifted it.
    fn interest(&self, item: &Shown) -> Option<String> {
        item.rec.explanation.interest.map(|key| self.ctx.t(key))
    }
}

#[get("/recommendations")]
async fn recommendations(
    ctx: PageCtx,
    Student(user): Student,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let Some(ranked) = service::recommend(&state, user.id).await? else {
        return render(&RecommendationsPage {
            ctx,
            has_profile: false,
            ranked: Ranked::default(),
        });
    };
    render(&RecommendationsPage {
        ctx,
        has_profile: true,
        ranked,
    })
}

#[derive(Deserialize)]
struct FeedbackForm {
    kind: String,
}

#[post("/recommendations/{internship_id}/feedback")]
async fn feedback(
    Student(user): Student,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<FeedbackForm>,
) -> Result<HttpResponse, AppError> {
    let internship_id = path.into_inner();
    let kind = match form.into_inner().kind.as_str() {
        "like" => "like",
        "dismiss" => "dismiss",
        _ => {
            return Err(AppError::BadRequest("err.feedback_kind".into()));
        }
    };
    let recorded = state
        .db
        .run(move |conn| {
            let Some(profile) = crate::profile::service::student_by_user(conn, user.id)? else {
                return Ok(false);
            };
            service::feedback(conn, profile.id, internship_id, kind)
        })
        .await?;
    if !recorded {
        return Err(AppError::NotFound);
    }
    flash::success(if kind == "like" {
        "flash.feedback_like"
    } else {
        "flash.feedback_dismiss"
    });
    Ok(redirect("/recommendations"))
}

#[derive(Deserialize)]
struct AddSkillForm {
    skill: String,
}

/// One click on a suggestion of the recommendations page: the skill joins the profile.
#[post("/recommendations/add-skill")]
async fn add_skill(
    Student(user): Student,
    state: web::Data<AppState>,
    form: web::Form<AddSkillForm>,
) -> Result<HttpResponse, AppError> {
    let skill = form.into_inner().skill;
    let name = skill.clone();
    let added = state
        .db
        .run(move |conn| {
            let Some(profile) = crate::profile::service::student_by_user(conn, user.id)? else {
                return Ok(false);
            };
            service::add_suggested_skill(conn, profile.id, &name)
        })
        .await?;
    if !added {
        return Err(AppError::BadRequest("err.suggested_skill".into()));
    }
    flash::success(crate::web::i18n::Msg::new("flash.skill_added").with("skill", skill.trim()));
    Ok(redirect("/recommendations"))
}
