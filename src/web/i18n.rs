//! Every user-facing string of the pages goes through [`t`]. Catalogues are TOML files under
//! `locales/` compiled into the binary; a missing Hindi string falls back to English, a missing
//! English string shows its key (and a test fails).

use actix_web::HttpRequest;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Hi,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Hi];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Hi => "hi",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "hi" => Some(Lang::Hi),
            _ => None,
        }
    }

    /// The `lang` cookie wins; then the first supported language in `Accept-Language`.
    pub fn of(req: &HttpRequest) -> Lang {
        if let Some(lang) = req
            .cookie(LANG_COOKIE)
            .and_then(|c| Lang::from_code(c.value()))
        {
            return lang;
        }
        req.headers()
            .get(actix_web::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Lang::preferred)
            .unwrap_or(Lang::En)
    }

    /// The supported language an `Accept-Language` value prefers most (by its `q` weights; the
    /// first listed wins a tie), if any.
    pub fn preferred(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let Some(lang) = Lang::from_code(tag.split('-').next().unwrap_or("")) else {
                continue;
            };
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
                best = Some((lang, q));
            }
        }
        best.map(|(lang, _)| lang)
    }
}

pub const LANG_COOKIE: &str = "lang";

const EN: &str = include_str!("../../locales/en.toml");
const HI: &str = include_str!("../../locales/hi.toml");

type Catalogue = HashMap<String, String>;

fn catalogues() -> &'static [Catalogue; 2] {
    static CATALOGUES: OnceLock<[Catalogue; 2]> = OnceLock::new();
    CATALOGUES.get_or_init(|| [flatten(EN), flatten(HI)])
}

/// Nested TOML tables become dotted keys: `[nav] home = "Home"` is `nav.home`.
fn flatten(source: &str) -> Catalogue {
    fn walk(prefix: &str, table: &toml::Table, out: &mut Catalogue) {
        for (key, value) in table {
            let full = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            match value {
                toml::Value::Table(inner) => walk(&full, inner, out),
                toml::Value::String(text) => {
                    out.insert(full, text.clone());
                }
                _ => {}
            }
        }
    }
    let mut out = Catalogue::new();
    // The catalogues are compiled in and a unit test parses both (a duplicate key, say, from a
    // merge); should one still fail, pages show keys rather than fail, and the log says why.
    match source.parse::<toml::Table>() {
        Ok(table) => walk("", &table, &mut out),
        Err(e) => tracing::error!(error = %e, "a message catalogue does not parse"),
    }
    out
}

/// The text for `key` in `lang`.
pub fn t(lang: Lang, key: &str) -> String {
    let [en, hi] = catalogues();
    let found = match lang {
        Lang::Hi => hi.get(key).or_else(|| en.get(key)),
        Lang::En => en.get(key),
    };
    found.cloned().unwrap_or_else(|| key.to_string())
}

/// A message for the user produced by code (a form error, a flash, a refusal): a catalogue key
/// and the values of its `{name}` placeholders, put into words only when a page shows it, in
/// that page's language. A text that is not a key (an old or internal message) shows as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    key: Cow<'static, str>,
    /// `(name, value, value_is_a_key)`: a key value is itself put into the page's language.
    params: Vec<(Cow<'static, str>, String, bool)>,
}

/// Separates the key and the `name=value` parameters of an encoded [`Msg`] (a unit separator,
/// which no key, parameter name or sensible value holds).
const SEP: char = '\u{1f}';

impl Msg {
    pub fn new(key: impl Into<Cow<'static, str>>) -> Msg {
        Msg {
            key: key.into(),
            params: Vec::new(),
        }
    }

    /// Fills the placeholder `{name}` with `value`.
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Msg {
        self.params
            .push((Cow::Borrowed(name), value.to_string(), false));
        self
    }

    /// Fills the placeholder `{name}` with the text of catalogue key `key`, in the same language
    /// (a status word, say).
    pub fn with_key(mut self, name: &'static str, key: impl Into<String>) -> Msg {
        self.params.push((Cow::Borrowed(name), key.into(), true));
        self
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    /// The message in `lang`, placeholders filled (in one pass, so a value that itself looks
    /// like `{name}` is shown as it is).
    pub fn text(&self, lang: Lang) -> String {
        let template = t(lang, &self.key);
        if self.params.is_empty() {
            return template;
        }
        let mut out = String::with_capacity(template.len());
        let mut rest = template.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let value = after.find('}').and_then(|close| {
                let name = &after[..close];
                self.params
                    .iter()
                    .find(|(n, _, _)| n == name)
                    .map(|(_, v, is_key)| (v, *is_key, close))
            });
            match value {
                Some((value, is_key, close)) => {
                    if is_key {
                        out.push_str(&t(lang, value));
                    } else {
                        out.push_str(value);
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// One string (for a flash cookie or an error's message): the key alone when there are no
    /// parameters, so a plain text encodes as itself.
    pub fn encode(&self) -> String {
        let mut out = self.key.replace(SEP, " ");
        for (name, value, is_key) in &self.params {
            out.push(SEP);
            if *is_key {
                out.push('@');
            }
            out.push_str(name);
            out.push('=');
            out.push_str(&value.replace(SEP, " "));
        }
        out
    }

    /// The inverse of [`Msg::encode`]; any other string is a message without parameters.
    pub fn decode(encoded: &str) -> Msg {
        let mut parts = encoded.split(SEP);
        let key = parts.next().unwrap_or("").to_string();
        let params = parts
            .filter_map(|part| part.split_once('='))
            .map(|(name, value)| {
                let (name, is_key) = match name.strip_prefix('@') {
                    Some(name) => (name, true),
                    None => (name, false),
                };
                (Cow::Owned(name.to_string()), value.to_string(), is_key)
            })
            .collect();
        Msg {
            key: Cow::Owned(key),
            params,
        }
    }
}

impl From<&'static str> for Msg {
    fn from(key: &'static str) -> Msg {
        Msg::new(key)
    }
}

impl From<String> for Msg {
    fn from(key: String) -> Msg {
        Msg::new(key)
    }
}

/// In English (logs, the command line, tests).
impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// Keys of a catalogue, for tests.
pub fn keys(lang: Lang) -> Vec<String> {
    let idx = match lang {
        Lang::En => 0,
        Lang::Hi => 1,
    };
    catalogues()[idx].keys().cloned().collect()
}

#[cfg(test)]
#[path = "i18n_tests.rs"]
mod tests;
