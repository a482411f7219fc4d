//! Diesel queries of the second factor. Every "use once" rule is a conditional update, so two
//! requests racing with the same code cannot both succeed.

use super::model::{NewRecoveryCode, NewUserTotp, UserTotp};
use crate::db::schema::{totp_recovery_codes, user_totp};
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub fn find(conn: &mut DbConnection, user_id: i64) -> Result<Option<UserTotp>, DbError> {
    Ok(user_totp::table
        .find(user_id)
        .select(UserTotp::as_select())
        .first(conn)
        .optional()?)
}

/// Stores a new (unconfirmed) secret unless the user already has one (two tabs opening the
/// enrolment page at once: the second insert hits the primary key and changes nothing).
pub fn insert_if_absent(conn: &mut DbConnection, row: &NewUserTotp<'_>) -> Result<(), DbError> {
    // Its own (nested) transaction, so a refused insert does not spoil an outer one on
    // PostgreSQL.
    let inserted = crate::db::transaction(conn, |conn| {
        diesel::insert_into(user_totp::table)
            .values(row)
            .execute(conn)
    });
    match inserted.map_err(DbError::from) {
        Ok(_) => Ok(()),
        Err(e) if e.is_unique_violation() => Ok(()),
        Err(e) => Err(e),
    }
}

/// Confirms the enrolment; false when it was already confirmed (a second tab).
pub fn confirm(conn: &mut DbConnection, user_id: i64, at: NaiveDateTime) -> Result<bool, DbError> {
    let n = diesel::update(
        user_totp::table
            .find(user_id)
            .filter(user_totp::confirmed_at.is_null()),
    )
    .set(user_totp::confirmed_at.eq(Some(at)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Records that the code of time step `step` was used; false when it (or a later one) already was.
pub fn use_step(conn: &mut DbConnection, user_id: i64, step: i64) -> Result<bool, DbError> {
    let n = diesel::update(
        user_totp::table
            .find(user_id)
            .filter(user_totp::last_used_step.lt(step)),
    )
    .set(user_totp::last_used_step.eq(step))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn insert_recovery_codes(
    conn: &mut DbConnection,
    rows: &[NewRecoveryCode<'_>],
) -> Result<(), DbError> {
    // One statement per row: batch inserts are not available across both backends.
    for row in rows {
        diesel::insert_into(totp_recovery_codes::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Spends a recovery code; false when it is unknown or was used.
pub fn use_recovery_code(
    conn: &mut DbConnection,
    user_id: i64,
    code_hash: &str,
    at: NaiveDateTime,
) -> Result<bool, DbError> {
    let n = diesel::update(
        totp_recovery_codes::table
            .filter(totp_recovery_codes::user_id.eq(user_id))
            .filter(totp_recovery_codes::code_hash.eq(code_hash))
            .filter(totp_recovery_codes::used_at.is_null()),
    )
    .set(totp_recovery_codes::used_at.eq(Some(at)))
    .execute(conn)?;
    Ok(n == 1)
}
