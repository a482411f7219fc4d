//! `praktiki bench-match`: the latency of the live recommendation path over synthetic
//! internships, with the small generator that makes them. Apart from `commands.rs` because it
//! measures speed on made-up data, not quality on a benchmark file.

use crate::matching::ranking::score::MatchWeights;

/// `praktiki bench-match`: recommendation latency (top-k over synthetic active internships:
/// random unit vectors, 3–8 taxonomy skills each, random city and mode), the full live path —
/// int8 scan, exact re-score, hybrid score of the candidate pool, top k. Prints one JSON object.
pub fn bench_match(
    sizes: &[usize],
    queries: usize,
    k: usize,
    threads: usize,
) -> anyhow::Result<()> {
    use crate::matching::embedding::embedder::EMBEDDING_DIM;
    use crate::matching::index::catalogue::{Catalogue, Listing, Request, recommend};
    use crate::matching::model::{InternshipInput, StudentInput, WorkMode};
    use crate::matching::ranking::score;
    use crate::taxonomy::taxonomy;
    anyhow::ensure!(queries > 0, "--queries must be at least 1");
    anyhow::ensure!(k > 0, "--k must be at least 1");
    let weights = MatchWeights::default();
    let keys: Vec<String> = taxonomy().skills().iter().map(|s| s.key.clone()).collect();
    anyhow::ensure!(!keys.is_empty(), "the skill taxonomy is empty");
    let cities = [
        "Pune",
        "Mumbai",
        "Delhi",
        "Bengaluru",
        "Chennai",
        "Hyderabad",
        "Kolkata",
        "Jaipur",
    ];
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let threads = if threads == 0 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    } else {
        threads
    };
    let mut results = Vec::new();
    for &n in sizes {
        let build = std::time::Instant::now();
        let mut index: Catalogue<u64> = Catalogue::new(EMBEDDING_DIM, threads);
        for id in 0..n as u64 {
            let skills: Vec<String> = (0..3 + rng.below(6))
                .map(|_| keys[rng.below(keys.len())].clone())
                .collect();
            let remote = rng.below(3) == 0;
            let input = InternshipInput {
                id: id.to_string(),
                title: "Intern".into(),
                description: String::new(),
                skills,
                location: if remote {
                    "Remote".into()
                } else {
                    cities[rng.below(cities.len())].into()
                },
                mode: Some(if remote {
                    WorkMode::Remote
                } else {
                    WorkMode::Onsite
                }),
                original_skills: Vec::new(),
            };
            let listing = Listing::new(&input, &weights);
            index.upsert(id, &rng.unit(EMBEDDING_DIM), listing)?;
        }
        let build_ms = build.elapsed().as_secs_f64() * 1000.0;
        let student = StudentInput {
            skills: keys.iter().take(12).cloned().collect(),
            interests: "data analysis, dashboards and machine learning".into(),
            preferred_location: "Pune".into(),
            work_mode: Some(WorkMode::Any),
            ..StudentInput::default()
        };
        let features = score::student_features(&student);
        let mut times = Vec::with_capacity(queries);
        // What a request does before the scan: the profile through the normalisation step and
        // its features (reported apart, so `p50_ms` keeps its meaning across versions).
        let mut prepare = Vec::with_capacity(queries);
        for q in 0..queries + 3 {
            let t = std::time::Instant::now();
            let prepared = score::student_features(
                &crate::matching::ranking::normalise::global().student(&student),
            );
            std::hint::black_box(&prepared);
            if q >= 3 {
                prepare.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            let vector = rng.unit(EMBEDDING_DIM);
            let reactions = [(
                rng.below(n.max(1)) as u64,
                crate::matching::model::FeedbackKind::Like,
            )];
            let request = Request {
                features: &features,
                vector: &vector,
                reactions: &reactions,
                exclude: &|_| false,
                cohort: &[],
            };
            let t = std::time::Instant::now();
            let top = recommend(&index, &request, &weights, k, weights.candidate_pool);
            let elapsed = t.elapsed().as_secs_f64() * 1000.0;
            anyhow::ensure!(
                top.len() == k.min(n),
                "expected {} results, got {}",
                k.min(n),
                top.len()
            );
            if q >= 3 {
                times.push(elapsed);
            }
        }
        times.sort_by(f64::total_cmp);
        prepare.sort_by(f64::total_cmp);
        let prepare_p50 = prepare.get(prepare.len() / 2).copied().unwrap_or(0.0);
        let pct =
            |p: f64| times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1];
        let round = |x: f64| (x * 100.0).round() / 100.0;
        results.push(serde_json::json!({
            "internships": n,
            "p50_ms": round(pct(0.50)),
            "p95_ms": round(pct(0.95)),
            "max_ms": round(pct(1.0)),
            "index_build_ms": round(build_ms),
            "student_prepare_p50_ms": round(prepare_p50),
            // Per vector: 2 bytes a dimension in half precision, 1 for its 8-bit code.
            "index_mib": round((n * EMBEDDING_DIM * 3) as f64 / 1048576.0),
        }));
    }
    println!(
        "{}",
        serde_json::json!({
            "benchmark": "recommendation latency, top-k over synthetic active internships",
            "k": k,
            "queries": queries,
            "threads": threads,
            "candidate_pool": weights.candidate_pool,
            "results": results,
        })
    );
    Ok(())
}

/// A tiny deterministic generator for synthetic benchmark data.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn unit(&mut self, dim: usize) -> Vec<f32> {
        let v: Vec<f32> = (0..dim)
            .map(|_| (self.next() >> 11) as f32 / (1u64 << 53) as f32 - 0.5)
            .collect();
        let norm = v
            .iter()
            .map(|x| x * x)
            .sum::<f32>()
            .sqrt()
            .max(f32::MIN_POSITIVE);
        v.into_iter().map(|x| x / norm).collect()
    }
}
