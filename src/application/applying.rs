//! The student applying: what she may apply to, checking her answers, applying (the employer
//! told). Following her applications afterwards is `following.rs`.

use super::model::*;
use super::service::*;
use super::store;
use crate::db::{DbConnection, DbError};
use crate::internship::model::Internship;
use crate::notify::{Notice, tell};
use crate::web::FieldErrors;
use crate::web::i18n::Msg;

/// What the apply page needs: the internship, its company, its questions and the student's
/// existing application, if any.
pub struct ApplyTarget {
    pub internship: Internship,
    pub company: String,
    pub questions: Vec<Question>,
    pub existing: Option<Application>,
}

/// An internship the student may apply to: visible, open, of an approved company.
pub fn apply_target(
    conn: &mut DbConnection,
    user_id: i64,
    internship_id: i64,
) -> Result<ApplyTarget, ApplicationError> {
    let (internship, company, company_status) =
        crate::internship::service::with_company(conn, internship_id)?
            .ok_or(ApplicationError::NotFound)?;
    if company_status != "approved" || matches!(internship.status.as_str(), "taken_down" | "draft")
    {
        return Err(ApplicationError::NotFound);
    }
    let student = student_id(conn, user_id)?;
    let existing = store::of_student_for(conn, student, internship_id)?;
    let questions = store::questions(conn, internship_id)?;
    Ok(ApplyTarget {
        internship,
        company,
        questions,
        existing,
    })
}

/// A checked apply form: the cover letter (if any) and (question id, answer) pairs.
pub type ValidApplication = (Option<String>, Vec<(i64, String)>);

/// Checks the apply form against the internship's questions: every question needs an answer.
/// Returns the cover letter and (question id, answer) pairs.
pub fn validate(form: &ApplyForm, questions: &[Question]) -> Result<ValidApplication, FieldErrors> {
    let mut errors = FieldErrors::default();
    let cover = form.cover_letter.trim();
    if cover.chars().count() > MAX_COVER_LETTER {
        errors.add(
            "cover_letter",
            Msg::new("err.cover_letter_long").with("max", MAX_COVER_LETTER),
        );
    }
    let mut answers = Vec::new();
    for q in questions {
        let answer = form.answer(&q.position).trim();
        let field: &'static str = match q.position {
            1 => "answer_1",
            2 => "answer_2",
            3 => "answer_3",
            4 => "answer_4",
            _ => "answer_5",
        };
        if answer.is_empty() {
            errors.add(field, "err.answer_required");
        } else if answer.chars().count() > MAX_ANSWER {
            errors.add(field, Msg::new("err.answer_long").with("max", MAX_ANSWER));
        } else {
            answers.push((q.id, answer.to_string()));
        }
    }
    if errors.is_empty() {
        Ok(((!cover.is_empty()).then(|| cover.to_string()), answers))
    } else {
        Err(errors)
    }
}

/// Submits an application: the answers, the first event, a signal for recommendations, and a
/// notification (in the app and by email) to the employer — all in one transaction.
pub fn apply(
    conn: &mut DbConnection,
    user_id: i64,
    email_verified: bool,
    internship_id: i64,
    form: &ApplyForm,
    base_url: &str,
) -> Result<i64, ApplicationError> {
    if !email_verified {
        return Err(not_allowed("err.apply_verify_email"));
    }
    let target = apply_target(conn, user_id, internship_id)?;
    if let Some(existing) = &target.existing {
        return Err(ApplicationError::AlreadyApplied(existing.id));
    }
    if !target
        .internship
        .is_open(crate::internship::service::today())
    {
        return Err(not_allowed("err.no_longer_open"));
    }
    let (cover, answers) = validate(form, &target.questions).map_err(ApplicationError::Invalid)?;
    let student = student_id(conn, user_id)?;
    let result = crate::db::transaction(conn, |conn| {
        let at = now();
        let id = store::insert(conn, student, internship_id, cover.as_deref(), at)?;
        for (question_id, answer) in &answers {
            store::insert_answer(conn, id, *question_id, answer)?;
        }
        store::insert_event(conn, id, None, Status::Submitted, user_id, None, at)?;
        crate::matching::service::insert_feedback(conn, student, internship_id, "apply")?;
        tell_employer(conn, id, user_id, &target.internship, base_url)?;
        Ok::<_, DbError>(id)
    });
    match result {
        Ok(id) => Ok(id),
        // Two submissions at once: the second finds the first.
        Err(e) if e.is_unique_violation() => {
            let existing = store::of_student_for(conn, student, internship_id)?
                .ok_or(ApplicationError::Db(e))?;
            Err(ApplicationError::AlreadyApplied(existing.id))
        }
        Err(e) => Err(e.into()),
    }
}

fn tell_employer(
    conn: &mut DbConnection,
    application_id: i64,
    student_user_id: i64,
    internship: &Internship,
    base_url: &str,
) -> Result<(), DbError> {
    let Some((_, _, employer_user)) = store::internship_summary(conn, internship.id)? else {
        return Ok(());
    };
    let student_name = store::user_contact(conn, student_user_id)?
        .map(|(name, _)| name)
        .unwrap_or_default();
    let link = format!(
        "/employer/internships/{}/applicants#application-{application_id}",
        internship.id
    );
    let notice = Notice::new(
        "application",
        Msg::new("notice.applied")
            .with("name", student_name)
            .with("title", &internship.title),
    )
    .subject(Msg::new("notice.applied_subject").with("title", &internship.title))
    .link(link);
    tell(conn, employer_user, &notice, base_url)
}
