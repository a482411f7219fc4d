//! The in-memory matrix of active internship vectors and the recommendation path over it.
//!
//! Rows live in one contiguous `Vec<f32>` (ids and a payload alongside), kept in half precision and mirrored by 8-bit codes
//! (`Vec<i8>`, one scale per row). A search scans the codes — a quarter of the memory traffic of
//! f32 — on up to `threads` threads, keeps the best `oversample` rows, re-scores those exactly in
//! f32 and returns the top k: exact in practice (see the tests against brute force), and fast at
//! 100,000 internships on 2 cores (`praktiki bench-match`). Upsert and remove are O(dim).
//!
//! The internship catalogue built on it, and the recommendation path over that, are in
//! `catalogue.rs`: this file is the generic scan alone.

use crate::matching::embedding::embedder::EMBEDDING_DIM;
use half::f16;
use half::slice::HalfFloatSliceExt;
use std::collections::HashMap;
use std::hash::Hash;

/// Why a vector was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum IndexError {
    #[error("vector has {got} dimensions, the index holds {want}")]
    Dimension { got: usize, want: usize },
    #[error("vector contains NaN or infinity")]
    NotFinite,
}

/// Rows of vectors with ids and payloads.
#[derive(Debug, Clone)]
pub struct VectorIndex<K, P> {
    dim: usize,
    threads: usize,
    /// The exact vectors, in half precision (a cosine moves by ~1e-4; half the memory of f32:
    /// 77 MB instead of 154 MB at 100,000 internships).
    vectors: Vec<f16>,
    codes: Vec<i8>,
    scales: Vec<f32>,
    /// Each row's code sum, which lets the scan score sixteen rows at once (`vecscan`).
    sums: Vec<i32>,
    ids: Vec<K>,
    payloads: Vec<P>,
    rows: HashMap<K, usize>,
}

/// One search hit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Row in the index (valid until the next upsert/remove).
    pub row: usize,
    /// Exact dot product with the query (cosine for normalised vectors).
    pub score: f32,
}

impl<K: Clone + Eq + Hash, P> VectorIndex<K, P> {
    /// An empty index of `dim`-dimensional vectors; searches use up to `threads` threads.
    pub fn new(dim: usize, threads: usize) -> Self {
        VectorIndex {
            dim,
            threads: threads.max(1),
            vectors: Vec::new(),
            codes: Vec::new(),
            scales: Vec::new(),
            sums: Vec::new(),
            ids: Vec::new(),
            payloads: Vec::new(),
            rows: HashMap::new(),
        }
    }

    /// An empty index of MiniLM vectors using all cores.
    pub fn for_embeddings() -> Self {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        Self::new(EMBEDDING_DIM, threads)
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Inserts or replaces the row of `id`.
    pub fn upsert(&mut self, id: K, vector: &[f32], payload: P) -> Result<(), IndexError> {
        if vector.len() != self.dim {
            return Err(IndexError::Dimension {
                got: vector.len(),
                want: self.dim,
            });
        }
        if vector.iter().any(|x| !x.is_finite()) {
            return Err(IndexError::NotFinite);
        }
        let row = match self.rows.get(&id) {
            Some(&row) => {
                self.payloads[row] = payload;
                row
            }
            None => {
                let row = self.ids.len();
                self.vectors.resize((row + 1) * self.dim, f16::ZERO);
                self.codes.resize((row + 1) * self.dim, 0);
                self.scales.push(0.0);
                self.sums.push(0);
                self.ids.push(id.clone());
                self.payloads.push(payload);
                self.rows.insert(id, row);
                row
            }
        };
        let span = row * self.dim..(row + 1) * self.dim;
        self.vectors[span.clone()].convert_from_f32_slice(vector);
        self.scales[row] = vecscan::quantize(vector, &mut self.codes[span.clone()]);
        self.sums[row] = vecscan::row_sum(&self.codes[span]);
        Ok(())
    }

    /// A row's exact vector in f32.
    fn decoded(&self, row: usize) -> Vec<f32> {
        let mut out = vec![0.0f32; self.dim];
        self.vectors[row * self.dim..(row + 1) * self.dim].convert_to_f32_slice(&mut out);
        out
    }

    /// Removes the row of `id` (the last row moves into its place); returns its payload.
    pub fn remove(&mut self, id: &K) -> Option<P> {
        let row = self.rows.remove(id)?;
        let last = self.ids.len() - 1;
        if row != last {
            let d = self.dim;
            self.vectors.copy_within(last * d..(last + 1) * d, row * d);
            self.codes.copy_within(last * d..(last + 1) * d, row * d);
            self.scales[row] = self.scales[last];
            self.sums[row] = self.sums[last];
            self.ids.swap(row, last);
            self.payloads.swap(row, last);
            self.rows.insert(self.ids[row].clone(), row);
        }
        self.vectors.truncate(last * self.dim);
        self.codes.truncate(last * self.dim);
        self.scales.truncate(last);
        self.sums.truncate(last);
        self.ids.pop();
        self.payloads.pop()
    }

    /// Whether `id` has a row.
    pub fn contains(&self, id: &K) -> bool {
        self.rows.contains_key(id)
    }

    pub fn id(&self, row: usize) -> Option<&K> {
        self.ids.get(row)
    }

    pub fn payload(&self, row: usize) -> Option<&P> {
        self.payloads.get(row)
    }

    /// The stored vector of a row (decoded from half precision).
    pub fn vector(&self, row: usize) -> Option<Vec<f32>> {
        (row < self.len()).then(|| self.decoded(row))
    }

    /// The payload stored with `id`, to change in place.
    pub fn payload_mut(&mut self, id: &K) -> Option<&mut P> {
        let row = *self.rows.get(id)?;
        self.payloads.get_mut(row)
    }

    /// The payload stored with `id`.
    pub fn payload_of(&self, id: &K) -> Option<&P> {
        self.rows.get(id).and_then(|&row| self.payload(row))
    }

    /// The row of `id`.
    pub fn row_of(&self, id: &K) -> Option<usize> {
        self.rows.get(id).copied()
    }

    /// The stored vector of `id`.
    pub fn vector_of(&self, id: &K) -> Option<Vec<f32>> {
        self.rows.get(id).and_then(|r| self.vector(*r))
    }

    /// The `k` rows most similar to `query` (by dot product), best first, skipping rows whose id
    /// `skip` rejects. Empty when the query has the wrong dimension.
    pub fn search(&self, query: &[f32], k: usize, skip: impl Fn(&K) -> bool) -> Vec<Hit> {
        if query.len() != self.dim || k == 0 || self.is_empty() {
            return Vec::new();
        }
        let (q, qs) = self.quantized(query);
        let mut approx = Vec::new();
        vecscan::scan_i8(
            &self.codes,
            &self.scales,
            self.dim,
            &q,
            qs,
            self.threads,
            &mut approx,
        );
        self.best(query, k, &approx, |i| i, skip)
    }

    /// `search` for several queries in one pass over the rows (`vecscan::scan_i8_many`): the
    /// same hits for each as its own search, for little more than the memory traffic of one.
    /// `buffers` holds the approximate scores (one per query, reused: grown as needed).
    pub fn search_many(
        &self,
        queries: &[&[f32]],
        k: usize,
        skip: impl Fn(&K) -> bool,
        buffers: &mut Vec<Vec<f32>>,
    ) -> Vec<Vec<Hit>> {
        let usable = |q: &[f32]| q.len() == self.dim && k > 0 && !self.is_empty();
        let quantized: Vec<(Vec<i8>, f32)> = queries
            .iter()
            .filter(|q| usable(q))
            .map(|q| self.quantized(q))
            .collect();
        let asked: Vec<(&[i8], f32)> = quantized.iter().map(|(q, s)| (q.as_slice(), *s)).collect();
        if buffers.len() < asked.len() {
            buffers.resize_with(asked.len(), Vec::new);
        }
        let approx = &mut buffers[..asked.len()];
        vecscan::scan_i8_many(
            &self.codes,
            &self.scales,
            &self.sums,
            self.dim,
            &asked,
            self.threads,
            approx,
        );
        let mut scanned = approx.iter();
        queries
            .iter()
            .map(|q| match usable(q) {
                true => scanned
                    .next()
                    .map(|approx| self.best(q, k, approx, |i| i, &skip))
                    .unwrap_or_default(),
                false => Vec::new(),
            })
            .collect()
    }

    /// The rows of `ids` (ids without a row left out), ascending: what `search_rows` scans.
    pub fn rows_of(&self, ids: &[K]) -> Vec<usize> {
        let mut rows: Vec<usize> = ids
            .iter()
            .filter_map(|id| self.rows.get(id).copied())
            .collect();
        // In row order, so the codes are read forwards.
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    /// `search` among `rows` only (from `rows_of` of this index as it is now; a row past its
    /// end is never a hit): the cost follows the number of rows, not the size of the index.
    pub fn search_rows(
        &self,
        query: &[f32],
        k: usize,
        rows: &[usize],
        skip: impl Fn(&K) -> bool,
    ) -> Vec<Hit> {
        if query.len() != self.dim || k == 0 || self.is_empty() {
            return Vec::new();
        }
        let (q, qs) = self.quantized(query);
        let mut approx = Vec::new();
        vecscan::scan_rows_i8(
            &self.codes,
            &self.scales,
            self.dim,
            rows,
            &q,
            qs,
            &mut approx,
        );
        self.best(query, k, &approx, |i| rows[i], skip)
    }

    fn quantized(&self, query: &[f32]) -> (Vec<i8>, f32) {
        let mut q = vec![0i8; self.dim];
        let qs = vecscan::quantize(query, &mut q);
        (q, qs)
    }

    /// The best `k` of the scanned rows (`approx[i]` approximates the score of row `row_of(i)`).
    fn best(
        &self,
        query: &[f32],
        k: usize,
        approx: &[f32],
        row_of: impl Fn(usize) -> usize,
        skip: impl Fn(&K) -> bool,
    ) -> Vec<Hit> {
        // Quantisation moves a cosine by ~0.01 at most; re-scoring 4k + 32 rows exactly makes
        // the top k exact in practice. Skipped rows are few (dismissed, applied): widen the
        // shortlist until enough rows remain.
        let mut want = k.saturating_mul(4).saturating_add(32);
        loop {
            let best = vecscan::top_k(approx, want);
            let shortlist: Vec<usize> = best
                .into_iter()
                .map(&row_of)
                .filter(|&row| self.ids.get(row).is_some_and(|id| !skip(id)))
                .collect();
            if shortlist.len() < k && want < approx.len() {
                want = want.saturating_mul(4);
                continue;
            }
            let mut row_f32 = vec![0.0f32; self.dim];
            let exact: Vec<f32> = shortlist
                .iter()
                .map(|&row| {
                    self.vectors[row * self.dim..(row + 1) * self.dim]
                        .convert_to_f32_slice(&mut row_f32);
                    vecscan::dot_f32(&row_f32, query)
                })
                .collect();
            return vecscan::top_k(&exact, k)
                .into_iter()
                .map(|i| Hit {
                    row: shortlist[i],
                    score: exact[i],
                })
                .collect();
        }
    }

    /// Exact search by brute force (for tests and small indexes).
    pub fn search_exact(&self, query: &[f32], k: usize, skip: impl Fn(&K) -> bool) -> Vec<Hit> {
        if query.len() != self.dim {
            return Vec::new();
        }
        let mut row_f32 = vec![0.0f32; self.dim];
        let scores: Vec<f32> = self
            .vectors
            .chunks_exact(self.dim)
            .zip(&self.ids)
            .map(|(row, id)| {
                if skip(id) {
                    f32::NAN
                } else {
                    row.convert_to_f32_slice(&mut row_f32);
                    vecscan::dot_f32(&row_f32, query)
                }
            })
            .collect();
        vecscan::top_k(&scores, k)
            .into_iter()
            .map(|row| Hit {
                row,
                score: scores[row],
            })
            .collect()
    }
}

#[cfg(test)]
#[path = "vectors_tests.rs"]
mod tests;
