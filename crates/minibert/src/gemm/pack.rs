//! The operands' layouts in memory. B (a weight matrix, or one head's queries or values) is packed
//! into panels of `NR` columns, so the micro-kernel reads it as one contiguous stream; weights are
//! packed once at load time. A is cut into tiles of at most `MR` rows and copied k-major per call,
//! so each step of the micro-kernel broadcasts consecutive floats.

use super::{MR, NR};
use std::ops::Range;

/// A k × n matrix stored as panels of `NR` columns: panel `p` holds, for each row, the columns
/// `p·NR .. p·NR + NR` (zero past `n`).
#[derive(Default)]
pub struct Packed {
    k: usize,
    n: usize,
    data: Vec<f32>,
}

impl Packed {
    /// Packs the k × n matrix whose element at (row, column) is `at(row, column)`.
    pub fn from_fn(k: usize, n: usize, at: impl Fn(usize, usize) -> f32) -> Packed {
        let mut packed = Packed::default();
        packed.fill(k, n, at);
        packed
    }

    /// Re-packs in place, keeping the allocation (attention packs every head this way).
    pub fn fill(&mut self, k: usize, n: usize, at: impl Fn(usize, usize) -> f32) {
        let panels = n.div_ceil(NR);
        self.k = k;
        self.n = n;
        // Every element is written below: no zero-filling of the whole buffer per head.
        self.data.resize(panels * k * NR, 0.0);
        for (p, panel) in self.data.chunks_exact_mut((k * NR).max(1)).enumerate() {
            let cols = NR.min(n - p * NR);
            for (r, row) in panel.chunks_exact_mut(NR).enumerate() {
                let (used, rest) = row.split_at_mut(cols);
                for (j, x) in used.iter_mut().enumerate() {
                    *x = at(r, p * NR + j);
                }
                rest.fill(0.0);
            }
        }
    }

    pub fn k(&self) -> usize {
        self.k
    }

    pub fn n(&self) -> usize {
        self.n
    }

    pub fn panels(&self) -> usize {
        self.n.div_ceil(NR)
    }

    /// Panel `p`: k rows of `NR` floats.
    pub(super) fn panel(&self, p: usize) -> &[f32] {
        &self.data[p * self.k * NR..(p + 1) * self.k * NR]
    }
}

/// Splits `m` rows into tiles of at most `MR` rows, as even as possible (18 → 9 + 9, not 12 + 6),
/// as (first row, rows) pairs.
pub(super) fn row_blocks(m: usize) -> impl Iterator<Item = (usize, usize)> {
    let blocks = m.div_ceil(MR);
    let base = m / blocks.max(1);
    let extra = m % blocks.max(1);
    (0..blocks).scan(0, move |start, b| {
        let rows = base + usize::from(b < extra);
        let first = *start;
        *start += rows;
        Some((first, rows))
    })
}

/// Copies rows `rows` (depth k) of A into `out` tile by tile, each tile k-major.
pub(super) fn pack_a(a: &[f32], lda: usize, rows: Range<usize>, k: usize, out: &mut Vec<f32>) {
    assert!(rows.is_empty() || a.len() >= (rows.end - 1) * lda + k);
    if out.len() < rows.len() * k {
        out.resize(rows.len() * k, 0.0);
    }
    let mut at = 0;
    for (first, r) in row_blocks(rows.len()) {
        let base = (rows.start + first) * lda;
        for (step, dst) in out[at..at + r * k].chunks_exact_mut(r).enumerate() {
            for (i, d) in dst.iter_mut().enumerate() {
                // SAFETY: row rows.start + first + i < rows.end and step < k: inside `a`
                // (asserted above).
                *d = unsafe { *a.get_unchecked(base + i * lda + step) };
            }
        }
        at += r * k;
    }
}
