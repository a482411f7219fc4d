//! The kernels against plain computations, and an ignored timing run for development.

use super::*;

/// Deterministic pseudo-random codes (xorshift), the whole i8 range included.
fn codes_from(seed: u64) -> impl FnMut() -> i8 {
    let mut state = seed;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as u8 as i8
    }
}

#[test]
fn quantised_dot_products_are_close() {
    let a: Vec<f32> = (0..384)
        .map(|i| ((i * 37 % 101) as f32 - 50.0) / 50.0)
        .collect();
    let b: Vec<f32> = (0..384)
        .map(|i| ((i * 53 % 97) as f32 - 48.0) / 48.0)
        .collect();
    let (mut qa, mut qb) = (vec![0i8; 384], vec![0i8; 384]);
    let sa = quantize(&a, &mut qa);
    let sb = quantize(&b, &mut qb);
    let exact = dot_f32(&a, &b);
    let approx = dot_i8(&qa, &qb) as f32 * sa * sb;
    let seq: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
    assert!((exact - seq).abs() < 1e-3);
    assert!(
        (exact - approx).abs() < 0.02 * a.len() as f32 / 10.0,
        "{exact} {approx}"
    );
}

#[test]
fn zero_vectors_quantise_to_zero() {
    let mut q = vec![1i8; 4];
    assert_eq!(quantize(&[0.0; 4], &mut q), 0.0);
    assert_eq!(q, vec![0; 4]);
}

#[test]
fn scans_agree_single_and_multi_threaded() {
    let dim = 24;
    let rows = 10_000;
    let codes: Vec<i8> = (0..rows * dim).map(|i| ((i * 31) % 255) as i8).collect();
    let scales: Vec<f32> = (0..rows).map(|r| 1.0 + r as f32 * 1e-4).collect();
    let q: Vec<i8> = (0..dim).map(|i| i as i8 - 12).collect();
    let (mut one, mut two) = (Vec::new(), Vec::new());
    scan_i8(&codes, &scales, dim, &q, 0.5, 1, &mut one);
    scan_i8(&codes, &scales, dim, &q, 0.5, 2, &mut two);
    assert_eq!(one, two);
    assert_eq!(one.len(), rows);
}

#[test]
fn top_k_is_sorted() {
    let s = [0.1, 0.9, f32::NAN, 0.5, 0.9, 0.3];
    assert_eq!(top_k(&s, 3), vec![1, 4, 3]);
    assert_eq!(top_k(&s, 0), Vec::<usize>::new());
    assert_eq!(top_k(&s, 10).len(), 5);
}

#[test]
fn top_k_equals_a_full_sort_at_every_size() {
    // Scores with ties (a few hundred distinct values), NaNs and ±0, for k on both sides of the
    // small buffer's limit (64) and up to past the number of rows.
    let mut next = codes_from(0x51f1_5e3d_a5a5_0f0f_u64);
    let n = 5_000;
    let mut scores: Vec<f32> = (0..n).map(|_| f32::from(next()) / 64.0).collect();
    scores[7] = f32::NAN;
    scores[4_000] = f32::NAN;
    scores[11] = -0.0;
    scores[12] = 0.0;
    // Best first; equal scores (−0 and +0 among them) by row.
    let mut sorted: Vec<usize> = (0..n).filter(|&i| !scores[i].is_nan()).collect();
    sorted.sort_by(|&a, &b| {
        scores[b]
            .partial_cmp(&scores[a])
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    // Cuts inside the run of zeros too (−0 at row 11 among +0s).
    let positive = scores.iter().filter(|&&s| s > 0.0).count();
    for k in [
        1,
        10,
        64,
        65,
        232,
        1_232,
        positive + 1,
        positive + 3,
        n - 3,
        n - 2,
        n,
        n + 5,
    ] {
        let want: Vec<f32> = sorted.iter().take(k).map(|&i| scores[i]).collect();
        let got = top_k(&scores, k);
        let got_scores: Vec<f32> = got.iter().map(|&i| scores[i]).collect();
        assert_eq!(got_scores, want, "k = {k}");
        // Among equal scores, lower rows first.
        assert_eq!(got, sorted[..k.min(sorted.len())], "k = {k}");
    }
}

#[test]
#[ignore = "timing; run with --ignored --nocapture"]
fn top_k_speed() {
    let mut next = codes_from(0x9e37_79b9_7f4a_7c15_u64);
    // Continuous, as cosines are (few ties).
    let scores: Vec<f32> = (0..100_000)
        .map(|_| (f32::from(next()) + f32::from(next()) / 256.0) / 128.0)
        .collect();
    for k in [50, 232, 1_232, 50, 232, 1_232] {
        let t = std::time::Instant::now();
        for _ in 0..100 {
            std::hint::black_box(top_k(&scores, k));
        }
        eprintln!("top_k of 100,000, k = {k}: {:?}", t.elapsed() / 100);
    }
}

#[test]
#[ignore = "timing; run with --ignored --nocapture"]
fn scan_speed() {
    let dim = 384;
    let rows = 100_000;
    let codes: Vec<i8> = (0..rows * dim).map(|i| ((i * 31) % 255) as i8).collect();
    let scales = vec![1.0f32; rows];
    let q: Vec<i8> = (0..dim).map(|i| (i % 200) as i8).collect();
    let mut out = Vec::new();
    for threads in [1, 2] {
        let t = std::time::Instant::now();
        for _ in 0..10 {
            scan_i8(&codes, &scales, dim, &q, 1.0, threads, &mut out);
        }
        eprintln!(
            "scan 100k x 384, {threads} thread(s): {:?}",
            t.elapsed() / 10
        );
    }
    let t = std::time::Instant::now();
    let top = top_k(&out, 72);
    eprintln!("top_k: {:?} {}", t.elapsed(), top.len());
}

#[test]
fn a_scan_of_some_rows_scores_as_the_full_scan() {
    let dim = 16;
    let rows = 300;
    let codes: Vec<i8> = (0..rows * dim).map(|i| ((i * 17) % 251) as i8).collect();
    let scales: Vec<f32> = (0..rows).map(|r| 0.5 + r as f32 * 1e-3).collect();
    let q: Vec<i8> = (0..dim).map(|i| 3 * i as i8 - 20).collect();
    let mut all = Vec::new();
    scan_i8(&codes, &scales, dim, &q, 0.25, 1, &mut all);
    let some = [3, 7, 150, 299, 300];
    let mut out = Vec::new();
    scan_rows_i8(&codes, &scales, dim, &some, &q, 0.25, &mut out);
    assert_eq!(&out[..4], &[all[3], all[7], all[150], all[299]]);
    assert!(out[4].is_nan(), "a row past the matrix is never a hit");
}

#[test]
fn a_scan_of_some_rows_of_model_width_scores_as_the_full_scan() {
    // 384 codes a row: the AVX-512 VNNI loop where the processor has it, else the AVX2 one.
    let (dim, rows) = (384, 200);
    let mut next = codes_from(0x9e37_79b9_7f4a_7c15_u64);
    let codes: Vec<i8> = (0..rows * dim).map(|_| next()).collect();
    let scales: Vec<f32> = (0..rows).map(|r| 0.5 + r as f32 * 1e-3).collect();
    let q: Vec<i8> = (0..dim).map(|_| next()).collect();
    let mut all = Vec::new();
    scan_i8(&codes, &scales, dim, &q, 0.25, 1, &mut all);
    let some = [0, 5, 64, 199, 200];
    let mut out = Vec::new();
    scan_rows_i8(&codes, &scales, dim, &some, &q, 0.25, &mut out);
    assert_eq!(&out[..4], &[all[0], all[5], all[64], all[199]]);
    assert!(out[4].is_nan(), "a row past the matrix is never a hit");
}

#[test]
fn the_dot_product_is_exact_whichever_kernel_runs() {
    // Every length from 0 to 100 (the AVX2 loop's 32- and 16-code steps and its tail) and the
    // model's 384, over codes that include −128 and 127.
    let mut next = codes_from(0x2545_f491_4f6c_dd1d_u64);
    for len in (0..=100).chain([383, 384, 385]) {
        let a: Vec<i8> = (0..len).map(|_| next()).collect();
        let mut b: Vec<i8> = (0..len).map(|_| next()).collect();
        if len > 3 {
            b[0] = -128;
            b[1] = 127;
        }
        let plain = a
            .iter()
            .zip(&b)
            .map(|(x, y)| *x as i32 * *y as i32)
            .sum::<i32>();
        assert_eq!(dot_i8(&a, &b), plain, "length {len}");
        assert_eq!(dot_i8_portable(&a, &b), plain, "length {len}");
    }
    let all_min = vec![-128i8; 384];
    assert_eq!(dot_i8(&all_min, &all_min), 384 * 128 * 128);
}

#[test]
fn the_fast_scan_scores_as_the_portable_loop() {
    let dim = 384;
    let rows = 9_000;
    let codes: Vec<i8> = (0..rows * dim)
        .map(|i| ((i * 31) % 256) as u8 as i8)
        .collect();
    let scales: Vec<f32> = (0..rows).map(|r| 0.5 + r as f32 * 1e-4).collect();
    let q: Vec<i8> = (0..dim).map(|i| (i * 7 % 256) as u8 as i8).collect();
    let mut fast = Vec::new();
    scan_i8(&codes, &scales, dim, &q, 0.25, 2, &mut fast);
    let portable: Vec<f32> = codes
        .chunks_exact(dim)
        .zip(&scales)
        .map(|(row, s)| dot_i8_portable(row, &q) as f32 * s * 0.25)
        .collect();
    assert_eq!(fast, portable);
    // On one thread.
    let mut one_thread = Vec::new();
    scan_i8(&codes, &scales, dim, &q, 0.25, 1, &mut one_thread);
    assert_eq!(one_thread, portable);
}

#[test]
#[ignore = "timing; run with --ignored --nocapture"]
fn dot_speed_by_kernel() {
    let dim = 384;
    let rows = 100_000;
    let codes: Vec<i8> = (0..rows * dim).map(|i| ((i * 31) % 255) as i8).collect();
    let q: Vec<i8> = (0..dim).map(|i| (i % 200) as i8).collect();
    let mut sink = 0i64;
    let t = std::time::Instant::now();
    for row in codes.chunks_exact(dim) {
        sink += dot_i8_portable(row, &q) as i64;
    }
    let portable = t.elapsed();
    let t = std::time::Instant::now();
    for row in codes.chunks_exact(dim) {
        sink -= dot_i8(row, &q) as i64;
    }
    let chosen = t.elapsed();
    eprintln!("100k x 384 dot products: portable {portable:?}, dispatched {chosen:?} ({sink})");
}

#[test]
fn every_row_kernel_this_processor_has_scores_as_the_portable_loop() {
    let mut next = codes_from(0x9e37_79b9_7f4a_7c15_u64);
    // 64 and the model's 384 (the VNNI loop's steps), and 100 (not a multiple of 64: the
    // dispatcher leaves VNNI out); codes at both ends of the range included.
    for dim in [64, 384, 100] {
        let rows = 257;
        let mut codes: Vec<i8> = (0..rows * dim).map(|_| next()).collect();
        codes[..dim].fill(-128);
        codes[dim..2 * dim].fill(127);
        let scales: Vec<f32> = (0..rows).map(|r| 0.25 + r as f32 * 1e-3).collect();
        let mut q: Vec<i8> = (0..dim).map(|_| next()).collect();
        q[0] = -128;
        q[1] = 127;
        let mut portable = vec![0.0; rows];
        score_rows_portable(&codes, &scales, dim, &q, 0.5, &mut portable);
        let mut dispatched = vec![0.0; rows];
        score_rows(&codes, &scales, &[], dim, &q, 0.5, &mut dispatched);
        assert_eq!(dispatched, portable, "dim {dim}");
        let mut summed = vec![0.0; rows];
        score_rows(
            &codes,
            &scales,
            &row_sums(&codes, dim),
            dim,
            &q,
            0.5,
            &mut summed,
        );
        assert_eq!(summed, portable, "dim {dim}, rows' sums given");
        #[cfg(target_arch = "x86_64")]
        {
            if x86::available() {
                let mut avx2 = vec![0.0; rows];
                #[allow(unsafe_code)]
                // SAFETY: AVX2 was detected.
                unsafe {
                    x86::score_rows(&codes, &scales, dim, &q, 0.5, &mut avx2)
                };
                assert_eq!(avx2, portable, "AVX2, dim {dim}");
            }
            if dim % 64 == 0 && x86::vnni_available() {
                let mut vnni = vec![0.0; rows];
                #[allow(unsafe_code)]
                // SAFETY: AVX-512 VNNI was detected; dim is a multiple of 64.
                unsafe {
                    x86::score_rows_vnni(&codes, &scales, dim, &q, 0.5, &mut vnni)
                };
                assert_eq!(vnni, portable, "VNNI, dim {dim}");
            }
        }
    }
}

#[test]
fn many_queries_in_one_pass_score_as_each_alone() {
    let dim = 128;
    let rows = 9000; // past one tile and split across threads
    let mut next = codes_from(7);
    let codes: Vec<i8> = (0..rows * dim).map(|_| next()).collect();
    let scales: Vec<f32> = (0..rows).map(|r| 0.5 + (r % 7) as f32 / 10.0).collect();
    let queries: Vec<Vec<i8>> = (0..3).map(|_| (0..dim).map(|_| next()).collect()).collect();
    let asked: Vec<(&[i8], f32)> = queries.iter().map(|q| (q.as_slice(), 0.25)).collect();
    for threads in [1, 2] {
        let mut outs = vec![Vec::new(); asked.len()];
        scan_i8_many(
            &codes,
            &scales,
            &row_sums(&codes, dim),
            dim,
            &asked,
            threads,
            &mut outs,
        );
        for ((q, qs), many) in asked.iter().zip(&outs) {
            let mut alone = Vec::new();
            scan_i8(&codes, &scales, dim, q, *qs, 1, &mut alone);
            assert_eq!(many, &alone);
        }
    }
    let mut none: Vec<Vec<f32>> = vec![vec![1.0]];
    scan_i8_many(
        &codes,
        &scales,
        &row_sums(&codes, 0),
        0,
        &asked[..1],
        1,
        &mut none,
    );
    assert!(none[0].is_empty());
}

#[test]
#[ignore = "timing; run with --ignored --nocapture"]
fn many_queries_scan_speed() {
    let dim = 384;
    let rows = 100_000;
    let mut next = codes_from(11);
    let codes: Vec<i8> = (0..rows * dim).map(|_| next()).collect();
    let scales = vec![1.0f32; rows];
    let sums = row_sums(&codes, dim);
    let queries: Vec<Vec<i8>> = (0..8).map(|_| (0..dim).map(|_| next()).collect()).collect();
    for n in [1, 2, 4, 8] {
        let asked: Vec<(&[i8], f32)> = queries[..n].iter().map(|q| (q.as_slice(), 1.0)).collect();
        let mut out = Vec::new();
        let t = std::time::Instant::now();
        for _ in 0..10 {
            for (q, qs) in &asked {
                scan_i8(&codes, &scales, dim, q, *qs, 1, &mut out);
            }
        }
        let alone = t.elapsed() / 10;
        let mut outs = vec![Vec::new(); n];
        let t = std::time::Instant::now();
        for _ in 0..10 {
            scan_i8_many(&codes, &scales, &sums, dim, &asked, 1, &mut outs);
        }
        eprintln!(
            "{n} queries, 1 thread: one by one {alone:?}, in one pass {:?}",
            t.elapsed() / 10
        );
    }
}
