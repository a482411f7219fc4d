//! The AVX2 micro-kernel (with FMA). Sixteen 8-float registers hold at most 6 rows × 16 columns
//! of C, so the 32-column tile is done as (up to) two row groups × two column halves.

use super::super::NR;
use std::arch::x86_64::*;

/// # Safety
/// See [`super::Tile`]; needs AVX2 and FMA.
#[target_feature(enable = "avx2,fma")]
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
    let top = R.min(6);
    for half in 0..2 {
        let cols = half * 16;
        let bias = if bias.is_null() {
            bias
        } else {
            bias.wrapping_add(cols)
        };
        // SAFETY: forwarded from the caller; sub-tiles stay inside the R × NR tile.
        unsafe {
            sub(
                top,
                k,
                a,
                a_step,
                0,
                b.add(cols),
                c.add(cols),
                ldc,
                bias,
                accumulate,
            );
            if R > 6 {
                let c = c.add(6 * ldc + cols);
                sub(
                    R - 6,
                    k,
                    a,
                    a_step,
                    6,
                    b.add(cols),
                    c,
                    ldc,
                    bias,
                    accumulate,
                );
            }
        }
    }
}

/// Rows `first .. first + rows` (≤ 6) of an A tile (`stride` floats a step), times 16
/// columns of B.
///
/// # Safety
/// As for [`super::Tile`], with `b` and `c` offset to the 16 columns; needs AVX2 and FMA.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma")]
unsafe fn sub(
    rows: usize,
    k: usize,
    a: *const f32,
    stride: usize,
    first: usize,
    b: *const f32,
    c: *mut f32,
    ldc: usize,
    bias: *const f32,
    accumulate: bool,
) {
    let mut acc = [[_mm256_setzero_ps(); 2]; 6];
    macro_rules! steps {
        ($r:literal) => {
            for step in 0..k {
                // SAFETY: step < k and first + $r ≤ R: inside the A tile and the panel.
                unsafe {
                    let b0 = _mm256_loadu_ps(b.add(step * NR));
                    let b1 = _mm256_loadu_ps(b.add(step * NR + 8));
                    for i in 0..$r {
                        let x = _mm256_broadcast_ss(&*a.add(step * stride + first + i));
                        acc[i][0] = _mm256_fmadd_ps(x, b0, acc[i][0]);
                        acc[i][1] = _mm256_fmadd_ps(x, b1, acc[i][1]);
                    }
                }
            }
        };
    }
    match rows {
        1 => steps!(1),
        2 => steps!(2),
        3 => steps!(3),
        4 => steps!(4),
        5 => steps!(5),
        _ => steps!(6),
    }
    // SAFETY: bias holds 16 floats from here when not null; each row has 16 writable floats.
    unsafe {
        let (b0, b1) = if bias.is_null() {
            (_mm256_setzero_ps(), _mm256_setzero_ps())
        } else {
            (_mm256_loadu_ps(bias), _mm256_loadu_ps(bias.add(8)))
        };
        for (i, acc) in acc.iter().enumerate().take(rows) {
            let row = c.add(i * ldc);
            let mut l = _mm256_add_ps(acc[0], b0);
            let mut h = _mm256_add_ps(acc[1], b1);
            if accumulate {
                l = _mm256_add_ps(l, _mm256_loadu_ps(row));
                h = _mm256_add_ps(h, _mm256_loadu_ps(row.add(8)));
            }
            _mm256_storeu_ps(row, l);
            _mm256_storeu_ps(row.add(8), h);
        }
    }
}
