//! The messages the application module sends: one template pair (text and HTML) under
//! `templates/email/` for every update of an application, to the student or the employer.

use crate::notify::message::{Message, render};
use askama::Template;

pub use crate::notify::message::queue;

#[derive(Template)]
#[template(path = "email/application_update.txt")]
struct UpdateText<'a> {
    name: &'a str,
    headline: &'a str,
    note: Option<&'a str>,
    link: &'a str,
}

#[derive(Template)]
#[template(path = "email/application_update.html")]
struct UpdateHtml<'a> {
    name: &'a str,
    headline: &'a str,
    note: Option<&'a str>,
    link: &'a str,
}

/// "`headline`", an optional note from the other side, and a link to the application.
pub fn update(
    name: &str,
    subject: &str,
    headline: &str,
    note: Option<&str>,
    link: &str,
) -> Message {
    render(
        subject,
        UpdateText {
            name,
            headline,
            note,
            link,
        },
        UpdateHtml {
            name,
            headline,
            note,
            link,
        },
    )
}
