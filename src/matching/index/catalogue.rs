//! The live catalogue's contents and the recommendation path over them: each active internship's
//! vector with its [`Listing`] (features, lexical terms, crowd score) in one [`Catalogue`] that
//! keeps the lexical corpus statistics in step, and [`recommend`], which scans it for a
//! student's nearest internships and scores them with the hybrid score. Apart from
//! `vectors.rs` (the generic vector scan) because this is what the scan is used for.

use super::vectors::{IndexError, VectorIndex};
use crate::matching::model::{
    FeedbackKind, InternshipFeatures, InternshipInput, Recommendation, StudentFeatures,
};
use crate::matching::ranking::cohort;
use crate::matching::ranking::lexical::{CorpusStats, DocTerms};
use crate::matching::ranking::score::{self, Candidate, MatchWeights, Query};
use std::hash::Hash;

/// What the recommendation path needs to know about each internship besides its vector.
#[derive(Debug, Clone)]
pub struct Listing {
    pub features: InternshipFeatures,
    /// Terms of the internship's text (title, skills, description) for the lexical score.
    pub terms: DocTerms,
    /// How other students reacted, −1–1.
    pub crowd: f32,
}

impl Listing {
    /// A listing derived from an internship (features and terms), with no reactions yet.
    pub fn new(internship: &InternshipInput, weights: &MatchWeights) -> Listing {
        Listing {
            features: score::internship_features(internship, weights),
            terms: DocTerms::new(&score::internship_text(internship)),
            crowd: 0.0,
        }
    }
}

/// The active internships of one instance: their vectors and listings, and the lexical corpus
/// statistics kept in step with them.
#[derive(Debug, Clone)]
pub struct Catalogue<K> {
    pub index: VectorIndex<K, Listing>,
    pub lexical: CorpusStats,
}

impl<K: Clone + Eq + Hash> Catalogue<K> {
    /// An empty catalogue of `dim`-dimensional vectors searched with up to `threads` threads.
    pub fn new(dim: usize, threads: usize) -> Self {
        Catalogue {
            index: VectorIndex::new(dim, threads),
            lexical: CorpusStats::default(),
        }
    }

    /// Inserts or replaces an internship.
    pub fn upsert(&mut self, id: K, vector: &[f32], listing: Listing) -> Result<(), IndexError> {
        let old = self.index.payload_of(&id).map(|l| l.terms.clone());
        let terms = listing.terms.clone();
        self.index.upsert(id, vector, listing)?;
        if let Some(old) = old {
            self.lexical.remove(&old);
        }
        self.lexical.add(&terms);
        Ok(())
    }

    /// Removes an internship (closed, taken down, deadline passed).
    pub fn remove(&mut self, id: &K) -> Option<Listing> {
        let listing = self.index.remove(id)?;
        self.lexical.remove(&listing.terms);
        Some(listing)
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}

/// Reactions that steer the feedback part of a ranking (the most recent ones).
pub const STEERING_REACTIONS: usize = 50;

/// A student's request for recommendations.
pub struct Request<'a, K> {
    pub features: &'a StudentFeatures,
    pub vector: &'a [f32],
    /// Internships the student reacted to, with the kind of reaction. Dismissed and applied ones
    /// are never recommended; all of them steer the feedback part.
    pub reactions: &'a [(K, FeedbackKind)],
    /// Ids never to show (closed, past deadline, applied elsewhere…), besides reactions.
    pub exclude: &'a dyn Fn(&K) -> bool,
    /// How students of the same course reacted to internships, best first (−1–1; for a cold
    /// start only, `ranking/cohort.rs`).
    pub cohort: &'a [(K, f32)],
}

/// Recommends the best `k` internships: the `pool` nearest by embedding become candidates,
/// every candidate gets the hybrid score, the best come first. Dismissed and applied
/// internships never appear.
pub fn recommend<K: Clone + Eq + Hash + ToString>(
    catalogue: &Catalogue<K>,
    request: &Request<K>,
    weights: &MatchWeights,
    k: usize,
    pool: usize,
) -> Vec<Recommendation> {
    let hidden = |id: &K| {
        (request.exclude)(id)
            || request.reactions.iter().any(|(r, kind)| {
                r == id && matches!(kind, FeedbackKind::Dismiss | FeedbackKind::Applied)
            })
    };
    let index = &catalogue.index;
    let hits = index.search(request.vector, pool.max(k), hidden);
    let mut rows: Vec<usize> = hits.iter().map(|h| h.row).collect();
    // A cold start's few words may not be near what classmates chose: their favourites join.
    if request.features.cold {
        let near: std::collections::HashSet<usize> = rows.iter().copied().collect();
        let favourites: Vec<usize> = request
            .cohort
            .iter()
            .filter(|(id, score)| *score > 0.0 && !hidden(id))
            .filter_map(|(id, _)| index.row_of(id))
            .filter(|row| !near.contains(row))
            .take(cohort::FAVOURITES)
            .collect();
        rows.extend(favourites);
    }
    let cohort_of: std::collections::HashMap<&K, f32> =
        request.cohort.iter().map(|(id, s)| (id, *s)).collect();
    // The index keeps vectors in half precision: decode the few this ranking reads.
    // The latest reactions steer; every candidate is compared with each of them, so a student
    // with hundreds of saves would make every list hundreds of times dearer.
    let reacted: Vec<(Vec<f32>, &[f32], FeedbackKind)> = request
        .reactions
        .iter()
        .rev()
        .take(STEERING_REACTIONS)
        .filter_map(|(id, kind)| {
            Some((
                index.vector_of(id)?,
                index.payload_of(id)?.features.field.as_slice(),
                *kind,
            ))
        })
        .collect();
    let reactions: Vec<score::Reaction> = reacted
        .iter()
        .map(|(vector, field, kind)| (vector.as_slice(), *field, *kind))
        .collect();
    let ids: Vec<String> = rows
        .iter()
        .map(|row| index.id(*row).map(ToString::to_string).unwrap_or_default())
        .collect();
    let cohorts: Vec<f32> = rows
        .iter()
        .map(|row| {
            index
                .id(*row)
                .and_then(|id| cohort_of.get(id).copied())
                .unwrap_or(0.0)
        })
        .collect();
    let vectors: Vec<Option<Vec<f32>>> = rows.iter().map(|row| index.vector(*row)).collect();
    let candidates: Vec<Candidate> = rows
        .iter()
        .zip(&ids)
        .zip(&vectors)
        .zip(&cohorts)
        .filter_map(|(((row, id), vector), cohort)| {
            let listing = index.payload(*row)?;
            Some(Candidate {
                id,
                features: &listing.features,
                vector: vector.as_deref()?,
                crowd: listing.crowd,
                cohort: *cohort,
                terms: Some(&listing.terms),
            })
        })
        .collect();
    let query = Query {
        features: request.features,
        vector: request.vector,
        reactions: &reactions,
    };
    let mut ranked = score::rank(&query, &candidates, weights, Some(&catalogue.lexical), k);
    ranked.truncate(k);
    ranked
}

#[cfg(test)]
#[path = "catalogue_tests.rs"]
mod tests;
