//! Rules of the internship module: who may post, which postings an employer owns, what the
//! public sees. What a valid posting is (the form's checks) is in `posting_form.rs`.

use super::model::*;
use super::{posting_form, store};
use crate::db::{DbConnection, DbError, skills};
use crate::web::FieldErrors;
use chrono::{NaiveDate, Utc};

// Queries other modules need, exposed here so that they never reach into this module's store.
pub use super::saved::*;
pub use super::store::{restore, take_down, with_company};
// The public search, in `search/` (its own statements over the full-text index).
pub use super::search::service::{search, search_page, search_plan};
pub use super::search::warm::{search_common_words, search_warmed, warm_search};

#[derive(Debug, thiserror::Error)]
pub enum InternshipError {
    #[error("the form has errors")]
    Invalid(FieldErrors),
    #[error("{0}")]
    NotAllowed(&'static str),
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for InternshipError {
    fn from(e: diesel::result::Error) -> Self {
        InternshipError::Db(e.into())
    }
}

pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// The employer profile id of a user who may post: verified email, approved company.
pub fn poster(
    conn: &mut DbConnection,
    user_id: i64,
    email_verified: bool,
) -> Result<i64, InternshipError> {
    if !email_verified {
        return Err(InternshipError::NotAllowed("err.post_verify_email"));
    }
    let profile = crate::profile::team::service::company_of(conn, user_id)?
        .ok_or(InternshipError::NotAllowed("err.post_no_profile"))?;
    if !profile.is_approved() {
        return Err(InternshipError::NotAllowed("err.post_not_approved"));
    }
    Ok(profile.id)
}

/// An internship the employer owns (anyone else's id is "not found", never "forbidden").
pub fn owned(
    conn: &mut DbConnection,
    user_id: i64,
    internship_id: i64,
) -> Result<Internship, InternshipError> {
    let profile = crate::profile::team::service::company_of(conn, user_id)?
        .ok_or(InternshipError::NotFound)?;
    let internship = store::find(conn, internship_id)?.ok_or(InternshipError::NotFound)?;
    if internship.employer_id != profile.id {
        return Err(InternshipError::NotFound);
    }
    Ok(internship)
}

pub fn create(
    conn: &mut DbConnection,
    user_id: i64,
    verified: bool,
    form: &InternshipForm,
) -> Result<i64, InternshipError> {
    let employer_id = poster(conn, user_id, verified)?;
    let (changes, skill_names, questions) =
        posting_form::validate(form, today()).map_err(InternshipError::Invalid)?;
    crate::db::transaction(conn, |conn| {
        let id = store::insert(conn, employer_id, &changes)?;
        skills::set_internship_skills(conn, id, &skill_names)?;
        store::set_questions(conn, id, &questions)?;
        super::review::service::screen(conn, id, employer_id, &changes, &questions, true)?;
        crate::matching::service::internship_changed(conn, id)?;
        Ok(id)
    })
}

pub fn edit(
    conn: &mut DbConnection,
    user_id: i64,
    verified: bool,
    id: i64,
    form: &InternshipForm,
) -> Result<(), InternshipError> {
    let employer_id = poster(conn, user_id, verified)?;
    let existing = owned(conn, user_id, id)?;
    if existing.status == "taken_down" {
        return Err(InternshipError::NotAllowed("err.taken_down_no_edit"));
    }
    let (changes, skill_names, questions) =
        posting_form::validate(form, today()).map_err(InternshipError::Invalid)?;
    crate::db::transaction(conn, |conn| {
        store::update(conn, id, &changes)?;
        skills::set_internship_skills(conn, id, &skill_names)?;
        store::set_questions(conn, id, &questions)?;
        super::review::service::screen(conn, id, employer_id, &changes, &questions, false)?;
        crate::matching::service::internship_changed(conn, id)?;
        Ok(())
    })
}

pub fn close(conn: &mut DbConnection, user_id: i64, id: i64) -> Result<(), InternshipError> {
    let existing = owned(conn, user_id, id)?;
    if existing.status == "active" {
        store::set_status(conn, id, "closed")?;
        crate::matching::service::internship_changed(conn, id)?;
    }
    Ok(())
}

/// The form pre-filled from an existing internship.
pub fn form_of(
    conn: &mut DbConnection,
    internship: &Internship,
) -> Result<InternshipForm, InternshipError> {
    let skill_names: Vec<String> = skills::internship_skill_names(conn, &[internship.id])?
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    let questions = store::questions(conn, internship.id)?;
    let at = |pos: i32| questions.iter().find(|q| q.position == pos);
    let next_q = |pos: i32| at(pos).map(|q| q.question.clone()).unwrap_or_default();
    let model = |pos: i32| {
        at(pos)
            .and_then(|q| q.model_answer.clone())
            .unwrap_or_default()
    };
    let form = InternshipForm {
        title: internship.title.clone(),
        description: internship.description.clone(),
        location: internship.location.clone(),
        mode: internship.mode.clone(),
        duration_weeks: internship.duration_weeks.to_string(),
        stipend_amount: internship
            .stipend_amount
            .map(|s| s.to_string())
            .unwrap_or_default(),
        openings: internship.openings.to_string(),
        start_date: internship
            .start_date
            .map(|d| d.to_string())
            .unwrap_or_default(),
        deadline: internship
            .deadline
            .map(|d| d.to_string())
            .unwrap_or_default(),
        skills: skill_names.join(", "),
        qualifications: internship.qualifications.clone().unwrap_or_default(),
        benefits: internship.benefits.clone().unwrap_or_default(),
        question_1: next_q(1),
        question_2: next_q(2),
        question_3: next_q(3),
        question_4: next_q(4),
        question_5: next_q(5),
        model_answer_1: model(1),
        model_answer_2: model(2),
        model_answer_3: model(3),
        model_answer_4: model(4),
        model_answer_5: model(5),
    };
    Ok(form)
}

/// Attaches company names and skills to internships for list pages.
pub fn cards(
    conn: &mut DbConnection,
    rows: Vec<(Internship, String)>,
) -> Result<Vec<InternshipCard>, DbError> {
    let ids: Vec<i64> = rows.iter().map(|(i, _)| i.id).collect();
    let all_skills = skills::internship_skill_names(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|(internship, company_name)| {
            let skills = all_skills
                .iter()
                .filter(|(id, _)| *id == internship.id)
                .map(|(_, n)| n.clone())
                .collect();
            InternshipCard {
                internship,
                company_name,
                skills,
                saved: None,
            }
        })
        .collect())
}

/// Who is looking at an internship's page.
#[derive(Debug, Clone, Copy)]
pub enum Viewer {
    Anonymous,
    /// A signed-in user who is not an administrator.
    User(i64),
    /// Administrators see taken-down postings too (they moderate them).
    Admin,
}

/// A public internship page: visible when listed and its company verified; its owner and
/// administrators always see it. Also the company's logo file, if it has one.
pub fn public_view(
    conn: &mut DbConnection,
    id: i64,
    viewer: Viewer,
) -> Result<(InternshipCard, Vec<ScreeningQuestion>, Option<i64>), InternshipError> {
    let PostedPage {
        posted,
        skills,
        questions,
    } = store::page(conn, id)?.ok_or(InternshipError::NotFound)?;
    // Who is looking matters only for a posting the public does not see.
    if !is_listed(&posted.internship, &posted.standing) {
        let privileged = match viewer {
            Viewer::User(uid) => crate::profile::team::service::company_of(conn, uid)?
                .is_some_and(|p| p.id == posted.internship.employer_id),
            Viewer::Admin => true,
            Viewer::Anonymous => false,
        };
        if !privileged {
            return Err(InternshipError::NotFound);
        }
    }
    let card = InternshipCard {
        internship: posted.internship,
        company_name: posted.company_name,
        skills,
        saved: None,
    };
    Ok((card, questions, posted.logo_file))
}

/// Whether the public sees a posting: its company is verified and it is neither a draft nor
/// taken down (a closed posting stays visible, it just takes no applications).
fn is_listed(internship: &Internship, company_status: &str) -> bool {
    company_status == "approved" && !matches!(internship.status.as_str(), "taken_down" | "draft")
}

/// Whether the posting `id` exists and the public sees it (what students may react to).
pub fn listed(conn: &mut DbConnection, id: i64) -> Result<bool, DbError> {
    Ok(store::with_company(conn, id)?
        .is_some_and(|(internship, _, company_status)| is_listed(&internship, &company_status)))
}
