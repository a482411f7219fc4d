//! Telling people what happened to an application: a notification in the app, stored as a
//! catalogue message so each reader sees it in their language, and an email. Users have no
//! stored language yet, so the email carries every catalogue language, English first.

use crate::application::emails;
use crate::db::{DbConnection, DbError};
use crate::notify::message::{Message, render};
use crate::notify::service::notify_user;
use crate::web::i18n::{self, Lang, Msg};
use askama::Template;

/// One language's words of an email.
struct Part {
    lang: &'static str,
    greeting: String,
    headline: String,
    note_label: String,
    see: String,
}

#[derive(Template)]
#[template(path = "email/offer_notice.txt")]
struct NoticeText<'a> {
    parts: &'a [Part],
    note: Option<&'a str>,
    link: &'a str,
}

#[derive(Template)]
#[template(path = "email/offer_notice.html")]
struct NoticeHtml<'a> {
    parts: &'a [Part],
    note: Option<&'a str>,
    link: &'a str,
}

/// The email: `headline` in every language, the note as the other side wrote it.
pub fn email(name: &str, headline: &Msg, note: Option<&str>, link: &str) -> Message {
    let parts: Vec<Part> = Lang::ALL
        .into_iter()
        .map(|lang| Part {
            lang: lang.code(),
            greeting: Msg::new("offers.email_greeting")
                .with("name", name)
                .text(lang),
            headline: headline.text(lang),
            note_label: i18n::t(lang, "offers.email_note"),
            see: i18n::t(lang, "offers.email_see"),
        })
        .collect();
    let subject = headline.text(Lang::En);
    render(
        &subject,
        NoticeText {
            parts: &parts,
            note,
            link,
        },
        NoticeHtml {
            parts: &parts,
            note,
            link,
        },
    )
}

/// Tells `user_id` in the app and by email, in the caller's transaction. `path` is the page
/// inside the app that shows it.
pub fn tell(
    conn: &mut DbConnection,
    user_id: i64,
    headline: &Msg,
    note: Option<&str>,
    path: &str,
    base_url: &str,
) -> Result<(), DbError> {
    notify_user(conn, user_id, "application", &headline.encode(), Some(path))?;
    if let Some((name, address)) = crate::application::store::user_contact(conn, user_id)? {
        let link = format!("{base_url}{path}");
        emails::queue(conn, &address, email(&name, headline, note, &link))?;
    }
    Ok(())
}

/// Where the employer sees an applicant, and where the student sees her application.
pub fn employer_path(application_id: i64) -> String {
    format!("/employer/applications/{application_id}")
}

pub fn student_path(application_id: i64) -> String {
    format!("/applications/{application_id}")
}
