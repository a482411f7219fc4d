//! Diesel queries of consents (the `consents` table: one row per decision, newest wins).

use crate::db::schema::consents;
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Records one decision on `purpose`.
pub fn record_consent(
    conn: &mut DbConnection,
    user_id: i64,
    purpose: &str,
    version: &str,
    granted: bool,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(consents::table)
        .values((
            consents::user_id.eq(user_id),
            consents::purpose.eq(purpose),
            consents::version.eq(version),
            consents::granted.eq(granted),
            consents::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The latest decision on `purpose`: (version, granted).
pub fn latest_consent(
    conn: &mut DbConnection,
    user_id: i64,
    purpose: &str,
) -> Result<Option<(String, bool)>, DbError> {
    Ok(consents::table
        .filter(consents::user_id.eq(user_id))
        .filter(consents::purpose.eq(purpose))
        .order(consents::id.desc())
        .select((consents::version, consents::granted))
        .first(conn)
        .optional()?)
}
