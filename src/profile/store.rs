//! Diesel queries of the profile module.

use super::model::*;
use crate::db::schema::{employer_profiles, student_profiles};
use crate::db::{DbConnection, DbError};
use diesel::prelude::*;

pub fn student_by_user(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Option<StudentProfile>, DbError> {
    Ok(student_profiles::table
        .filter(student_profiles::user_id.eq(user_id))
        .select(StudentProfile::as_select())
        .first(conn)
        .optional()?)
}

/// Inserts or updates the student's profile; returns its id.
pub fn save_student(
    conn: &mut DbConnection,
    user_id: i64,
    changes: &StudentProfileChanges,
) -> Result<i64, DbError> {
    if let Some(existing) = student_by_user(conn, user_id)? {
        diesel::update(student_profiles::table.find(existing.id))
            .set(changes)
            .execute(conn)?;
        return Ok(existing.id);
    }
    // Two first saves at once (a double click) both find no row: the second insert becomes
    // an update of the first's row instead of a duplicate-key error.
    Ok(crate::on_backend!(conn, |c| diesel::insert_into(
        student_profiles::table
    )
    .values((
        changes,
        student_profiles::user_id.eq(user_id),
        student_profiles::created_at.eq(changes.updated_at),
    ))
    .on_conflict(student_profiles::user_id)
    .do_update()
    .set(changes)
    .returning(student_profiles::id)
    .get_result(c))?)
}

pub fn employer_by_user(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Option<EmployerProfile>, DbError> {
    Ok(employer_profiles::table
        .filter(employer_profiles::user_id.eq(user_id))
        .select(EmployerProfile::as_select())
        .first(conn)
        .optional()?)
}

pub fn save_employer(
    conn: &mut DbConnection,
    user_id: i64,
    changes: &EmployerProfileChanges,
) -> Result<i64, DbError> {
    if let Some(existing) = employer_by_user(conn, user_id)? {
        diesel::update(employer_profiles::table.find(existing.id))
            .set(changes)
            .execute(conn)?;
        return Ok(existing.id);
    }
    // Two first saves at once (a double click) both find no row: the second insert becomes
    // an update of the first's row instead of a duplicate-key error.
    Ok(crate::on_backend!(conn, |c| diesel::insert_into(
        employer_profiles::table
    )
    .values((
        changes,
        employer_profiles::user_id.eq(user_id),
        employer_profiles::created_at.eq(changes.updated_at),
    ))
    .on_conflict(employer_profiles::user_id)
    .do_update()
    .set(changes)
    .returning(employer_profiles::id)
    .get_result(c))?)
}

/// Sets an employer's verification decision (admin).
/// Marks the company of `user_id` (if any) as changed now, so that every instance's catalogue
/// of listed internships looks at its postings again (after a suspension or a restore).
pub fn touch_employer_of(conn: &mut DbConnection, user_id: i64) -> Result<(), DbError> {
    diesel::update(employer_profiles::table.filter(employer_profiles::user_id.eq(user_id)))
        .set(employer_profiles::updated_at.eq(chrono::Utc::now().naive_utc()))
        .execute(conn)?;
    Ok(())
}

pub fn set_employer_status(
    conn: &mut DbConnection,
    employer_id: i64,
    status: &str,
    reason: Option<&str>,
) -> Result<usize, DbError> {
    let now = chrono::Utc::now().naive_utc();
    Ok(diesel::update(employer_profiles::table.find(employer_id))
        .set((
            employer_profiles::verification_status.eq(status),
            employer_profiles::rejection_reason.eq(reason),
            employer_profiles::verified_at.eq((status == "approved").then_some(now)),
            employer_profiles::updated_at.eq(now),
        ))
        .execute(conn)?)
}

/// Employers waiting for (or given) a decision, newest first: (profile, account email).
/// Who to tell about a company's verification: (user id, name, email, company name).
pub fn employer_contact(
    conn: &mut DbConnection,
    employer_id: i64,
) -> Result<Option<(i64, String, String, String)>, DbError> {
    use crate::db::schema::users;
    Ok(employer_profiles::table
        .inner_join(users::table)
        .filter(employer_profiles::id.eq(employer_id))
        .select((
            users::id,
            users::full_name,
            users::email,
            employer_profiles::company_name,
        ))
        .first(conn)
        .optional()?)
}

pub fn employers_by_status(
    conn: &mut DbConnection,
    status: &str,
) -> Result<Vec<(EmployerProfile, String)>, DbError> {
    use crate::db::schema::users;
    Ok(employer_profiles::table
        .inner_join(users::table)
        .filter(employer_profiles::verification_status.eq(status))
        .order(employer_profiles::updated_at.desc())
        .limit(200)
        .select((EmployerProfile::as_select(), users::email))
        .load(conn)?)
}
