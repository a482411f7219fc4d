//! Messages rendered from Askama template pairs (text and HTML) and queued for a recipient. Every
//! module that emails people (auth, applications) builds its messages with these.

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
    super::service::queue_email(
        conn,
        &Email {
            to: to.to_string(),
            subject: message.subject,
            text: message.text,
            html: message.html,
            calendar: message.calendar,
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

#[derive(Template)]
#[template(path = "email/notice.txt")]
struct NoticeText<'a> {
    name: &'a str,
    headline: &'a str,
    reason: Option<&'a str>,
    link: &'a str,
}

#[derive(Template)]
#[template(path = "email/notice.html")]
struct NoticeHtml<'a> {
    name: &'a str,
    headline: &'a str,
    reason: Option<&'a str>,
    link: &'a str,
}

/// A short notice: `headline`, a reason when there is one (an administrator's, on a
/// verification decision), and a link to where it can be seen on Praktiki.
pub fn notice(
    name: &str,
    subject: &str,
    headline: &str,
    reason: Option<&str>,
    link: &str,
) -> Message {
    render(
        subject,
        NoticeText {
            name,
            headline,
            reason,
            link,
        },
        NoticeHtml {
            name,
            headline,
            reason,
            link,
        },
    )
}
