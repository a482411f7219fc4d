//! Diesel queries of the institute module over its own profile (portable: the same SQL serves
//! SQLite and PostgreSQL). Students' links are in `link_store.rs`, what the institute reads about
//! its students in `students_store.rs`, its placement figures in `placement_store.rs`.

use super::model::*;
use crate::db::schema::{institute_profiles, users};
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub fn by_user(conn: &mut DbConnection, user_id: i64) -> Result<Option<InstituteProfile>, DbError> {
    Ok(institute_profiles::table
        .filter(institute_profiles::user_id.eq(user_id))
        .select(InstituteProfile::as_select())
        .first(conn)
        .optional()?)
}

/// Inserts or updates the institute's profile; `reverify` puts it back in the admins' queue.
/// Returns its id.
pub fn save(
    conn: &mut DbConnection,
    user_id: i64,
    changes: &InstituteProfileChanges,
    reverify: bool,
) -> Result<i64, DbError> {
    if let Some(existing) = by_user(conn, user_id)? {
        diesel::update(institute_profiles::table.find(existing.id))
            .set(changes)
            .execute(conn)?;
        if reverify {
            diesel::update(institute_profiles::table.find(existing.id))
                .set((
                    institute_profiles::verification_status.eq("pending"),
                    institute_profiles::rejection_reason.eq(None::<String>),
                    institute_profiles::verified_at.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)?;
        }
        return Ok(existing.id);
    }
    // A concurrent first save of the same account updates the row the other one inserted.
    Ok(crate::on_backend!(conn, |c| diesel::insert_into(
        institute_profiles::table
    )
    .values((
        changes,
        institute_profiles::user_id.eq(user_id),
        institute_profiles::created_at.eq(changes.updated_at),
    ))
    .on_conflict(institute_profiles::user_id)
    .do_update()
    .set(changes)
    .returning(institute_profiles::id)
    .get_result(c))?)
}

/// Sets an institute's verification decision (admin); returns the rows changed (0: no such id).
pub fn set_status(
    conn: &mut DbConnection,
    institute_id: i64,
    status: &str,
    reason: Option<&str>,
) -> Result<usize, DbError> {
    let now = chrono::Utc::now().naive_utc();
    Ok(diesel::update(institute_profiles::table.find(institute_id))
        .set((
            institute_profiles::verification_status.eq(status),
            institute_profiles::rejection_reason.eq(reason),
            institute_profiles::verified_at.eq((status == "approved").then_some(now)),
            institute_profiles::updated_at.eq(now),
        ))
        .execute(conn)?)
}

/// The account behind an institute profile: (user id, full name, email, institute name).
pub fn contact(
    conn: &mut DbConnection,
    institute_id: i64,
) -> Result<Option<(i64, String, String, String)>, DbError> {
    Ok(institute_profiles::table
        .inner_join(users::table)
        .filter(institute_profiles::id.eq(institute_id))
        .select((
            users::id,
            users::full_name,
            users::email,
            institute_profiles::institute_name,
        ))
        .first(conn)
        .optional()?)
}

/// Institutes waiting for (or given) a decision, newest first: (profile, account email).
pub fn by_status(
    conn: &mut DbConnection,
    status: &str,
) -> Result<Vec<(InstituteProfile, String)>, DbError> {
    Ok(institute_profiles::table
        .inner_join(users::table)
        .filter(institute_profiles::verification_status.eq(status))
        .order(institute_profiles::updated_at.desc())
        .limit(200)
        .select((InstituteProfile::as_select(), users::email))
        .load(conn)?)
}

/// The approved institute with this (normalised) AISHE code.
pub fn approved_by_code(
    conn: &mut DbConnection,
    code: &str,
) -> Result<Option<InstituteRef>, DbError> {
    let row: Option<(i64, i64)> = institute_profiles::table
        .filter(institute_profiles::aishe_code.eq(code))
        .filter(institute_profiles::verification_status.eq("approved"))
        .select((institute_profiles::id, institute_profiles::user_id))
        .first(conn)
        .optional()?;
    Ok(row.map(|(id, user_id)| InstituteRef { id, user_id }))
}
