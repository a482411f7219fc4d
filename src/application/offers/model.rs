//! Types of offers: the stored row, the terms as checked, the forms, what the pages show.

use crate::db::schema::offers;
use chrono::{NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Deserialize;

/// Days a student has to answer when the employer does not say; the employer may choose from
/// `MIN_REPLY_DAYS` to `MAX_REPLY_DAYS` (also when extending, counted from today).
pub const DEFAULT_REPLY_DAYS: i64 = 7;
pub const MIN_REPLY_DAYS: i64 = 2;
pub const MAX_REPLY_DAYS: i64 = 30;
/// Longest location/mode text of an offer.
pub const MAX_LOCATION: usize = 200;
/// Highest monthly stipend accepted, in rupees.
pub const MAX_STIPEND: i32 = 10_000_000;

/// Today in India: offers are answered by Indian dates.
pub fn today_in_india() -> NaiveDate {
    (Utc::now() + chrono::Duration::minutes(330)).date_naive()
}

/// Where an offer stands. `closed`: the company was suspended before the student answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferStatus {
    Open,
    Accepted,
    Declined,
    Expired,
    Closed,
}

impl OfferStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OfferStatus::Open => "open",
            OfferStatus::Accepted => "accepted",
            OfferStatus::Declined => "declined",
            OfferStatus::Expired => "expired",
            OfferStatus::Closed => "closed",
        }
    }
}

/// A row of `offers`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = offers)]
pub struct Offer {
    pub id: i64,
    pub application_id: i64,
    pub stipend_amount: Option<i32>,
    pub start_date: Option<NaiveDate>,
    pub location: Option<String>,
    pub note: Option<String>,
    pub reply_by: NaiveDate,
    pub extended: bool,
    pub status: String,
    pub made_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub answered_at: Option<NaiveDateTime>,
}

impl Offer {
    pub fn is_open(&self) -> bool {
        self.status == OfferStatus::Open.as_str()
    }

    /// The employer may move the reply-by date once, while the offer is open.
    pub fn may_extend(&self) -> bool {
        self.is_open() && !self.extended
    }

    pub fn reply_by_text(&self) -> String {
        self.reply_by.format("%d %b %Y").to_string()
    }

    pub fn start_text(&self) -> String {
        self.start_date
            .map(|d| d.format("%d %b %Y").to_string())
            .unwrap_or_default()
    }

    /// Translation key of where the offer stands.
    pub fn status_key(&self) -> &'static str {
        match self.status.as_str() {
            "open" => "offers.state_open",
            "accepted" => "offers.state_accepted",
            "declined" => "offers.state_declined",
            "expired" => "offers.state_expired",
            _ => "offers.state_closed",
        }
    }
}

/// The checked terms of a new offer.
#[derive(Debug, Clone, PartialEq)]
pub struct Terms {
    pub stipend_amount: Option<i32>,
    pub start_date: Option<NaiveDate>,
    pub location: Option<String>,
    pub note: Option<String>,
    pub reply_by: NaiveDate,
}

/// `POST /applications/{id}/offer/accept` and `/decline`: an optional word to the employer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    pub reason: String,
}

/// `POST /employer/applications/{id}/offer/extend`: the new date to answer by.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ExtendForm {
    pub reply_by: String,
}

/// An open offer as the student's dashboard lists it.
#[derive(Debug, Clone)]
pub struct OpenOffer {
    pub application_id: i64,
    pub title: String,
    pub company: String,
    pub reply_by: NaiveDate,
}

impl OpenOffer {
    pub fn reply_by_text(&self) -> String {
        self.reply_by.format("%d %b %Y").to_string()
    }
}

/// An open application of a student, with what telling its employer needs.
#[derive(Debug, Clone)]
pub struct OpenApplication {
    pub id: i64,
    pub status: String,
    pub internship_id: i64,
    pub title: String,
    pub employer_user_id: i64,
    pub student_user_id: i64,
}
