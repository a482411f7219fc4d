//! The element-wise parts of a BERT layer: GELU, softmax, layer norm.
//!
//! Each is written as plain, branch-free loops the compiler vectorises, and compiled three
//! times: for the baseline target and, behind a runtime check, with AVX-512 or AVX2 enabled (16
//! or 8 floats a step instead of 4). `exp` (≈ 1 ulp) and `erf` (absolute error < 1e-6) are the
//! polynomial constructions PyTorch's vectorised CPU kernels use, so results match it closely.

use crate::Kernels;

/// Lanes of the lane-wise reductions (a sequential float sum would not vectorise).
const LANES: usize = 16;

/// e^x for x ≤ 88 (Cephes `expf`): x = n·ln 2 + r with |r| ≤ ln 2 / 2, e^r by a degree-6
/// polynomial, 2^n built in the exponent bits. Relative error ≈ 1 ulp; 0 below −87.
#[inline(always)]
fn exp(x: f32) -> f32 {
    let x = x.clamp(-87.0, 88.0);
    // Round x / ln 2 to the nearest integer: adding 1.5 · 2^23 pushes the fraction out.
    let n = (x * std::f32::consts::LOG2_E + 12_582_912.0) - 12_582_912.0;
    let r = x - n * 0.693_359_4 - n * -2.121_944_4e-4;
    let mut p = 1.987_569_1e-4f32;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 0.5; // Cephes: 5.0000001201e-1, which is 0.5 in f32
    let y = p * r * r + r + 1.0;
    // n + 127 lands in the low mantissa bits of 2^23 + n + 127; shift it into the exponent.
    let scale = f32::from_bits((n + 8_388_735.0).to_bits() << 23);
    y * scale
}

/// erf(x) by Abramowitz & Stegun 7.1.26, as PyTorch's CPU GELU: absolute error below 1e-6 in
/// f32 (relative error is poor near 0, where `1 - r·e^(-x²)` cancels, but GELU only needs
/// `1 + erf`).
#[inline(always)]
fn erf(x: f32) -> f32 {
    let a = x.abs();
    let t = 1.0 / (0.327_591_1 * a + 1.0);
    let r = ((((1.061_405_4 * t - 1.453_152_1) * t + 1.421_413_7) * t - 0.284_496_72) * t
        + 0.254_829_6)
        * t;
    (1.0 - r * exp(-a * a)).copysign(x)
}

#[inline(always)]
fn gelu_generic(xs: &mut [f32]) {
    for x in xs {
        *x = *x * 0.5 * (1.0 + erf(*x * std::f32::consts::FRAC_1_SQRT_2));
    }
}

/// Softmax of every column of a row-major matrix `width` wide, a row at a time so each step is
/// a contiguous vector operation. `max` and `sum` are scratch of at least `width` floats.
#[inline(always)]
fn softmax_columns_generic(xs: &mut [f32], width: usize, max: &mut [f32], sum: &mut [f32]) {
    let (max, sum) = (&mut max[..width], &mut sum[..width]);
    max.fill(f32::NEG_INFINITY);
    for row in xs.chunks_exact(width) {
        for (m, &x) in max.iter_mut().zip(row) {
            *m = m.max(x);
        }
    }
    sum.fill(0.0);
    for row in xs.chunks_exact_mut(width) {
        for ((x, &m), s) in row.iter_mut().zip(max.iter()).zip(sum.iter_mut()) {
            *x = exp(*x - m);
            *s += *x;
        }
    }
    for s in sum.iter_mut() {
        *s = 1.0 / *s;
    }
    for row in xs.chunks_exact_mut(width) {
        for (x, &s) in row.iter_mut().zip(sum.iter()) {
            *x *= s;
        }
    }
}

#[inline(always)]
fn sum(xs: &[f32]) -> f32 {
    let mut lanes = [0f32; LANES];
    let chunks = xs.chunks_exact(LANES);
    let tail: f32 = chunks.remainder().iter().sum();
    for chunk in chunks {
        for (s, &x) in lanes.iter_mut().zip(chunk) {
            *s += x;
        }
    }
    lanes.iter().sum::<f32>() + tail
}

#[inline(always)]
fn layer_norm_generic(xs: &mut [f32], gamma: &[f32], beta: &[f32], eps: f32) {
    let n = xs.len() as f32;
    let mean = sum(xs) / n;
    let mut lanes = [0f32; LANES];
    let chunks = xs.chunks_exact(LANES);
    let tail: f32 = chunks
        .remainder()
        .iter()
        .map(|&x| (x - mean) * (x - mean))
        .sum();
    for chunk in chunks {
        for (s, &x) in lanes.iter_mut().zip(chunk) {
            *s += (x - mean) * (x - mean);
        }
    }
    let var = (lanes.iter().sum::<f32>() + tail) / n;
    let inv = 1.0 / (var + eps).sqrt();
    for ((x, &g), &b) in xs.iter_mut().zip(gamma).zip(beta) {
        *x = (*x - mean) * inv * g + b;
    }
}

/// Defines `pub fn $name(kernels, …)` running `$generic` compiled for the kernel path `kernels`
/// (which the caller has checked is available: [`Kernels::available`]).
macro_rules! dispatch {
    ($(#[$doc:meta])* $name:ident, $generic:ident, ($($arg:ident: $ty:ty),*)) => {
        $(#[$doc])*
        pub fn $name(kernels: Kernels, $($arg: $ty),*) {
            /// # Safety
            /// Needs AVX-512F.
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx512f")]
            unsafe fn wide($($arg: $ty),*) {
                $generic($($arg),*)
            }

            /// # Safety
            /// Needs AVX2.
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx2")]
            unsafe fn half($($arg: $ty),*) {
                $generic($($arg),*)
            }

            match kernels {
                // SAFETY: the caller chose a path this CPU has (`Kernels::available`).
                #[cfg(target_arch = "x86_64")]
                Kernels::Avx512 => unsafe { wide($($arg),*) },
                // SAFETY: as above; the AVX2 path needs AVX2 (and FMA, which it does not use here).
                #[cfg(target_arch = "x86_64")]
                Kernels::Avx2 => unsafe { half($($arg),*) },
                _ => $generic($($arg),*),
            }
        }
    };
}

dispatch!(
    /// x · Φ(x) (exact, erf-based GELU), in place.
    gelu, gelu_generic, (xs: &mut [f32])
);
dispatch!(
    /// Softmax of each column of a row-major matrix `width` wide, in place.
    softmax_columns, softmax_columns_generic,
    (xs: &mut [f32], width: usize, max: &mut [f32], sum: &mut [f32])
);
dispatch!(
    /// Layer norm of one row, in place: (x − mean) / √(var + eps) · gamma + beta.
    layer_norm, layer_norm_generic,
    (xs: &mut [f32], gamma: &[f32], beta: &[f32], eps: f32)
);

#[cfg(any(test, feature = "self-check"))]
pub(crate) mod tests;
