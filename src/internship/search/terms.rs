//! A search's words ranked from each word's own full-text scores. BM25 is a sum over the
//! query's phrases (FTS5's `bm25()` adds one term per phrase: its IDF times its saturated,
//! length-normalised frequency in the row), so the score of "data AND cleaning" in a row is the
//! score of "data" plus the score of "cleaning" there. Each word (with its other spellings) is
//! therefore asked of the full-text index once per generation — the listed postings holding it
//! and its score in each — and any search combining words already asked is answered in memory:
//! the rows holding every word (and in the place, if any), their scores summed. New combinations
//! of known words are what most searches are; they cost an intersection of sorted lists instead
//! of a full-text query ranking every match. PostgreSQL's scores are `ts_rank` per word, summed
//! the same way. A word first asked in a place may be read in that place only (`service::find`):
//! its lists then differ in length from the whole country's, so the lists are intersected in
//! another order, and the sums are taken in f64 — exact, in any order, for a few f32 scores of the
//! magnitudes these have — so a search ranks the same whichever of its words' lists were at hand.

use super::bitmap::Bitmap;
use super::listed::Listed;
use std::sync::Arc;

/// The listed postings holding one word: (listed index, score; lower is a better match),
/// sorted by index.
pub type Scored = Vec<(u32, f32)>;

/// A word's scored matches from the database's rows (id, score), listed ones only.
pub fn scored(listed: &Listed, rows: Vec<(i64, f64)>) -> Scored {
    let mut scored: Scored = rows
        .into_iter()
        .filter_map(|(id, score)| Some((listed.index_of(id)?, score as f32)))
        .collect();
    scored.sort_unstable_by_key(|&(i, _)| i);
    scored
}

/// The listed postings holding every word of `words` (in `place`, when given), best first:
/// (listed index, rank among them, 1 = best); equal scores newest (highest id) first.
pub fn combine(listed: &Listed, words: &[Arc<Scored>], place: Option<&Bitmap>) -> Vec<(u32, u32)> {
    let mut by_size: Vec<&Scored> = words.iter().map(Arc::as_ref).collect();
    by_size.sort_by_key(|w| w.len());
    let Some((rarest, others)) = by_size.split_first() else {
        return Vec::new();
    };
    let mut found: Vec<(u32, f64)> = rarest
        .iter()
        .filter(|(i, _)| place.is_none_or(|p| p.contains(*i)))
        .map(|&(i, score)| (i, f64::from(score)))
        .collect();
    for other in others {
        if found.is_empty() {
            break;
        }
        found = intersect(&found, other);
    }
    let id = |i: u32| listed.postings[i as usize].id;
    found.sort_unstable_by(|a, b| a.1.total_cmp(&b.1).then_with(|| id(b.0).cmp(&id(a.0))));
    found
        .iter()
        .enumerate()
        .map(|(r, &(i, _))| (i, r as u32 + 1))
        .collect()
}

/// The indexes in both lists (each sorted by index), their scores summed. A short list against a
/// long one is looked up by binary search; lists of like length are merged.
fn intersect(short: &[(u32, f64)], long: &[(u32, f32)]) -> Vec<(u32, f64)> {
    let mut out = Vec::with_capacity(short.len().min(long.len()));
    if short.len().saturating_mul(16) < long.len() {
        let mut rest = long;
        for &(i, score) in short {
            let at = rest.partition_point(|&(j, _)| j < i);
            rest = &rest[at..];
            match rest.first() {
                Some(&(j, other)) if j == i => out.push((i, score + f64::from(other))),
                Some(_) => {}
                None => break,
            }
        }
        return out;
    }
    let (mut a, mut b) = (0, 0);
    while a < short.len() && b < long.len() {
        let ((i, x), (j, y)) = (short[a], long[b]);
        match i.cmp(&j) {
            std::cmp::Ordering::Less => a += 1,
            std::cmp::Ordering::Greater => b += 1,
            std::cmp::Ordering::Equal => {
                out.push((i, x + f64::from(y)));
                a += 1;
                b += 1;
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "terms_tests.rs"]
mod tests;
