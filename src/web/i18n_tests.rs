//! Unit tests of `i18n.rs`.

use super::*;

#[test]
fn both_catalogues_parse_as_toml() {
    for (name, source) in [("en", EN), ("hi", HI)] {
        if let Err(e) = source.parse::<toml::Table>() {
            panic!("locales/{name}.toml does not parse: {e}");
        }
    }
}

#[test]
fn messages_are_translated_with_their_values() {
    let msg = Msg::new("err.max_chars").with("max", 200);
    assert_eq!(msg.text(Lang::En), "Keep this under 200 characters.");
    assert!(msg.text(Lang::Hi).contains("200"));
    assert_ne!(msg.text(Lang::Hi), msg.text(Lang::En));
    assert_eq!(Msg::decode(&msg.encode()), msg);
    assert_eq!(msg.to_string(), "Keep this under 200 characters.");
    let moved = Msg::new("flash.application_moved").with_key("status", "status_word.shortlisted");
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
        "\"cv.",
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
