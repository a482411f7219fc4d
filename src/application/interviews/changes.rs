//! Changes to an interview after it was proposed: the student declines or asks for another
//! time; the employer reschedules or cancels. Each is a conditional update (a second click or a
//! crossing change finds nothing to move) and each sends the calendar its new version.

use super::calendar::{self, Recipients, changed_meanwhile};
use super::ics::Method;
use super::store;
use crate::application::model::InterviewForm;
use crate::application::service::{ApplicationError, validate_interview};
use crate::db::DbConnection;
use crate::notify::{Notice, tell};
use crate::web::i18n::Msg;
use chrono::Utc;

/// Longest note a student may add to a decline or a request for another time.
pub const MAX_NOTE: usize = 500;

/// An interview of the signed-in student's application.
fn students_interview(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
    interview_id: i64,
) -> Result<super::model::InterviewParties, ApplicationError> {
    let parties = store::parties(conn, interview_id)?.ok_or(ApplicationError::NotFound)?;
    if parties.student_user_id != user_id || parties.interview.application_id != application_id {
        return Err(ApplicationError::NotFound);
    }
    Ok(parties)
}

fn note(text: &str) -> Result<Option<String>, ApplicationError> {
    let text = text.trim();
    if text.chars().count() > MAX_NOTE {
        return Err(ApplicationError::NotAllowed(
            Msg::new("err.note_long").with("max", MAX_NOTE),
        ));
    }
    Ok((!text.is_empty()).then(|| text.to_string()))
}

/// The student declines the interview: it is cancelled, both calendars are told.
pub fn decline(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
    interview_id: i64,
    text: &str,
    base_url: &str,
) -> Result<(), ApplicationError> {
    students_interview(conn, user_id, application_id, interview_id)?;
    let note = note(text)?;
    crate::db::transaction(conn, |conn| {
        let moved = store::set_state(
            conn,
            interview_id,
            &["proposed", "confirmed"],
            "cancelled",
            Some(("declined", note.as_deref())),
            Utc::now().naive_utc(),
        )?;
        if !moved {
            return Err(changed_meanwhile());
        }
        calendar::send(
            conn,
            interview_id,
            Method::Cancel,
            "calendar.declined",
            Recipients::Both,
            true,
            base_url,
        )?;
        Ok(())
    })
}

/// The student asks for another time: the interview stays proposed, the employer is told (with
/// the student's note) and can reschedule it.
pub fn ask_another_time(
    conn: &mut DbConnection,
    user_id: i64,
    application_id: i64,
    interview_id: i64,
    text: &str,
    base_url: &str,
) -> Result<(), ApplicationError> {
    let parties = students_interview(conn, user_id, application_id, interview_id)?;
    let note = note(text)?;
    crate::db::transaction(conn, |conn| {
        let moved = store::set_state(
            conn,
            interview_id,
            &["proposed", "confirmed"],
            "proposed",
            Some(("another_time", note.as_deref())),
            Utc::now().naive_utc(),
        )?;
        if !moved {
            return Err(changed_meanwhile());
        }
        let headline = Msg::new("calendar.another_time")
            .with("name", &parties.student_name)
            .with("title", &parties.title);
        let link = format!(
            "/employer/internships/{}/applicants#application-{}",
            parties.internship_id, application_id
        );
        let notice = Notice::new("interview", headline)
            .note(
                note.as_deref()
                    .map(|text| Msg::new("notice.note").with("text", text)),
            )
            .link(link);
        tell(conn, parties.owner_user_id, &notice, base_url)?;
        Ok(())
    })
}

/// The employer moves the interview to another time or place: the same invitation (same UID) with
/// a higher SEQUENCE goes to the student, who confirms again.
pub fn reschedule(
    conn: &mut DbConnection,
    user_id: i64,
    interview_id: i64,
    form: &InterviewForm,
    base_url: &str,
) -> Result<i64, ApplicationError> {
    let parties = calendar::employers_interview(conn, user_id, interview_id)?;
    let now = Utc::now().naive_utc();
    // Interview times are typed and shown in Indian Standard Time (UTC+5:30).
    let (when, minutes, mode, place, notes) =
        validate_interview(form, now + chrono::Duration::minutes(330))
            .map_err(ApplicationError::Invalid)?;
    crate::db::transaction(conn, |conn| {
        let moved = store::reschedule(
            conn,
            interview_id,
            when,
            minutes,
            &mode,
            place.as_deref(),
            notes.as_deref(),
            now,
        )?;
        if !moved {
            return Err(changed_meanwhile());
        }
        calendar::send(
            conn,
            interview_id,
            Method::Request,
            "calendar.rescheduled",
            Recipients::Student,
            true,
            base_url,
        )?;
        Ok(parties.internship_id)
    })
}

/// The employer cancels the interview: METHOD:CANCEL to the student's calendar.
pub fn cancel(
    conn: &mut DbConnection,
    user_id: i64,
    interview_id: i64,
    base_url: &str,
) -> Result<i64, ApplicationError> {
    let parties = calendar::employers_interview(conn, user_id, interview_id)?;
    crate::db::transaction(conn, |conn| {
        let moved = store::set_state(
            conn,
            interview_id,
            &["proposed", "confirmed"],
            "cancelled",
            None,
            Utc::now().naive_utc(),
        )?;
        if !moved {
            return Err(changed_meanwhile());
        }
        calendar::send(
            conn,
            interview_id,
            Method::Cancel,
            "calendar.cancelled",
            Recipients::Student,
            true,
            base_url,
        )?;
        Ok(parties.internship_id)
    })
}
