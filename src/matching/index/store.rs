//! Queries of the index stage: which internships are listed and which changed since the last
//! refresh of the live catalogue, and the crowd's reactions it keeps per listing. Part of
//! matching's store (re-exported there).

use crate::db::schema::{embeddings, employer_profiles, internships, match_feedback};
use crate::db::{DbConnection, DbError};
use diesel::prelude::*;

/// Rows per `IN (…)` list: SQLite caps bound parameters per statement.
pub const CHUNK: usize = 5000;

/// Internships whose listing may have changed since `since`: edited (status, text, deadline),
/// re-embedded, or of a company whose verification changed.
pub fn changed_internships(
    conn: &mut DbConnection,
    since: chrono::NaiveDateTime,
) -> Result<Vec<i64>, DbError> {
    let mut ids: Vec<i64> = internships::table
        .filter(internships::updated_at.gt(since))
        .select(internships::id)
        .load(conn)?;
    ids.extend(
        embeddings::table
            .filter(embeddings::entity_type.eq("internship"))
            .filter(embeddings::updated_at.gt(since))
            .select(embeddings::entity_id)
            .load::<i64>(conn)?,
    );
    ids.extend(
        internships::table
            .inner_join(employer_profiles::table)
            .filter(employer_profiles::updated_at.gt(since))
            .select(internships::id)
            .load::<i64>(conn)?,
    );
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Every internship that is active with an approved company whose account is not suspended
/// (deadline checked at query time).
pub fn listed_internships(conn: &mut DbConnection) -> Result<Vec<i64>, DbError> {
    Ok(internships::table
        .inner_join(employer_profiles::table.inner_join(crate::db::schema::users::table))
        .filter(internships::status.eq("active"))
        .filter(employer_profiles::verification_status.eq("approved"))
        .filter(crate::db::schema::users::is_suspended.eq(false))
        .select(internships::id)
        .load(conn)?)
}

/// Of `ids`, those listed (active, company approved and not suspended), with their deadlines.
pub fn listing_state(
    conn: &mut DbConnection,
    ids: &[i64],
) -> Result<Vec<(i64, Option<chrono::NaiveDate>)>, DbError> {
    Ok(internships::table
        .inner_join(employer_profiles::table.inner_join(crate::db::schema::users::table))
        .filter(internships::id.eq_any(ids))
        .filter(internships::status.eq("active"))
        .filter(employer_profiles::verification_status.eq("approved"))
        .filter(crate::db::schema::users::is_suspended.eq(false))
        .select((internships::id, internships::deadline))
        .load(conn)?)
}

/// Internships with likes or dismissals since `since`.
pub fn reacted_since(
    conn: &mut DbConnection,
    since: chrono::NaiveDateTime,
) -> Result<Vec<i64>, DbError> {
    let mut ids: Vec<i64> = match_feedback::table
        .filter(match_feedback::created_at.gt(since))
        .filter(match_feedback::kind.eq_any(["like", "dismiss"]))
        .select(match_feedback::internship_id)
        .load(conn)?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// All students' likes and dismissals per internship: (internship id, kind, how many students),
/// each student counted once per kind however often they clicked.
pub fn crowd_all(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<(i64, String, i64)>, DbError> {
    Ok(match_feedback::table
        .filter(match_feedback::internship_id.eq_any(ids))
        .filter(match_feedback::kind.eq_any(["like", "dismiss"]))
        .group_by((match_feedback::internship_id, match_feedback::kind))
        .select((
            match_feedback::internship_id,
            match_feedback::kind,
            diesel::dsl::count(match_feedback::student_id).aggregate_distinct(),
        ))
        .load(conn)?)
}
