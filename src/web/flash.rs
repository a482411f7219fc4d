//! One-shot messages shown on the next page after a redirect (stored in a signed cookie). A
//! flash carries a [`Msg`] (catalogue key and values, encoded) and is put into words in the
//! language of the page that shows it.

use super::i18n::{Lang, Msg};
pub use actix_web_flash_messages::{FlashMessage, IncomingFlashMessages, Level};

/// A flash message ready for a template.
#[derive(Debug, Clone)]
pub struct Flash {
    /// CSS class suffix: info, success, warning, error.
    pub kind: &'static str,
    pub text: String,
}

pub fn collect(incoming: &IncomingFlashMessages, lang: Lang) -> Vec<Flash> {
    incoming
        .iter()
        .map(|m| Flash {
            kind: match m.level() {
                Level::Success => "success",
                Level::Warning => "warning",
                Level::Error => "error",
                _ => "info",
            },
            text: Msg::decode(m.content()).text(lang),
        })
        .collect()
}

pub fn success(message: impl Into<Msg>) {
    FlashMessage::success(message.into().encode()).send();
}

pub fn info(message: impl Into<Msg>) {
    FlashMessage::info(message.into().encode()).send();
}

pub fn error(message: impl Into<Msg>) {
    FlashMessage::error(message.into().encode()).send();
}
