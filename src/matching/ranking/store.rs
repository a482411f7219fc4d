//! Queries of the ranking stage: what a student's recommendations leave out or steer by
//! (reactions, saved and excluded internships), the companies shown with them, and the served
//! list logged for training. Part of matching's store (re-exported there).

use crate::db::schema::{applications, employer_profiles, internships, match_feedback, match_log};
use crate::db::{DbConnection, DbError};
use diesel::prelude::*;

/// Company names of internships: (internship id, company).
pub fn companies(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<(i64, String)>, DbError> {
    Ok(internships::table
        .inner_join(employer_profiles::table)
        .filter(internships::id.eq_any(ids))
        .select((internships::id, employer_profiles::company_name))
        .load(conn)?)
}

/// The student's own reactions: (internship id, kind), oldest first.
pub fn reactions(conn: &mut DbConnection, student_id: i64) -> Result<Vec<(i64, String)>, DbError> {
    Ok(match_feedback::table
        .filter(match_feedback::student_id.eq(student_id))
        .filter(match_feedback::kind.eq_any(["like", "dismiss", "apply", "view"]))
        .order(match_feedback::id.asc())
        .select((match_feedback::internship_id, match_feedback::kind))
        .load(conn)?)
}

/// Internships the student saved, oldest first.
pub fn saved_ids(conn: &mut DbConnection, student_id: i64) -> Result<Vec<i64>, DbError> {
    use crate::db::schema::saved_internships;
    Ok(saved_internships::table
        .filter(saved_internships::student_id.eq(student_id))
        .order(saved_internships::created_at.asc())
        .select(saved_internships::internship_id)
        .load(conn)?)
}

/// Internships a student must not be recommended: applied to or dismissed.
pub fn excluded_for(conn: &mut DbConnection, student_id: i64) -> Result<Vec<i64>, DbError> {
    let mut ids: Vec<i64> = applications::table
        .filter(applications::student_id.eq(student_id))
        .select(applications::internship_id)
        .load(conn)?;
    ids.extend(
        match_feedback::table
            .filter(match_feedback::student_id.eq(student_id))
            .filter(match_feedback::kind.eq("dismiss"))
            .select(match_feedback::internship_id)
            .load::<i64>(conn)?,
    );
    Ok(ids)
}

/// One served recommendation, for the match log.
pub struct LoggedMatch {
    pub internship_id: i64,
    pub rank: i32,
    pub score: f64,
    pub parts: String,
}

/// A served list, for the match log: the page's recommendations as ranked and scored.
pub struct ServedList {
    pub list_id: String,
    pub student_id: i64,
    pub model_version: String,
    pub rows: Vec<LoggedMatch>,
    pub served_at: chrono::NaiveDateTime,
}

/// Writes served lists inside the caller's transaction (the group commit's), many rows per
/// statement: row by row, a page's ten rows were ten round trips to PostgreSQL.
pub fn log_lists(conn: &mut DbConnection, lists: &[ServedList]) -> Result<(), DbError> {
    let rows: Vec<(&ServedList, &LoggedMatch)> = lists
        .iter()
        .flat_map(|list| list.rows.iter().map(move |row| (list, row)))
        .collect();
    // 8 values a row: 400 rows stay far below either database's limit of bound values.
    for chunk in rows.chunks(400) {
        let values: Vec<_> = chunk
            .iter()
            .map(|(list, row)| {
                (
                    match_log::list_id.eq(&list.list_id),
                    match_log::student_id.eq(list.student_id),
                    match_log::internship_id.eq(row.internship_id),
                    match_log::rank.eq(row.rank),
                    match_log::score.eq(row.score),
                    match_log::parts.eq(&row.parts),
                    match_log::model_version.eq(&list.model_version),
                    match_log::served_at.eq(list.served_at),
                )
            })
            .collect();
        crate::on_backend!(conn, |c| diesel::insert_into(match_log::table)
            .values(&values)
            .execute(c))?;
    }
    Ok(())
}

/// Most students of a course whose reactions a cold start's list reads (the latest profiles).
const COHORT_PEERS: i64 = 2000;

/// What other students of one course (degree and department, case folded) did with
/// internships: (internship id, kind, how many of them), kinds `like`, `apply`, `dismiss` and
/// `saved`. The student asking is left out. Served by `idx_student_profiles_studies`.
pub fn cohort_reactions(
    conn: &mut DbConnection,
    student_id: i64,
    degree: &str,
    department: &str,
) -> Result<Vec<(i64, String, i64)>, DbError> {
    use crate::db::lower;
    use crate::db::schema::{saved_internships, student_profiles};
    let peers: Vec<i64> = student_profiles::table
        .filter(lower(student_profiles::degree.assume_not_null()).eq(degree.to_lowercase()))
        .filter(lower(student_profiles::department.assume_not_null()).eq(department.to_lowercase()))
        .filter(student_profiles::id.ne(student_id))
        .order(student_profiles::id.desc())
        .limit(COHORT_PEERS)
        .select(student_profiles::id)
        .load(conn)?;
    let mut reactions = Vec::new();
    for chunk in peers.chunks(super::super::index::store::CHUNK) {
        reactions.extend(
            match_feedback::table
                .filter(match_feedback::student_id.eq_any(chunk))
                .filter(match_feedback::kind.eq_any(["like", "apply", "dismiss"]))
                .group_by((match_feedback::internship_id, match_feedback::kind))
                .select((
                    match_feedback::internship_id,
                    match_feedback::kind,
                    diesel::dsl::count(match_feedback::student_id).aggregate_distinct(),
                ))
                .load::<(i64, String, i64)>(conn)?,
        );
        let saved: Vec<(i64, i64)> = saved_internships::table
            .filter(saved_internships::student_id.eq_any(chunk))
            .group_by(saved_internships::internship_id)
            .select((
                saved_internships::internship_id,
                diesel::dsl::count(saved_internships::student_id),
            ))
            .load(conn)?;
        reactions.extend(
            saved
                .into_iter()
                .map(|(id, n)| (id, "saved".to_string(), n)),
        );
    }
    Ok(reactions)
}
