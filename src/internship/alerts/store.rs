//! Diesel queries of saved searches and their daily alerts.

use super::model::SavedSearch;
use crate::db::schema::{saved_searches, search_alert_days};
use crate::db::{DbConnection, DbError};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

pub fn insert(
    conn: &mut DbConnection,
    user_id: i64,
    name: &str,
    query: &str,
    now: NaiveDateTime,
) -> Result<i64, DbError> {
    Ok(diesel::insert_into(saved_searches::table)
        .values((
            saved_searches::user_id.eq(user_id),
            saved_searches::name.eq(name),
            saved_searches::query.eq(query),
            saved_searches::checked_at.eq(now),
            saved_searches::created_at.eq(now),
        ))
        .returning(saved_searches::id)
        .get_result(conn)?)
}

pub fn of_user(conn: &mut DbConnection, user_id: i64) -> Result<Vec<SavedSearch>, DbError> {
    Ok(saved_searches::table
        .filter(saved_searches::user_id.eq(user_id))
        .order(saved_searches::id.asc())
        .select(SavedSearch::as_select())
        .load(conn)?)
}

/// Every saved search, by user: what the daily job walks.
pub fn all(conn: &mut DbConnection) -> Result<Vec<SavedSearch>, DbError> {
    Ok(saved_searches::table
        .order((saved_searches::user_id.asc(), saved_searches::id.asc()))
        .select(SavedSearch::as_select())
        .load(conn)?)
}

/// Deletes a search if it is the user's; returns whether it was.
pub fn delete_own(conn: &mut DbConnection, user_id: i64, id: i64) -> Result<bool, DbError> {
    Ok(diesel::delete(
        saved_searches::table
            .find(id)
            .filter(saved_searches::user_id.eq(user_id)),
    )
    .execute(conn)?
        == 1)
}

/// Deletes a search whatever its owner (the signed unsubscribe link proves the right to).
pub fn delete(conn: &mut DbConnection, id: i64) -> Result<bool, DbError> {
    Ok(diesel::delete(saved_searches::table.find(id)).execute(conn)? == 1)
}

pub fn mark_checked(
    conn: &mut DbConnection,
    ids: &[i64],
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(saved_searches::table.filter(saved_searches::id.eq_any(ids)))
        .set(saved_searches::checked_at.eq(at))
        .execute(conn)?;
    Ok(())
}

/// Claims the user's alert email of `day`; a unique-key error when it was already claimed.
pub fn claim_day(conn: &mut DbConnection, user_id: i64, day: NaiveDate) -> Result<(), DbError> {
    diesel::insert_into(search_alert_days::table)
        .values((
            search_alert_days::user_id.eq(user_id),
            search_alert_days::day.eq(day),
        ))
        .execute(conn)?;
    Ok(())
}
