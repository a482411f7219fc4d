//! Types of the review queue of postings.

use crate::db::schema::posting_reviews;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;

/// What put a posting in the queue.
pub const KIND_RULES: &str = "rules";
pub const KIND_REPORT: &str = "report";

/// The status of a posting held for review. `draft` is a status every listing query already
/// leaves out (and the database's CHECK allows); nothing else makes drafts, so a draft is a
/// posting waiting for review (its open `posting_reviews` row says why).
pub const HELD_STATUS: &str = "draft";

/// Why a posting was held back by the rules (stored comma-separated in `reasons`).
pub const RULE_ASKS_MONEY: &str = "asks_money";
pub const RULE_LOW_STIPEND: &str = "low_stipend";
pub const RULE_NEW_COMPANY: &str = "new_company";

/// The reasons a student may give when reporting a posting.
pub const REPORT_REASONS: [&str; 5] = ["asks_money", "fake", "misleading", "offensive", "other"];

/// A row of `posting_reviews`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = posting_reviews)]
pub struct PostingReview {
    pub id: i64,
    pub internship_id: i64,
    pub kind: String,
    pub reasons: String,
    pub note: Option<String>,
    pub reporter_user_id: Option<i64>,
    pub status: String,
    pub decided_by: Option<i64>,
    pub decision_note: Option<String>,
    pub created_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
}

impl PostingReview {
    /// The reason codes, one by one.
    pub fn reason_codes(&self) -> Vec<&str> {
        self.reasons.split(',').filter(|r| !r.is_empty()).collect()
    }
}

/// One entry of the admin's queue: the review with the posting and who is involved.
#[derive(Debug, Clone)]
pub struct QueueEntry {
    pub review: PostingReview,
    pub title: String,
    pub description: String,
    pub company_name: String,
    pub stipend_amount: Option<i32>,
    pub reporter_name: Option<String>,
}

/// The run-time posting rules an admin sets at `/admin/review`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PostingRules {
    /// A posting paying less than this (per month, in rupees) waits for review; 0 = no minimum.
    pub min_stipend: i32,
    /// Each company's first N postings wait for review; 0 = none.
    pub first_postings: i32,
}

/// `app_settings` keys of the posting rules.
pub const SETTING_MIN_STIPEND: &str = "review_min_stipend";
pub const SETTING_FIRST_POSTINGS: &str = "review_first_postings";

/// The report form (`POST /internships/{id}/report`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReportForm {
    pub reason: String,
    pub note: String,
}

/// The rules form (`POST /admin/review/rules`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RulesForm {
    pub min_stipend: String,
    pub first_postings: String,
}

/// An admin's decision on a queue entry (`POST /admin/review/{id}/{verb}`, field `reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Rules: the posting goes live.
    Approve,
    /// Rules: the posting is refused (taken down with the reason).
    Reject,
    /// Report: nothing wrong, the posting stays.
    Keep,
    /// Report: the employer is asked to change the posting.
    RequestEdit,
    /// Report: the posting is taken down.
    TakeDown,
}

impl Decision {
    pub fn from_verb(verb: &str) -> Option<Decision> {
        Some(match verb {
            "approve" => Decision::Approve,
            "reject" => Decision::Reject,
            "keep" => Decision::Keep,
            "request-edit" => Decision::RequestEdit,
            "take-down" => Decision::TakeDown,
            _ => return None,
        })
    }

    /// The review's status after the decision.
    pub fn status(self) -> &'static str {
        match self {
            Decision::Approve => "approved",
            Decision::Reject => "rejected",
            Decision::Keep => "kept",
            Decision::RequestEdit => "edit_requested",
            Decision::TakeDown => "taken_down",
        }
    }

    /// Which kind of entry the decision applies to.
    pub fn kind(self) -> &'static str {
        match self {
            Decision::Approve | Decision::Reject => KIND_RULES,
            _ => KIND_REPORT,
        }
    }
}
