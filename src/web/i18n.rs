//! Every user-facing string of the pages goes through [`t`]. Catalogues are TOML files under
//! `locales/` compiled into the binary; a missing Hindi string falls back to English, a missing
//! English string shows its key (and a test fails).

use actix_web::HttpRequest;
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
        // Matches `ctx.t("…")` in templates and `t(lang, "…")` in code.
        let mut keys = Vec::new();
        for marker in [".t(\"", "t(lang, \"", "t(ctx.lang, \""] {
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
