//! Diesel queries of the review queue.

use super::model::*;
use crate::db::schema::{employer_profiles, internships, posting_reviews, users};
use crate::db::{DbConnection, DbError};
use diesel::prelude::*;

/// Opens a rules review of a posting, or updates the open one (an edit while it waits).
pub fn hold(conn: &mut DbConnection, internship_id: i64, reasons: &str) -> Result<(), DbError> {
    let now = chrono::Utc::now().naive_utc();
    let updated = diesel::update(
        posting_reviews::table
            .filter(posting_reviews::internship_id.eq(internship_id))
            .filter(posting_reviews::kind.eq(KIND_RULES))
            .filter(posting_reviews::status.eq("open")),
    )
    .set((
        posting_reviews::reasons.eq(reasons),
        posting_reviews::created_at.eq(now),
    ))
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(posting_reviews::table)
            .values((
                posting_reviews::internship_id.eq(internship_id),
                posting_reviews::kind.eq(KIND_RULES),
                posting_reviews::reasons.eq(reasons),
                posting_reviews::status.eq("open"),
                posting_reviews::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Records a student's report; `false` when they had already reported this posting (the
/// unique index decides, so two presses at once make one report).
pub fn insert_report(
    conn: &mut DbConnection,
    internship_id: i64,
    reporter: i64,
    reason: &str,
    note: Option<&str>,
) -> Result<bool, DbError> {
    // In a savepoint: on PostgreSQL a duplicate would otherwise spoil the caller's transaction.
    let inserted = crate::db::transaction(conn, |conn| {
        diesel::insert_into(posting_reviews::table)
            .values((
                posting_reviews::internship_id.eq(internship_id),
                posting_reviews::kind.eq(KIND_REPORT),
                posting_reviews::reasons.eq(reason),
                posting_reviews::note.eq(note),
                posting_reviews::reporter_user_id.eq(Some(reporter)),
                posting_reviews::status.eq("open"),
                posting_reviews::created_at.eq(chrono::Utc::now().naive_utc()),
            ))
            .execute(conn)
            .map_err(DbError::from)
    });
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if e.is_unique_violation() => Ok(false),
        Err(e) => Err(e),
    }
}

pub fn find(conn: &mut DbConnection, id: i64) -> Result<Option<PostingReview>, DbError> {
    Ok(posting_reviews::table
        .find(id)
        .select(PostingReview::as_select())
        .first(conn)
        .optional()?)
}

/// Closes an open review with a decision; `false` when it was no longer open (another admin
/// decided first).
pub fn decide(
    conn: &mut DbConnection,
    id: i64,
    status: &str,
    admin_id: i64,
    note: Option<&str>,
) -> Result<bool, DbError> {
    let updated = diesel::update(
        posting_reviews::table
            .find(id)
            .filter(posting_reviews::status.eq("open")),
    )
    .set((
        posting_reviews::status.eq(status),
        posting_reviews::decided_by.eq(Some(admin_id)),
        posting_reviews::decision_note.eq(note),
        posting_reviews::decided_at.eq(Some(chrono::Utc::now().naive_utc())),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// The open entries of the queue, oldest first, with the posting, company and reporter.
pub fn open_queue(conn: &mut DbConnection) -> Result<Vec<QueueEntry>, DbError> {
    let rows: Vec<(PostingReview, String, String, Option<i32>, String)> = posting_reviews::table
        .inner_join(internships::table.inner_join(employer_profiles::table))
        .filter(posting_reviews::status.eq("open"))
        .order(posting_reviews::created_at.asc())
        .select((
            PostingReview::as_select(),
            internships::title,
            internships::description,
            internships::stipend_amount,
            employer_profiles::company_name,
        ))
        .limit(200)
        .load(conn)?;
    let reporter_ids: Vec<i64> = rows.iter().filter_map(|r| r.0.reporter_user_id).collect();
    let names: Vec<(i64, String)> = users::table
        .filter(users::id.eq_any(&reporter_ids))
        .select((users::id, users::full_name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(review, title, description, stipend_amount, company_name)| {
                let reporter_name = review.reporter_user_id.and_then(|uid| {
                    names
                        .iter()
                        .find(|(id, _)| *id == uid)
                        .map(|(_, n)| n.clone())
                });
                QueueEntry {
                    review,
                    title,
                    description,
                    company_name,
                    stipend_amount,
                    reporter_name,
                }
            },
        )
        .collect())
}

/// The open rules reviews of an employer's postings: (internship id, reason codes).
pub fn held_for_employer(
    conn: &mut DbConnection,
    employer_id: i64,
) -> Result<Vec<(i64, String)>, DbError> {
    Ok(posting_reviews::table
        .inner_join(internships::table)
        .filter(internships::employer_id.eq(employer_id))
        .filter(posting_reviews::kind.eq(KIND_RULES))
        .filter(posting_reviews::status.eq("open"))
        .select((posting_reviews::internship_id, posting_reviews::reasons))
        .load(conn)?)
}

/// How many postings a company has made (any status), for the "first N postings" rule.
pub fn postings_of(conn: &mut DbConnection, employer_id: i64) -> Result<i64, DbError> {
    Ok(internships::table
        .filter(internships::employer_id.eq(employer_id))
        .count()
        .get_result(conn)?)
}

/// Makes a held posting live (only from its held status).
pub fn release(conn: &mut DbConnection, internship_id: i64) -> Result<(), DbError> {
    diesel::update(
        internships::table
            .find(internship_id)
            .filter(internships::status.eq(HELD_STATUS)),
    )
    .set((
        internships::status.eq("active"),
        internships::updated_at.eq(chrono::Utc::now().naive_utc()),
    ))
    .execute(conn)?;
    Ok(())
}

/// Holds a posting back from the public while it waits for review.
pub fn set_under_review(conn: &mut DbConnection, internship_id: i64) -> Result<(), DbError> {
    diesel::update(
        internships::table
            .find(internship_id)
            .filter(internships::status.eq_any(["active", HELD_STATUS])),
    )
    .set(internships::status.eq(HELD_STATUS))
    .execute(conn)?;
    Ok(())
}

/// A run-time setting saved by an admin, if any.
pub fn setting(conn: &mut DbConnection, key: &str) -> Result<Option<String>, DbError> {
    use crate::db::schema::app_settings;
    Ok(app_settings::table
        .find(key)
        .select(app_settings::value)
        .first(conn)
        .optional()?)
}

/// Saves a run-time setting (insert or update), recording who changed it.
pub fn save_setting(
    conn: &mut DbConnection,
    key: &str,
    value: &str,
    admin_id: i64,
) -> Result<(), DbError> {
    use crate::db::schema::app_settings;
    let now = chrono::Utc::now().naive_utc();
    let updated = diesel::update(app_settings::table.find(key))
        .set((
            app_settings::value.eq(value),
            app_settings::updated_at.eq(now),
            app_settings::updated_by.eq(Some(admin_id)),
        ))
        .execute(conn)?;
    if updated == 0 {
        // In a savepoint, so that a lost race leaves the surrounding transaction usable.
        let inserted = crate::db::transaction(conn, |conn| {
            diesel::insert_into(app_settings::table)
                .values((
                    app_settings::key.eq(key),
                    app_settings::value.eq(value),
                    app_settings::updated_at.eq(now),
                    app_settings::updated_by.eq(Some(admin_id)),
                ))
                .execute(conn)
                .map_err(DbError::from)
        });
        match inserted {
            // Another admin saved the same key at the same moment: theirs is the row; set it.
            Err(e) if e.is_unique_violation() => {
                diesel::update(app_settings::table.find(key))
                    .set((
                        app_settings::value.eq(value),
                        app_settings::updated_at.eq(now),
                        app_settings::updated_by.eq(Some(admin_id)),
                    ))
                    .execute(conn)?;
            }
            other => {
                other?;
            }
        }
    }
    Ok(())
}

/// A posting's title and the user id of the employer who owns it.
pub fn owner(
    conn: &mut DbConnection,
    internship_id: i64,
) -> Result<Option<(String, i64)>, DbError> {
    Ok(internships::table
        .inner_join(employer_profiles::table)
        .filter(internships::id.eq(internship_id))
        .select((internships::title, employer_profiles::user_id))
        .first(conn)
        .optional()?)
}

/// The rule codes an open rules review of a posting holds, if any.
pub fn held_reasons(
    conn: &mut DbConnection,
    internship_id: i64,
) -> Result<Option<String>, DbError> {
    Ok(posting_reviews::table
        .filter(posting_reviews::internship_id.eq(internship_id))
        .filter(posting_reviews::kind.eq(KIND_RULES))
        .filter(posting_reviews::status.eq("open"))
        .select(posting_reviews::reasons)
        .first(conn)
        .optional()?)
}
