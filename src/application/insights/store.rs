//! Diesel queries of the employer's answer figures.

use super::model::{AnswerRow, EventRow};
use crate::db::schema::{application_events, applications, internships, student_profiles};
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Every application to the company's postings.
pub fn applications_of(
    conn: &mut DbConnection,
    employer_id: i64,
) -> Result<Vec<AnswerRow>, DbError> {
    let rows: Vec<(i64, i64, String, NaiveDateTime, i64)> = applications::table
        .inner_join(internships::table)
        .inner_join(student_profiles::table)
        .filter(internships::employer_id.eq(employer_id))
        .select((
            applications::id,
            applications::internship_id,
            applications::status,
            applications::applied_at,
            student_profiles::user_id,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(application_id, internship_id, status, applied_at, student_user_id)| AnswerRow {
                application_id,
                internship_id,
                status,
                applied_at,
                student_user_id,
            },
        )
        .collect())
}

/// Every status change of applications to the company's postings, oldest first.
pub fn events_of(conn: &mut DbConnection, employer_id: i64) -> Result<Vec<EventRow>, DbError> {
    let rows: Vec<(i64, String, Option<i64>, NaiveDateTime)> = application_events::table
        .inner_join(applications::table.inner_join(internships::table))
        .filter(internships::employer_id.eq(employer_id))
        .order((
            application_events::created_at.asc(),
            application_events::id.asc(),
        ))
        .select((
            application_events::application_id,
            application_events::to_status,
            application_events::actor_user_id,
            application_events::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(application_id, to_status, actor_user_id, at)| EventRow {
            application_id,
            to_status,
            actor_user_id,
            at,
        })
        .collect())
}

/// The company's answers: for each application to its postings, each move into one of
/// `answers` made by someone other than the student (Praktiki's own moves have no actor), with
/// when the student applied, oldest move first.
pub fn answers_of(
    conn: &mut DbConnection,
    employer_id: i64,
    answers: &[&str; 4],
) -> Result<Vec<(i64, NaiveDateTime, NaiveDateTime)>, DbError> {
    // Four equalities rather than `IN (…)` of a list: a statement of fixed shape stays prepared
    // (every public page of a posting runs it).
    let status = application_events::to_status;
    let answered = status
        .eq(answers[0])
        .or(status.eq(answers[1]))
        .or(status.eq(answers[2]))
        .or(status.eq(answers[3]));
    Ok(application_events::table
        .inner_join(
            applications::table
                .inner_join(internships::table)
                .inner_join(student_profiles::table),
        )
        .filter(internships::employer_id.eq(employer_id))
        .filter(answered)
        .filter(application_events::actor_user_id.is_not_null())
        .filter(application_events::actor_user_id.ne(student_profiles::user_id.nullable()))
        .order((
            application_events::created_at.asc(),
            application_events::id.asc(),
        ))
        .select((
            application_events::application_id,
            applications::applied_at,
            application_events::created_at,
        ))
        .load(conn)?)
}

/// The company of a posting.
pub fn employer_of(conn: &mut DbConnection, internship_id: i64) -> Result<Option<i64>, DbError> {
    Ok(internships::table
        .find(internship_id)
        .select(internships::employer_id)
        .first(conn)
        .optional()?)
}
