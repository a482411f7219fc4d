//! The message an institute gets when an administrator decides on its verification (template
//! pair under `templates/email/`).

use crate::notify::message::{Message, render};
use askama::Template;

#[derive(Template)]
#[template(path = "email/institute_decision.txt")]
struct DecisionText<'a> {
    name: &'a str,
    headline: &'a str,
    reason: Option<&'a str>,
    link: &'a str,
}

#[derive(Template)]
#[template(path = "email/institute_decision.html")]
struct DecisionHtml<'a> {
    name: &'a str,
    headline: &'a str,
    reason: Option<&'a str>,
    link: &'a str,
}

/// "`headline`", the admin's reason when there is one, and a link to the institute's dashboard.
pub fn decision(
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
