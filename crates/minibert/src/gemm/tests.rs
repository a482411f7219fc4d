//! The products against plain ones, for every kernel path this CPU has. Also run by the
//! application's tests through [`crate::check_kernels`] (feature `self-check`).

use super::*;

/// The kernel paths this CPU has, portable first.
pub(crate) fn kernel_paths() -> Vec<Kernels> {
    Kernels::ALL
        .into_iter()
        .rev()
        .filter(|kernels| kernels.available())
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
    for kernels in kernel_paths() {
        // One tile of every height 1..=MR first (each height is a micro-kernel of its own), then
        // products of several tiles and, on more than one thread, several parts.
        for &(m, k, n) in &[
            (1usize, 1usize, 32usize),
            (2, 5, 32),
            (3, 9, 64),
            (4, 16, 40),
            (5, 24, 64),
            (6, 3, 70),
            (7, 13, 40),
            (8, 31, 96),
            (9, 2, 33),
            (10, 47, 64),
            (11, 8, 40),
            (12, 20, 96),
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
                    kernels,
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
                            "{kernels:?} {m}×{k}×{n} ({i},{j}): {got} vs {want}"
                        );
                    }
                }
            }
        }
    }
}

/// A k-major left operand read in place (attention's transposed scores).
#[cfg_attr(test, test)]
pub(crate) fn in_place_left_operands_match_a_plain_product() {
    for kernels in kernel_paths() {
        for &(m, k, n) in &[
            (1usize, 1usize, 64usize),
            (5, 3, 64),
            (37, 37, 64),
            (200, 200, 32),
        ] {
            let step = m.div_ceil(NR) * NR;
            let a = values(k * step, 5);
            let w = values(k * n, 6);
            let b = Packed::from_fn(k, n, |r, j| w[r * n + j]);
            let mut c = vec![0f32; m * n];
            let out = SharedMut(c.as_mut_ptr());
            // SAFETY: c holds m rows of n = whole panels; this thread is its only writer.
            unsafe {
                product(
                    kernels,
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
                        "{kernels:?} {m}×{k}×{n}"
                    );
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
        let kernels = Kernels::detect();
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
                matmul(kernels, &a, k, m, &b, None, false, &mut c, n, None);
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
                matmul(kernels, &a, k, m, b, None, false, &mut c, n, None);
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
