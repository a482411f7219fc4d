//! The messages the auth module sends, as catalogue keys (`[mail]` in `locales/`) put into words
//! in the recipient's language when queued; sent by a background job.

use crate::notify::Letter;
use crate::web::dates;
use crate::web::i18n::Msg;
use chrono::NaiveDateTime;

pub use crate::notify::email_user as send;

pub fn verify_email(link: &str, hours: i64) -> Letter {
    Letter::new(Msg::new("mail.verify_subject"))
        .line(Msg::new("mail.verify_intro"))
        .link(link, Msg::new("mail.verify_button"))
        .after(Msg::new("mail.verify_expiry").with("hours", hours))
}

pub fn reset_password(link: &str, minutes: i64) -> Letter {
    Letter::new(Msg::new("mail.reset_subject"))
        .line(Msg::new("mail.reset_intro"))
        .link(link, Msg::new("mail.reset_button"))
        .after(Msg::new("mail.reset_expiry").with("minutes", minutes))
}

/// `until` is the UTC end of the lock; the email gives it in IST.
pub fn account_locked(ip: &str, minutes: i64, until: NaiveDateTime, base_url: &str) -> Letter {
    let time = dates::ist(until).format("%H:%M").to_string();
    Letter::new(Msg::new("mail.locked_subject"))
        .line(
            Msg::new("mail.locked_body")
                .with("minutes", minutes)
                .with("ip", ip)
                .with("time", time),
        )
        .line(Msg::new("mail.locked_advice"))
        .link(
            format!("{base_url}/password/forgot"),
            Msg::new("mail.reset_button"),
        )
}

pub fn password_changed(ip: &str, base_url: &str) -> Letter {
    Letter::new(Msg::new("mail.changed_subject"))
        .line(Msg::new("mail.changed_body").with("ip", ip))
        .line(Msg::new("mail.changed_advice"))
        .link(
            format!("{base_url}/password/forgot"),
            Msg::new("mail.reset_button"),
        )
}

/// To the owner of an address someone tried to sign up with again (sign-up does not tell the
/// caller that the account exists).
pub fn signup_existing(base_url: &str) -> Letter {
    Letter::new(Msg::new("signup_notice.existing_subject"))
        .line(Msg::new("signup_notice.existing_body"))
        .link(
            format!("{base_url}/password/forgot"),
            Msg::new("mail.reset_button"),
        )
}
