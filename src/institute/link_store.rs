//! Diesel queries over a student's link to an institute (`student_profiles.institute_id` and
//! `institute_confirmed_at`): the student sets it, the institute confirms or removes it.

use super::model::*;
use crate::db::schema::{institute_profiles, student_profiles};
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// The institute a student profile links to: (institute id, confirmed at).
pub fn link_of(
    conn: &mut DbConnection,
    student_id: i64,
) -> Result<(Option<i64>, Option<NaiveDateTime>), DbError> {
    Ok(student_profiles::table
        .find(student_id)
        .select((
            student_profiles::institute_id,
            student_profiles::institute_confirmed_at,
        ))
        .first(conn)
        .optional()?
        .unwrap_or((None, None)))
}

/// The institute a student's profile links to, for the student.
pub fn link_of_user(conn: &mut DbConnection, user_id: i64) -> Result<Option<StudentLink>, DbError> {
    let row: Option<(String, String, Option<NaiveDateTime>)> = student_profiles::table
        .inner_join(institute_profiles::table)
        .filter(student_profiles::user_id.eq(user_id))
        .select((
            institute_profiles::aishe_code,
            institute_profiles::institute_name,
            student_profiles::institute_confirmed_at,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(aishe_code, institute_name, at)| StudentLink {
        aishe_code,
        institute_name,
        confirmed: at.is_some(),
    }))
}

/// Links a student to an institute (or none), unconfirmed.
pub fn set_link(
    conn: &mut DbConnection,
    student_id: i64,
    institute_id: Option<i64>,
) -> Result<(), DbError> {
    diesel::update(student_profiles::table.find(student_id))
        .set((
            student_profiles::institute_id.eq(institute_id),
            student_profiles::institute_confirmed_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Confirms a student linked to the institute; returns the rows changed (0: not its student).
pub fn confirm(
    conn: &mut DbConnection,
    institute_id: i64,
    student_id: i64,
    now: NaiveDateTime,
) -> Result<usize, DbError> {
    Ok(diesel::update(
        student_profiles::table
            .find(student_id)
            .filter(student_profiles::institute_id.eq(institute_id)),
    )
    .set(student_profiles::institute_confirmed_at.eq(now))
    .execute(conn)?)
}

/// Removes a student's link to the institute; returns the rows changed (0: not its student).
pub fn unlink(
    conn: &mut DbConnection,
    institute_id: i64,
    student_id: i64,
) -> Result<usize, DbError> {
    Ok(diesel::update(
        student_profiles::table
            .find(student_id)
            .filter(student_profiles::institute_id.eq(institute_id)),
    )
    .set((
        student_profiles::institute_id.eq(None::<i64>),
        student_profiles::institute_confirmed_at.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?)
}
