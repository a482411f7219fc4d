//! Diesel queries of the account module's own tables: prepared data exports, and what a
//! student lets her institute see.

use super::model::ExportRow;
use crate::db::schema::data_exports;
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub fn insert_export(
    conn: &mut DbConnection,
    user_id: i64,
    token_hash: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> Result<i64, DbError> {
    Ok(diesel::insert_into(data_exports::table)
        .values((
            data_exports::user_id.eq(user_id),
            data_exports::token_hash.eq(token_hash),
            data_exports::created_at.eq(now),
            data_exports::expires_at.eq(expires_at),
        ))
        .returning(data_exports::id)
        .get_result(conn)?)
}

pub fn pending_export(conn: &mut DbConnection, user_id: i64) -> Result<Option<i64>, DbError> {
    Ok(data_exports::table
        .filter(data_exports::user_id.eq(user_id))
        .filter(data_exports::status.eq("pending"))
        .select(data_exports::id)
        .first(conn)
        .optional()?)
}

pub fn find_export(conn: &mut DbConnection, id: i64) -> Result<Option<ExportRow>, DbError> {
    Ok(data_exports::table
        .find(id)
        .select(ExportRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_export_by_token(
    conn: &mut DbConnection,
    token_hash: &str,
) -> Result<Option<ExportRow>, DbError> {
    Ok(data_exports::table
        .filter(data_exports::token_hash.eq(token_hash))
        .select(ExportRow::as_select())
        .first(conn)
        .optional()?)
}

/// A user's exports, newest first.
pub fn exports_of(conn: &mut DbConnection, user_id: i64) -> Result<Vec<ExportRow>, DbError> {
    Ok(data_exports::table
        .filter(data_exports::user_id.eq(user_id))
        .order(data_exports::id.desc())
        .limit(10)
        .select(ExportRow::as_select())
        .load(conn)?)
}

/// Marks a pending export ready; false when it is no longer pending (two runners, or erased).
pub fn mark_ready(conn: &mut DbConnection, id: i64, stored_name: &str) -> Result<bool, DbError> {
    Ok(diesel::update(
        data_exports::table
            .find(id)
            .filter(data_exports::status.eq("pending")),
    )
    .set((
        data_exports::status.eq("ready"),
        data_exports::stored_name.eq(Some(stored_name)),
    ))
    .execute(conn)?
        == 1)
}

/// Deletes the exports that expired before `now`; returns the names of their files.
pub fn delete_expired(conn: &mut DbConnection, now: NaiveDateTime) -> Result<Vec<String>, DbError> {
    let names: Vec<Option<String>> = data_exports::table
        .filter(data_exports::expires_at.lt(now))
        .select(data_exports::stored_name)
        .load(conn)?;
    diesel::delete(data_exports::table.filter(data_exports::expires_at.lt(now))).execute(conn)?;
    Ok(names.into_iter().flatten().collect())
}

/// Deletes a user's exports; returns the names of their files.
pub fn delete_exports_of(conn: &mut DbConnection, user_id: i64) -> Result<Vec<String>, DbError> {
    let names: Vec<Option<String>> = data_exports::table
        .filter(data_exports::user_id.eq(user_id))
        .select(data_exports::stored_name)
        .load(conn)?;
    diesel::delete(data_exports::table.filter(data_exports::user_id.eq(user_id))).execute(conn)?;
    Ok(names.into_iter().flatten().collect())
}

// ---- what the institute may see ----

use crate::db::schema::student_profiles;

pub fn set_sharing(conn: &mut DbConnection, user_id: i64, share: bool) -> Result<(), DbError> {
    diesel::update(student_profiles::table.filter(student_profiles::user_id.eq(user_id)))
        .set(student_profiles::share_with_institute.eq(share))
        .execute(conn)?;
    Ok(())
}

pub fn sharing_of(conn: &mut DbConnection, user_id: i64) -> Result<Option<bool>, DbError> {
    Ok(student_profiles::table
        .filter(student_profiles::user_id.eq(user_id))
        .select(student_profiles::share_with_institute)
        .first(conn)
        .optional()?)
}
