//! A lexical signal: Okapi BM25 of a student's words in each internship's text.

use super::skills::normalise;
use std::collections::HashMap;

const K1: f32 = 1.2;
const B: f32 = 0.75;

const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "all",
    "also",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "build",
    "built",
    "by",
    "can",
    "do",
    "did",
    "for",
    "from",
    "good",
    "has",
    "have",
    "i",
    "in",
    "interested",
    "into",
    "is",
    "it",
    "its",
    "know",
    "made",
    "make",
    "matters",
    "me",
    "my",
    "new",
    "of",
    "on",
    "or",
    "our",
    "plus",
    "role",
    "skills",
    "so",
    "such",
    "that",
    "the",
    "their",
    "this",
    "to",
    "up",
    "us",
    "using",
    "value",
    "we",
    "with",
    "work",
    "you",
    "your",
    "year",
    "final",
    "intern",
    "internship",
    "look",
    "looking",
    "especially",
    "enjoy",
    "strong",
];

/// The terms of a text: normalised words without stop words, plain plurals folded.
pub fn terms(text: &str) -> Vec<String> {
    normalise(text)
        .split(' ')
        .filter(|w| !w.is_empty() && !STOPWORDS.contains(w))
        .filter(|w| w.len() > 1 || w.chars().all(|c| c.is_alphabetic()))
        .map(|w| {
            if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
                w[..w.len() - 1].to_string()
            } else {
                w.to_string()
            }
        })
        .collect()
}

/// BM25 statistics over a set of documents (the active internships).
#[derive(Debug, Clone, Default)]
pub struct Bm25 {
    docs: Vec<HashMap<String, u32>>,
    lengths: Vec<u32>,
    document_frequency: HashMap<String, u32>,
    average_length: f32,
}

impl Bm25 {
    /// Indexes documents given as texts.
    pub fn new<S: AsRef<str>>(texts: &[S]) -> Bm25 {
        let mut index = Bm25::default();
        for text in texts {
            index.push(text.as_ref());
        }
        index
    }

    /// Adds a document; returns its position.
    pub fn push(&mut self, text: &str) -> usize {
        let mut tf: HashMap<String, u32> = HashMap::new();
        let words = terms(text);
        for w in &words {
            *tf.entry(w.clone()).or_insert(0) += 1;
        }
        for w in tf.keys() {
            *self.document_frequency.entry(w.clone()).or_insert(0) += 1;
        }
        let n = self.docs.len() as f32;
        self.average_length = (self.average_length * n + words.len() as f32) / (n + 1.0);
        self.lengths.push(words.len() as u32);
        self.docs.push(tf);
        self.docs.len() - 1
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when no document is indexed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// BM25 of the query terms (each distinct term once) in document `doc` (0 if out of range).
    pub fn score(&self, query: &[String], doc: usize) -> f32 {
        let (Some(tf), Some(&len)) = (self.docs.get(doc), self.lengths.get(doc)) else {
            return 0.0;
        };
        let n = self.docs.len() as f32;
        let avg = self.average_length.max(1.0);
        let mut seen: Vec<&str> = Vec::new();
        let mut score = 0.0;
        for term in query {
            if seen.contains(&term.as_str()) {
                continue;
            }
            seen.push(term);
            let Some(&f) = tf.get(term) else { continue };
            let df = self.document_frequency.get(term).copied().unwrap_or(0) as f32;
            let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            let f = f as f32;
            score += idf * f * (K1 + 1.0) / (f + K1 * (1.0 - B + B * len as f32 / avg));
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_drop_stop_words_and_fold_plurals() {
        assert_eq!(
            terms("We value Dashboards and the SQL queries"),
            vec!["dashboard", "sql", "querie"]
        );
    }

    #[test]
    fn rarer_shared_terms_score_higher() {
        let bm = Bm25::new(&[
            "python pandas dashboards",
            "python django web",
            "tally gst accounts",
        ]);
        let q = terms("pandas python");
        assert!(bm.score(&q, 0) > bm.score(&q, 1));
        assert_eq!(bm.score(&q, 2), 0.0);
        assert_eq!(bm.score(&q, 9), 0.0);
    }
}
