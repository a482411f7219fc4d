//! A posting judged by its requirements: the sentences of a description that say what the intern
//! will do and needs to know are kept for matching; "about us", perks and equal-opportunity text
//! are dropped, so an employer who writes them loses nothing against one who does not (for the
//! embedding, the lexical match and the skills alike). Pages still show the whole description.

use crate::taxonomy::normalise;
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// Phrases of company, perk and equal-opportunity text (normalised, matched on word boundaries).
const CUES: &[&str] = &[
    "about us",
    "who we are",
    "we are a",
    "we are an",
    "we are the",
    "we are one",
    "we re a",
    "founded in",
    "founded by",
    "established in",
    "since 19",
    "since 20",
    "our mission",
    "our vision",
    "our team",
    "our company",
    "our clients",
    "our customers",
    "our culture",
    "our values",
    "our office",
    "our offices",
    "our founders",
    "our investors",
    "our products",
    "our platform",
    "our story",
    "headquartered",
    "leading provider",
    "market leader",
    "fast growing",
    "award winning",
    "trusted by",
    "backed by",
    "funded by",
    "customers across",
    "clients across",
    "offices in",
    "presence in",
    "we believe",
    "we offer",
    "we provide",
    "you will get",
    "you ll get",
    "you get",
    "perks",
    "benefits",
    "certificate",
    "letter of recommendation",
    "pre placement",
    "ppo",
    "flexible working",
    "flexible hours",
    "work life balance",
    "snacks",
    "stipend",
    "equal opportunity",
    "equal employment",
    "diversity",
    "diverse",
    "inclusive",
    "inclusion",
    "regardless of",
    "discriminate",
    "without regard",
    "apply now",
    "join us",
    "join our",
    "we are hiring",
    "visit our",
    "learn more",
    "culture",
    "mission is",
    "vision is",
];

/// Phrases that make a sentence about the intern's work even when it also reads like
/// boilerplate ("You will get to build dashboards in Power BI" is a task).
const TASK_CUES: &[&str] = &[
    "you will work",
    "you will build",
    "you will help",
    "responsibilities",
    "requirements",
    "must know",
    "must have",
    "should know",
    "required",
    "looking for someone",
    "skills we look for",
    "skills",
];

/// One automaton per list: every sentence of every posting is checked against both when the
/// catalogue loads (100,000 postings), and one pass per list is what keeps that load short.
static CUE_FINDER: LazyLock<AhoCorasick> = LazyLock::new(|| finder(CUES));
static TASK_CUE_FINDER: LazyLock<AhoCorasick> = LazyLock::new(|| finder(TASK_CUES));

fn finder(phrases: &[&str]) -> AhoCorasick {
    // The phrases are this file's constants: building their automaton cannot fail.
    AhoCorasick::new(phrases).expect("boilerplate cue phrases form an automaton")
}

/// Whether any of `finder`'s phrases occurs in `text` on word boundaries (`text` normalised).
fn has_any(finder: &AhoCorasick, text: &str) -> bool {
    let bytes = text.as_bytes();
    finder.find_overlapping_iter(text).any(|m| {
        (m.start() == 0 || bytes[m.start() - 1] == b' ')
            && (m.end() == bytes.len() || bytes[m.end()] == b' ')
    })
}

/// Whether a sentence is company, perk or equal-opportunity text rather than a task or a
/// requirement.
pub fn is_boilerplate(sentence: &str) -> bool {
    let norm = normalise(sentence);
    has_any(&CUE_FINDER, &norm) && !has_any(&TASK_CUE_FINDER, &norm)
}

/// The sentences of `text` (split after `.`, `!`, `?`, `;` followed by a space, and at line
/// breaks), trimmed, without empty ones.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (at, c) in text.char_indices() {
        let end = match c {
            '\n' => Some(at),
            '.' | '!' | '?' | ';' | '।' => {
                let next = at + c.len_utf8();
                (next >= bytes.len() || bytes[next] == b' ' || bytes[next] == b'\n').then_some(next)
            }
            _ => None,
        };
        if let Some(end) = end {
            let s = text[start..end].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = end;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The task and requirement sentences of a description, in order; the whole description when
/// every sentence reads like boilerplate (then there is nothing better to go on).
pub fn requirements(description: &str) -> String {
    let all = sentences(description);
    let kept: Vec<&str> = all.iter().copied().filter(|s| !is_boilerplate(s)).collect();
    if kept.is_empty() || kept.len() == all.len() {
        return description.to_string();
    }
    kept.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_perk_and_equal_opportunity_text_is_dropped_tasks_stay() {
        let text = "We are a fast-growing fintech start-up founded in 2015 with offices in Pune. \
                    Build weekly dashboards in Power BI. Write SQL queries for monthly reports. \
                    Perks: certificate, flexible hours and free snacks! \
                    We are an equal opportunity employer and do not discriminate.";
        assert_eq!(
            requirements(text),
            "Build weekly dashboards in Power BI. Write SQL queries for monthly reports."
        );
        // A task that mentions a perk-like phrase is still a task.
        assert!(!is_boilerplate("Skills we look for: Excel, Tally."));
        assert!(!is_boilerplate(
            "You will work on our platform's React front end."
        ));
        assert!(is_boilerplate("Our mission is to make credit fair."));
        // Nothing but boilerplate: keep it all rather than nothing.
        let only = "We are a design studio. Our team loves coffee.";
        assert_eq!(requirements(only), only);
        // A clean description is unchanged.
        let clean = "Maintain books in Tally ERP 9. Do monthly bank reconciliation.";
        assert_eq!(requirements(clean), clean);
    }

    #[test]
    fn sentences_split_on_ends_and_lines_not_inside_names() {
        assert_eq!(
            sentences("Use Node.js daily. Ship it!\nTest v1.2 too"),
            vec!["Use Node.js daily.", "Ship it!", "Test v1.2 too"]
        );
        assert!(sentences("  ").is_empty());
    }
}
