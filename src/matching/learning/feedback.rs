//! Feedback a student gives on internships (views, likes, dismissals), stored for the next
//! ranking and for training.

use crate::db::{DbConnection, DbError};
use crate::matching::store;

/// A student opened an internship's page: recorded once (a weak signal for the feedback part
/// and for training), never again for the same pair.
pub fn record_view(
    conn: &mut DbConnection,
    student_user_id: i64,
    internship_id: i64,
) -> Result<(), DbError> {
    let Some(student) = crate::profile::service::student_by_user(conn, student_user_id)? else {
        return Ok(());
    };
    store::insert_view_once(conn, student.id, internship_id)
}

/// Records feedback on an internship the student can see; `false` (not found) for one they
/// can't (unknown, draft, taken down, or of an unverified company). Repeating the student's
/// latest reaction records nothing more, so one student's clicks count once.
pub fn feedback(
    conn: &mut DbConnection,
    student_id: i64,
    internship_id: i64,
    kind: &str,
) -> Result<bool, DbError> {
    if !crate::internship::service::listed(conn, internship_id)? {
        return Ok(false);
    }
    if store::latest_reaction(conn, student_id, internship_id)?.as_deref() != Some(kind) {
        store::insert_feedback(conn, student_id, internship_id, kind)?;
    }
    Ok(true)
}
