//! Diesel queries behind the admin's charts: raw times and counts, bucketed in the service.

use crate::db::schema::{
    application_events, applications, internships, jobs, match_feedback, match_log,
    reranker_models, users,
};
use crate::db::{DbConnection, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub fn signup_times(
    conn: &mut DbConnection,
    since: NaiveDateTime,
) -> Result<Vec<NaiveDateTime>, DbError> {
    Ok(users::table
        .filter(users::created_at.ge(since))
        .select(users::created_at)
        .load(conn)?)
}

pub fn application_times(
    conn: &mut DbConnection,
    since: NaiveDateTime,
) -> Result<Vec<NaiveDateTime>, DbError> {
    Ok(applications::table
        .filter(applications::applied_at.ge(since))
        .select(applications::applied_at)
        .load(conn)?)
}

pub fn posting_times(
    conn: &mut DbConnection,
    since: NaiveDateTime,
) -> Result<Vec<NaiveDateTime>, DbError> {
    Ok(internships::table
        .filter(internships::created_at.ge(since))
        .select(internships::created_at)
        .load(conn)?)
}

/// Applications in all, and how many ever reached each of `stages` (a stage is reached when
/// the application moved to it or past it).
// `count_distinct` is deprecated for a spelling that needs more imports; same SQL.
#[allow(deprecated)]
pub fn funnel(conn: &mut DbConnection, stages: &[&[&str]]) -> Result<(i64, Vec<i64>), DbError> {
    let applied: i64 = applications::table.count().get_result(conn)?;
    let mut reached = Vec::new();
    for statuses in stages {
        let n: i64 = application_events::table
            .filter(application_events::to_status.eq_any(statuses.iter().copied()))
            .select(diesel::dsl::count_distinct(
                application_events::application_id,
            ))
            .get_result(conn)?;
        reached.push(n);
    }
    Ok((applied, reached))
}

/// For applications sent since `since`: when each was sent and when the employer first moved
/// it (a status change that is not the student's withdrawal).
pub fn first_answers(
    conn: &mut DbConnection,
    since: NaiveDateTime,
) -> Result<Vec<(i64, NaiveDateTime, NaiveDateTime)>, DbError> {
    Ok(applications::table
        .inner_join(application_events::table)
        .filter(applications::applied_at.ge(since))
        .filter(application_events::from_status.is_not_null())
        .filter(application_events::to_status.ne("withdrawn"))
        .select((
            applications::id,
            applications::applied_at,
            application_events::created_at,
        ))
        .load(conn)?)
}

/// Recommendations served since `since`: (student, internship, when).
pub fn served(
    conn: &mut DbConnection,
    since: NaiveDateTime,
) -> Result<Vec<(i64, i64, NaiveDateTime)>, DbError> {
    Ok(match_log::table
        .filter(match_log::served_at.ge(since))
        .select((
            match_log::student_id,
            match_log::internship_id,
            match_log::served_at,
        ))
        .load(conn)?)
}

/// Students' clicks on internships since `since` (opened, liked or applied): (student,
/// internship).
pub fn clicks(conn: &mut DbConnection, since: NaiveDateTime) -> Result<Vec<(i64, i64)>, DbError> {
    Ok(match_feedback::table
        .filter(match_feedback::created_at.ge(since))
        .filter(match_feedback::kind.eq_any(["view", "like", "apply"]))
        .select((match_feedback::student_id, match_feedback::internship_id))
        .load(conn)?)
}

/// Trained rerankers, oldest first: (version label, trained at, metrics JSON).
pub fn rerankers(
    conn: &mut DbConnection,
) -> Result<Vec<(String, String, NaiveDateTime, String)>, DbError> {
    Ok(reranker_models::table
        .order(reranker_models::trained_at.asc())
        .select((
            reranker_models::kind,
            reranker_models::version,
            reranker_models::trained_at,
            reranker_models::metrics,
        ))
        .limit(30)
        .load(conn)?)
}

/// Background jobs per status.
pub fn jobs_by_status(conn: &mut DbConnection) -> Result<Vec<(String, i64)>, DbError> {
    Ok(jobs::table
        .group_by(jobs::status)
        .select((jobs::status, diesel::dsl::count_star()))
        .load(conn)?)
}
