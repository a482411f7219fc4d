//! Telling people what happened to an offer: a notification in the app and an email, both
//! stored as catalogue messages so each reader gets them in the language they read.

use crate::db::{DbConnection, DbError};
use crate::notify::{Notice, tell as tell_user};
use crate::web::i18n::Msg;

/// Tells `user_id` in the app and by email (in the language the user reads), in the caller's
/// transaction. `path` is the page inside the app that shows it.
pub fn tell(
    conn: &mut DbConnection,
    user_id: i64,
    headline: &Msg,
    note: Option<&str>,
    path: &str,
    base_url: &str,
) -> Result<(), DbError> {
    let notice = Notice::new("application", headline.clone())
        .note(note.map(|text| Msg::new("notice.note").with("text", text)))
        .link(path.to_string());
    tell_user(conn, user_id, &notice, base_url)
}

/// Where the employer sees an applicant, and where the student sees her application.
pub fn employer_path(application_id: i64) -> String {
    format!("/employer/applications/{application_id}")
}

pub fn student_path(application_id: i64) -> String {
    format!("/applications/{application_id}")
}
