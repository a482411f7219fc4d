//! Diesel queries of the admin module.

use crate::db::schema::{applications, email_outbox, employer_profiles, internships, jobs, users};
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub fn count_users(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(users::table.count().get_result(conn)?)
}

/// Counts by role, for the dashboard.
pub fn users_by_role(conn: &mut DbConnection) -> Result<Vec<(String, i64)>, DbError> {
    Ok(users::table
        .group_by(users::role)
        .select((users::role, diesel::dsl::count_star()))
        .order(users::role.asc())
        .load(conn)?)
}

#[derive(Debug, Clone, Queryable)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub full_name: String,
    pub role: String,
    pub email_verified_at: Option<NaiveDateTime>,
    pub is_suspended: bool,
    pub created_at: NaiveDateTime,
}

/// Users matching `q` (email or name), newest first.
pub fn users(
    conn: &mut DbConnection,
    q: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<UserRow>, i64), DbError> {
    let build = || {
        let mut query = users::table.into_boxed();
        if let Some(q) = q {
            let pattern = format!("%{}%", q.to_lowercase().replace(['%', '_'], ""));
            query = query.filter(
                users::email
                    .like(pattern.clone())
                    .or(crate::db::lower(users::full_name).like(pattern)),
            );
        }
        query
    };
    let total = build().count().get_result(conn)?;
    let rows = build()
        .order(users::id.desc())
        .limit(limit)
        .offset(offset)
        .select((
            users::id,
            users::email,
            users::full_name,
            users::role,
            users::email_verified_at,
            users::is_suspended,
            users::created_at,
        ))
        .load(conn)?;
    Ok((rows, total))
}

pub fn set_suspended(
    conn: &mut DbConnection,
    user_id: i64,
    suspended: bool,
    reason: Option<&str>,
) -> Result<usize, DbError> {
    Ok(
        diesel::update(users::table.find(user_id).filter(users::role.ne("admin")))
            .set((
                users::is_suspended.eq(suspended),
                users::suspended_reason.eq(reason),
                users::updated_at.eq(chrono::Utc::now().naive_utc()),
            ))
            .execute(conn)?,
    )
}

// ---- internships (moderation) ----

#[derive(Debug, Clone, Queryable)]
pub struct InternshipRow {
    pub id: i64,
    pub title: String,
    pub company_name: String,
    pub status: String,
    pub deadline: Option<chrono::NaiveDate>,
    pub created_at: NaiveDateTime,
}

/// Internships matching `q` (title or company) and `status` (any when `None`), newest first.
pub fn internships(
    conn: &mut DbConnection,
    q: Option<&str>,
    status: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<InternshipRow>, i64), DbError> {
    let build = || {
        let mut query = internships::table
            .inner_join(employer_profiles::table)
            .into_boxed();
        if let Some(q) = q {
            let pattern = format!("%{}%", q.to_lowercase().replace(['%', '_'], ""));
            query = query.filter(
                crate::db::lower(internships::title)
                    .like(pattern.clone())
                    .or(crate::db::lower(employer_profiles::company_name).like(pattern)),
            );
        }
        if let Some(status) = status {
            query = query.filter(internships::status.eq(status.to_string()));
        }
        query
    };
    let total = build().count().get_result(conn)?;
    let rows = build()
        .order(internships::id.desc())
        .limit(limit)
        .offset(offset)
        .select((
            internships::id,
            internships::title,
            employer_profiles::company_name,
            internships::status,
            internships::deadline,
            internships::created_at,
        ))
        .load(conn)?;
    Ok((rows, total))
}

/// An internship's title, status and the user id of the employer who posted it.
pub fn internship_owner(
    conn: &mut DbConnection,
    id: i64,
) -> Result<Option<(String, String, i64)>, DbError> {
    Ok(internships::table
        .inner_join(employer_profiles::table)
        .filter(internships::id.eq(id))
        .select((
            internships::title,
            internships::status,
            employer_profiles::user_id,
        ))
        .first(conn)
        .optional()?)
}

// ---- dashboard figures ----

/// Rows per value of a status column.
pub type Counts = Vec<(String, i64)>;

pub fn internships_by_status(conn: &mut DbConnection) -> Result<Counts, DbError> {
    Ok(internships::table
        .group_by(internships::status)
        .select((internships::status, diesel::dsl::count_star()))
        .load(conn)?)
}

pub fn applications_by_status(conn: &mut DbConnection) -> Result<Counts, DbError> {
    Ok(applications::table
        .group_by(applications::status)
        .select((applications::status, diesel::dsl::count_star()))
        .load(conn)?)
}

pub fn jobs_by_status(conn: &mut DbConnection) -> Result<Counts, DbError> {
    Ok(jobs::table
        .group_by(jobs::status)
        .select((jobs::status, diesel::dsl::count_star()))
        .load(conn)?)
}

pub fn emails_by_status(conn: &mut DbConnection) -> Result<Counts, DbError> {
    Ok(email_outbox::table
        .group_by(email_outbox::status)
        .select((email_outbox::status, diesel::dsl::count_star()))
        .load(conn)?)
}

pub fn employers_by_verification(conn: &mut DbConnection) -> Result<Counts, DbError> {
    Ok(employer_profiles::table
        .group_by(employer_profiles::verification_status)
        .select((
            employer_profiles::verification_status,
            diesel::dsl::count_star(),
        ))
        .load(conn)?)
}

pub fn institutes_by_verification(conn: &mut DbConnection) -> Result<Counts, DbError> {
    use crate::db::schema::institute_profiles;
    Ok(institute_profiles::table
        .group_by(institute_profiles::verification_status)
        .select((
            institute_profiles::verification_status,
            diesel::dsl::count_star(),
        ))
        .load(conn)?)
}

/// Users who have not verified their email, and suspended users.
pub fn unverified_and_suspended(conn: &mut DbConnection) -> Result<(i64, i64), DbError> {
    let unverified = users::table
        .filter(users::email_verified_at.is_null())
        .count()
        .get_result(conn)?;
    let suspended = users::table
        .filter(users::is_suspended.eq(true))
        .count()
        .get_result(conn)?;
    Ok((unverified, suspended))
}
