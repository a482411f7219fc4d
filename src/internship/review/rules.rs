//! The posting rules that protect students: a posting that asks them for money goes to an
//! administrator before anyone sees it. Internshala and PMIS forbid fees; scammers know the word
//! "fee" is watched, so the text is read the way a person would: case, spacing, punctuation and
//! simple look-alikes ("F.E.E", "r e g i s t r a t i o n", "f33", "फ़ीस") do not hide it.

/// Words that ask for money on their own (English and Hindi, after normalising).
const MONEY_WORDS: &[&str] = &[
    "fee",
    "fees",
    "deposit",
    "deposits",
    "payable",
    "शुल्क",
    "फीस",
    "जमाराशि",
];

/// Pairs of neighbouring words that ask for money ("registration charge", "security amount").
const MONEY_PHRASES: &[(&str, &str)] = &[
    ("registration", "charge"),
    ("registration", "charges"),
    ("registration", "amount"),
    ("joining", "charge"),
    ("joining", "charges"),
    ("training", "charge"),
    ("training", "charges"),
    ("security", "amount"),
    ("security", "money"),
    ("पंजीकरण", "राशि"),
    ("रजिस्ट्रेशन", "चार्ज"),
    ("भुगतान", "करें"),
    ("भुगतान", "करना"),
    ("भुगतान", "करने"),
    ("जमा", "राशि"),
];

/// Words written together with no space that still ask for money.
const MONEY_COMPOUNDS: &[&str] = &[
    "registrationfee",
    "registrationcharge",
    "securitydeposit",
    "joiningfee",
    "trainingfee",
    "processingfee",
];

/// Words after which "pay" (or "जमा") asks for money rather than promising a stipend:
/// an amount or a currency ("pay Rs 500", "pay ₹500", "500 रुपये जमा").
fn is_amount(word: &str) -> bool {
    let digits = word.trim_start_matches('₹');
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        || matches!(
            word,
            "rs" | "inr" | "₹" | "rupees" | "rupee" | "रुपये" | "रुपए" | "रु" | "amount"
        )
}

/// Letters and marks of a word: ASCII letters and digits, Devanagari (with its vowel signs and
/// virama, which Unicode does not call alphabetic) and the rupee sign.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{0900}'..='\u{097F}').contains(&c) || c == '₹'
}

/// One word, lower-cased, with look-alike digits read as letters when the word has letters
/// ("f33" → "fee", "dep0sit" → "deposit") and Hindi nukta variants folded ("फ़ीस" → "फीस").
fn fold(word: &str) -> String {
    let has_letters = word.chars().any(|c| c.is_alphabetic());
    word.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            '\u{093C}' | '\u{200C}' | '\u{200D}' => None,
            '\u{095E}' => Some('फ'),
            '\u{095B}' => Some('ज'),
            '0' if has_letters => Some('o'),
            '1' if has_letters => Some('i'),
            '3' if has_letters => Some('e'),
            '4' if has_letters => Some('a'),
            '5' if has_letters => Some('s'),
            c => Some(c),
        })
        .collect()
}

/// The words of `text`, normalised; runs of single letters typed apart ("f e e", "f.e.e",
/// "श ु ल ् क") are joined back into one word.
pub fn words(text: &str) -> Vec<String> {
    // "$" and "@" stand for letters in words that hide ("regi$tration").
    let text: String = text
        .chars()
        .map(|c| match c {
            '$' => 's',
            '@' => 'a',
            c => c,
        })
        .collect();
    let raw: Vec<String> = text
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(fold)
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut run = String::new();
    let mut run_len = 0;
    for word in raw {
        if word.chars().count() == 1 {
            run.push_str(&word);
            run_len += 1;
            continue;
        }
        flush(&mut out, &mut run, &mut run_len);
        out.push(word);
    }
    flush(&mut out, &mut run, &mut run_len);
    out
}

fn flush(out: &mut Vec<String>, run: &mut String, run_len: &mut usize) {
    if *run_len > 0 {
        let joined = std::mem::take(run);
        // "pay a f e e": the article joins the run ("afee"); the run without it is read too.
        let without_article = joined
            .strip_prefix('a')
            .or_else(|| joined.strip_prefix('i'))
            .filter(|rest| *run_len > 2 && !rest.is_empty())
            .map(str::to_string);
        out.push(joined);
        out.extend(without_article);
        *run_len = 0;
    }
}

/// The money words a posting's text uses, as found (empty when it asks for nothing).
pub fn money_words(text: &str) -> Vec<String> {
    let words = words(text);
    let mut found: Vec<String> = Vec::new();
    let mut add = |w: String| {
        if !found.contains(&w) {
            found.push(w);
        }
    };
    for (i, word) in words.iter().enumerate() {
        let next = words.get(i + 1).map(String::as_str).unwrap_or("");
        let after_next = words.get(i + 2).map(String::as_str).unwrap_or("");
        if MONEY_WORDS.contains(&word.as_str()) {
            add(word.clone());
        }
        // A run of letters typed apart may carry a prefix ("a f e e" → "afee").
        if word.len() > 3 && MONEY_COMPOUNDS.iter().any(|c| word.contains(c)) {
            add(word.clone());
        }
        if MONEY_PHRASES.contains(&(word.as_str(), next)) {
            add(format!("{word} {next}"));
        }
        if matches!(word.as_str(), "pay" | "deposit")
            && (is_amount(next) || (next.len() <= 2 && is_amount(after_next)))
        {
            add(format!("{word} {next}"));
        }
        if word == "जमा" && (is_amount(next) || i > 0 && is_amount(&words[i - 1])) {
            add(word.clone());
        }
    }
    found
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
