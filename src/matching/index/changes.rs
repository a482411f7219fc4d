//! What a refresh of the live catalogue reads from the database: the internships listed or
//! changed, each with its vector and its listing (features and terms, built on every core), and
//! the crowd's reactions. `live.rs` applies what this reads.

use super::catalogue::Listing;
use crate::db::{DbConnection, DbError};
use crate::matching::embedding::documents::{InternshipDoc, vector_from_bytes};
use crate::matching::ranking::score::MatchWeights;
use crate::matching::store;
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::{HashMap, HashSet};

/// What a refresh read from the database.
pub struct Changes {
    pub upserts: Vec<(i64, Vec<f32>, Listing, Option<NaiveDate>)>,
    pub removals: Vec<i64>,
    /// New crowd scores of internships that were not re-listed.
    pub crowd: Vec<(i64, f32)>,
}

/// Other students' reactions, damped so that one click moves little: −1–1.
pub fn crowd_score(likes: i64, dismissals: i64) -> f32 {
    (likes - dismissals) as f32 / (likes + dismissals + 3) as f32
}

fn crowd_of(conn: &mut DbConnection, ids: &[i64]) -> Result<HashMap<i64, f32>, DbError> {
    let mut counts: HashMap<i64, (i64, i64)> = HashMap::new();
    for (id, kind, n) in store::crowd_all(conn, ids)? {
        let entry = counts.entry(id).or_default();
        if kind == "like" {
            entry.0 += n
        } else {
            entry.1 += n
        }
    }
    Ok(counts
        .into_iter()
        .map(|(id, (l, d))| (id, crowd_score(l, d)))
        .collect())
}

/// Every listed internship's listing (a full reload: the crowd comes with each listing).
pub fn every_listed(
    conn: &mut DbConnection,
    model: &str,
    weights: &MatchWeights,
) -> Result<Changes, DbError> {
    let listed = store::listed_internships(conn)?;
    changes_for(conn, &listed, model, weights)
}

/// New crowd scores of the internships other students reacted to since `since`, but for those
/// in `relisted` (read whole, their crowd with them).
pub fn crowd_since(
    conn: &mut DbConnection,
    since: NaiveDateTime,
    relisted: &HashSet<i64>,
) -> Result<Vec<(i64, f32)>, DbError> {
    let reacted: Vec<i64> = store::reacted_since(conn, since)?
        .into_iter()
        .filter(|id| !relisted.contains(id))
        .collect();
    let mut crowd = Vec::new();
    for chunk in reacted.chunks(store::CHUNK) {
        crowd.extend(crowd_of(conn, chunk)?);
    }
    Ok(crowd)
}

/// Listings of `candidates`: upserts for those listed and embedded, removals for the rest.
pub fn changes_for(
    conn: &mut DbConnection,
    candidates: &[i64],
    model: &str,
    weights: &MatchWeights,
) -> Result<Changes, DbError> {
    let mut upserts = Vec::new();
    let mut removals = Vec::new();
    for chunk in candidates.chunks(store::CHUNK) {
        let listed: HashMap<i64, Option<NaiveDate>> =
            store::listing_state(conn, chunk)?.into_iter().collect();
        let ids: Vec<i64> = listed.keys().copied().collect();
        let mut vectors: HashMap<i64, Vec<f32>> =
            store::embeddings_of(conn, "internship", model, &ids)?
                .into_iter()
                .map(|(id, b)| (id, vector_from_bytes(&b)))
                .collect();
        let crowd = crowd_of(conn, &ids)?;
        let mut docs = Vec::new();
        for doc in store::internship_docs(conn, &ids)? {
            // Not embedded yet: listed once its embedding job has run.
            match vectors.remove(&doc.id) {
                Some(vector) => docs.push((doc, vector)),
                None => removals.push(doc.id),
            }
        }
        for ((doc, vector), mut listing) in listings(docs, weights) {
            listing.crowd = crowd.get(&doc.id).copied().unwrap_or(0.0);
            let deadline = listed.get(&doc.id).copied().flatten();
            upserts.push((doc.id, vector, listing, deadline));
        }
        removals.extend(chunk.iter().filter(|id| !listed.contains_key(id)));
    }
    Ok(Changes {
        upserts,
        removals,
        crowd: Vec::new(),
    })
}

/// Each document's listing (its features and terms: the text read for skills, fields and
/// requirements), on every core when there are many (a full load reads 100,000 postings).
fn listings(
    docs: Vec<(InternshipDoc, Vec<f32>)>,
    weights: &MatchWeights,
) -> Vec<((InternshipDoc, Vec<f32>), Listing)> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_thread = docs.len().div_ceil(threads).max(256);
    let make = |part: Vec<(InternshipDoc, Vec<f32>)>| -> Vec<_> {
        part.into_iter()
            .map(|(doc, vector)| {
                let listing = Listing::new(&doc.input(), weights);
                ((doc, vector), listing)
            })
            .collect()
    };
    if docs.len() <= per_thread {
        return make(docs);
    }
    let mut parts = Vec::new();
    let mut rest = docs;
    while rest.len() > per_thread {
        let tail = rest.split_off(per_thread);
        parts.push(rest);
        rest = tail;
    }
    parts.push(rest);
    std::thread::scope(|scope| {
        let running: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || make(part)))
            .collect();
        running
            .into_iter()
            .flat_map(|t| {
                t.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
