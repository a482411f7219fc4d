//! The one way to tell a user something: in the app, by email, or both, always in the language the
//! user chose (`users.preferred_lang`). Every message is a catalogue key with values
//! ([`Msg`]); notifications are stored that way and put into words when shown, so a language
//! switch changes old ones too. A new email or notification needs only new keys in `locales/`:
//!
//! ```ignore
//! tell(conn, user_id, &Notice::new("application", Msg::new("notice.shortlisted").with("title", t))
//!     .link("/applications/7"), base_url)?;
//! ```

use super::message::Message;
use super::store;
use crate::db::{DbConnection, DbError};
use crate::web::i18n::{Lang, Msg, t};
use askama::Template;

/// Who a message goes to, as the users table knows them (deleted accounts have none).
pub struct Recipient {
    pub email: String,
    pub name: String,
    pub lang: Lang,
}

/// An email: a subject, paragraphs, an optional link (with the paragraphs that follow it).
#[derive(Debug, Clone)]
pub struct Letter {
    pub subject: Msg,
    pub lines: Vec<Msg>,
    pub link: Option<String>,
    /// What the HTML version's link says (the text version shows the address itself).
    pub link_label: Msg,
    pub after: Vec<Msg>,
}

impl Letter {
    pub fn new(subject: Msg) -> Letter {
        Letter {
            subject,
            lines: Vec::new(),
            link: None,
            link_label: Msg::new("mail.open_link"),
            after: Vec::new(),
        }
    }

    pub fn line(mut self, line: Msg) -> Letter {
        self.lines.push(line);
        self
    }

    /// An absolute address (emails leave the site).
    pub fn link(mut self, url: impl Into<String>, label: Msg) -> Letter {
        self.link = Some(url.into());
        self.link_label = label;
        self
    }

    pub fn after(mut self, line: Msg) -> Letter {
        self.after.push(line);
        self
    }

    /// The letter in `lang`, addressed to `name`.
    pub fn render(&self, name: &str, lang: Lang) -> Message {
        let hello = Msg::new("mail.hello").with("name", name).text(lang);
        let lines: Vec<String> = self.lines.iter().map(|m| m.text(lang)).collect();
        let after: Vec<String> = self.after.iter().map(|m| m.text(lang)).collect();
        let link = self.link.as_deref();
        let link_label = self.link_label.text(lang);
        let sign_off = t(lang, "mail.sign_off");
        let subject = self.subject.text(lang);
        let text = LetterText {
            hello: &hello,
            lines: &lines,
            link,
            after: &after,
            sign_off: &sign_off,
        };
        let html = LetterHtml {
            lang: lang.code(),
            hello: &hello,
            lines: &lines,
            link,
            link_label: &link_label,
            after: &after,
            sign_off: &sign_off,
        };
        super::message::render(&subject, text, html)
    }
}

#[derive(Template)]
#[template(path = "email/letter.txt")]
struct LetterText<'a> {
    hello: &'a str,
    lines: &'a [String],
    link: Option<&'a str>,
    after: &'a [String],
    sign_off: &'a str,
}

#[derive(Template)]
#[template(path = "email/letter.html")]
struct LetterHtml<'a> {
    lang: &'a str,
    hello: &'a str,
    lines: &'a [String],
    link: Option<&'a str>,
    link_label: &'a str,
    after: &'a [String],
    sign_off: &'a str,
}

/// The user's address, name and language; `None` for an erased or unknown account.
pub fn recipient(conn: &mut DbConnection, user_id: i64) -> Result<Option<Recipient>, DbError> {
    Ok(
        store::recipient(conn, user_id)?.map(|(email, name, lang)| Recipient {
            email,
            name,
            lang: Lang::from_code(&lang).unwrap_or(Lang::En),
        }),
    )
}

/// Emails `letter` to a user in the user's language, in the caller's transaction.
pub fn email_user(conn: &mut DbConnection, user_id: i64, letter: &Letter) -> Result<(), DbError> {
    let Some(to) = recipient(conn, user_id)? else {
        return Ok(());
    };
    super::message::queue(conn, &to.email, letter.render(&to.name, to.lang))
}

/// Like [`email_user`] for a mailing (an alert) the user can leave in one click: `unsubscribe`
/// goes into the `List-Unsubscribe` headers.
pub fn email_user_unsubscribable(
    conn: &mut DbConnection,
    user_id: i64,
    letter: &Letter,
    unsubscribe: &str,
) -> Result<(), DbError> {
    let Some(to) = recipient(conn, user_id)? else {
        return Ok(());
    };
    super::message::queue_with_unsubscribe(
        conn,
        &to.email,
        letter.render(&to.name, to.lang),
        Some(unsubscribe),
    )
}

/// Stores an in-app notification (shown on `/notifications` in the reader's language).
/// `link` is a path inside the app.
pub fn notify(
    conn: &mut DbConnection,
    user_id: i64,
    kind: &str,
    message: &Msg,
    link: Option<&str>,
) -> Result<(), DbError> {
    super::service::notify_user(conn, user_id, kind, &message.encode(), link)
}

/// Something that happened, told in the app and by email together.
#[derive(Debug, Clone)]
pub struct Notice {
    pub kind: &'static str,
    pub headline: Msg,
    /// The email's subject; the headline when not set.
    pub subject: Option<Msg>,
    /// A line under the headline in the email (a reason an administrator or employer wrote).
    pub note: Option<Msg>,
    /// A path inside the app.
    pub link: Option<String>,
}

impl Notice {
    pub fn new(kind: &'static str, headline: Msg) -> Notice {
        Notice {
            kind,
            headline,
            subject: None,
            note: None,
            link: None,
        }
    }

    pub fn subject(mut self, subject: Msg) -> Notice {
        self.subject = Some(subject);
        self
    }

    pub fn note(mut self, note: Option<Msg>) -> Notice {
        self.note = note;
        self
    }

    pub fn link(mut self, path: impl Into<String>) -> Notice {
        self.link = Some(path.into());
        self
    }

    /// The email version; `base_url` makes the link absolute.
    pub fn letter(&self, base_url: &str) -> Letter {
        let mut letter = Letter::new(
            self.subject
                .clone()
                .unwrap_or_else(|| self.headline.clone()),
        )
        .line(self.headline.clone());
        if let Some(note) = &self.note {
            letter = letter.line(note.clone());
        }
        if let Some(path) = &self.link {
            letter = letter.link(format!("{base_url}{path}"), Msg::new("mail.open_link"));
        }
        letter
    }
}

/// Tells a user in the app and by email.
pub fn tell(
    conn: &mut DbConnection,
    user_id: i64,
    notice: &Notice,
    base_url: &str,
) -> Result<(), DbError> {
    notify(
        conn,
        user_id,
        notice.kind,
        &notice.headline,
        notice.link.as_deref(),
    )?;
    email_user(conn, user_id, &notice.letter(base_url))
}

/// Like [`tell`], unless the user was already told something of this kind with this link (a
/// periodic reminder says it once); returns whether it was told.
pub fn tell_once(
    conn: &mut DbConnection,
    user_id: i64,
    notice: &Notice,
    base_url: &str,
) -> Result<bool, DbError> {
    let link = notice.link.as_deref().unwrap_or("");
    if store::has_notification(conn, user_id, notice.kind, link)? {
        return Ok(false);
    }
    tell(conn, user_id, notice, base_url)?;
    Ok(true)
}
