//! Rules of the application module: who may apply, what a complete application is, which status
//! moves are allowed and who is told about them.

use super::interviews;
use super::interviews::calendar::{Recipients, send as send_invitation};
pub use super::interviews::form::validate_interview;
use super::interviews::ics::Method;
use super::model::*;
use super::store;
use crate::db::{DbConnection, DbError};
use crate::internship::model::Internship;
use crate::notify::{Notice, tell};
use crate::web::FieldErrors;
use crate::web::i18n::Msg;
use chrono::{NaiveDateTime, Utc};

// Queries other modules need, exposed here so that they never reach into this module's store.
pub use super::applicants::*;
pub use super::applying::*;
pub use super::following::*;
pub use super::store::{by_student, open_applicants, student_user};

/// Longest cover letter and screening answer accepted, in characters.
pub const MAX_COVER_LETTER: usize = 5000;
pub const MAX_ANSWER: usize = 2000;
pub const MAX_REASON: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum ApplicationError {
    #[error("the form has errors")]
    Invalid(FieldErrors),
    #[error("{0}")]
    NotAllowed(Msg),
    /// The student already applied: the id of that application.
    #[error("already applied")]
    AlreadyApplied(i64),
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for ApplicationError {
    fn from(e: diesel::result::Error) -> Self {
        ApplicationError::Db(e.into())
    }
}

pub(super) fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

pub(super) fn not_allowed(message: &'static str) -> ApplicationError {
    ApplicationError::NotAllowed(Msg::new(message))
}

/// The signed-in student's profile id; a student without a profile cannot apply yet.
pub(super) fn student_id(conn: &mut DbConnection, user_id: i64) -> Result<i64, ApplicationError> {
    crate::profile::service::student_by_user(conn, user_id)?
        .map(|p| p.id)
        .ok_or_else(|| not_allowed("err.apply_no_profile"))
}

// ---- employers ----

/// An application to one of the employer's internships, with that internship.
pub(super) fn employers_application(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
) -> Result<(Application, Internship), ApplicationError> {
    let application = store::find(conn, application_id)?.ok_or(ApplicationError::NotFound)?;
    let internship = crate::internship::service::owned(conn, user_id, application.internship_id)
        .map_err(|_| ApplicationError::NotFound)?;
    Ok((application, internship))
}

/// Parses and checks a status change: a known status the current one may move to, on a posting
/// in `posting_status`.
pub fn check_move(
    current: Status,
    posting_status: &str,
    form: &StatusForm,
) -> Result<(Status, Option<String>), ApplicationError> {
    let Some(next) = Status::parse(&form.status) else {
        return Err(not_allowed("err.status_choice"));
    };
    if !current.employer_moves_on(posting_status).contains(&next) {
        // A move the status allows but the taken-down posting does not: say why.
        if current.employer_moves().contains(&next) {
            return Err(not_allowed("err.taken_down_decline_only"));
        }
        return Err(ApplicationError::NotAllowed(
            Msg::new("err.move_not_allowed")
                .with_key("from", format!("status_word.{}", current.as_str()))
                .with_key("to", format!("status_word.{}", next.as_str())),
        ));
    }
    let reason = form.reason.trim();
    if reason.chars().count() > MAX_REASON {
        return Err(ApplicationError::NotAllowed(
            Msg::new("err.note_long").with("max", MAX_REASON),
        ));
    }
    Ok((next, (!reason.is_empty()).then(|| reason.to_string())))
}

/// The employer moves an application on; the student is told in the app and by email. Returns
/// the internship (the page to go back to) and the new status, or why the move was refused.
pub fn change_status(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
    form: &StatusForm,
    base_url: &str,
) -> Result<(i64, Result<Status, Msg>), ApplicationError> {
    let (application, internship) = employers_application(conn, user_id, application_id)?;
    let internship_id = internship.id;
    match apply_move(conn, user_id, &application, &internship, form, base_url) {
        Ok(status) => Ok((internship_id, Ok(status))),
        Err(ApplicationError::NotAllowed(why)) => Ok((internship_id, Err(why))),
        Err(e) => Err(e),
    }
}

fn apply_move(
    conn: &mut DbConnection,
    user_id: i64,
    application: &Application,
    internship: &Internship,
    form: &StatusForm,
    base_url: &str,
) -> Result<Status, ApplicationError> {
    let from = application.status();
    let (to, reason) = check_move(from, &internship.status, form)?;
    if to == Status::Offered {
        // An offer carries terms and a date to answer by: its own rules.
        super::offers::service::make_offer(conn, user_id, application, internship, form, base_url)?;
        return Ok(to);
    }
    crate::db::transaction(conn, |conn| {
        let at = now();
        if !store::set_status(conn, application.id, from, to, at)? {
            return Err(not_allowed("err.changed_meanwhile_withdrawn"));
        }
        store::insert_event(
            conn,
            application.id,
            Some(from),
            to,
            user_id,
            reason.as_deref(),
            at,
        )?;
        let key = match to {
            Status::Shortlisted => "notice.shortlisted",
            Status::Interview => "notice.invited",
            Status::NotSelected => "notice.not_taken",
            _ => "notice.application_updated",
        };
        let headline = Msg::new(key).with("title", &internship.title);
        let note = reason
            .as_deref()
            .map(|text| Msg::new("notice.note").with("text", text));
        tell_student(conn, application, headline, note, base_url)?;
        Ok(to)
    })
}

pub(super) fn tell_student(
    conn: &mut DbConnection,
    application: &Application,
    headline: Msg,
    note: Option<Msg>,
    base_url: &str,
) -> Result<(), DbError> {
    let Some((student_user, _, _)) = store::student_user(conn, application.student_id)? else {
        return Ok(());
    };
    let notice = Notice::new("application", headline)
        .note(note)
        .link(format!("/applications/{}", application.id));
    tell(conn, student_user, &notice, base_url)
}

/// The applicant's name and the internship's title, for the employer's interview page.
pub fn interview_subject(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
) -> Result<(String, String), ApplicationError> {
    let (application, internship) = employers_application(conn, user_id, application_id)?;
    let name = store::student_user(conn, application.student_id)?
        .map(|(_, name, _)| name)
        .unwrap_or_default();
    Ok((name, internship.title))
}

/// The employer proposes an interview: a shortlisted application moves to `interview`; one
/// already there gets another slot. The student is told in the app and by email.
pub fn schedule_interview(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
    form: &InterviewForm,
    base_url: &str,
) -> Result<i64, ApplicationError> {
    let (application, internship) = employers_application(conn, user_id, application_id)?;
    let from = application.status();
    if internship.status == "taken_down" {
        return Err(not_allowed("err.taken_down_no_interviews"));
    }
    if !matches!(from, Status::Shortlisted | Status::Interview) {
        return Err(not_allowed("err.shortlist_first"));
    }
    let at = now();
    // Interview times are typed and shown in Indian Standard Time (UTC+5:30), the platform's.
    let now_in_india = at + chrono::Duration::minutes(330);
    let (when, minutes, mode, place, notes) =
        validate_interview(form, now_in_india).map_err(ApplicationError::Invalid)?;
    crate::db::transaction(conn, |conn| {
        let interview_id = interviews::store::insert_interview(
            conn,
            application.id,
            when,
            minutes,
            &mode,
            place.as_deref(),
            notes.as_deref(),
            at,
        )?;
        if from == Status::Shortlisted {
            if !store::set_status(conn, application.id, from, Status::Interview, at)? {
                return Err(not_allowed("err.changed_meanwhile"));
            }
            store::insert_event(
                conn,
                application.id,
                Some(from),
                Status::Interview,
                user_id,
                None,
                at,
            )?;
        }
        // The student is told in the app and by email with the calendar invitation.
        send_invitation(
            conn,
            interview_id,
            Method::Request,
            "calendar.proposed",
            Recipients::Student,
            true,
            base_url,
        )?;
        Ok(internship.id)
    })
}
