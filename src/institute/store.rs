//! Diesel queries of the institute module (portable: the same SQL serves SQLite and PostgreSQL).

use super::model::*;
use crate::application::model::Status;
use crate::db::schema::{
    applications, employer_profiles, institute_profiles, internship_skills, internships, skills,
    student_profiles, users,
};
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::dsl::{count, count_star};
use diesel::prelude::*;

/// Students of institute `$id` whose link it confirmed (and whose email is verified).
macro_rules! confirmed_of {
    ($id:expr) => {
        student_profiles::institute_id
            .eq($id)
            .and(student_profiles::institute_confirmed_at.is_not_null())
            .and(users::email_verified_at.is_not_null())
    };
}

/// Students linked to institute `$id`, confirmed or not, whose email is verified: an unverified
/// account is not shown to anyone.
macro_rules! linked_to {
    ($id:expr) => {
        student_profiles::institute_id
            .eq($id)
            .and(users::email_verified_at.is_not_null())
    };
}

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

// ---- students' links ----

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

// ---- placement statistics: simple counts over the confirmed students ----

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
