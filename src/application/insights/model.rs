//! Types of the employer's answer figures.

use chrono::NaiveDateTime;

/// The stages of the funnel, in order; an application counts in every stage up to the furthest
/// it reached.
pub const STAGES: [&str; 6] = [
    "applied",
    "viewed",
    "shortlisted",
    "interview",
    "offered",
    "accepted",
];

/// One posting's funnel and answer time.
#[derive(Debug, Clone)]
pub struct PostingFunnel {
    pub internship_id: i64,
    pub title: String,
    /// Applications that reached each of `STAGES`.
    pub counts: [i64; 6],
    /// Median days from applying to the employer's first answer (none yet: `None`).
    pub median_days: Option<f64>,
    /// Open applications with no answer after `WAITING_DAYS`.
    pub waiting: i64,
}

impl PostingFunnel {
    /// The median as the dashboard prints it ("2.5").
    pub fn median_label(&self) -> Option<String> {
        self.median_days.map(|d| format!("{d:.1}"))
    }
}

/// An application with the figures the funnel needs.
#[derive(Debug, Clone)]
pub struct AnswerRow {
    pub application_id: i64,
    pub internship_id: i64,
    pub status: String,
    pub applied_at: NaiveDateTime,
    pub student_user_id: i64,
}

/// One status change with its author.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub application_id: i64,
    pub to_status: String,
    pub actor_user_id: Option<i64>,
    pub at: NaiveDateTime,
}

/// "This employer usually answers within N days." in the page's language (templates pass
/// their values by reference).
pub fn answers_within(lang: &crate::web::i18n::Lang, days: &i64) -> String {
    crate::web::i18n::Msg::new("insights.answers_within")
        .with("days", days)
        .text(*lang)
}
