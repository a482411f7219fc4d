//! Diesel queries of an institute's placement figures: simple counts over its confirmed students
//! and their applications.

use super::student_filters::{confirmed_of, linked_to};
use crate::db::schema::{
    applications, employer_profiles, internship_skills, internships, skills, student_profiles,
    users,
};
use crate::db::{DbConnection, DbError};
use diesel::dsl::{count, count_star};
use diesel::prelude::*;

/// Confirmed students, and linked students waiting for confirmation.
pub fn student_counts(conn: &mut DbConnection, institute_id: i64) -> Result<(i64, i64), DbError> {
    let confirmed = student_profiles::table
        .inner_join(users::table)
        .filter(confirmed_of!(institute_id))
        .count()
        .get_result(conn)?;
    let linked: i64 = student_profiles::table
        .inner_join(users::table)
        .filter(linked_to!(institute_id))
        .count()
        .get_result(conn)?;
    Ok((confirmed, linked - confirmed))
}

/// Confirmed students with at least one application in `statuses` (every status when empty).
pub fn students_with_applications(
    conn: &mut DbConnection,
    institute_id: i64,
    statuses: &[&str],
) -> Result<i64, DbError> {
    let mut query = applications::table
        .inner_join(student_profiles::table.inner_join(users::table))
        .filter(confirmed_of!(institute_id))
        .into_boxed();
    if !statuses.is_empty() {
        let wanted: Vec<String> = statuses.iter().map(|s| s.to_string()).collect();
        query = query.filter(applications::status.eq_any(wanted));
    }
    Ok(query
        .select(count(applications::student_id).aggregate_distinct())
        .first(conn)?)
}

/// Applications made by the confirmed students.
pub fn application_count(conn: &mut DbConnection, institute_id: i64) -> Result<i64, DbError> {
    Ok(applications::table
        .inner_join(student_profiles::table.inner_join(users::table))
        .filter(confirmed_of!(institute_id))
        .count()
        .get_result(conn)?)
}

/// The companies the confirmed students applied to most: (company, applications).
pub fn top_companies(
    conn: &mut DbConnection,
    institute_id: i64,
    limit: i64,
) -> Result<Vec<(String, i64)>, DbError> {
    Ok(applications::table
        .inner_join(student_profiles::table.inner_join(users::table))
        .inner_join(internships::table.inner_join(employer_profiles::table))
        .filter(confirmed_of!(institute_id))
        .group_by((employer_profiles::id, employer_profiles::company_name))
        .select((employer_profiles::company_name, count_star()))
        .order((count_star().desc(), employer_profiles::company_name.asc()))
        .limit(limit)
        .load(conn)?)
}

/// The skills most asked for by the internships the confirmed students applied to:
/// (skill, applications asking for it).
pub fn top_skills(
    conn: &mut DbConnection,
    institute_id: i64,
    limit: i64,
) -> Result<Vec<(String, i64)>, DbError> {
    Ok(applications::table
        .inner_join(student_profiles::table.inner_join(users::table))
        .inner_join(
            internships::table.inner_join(internship_skills::table.inner_join(skills::table)),
        )
        .filter(confirmed_of!(institute_id))
        .group_by((skills::id, skills::display_name))
        .select((skills::display_name, count_star()))
        .order((count_star().desc(), skills::display_name.asc()))
        .limit(limit)
        .load(conn)?)
}
