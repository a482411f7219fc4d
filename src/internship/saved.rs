//! Saved internships: a student keeps postings to come back to, and is reminded before their
//! deadlines.

use super::model::*;
use super::saved_store;
use super::service::*;
use crate::db::{DbConnection, DbError};
use crate::profile::service as profiles;
use crate::web::i18n::Msg;
use chrono::NaiveDate;

/// The student profile behind a user: saving needs one, as applying does.
fn student_of(conn: &mut DbConnection, user_id: i64) -> Result<i64, InternshipError> {
    Ok(profiles::student_by_user(conn, user_id)?
        .ok_or(InternshipError::NotAllowed("err.save_no_profile"))?
        .id)
}

/// Saves an internship the student can see (listed by a verified company, not taken down).
pub fn save(
    conn: &mut DbConnection,
    user_id: i64,
    internship_id: i64,
) -> Result<(), InternshipError> {
    let student_id = student_of(conn, user_id)?;
    public_view(conn, internship_id, Viewer::Anonymous)?;
    saved_store::save(conn, student_id, internship_id)?;
    Ok(())
}

/// Removes a saved internship; `NotFound` when it was not saved.
pub fn unsave(
    conn: &mut DbConnection,
    user_id: i64,
    internship_id: i64,
) -> Result<(), InternshipError> {
    let student_id = student_of(conn, user_id)?;
    if saved_store::unsave(conn, student_id, internship_id)? == 0 {
        return Err(InternshipError::NotFound);
    }
    Ok(())
}

/// What an internship's page shows a signed-in student: their application to it, if any, and
/// whether they saved it. Opening the page counts as a view for matching (once).
pub fn student_view(
    conn: &mut DbConnection,
    user_id: i64,
    internship_id: i64,
) -> Result<(Option<i64>, bool), DbError> {
    let Some(student) = profiles::student_by_user(conn, user_id)? else {
        return Ok((None, false));
    };
    crate::matching::service::record_view(conn, user_id, internship_id)?;
    let applied = crate::application::service::application_of(conn, user_id, internship_id)?;
    let saved = saved_store::is_saved(conn, student.id, internship_id)?;
    Ok((applied, saved))
}

/// The student's saved internships, each with whether it still takes applications.
pub fn saved(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Vec<(InternshipCard, bool)>, DbError> {
    let Some(student) = profiles::student_by_user(conn, user_id)? else {
        return Ok(Vec::new());
    };
    let rows = saved_store::saved_by_student(conn, student.id)?;
    let today = today();
    Ok(cards(conn, rows)?
        .into_iter()
        .map(|card| {
            let open = card.internship.is_open(today);
            (card, open)
        })
        .collect())
}

/// Days ahead the student's dashboard looks for saved internships about to close.
const CLOSING_SOON_DAYS: i64 = 7;

/// The student's saved internships closing within a week that they have not applied to:
/// (internship id, title, deadline).
pub fn saved_closing_soon(
    conn: &mut DbConnection,
    student_id: i64,
) -> Result<Vec<(i64, String, NaiveDate)>, DbError> {
    let today = today();
    saved_store::saved_closing_for(
        conn,
        student_id,
        today,
        today + chrono::Duration::days(CLOSING_SOON_DAYS),
    )
}

/// The job that reminds students of saved internships about to close.
pub const SAVED_REMINDERS: &str = "saved_reminders";
/// Days before a saved internship's deadline when its student is reminded.
const REMIND_DAYS_BEFORE: i64 = 3;

/// Tells each student, once, in the app and by email, that an internship they saved and have
/// not applied to closes within three days. Returns how many reminders were sent.
pub fn remind_saved_deadlines(
    conn: &mut DbConnection,
    today: NaiveDate,
    base_url: &str,
) -> Result<usize, DbError> {
    let closing = saved_store::saved_closing(
        conn,
        today,
        today + chrono::Duration::days(REMIND_DAYS_BEFORE),
    )?;
    let mut sent = 0;
    for save in closing {
        let days = (save.deadline - today).num_days();
        let (headline, subject) = match days {
            0 => (
                "notice.saved_closes_today",
                "notice.saved_closes_today_subject",
            ),
            1 => (
                "notice.saved_closes_tomorrow",
                "notice.saved_closes_tomorrow_subject",
            ),
            _ => (
                "notice.saved_closes_in_days",
                "notice.saved_closes_in_days_subject",
            ),
        };
        let deadline = save.deadline.format("%d-%m-%Y").to_string();
        let notice = crate::notify::Notice::new(
            "deadline",
            Msg::new(headline)
                .with("title", &save.title)
                .with("days", days)
                .with("date", &deadline),
        )
        .subject(
            Msg::new(subject)
                .with("title", &save.title)
                .with("days", days),
        )
        .link(format!("/internships/{}", save.internship_id));
        // The in-app notice and the email go together, once per saved internship.
        crate::db::transaction(conn, |conn| {
            if crate::notify::tell_once(conn, save.user_id, &notice, base_url)? {
                sent += 1;
            }
            Ok::<_, DbError>(())
        })?;
    }
    Ok(sent)
}

pub async fn saved_reminders_job(
    state: crate::state::AppState,
    _payload: serde_json::Value,
) -> Result<(), String> {
    let base_url = state.settings.base_url.clone();
    let sent = state
        .db
        .run(move |conn| remind_saved_deadlines(conn, today(), &base_url))
        .await
        .map_err(|e: DbError| e.to_string())?;
    if sent > 0 {
        tracing::info!(sent, "deadline reminders for saved internships");
    }
    Ok(())
}
