//! The micro-kernels, one file per kernel path, and the choice of one for a tile: every product
//! is a sequence of `rows × NR` tiles of C (rows ≤ `MR`), each computed by one call.

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
mod avx512;
mod portable;

use super::MR;
use crate::Kernels;

/// `c[i·ldc + j] = Σ_s a[s·step + i] · b[s·NR + j] + bias[j] (+ c[i·ldc + j] if accumulate)`
/// for i < R, j < NR, s < k; the arguments are (k, a, step, b, c, ldc, bias, accumulate).
/// Callers guarantee: `a` holds (k−1)·step + R floats (step ≥ R), `b` k·NR, each of the R rows
/// of `c` has NR writable floats, `bias` is null or holds NR floats, and the CPU has the kernel
/// path's instructions ([`Kernels::available`]).
pub(super) type Tile =
    unsafe fn(usize, *const f32, usize, *const f32, *mut f32, usize, *const f32, bool);

/// The micro-kernel of path `kernels` for a tile of `rows` (1..=MR) rows. The row count is a
/// compile-time constant of each kernel, so its accumulators stay in registers.
pub(super) fn for_rows(kernels: Kernels, rows: usize) -> Tile {
    macro_rules! pick {
        ($($f:ident)::+) => {
            match rows {
                1 => $($f)::+::<1>,
                2 => $($f)::+::<2>,
                3 => $($f)::+::<3>,
                4 => $($f)::+::<4>,
                5 => $($f)::+::<5>,
                6 => $($f)::+::<6>,
                7 => $($f)::+::<7>,
                8 => $($f)::+::<8>,
                9 => $($f)::+::<9>,
                10 => $($f)::+::<10>,
                11 => $($f)::+::<11>,
                12 => $($f)::+::<12>,
                _ => unreachable!("tiles have 1..={MR} rows"),
            }
        };
    }
    match kernels {
        #[cfg(target_arch = "x86_64")]
        Kernels::Avx512 => pick!(avx512::tile),
        #[cfg(target_arch = "x86_64")]
        Kernels::Avx2 => pick!(avx2::tile),
        _ => pick!(portable::tile),
    }
}
