//! The hot loops of Praktiki's in-memory vector index.
//!
//! They live in their own crate because the application crate is built without optimisation in
//! the dev profile while dependencies are built with `opt-level = 3`; a dot-product loop is
//! 20–50× slower unoptimised. The portable kernels are safe Rust written so the compiler
//! vectorises them (fixed-width accumulator lanes), for any x86-64 or ARM target without special
//! flags; on x86-64 with AVX2 the int8 kernels run the hand-written ones of `x86.rs` instead,
//! chosen at run time (and the row scan with AVX-512 VNNI where the processor has it), so one
//! binary serves every machine. Unsafe code lives in that file and in the calls here that run
//! it once the instructions are detected.

#![deny(unsafe_code)]

mod top;
#[cfg(target_arch = "x86_64")]
mod x86;

pub use top::top_k;

use std::sync::atomic::{AtomicUsize, Ordering};

/// Quantises `v` to signed 8-bit codes with one symmetric scale: `v[i] ≈ out[i] · scale`.
/// Returns the scale (0 for an all-zero vector). `out` must be as long as `v`.
pub fn quantize(v: &[f32], out: &mut [i8]) -> f32 {
    let max = v.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    if max == 0.0 || !max.is_finite() {
        out.iter_mut().for_each(|o| *o = 0);
        return 0.0;
    }
    let scale = max / 127.0;
    for (o, x) in out.iter_mut().zip(v) {
        *o = (x / scale).round().clamp(-127.0, 127.0) as i8;
    }
    scale
}

/// Integer dot product of two code vectors of equal length. (Not `#[inline]`: callers in
/// unoptimised crates must call this optimised copy rather than instantiate their own.)
pub fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
    #[cfg(target_arch = "x86_64")]
    if x86::available() {
        // SAFETY: AVX2 was detected on this processor.
        #[allow(unsafe_code)]
        return unsafe { x86::dot_i8(a, b) };
    }
    dot_i8_portable(a, b)
}

/// `dot_i8` without processor-specific instructions (and the reference the AVX2 one is
/// tested against).
pub(crate) fn dot_i8_portable(a: &[i8], b: &[i8]) -> i32 {
    const LANES: usize = 32;
    let mut acc = [0i32; LANES];
    let (ac, ar) = a.split_at(a.len() - a.len() % LANES);
    let (bc, br) = b.split_at(ac.len().min(b.len()));
    // Wrapping arithmetic: the dev profile keeps overflow checks, which would stop the loop from
    // vectorising (|products| ≤ 127², sums of 384 of them cannot overflow an i32 anyway).
    for (x, y) in ac.chunks_exact(LANES).zip(bc.chunks_exact(LANES)) {
        for ((a, &xv), &yv) in acc.iter_mut().zip(x).zip(y) {
            *a = a.wrapping_add((xv as i32).wrapping_mul(yv as i32));
        }
    }
    let tail = ar.iter().zip(br).fold(0i32, |t, (x, y)| {
        t.wrapping_add((*x as i32).wrapping_mul(*y as i32))
    });
    acc.iter().fold(tail, |t, a| t.wrapping_add(*a))
}

/// Dot product of two f32 vectors of equal length (lane-wise accumulation, so the result can
/// differ from a sequential sum in the last bits).
pub fn dot_f32(a: &[f32], b: &[f32]) -> f32 {
    const LANES: usize = 16;
    let mut acc = [0f32; LANES];
    let (ac, ar) = a.split_at(a.len() - a.len() % LANES);
    let (bc, br) = b.split_at(ac.len().min(b.len()));
    for (x, y) in ac.chunks_exact(LANES).zip(bc.chunks_exact(LANES)) {
        for ((a, &xv), &yv) in acc.iter_mut().zip(x).zip(y) {
            *a += xv * yv;
        }
    }
    let tail: f32 = ar.iter().zip(br).map(|(x, y)| x * y).sum();
    acc.iter().sum::<f32>() + tail
}

/// Scans running now in this process (`scan_i8`).
static SCANNING: AtomicUsize = AtomicUsize::new(0);

/// One running scan, counted in [`SCANNING`] while it lives.
struct Running {
    /// Whether no other scan was running when this one started.
    alone: bool,
}

impl Running {
    fn start() -> Running {
        Running {
            alone: SCANNING.fetch_add(1, Ordering::AcqRel) == 0,
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        SCANNING.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Approximate dot products of `query` with every row of a row-major code matrix
/// (`codes.len() == rows · dim`), each row scaled by `scales[row] · query_scale`. Uses up to
/// `threads` threads of rayon's pool for large matrices, but only while no other scan runs:
/// when scans overlap (a server under load) the other cores already have work, and handing
/// halves to the pool would only add waits.
/// `out` receives one score per row.
pub fn scan_i8(
    codes: &[i8],
    scales: &[f32],
    dim: usize,
    query: &[i8],
    query_scale: f32,
    threads: usize,
    out: &mut Vec<f32>,
) {
    // One query reads the rows row by row (`scan_i8_many`'s first query): no sums needed.
    let mut outs = [std::mem::take(out)];
    scan_i8_many(
        codes,
        scales,
        &[],
        dim,
        &[(query, query_scale)],
        threads,
        &mut outs,
    );
    let [scored] = outs;
    *out = scored;
}

/// The sum of each row's codes (`rows · dim` codes in `codes`), for `scan_i8_many`.
pub fn row_sums(codes: &[i8], dim: usize) -> Vec<i32> {
    if dim == 0 {
        return Vec::new();
    }
    codes.chunks_exact(dim).map(row_sum).collect()
}

/// The sum of one row's codes.
pub fn row_sum(row: &[i8]) -> i32 {
    row.iter().map(|&c| c as i32).sum()
}

/// Rows scored by every query before the next: 2,048 rows of 384 codes (768 KB) stay in a
/// core's second-level cache while the queries take their turns on them.
const TILE_ROWS: usize = 2048;

/// `scan_i8` for several queries in one pass over memory: `outs[j]` receives one score per row
/// for `queries[j]` (codes, scale); `sums` holds each row's code sum (`row_sums`, or empty),
/// which the second and later queries read to score sixteen rows at once. The matrix is read a tile at a time and every query scores
/// a tile while it is in cache, so n queries cost one read of the matrix (what bounds a scan of
/// 100,000 rows) and n passes of arithmetic instead of n reads. Splits across `threads` as
/// `scan_i8` does.
pub fn scan_i8_many(
    codes: &[i8],
    scales: &[f32],
    sums: &[i32],
    dim: usize,
    queries: &[(&[i8], f32)],
    threads: usize,
    outs: &mut [Vec<f32>],
) {
    let rows = codes.len().checked_div(dim).unwrap_or(0).min(scales.len());
    for out in outs.iter_mut() {
        out.clear();
        out.resize(rows, 0.0);
    }
    if rows == 0 || queries.is_empty() {
        return;
    }
    let work = |start: usize, mut outs: Vec<&mut [f32]>| {
        let end = start + outs.first().map_or(0, |o| o.len());
        let mut tile = start;
        while tile < end {
            let n = TILE_ROWS.min(end - tile);
            let (c, s) = (
                &codes[tile * dim..(tile + n) * dim],
                &scales[tile..tile + n],
            );
            let sums = sums.get(tile..tile + n).unwrap_or(&[]);
            for (j, ((q, qs), out)) in queries.iter().zip(outs.iter_mut()).enumerate() {
                let from = tile - start;
                // The first query reads the tile from memory, which bounds it whatever the loop:
                // row by row keeps the most loads in flight. The others find it in cache, where
                // the arithmetic is the bound: sixteen rows at once.
                let sums = if j == 0 { &[][..] } else { sums };
                score_rows(c, s, sums, dim, q, *qs, &mut out[from..from + n]);
            }
            tile += n;
        }
    };
    let running = Running::start();
    let threads = if running.alone { threads.max(1) } else { 1 };
    let all: Vec<&mut [f32]> = outs.iter_mut().map(|o| o.as_mut_slice()).collect();
    if threads == 1 || rows < 8192 {
        work(0, all);
        return;
    }
    // On rayon's pool: its threads live for the process (a thread spawned per scan cost its
    // start-up and an allocator heap each time, thousands a second under load).
    let per = rows.div_ceil(threads);
    let mut parts: Vec<(usize, Vec<&mut [f32]>)> = Vec::new();
    let mut rest = all;
    let mut start = 0;
    while start < rows {
        let n = per.min(rows - start);
        let (mine, tail): (Vec<_>, Vec<_>) = rest.into_iter().map(|o| o.split_at_mut(n)).unzip();
        parts.push((start, mine));
        rest = tail;
        start += n;
    }
    rayon::scope(|scope| {
        for (start, mine) in parts {
            scope.spawn(move |_| work(start, mine));
        }
    });
}

/// The body of `scan_i8` on one thread: the AVX-512 VNNI or the AVX2 loop where the processor
/// has it.
fn score_rows(
    codes: &[i8],
    scales: &[f32],
    sums: &[i32],
    dim: usize,
    query: &[i8],
    query_scale: f32,
    out: &mut [f32],
) {
    #[cfg(target_arch = "x86_64")]
    if dim.is_multiple_of(64) && query.len() >= dim && x86::vnni_available() {
        if sums.len() >= out.len() {
            // SAFETY: AVX-512 VNNI was detected; `dim` and the query's length were checked, and
            // the caller gives each row's code sum (`row_sum`).
            #[allow(unsafe_code)]
            unsafe {
                x86::score_rows_vnni16(codes, scales, sums, dim, query, query_scale, out)
            };
        } else {
            // SAFETY: AVX-512 VNNI was detected; `dim` and the query's length were checked.
            #[allow(unsafe_code)]
            unsafe {
                x86::score_rows_vnni(codes, scales, dim, query, query_scale, out)
            };
        }
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if x86::available() {
        // SAFETY: AVX2 was detected on this processor.
        #[allow(unsafe_code)]
        unsafe {
            x86::score_rows(codes, scales, dim, query, query_scale, out)
        };
        return;
    }
    score_rows_portable(codes, scales, dim, query, query_scale, out);
}

/// `score_rows` without processor-specific instructions (the reference the others are tested
/// against).
pub(crate) fn score_rows_portable(
    codes: &[i8],
    scales: &[f32],
    dim: usize,
    query: &[i8],
    query_scale: f32,
    out: &mut [f32],
) {
    for ((row, s), o) in codes.chunks_exact(dim).zip(scales).zip(out.iter_mut()) {
        *o = dot_i8_portable(row, query) as f32 * s * query_scale;
    }
}

/// `scan_i8` over some rows only (`rows`, indices into the code matrix; best in ascending order,
/// so memory is read forwards): `out[i]` scores `rows[i]`. A row past the matrix scores NaN
/// (never selected by `top_k`).
pub fn scan_rows_i8(
    codes: &[i8],
    scales: &[f32],
    dim: usize,
    rows: &[usize],
    query: &[i8],
    query_scale: f32,
    out: &mut Vec<f32>,
) {
    out.clear();
    #[cfg(target_arch = "x86_64")]
    if dim.is_multiple_of(64) && query.len() >= dim && x86::vnni_available() {
        out.resize(rows.len(), 0.0);
        // SAFETY: AVX-512 VNNI was detected; `dim` and the query's length were checked, and
        // `out` holds one score per row.
        #[allow(unsafe_code)]
        unsafe {
            x86::score_chosen_rows_vnni(codes, scales, dim, rows, query, query_scale, out)
        };
        return;
    }
    out.extend(rows.iter().map(|&row| {
        match (codes.get(row * dim..(row + 1) * dim), scales.get(row)) {
            (Some(codes), Some(s)) if dim > 0 => dot_i8(codes, query) as f32 * s * query_scale,
            _ => f32::NAN,
        }
    }));
}

#[cfg(test)]
mod tests;
