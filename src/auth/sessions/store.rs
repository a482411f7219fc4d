//! Diesel queries of the sessions page. Every statement names the user, so one user can never
//! list or end another's session by its id.

use super::model::LiveSession;
use crate::db::schema::refresh_tokens;
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// The user's sessions that can still be used, newest activity first.
pub fn live_sessions(
    conn: &mut DbConnection,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<Vec<LiveSession>, DbError> {
    Ok(refresh_tokens::table
        .filter(refresh_tokens::user_id.eq(user_id))
        .filter(refresh_tokens::revoked_at.is_null())
        .filter(refresh_tokens::rotated_at.is_null())
        .filter(refresh_tokens::expires_at.gt(now))
        .order((refresh_tokens::created_at.desc(), refresh_tokens::id.desc()))
        .select((
            refresh_tokens::family_id,
            refresh_tokens::user_agent,
            refresh_tokens::ip,
            refresh_tokens::created_at,
            refresh_tokens::session_started_at,
        ))
        .load(conn)?)
}

/// Ends one session of the user; returns how many tokens were revoked (0: not theirs, or over).
pub fn end_session(
    conn: &mut DbConnection,
    user_id: i64,
    family: &str,
    now: NaiveDateTime,
) -> Result<usize, DbError> {
    Ok(diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::family_id.eq(family))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set((
        refresh_tokens::revoked_at.eq(Some(now)),
        refresh_tokens::revoke_reason.eq(Some("ended from the sessions page")),
    ))
    .execute(conn)?)
}

/// Ends every session of the user but `keep`.
pub fn end_others(
    conn: &mut DbConnection,
    user_id: i64,
    keep: &str,
    now: NaiveDateTime,
) -> Result<usize, DbError> {
    Ok(diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::family_id.ne(keep))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set((
        refresh_tokens::revoked_at.eq(Some(now)),
        refresh_tokens::revoke_reason.eq(Some("ended from the sessions page")),
    ))
    .execute(conn)?)
}
