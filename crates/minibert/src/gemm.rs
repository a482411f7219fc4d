//! Single-precision matrix products `C = A·B + bias (+ C)` for the encoder's shapes.
//!
//! B (a weight matrix, or one head's keys or values) is packed into panels of `NR` columns so the
//! micro-kernel reads it as one contiguous stream; weights are packed once at load time. A is
//! packed per call into blocks of at most `MR` rows, k-major, so each step of the kernel
//! broadcasts consecutive floats. The AVX-512 micro-kernel keeps an `MR × NR` tile of C in 24
//! registers; other CPUs get an AVX2 kernel or a portable one. Work is split across the current
//! rayon pool by rows (tall A: each thread reuses the weights from its own L2) or, for a single
//! short text, by panels (each thread then streams only its half of the weights).

use std::cell::RefCell;
use std::ops::Range;

/// Columns per panel: two 16-float AVX-512 vectors.
pub const NR: usize = 32;
/// Most rows per micro-kernel tile (12 × 2 accumulators + 2 panel registers of 32).
pub const MR: usize = 12;
/// Bytes of packed B one pass over A's row blocks reuses (about half of a 2 MB L2).
const L2_BUDGET: usize = 1 << 20;
/// Floats ahead of the current step of a panel the AVX-512 kernel prefetches (48 steps, 6 KB:
/// measured better than 1 KB for weights streamed from memory, and no worse from L2).
const PREFETCH: usize = 48 * NR;

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

    fn panel(&self, p: usize) -> &[f32] {
        &self.data[p * self.k * NR..(p + 1) * self.k * NR]
    }
}

/// Which kernels run: the matrix-product micro-kernel and the layer ops (GELU, softmax, layer
/// norm) are compiled for each path; the encoder picks the widest the CPU has, or the one a
/// caller forces ([`crate::Encoder::with_kernels`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Isa {
    Avx512,
    Avx2,
    Portable,
}

impl Isa {
    /// Every kernel path, widest first.
    pub const ALL: [Isa; 3] = [Isa::Avx512, Isa::Avx2, Isa::Portable];

    /// The widest path this CPU runs.
    pub fn detect() -> Isa {
        Isa::ALL
            .into_iter()
            .find(|isa| isa.available())
            .unwrap_or(Isa::Portable)
    }

    /// Whether this CPU has the instructions the path needs (the portable path runs anywhere).
    pub fn available(self) -> bool {
        match self {
            #[cfg(target_arch = "x86_64")]
            Isa::Avx512 => std::arch::is_x86_feature_detected!("avx512f"),
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => {
                std::arch::is_x86_feature_detected!("avx2")
                    && std::arch::is_x86_feature_detected!("fma")
            }
            Isa::Portable => true,
            #[cfg(not(target_arch = "x86_64"))]
            _ => false,
        }
    }

    /// The kernel for a tile of `rows` (1..=MR) rows.
    fn tile(self, rows: usize) -> Tile {
        macro_rules! pick {
            ($f:ident) => {
                match rows {
                    1 => $f::<1>,
                    2 => $f::<2>,
                    3 => $f::<3>,
                    4 => $f::<4>,
                    5 => $f::<5>,
                    6 => $f::<6>,
                    7 => $f::<7>,
                    8 => $f::<8>,
                    9 => $f::<9>,
                    10 => $f::<10>,
                    11 => $f::<11>,
                    12 => $f::<12>,
                    _ => unreachable!("tiles have 1..=MR rows"),
                }
            };
        }
        match self {
            #[cfg(target_arch = "x86_64")]
            Isa::Avx512 => pick!(tile_avx512),
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => pick!(tile_avx2),
            _ => pick!(tile_portable),
        }
    }
}

/// `c[i·ldc + j] = Σ_s a[s·step + i] · b[s·NR + j] + bias[j] (+ c[i·ldc + j] if accumulate)`
/// for i < R, j < NR, s < k; the arguments are (k, a, step, b, c, ldc, bias, accumulate).
/// Callers guarantee: `a` holds (k−1)·step + R floats (step ≥ R), `b` k·NR, each of the R rows
/// of `c` has NR writable floats, `bias` is null or holds NR floats, and the ISA is present.
type Tile = unsafe fn(usize, *const f32, usize, *const f32, *mut f32, usize, *const f32, bool);

/// The left operand of a product.
#[derive(Clone, Copy)]
pub enum Lhs<'a> {
    /// Row-major, element (i, s) at `[i·lda + s]`: copied into k-major tiles per call.
    Rows(&'a [f32], usize),
    /// Already k-major, element (i, s) at `[s·step + i]` (attention's transposed scores): read
    /// in place.
    Columns(&'a [f32], usize),
}

/// Splits `m` rows into tiles of at most `MR` rows, as even as possible (18 → 9 + 9, not 12 + 6),
/// as (first row, rows) pairs.
fn row_blocks(m: usize) -> impl Iterator<Item = (usize, usize)> {
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
fn pack_a(a: &[f32], lda: usize, rows: Range<usize>, k: usize, out: &mut Vec<f32>) {
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
    isa: Isa,
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
                let tile = isa.tile(r);
                let row0 = rows.start + start;
                let (a, step) = match a {
                    Lhs::Rows(..) => (buffer[at..].as_ptr(), r),
                    Lhs::Columns(a, step) => (a[row0..].as_ptr(), step),
                };
                for p in first..end {
                    let bias = bias.map_or(std::ptr::null(), |b| b[p * NR..].as_ptr());
                    // SAFETY: A's tile holds (k−1)·step + r floats (packed: r·k at `at`;
                    // in place: asserted above), the panel k·NR, the caller guarantees C's
                    // rows and the bias, and `isa` was detected.
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
#[allow(clippy::too_many_arguments)]
pub fn matmul(
    isa: Isa,
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
                isa,
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
                    isa,
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
            unsafe { product(isa, lhs, 0..m, b, cols, bias, accumulate, out, ldc, None) };
        });
        if let Some(post) = post {
            for row in c.chunks_mut(ldc).take(m) {
                post(&mut row[..b.n()]);
            }
        }
    }
}

/// # Safety
/// See [`Tile`].
#[allow(clippy::too_many_arguments)] // the `Tile` signature
unsafe fn tile_portable<const R: usize>(
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

/// # Safety
/// See [`Tile`]; needs AVX-512F.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[allow(clippy::too_many_arguments)] // the `Tile` signature
unsafe fn tile_avx512<const R: usize>(
    k: usize,
    a: *const f32,
    a_step: usize,
    b: *const f32,
    c: *mut f32,
    ldc: usize,
    bias: *const f32,
    accumulate: bool,
) {
    use std::arch::x86_64::*;
    let mut lo = [_mm512_setzero_ps(); R];
    let mut hi = [_mm512_setzero_ps(); R];
    for step in 0..k {
        // SAFETY: step < k, so both loads stay inside the k·NR panel and the A tile.
        unsafe {
            let b0 = _mm512_loadu_ps(b.add(step * NR));
            let b1 = _mm512_loadu_ps(b.add(step * NR + 16));
            // The panel streams from L2: ask for it ~1 KB ahead (a hint; never faults).
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

/// # Safety
/// See [`Tile`]; needs AVX2 and FMA. Sixteen 8-float registers hold at most 6 rows × 16
/// columns, so the 32-column tile is done as (up to) two row groups × two column halves.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[allow(clippy::too_many_arguments)] // the `Tile` signature
unsafe fn tile_avx2<const R: usize>(
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
            sub_avx2(
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
                sub_avx2(
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
/// As for [`Tile`], with `b` and `c` already offset to the 16 columns; needs AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma")]
unsafe fn sub_avx2(
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
    use std::arch::x86_64::*;
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

#[cfg(any(test, feature = "self-check"))]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn isas() -> Vec<Isa> {
        Isa::ALL
            .into_iter()
            .rev()
            .filter(|isa| isa.available())
            .collect()
    }

    /// Deterministic values in [-1, 1).
    pub(crate) fn values(n: usize, seed: u32) -> Vec<f32> {
        let mut s = seed.wrapping_mul(2654435761).wrapping_add(1);
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 17;
                s ^= s << 5;
                (s % 20001) as f32 / 10000.0 - 1.0
            })
            .collect()
    }

    #[cfg_attr(test, test)]
    pub(crate) fn row_blocks_are_even_and_cover_every_row() {
        for m in 0..100 {
            let blocks: Vec<_> = row_blocks(m).collect();
            assert_eq!(blocks.iter().map(|b| b.1).sum::<usize>(), m);
            assert!(blocks.iter().all(|b| (1..=MR).contains(&b.1)));
            let (min, max) = blocks
                .iter()
                .fold((MR, 0), |(lo, hi), b| (lo.min(b.1), hi.max(b.1)));
            assert!(blocks.is_empty() || max - min <= 1, "{m}: {blocks:?}");
        }
        assert_eq!(row_blocks(18).collect::<Vec<_>>(), vec![(0, 9), (9, 9)]);
    }

    #[cfg_attr(test, test)]
    pub(crate) fn every_kernel_matches_a_plain_product_on_odd_sizes() {
        for isa in isas() {
            for &(m, k, n) in &[
                (1usize, 1usize, 32usize),
                (7, 13, 40),
                (13, 64, 96),
                (29, 100, 33),
                (130, 37, 70),
                (40, 200, 128),
                (250, 384, 64),
            ] {
                let lda = k + 3;
                let ldc = n.div_ceil(NR) * NR + 5;
                let a = values(m * lda, 1);
                let w = values(k * n, 2);
                let bias = values(n.div_ceil(NR) * NR, 3);
                let b = Packed::from_fn(k, n, |r, j| w[r * n + j]);
                for accumulate in [false, true] {
                    let start = values(m * ldc, 4);
                    let mut c = start.clone();
                    let double = |row: &mut [f32]| row.iter_mut().for_each(|x| *x *= 2.0);
                    matmul(
                        isa,
                        &a,
                        lda,
                        m,
                        &b,
                        Some(&bias),
                        accumulate,
                        &mut c,
                        ldc,
                        Some(&double),
                    );
                    for i in 0..m {
                        for j in 0..n {
                            let mut want = bias[j] as f64;
                            for r in 0..k {
                                want += a[i * lda + r] as f64 * w[r * n + j] as f64;
                            }
                            if accumulate {
                                want += start[i * ldc + j] as f64;
                            }
                            want *= 2.0;
                            let got = c[i * ldc + j] as f64;
                            assert!(
                                (got - want).abs() <= 1e-4 * (1.0 + want.abs()),
                                "{isa:?} {m}×{k}×{n} ({i},{j}): {got} vs {want}"
                            );
                        }
                    }
                }
            }
        }
    }
}

#[cfg(any(test, feature = "self-check"))]
pub(crate) mod columns_check {
    use super::*;

    /// A k-major left operand read in place (attention's transposed scores).
    #[cfg_attr(test, test)]
    pub(crate) fn in_place_left_operands_match_a_plain_product() {
        for isa in tests::isas() {
            for &(m, k, n) in &[
                (1usize, 1usize, 64usize),
                (5, 3, 64),
                (37, 37, 64),
                (200, 200, 32),
            ] {
                let step = m.div_ceil(NR) * NR;
                let a = tests::values(k * step, 5);
                let w = tests::values(k * n, 6);
                let b = Packed::from_fn(k, n, |r, j| w[r * n + j]);
                let mut c = vec![0f32; m * n];
                let out = SharedMut(c.as_mut_ptr());
                // SAFETY: c holds m rows of n = whole panels; this thread is its only writer.
                unsafe {
                    product(
                        isa,
                        Lhs::Columns(&a, step),
                        0..m,
                        &b,
                        0..b.panels(),
                        None,
                        false,
                        out,
                        n,
                        None,
                    )
                };
                for i in 0..m {
                    for j in 0..n {
                        let want: f64 = (0..k)
                            .map(|s| a[s * step + i] as f64 * w[s * n + j] as f64)
                            .sum();
                        let got = c[i * n + j] as f64;
                        assert!(
                            (got - want).abs() <= 1e-4 * (1.0 + want.abs()),
                            "{isa:?} {m}×{k}×{n}"
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod speed {
    use super::*;

    /// `RAYON_NUM_THREADS=1 cargo test --release -- --ignored --nocapture speed`
    #[test]
    #[ignore]
    fn single_thread_gflops() {
        let isa = Isa::detect();
        for &(m, k, n) in &[
            (256usize, 384usize, 1152usize),
            (256, 1536, 384),
            (4096, 384, 1536),
            (16, 384, 1536),
        ] {
            let a = vec![0.5f32; m * k];
            let b = Packed::from_fn(k, n, |r, j| (r + j) as f32 * 1e-3);
            let mut c = vec![0f32; m * n];
            let started = std::time::Instant::now();
            let mut runs = 0;
            while started.elapsed().as_secs_f64() < 1.0 {
                matmul(isa, &a, k, m, &b, None, false, &mut c, n, None);
                runs += 1;
            }
            let s = started.elapsed().as_secs_f64();
            println!(
                "{m} {k} {n}: {:.1} GFLOP/s",
                2.0 * (m * k * n * runs) as f64 / s / 1e9
            );
        }
        // Weights streamed from memory, as for one short text (24 products, 56 MB).
        let (m, k, n) = (16usize, 384usize, 1536usize);
        let bs: Vec<Packed> = (0..24)
            .map(|i| Packed::from_fn(k, n, |r, j| (r + j + i) as f32 * 1e-3))
            .collect();
        let a = vec![0.5f32; m * k];
        let mut c = vec![0f32; m * n];
        let started = std::time::Instant::now();
        let mut runs = 0;
        while started.elapsed().as_secs_f64() < 1.0 {
            for b in &bs {
                matmul(isa, &a, k, m, b, None, false, &mut c, n, None);
                runs += 1;
            }
        }
        let s = started.elapsed().as_secs_f64();
        println!(
            "streamed {m} {k} {n}: {:.1} GFLOP/s, {:.1} GB/s",
            2.0 * (m * k * n * runs) as f64 / s / 1e9,
            (k * n * 4 * runs) as f64 / s / 1e9
        );
    }
}
