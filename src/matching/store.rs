//! Diesel queries of the matching module. Each stage keeps its own beside it
//! (`embedding/store.rs`, `index/store.rs`, `ranking/store.rs`, `learning/store.rs`), re-exported
//! here so that callers name one store; what serves the whole module stays here: the run-time
//! settings an admin saves and the counts on `/admin/matching`.

use crate::db::schema::{
    app_settings, embeddings, internships, match_feedback, match_log, student_profiles,
};
use crate::db::{DbConnection, DbError};
use crate::matching::model::MatchingCounts;
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub use super::embedding::store::*;
pub use super::index::store::*;
pub use super::learning::store::*;
pub use super::ranking::store::*;

/// Every run-time setting: (key, value).
pub fn settings(conn: &mut DbConnection) -> Result<Vec<(String, String)>, DbError> {
    Ok(app_settings::table
        .order(app_settings::key.asc())
        .select((app_settings::key, app_settings::value))
        .load(conn)?)
}

/// Saves run-time settings (insert or update), recording who changed them.
pub fn save_settings(
    conn: &mut DbConnection,
    values: &[(&str, String)],
    updated_by: Option<i64>,
) -> Result<(), DbError> {
    let now = chrono::Utc::now().naive_utc();
    crate::db::transaction(conn, |conn| {
        for (key, value) in values {
            let updated = diesel::update(app_settings::table.filter(app_settings::key.eq(*key)))
                .set((
                    app_settings::value.eq(value),
                    app_settings::updated_at.eq(now),
                    app_settings::updated_by.eq(updated_by),
                ))
                .execute(conn)?;
            if updated == 0 {
                // Two admins saving at once: the later save wins, neither fails.
                crate::on_backend!(conn, |c| diesel::insert_into(app_settings::table)
                    .values((
                        app_settings::key.eq(*key),
                        app_settings::value.eq(value),
                        app_settings::updated_at.eq(now),
                        app_settings::updated_by.eq(updated_by),
                    ))
                    .on_conflict(app_settings::key)
                    .do_update()
                    .set((
                        app_settings::value.eq(value),
                        app_settings::updated_at.eq(now),
                        app_settings::updated_by.eq(updated_by),
                    ))
                    .execute(c))?;
            }
        }
        Ok(())
    })
}

/// Sets `key` to `value` unless it already holds it; whether this call changed it. Of several
/// callers at once, one changes it: the update re-checks the value under the row's lock
/// (PostgreSQL) or the single writer (SQLite), and an absent key is inserted once.
pub fn claim_setting(conn: &mut DbConnection, key: &str, value: &str) -> Result<bool, DbError> {
    let now = chrono::Utc::now().naive_utc();
    let updated = diesel::update(
        app_settings::table
            .filter(app_settings::key.eq(key))
            .filter(app_settings::value.ne(value)),
    )
    .set((
        app_settings::value.eq(value),
        app_settings::updated_at.eq(now),
    ))
    .execute(conn)?;
    if updated > 0 {
        return Ok(true);
    }
    let inserted = crate::on_backend!(conn, |c| diesel::insert_into(app_settings::table)
        .values((
            app_settings::key.eq(key),
            app_settings::value.eq(value),
            app_settings::updated_at.eq(now),
        ))
        .on_conflict(app_settings::key)
        .do_nothing()
        .execute(c))?;
    Ok(inserted > 0)
}

pub fn counts(
    conn: &mut DbConnection,
    model: &str,
    since: NaiveDateTime,
) -> Result<MatchingCounts, DbError> {
    let students = student_profiles::table.count().get_result(conn)?;
    let student_embeddings = embeddings::table
        .filter(embeddings::entity_type.eq("student"))
        .filter(embeddings::model.eq(model))
        .count()
        .get_result(conn)?;
    let active = internships::table
        .filter(internships::status.eq("active"))
        .select(internships::id);
    let active_internships = internships::table
        .filter(internships::status.eq("active"))
        .count()
        .get_result(conn)?;
    let internship_embeddings = embeddings::table
        .filter(embeddings::entity_type.eq("internship"))
        .filter(embeddings::model.eq(model))
        .filter(embeddings::entity_id.eq_any(active))
        .count()
        .get_result(conn)?;
    let by_kind: Vec<(String, i64)> = match_feedback::table
        .filter(match_feedback::kind.eq_any(["like", "dismiss"]))
        .group_by(match_feedback::kind)
        .select((match_feedback::kind, diesel::dsl::count_star()))
        .load(conn)?;
    let kind = |k: &str| {
        by_kind
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, c)| *c)
            .unwrap_or(0)
    };
    let lists_served = match_log::table
        .filter(match_log::served_at.ge(since))
        .select(diesel::dsl::count(match_log::list_id).aggregate_distinct())
        .get_result(conn)?;
    Ok(MatchingCounts {
        students,
        student_embeddings,
        active_internships,
        internship_embeddings,
        likes: kind("like"),
        dismissals: kind("dismiss"),
        lists_served,
    })
}
