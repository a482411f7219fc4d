//! The messages the auth module sends. Each is an Askama template pair (text and HTML) under
//! `templates/email/`; they are queued in the caller's transaction and sent by a background job.

use askama::Template;

use crate::notify::message::render as message;
pub use crate::notify::message::{Message, queue};

#[derive(Template)]
#[template(path = "email/verify_email.txt")]
struct VerifyText<'a> {
    name: &'a str,
    link: &'a str,
    hours: i64,
}

#[derive(Template)]
#[template(path = "email/verify_email.html")]
struct VerifyHtml<'a> {
    name: &'a str,
    link: &'a str,
    hours: i64,
}

#[derive(Template)]
#[template(path = "email/reset_password.txt")]
struct ResetText<'a> {
    name: &'a str,
    link: &'a str,
    minutes: i64,
}

#[derive(Template)]
#[template(path = "email/reset_password.html")]
struct ResetHtml<'a> {
    name: &'a str,
    link: &'a str,
    minutes: i64,
}

#[derive(Template)]
#[template(path = "email/account_locked.txt")]
struct LockedText<'a> {
    name: &'a str,
    ip: &'a str,
    minutes: i64,
    base_url: &'a str,
}

#[derive(Template)]
#[template(path = "email/account_locked.html")]
struct LockedHtml<'a> {
    name: &'a str,
    ip: &'a str,
    minutes: i64,
    base_url: &'a str,
}

#[derive(Template)]
#[template(path = "email/password_changed.txt")]
struct ChangedText<'a> {
    name: &'a str,
    ip: &'a str,
    base_url: &'a str,
}

#[derive(Template)]
#[template(path = "email/password_changed.html")]
struct ChangedHtml<'a> {
    name: &'a str,
    ip: &'a str,
    base_url: &'a str,
}

pub fn verify_email(name: &str, link: &str, hours: i64) -> Message {
    message(
        "Confirm your email address for Praktiki",
        VerifyText { name, link, hours },
        VerifyHtml { name, link, hours },
    )
}

pub fn reset_password(name: &str, link: &str, minutes: i64) -> Message {
    message(
        "Reset your Praktiki password",
        ResetText {
            name,
            link,
            minutes,
        },
        ResetHtml {
            name,
            link,
            minutes,
        },
    )
}

pub fn account_locked(name: &str, ip: &str, minutes: i64, base_url: &str) -> Message {
    message(
        "Your Praktiki account was locked",
        LockedText {
            name,
            ip,
            minutes,
            base_url,
        },
        LockedHtml {
            name,
            ip,
            minutes,
            base_url,
        },
    )
}

pub fn password_changed(name: &str, ip: &str, base_url: &str) -> Message {
    message(
        "Your Praktiki password was changed",
        ChangedText { name, ip, base_url },
        ChangedHtml { name, ip, base_url },
    )
}

/// To the owner of an address someone tried to sign up with again (sign-up does not tell the
/// caller that the account exists). In English, the language of every account email so far:
/// accounts have no stored language yet.
pub fn signup_existing(name: &str, base_url: &str) -> Message {
    use crate::web::i18n::{Lang, t};
    crate::notify::message::notice(
        name,
        &t(Lang::En, "signup_notice.existing_subject"),
        &t(Lang::En, "signup_notice.existing_body"),
        None,
        &format!("{base_url}/password/forgot"),
    )
}
