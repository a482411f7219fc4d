//! Do recommendations and inference block request workers? A load test of the real app:
//! `cargo bench --profile dev --bench reindex_load [-- INTERNSHIPS SECONDS]`.
//!
//! Starts the app on an embedded SQLite file with the real model, seeds INTERNSHIPS internships
//! (default 2,000) and waits until they are embedded and in the in-memory catalogue (the initial
//! index). Then 4 clients browse `/internships` (search and pages) and 1 student reloads
//! `/recommendations`, for SECONDS (default 15) with nothing else running, and again while a
//! full forced re-index of every embedding runs in the background jobs. Prints latency
//! percentiles of both phases and the re-index rate. Figures go in the README ("Measured").

use mimalloc::MiMalloc;
use praktiki::Application;
use praktiki::config::Settings;
use std::collections::HashMap;
use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: MiMalloc = MiMalloc;

#[path = "reindex_load/seed.rs"]
mod seed;
use seed::seed;

fn settings(dir: &std::path::Path) -> Settings {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut vars: HashMap<&str, String> = HashMap::new();
    vars.insert("APP_ENV", "test".into());
    vars.insert("PORT", "0".into());
    vars.insert("DATA_DIR", dir.display().to_string());
    vars.insert(
        "DATABASE_URL",
        format!("sqlite://{}", dir.join("load.db").display()),
    );
    vars.insert(
        "MODEL_DIR",
        root.join("models/all-MiniLM-L6-v2").display().to_string(),
    );
    vars.insert("INFERENCE_THREADS", "2".into());
    vars.insert("JOB_POLL_MS", "50".into());
    Settings::load_from(|name| vars.get(name).cloned()).expect("settings")
}

async fn pending_jobs(state: &praktiki::AppState) -> i64 {
    use diesel::prelude::*;
    use praktiki::db::schema::jobs;
    state
        .db
        .run(|conn| {
            jobs::table
                .filter(jobs::kind.eq("embed"))
                .filter(jobs::status.eq_any(["queued", "running"]))
                .count()
                .get_result(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap_or(0)
}

fn csrf(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).map(|s| s + marker.len()).unwrap_or(0);
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// A signed-in student with a data-science profile (through the real forms).
async fn student(base: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let signup = [
        ("full_name", "Load Student"),
        ("email", "load-student@example.in"),
        ("password", "monsoon-teal-harbour-42"),
        ("role", "student"),
    ];
    submit(&client, &format!("{base}/signup"), &signup).await;
    // Sign-up signs no one in (it answers alike for new and registered addresses): log in.
    let login = [
        ("email", "load-student@example.in"),
        ("password", "monsoon-teal-harbour-42"),
    ];
    submit(&client, &format!("{base}/login"), &login).await;
    let profile = [
        ("skills", "Python, SQL, pandas"),
        ("interests", "data analysis, dashboards"),
        ("current_city", "Pune"),
    ];
    submit(&client, &format!("{base}/profile"), &profile).await;
    client
}

/// Fetches the form at `url` for its CSRF token and posts `fields` back, as a browser does.
async fn submit(client: &reqwest::Client, url: &str, fields: &[(&str, &str)]) {
    let page = client
        .get(url)
        .send()
        .await
        .expect("form page")
        .text()
        .await
        .expect("form body");
    let token = csrf(&page);
    let mut all = fields.to_vec();
    all.push(("csrf_token", &token));
    let res = client.post(url).form(&all).send().await.expect("POST");
    assert_eq!(res.status(), 303, "{url}");
}

#[derive(Default)]
struct Latencies {
    search: Vec<f64>,
    recommendations: Vec<f64>,
    errors: usize,
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn summary(name: &str, mut v: Vec<f64>, seconds: f64) -> serde_json::Value {
    v.sort_by(|a, b| a.total_cmp(b));
    println!(
        "  {name:<18} {:>6} requests {:>7.1}/s  p50 {:>7.1} ms  p95 {:>7.1} ms  p99 {:>7.1} ms  max {:>7.1} ms",
        v.len(),
        v.len() as f64 / seconds,
        pct(&v, 0.5),
        pct(&v, 0.95),
        pct(&v, 0.99),
        v.last().copied().unwrap_or(f64::NAN)
    );
    serde_json::json!({
        "requests": v.len(), "per_second": v.len() as f64 / seconds,
        "p50_ms": pct(&v, 0.5), "p95_ms": pct(&v, 0.95), "p99_ms": pct(&v, 0.99),
    })
}

/// Browses until `stop` says so; returns the latencies in ms.
async fn browse(
    base: String,
    student: reqwest::Client,
    stop: tokio::sync::watch::Receiver<bool>,
) -> Latencies {
    let plain = reqwest::Client::new();
    let mut tasks = Vec::new();
    for worker in 0..4usize {
        let (client, base, stop) = (plain.clone(), base.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let mut out = Latencies::default();
            let queries = [
                "",
                "q=data",
                "q=design&mode=remote",
                "location=Pune",
                "skill=Python",
                "min_stipend=8000",
            ];
            let mut i = worker;
            while !*stop.borrow() {
                let url = format!(
                    "{base}/internships?{}&page={}",
                    queries[i % queries.len()],
                    1 + i % 5
                );
                let t = Instant::now();
                match client.get(&url).send().await {
                    Ok(r) if r.status() == 200 => {
                        let _ = r.bytes().await;
                        out.search.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    _ => out.errors += 1,
                }
                i += 4;
            }
            out
        }));
    }
    let (base2, stop2) = (base.clone(), stop.clone());
    tasks.push(tokio::spawn(async move {
        let mut out = Latencies::default();
        while !*stop2.borrow() {
            let t = Instant::now();
            match student.get(format!("{base2}/recommendations")).send().await {
                Ok(r) if r.status() == 200 => {
                    let _ = r.bytes().await;
                    out.recommendations.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                _ => out.errors += 1,
            }
        }
        out
    }));
    let mut all = Latencies::default();
    for t in tasks {
        if let Ok(l) = t.await {
            all.search.extend(l.search);
            all.recommendations.extend(l.recommendations);
            all.errors += l.errors;
        }
    }
    all
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let seconds: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(15);
    let dir = tempfile::tempdir().expect("temp dir");
    let app = Application::build(settings(dir.path()))
        .await
        .expect("app starts");
    let state = app.state().clone();
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    while state.model.embedder().is_none() {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!(
        "reindex_load: {n} internships, {seconds} s per phase, load average {}",
        load_average()
    );
    let t = Instant::now();
    seed(&state, n).await;
    let student = student(&base).await;
    while state.catalogue.len() < n || pending_jobs(&state).await > 0 {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let initial = t.elapsed().as_secs_f64();
    println!(
        "initial index: {n} internships embedded and listed in {initial:.1} s ({:.1}/s, one job per internship)",
        n as f64 / initial
    );

    println!("phase 1: browsing, nothing else running");
    let (stop, watch) = tokio::sync::watch::channel(false);
    let load = tokio::spawn(browse(base.clone(), student.clone(), watch));
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    let _ = stop.send(true);
    let idle = load.await.expect("load");
    let idle_search = summary("/internships", idle.search, seconds as f64);
    let idle_recs = summary("/recommendations", idle.recommendations, seconds as f64);

    println!("phase 2: browsing while every embedding is recomputed (forced re-index)");
    let queued = state
        .db
        .run(praktiki::matching::service::queue_reindex)
        .await
        .expect("re-index queued");
    let t = Instant::now();
    let (stop, watch) = tokio::sync::watch::channel(false);
    let load = tokio::spawn(browse(base.clone(), student.clone(), watch));
    while pending_jobs(&state).await > 0 {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let reindex_seconds = t.elapsed().as_secs_f64();
    let _ = stop.send(true);
    let busy = load.await.expect("load");
    let busy_search = summary("/internships", busy.search, reindex_seconds);
    let busy_recs = summary("/recommendations", busy.recommendations, reindex_seconds);
    println!(
        "re-index: {queued} embeddings recomputed in {reindex_seconds:.1} s ({:.1}/s, batches of {}); errors idle {} / during re-index {}",
        queued as f64 / reindex_seconds,
        praktiki::matching::service::EMBED_BATCH,
        idle.errors,
        busy.errors
    );
    println!(
        "{}",
        serde_json::json!({
            "internships": n,
            "idle": {"internships": idle_search, "recommendations": idle_recs},
            "during_reindex": {"internships": busy_search, "recommendations": busy_recs, "seconds": reindex_seconds, "embeddings": queued},
            "load_average_after": load_average(),
        })
    );
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
