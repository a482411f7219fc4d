//! One normalisation step both sides go through before they are matched: students' profiles and
//! internships' postings are rewritten into the words the engine knows, and only the engine reads
//! the result — pages keep showing what people wrote (the employer's skill labels come from the
//! original list).
//!
//! Rules, in order, word by word:
//! 1. Devanagari skill and field words become their English forms (a table, `lexicon.rs`; nukta
//!    spellings fold together: डिज़ाइन = डिजाइन → design);
//! 2. abbreviations are spelt out ("mktg" → marketing, "ML" → machine learning) — never inside a
//!    token with digits or `+`/`#` ("GA4", "C++" stay);
//! 3. misspelt words are corrected against a vocabulary: the skill taxonomy's words, place names,
//!    everyday words, and the postings' own words that recur (a word must appear in two postings
//!    and not be one slip away from a taxonomy word: "temwork" in many postings is still a typo);
//!    a word of English (`words/english.txt`) is never corrected.
//!    The edit distance is weighted for how people slip — swapped neighbours, the key next door,
//!    a dropped or doubled letter cost less than any other change — and careful with short words:
//!    under four letters nothing is corrected (SQL, Git, C, R), up to five letters only a slip
//!    is, and a word that is a known word plus an ending ("designed", "learners") is left alone.

use super::boilerplate;
pub use super::devanagari::devanagari;
use super::lexicon::{ABBREVIATIONS, COMMON_WORDS, DEVANAGARI, is_english, keyboard_neighbours};
use crate::matching::model::{InternshipInput, StudentInput};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Where a known word comes from: a taxonomy word wins a tie over an everyday or place word,
/// which wins over a word learned from postings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Postings,
    Everyday,
    Taxonomy,
}

#[derive(Debug, Clone, Copy)]
struct Known {
    source: Source,
    /// In how many postings the word appears (0 when none were read).
    postings: u32,
}

/// The vocabulary and the rules. Build one with [`Normaliser::global`] (taxonomy, places and
/// everyday words) or [`Normaliser::for_postings`] (those and the postings' recurring words).
#[derive(Debug)]
pub struct Normaliser {
    known: HashMap<String, Known>,
    /// Known words by first letter: the candidates of a correction.
    by_first: HashMap<char, Vec<String>>,
    /// Words already looked at, and what they became: the same few hundred words come back in
    /// every profile and posting. Emptied when it grows past [`CACHE_WORDS`].
    cache: Mutex<HashMap<String, Option<String>>>,
}

/// Most words a normaliser remembers the correction of.
const CACHE_WORDS: usize = 50_000;

/// Longest word the corrector looks at (longer ones are left as written).
const MAX_WORD: usize = 32;

/// The normaliser without any postings' vocabulary, built once.
pub fn global() -> &'static Normaliser {
    static GLOBAL: OnceLock<Normaliser> = OnceLock::new();
    GLOBAL.get_or_init(|| Normaliser::with_postings(std::iter::empty::<String>()))
}

/// The long form of an abbreviation (a map: every word of every posting is looked up when the
/// catalogue loads).
fn abbreviation(word: &str) -> Option<&'static str> {
    static LONG: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    LONG.get_or_init(|| {
        let mut map = HashMap::new();
        for (short, long) in ABBREVIATIONS {
            // The first entry of a short form wins, as a search of the list in order did.
            map.entry(*short).or_insert(*long);
        }
        map
    })
    .get(word)
    .copied()
}

fn is_word(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())
}

impl Normaliser {
    /// A normaliser that also knows the recurring words of these postings.
    pub fn for_postings(internships: &[InternshipInput]) -> Normaliser {
        Normaliser::with_postings(
            internships
                .iter()
                .map(|i| format!("{} {} {}", i.title, i.description, i.skills.join(" "))),
        )
    }

    /// A normaliser that also knows the recurring words of these posting texts.
    pub fn with_postings<S: AsRef<str>>(texts: impl Iterator<Item = S>) -> Normaliser {
        let mut n = Normaliser {
            known: HashMap::new(),
            by_first: HashMap::new(),
            cache: Mutex::new(HashMap::new()),
        };
        let taxonomy = crate::taxonomy::taxonomy();
        let taxonomy_words: Vec<String> = taxonomy
            .words()
            .chain(taxonomy.fields().iter().map(String::as_str))
            .map(str::to_string)
            .collect();
        for w in taxonomy_words {
            n.add(&w, Source::Taxonomy, 0);
        }
        for w in COMMON_WORDS
            .split_whitespace()
            .chain(super::places::words())
        {
            n.add(w, Source::Everyday, 0);
        }
        for (_, english) in DEVANAGARI.iter().chain(ABBREVIATIONS) {
            for w in english.split(' ') {
                n.add(w, Source::Everyday, 0);
            }
        }
        let mut df: HashMap<String, u32> = HashMap::new();
        for text in texts {
            let mut seen: Vec<String> = crate::taxonomy::normalise(&devanagari(text.as_ref()))
                .split(' ')
                .filter(|w| is_word(w))
                .map(str::to_string)
                .collect();
            seen.sort();
            seen.dedup();
            for w in seen {
                *df.entry(w).or_default() += 1;
            }
        }
        let mut learned: Vec<(String, u32)> = df
            .iter()
            .filter(|(w, c)| **c >= 2 && w.len() >= 3)
            .map(|(w, c)| (w.clone(), *c))
            .collect();
        learned.sort();
        for (w, count) in &learned {
            if let Some(k) = n.known.get_mut(w) {
                k.postings = *count;
            } else if n.slip_of_taxonomy(w).is_none() {
                n.add(w, Source::Postings, *count);
            }
        }
        n
    }

    fn add(&mut self, word: &str, source: Source, postings: u32) {
        if !is_word(word) {
            return;
        }
        let entry = self.known.entry(word.to_string()).or_insert_with(|| {
            if let Some(first) = word.chars().next() {
                self.by_first
                    .entry(first)
                    .or_default()
                    .push(word.to_string());
            }
            Known { source, postings }
        });
        entry.source = entry.source.max(source);
        entry.postings = entry.postings.max(postings);
    }

    /// A taxonomy word `w` is one slip away from, if any (used to distrust postings' words).
    fn slip_of_taxonomy(&self, w: &str) -> Option<&str> {
        self.best(w, 0.8).filter(|c| {
            self.known
                .get(*c)
                .is_some_and(|k| k.source == Source::Taxonomy)
        })
    }

    /// Whether `w` is a known word, or one with a common ending ("designed", "learners").
    fn is_known(&self, w: &str) -> bool {
        if self.known.contains_key(w) {
            return true;
        }
        [
            "s", "es", "ed", "d", "ing", "er", "ers", "ly", "al", "ion", "ions",
        ]
        .iter()
        .filter_map(|end| w.strip_suffix(end))
        .filter(|stem| stem.len() >= 3)
        .any(|stem| {
            let e = format!("{stem}e");
            self.known.contains_key(stem)
                || self.known.contains_key(&e)
                || is_english(stem)
                || is_english(&e)
        })
    }

    /// The known word `w` is most likely a misspelling of, if it is one.
    pub fn correct(&self, w: &str) -> Option<String> {
        let len = w.len();
        if !(4..=MAX_WORD).contains(&len)
            || !is_word(w)
            || self.known.contains_key(w)
            || is_english(w)
        {
            return None;
        }
        if let Ok(cache) = self.cache.lock()
            && let Some(hit) = cache.get(w)
        {
            return hit.clone();
        }
        let fixed = if self.is_known(w) {
            None
        } else {
            let limit = match len {
                4..=5 => 0.8,
                6..=8 => 1.0,
                _ => 1.8,
            };
            self.best(w, limit).map(str::to_string)
        };
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= CACHE_WORDS {
                cache.clear();
            }
            cache.insert(w.to_string(), fixed.clone());
        }
        fixed
    }

    /// The closest known word within `limit`; ties go to the better source, then to the word more
    /// postings use; a tie beyond that is no correction.
    fn best(&self, w: &str, limit: f32) -> Option<&str> {
        let mut chars = w.chars();
        let first = chars.next()?;
        let second = chars.next();
        let mut best: Option<(f32, Source, u32, &str)> = None;
        let mut tied = false;
        for key in std::iter::once(first).chain(second.filter(|c| *c != first)) {
            // Each letter more or less costs at least 0.5.
            let reach = (limit / 0.5) as usize;
            for candidate in self.by_first.get(&key).into_iter().flatten() {
                if candidate.len().abs_diff(w.len()) > reach || candidate == w {
                    continue;
                }
                let Some(cost) = slip_distance(w, candidate, limit) else {
                    continue;
                };
                let Some(k) = self.known.get(candidate) else {
                    continue;
                };
                let rank = (cost, k.source, k.postings);
                match &best {
                    Some((c, s, p, _)) if (*c, *s, *p) == rank => tied = true,
                    Some((c, s, p, _))
                        if cost > *c || (cost == *c && (k.source, k.postings) < (*s, *p)) => {}
                    _ => {
                        best = Some((cost, k.source, k.postings, candidate));
                        tied = false;
                    }
                }
            }
        }
        if tied {
            return None;
        }
        best.map(|(_, _, _, word)| word)
    }

    /// The text with every rule applied (see the module's documentation).
    pub fn text(&self, text: &str) -> String {
        let text = devanagari(text);
        let mut out = String::with_capacity(text.len() + 16);
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].is_ascii_alphabetic() {
                out.push(chars[i]);
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let glued = |c: Option<&char>| {
                c.is_some_and(|c| c.is_ascii_digit() || matches!(c, '+' | '#' | '_' | '@'))
            };
            if glued(start.checked_sub(1).and_then(|p| chars.get(p))) || glued(chars.get(i)) {
                out.push_str(&word);
                continue;
            }
            let lower = word.to_ascii_lowercase();
            if let Some(long) = abbreviation(&lower) {
                out.push_str(long);
            } else if let Some(fixed) = self.correct(&lower) {
                out.push_str(&fixed);
            } else {
                out.push_str(&word);
            }
        }
        out
    }

    /// A student as the engine reads them; the listed skills as written stay for display.
    pub fn student(&self, s: &StudentInput) -> StudentInput {
        StudentInput {
            degree: self.text(&s.degree),
            department: self.text(&s.department),
            skills: s.skills.iter().map(|k| self.text(k)).collect(),
            interests: self.text(&s.interests),
            projects: self.text(&s.projects),
            resume_text: self.text(&s.resume_text),
            original_skills: s.skills.clone(),
            ..s.clone()
        }
    }

    /// An internship as the engine reads it: words normalised, and the description cut to its
    /// task and requirement sentences (about-us, perks and equal-opportunity text weigh nothing:
    /// `boilerplate.rs`). The listed skills as written stay for display.
    pub fn internship(&self, i: &InternshipInput) -> InternshipInput {
        InternshipInput {
            title: self.text(&i.title),
            description: self.text(&boilerplate::requirements(&i.description)),
            skills: i.skills.iter().map(|k| self.text(k)).collect(),
            original_skills: i.skills.clone(),
            ..i.clone()
        }
    }
}

/// Edit distance of a typed word to a known one, weighted for slips: two neighbours swapped 0.6,
/// the key next door 0.7, a doubled or dropped double letter 0.5, any other dropped or extra
/// letter 0.8 (1 for the first letter: people rarely slip there), any other change 1. `None`
/// past `limit`.
pub fn slip_distance(typed: &str, known: &str, limit: f32) -> Option<f32> {
    let (a, b) = (typed.as_bytes(), known.as_bytes());
    let (n, m) = (a.len(), b.len());
    if !typed.is_ascii() || !known.is_ascii() || n > MAX_WORD || m > MAX_WORD {
        return None;
    }
    let mut d = [[0f32; MAX_WORD + 1]; MAX_WORD + 1];
    let extra = |s: &[u8], at: usize| {
        if at >= 1 && s.get(at - 1) == s.get(at) || s.get(at + 1) == s.get(at) {
            0.5
        } else if at == 0 {
            1.0
        } else {
            0.8
        }
    };
    for i in 1..=n {
        d[i][0] = d[i - 1][0] + extra(a, i - 1);
    }
    for j in 1..=m {
        d[0][j] = d[0][j - 1] + extra(b, j - 1);
    }
    for i in 1..=n {
        let mut row_min = f32::MAX;
        for j in 1..=m {
            let sub = if a[i - 1] == b[j - 1] {
                0.0
            } else if keyboard_neighbours(b[j - 1] as char).contains(a[i - 1] as char) {
                0.7
            } else {
                1.0
            };
            let mut v = (d[i - 1][j - 1] + sub)
                .min(d[i - 1][j] + extra(a, i - 1))
                .min(d[i][j - 1] + extra(b, j - 1));
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 0.6);
            }
            d[i][j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return None;
        }
    }
    Some(d[n][m]).filter(|c| *c <= limit + 1e-6)
}

#[cfg(test)]
#[path = "normalise_tests.rs"]
mod tests;
