//! Single-precision matrix products `C = A·B + bias (+ C)` for the encoder's shapes.
//!
//! B is packed into panels of `NR` columns and A into k-major tiles of at most `MR` rows
//! ([`pack`]); a micro-kernel of the chosen kernel path computes one `rows × NR` tile of C at a
//! time ([`tile`]). Work is split across the current rayon pool by rows (tall A: each thread
//! reuses the weights from its own L2) or, for a single short text, by panels (each thread then
//! streams only its part of the weights).

mod pack;
#[cfg(any(test, feature = "self-check"))]
pub(crate) mod tests;
mod tile;

pub use pack::Packed;

use crate::Kernels;
use pack::{pack_a, row_blocks};
use std::cell::RefCell;
use std::ops::Range;

/// Columns per panel: two 16-float AVX-512 vectors.
pub const NR: usize = 32;
/// Most rows per micro-kernel tile (12 × 2 accumulators + 2 panel registers of 32).
pub const MR: usize = 12;
/// Bytes of packed B one pass over A's row blocks reuses (about half of a 2 MB L2).
const L2_BUDGET: usize = 1 << 20;

/// The left operand of a product.
#[derive(Clone, Copy)]
pub enum Lhs<'a> {
    /// Row-major, element (i, s) at `[i·lda + s]`: copied into k-major tiles per call.
    Rows(&'a [f32], usize),
    /// Already k-major, element (i, s) at `[s·step + i]` (attention's transposed scores): read
    /// in place.
    Columns(&'a [f32], usize),
}

/// A raw pointer the parts of one product may share: each part writes its own rows or columns.
#[derive(Clone, Copy)]
pub struct SharedMut(pub *mut f32);
// SAFETY: only used to hand disjoint regions of one buffer to the threads of one product, all of
// which finish before the buffer is used again (rayon::join returns after both halves).
unsafe impl Send for SharedMut {}
// SAFETY: as above.
unsafe impl Sync for SharedMut {}

/// What to do with each finished row of C (layer norm, GELU).
pub type Post<'a> = Option<&'a (dyn Fn(&mut [f32]) + Sync)>;

thread_local! {
    static PACKED_A: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// One thread's share of a product: rows `rows` of A times panels `panels` of B into C. When
/// `panels` covers all of B, `post` runs on each row of C as soon as the row is complete.
///
/// # Safety
/// `c` must point to a buffer in which every row `i` in `rows` has `b.panels() · NR` writable
/// floats at `c + i·ldc`, not written by anyone else during the call for the columns of
/// `panels`. `bias`, if any, must hold `b.panels() · NR` floats.
#[allow(clippy::too_many_arguments)]
pub unsafe fn product(
    kernels: Kernels,
    a: Lhs,
    rows: Range<usize>,
    b: &Packed,
    panels: Range<usize>,
    bias: Option<&[f32]>,
    accumulate: bool,
    c: SharedMut,
    ldc: usize,
    post: Post,
) {
    let k = b.k();
    assert!(bias.is_none_or(|bias| bias.len() >= b.panels() * NR));
    assert!(panels.end <= b.panels());
    let whole = panels.start == 0 && panels.end == b.panels();
    PACKED_A.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        if let Lhs::Rows(a, lda) = a {
            pack_a(a, lda, rows.clone(), k, &mut buffer);
        }
        if let Lhs::Columns(a, step) = a {
            assert!(step >= rows.end && (k == 0 || a.len() >= (k - 1) * step + rows.end));
        }
        let chunk = (L2_BUDGET / (k.max(1) * NR * 4)).max(1);
        let mut first = panels.start;
        while first < panels.end {
            let end = (first + chunk).min(panels.end);
            let mut at = 0;
            for (start, r) in row_blocks(rows.len()) {
                let tile = tile::for_rows(kernels, r);
                let row0 = rows.start + start;
                let (a, step) = match a {
                    Lhs::Rows(..) => (buffer[at..].as_ptr(), r),
                    Lhs::Columns(a, step) => (a[row0..].as_ptr(), step),
                };
                for p in first..end {
                    let bias = bias.map_or(std::ptr::null(), |b| b[p * NR..].as_ptr());
                    // SAFETY: A's tile holds (k−1)·step + r floats (packed: r·k at `at`;
                    // in place: asserted above), the panel k·NR, the caller guarantees C's
                    // rows and the bias, and the CPU has the kernel path.
                    unsafe {
                        tile(
                            k,
                            a,
                            step,
                            b.panel(p).as_ptr(),
                            c.0.add(row0 * ldc + p * NR),
                            ldc,
                            bias,
                            accumulate,
                        )
                    };
                }
                if let (Some(post), true, true) = (post, whole, end == panels.end) {
                    for i in row0..row0 + r {
                        // SAFETY: row i of C is complete and owned by this call.
                        let row =
                            unsafe { std::slice::from_raw_parts_mut(c.0.add(i * ldc), b.n()) };
                        post(row);
                    }
                }
                at += r * k;
            }
            first = end;
        }
    });
}

/// Runs `work(part)` for parts `0..parts` on the current rayon pool (binary splits with join,
/// so two parts cost one hand-off).
pub fn for_each_part(parts: Range<usize>, work: &(dyn Fn(usize) + Sync)) {
    match parts.len() {
        0 => {}
        1 => work(parts.start),
        n => {
            let mid = parts.start + n / 2;
            rayon::join(
                || for_each_part(parts.start..mid, work),
                || for_each_part(mid..parts.end, work),
            );
        }
    }
}

/// `C = A·B + bias (+ C)` for the first `m` rows of A (stride `lda`) into C (stride `ldc`, room
/// for whole panels), then `post` on every row of C. Uses the threads of the current rayon pool.
/// `kernels` must be a path this CPU has ([`Kernels::available`]).
#[allow(clippy::too_many_arguments)]
pub fn matmul(
    kernels: Kernels,
    a: &[f32],
    lda: usize,
    m: usize,
    b: &Packed,
    bias: Option<&[f32]>,
    accumulate: bool,
    c: &mut [f32],
    ldc: usize,
    post: Post,
) {
    let panels = b.panels();
    if m == 0 || panels == 0 {
        return;
    }
    assert!(ldc >= panels * NR && c.len() >= (m - 1) * ldc + panels * NR);
    assert!(a.len() >= (m - 1) * lda + b.k());
    let threads = rayon::current_num_threads();
    let out = SharedMut(c.as_mut_ptr());
    let lhs = Lhs::Rows(a, lda);
    let small = m * b.k() * b.n() < 1 << 18;
    if threads == 1 || small {
        // SAFETY: C was checked to hold m rows of whole panels; this thread is its only writer.
        unsafe {
            product(
                kernels,
                lhs,
                0..m,
                b,
                0..panels,
                bias,
                accumulate,
                out,
                ldc,
                post,
            )
        };
    } else if m >= threads * 4 * MR {
        let per = m.div_ceil(threads);
        for_each_part(0..threads, &|t| {
            let rows = (t * per).min(m)..((t + 1) * per).min(m);
            // SAFETY: the parts' row ranges are disjoint and inside C.
            unsafe {
                product(
                    kernels,
                    lhs,
                    rows,
                    b,
                    0..panels,
                    bias,
                    accumulate,
                    out,
                    ldc,
                    post,
                )
            };
        });
    } else {
        let parts = threads.min(panels);
        let per = panels.div_ceil(parts);
        for_each_part(0..parts, &|t| {
            let cols = (t * per).min(panels)..((t + 1) * per).min(panels);
            // SAFETY: the parts' panel (column) ranges are disjoint and inside C.
            unsafe {
                product(
                    kernels,
                    lhs,
                    0..m,
                    b,
                    cols,
                    bias,
                    accumulate,
                    out,
                    ldc,
                    None,
                )
            };
        });
        if let Some(post) = post {
            for row in c.chunks_mut(ldc).take(m) {
                post(&mut row[..b.n()]);
            }
        }
    }
}
