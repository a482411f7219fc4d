//! Devanagari skill and field words in their English forms (the first rule of the normalisation
//! step, `normalise.rs`): a table (`lexicon::DEVANAGARI`), with nukta spellings folded together.

use super::lexicon::DEVANAGARI;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Folds nukta spellings together (ज़ → ज) and drops zero-width joiners.
fn fold_nukta(word: &str) -> String {
    word.chars()
        .filter(|c| !matches!(c, '\u{093C}' | '\u{200C}' | '\u{200D}'))
        .map(|c| match c {
            '\u{0958}' => 'क',
            '\u{0959}' => 'ख',
            '\u{095A}' => 'ग',
            '\u{095B}' => 'ज',
            '\u{095C}' => 'ड',
            '\u{095D}' => 'ढ',
            '\u{095E}' => 'फ',
            '\u{095F}' => 'य',
            other => other,
        })
        .collect()
}

fn is_devanagari(c: char) -> bool {
    ('\u{0900}'..='\u{097F}').contains(&c) || matches!(c, '\u{200C}' | '\u{200D}')
}

/// Devanagari words the table knows, in English; others stay as written.
pub fn devanagari(text: &str) -> String {
    if !text.chars().any(is_devanagari) {
        return text.to_string();
    }
    static TABLE: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        DEVANAGARI
            .iter()
            .map(|(hi, en)| (fold_nukta(hi), *en))
            .collect()
    });
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            match table.get(&fold_nukta(word)) {
                Some(en) => out.push_str(en),
                None => out.push_str(word),
            }
            word.clear();
        }
    };
    for c in text.chars() {
        if is_devanagari(c) || (c == '+' && !word.is_empty()) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}
