//! The AVX-512 micro-kernel: an `R × NR` tile of C in 2·R 16-float registers (24 for the full
//! 12-row tile), two more for the current step of the panel, which is prefetched ahead.

use super::super::NR;
use std::arch::x86_64::*;

/// Floats ahead of the current step of a panel the kernel prefetches (48 steps, 6 KB: measured
/// better than 1 KB for weights streamed from memory, and no worse from L2).
const PREFETCH: usize = 48 * NR;

/// # Safety
/// See [`super::Tile`]; needs AVX-512F.
#[target_feature(enable = "avx512f")]
#[allow(clippy::too_many_arguments)] // the `Tile` signature
pub(super) unsafe fn tile<const R: usize>(
    k: usize,
    a: *const f32,
    a_step: usize,
    b: *const f32,
    c: *mut f32,
    ldc: usize,
    bias: *const f32,
    accumulate: bool,
) {
    let mut lo = [_mm512_setzero_ps(); R];
    let mut hi = [_mm512_setzero_ps(); R];
    for step in 0..k {
        // SAFETY: step < k, so both loads stay inside the k·NR panel and the A tile.
        unsafe {
            let b0 = _mm512_loadu_ps(b.add(step * NR));
            let b1 = _mm512_loadu_ps(b.add(step * NR + 16));
            // The panel streams from L2 or memory: fetch `PREFETCH` ahead (a hint; never faults).
            _mm_prefetch::<_MM_HINT_T0>(b.wrapping_add(step * NR + PREFETCH) as *const i8);
            _mm_prefetch::<_MM_HINT_T0>(b.wrapping_add(step * NR + PREFETCH + 16) as *const i8);
            for i in 0..R {
                let x = _mm512_set1_ps(*a.add(step * a_step + i));
                lo[i] = _mm512_fmadd_ps(x, b0, lo[i]);
                hi[i] = _mm512_fmadd_ps(x, b1, hi[i]);
            }
        }
    }
    // SAFETY: bias holds NR floats when not null; row i of C has NR writable floats.
    unsafe {
        let (bias_lo, bias_hi) = if bias.is_null() {
            (_mm512_setzero_ps(), _mm512_setzero_ps())
        } else {
            (_mm512_loadu_ps(bias), _mm512_loadu_ps(bias.add(16)))
        };
        for i in 0..R {
            let row = c.add(i * ldc);
            let mut l = _mm512_add_ps(lo[i], bias_lo);
            let mut h = _mm512_add_ps(hi[i], bias_hi);
            if accumulate {
                l = _mm512_add_ps(l, _mm512_loadu_ps(row));
                h = _mm512_add_ps(h, _mm512_loadu_ps(row.add(16)));
            }
            _mm512_storeu_ps(row, l);
            _mm512_storeu_ps(row.add(16), h);
        }
    }
}
