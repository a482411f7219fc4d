//! Rules of the applicant page: only the posting's employer sees it, and the first opening
//! moves a submitted application to "viewed".

use super::model::ApplicantView;
use super::store;
use crate::application::model::{Actor, AnswerView, Applicant, Application, Fit, Status};
use crate::application::service::{ApplicationError, employers_application};
use crate::application::store as applications;
use crate::db::DbConnection;

/// Marks a submitted application viewed, recording it once in its history: the conditional
/// update lets only one of two tabs opened at once make the move.
fn mark_viewed(
    conn: &mut DbConnection,
    user_id: i64,
    application: &Application,
) -> Result<(), ApplicationError> {
    let from = application.status();
    if !from.may_move(Status::Viewed, Actor::Platform) {
        return Ok(());
    }
    crate::db::transaction(conn, |conn| {
        let at = chrono::Utc::now().naive_utc();
        if applications::set_status(conn, application.id, from, Status::Viewed, at)? {
            applications::insert_event(
                conn,
                application.id,
                Some(from),
                Status::Viewed,
                user_id,
                None,
                at,
            )?;
        }
        Ok(())
    })
}

/// The applicant page of one of the employer's applications (anyone else's is "not found");
/// the first opening marks it viewed.
pub fn open(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
    model: &str,
    weights: &crate::matching::ranking::score::MatchWeights,
) -> Result<ApplicantView, ApplicationError> {
    let (application, internship) = employers_application(conn, user_id, application_id)?;
    mark_viewed(conn, user_id, &application)?;
    let (application, university, degree, city, name, email, deleted_at) =
        store::applicant_row(conn, application.id)?.ok_or(ApplicationError::NotFound)?;
    let student_id = application.student_id;
    // As on the applicants list: a student who withdrew takes her profile and resume back; one
    // who erased her account leaves no name or address either.
    let withdrawn = application.status() == Status::Withdrawn;
    let erased = deleted_at.is_some();
    let (skills, resume) = if withdrawn {
        (Vec::new(), None)
    } else {
        (
            crate::db::skills::student_skill_names(conn, student_id)?,
            crate::profile::service::resume_view_of(conn, student_id)?,
        )
    };
    let (university, degree, city) = if withdrawn {
        (None, None, None)
    } else {
        (university, degree, city)
    };
    let (name, email) = if erased {
        (String::new(), String::new())
    } else {
        (name, email)
    };
    let answers = applications::answers(conn, &[application.id])?
        .into_iter()
        .map(|a| AnswerView {
            answer_id: a.id,
            question_id: a.question_id,
            question: a.question,
            model_answer: a.model_answer,
            answer: a.answer,
            closeness: None,
        })
        .collect();
    let fit = crate::matching::service::applicant_fits(
        conn,
        internship.id,
        &[student_id],
        model,
        weights,
    )?
    .get(&student_id)
    .map(Fit::from);
    let events = applications::events(conn, application.id)?;
    let interviews = crate::application::interviews::store::interviews_of(conn, &[application.id])?;
    let offer = crate::application::offers::store::of_application(conn, application.id)?;
    let applicant = Applicant {
        student_id,
        skills,
        resume,
        erased,
        application,
        name,
        email,
        university: university.unwrap_or_default(),
        degree: degree.unwrap_or_default(),
        city: city.unwrap_or_default(),
        fit,
        answers,
        interviews,
    };
    Ok(ApplicantView {
        applicant,
        internship,
        events,
        offer,
    })
}
