//! Diesel queries over `saved_internships`: a student's saved postings, and those about to
//! close that the reminder job writes about. Beside `saved.rs`, whose rules they serve.

use super::model::*;
use crate::db::schema::{
    applications, employer_profiles, internships, saved_internships, student_profiles, users,
};
use crate::db::{DbConnection, DbError};
use chrono::NaiveDate;
use diesel::prelude::*;

/// Saves an internship for a student; saving it again (even at the same moment, a double
/// click) changes nothing: the key settles it, not a look before the insert.
pub fn save(conn: &mut DbConnection, student_id: i64, internship_id: i64) -> Result<(), DbError> {
    let now = chrono::Utc::now().naive_utc();
    crate::on_backend!(conn, |c| diesel::insert_into(saved_internships::table)
        .values((
            saved_internships::student_id.eq(student_id),
            saved_internships::internship_id.eq(internship_id),
            saved_internships::created_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(())
}

pub fn unsave(
    conn: &mut DbConnection,
    student_id: i64,
    internship_id: i64,
) -> Result<usize, DbError> {
    Ok(diesel::delete(
        saved_internships::table
            .filter(saved_internships::student_id.eq(student_id))
            .filter(saved_internships::internship_id.eq(internship_id)),
    )
    .execute(conn)?)
}

/// Which of `ids` the student saved.
pub fn saved_among(
    conn: &mut DbConnection,
    student_id: i64,
    ids: &[i64],
) -> Result<Vec<i64>, DbError> {
    Ok(saved_internships::table
        .filter(saved_internships::student_id.eq(student_id))
        .filter(saved_internships::internship_id.eq_any(ids))
        .select(saved_internships::internship_id)
        .load(conn)?)
}

pub fn is_saved(
    conn: &mut DbConnection,
    student_id: i64,
    internship_id: i64,
) -> Result<bool, DbError> {
    Ok(diesel::select(diesel::dsl::exists(
        saved_internships::table
            .filter(saved_internships::student_id.eq(student_id))
            .filter(saved_internships::internship_id.eq(internship_id)),
    ))
    .get_result(conn)?)
}

/// A student's saved internships with their company names, most recently saved first. Taken-down
/// postings drop out; closed ones stay so the student sees what happened to them.
pub fn saved_by_student(
    conn: &mut DbConnection,
    student_id: i64,
) -> Result<Vec<(Internship, String)>, DbError> {
    Ok(saved_internships::table
        .inner_join(internships::table.inner_join(employer_profiles::table))
        .filter(saved_internships::student_id.eq(student_id))
        .filter(internships::status.ne("taken_down"))
        .order(saved_internships::created_at.desc())
        .select((Internship::as_select(), employer_profiles::company_name))
        .load(conn)?)
}

/// Saved, still active internships whose deadline falls in `from..=to` and that the student who
/// saved them has not applied to: (student's user id, internship id, title, deadline).
/// One student's saved internships, still listed and not applied to, whose deadline falls
/// between `from` and `to`: (internship id, title, deadline), soonest first.
pub fn saved_closing_for(
    conn: &mut DbConnection,
    student_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(i64, String, NaiveDate)>, DbError> {
    let applied = applications::table
        .filter(applications::student_id.eq(saved_internships::student_id))
        .filter(applications::internship_id.eq(saved_internships::internship_id));
    let rows: Vec<(i64, String, Option<NaiveDate>)> = saved_internships::table
        .inner_join(internships::table)
        .filter(saved_internships::student_id.eq(student_id))
        .filter(internships::status.eq("active"))
        .filter(internships::deadline.between(from, to))
        .filter(diesel::dsl::not(diesel::dsl::exists(applied)))
        .order(internships::deadline.asc())
        .select((internships::id, internships::title, internships::deadline))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, title, deadline)| Some((id, title, deadline?)))
        .collect())
}

/// A saved internship about to close, with the student to remind.
#[derive(Debug, Clone)]
pub struct ClosingSave {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub internship_id: i64,
    pub title: String,
    pub deadline: NaiveDate,
}

/// Every student's saved internships, still listed and not applied to, whose deadline falls
/// between `from` and `to`, soonest first.
pub fn saved_closing(
    conn: &mut DbConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ClosingSave>, DbError> {
    let applied = applications::table
        .filter(applications::student_id.eq(saved_internships::student_id))
        .filter(applications::internship_id.eq(saved_internships::internship_id));
    type Row = (i64, String, String, i64, String, Option<NaiveDate>);
    let rows: Vec<Row> = saved_internships::table
        .inner_join(student_profiles::table.inner_join(users::table))
        .inner_join(internships::table)
        .filter(internships::status.eq("active"))
        .filter(internships::deadline.between(from, to))
        .filter(diesel::dsl::not(diesel::dsl::exists(applied)))
        .order(internships::deadline.asc())
        .select((
            users::id,
            users::full_name,
            users::email,
            internships::id,
            internships::title,
            internships::deadline,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(user_id, name, email, internship_id, title, deadline)| {
            Some(ClosingSave {
                user_id,
                name,
                email,
                internship_id,
                title,
                deadline: deadline?,
            })
        })
        .collect())
}
