//! Messages rendered from Askama template pairs (text and HTML) and queued for a recipient. Modules
//! email people through [`super::tell`], which writes every message in the recipient's language.

use super::model::Email;
use crate::db::{DbConnection, DbError};
use askama::Template;

/// A rendered message without its recipient.
pub struct Message {
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// An iCalendar invitation to attach (see `application::interviews::ics`).
    pub calendar: Option<String>,
}

/// Queues `message` for `to` in the caller's transaction.
pub fn queue(conn: &mut DbConnection, to: &str, message: Message) -> Result<(), DbError> {
    queue_with_unsubscribe(conn, to, message, None)
}

/// Like [`queue`], with a one-click unsubscribe address for the `List-Unsubscribe` headers.
pub fn queue_with_unsubscribe(
    conn: &mut DbConnection,
    to: &str,
    message: Message,
    list_unsubscribe: Option<&str>,
) -> Result<(), DbError> {
    super::service::queue_email(
        conn,
        &Email {
            to: to.to_string(),
            subject: message.subject,
            text: message.text,
            html: message.html,
            calendar: message.calendar,
            list_unsubscribe: list_unsubscribe.map(str::to_string),
        },
    )?;
    Ok(())
}

/// Renders a template pair into a message.
pub fn render<T: Template, H: Template>(subject: &str, text: T, html: H) -> Message {
    // Rendering fixed templates over plain strings cannot fail in practice; if it ever did, a
    // plain subject-only message still tells the user what happened.
    Message {
        subject: subject.to_string(),
        text: text.render().unwrap_or_else(|_| subject.to_string()),
        html: html.render().ok(),
        calendar: None,
    }
}
