//! Diesel queries of team seats.

use super::model::Member;
use crate::db::schema::{employer_members, employer_profiles, users};
use crate::db::{DbConnection, DbError};
use crate::profile::model::EmployerProfile;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// The company a user has joined as a member (not as its owner).
pub fn joined_company(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Option<EmployerProfile>, DbError> {
    Ok(employer_members::table
        .inner_join(employer_profiles::table)
        .filter(employer_members::user_id.eq(user_id))
        .filter(employer_members::joined_at.is_not_null())
        .select(EmployerProfile::as_select())
        .first(conn)
        .optional()?)
}

pub fn members(conn: &mut DbConnection, employer_id: i64) -> Result<Vec<Member>, DbError> {
    Ok(employer_members::table
        .filter(employer_members::employer_id.eq(employer_id))
        .order(employer_members::id.asc())
        .select(Member::as_select())
        .load(conn)?)
}

pub fn insert(
    conn: &mut DbConnection,
    employer_id: i64,
    email: &str,
    token_hash: &str,
    invited_by: i64,
    now: NaiveDateTime,
) -> Result<i64, DbError> {
    Ok(diesel::insert_into(employer_members::table)
        .values((
            employer_members::employer_id.eq(employer_id),
            employer_members::email.eq(email),
            employer_members::token_hash.eq(token_hash),
            employer_members::invited_by.eq(Some(invited_by)),
            employer_members::created_at.eq(now),
        ))
        .returning(employer_members::id)
        .get_result(conn)?)
}

/// Removes a member of `employer_id`; returns the removed row.
pub fn delete(
    conn: &mut DbConnection,
    employer_id: i64,
    member_id: i64,
) -> Result<Option<Member>, DbError> {
    let member = employer_members::table
        .find(member_id)
        .filter(employer_members::employer_id.eq(employer_id))
        .select(Member::as_select())
        .first(conn)
        .optional()?;
    if member.is_some() {
        diesel::delete(employer_members::table.find(member_id)).execute(conn)?;
    }
    Ok(member)
}

/// The invitation behind a token (by its hash).
pub fn by_token(conn: &mut DbConnection, token_hash: &str) -> Result<Option<Member>, DbError> {
    Ok(employer_members::table
        .filter(employer_members::token_hash.eq(token_hash))
        .select(Member::as_select())
        .first(conn)
        .optional()?)
}

/// Links an invitation to the user who followed it, once; `false` when it was taken already.
pub fn accept(
    conn: &mut DbConnection,
    member_id: i64,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let n = diesel::update(
        employer_members::table
            .find(member_id)
            .filter(employer_members::user_id.is_null()),
    )
    .set((
        employer_members::user_id.eq(Some(user_id)),
        employer_members::joined_at.eq(Some(now)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// A user's email.
pub fn email_of(conn: &mut DbConnection, user_id: i64) -> Result<Option<String>, DbError> {
    Ok(users::table
        .find(user_id)
        .select(users::email)
        .first(conn)
        .optional()?)
}
