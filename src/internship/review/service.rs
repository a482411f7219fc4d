//! Rules of the review queue: which postings wait for an administrator, students' reports, and
//! the administrators' decisions. Every step is audited; employers and reporters are told.

use super::model::*;
use super::{rules, store};
use crate::audit::{self, Event, Outcome};
use crate::db::{DbConnection, DbError};
use crate::internship::model::{InternshipChanges, ScreeningQuestion};

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("not found")]
    NotFound,
    /// A refusal the user is shown (a catalogue key).
    #[error("{0}")]
    Refused(&'static str),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for ReviewError {
    fn from(e: diesel::result::Error) -> Self {
        ReviewError::Db(e.into())
    }
}

/// The posting rules in force (what admins saved, else none).
pub fn posting_rules(conn: &mut DbConnection) -> Result<PostingRules, DbError> {
    let number = |v: Option<String>| v.and_then(|v| v.parse::<i32>().ok()).unwrap_or(0);
    Ok(PostingRules {
        min_stipend: number(store::setting(conn, SETTING_MIN_STIPEND)?),
        first_postings: number(store::setting(conn, SETTING_FIRST_POSTINGS)?),
    })
}

/// Why a posting must wait for review (rule codes, empty when it may go live). `prior_postings`
/// counts the company's postings before this one; `None` for an edit.
pub fn reasons_to_hold(
    changes: &InternshipChanges,
    questions: &[ScreeningQuestion],
    rules_in_force: PostingRules,
    prior_postings: Option<i64>,
) -> Vec<&'static str> {
    let mut text = format!("{}\n{}", changes.title, changes.description);
    for part in [&changes.qualifications, &changes.benefits]
        .into_iter()
        .flatten()
    {
        text.push('\n');
        text.push_str(part);
    }
    for q in questions {
        text.push('\n');
        text.push_str(&q.question);
    }
    let mut reasons = Vec::new();
    if !rules::money_words(&text).is_empty() {
        reasons.push(RULE_ASKS_MONEY);
    }
    if rules_in_force.min_stipend > 0
        && changes.stipend_amount.unwrap_or(0) < rules_in_force.min_stipend
    {
        reasons.push(RULE_LOW_STIPEND);
    }
    if prior_postings.is_some_and(|n| n < i64::from(rules_in_force.first_postings)) {
        reasons.push(RULE_NEW_COMPANY);
    }
    reasons
}

/// Screens a posting just saved (in the caller's transaction): when a rule holds it back it
/// leaves the public, joins the queue and the hold is audited. Returns the reasons.
pub fn screen(
    conn: &mut DbConnection,
    internship_id: i64,
    employer_id: i64,
    changes: &InternshipChanges,
    questions: &[ScreeningQuestion],
    is_new: bool,
) -> Result<Vec<&'static str>, DbError> {
    let rules_in_force = posting_rules(conn)?;
    let prior = if is_new {
        Some(store::postings_of(conn, employer_id)? - 1)
    } else {
        None
    };
    let reasons = reasons_to_hold(changes, questions, rules_in_force, prior);
    if reasons.is_empty() {
        return Ok(reasons);
    }
    let codes = reasons.join(",");
    store::set_under_review(conn, internship_id)?;
    store::hold(conn, internship_id, &codes)?;
    audit::record(
        conn,
        Event::new("internship_held_for_review", Outcome::Success)
            .target("internship", internship_id)
            .detail(&codes),
    )?;
    Ok(reasons)
}

/// The reasons an employer's postings wait for review: (internship id, rule codes).
pub fn held_for_employer(
    conn: &mut DbConnection,
    employer_id: i64,
) -> Result<Vec<(i64, Vec<String>)>, DbError> {
    Ok(store::held_for_employer(conn, employer_id)?
        .into_iter()
        .map(|(id, codes)| (id, codes.split(',').map(str::to_string).collect()))
        .collect())
}

/// Why a posting waits for review (rule codes; empty when it does not).
pub fn held_reasons(conn: &mut DbConnection, internship_id: i64) -> Result<Vec<String>, DbError> {
    Ok(store::held_reasons(conn, internship_id)?
        .map(|codes| codes.split(',').map(str::to_string).collect())
        .unwrap_or_default())
}

/// A student reports a posting they can see. Reporting twice is one report.
pub fn report(
    conn: &mut DbConnection,
    user_id: i64,
    internship_id: i64,
    form: &ReportForm,
) -> Result<(), ReviewError> {
    let reason = form.reason.trim();
    if !REPORT_REASONS.contains(&reason) {
        return Err(ReviewError::Refused("review.err_reason"));
    }
    let note: String = form.note.trim().chars().take(1000).collect();
    if !crate::internship::service::listed(conn, internship_id)? {
        return Err(ReviewError::NotFound);
    }
    crate::db::transaction(conn, |conn| {
        let note = Some(note.as_str()).filter(|n| !n.is_empty());
        if store::insert_report(conn, internship_id, user_id, reason, note)? {
            audit::record(
                conn,
                Event::new("internship_reported", Outcome::Success)
                    .actor(Some(user_id), "")
                    .target("internship", internship_id)
                    .detail(reason),
            )?;
        }
        Ok::<_, ReviewError>(())
    })
}

/// The open queue, oldest first.
pub fn queue(conn: &mut DbConnection) -> Result<Vec<QueueEntry>, DbError> {
    store::open_queue(conn)
}

/// An administrator decides an open entry. `Refused` when the decision does not fit the entry
/// (approving a report) or another admin decided first.
pub fn decide(
    conn: &mut DbConnection,
    admin_id: i64,
    review_id: i64,
    decision: Decision,
    reason: &str,
) -> Result<(), ReviewError> {
    let review = store::find(conn, review_id)?.ok_or(ReviewError::NotFound)?;
    if review.kind != decision.kind() {
        return Err(ReviewError::Refused("review.err_wrong_decision"));
    }
    crate::db::transaction(conn, |conn| {
        let note = Some(reason).filter(|r| !r.is_empty());
        if !store::decide(conn, review_id, decision.status(), admin_id, note)? {
            return Err(ReviewError::Refused("review.err_decided"));
        }
        let internship = review.internship_id;
        match decision {
            Decision::Approve => {
                store::release(conn, internship)?;
                crate::matching::service::internship_changed(conn, internship)?;
            }
            Decision::Reject | Decision::TakeDown => {
                crate::internship::service::take_down(conn, internship, reason)?;
                crate::matching::service::internship_changed(conn, internship)?;
            }
            Decision::Keep | Decision::RequestEdit => {}
        }
        audit::record(
            conn,
            Event::new(action_of(decision), Outcome::Success)
                .actor(Some(admin_id), "")
                .target("internship", internship)
                .detail(reason),
        )?;
        super::notices::tell(conn, &review, decision, reason)?;
        Ok(())
    })
}

fn action_of(decision: Decision) -> &'static str {
    match decision {
        Decision::Approve => "review_approved",
        Decision::Reject => "review_rejected",
        Decision::Keep => "report_kept",
        Decision::RequestEdit => "report_edit_requested",
        Decision::TakeDown => "report_taken_down",
    }
}

/// Saves the posting rules; audited.
pub fn save_rules(
    conn: &mut DbConnection,
    admin_id: i64,
    rules_in_force: PostingRules,
) -> Result<(), DbError> {
    crate::db::transaction(conn, |conn| {
        let min = rules_in_force.min_stipend.to_string();
        let first = rules_in_force.first_postings.to_string();
        store::save_setting(conn, SETTING_MIN_STIPEND, &min, admin_id)?;
        store::save_setting(conn, SETTING_FIRST_POSTINGS, &first, admin_id)?;
        let detail = format!("min_stipend={min} first_postings={first}");
        audit::record(
            conn,
            Event::new("posting_rules_changed", Outcome::Success)
                .actor(Some(admin_id), "")
                .detail(&detail),
        )
    })
}

/// Reads the rules form: whole numbers in range, else the field's error.
pub fn parse_rules(form: &RulesForm) -> Result<PostingRules, crate::web::FieldErrors> {
    let mut errors = crate::web::FieldErrors::default();
    let mut number = |field: &'static str, raw: &str, max: i32| match raw.trim() {
        "" => 0,
        raw => match raw.replace(',', "").parse::<i32>() {
            Ok(v) if (0..=max).contains(&v) => v,
            _ => {
                errors.add(field, "review.err_number");
                0
            }
        },
    };
    let rules_in_force = PostingRules {
        min_stipend: number("min_stipend", &form.min_stipend, 1_000_000),
        first_postings: number("first_postings", &form.first_postings, 100),
    };
    if errors.is_empty() {
        Ok(rules_in_force)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
