//! Diesel queries of the job system. Claiming is a conditional UPDATE, so two instances polling
//! the same table never run one job twice.

use super::model::Job;
use crate::db::schema::jobs;
use crate::db::{DbConnection, DbError};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

/// Inserts a job; with a dedupe key already taken, inserts nothing and returns `None`. The
/// conflict is the database's to settle (`ON CONFLICT DO NOTHING`): every instance offers each
/// periodic job on every poll, and an insert that failed on the unique key wrote an error into
/// PostgreSQL's log and rolled a transaction back each time.
pub fn insert(
    conn: &mut DbConnection,
    kind: &str,
    payload: &str,
    run_at: NaiveDateTime,
    dedupe_key: Option<&str>,
) -> Result<Option<i64>, DbError> {
    let now = chrono::Utc::now().naive_utc();
    let values = (
        jobs::kind.eq(kind),
        jobs::payload.eq(payload),
        jobs::run_at.eq(run_at),
        jobs::dedupe_key.eq(dedupe_key),
        jobs::created_at.eq(now),
        jobs::updated_at.eq(now),
    );
    Ok(crate::on_backend!(conn, |c| diesel::insert_into(
        jobs::table
    )
    .values(values)
    .on_conflict_do_nothing()
    .returning(jobs::id)
    .get_result::<i64>(c)
    .optional())?)
}

/// Claims the oldest due job for `worker`, or `None` when nothing is due.
pub fn claim_next(
    conn: &mut DbConnection,
    worker: &str,
    now: NaiveDateTime,
) -> Result<Option<Job>, DbError> {
    for _ in 0..5 {
        let candidate: Option<i64> = jobs::table
            .filter(jobs::status.eq("queued"))
            .filter(jobs::run_at.le(now))
            .order((jobs::run_at.asc(), jobs::id.asc()))
            .select(jobs::id)
            .first(conn)
            .optional()?;
        let Some(id) = candidate else { return Ok(None) };
        let claimed = diesel::update(jobs::table.find(id).filter(jobs::status.eq("queued")))
            .set((
                jobs::status.eq("running"),
                jobs::locked_by.eq(worker),
                jobs::locked_at.eq(Some(now)),
                jobs::attempts.eq(jobs::attempts + 1),
                jobs::updated_at.eq(now),
            ))
            .execute(conn)?;
        if claimed == 1 {
            return Ok(Some(
                jobs::table.find(id).select(Job::as_select()).first(conn)?,
            ));
        }
        // Another instance took it first: look again.
    }
    Ok(None)
}

pub fn complete(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> Result<(), DbError> {
    diesel::update(jobs::table.find(id))
        .set((
            jobs::status.eq("done"),
            jobs::locked_by.eq(None::<String>),
            jobs::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Back-off after the n-th failed attempt: 10 s, 20 s, 40 s… capped at one hour.
pub fn backoff(attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 12) as u32 - 1;
    Duration::seconds((10i64 << exp).min(3600))
}

/// Records a failure: retried later, or `failed` for good after the last attempt.
pub fn fail(
    conn: &mut DbConnection,
    job: &Job,
    error: &str,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let error: String = error.chars().take(2000).collect();
    let final_failure = job.attempts >= job.max_attempts;
    let status = if final_failure { "failed" } else { "queued" };
    diesel::update(jobs::table.find(job.id))
        .set((
            jobs::status.eq(status),
            jobs::last_error.eq(Some(error)),
            jobs::run_at.eq(now + backoff(job.attempts)),
            jobs::locked_by.eq(None::<String>),
            jobs::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(final_failure)
}

/// Renews `worker`'s claim on a running job (its lease counts from `locked_at`); `false` when
/// the claim is no longer its own.
pub fn renew(
    conn: &mut DbConnection,
    id: i64,
    worker: &str,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let renewed = diesel::update(
        jobs::table
            .find(id)
            .filter(jobs::status.eq("running"))
            .filter(jobs::locked_by.eq(worker)),
    )
    .set(jobs::locked_at.eq(Some(now)))
    .execute(conn)?;
    Ok(renewed == 1)
}

/// Gives back to the queue every job `worker` still holds (its instance is stopping); they run
/// again without waiting for their lease. Returns how many.
pub fn release_worker(conn: &mut DbConnection, worker: &str) -> Result<usize, DbError> {
    Ok(diesel::update(
        jobs::table
            .filter(jobs::status.eq("running"))
            .filter(jobs::locked_by.eq(worker)),
    )
    .set((
        jobs::status.eq("queued"),
        jobs::locked_by.eq(None::<String>),
        jobs::attempts.eq(jobs::attempts - 1),
    ))
    .execute(conn)?)
}

/// Jobs whose instance died mid-run (their lease ran out) go back to the queue.
pub fn requeue_stale(
    conn: &mut DbConnection,
    locked_before: NaiveDateTime,
) -> Result<usize, DbError> {
    Ok(diesel::update(
        jobs::table
            .filter(jobs::status.eq("running"))
            .filter(jobs::locked_at.lt(locked_before)),
    )
    .set((
        jobs::status.eq("queued"),
        jobs::locked_by.eq(None::<String>),
    ))
    .execute(conn)?)
}

/// Deletes finished jobs older than `before`.
pub fn delete_done(conn: &mut DbConnection, before: NaiveDateTime) -> Result<usize, DbError> {
    Ok(diesel::delete(
        jobs::table
            .filter(jobs::status.eq("done"))
            .filter(jobs::updated_at.lt(before)),
    )
    .execute(conn)?)
}

/// The most recent jobs, for the admin page.
pub fn recent(conn: &mut DbConnection, limit: i64) -> Result<Vec<Job>, DbError> {
    Ok(jobs::table
        .order(jobs::id.desc())
        .limit(limit)
        .select(Job::as_select())
        .load(conn)?)
}
