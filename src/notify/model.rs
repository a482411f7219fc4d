//! Types of the notify module.

use crate::db::schema::email_outbox;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A message to send.
#[derive(Debug, Clone)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// An iCalendar invitation (RFC 5545 text) sent as a `text/calendar` part.
    pub calendar: Option<String>,
}

/// A row of the outbox.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = email_outbox)]
pub struct OutboxEmail {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub eml_path: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    /// The deliverable bodies of a message with a secret link, sealed, until it is sent.
    pub sealed_body: Option<String>,
    pub calendar_ics: Option<String>,
}

/// A row of `notifications`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = crate::db::schema::notifications)]
pub struct Notification {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub message: String,
    pub link: Option<String>,
    pub read_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl Notification {
    /// The message in `lang`: stored as a catalogue message (key and values) by newer code, as
    /// plain text by older code (shown as it is).
    pub fn text(&self, lang: impl std::borrow::Borrow<crate::web::i18n::Lang>) -> String {
        crate::web::i18n::Msg::decode(&self.message).text(*lang.borrow())
    }

    pub fn when(&self) -> String {
        self.created_at.format("%d %b %Y, %H:%M").to_string()
    }
}
