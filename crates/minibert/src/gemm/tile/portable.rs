//! The portable micro-kernel: plain loops over a fixed-size accumulator the compiler vectorises
//! for the baseline target. Runs on any CPU.

use super::super::NR;

/// # Safety
/// See [`super::Tile`].
#[allow(clippy::too_many_arguments)] // the `Tile` signature
pub(super) unsafe fn tile<const R: usize>(
    k: usize,
    a: *const f32,
    step: usize,
    b: *const f32,
    c: *mut f32,
    ldc: usize,
    bias: *const f32,
    accumulate: bool,
) {
    // SAFETY: sizes as documented on `Tile`.
    let (a, b) = unsafe {
        (
            std::slice::from_raw_parts(a, if k == 0 { 0 } else { (k - 1) * step + R }),
            std::slice::from_raw_parts(b, k * NR),
        )
    };
    let mut acc = [[0f32; NR]; R];
    for (s, row) in b.chunks_exact(NR).enumerate() {
        for (acc, &x) in acc.iter_mut().zip(&a[s * step..s * step + R]) {
            for (s, &y) in acc.iter_mut().zip(row) {
                *s += x * y;
            }
        }
    }
    for (i, acc) in acc.iter().enumerate() {
        // SAFETY: row i of the tile has NR writable floats; bias holds NR when not null.
        let (out, bias) = unsafe {
            (
                std::slice::from_raw_parts_mut(c.add(i * ldc), NR),
                (!bias.is_null()).then(|| std::slice::from_raw_parts(bias, NR)),
            )
        };
        for (j, (o, &s)) in out.iter_mut().zip(acc).enumerate() {
            let v = s + bias.map_or(0.0, |b| b[j]);
            *o = if accumulate { v + *o } else { v };
        }
    }
}
