//! Self-attention, per (sequence, head) at the sequence's own length: no padding, no mask. The
//! scores are computed transposed (keys × queries) so the softmax and the product with the values
//! both read them in place; the (sequence, head) units are shared out between the pool's threads.

use crate::Encoder;
use crate::gemm::{self, NR, Packed, SharedMut};
use crate::ops;
use std::cell::RefCell;

impl Encoder {
    /// Self-attention of every sequence (`spans`: first row, length) into `context`, heads
    /// shared out between the pool's threads.
    pub(crate) fn attention(&self, qkv: &[f32], spans: &[(usize, usize)], context: &mut [f32]) {
        let heads = self.config.heads;
        let units: Vec<((usize, usize), usize)> = spans
            .iter()
            .flat_map(|&span| (0..heads).map(move |head| (span, head)))
            .collect();
        let out = SharedMut(context.as_mut_ptr());
        let work: usize = spans.iter().map(|s| s.1 * s.1).sum::<usize>() * self.config.hidden;
        let threads = rayon::current_num_threads();
        if threads == 1 || work < 1 << 15 {
            for &(span, head) in &units {
                self.attend(qkv, span, head, out);
            }
            return;
        }
        // Interleaved, so every part gets about the same mix of long and short sequences.
        gemm::for_each_part(0..threads, &|t| {
            for &(span, head) in units.iter().skip(t).step_by(threads) {
                self.attend(qkv, span, head, out);
            }
        });
    }

    /// One head of one sequence: softmax(Q·Kᵀ)·V (Q pre-scaled) into its columns of `context`.
    fn attend(&self, qkv: &[f32], (start, len): (usize, usize), head: usize, context: SharedMut) {
        let h = self.config.hidden;
        let d = h / self.config.heads;
        let stride = 3 * h;
        let q = start * stride + head * d;
        let (k, v) = (q + h, q + 2 * h);
        SCRATCH.with(|scratch| {
            let s = &mut *scratch.borrow_mut();
            // The scores transposed, Sᵀ = K·Qᵀ (keys × queries): the softmax then runs down the
            // columns with contiguous vector operations, and Sᵀ is already the k-major left
            // operand of P·V, so the len × len probabilities are never copied.
            s.queries.fill(d, len, |r, j| qkv[q + j * stride + r]);
            s.values.fill(len, d, |r, j| qkv[v + r * stride + j]);
            let width = len.div_ceil(NR) * NR;
            for buffer in [&mut s.scores, &mut s.columns] {
                if buffer.len() < len * width.max(2) {
                    buffer.resize(len * width.max(2), 0.0);
                }
            }
            let scores = SharedMut(s.scores.as_mut_ptr());
            let keys = gemm::Lhs::Rows(&qkv[k..], stride);
            let panels = s.queries.panels();
            // SAFETY: `scores` holds `len` rows of `width` = whole panels, owned by this thread.
            unsafe {
                gemm::product(
                    self.kernels,
                    keys,
                    0..len,
                    &s.queries,
                    0..panels,
                    None,
                    false,
                    scores,
                    width,
                    None,
                )
            };
            let (max, sum) = s.columns.split_at_mut(width);
            ops::softmax_columns(self.kernels, &mut s.scores[..len * width], width, max, sum);
            let probabilities = gemm::Lhs::Columns(&s.scores[..len * width], width);
            // SAFETY: this (sequence, head) alone writes columns head·d .. head·d + d (whole
            // panels, as d is a multiple of NR) of the sequence's rows of `context`, which holds
            // every row of the pass.
            unsafe {
                let out = SharedMut(context.0.add(start * h + head * d));
                let panels = s.values.panels();
                gemm::product(
                    self.kernels,
                    probabilities,
                    0..len,
                    &s.values,
                    0..panels,
                    None,
                    false,
                    out,
                    h,
                    None,
                )
            };
        });
    }
}

/// One thread's buffers for attention, reused across heads and calls.
#[derive(Default)]
struct Scratch {
    queries: Packed,
    values: Packed,
    scores: Vec<f32>,
    /// Per-column maxima and sums of the softmax.
    columns: Vec<f32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}
