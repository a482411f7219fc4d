//! How long `match_log` keeps what it served. Every recommendations page adds a row per card;
//! training (`training::assemble_samples`) only ever reads the servings of (student, internship)
//! pairs that have an outcome — a like, a dismissal, an application. Rows older than
//! [`KEEP_DAYS`] of pairs without one are deleted by the hourly clean-up, in batches so no
//! transaction holds the table for long. A pair that gets its outcome later still has its
//! recent servings (the latest one before an outcome is what training uses).

use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::RunQueryDsl;

/// Servings younger than this are always kept.
pub const KEEP_DAYS: i64 = 90;
/// Rows deleted per statement.
const BATCH: i64 = 5_000;

/// Deletes servings older than [`KEEP_DAYS`] before `now` that training can no longer use;
/// returns how many.
pub fn age_out_match_log(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, DbError> {
    // The cut-off is a timestamp this function formats, never input: written into the statement
    // (one text for both backends), it compares as a timestamp on both.
    let cutoff = (now - chrono::Duration::days(KEEP_DAYS)).format("%Y-%m-%d %H:%M:%S");
    let statement = format!(
        "DELETE FROM match_log WHERE id IN (SELECT m.id FROM match_log m \
         WHERE m.served_at < '{cutoff}' \
         AND NOT EXISTS (SELECT 1 FROM match_feedback f \
             WHERE f.student_id = m.student_id AND f.internship_id = m.internship_id) \
         AND NOT EXISTS (SELECT 1 FROM applications a \
             WHERE a.student_id = m.student_id AND a.internship_id = m.internship_id) \
         LIMIT {BATCH})"
    );
    let mut deleted = 0;
    loop {
        let n = diesel::sql_query(&statement).execute(conn)?;
        deleted += n;
        if n == 0 {
            return Ok(deleted);
        }
    }
}
