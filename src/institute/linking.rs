//! Students linking to an institute by its AISHE code (called by the profile module), and the
//! institute telling them its decision.

use super::model::*;
use super::service::*;
use super::{link_store, store};
use crate::db::{DbConnection, DbError};
use crate::notify::Notice;
use crate::web::i18n::Msg;

const UNKNOWN_CODE: &str = "err.aishe_unknown";

/// The verified institute named by the AISHE code a student typed (`None` when left empty), or
/// the message for the form.
pub fn institute_for_code(
    conn: &mut DbConnection,
    raw: &str,
) -> Result<Result<Option<InstituteRef>, &'static str>, DbError> {
    if raw.trim().is_empty() {
        return Ok(Ok(None));
    }
    let Some(code) = normalise_aishe(raw) else {
        return Ok(Err(AISHE_FORMAT));
    };
    Ok(store::approved_by_code(conn, &code)?
        .map(Some)
        .ok_or(UNKNOWN_CODE))
}

/// Links a student to `institute` (or to none). A new institute has not confirmed the student
/// yet, so any earlier confirmation is cleared; the same institute keeps it.
pub fn link_student(
    conn: &mut DbConnection,
    student_id: i64,
    institute: Option<InstituteRef>,
) -> Result<(), DbError> {
    let (current, _) = link_store::link_of(conn, student_id)?;
    let wanted = institute.map(|i| i.id);
    if current != wanted {
        link_store::set_link(conn, student_id, wanted)?;
    }
    Ok(())
}

/// Tells an institute an administrator's decision, in the app and by email (in the caller's
/// transaction).
pub fn tell_decision(
    conn: &mut DbConnection,
    institute_id: i64,
    approved: bool,
    reason: Option<&str>,
    base_url: &str,
) -> Result<(), DbError> {
    let Some((user_id, _, _, institute)) = store::contact(conn, institute_id)? else {
        return Ok(());
    };
    let (subject, headline) = if approved {
        (
            "notice.institute_verified_subject",
            "notice.institute_verified",
        )
    } else {
        (
            "notice.institute_declined_subject",
            "notice.institute_declined",
        )
    };
    let notice = Notice::new(
        "verification",
        Msg::new(headline).with("institute", institute),
    )
    .subject(Msg::new(subject))
    .note(reason.map(|text| Msg::new("notice.reason").with("text", text)))
    .link("/institute");
    crate::notify::tell(conn, user_id, &notice, base_url)
}
