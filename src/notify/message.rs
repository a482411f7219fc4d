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
    }
}

#[derive(Template)]
#[template(path = "email/verification_decision.txt")]
struct DecisionText<'a> {
    name: &'a str,
    headline: &'a str,
    reason: Option<&'a str>,
    link: &'a str,
}

#[derive(Template)]
#[template(path = "email/verification_decision.html")]
struct DecisionHtml<'a> {
    name: &'a str,
    headline: &'a str,
    reason: Option<&'a str>,
    link: &'a str,
}

/// An administrator's decision on a company's or an institute's verification: `headline`, the
/// admin's reason when there is one, and a link to the account's dashboard.
pub fn verification_decision(
    name: &str,
    subject: &str,
    headline: &str,
    reason: Option<&str>,
    link: &str,
) -> Message {
    render(
        subject,
        DecisionText {
            name,
            headline,
            reason,
            link,
        },
        DecisionHtml {
            name,
            headline,
            reason,
            link,
        },
    )
}
