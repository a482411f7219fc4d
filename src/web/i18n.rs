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
    if let Ok(table) = source.parse::<toml::Table>() {
        walk("", &table, &mut out);
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
mod tests {
    use super::*;

    #[test]
    fn messages_are_translated_with_their_values() {
        let msg = Msg::new("err.max_chars").with("max", 200);
        assert_eq!(msg.text(Lang::En), "Keep this under 200 characters.");
        assert!(msg.text(Lang::Hi).contains("200"));
        assert_ne!(msg.text(Lang::Hi), msg.text(Lang::En));
        assert_eq!(Msg::decode(&msg.encode()), msg);
        assert_eq!(msg.to_string(), "Keep this under 200 characters.");
        let moved =
            Msg::new("flash.application_moved").with_key("status", "status_word.shortlisted");
        assert_eq!(moved.text(Lang::En), "Application moved to shortlisted.");
        assert_eq!(Msg::decode(&moved.encode()), moved);
        assert!(!moved.text(Lang::Hi).contains("shortlisted"));
    }

    #[test]
    fn a_plain_text_message_shows_as_it_is() {
        let msg = Msg::from("Something only the code knows.");
        assert_eq!(msg.encode(), "Something only the code knows.");
        assert_eq!(
            Msg::decode("Something only the code knows.").text(Lang::Hi),
            "Something only the code knows."
        );
        let tricky = Msg::new("err.max_chars").with("max", "{max} \u{1f}x=y");
        assert_eq!(
            Msg::decode(&tricky.encode()).text(Lang::En),
            "Keep this under {max}  x=y characters."
        );
    }

    #[test]
    fn accept_language_weights_are_honoured() {
        assert_eq!(Lang::preferred("hi-IN,hi;q=0.9,en;q=0.8"), Some(Lang::Hi));
        assert_eq!(Lang::preferred("en;q=0.5, hi"), Some(Lang::Hi));
        assert_eq!(Lang::preferred("en-GB, hi;q=0.7"), Some(Lang::En));
        assert_eq!(Lang::preferred("hi;q=0, en;q=0.1"), Some(Lang::En));
        assert_eq!(Lang::preferred("fr, de;q=0.8"), None);
        assert_eq!(Lang::preferred("hi;q=abc"), Some(Lang::Hi));
    }

    #[test]
    fn hindi_keys_exist_in_english() {
        let en = keys(Lang::En);
        assert!(!en.is_empty(), "English catalogue failed to parse");
        for key in keys(Lang::Hi) {
            assert!(en.contains(&key), "hi.toml has {key} which en.toml lacks");
        }
    }

    #[test]
    fn every_key_used_by_templates_and_code_is_in_english() {
        let en = keys(Lang::En);
        let mut missing = Vec::new();
        for dir in ["templates", "src"] {
            for path in files_under(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)) {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for key in used_keys(&text) {
                    if !en.contains(&key) {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys missing from locales/en.toml:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn falls_back_to_english_then_key() {
        assert_eq!(t(Lang::Hi, "no.such.key"), "no.such.key");
    }

    /// The Hindi catalogue is complete: a Hindi page never falls back to English text. (The
    /// admin area is translated too, so no prefix is exempt.)
    #[test]
    fn every_english_key_has_a_hindi_translation() {
        let [en, hi] = catalogues();
        // `flatten` yields nothing for a file that fails to parse; catch that loudly here.
        assert!(
            HI.parse::<toml::Table>().is_ok(),
            "locales/hi.toml does not parse"
        );
        let mut missing: Vec<&String> = en
            .keys()
            .filter(|key| hi.get(*key).is_none_or(|text| text.trim().is_empty()))
            .collect();
        missing.sort();
        assert!(
            missing.is_empty(),
            "keys of locales/en.toml without a Hindi translation in locales/hi.toml:\n{}",
            missing
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    /// Code fills `{name}`-style placeholders with `.replace("{name}", …)` after `t(…)`: a
    /// translation that drops or renames one would show a raw `{name}` or lose the value.
    #[test]
    fn hindi_keeps_every_placeholder_of_english() {
        let [en, hi] = catalogues();
        let mut wrong = Vec::new();
        for (key, english) in en {
            let Some(hindi) = hi.get(key) else { continue };
            let (want, got) = (placeholders(english), placeholders(hindi));
            if want != got {
                wrong.push(format!("{key}: English has {want:?}, Hindi has {got:?}"));
            }
        }
        wrong.sort();
        assert!(
            wrong.is_empty(),
            "placeholders differ:\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn placeholders_are_found() {
        assert_eq!(
            placeholders("{samples} of {min}, {good} good"),
            vec!["{good}", "{min}", "{samples}"]
        );
        assert!(placeholders("no {placeholder here").is_empty());
        assert!(placeholders("{ spaced } and {} are not placeholders").is_empty());
    }

    /// hi.toml keeps en.toml's tables and key order, so `diff` of the two lines up.
    #[test]
    fn hindi_catalogue_has_the_english_layout() {
        fn layout(source: &str) -> Vec<String> {
            source
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .map(|line| match line.split_once('=') {
                    Some((key, _)) if !line.starts_with('[') => key.trim().to_string(),
                    _ => line.to_string(),
                })
                .collect()
        }
        let (en, hi) = (layout(EN), layout(HI));
        let first_difference = en.iter().zip(&hi).position(|(e, h)| e != h);
        assert!(
            en.len() == hi.len() && first_difference.is_none(),
            "hi.toml's layout departs from en.toml's at entry {:?} (en: {:?}, hi: {:?})",
            first_difference.unwrap_or(en.len().min(hi.len())),
            first_difference.map(|i| &en[i]),
            first_difference.map(|i| &hi[i]),
        );
    }

    /// The `{identifier}` placeholders of a catalogue string, sorted, each once.
    fn placeholders(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            rest = &rest[open + 1..];
            let Some(close) = rest.find('}') else { break };
            let name = &rest[..close];
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                found.push(format!("{{{name}}}"));
                rest = &rest[close + 1..];
            }
        }
        found.sort();
        found.dedup();
        found
    }

    fn used_keys(text: &str) -> Vec<String> {
        // Matches `ctx.t("…")` in templates, `t(lang, "…")` and `flash::…("…")` in code.
        let mut keys = Vec::new();
        for marker in [
            ".t(\"",
            "t(lang, \"",
            "t(ctx.lang, \"",
            "flash::success(\"",
            "flash::info(\"",
            "flash::error(\"",
        ] {
            let mut rest = text;
            while let Some(pos) = rest.find(marker) {
                rest = &rest[pos + marker.len()..];
                if let Some(end) = rest.find('"') {
                    let key = &rest[..end];
                    if key.contains('.') && !key.contains(' ') && !key.contains('{') {
                        keys.push(key.to_string());
                    }
                }
            }
        }
        // Messages of code (form errors, flashes, refusals, emails, notifications) are string
        // literals starting with `err.`, `flash.`, `mail.` or `notice.` wherever they are written.
        for marker in [
            "\"err.",
            "\"flash.",
            "\"mail.",
            "\"notice.",
            "\"resume_read.",
            "\"alerts.",
            "\"account.",
        ] {
            let mut rest = text;
            while let Some(pos) = rest.find(marker) {
                rest = &rest[pos + 1..];
                if let Some(end) = rest.find('"') {
                    let key = &rest[..end];
                    if !key.contains(' ') && !key.contains('{') && !key.ends_with('.') {
                        keys.push(key.to_string());
                    }
                }
            }
        }
        keys.sort();
        keys.dedup();
        keys
    }

    fn files_under(dir: std::path::PathBuf) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    out.extend(files_under(path));
                } else {
                    out.push(path);
                }
            }
        }
        out
    }
}
