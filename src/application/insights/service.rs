//! Rules of the employer's answer figures: what counts as an answer, the funnel, the median.

use super::model::*;
use super::store;
use crate::db::{DbConnection, DbError};
use chrono::{Duration, NaiveDateTime, Utc};
use std::collections::HashMap;

/// Answered applications a company needs before its answer time is shown to students.
pub const ENOUGH_HISTORY: usize = 5;
/// Days after which an unanswered application is flagged to the employer.
pub const WAITING_DAYS: i64 = 14;

/// How far along the funnel a status is (`None`: not a funnel stage, e.g. withdrawn).
fn stage(status: &str) -> Option<usize> {
    match status {
        "pending" | "submitted" => Some(0),
        "viewed" => Some(1),
        "shortlisted" => Some(2),
        "interview" => Some(3),
        "offered" => Some(4),
        "accepted" => Some(5),
        _ => None,
    }
}

/// Whether a move answers the student: the company shortlisting, inviting, offering or
/// declining (opening the applicant's page, "viewed", is not an answer yet).
fn is_answer(to_status: &str) -> bool {
    ANSWERS.contains(&to_status)
}

/// The statuses a company answers with.
const ANSWERS: [&str; 4] = ["shortlisted", "interview", "offered", "not_selected"];

/// Days (fractional) from applying to the employer's first answer, per answered application.
fn first_answers(rows: &[AnswerRow], events: &[EventRow]) -> HashMap<i64, f64> {
    let by_id: HashMap<i64, &AnswerRow> = rows.iter().map(|r| (r.application_id, r)).collect();
    let mut first = HashMap::new();
    // Events come oldest first, so the first answer seen per application is the first given.
    for e in events {
        let Some(row) = by_id.get(&e.application_id) else {
            continue;
        };
        // Praktiki's own moves (no actor) and the student's are no answer from the company.
        let by_company = e.actor_user_id.is_some_and(|a| a != row.student_user_id);
        if !by_company || !is_answer(&e.to_status) || first.contains_key(&e.application_id) {
            continue;
        }
        let seconds = (e.at - row.applied_at).num_seconds().max(0) as f64;
        first.insert(e.application_id, seconds / 86_400.0);
    }
    first
}

/// The median of some values (`None` for none).
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    })
}

/// The funnel of each of the company's `postings` (id, title), in their order.
pub fn funnels(
    conn: &mut DbConnection,
    employer_id: i64,
    postings: &[(i64, String)],
) -> Result<Vec<PostingFunnel>, DbError> {
    let rows = store::applications_of(conn, employer_id)?;
    let events = store::events_of(conn, employer_id)?;
    Ok(compute(&rows, &events, postings, Utc::now().naive_utc()))
}

/// The figures themselves, from the rows (kept apart from the queries so it is testable).
pub fn compute(
    rows: &[AnswerRow],
    events: &[EventRow],
    postings: &[(i64, String)],
    now: NaiveDateTime,
) -> Vec<PostingFunnel> {
    let answers = first_answers(rows, events);
    // The furthest stage each application reached, from its history and its status.
    let mut furthest: HashMap<i64, usize> = HashMap::new();
    for r in rows {
        if let Some(s) = stage(&r.status) {
            furthest.insert(r.application_id, s);
        }
    }
    for e in events {
        if let Some(s) = stage(&e.to_status) {
            let entry = furthest.entry(e.application_id).or_insert(0);
            *entry = (*entry).max(s);
        }
    }
    let waiting_since = now - Duration::days(WAITING_DAYS);
    postings
        .iter()
        .map(|(id, title)| {
            let mine: Vec<&AnswerRow> = rows.iter().filter(|r| r.internship_id == *id).collect();
            let mut counts = [0i64; 6];
            for r in &mine {
                let reached = furthest.get(&r.application_id).copied().unwrap_or(0);
                for count in counts.iter_mut().take(reached + 1) {
                    *count += 1;
                }
            }
            let waiting = mine
                .iter()
                .filter(|r| matches!(r.status.as_str(), "pending" | "submitted" | "viewed"))
                .filter(|r| {
                    r.applied_at < waiting_since && !answers.contains_key(&r.application_id)
                })
                .count() as i64;
            PostingFunnel {
                internship_id: *id,
                title: title.clone(),
                counts,
                median_days: median(
                    mine.iter()
                        .filter_map(|r| answers.get(&r.application_id).copied())
                        .collect(),
                ),
                waiting,
            }
        })
        .collect()
}

/// "Usually answers within N days" for a company: the median first-answer time over all its
/// postings rounded up to whole days (at least 1), once `ENOUGH_HISTORY` applications were
/// answered.
pub fn usual_answer_days(
    conn: &mut DbConnection,
    employer_id: i64,
) -> Result<Option<i64>, DbError> {
    // One read of the company's answers (oldest first, so the first seen per application is
    // the first given); every public page of a posting shows the figure.
    let mut first: HashMap<i64, f64> = HashMap::new();
    for (application_id, applied_at, at) in store::answers_of(conn, employer_id, &ANSWERS)? {
        first
            .entry(application_id)
            .or_insert_with(|| (at - applied_at).num_seconds().max(0) as f64 / 86_400.0);
    }
    if first.len() < ENOUGH_HISTORY {
        return Ok(None);
    }
    Ok(median(first.into_values().collect()).map(|d| (d.ceil() as i64).max(1)))
}

/// How long a company's "usually answers within" is remembered for its public pages: a median
/// over many answers moves slowly, and every view of a posting showed it (one read of every
/// answer the company gave, a round trip of its own on PostgreSQL).
const ANSWER_DAYS_KEPT: Duration = Duration::minutes(5);
/// Companies remembered at most (then all are forgotten and read again).
const ANSWER_DAYS_COMPANIES: usize = 20_000;

/// `usual_answer_days` as read at most `ANSWER_DAYS_KEPT` ago (per database handle `db_key`,
/// see `Db::key`), for the public pages of postings.
pub fn usual_answer_days_lately(
    conn: &mut DbConnection,
    db_key: u64,
    employer_id: i64,
) -> Result<Option<i64>, DbError> {
    static KEPT: std::sync::OnceLock<AnswerDaysMemo> = std::sync::OnceLock::new();
    KEPT.get_or_init(AnswerDaysMemo::default).get_or_read(
        (db_key, employer_id),
        Utc::now().naive_utc(),
        || usual_answer_days(conn, employer_id),
    )
}

/// (database handle, company).
type AnswerDaysKey = (u64, i64);

/// Answer figures by (database handle, company), with when they were read.
#[derive(Default)]
struct AnswerDaysMemo(std::sync::Mutex<HashMap<AnswerDaysKey, (NaiveDateTime, Option<i64>)>>);

impl AnswerDaysMemo {
    fn get_or_read<E>(
        &self,
        key: AnswerDaysKey,
        now: NaiveDateTime,
        read: impl FnOnce() -> Result<Option<i64>, E>,
    ) -> Result<Option<i64>, E> {
        let kept = || self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((at, days)) = kept().get(&key)
            && now - *at < ANSWER_DAYS_KEPT
        {
            return Ok(*days);
        }
        let days = read()?;
        let mut kept = kept();
        if kept.len() >= ANSWER_DAYS_COMPANIES {
            kept.clear();
        }
        kept.insert(key, (now, days));
        Ok(days)
    }
}

/// The same for the company of a posting.
pub fn usual_answer_days_for_posting(
    conn: &mut DbConnection,
    internship_id: i64,
) -> Result<Option<i64>, DbError> {
    match store::employer_of(conn, internship_id)? {
        Some(employer_id) => usual_answer_days(conn, employer_id),
        None => Ok(None),
    }
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
