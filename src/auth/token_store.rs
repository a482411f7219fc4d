//! Diesel queries over the two token tables: one-time emailed links (verify an address, reset a
//! password) and refresh tokens, whose families are the signed-in sessions. Apart from the
//! users' own queries (`store.rs`) because their rules (single use, rotation, revocation) are
//! their own.

use super::model::*;
use crate::db::schema::{email_tokens, refresh_tokens, users};
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

// ---- emailed tokens ----

pub fn insert_email_token(
    conn: &mut DbConnection,
    token: &NewEmailToken<'_>,
) -> Result<(), DbError> {
    diesel::insert_into(email_tokens::table)
        .values(token)
        .execute(conn)?;
    Ok(())
}

pub fn find_email_token(
    conn: &mut DbConnection,
    hash: &str,
    purpose: TokenPurpose,
) -> Result<Option<EmailToken>, DbError> {
    Ok(email_tokens::table
        .filter(email_tokens::token_hash.eq(hash))
        .filter(email_tokens::purpose.eq(purpose.as_str()))
        .select(EmailToken::as_select())
        .first(conn)
        .optional()?)
}

/// Marks a token used; returns false when another request used it first.
pub fn use_email_token(
    conn: &mut DbConnection,
    id: i64,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let n = diesel::update(
        email_tokens::table
            .find(id)
            .filter(email_tokens::used_at.is_null()),
    )
    .set(email_tokens::used_at.eq(Some(now)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Retires every unused token of one purpose (a new link replaces the old ones).
pub fn retire_email_tokens(
    conn: &mut DbConnection,
    user_id: i64,
    purpose: TokenPurpose,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(
        email_tokens::table
            .filter(email_tokens::user_id.eq(user_id))
            .filter(email_tokens::purpose.eq(purpose.as_str()))
            .filter(email_tokens::used_at.is_null()),
    )
    .set(email_tokens::used_at.eq(Some(now)))
    .execute(conn)?;
    Ok(())
}

// ---- refresh tokens ----

pub fn insert_refresh_token(
    conn: &mut DbConnection,
    token: &NewRefreshToken<'_>,
) -> Result<(), DbError> {
    diesel::insert_into(refresh_tokens::table)
        .values(token)
        .execute(conn)?;
    Ok(())
}

pub fn find_refresh_token(
    conn: &mut DbConnection,
    hash: &str,
) -> Result<Option<RefreshToken>, DbError> {
    Ok(refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash))
        .select(RefreshToken::as_select())
        .first(conn)
        .optional()?)
}

/// Marks a token rotated; false when a concurrent request rotated it first.
pub fn mark_rotated(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> Result<bool, DbError> {
    let n = diesel::update(
        refresh_tokens::table
            .find(id)
            .filter(refresh_tokens::rotated_at.is_null())
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set((
        refresh_tokens::rotated_at.eq(Some(now)),
        refresh_tokens::last_used_at.eq(Some(now)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn revoke_family(
    conn: &mut DbConnection,
    family: &str,
    reason: &str,
    now: NaiveDateTime,
) -> Result<usize, DbError> {
    Ok(diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set((
        refresh_tokens::revoked_at.eq(Some(now)),
        refresh_tokens::revoke_reason.eq(Some(reason)),
    ))
    .execute(conn)?)
}

pub fn revoke_all_sessions(
    conn: &mut DbConnection,
    user_id: i64,
    reason: &str,
    now: NaiveDateTime,
) -> Result<usize, DbError> {
    Ok(diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set((
        refresh_tokens::revoked_at.eq(Some(now)),
        refresh_tokens::revoke_reason.eq(Some(reason)),
    ))
    .execute(conn)?)
}

/// The user `user_id` and whether their session family `family` still has a live token (access
/// tokens of revoked families die at once), in one statement: every signed-in request asks both
/// (on PostgreSQL, two round trips before).
pub fn user_and_family(
    conn: &mut DbConnection,
    user_id: i64,
    family: &str,
    now: NaiveDateTime,
) -> Result<Option<(User, bool)>, DbError> {
    let live = refresh_tokens::table
        .filter(refresh_tokens::family_id.eq(family))
        .filter(refresh_tokens::user_id.eq(user_id))
        .filter(refresh_tokens::revoked_at.is_null())
        .filter(refresh_tokens::expires_at.gt(now));
    Ok(users::table
        .find(user_id)
        .select((User::as_select(), diesel::dsl::exists(live)))
        .first(conn)
        .optional()?)
}
