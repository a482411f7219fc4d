//! What durable commits cost on the embedded SQLite database:
//! `cargo bench --profile dev --bench sqlite_durability [-- COMMITS]`.
//!
//! For `synchronous = FULL` (the default: the WAL is synced at every commit, so an acknowledged
//! write survives a power cut) and `NORMAL` (synced at checkpoints only), commits COMMITS
//! (default 2,000) small write transactions one after another on a migrated database in a
//! temporary directory on the same disk as the data would be, and prints commits per second
//! and latency percentiles. Figures go in the README ("Durability").

use diesel::RunQueryDsl;
use praktiki::db::{self, DatabaseUrl, SqliteSync};
use std::time::{Duration, Instant};

fn main() {
    let commits: usize = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    // Next to the repository (a real disk), not /tmp (often memory).
    let dir = tempfile::tempdir_in(env!("CARGO_MANIFEST_DIR")).expect("temp dir");
    for (name, sync) in [("FULL", SqliteSync::Full), ("NORMAL", SqliteSync::Normal)] {
        let path = dir.path().join(format!("{name}.db"));
        let url = DatabaseUrl::parse(&format!("sqlite://{}", path.display())).expect("url");
        let mut conn = url.connect_with(sync).expect("connect");
        db::run_migrations(&mut conn).expect("migrate");
        let mut latencies = Vec::with_capacity(commits);
        let started = Instant::now();
        for i in 0..commits {
            let begun = Instant::now();
            db::transaction(&mut conn, |conn| {
                diesel::sql_query(format!(
                    "INSERT INTO app_settings (key, value, updated_at) \
                     VALUES ('bench-{i}', 'x', CURRENT_TIMESTAMP)"
                ))
                .execute(conn)
            })
            .expect("commit");
            latencies.push(begun.elapsed());
        }
        let total = started.elapsed();
        latencies.sort();
        let at =
            |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "synchronous = {name:6}: {commits} commits in {:.2} s = {:.0} commits/s; \
             latency p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
            total.as_secs_f64(),
            commits as f64 / total.as_secs_f64(),
            ms(at(0.5)),
            ms(at(0.99)),
            ms(at(1.0)),
        );
    }
}
