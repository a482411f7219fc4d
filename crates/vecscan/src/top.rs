//! The best rows of a scan: `top_k` over the scores it wrote.

/// Indices of the `k` largest scores, best first (ties: lower index first). NaN scores are
/// never selected. Not generic, so it always runs as compiled here (optimised).
///
/// One pass, in blocks of 64 scores: once `k` are kept, a block whose best does not beat the
/// worst kept is passed over on one comparison (its best found eight lanes at a time), and
/// nearly every block of 100,000 scores is. The `k` best so far sit in a sorted buffer up to
/// 64, and beyond (a search's shortlist of 232, a recommendation's of 1,232) in a pile cut back
/// by a selection whenever it doubles. Before: each score compared on its own, and beyond 64 a
/// selection on a copy of all the scores — at 100,000 scores k = 50, 232, 1,232 took ~80, 337,
/// 360 µs, now ~55, 110, 280 µs (`cargo test -p vecscan --release -- --ignored --nocapture
/// top_k_speed`).
pub fn top_k(scores: &[f32], k: usize) -> Vec<usize> {
    if k == 0 {
        return Vec::new();
    }
    if k <= 64 {
        let mut kept = Sorted(Vec::with_capacity(k + 1), k);
        skim(scores, &mut kept);
        return kept.0.into_iter().map(|(_, i)| i).collect();
    }
    let mut kept = Pile {
        rows: Vec::with_capacity(2 * k),
        wanted: k,
        floor: None,
    };
    skim(scores, &mut kept);
    kept.cut();
    kept.rows.sort_unstable_by(better);
    kept.rows.into_iter().map(|(_, i)| i).collect()
}

/// The best scores found so far.
trait Kept {
    /// The worst of them once there are as many as wanted (a score must beat it to enter).
    fn floor(&self) -> Option<f32>;
    /// Takes a score that is not NaN and beats the floor (if any).
    fn offer(&mut self, score: f32, row: usize);
}

const BLOCK: usize = 64;

/// Offers `kept` every score that could enter it, in row order.
fn skim(scores: &[f32], kept: &mut impl Kept) {
    for (b, block) in scores.chunks(BLOCK).enumerate() {
        if kept.floor().is_some_and(|floor| block_best(block) <= floor) {
            continue;
        }
        for (j, &s) in block.iter().enumerate() {
            if s.is_nan() || kept.floor().is_some_and(|floor| s <= floor) {
                continue;
            }
            kept.offer(s, b * BLOCK + j);
        }
    }
}

/// The largest score of a block, NaNs ignored (−∞ when it has none): lane-wise, so the compiler
/// compares eight or sixteen at a time.
fn block_best(block: &[f32]) -> f32 {
    let mut lanes = [f32::NEG_INFINITY; 16];
    let mut parts = block.chunks_exact(16);
    for part in &mut parts {
        for (lane, &s) in lanes.iter_mut().zip(part) {
            *lane = if s > *lane { s } else { *lane };
        }
    }
    let rest = parts.remainder().iter();
    lanes
        .iter()
        .chain(rest)
        .fold(f32::NEG_INFINITY, |m, &s| if s > m { s } else { m })
}

/// Up to 64 best, sorted best first; the second field is how many are wanted.
struct Sorted(Vec<(f32, usize)>, usize);

impl Kept for Sorted {
    fn floor(&self) -> Option<f32> {
        (self.0.len() == self.1).then(|| self.0[self.1 - 1].0)
    }

    fn offer(&mut self, score: f32, row: usize) {
        // After the equal ones: they came first, so they have lower rows.
        let at = self.0.partition_point(|(b, _)| *b >= score);
        self.0.insert(at, (score, row));
        self.0.truncate(self.1);
    }
}

/// More than 64 best: piled up unsorted to twice as many as wanted, then cut to the best
/// `wanted` by a linear-time selection, whose worst becomes the floor.
struct Pile {
    rows: Vec<(f32, usize)>,
    wanted: usize,
    floor: Option<f32>,
}

impl Pile {
    /// Keeps the best `wanted` (ties: lower row first), in no order.
    fn cut(&mut self) {
        if self.rows.len() > self.wanted {
            self.rows.select_nth_unstable_by(self.wanted - 1, better);
            self.rows.truncate(self.wanted);
            // The selected one, the worst kept. A later row with the same score has a higher
            // row: it never beats it.
            self.floor = Some(self.rows[self.wanted - 1].0);
        }
    }
}

/// Best first: the higher score, at an equal score (−0 and +0 are equal, as the floor's test
/// and the sorted buffer have them) the lower row. Never NaN here.
fn better(a: &(f32, usize), b: &(f32, usize)) -> std::cmp::Ordering {
    b.0.partial_cmp(&a.0)
        .unwrap_or(std::cmp::Ordering::Equal)
        .then(a.1.cmp(&b.1))
}

impl Kept for Pile {
    fn floor(&self) -> Option<f32> {
        self.floor
    }

    fn offer(&mut self, score: f32, row: usize) {
        self.rows.push((score, row));
        if self.rows.len() == 2 * self.wanted {
            self.cut();
        }
    }
}
