//! One-shot messages shown on the next page after a redirect (stored in a signed cookie).

pub use actix_web_flash_messages::{FlashMessage, IncomingFlashMessages, Level};

/// A flash message ready for a template.
#[derive(Debug, Clone)]
pub struct Flash {
    /// CSS class suffix: info, success, warning, error.
    pub kind: &'static str,
    pub text: String,
}

pub fn collect(incoming: &IncomingFlashMessages) -> Vec<Flash> {
    incoming
        .iter()
        .map(|m| Flash {
            kind: match m.level() {
                Level::Success => "success",
                Level::Warning => "warning",
                Level::Error => "error",
                _ => "info",
            },
            text: m.content().to_string(),
        })
        .collect()
}

pub fn success(text: impl Into<String>) {
    FlashMessage::success(text.into()).send();
}

pub fn info(text: impl Into<String>) {
    FlashMessage::info(text.into()).send();
}

pub fn error(text: impl Into<String>) {
    FlashMessage::error(text.into()).send();
}
