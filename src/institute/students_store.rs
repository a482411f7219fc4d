//! Diesel queries of what an institute reads about its students: the linked students page by
//! page, a confirmed student's profile, and the applications of those who share them.

use super::model::*;
use super::student_filters::{confirmed_of, linked_to};
use crate::application::model::Status;
use crate::db::schema::{applications, employer_profiles, internships, student_profiles, users};
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

type LinkedColumns = (
    student_profiles::id,
    users::full_name,
    users::email,
    student_profiles::degree,
    student_profiles::department,
    student_profiles::year,
    student_profiles::institute_confirmed_at,
);

const LINKED: LinkedColumns = (
    student_profiles::id,
    users::full_name,
    users::email,
    student_profiles::degree,
    student_profiles::department,
    student_profiles::year,
    student_profiles::institute_confirmed_at,
);

/// One page of the institute's students, those waiting for confirmation first, then by name;
/// and how many there are.
pub fn linked_students(
    conn: &mut DbConnection,
    institute_id: i64,
    limit: i64,
    offset: i64,
) -> Result<(Vec<LinkedStudent>, i64), DbError> {
    let total = student_profiles::table
        .inner_join(users::table)
        .filter(linked_to!(institute_id))
        .count()
        .get_result(conn)?;
    let rows = student_profiles::table
        .inner_join(users::table)
        .filter(linked_to!(institute_id))
        .order((
            student_profiles::institute_confirmed_at.is_not_null().asc(),
            crate::db::lower(users::full_name).asc(),
            student_profiles::id.asc(),
        ))
        .limit(limit)
        .offset(offset)
        .select(LINKED)
        .load(conn)?;
    Ok((rows, total))
}

/// One of the institute's students (anyone else's is `None`).
pub fn linked_student(
    conn: &mut DbConnection,
    institute_id: i64,
    student_id: i64,
) -> Result<Option<LinkedStudent>, DbError> {
    Ok(student_profiles::table
        .inner_join(users::table)
        .filter(linked_to!(institute_id))
        .filter(student_profiles::id.eq(student_id))
        .select(LINKED)
        .first(conn)
        .optional()?)
}

type RecordColumns = (
    student_profiles::id,
    users::full_name,
    users::email,
    student_profiles::university_name,
    student_profiles::degree,
    student_profiles::department,
    student_profiles::year,
    student_profiles::cgpa,
    student_profiles::current_city,
    student_profiles::interests,
    student_profiles::projects,
    student_profiles::apaar_id,
);

const RECORD: RecordColumns = (
    student_profiles::id,
    users::full_name,
    users::email,
    student_profiles::university_name,
    student_profiles::degree,
    student_profiles::department,
    student_profiles::year,
    student_profiles::cgpa,
    student_profiles::current_city,
    student_profiles::interests,
    student_profiles::projects,
    student_profiles::apaar_id,
);

/// A confirmed student's profile (anyone else's is `None`).
pub fn confirmed_record(
    conn: &mut DbConnection,
    institute_id: i64,
    student_id: i64,
) -> Result<Option<StudentRecord>, DbError> {
    Ok(student_profiles::table
        .inner_join(users::table)
        .filter(confirmed_of!(institute_id))
        .filter(student_profiles::id.eq(student_id))
        .select(RECORD)
        .first(conn)
        .optional()?)
}

/// Every confirmed student's profile, by name.
pub fn confirmed_records(
    conn: &mut DbConnection,
    institute_id: i64,
) -> Result<Vec<StudentRecord>, DbError> {
    Ok(student_profiles::table
        .inner_join(users::table)
        .filter(confirmed_of!(institute_id))
        .order((
            crate::db::lower(users::full_name).asc(),
            student_profiles::id.asc(),
        ))
        .select(RECORD)
        .load(conn)?)
}

type ApplicationRow = (i64, String, String, String, NaiveDateTime, NaiveDateTime);

fn application_rows(rows: Vec<ApplicationRow>) -> Vec<StudentApplication> {
    rows.into_iter()
        .map(
            |(student_id, title, company, status, applied_at, updated_at)| StudentApplication {
                student_id,
                title,
                company,
                // Only this code writes statuses; an unknown one would read as submitted.
                status: Status::parse(&status).unwrap_or(Status::Submitted),
                applied_at,
                updated_at,
            },
        )
        .collect()
}

/// The applications of every confirmed student of the institute, by student then date.
pub fn confirmed_applications(
    conn: &mut DbConnection,
    institute_id: i64,
    student_id: Option<i64>,
) -> Result<Vec<StudentApplication>, DbError> {
    let mut query = applications::table
        .inner_join(student_profiles::table.inner_join(users::table))
        .inner_join(internships::table.inner_join(employer_profiles::table))
        .filter(confirmed_of!(institute_id))
        // Only students who let their institute see their applications (issue 14).
        .filter(student_profiles::share_with_institute.eq(true))
        .into_boxed();
    if let Some(id) = student_id {
        query = query.filter(applications::student_id.eq(id));
    }
    let rows = query
        .order((
            applications::student_id.asc(),
            applications::applied_at.desc(),
            applications::id.desc(),
        ))
        .select((
            applications::student_id,
            internships::title,
            employer_profiles::company_name,
            applications::status,
            applications::applied_at,
            applications::updated_at,
        ))
        .load(conn)?;
    Ok(application_rows(rows))
}
