//! A lexical signal: Okapi BM25 of a student's words in each internship's text.

use crate::taxonomy::normalise;
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

/// A term as a 32-bit hash: a vocabulary of 100,000 words shares about one hash between two of
/// them (a slightly merged document frequency), and every listed internship's terms stay in
/// memory, so half the bytes of a 64-bit hash count (100,000 postings: ~80 MB less).
type TermHash = u32;

fn term_hash(term: &str) -> TermHash {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    term.hash(&mut h);
    let full = h.finish();
    (full ^ (full >> 32)) as TermHash
}

/// The terms of one document with their counts, sorted by term hash (a query is scored by one
/// merge of two sorted lists: no hashing or allocation per candidate).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocTerms {
    /// Boxed: no spare capacity is kept for each of 100,000 documents.
    counts: Box<[(TermHash, u32)]>,
    len: u32,
}

impl DocTerms {
    pub fn new(text: &str) -> DocTerms {
        let words = terms(text);
        let mut hashes: Vec<TermHash> = words.iter().map(|w| term_hash(w)).collect();
        hashes.sort_unstable();
        let mut counts: Vec<(TermHash, u32)> = Vec::new();
        for h in hashes {
            match counts.last_mut() {
                Some((last, n)) if *last == h => *n += 1,
                _ => counts.push((h, 1)),
            }
        }
        DocTerms {
            counts: counts.into_boxed_slice(),
            len: words.len() as u32,
        }
    }
}

/// A query ready to score many documents: its distinct terms with their IDF, sorted.
#[derive(Debug, Clone, Default)]
pub struct PreparedQuery {
    terms: Vec<(TermHash, f32)>,
    average_length: f32,
}

/// Corpus statistics for BM25 (document frequencies, sizes), updated as documents come and go.
#[derive(Debug, Clone, Default)]
pub struct CorpusStats {
    document_frequency: HashMap<TermHash, u32>,
    docs: u32,
    total_len: u64,
}

impl CorpusStats {
    /// Counts a document in.
    pub fn add(&mut self, doc: &DocTerms) {
        for (h, _) in &doc.counts {
            *self.document_frequency.entry(*h).or_insert(0) += 1;
        }
        self.docs += 1;
        self.total_len += doc.len as u64;
    }

    /// Counts a document (previously added) out.
    pub fn remove(&mut self, doc: &DocTerms) {
        for (h, _) in &doc.counts {
            if let Some(df) = self.document_frequency.get_mut(h) {
                *df = df.saturating_sub(1);
                if *df == 0 {
                    self.document_frequency.remove(h);
                }
            }
        }
        self.docs = self.docs.saturating_sub(1);
        self.total_len = self.total_len.saturating_sub(doc.len as u64);
    }

    /// Number of documents counted.
    pub fn len(&self) -> usize {
        self.docs as usize
    }

    pub fn is_empty(&self) -> bool {
        self.docs == 0
    }

    /// Looks the query's distinct terms up once.
    pub fn prepare(&self, query: &[String]) -> PreparedQuery {
        let n = self.docs.max(1) as f32;
        let mut hashes: Vec<TermHash> = query.iter().map(|t| term_hash(t)).collect();
        hashes.sort_unstable();
        hashes.dedup();
        let terms = hashes
            .into_iter()
            .filter_map(|h| {
                let df = *self.document_frequency.get(&h)? as f32;
                Some((h, ((n - df + 0.5) / (df + 0.5) + 1.0).ln()))
            })
            .collect();
        PreparedQuery {
            terms,
            average_length: (self.total_len as f32 / n).max(1.0),
        }
    }

    /// BM25 of the query terms (each distinct term once) in `doc`.
    pub fn score(&self, query: &[String], doc: &DocTerms) -> f32 {
        score_prepared(&self.prepare(query), doc)
    }
}

/// BM25 of a prepared query in one document.
pub fn score_prepared(query: &PreparedQuery, doc: &DocTerms) -> f32 {
    let (mut i, mut j, mut score) = (0, 0, 0.0f32);
    let norm = K1 * (1.0 - B + B * doc.len as f32 / query.average_length);
    while i < query.terms.len() && j < doc.counts.len() {
        let (qh, idf) = query.terms[i];
        let (dh, f) = doc.counts[j];
        if qh < dh {
            i += 1;
        } else if dh < qh {
            j += 1;
        } else {
            let f = f as f32;
            score += idf * f * (K1 + 1.0) / (f + norm);
            i += 1;
            j += 1;
        }
    }
    score
}

/// A fixed list of documents with their statistics (for evaluation).
#[derive(Debug, Clone, Default)]
pub struct Bm25 {
    pub stats: CorpusStats,
    pub docs: Vec<DocTerms>,
}

impl Bm25 {
    /// Indexes documents given as texts.
    pub fn new<S: AsRef<str>>(texts: &[S]) -> Bm25 {
        let mut index = Bm25::default();
        for text in texts {
            let doc = DocTerms::new(text.as_ref());
            index.stats.add(&doc);
            index.docs.push(doc);
        }
        index
    }

    /// BM25 of the query in document `doc` (0 if out of range).
    pub fn score(&self, query: &[String], doc: usize) -> f32 {
        self.docs
            .get(doc)
            .map(|d| self.stats.score(query, d))
            .unwrap_or(0.0)
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

    #[test]
    fn removing_a_document_restores_the_statistics() {
        let mut stats = CorpusStats::default();
        let a = DocTerms::new("python pandas");
        let b = DocTerms::new("python django");
        stats.add(&a);
        let q = terms("pandas");
        let alone = stats.score(&q, &a);
        stats.add(&b);
        stats.remove(&b);
        assert_eq!(stats.score(&q, &a), alone);
        assert_eq!(stats.len(), 1);
    }
}
