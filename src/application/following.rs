//! The student following her applications: her list and each application's page, interviews to
//! come, withdrawing, confirming an interview. Apart from applying (`applying.rs`): these act on
//! an application she already has.

use super::interviews;
use super::interviews::calendar::{Recipients, send as send_invitation};
use super::interviews::ics::Method;
use super::model::*;
use super::service::*;
use super::store;
use crate::db::{DbConnection, DbError};
use crate::notify::notify;
use crate::web::i18n::Msg;

/// The student's own application (anyone else's id is "not found").
pub(super) fn own_application(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
) -> Result<Application, ApplicationError> {
    let student = crate::profile::service::student_by_user(conn, user_id)?
        .ok_or(ApplicationError::NotFound)?;
    let application = store::find(conn, application_id)?.ok_or(ApplicationError::NotFound)?;
    if application.student_id != student.id {
        return Err(ApplicationError::NotFound);
    }
    Ok(application)
}

/// The signed-in student's applications, newest first.
pub fn mine(conn: &mut DbConnection, user_id: i64) -> Result<Vec<MyApplication>, ApplicationError> {
    match crate::profile::service::student_by_user(conn, user_id)? {
        Some(student) => Ok(store::by_student(conn, student.id)?),
        None => Ok(Vec::new()),
    }
}

/// The student's interviews still to come (proposed or confirmed), soonest first, each with
/// its application's title.
pub fn upcoming_interviews(
    conn: &mut DbConnection,
    applications: &[MyApplication],
) -> Result<Vec<UpcomingInterview>, DbError> {
    let open: Vec<i64> = applications
        .iter()
        .filter(|a| a.status == Status::Interview)
        .map(|a| a.id)
        .collect();
    if open.is_empty() {
        return Ok(Vec::new());
    }
    // Interview times are kept in Indian Standard Time (see `schedule_interview`).
    let now_in_india = now() + chrono::Duration::minutes(330);
    Ok(interviews::store::interviews_of(conn, &open)?
        .into_iter()
        .filter(|i| i.scheduled_at > now_in_india)
        .filter(|i| matches!(i.status.as_str(), "proposed" | "confirmed"))
        .filter_map(|interview| {
            let title = applications
                .iter()
                .find(|a| a.id == interview.application_id)?
                .title
                .clone();
            Some(UpcomingInterview { interview, title })
        })
        .collect())
}

/// One of the student's applications with its answers, history and interviews.
pub fn detail(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
) -> Result<ApplicationDetail, ApplicationError> {
    let application = own_application(conn, user_id, application_id)?;
    let (title, company, _) = store::internship_summary(conn, application.internship_id)?
        .ok_or(ApplicationError::NotFound)?;
    let answers = store::answers(conn, &[application.id])?
        .into_iter()
        .map(|a| AnswerView {
            answer_id: a.id,
            question_id: a.question_id,
            question: a.question,
            model_answer: None,
            answer: a.answer,
            closeness: None,
        })
        .collect();
    let events = store::events(conn, application.id)?;
    let interviews = interviews::store::interviews_of(conn, &[application.id])?;
    let answers_within =
        super::insights::service::usual_answer_days_for_posting(conn, application.internship_id)?;
    let offer = super::offers::store::of_application(conn, application.id)?;
    Ok(ApplicationDetail {
        application,
        title,
        company,
        answers,
        events,
        interviews,
        answers_within,
        offer,
    })
}

/// The student withdraws an open application; the employer is told in the app.
pub fn withdraw(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
) -> Result<(), ApplicationError> {
    let application = own_application(conn, user_id, application_id)?;
    let from = application.status();
    if !from.may_withdraw() {
        return Err(not_allowed("err.withdraw_closed"));
    }
    crate::db::transaction(conn, |conn| {
        let at = now();
        if !store::set_status(conn, application.id, from, Status::Withdrawn, at)? {
            return Err(not_allowed("err.changed_meanwhile"));
        }
        store::insert_event(
            conn,
            application.id,
            Some(from),
            Status::Withdrawn,
            user_id,
            None,
            at,
        )?;
        if let Some((title, _, employer_user)) =
            store::internship_summary(conn, application.internship_id)?
        {
            notify(
                conn,
                employer_user,
                "application",
                &Msg::new("notice.withdrew").with("title", title),
                Some(&format!(
                    "/employer/internships/{}/applicants",
                    application.internship_id
                )),
            )?;
        }
        Ok(())
    })
}

/// The student confirms a proposed interview.
pub fn confirm_interview(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
    interview_id: i64,
    base_url: &str,
) -> Result<(), ApplicationError> {
    let application = own_application(conn, user_id, application_id)?;
    // Withdrawn, rejected or decided: a slot proposed earlier no longer stands.
    let at_interview = application.status().may_confirm_interview();
    if !at_interview
        || !interviews::store::confirm_interview(conn, interview_id, application.id, now())?
    {
        // Pressing "confirm" twice (a double click, a resent form) is not an error.
        return match super::interviews::store::interview_status(conn, interview_id, application.id)?
            .as_deref()
        {
            Some("confirmed") => Ok(()),
            Some(_) if !at_interview => Err(not_allowed("err.not_at_interview")),
            Some(_) => Err(not_allowed("err.interview_not_confirmable")),
            None => Err(ApplicationError::NotFound),
        };
    }
    if let Some((title, _, employer_user)) =
        store::internship_summary(conn, application.internship_id)?
    {
        notify(
            conn,
            employer_user,
            "interview",
            &Msg::new("notice.interview_confirmed").with("title", title),
            Some(&format!(
                "/employer/internships/{}/applicants",
                application.internship_id
            )),
        )?;
    }
    // Both calendars get the confirmed version (a higher SEQUENCE).
    send_invitation(
        conn,
        interview_id,
        Method::Request,
        "calendar.confirmed",
        Recipients::Both,
        false,
        base_url,
    )?;
    Ok(())
}
