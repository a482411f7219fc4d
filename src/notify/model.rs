//! Types of the notify module.

use crate::db::schema::email_outbox;
use crate::web::i18n::{Lang, Msg};
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
    /// A one-click unsubscribe address (alerts), sent as `List-Unsubscribe` (RFC 8058).
    pub list_unsubscribe: Option<String>,
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
    pub list_unsubscribe: Option<String>,
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
    /// The message in `lang` (stored as a catalogue key with values; an old plain text shows as
    /// it was written).
    pub fn text(&self, lang: &Lang) -> String {
        Msg::decode(&self.message).text(*lang)
    }

    /// When, in IST and the reader's language.
    pub fn when(&self, lang: &Lang) -> String {
        crate::web::dates::datetime(*lang, self.created_at)
    }
}
