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
///
/// Two plain reads joined here rather than one join: with 5,000 companies SQLite's planner
/// drove the join from the companies and probed each for the whole id list (1.5 s per chunk of
/// 5,000 ids at 100,000 postings, 30 s for a full load; 15 ms this way).
pub fn listing_state(
    conn: &mut DbConnection,
    ids: &[i64],
) -> Result<Vec<(i64, Option<chrono::NaiveDate>)>, DbError> {
    let active: Vec<(i64, Option<chrono::NaiveDate>, i64)> = internships::table
        .filter(internships::id.eq_any(ids))
        .filter(internships::status.eq("active"))
        .select((
            internships::id,
            internships::deadline,
            internships::employer_id,
        ))
        .load(conn)?;
    let listed: std::collections::HashSet<i64> = employer_profiles::table
        .inner_join(crate::db::schema::users::table)
        .filter(employer_profiles::verification_status.eq("approved"))
        .filter(crate::db::schema::users::is_suspended.eq(false))
        .select(employer_profiles::id)
        .load::<i64>(conn)?
        .into_iter()
        .collect();
    Ok(active
        .into_iter()
        .filter(|(_, _, employer)| listed.contains(employer))
        .map(|(id, deadline, _)| (id, deadline))
        .collect())
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
