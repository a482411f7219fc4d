//! Queries of the learning stage: students' feedback (views, likes, dismissals), outcomes and
//! served lists for training, stored reranker models, and queueing a training run. Part of
//! matching's store (re-exported there).

use crate::db::schema::{applications, jobs, match_feedback, match_log, reranker_models};
use crate::db::{DbConnection, DbError};
use crate::matching::learning::model::{Outcome, OutcomeSource, Served, StoredModel};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Students per `IN (…)` list when reading their served lists.
const STUDENT_CHUNK: usize = 500;

/// What changes whenever the training samples can: the number and newest id of likes and
/// dismissals, the newest application change, and the newest served row. Cheap (indexed
/// aggregates), unlike gathering the samples themselves.
pub fn samples_signature(conn: &mut DbConnection) -> Result<String, DbError> {
    let (reactions, last_reaction): (i64, Option<i64>) = match_feedback::table
        .filter(match_feedback::kind.eq_any(["like", "dismiss"]))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::max(match_feedback::id),
        ))
        .first(conn)?;
    let last_decision: Option<NaiveDateTime> = applications::table
        .select(diesel::dsl::max(applications::updated_at))
        .first(conn)?;
    let last_served: Option<i64> = match_log::table
        .select(diesel::dsl::max(match_log::id))
        .first(conn)?;
    Ok(format!(
        "{reactions}/{last_reaction:?}/{last_decision:?}/{last_served:?}"
    ))
}

/// Every outcome the platform has seen: likes and dismissals, and applications an employer
/// decided on (shortlisted, interview, accepted, rejected).
pub fn outcomes(conn: &mut DbConnection) -> Result<Vec<Outcome>, DbError> {
    let reactions: Vec<(i64, i64, String, NaiveDateTime)> = match_feedback::table
        .filter(match_feedback::kind.eq_any(["like", "dismiss"]))
        .order(match_feedback::id.asc())
        .select((
            match_feedback::student_id,
            match_feedback::internship_id,
            match_feedback::kind,
            match_feedback::created_at,
        ))
        .load(conn)?;
    let decided: Vec<(i64, i64, String, NaiveDateTime)> = applications::table
        .filter(applications::status.ne_all(["submitted", "viewed", "withdrawn"]))
        .order(applications::id.asc())
        .select((
            applications::student_id,
            applications::internship_id,
            applications::status,
            applications::applied_at,
        ))
        .load(conn)?;
    let feedback = reactions.into_iter().filter_map(|(s, i, kind, at)| {
        Some(Outcome {
            student_id: s,
            internship_id: i,
            good: Outcome::of_feedback(&kind)?,
            source: OutcomeSource::Feedback,
            at,
        })
    });
    let applied = decided.into_iter().filter_map(|(s, i, status, at)| {
        Some(Outcome {
            student_id: s,
            internship_id: i,
            good: Outcome::of_application(&status)?,
            source: OutcomeSource::Application,
            at,
        })
    });
    Ok(feedback.chain(applied).collect())
}

/// Every logged serving to the given students, oldest first.
pub fn served_to(conn: &mut DbConnection, student_ids: &[i64]) -> Result<Vec<Served>, DbError> {
    let mut out = Vec::new();
    for chunk in student_ids.chunks(STUDENT_CHUNK) {
        let rows: Vec<(i64, i64, i64, i32, String, NaiveDateTime)> = match_log::table
            .filter(match_log::student_id.eq_any(chunk))
            .order(match_log::id.asc())
            .select((
                match_log::id,
                match_log::student_id,
                match_log::internship_id,
                match_log::rank,
                match_log::parts,
                match_log::served_at,
            ))
            .load(conn)?;
        out.extend(rows.into_iter().map(
            |(id, student_id, internship_id, rank, parts, served_at)| Served {
                id,
                student_id,
                internship_id,
                rank,
                parts,
                served_at,
            },
        ));
    }
    Ok(out)
}

type ModelColumns = (
    reranker_models::id,
    reranker_models::version,
    reranker_models::kind,
    reranker_models::trained_at,
    reranker_models::samples,
    reranker_models::metrics,
    reranker_models::is_active,
);
const MODEL_COLUMNS: ModelColumns = (
    reranker_models::id,
    reranker_models::version,
    reranker_models::kind,
    reranker_models::trained_at,
    reranker_models::samples,
    reranker_models::metrics,
    reranker_models::is_active,
);
type ModelRow = (i64, String, String, NaiveDateTime, i32, String, bool);

fn stored(row: ModelRow) -> StoredModel {
    let (id, version, kind, trained_at, samples, metrics, is_active) = row;
    StoredModel {
        id,
        version,
        kind,
        trained_at,
        samples,
        metrics,
        is_active,
    }
}

/// Every stored reranker, newest first.
pub fn models(conn: &mut DbConnection) -> Result<Vec<StoredModel>, DbError> {
    let rows: Vec<ModelRow> = reranker_models::table
        .order(reranker_models::id.desc())
        .select(MODEL_COLUMNS)
        .load(conn)?;
    Ok(rows.into_iter().map(stored).collect())
}

/// The active reranker and its weights, if one is active.
pub fn active_model(conn: &mut DbConnection) -> Result<Option<(StoredModel, Vec<u8>)>, DbError> {
    let row: Option<(ModelRow, Vec<u8>)> = reranker_models::table
        .filter(reranker_models::is_active.eq(true))
        .order(reranker_models::id.desc())
        .select((MODEL_COLUMNS, reranker_models::weights))
        .first(conn)
        .optional()?;
    Ok(row.map(|(m, w)| (stored(m), w)))
}

/// The next version number: one more than the highest stored (versions are whole numbers).
pub fn next_model_version(conn: &mut DbConnection) -> Result<u32, DbError> {
    let versions: Vec<String> = reranker_models::table
        .select(reranker_models::version)
        .load(conn)?;
    Ok(versions
        .iter()
        .filter_map(|v| v.trim().parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1)
}

/// Stores a trained reranker and makes it the only active one; returns its id.
pub fn insert_active_model(
    conn: &mut DbConnection,
    version: u32,
    kind: &str,
    samples: i32,
    metrics: &str,
    weights: &[u8],
) -> Result<i64, DbError> {
    crate::db::transaction(conn, |conn| {
        diesel::update(reranker_models::table.filter(reranker_models::is_active.eq(true)))
            .set(reranker_models::is_active.eq(false))
            .execute(conn)?;
        diesel::insert_into(reranker_models::table)
            .values((
                reranker_models::version.eq(version.to_string()),
                reranker_models::kind.eq(kind),
                reranker_models::trained_at.eq(chrono::Utc::now().naive_utc()),
                reranker_models::samples.eq(samples),
                reranker_models::metrics.eq(metrics),
                reranker_models::weights.eq(weights),
                reranker_models::is_active.eq(true),
            ))
            .returning(reranker_models::id)
            .get_result(conn)
            .map_err(DbError::from)
    })
}

/// Makes `id` the only active reranker (`None`: none, so the hybrid order stands); `false`
/// when no such model exists.
pub fn activate_model(conn: &mut DbConnection, id: Option<i64>) -> Result<bool, DbError> {
    crate::db::transaction(conn, |conn| {
        if let Some(id) = id {
            let exists: i64 = reranker_models::table
                .filter(reranker_models::id.eq(id))
                .count()
                .get_result(conn)?;
            if exists == 0 {
                return Ok(false);
            }
        }
        diesel::update(reranker_models::table.filter(reranker_models::is_active.eq(true)))
            .set(reranker_models::is_active.eq(false))
            .execute(conn)?;
        if let Some(id) = id {
            diesel::update(reranker_models::table.filter(reranker_models::id.eq(id)))
                .set(reranker_models::is_active.eq(true))
                .execute(conn)?;
        }
        Ok(true)
    })
}

/// The student's latest like or dismissal of an internship, if any.
pub fn latest_reaction(
    conn: &mut DbConnection,
    student_id: i64,
    internship_id: i64,
) -> Result<Option<String>, DbError> {
    Ok(match_feedback::table
        .filter(match_feedback::student_id.eq(student_id))
        .filter(match_feedback::internship_id.eq(internship_id))
        .filter(match_feedback::kind.eq_any(["like", "dismiss"]))
        .order(match_feedback::id.desc())
        .select(match_feedback::kind)
        .first(conn)
        .optional()?)
}

/// Records that the student opened the internship's page, unless already recorded: a partial
/// unique index on views makes two views at once one row.
pub fn insert_view_once(
    conn: &mut DbConnection,
    student_id: i64,
    internship_id: i64,
) -> Result<(), DbError> {
    let now = chrono::Utc::now().naive_utc();
    crate::on_backend!(conn, |c| diesel::insert_into(match_feedback::table)
        .values((
            match_feedback::student_id.eq(student_id),
            match_feedback::internship_id.eq(internship_id),
            match_feedback::kind.eq("view"),
            match_feedback::created_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(())
}

pub fn insert_feedback(
    conn: &mut DbConnection,
    student_id: i64,
    internship_id: i64,
    kind: &str,
) -> Result<(), DbError> {
    diesel::insert_into(match_feedback::table)
        .values((
            match_feedback::student_id.eq(student_id),
            match_feedback::internship_id.eq(internship_id),
            match_feedback::kind.eq(kind),
            match_feedback::created_at.eq(chrono::Utc::now().naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Queues a training run now ("Train now"); `false` when one is already waiting.
pub fn queue_training(conn: &mut DbConnection) -> Result<bool, DbError> {
    let key = "train_reranker:requested";
    crate::db::transaction(conn, |conn| {
        let pending: i64 = jobs::table
            .filter(jobs::dedupe_key.eq(key))
            .filter(jobs::status.eq_any(["queued", "running"]))
            .count()
            .get_result(conn)?;
        if pending > 0 {
            return Ok(false);
        }
        diesel::update(jobs::table.filter(jobs::dedupe_key.eq(key)))
            .set(jobs::dedupe_key.eq(None::<String>))
            .execute(conn)?;
        Ok(crate::jobs::enqueue(
            conn,
            crate::matching::service::TRAIN_RERANKER,
            serde_json::json!({ "requested": true }),
            Some(key),
        )?
        .is_some())
    })
}
