//! `praktiki seed-bench`: a fresh database filled for benchmarks at small N, searchable and
//! recommendable at once; refused in production without `--force`, and on a database that
//! already has postings.

use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::{app_settings, embeddings, internships, student_profiles};
use std::collections::HashMap;
use std::process::Command;

const PASSWORD: &str = "bench-password-2026";

fn seed_bench(url: &str, data_dir: &std::path::Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_praktiki"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", url)
        .env("DATA_DIR", data_dir)
        .env("MODEL_DIR", model_dir())
        .env("INFERENCE_THREADS", "2")
        .env("PRAKTIKI_BENCH_PASSWORD", PASSWORD)
        .args([
            "seed-bench",
            "--internships",
            "60",
            "--students",
            "6",
            "--distinct",
            "9",
        ])
        .args(extra)
        .output()
        .expect("runs")
}

fn fills_a_fresh_database(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDatabase::create(backend, dir.path());

    // Production needs --force, and nothing is written without it.
    let refused = Command::new(env!("CARGO_BIN_EXE_praktiki"))
        .env_clear()
        .env("APP_ENV", "production")
        .env("JWT_SECRET", "x".repeat(40) + "Zq7#kP2m")
        .env("DATABASE_URL", &db.url)
        .env("DATA_DIR", dir.path())
        .env("PRAKTIKI_BENCH_PASSWORD", PASSWORD)
        .args(["seed-bench", "--internships", "5"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));

    let out = seed_bench(&db.url, dir.path(), &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("60 internships and 6 students"), "{stdout}");

    let mut conn = praktiki::db::DatabaseUrl::parse(&db.url)
        .unwrap()
        .connect()
        .unwrap();
    let postings: i64 = internships::table.count().get_result(&mut conn).unwrap();
    assert_eq!(postings, 60);
    let students: i64 = student_profiles::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(students, 6);
    // Every posting and student is embedded; postings share the vectors of at most 9 texts.
    let vectors: Vec<(String, String)> = embeddings::table
        .select((embeddings::entity_type, embeddings::content_hash))
        .load(&mut conn)
        .unwrap();
    let of = |kind: &str| vectors.iter().filter(|(k, _)| k == kind).count();
    assert_eq!((of("internship"), of("student")), (60, 6));
    let mut texts: Vec<&String> = vectors
        .iter()
        .filter(|(k, _)| k == "internship")
        .map(|(_, h)| h)
        .collect();
    texts.sort();
    texts.dedup();
    assert!(texts.len() <= 9, "{} distinct texts", texts.len());
    // Descriptions are 80–300 words.
    let descriptions: Vec<String> = internships::table
        .select(internships::description)
        .load(&mut conn)
        .unwrap();
    for d in &descriptions {
        let words = d.split_whitespace().count();
        assert!((80..=300).contains(&words), "{words} words: {d}");
    }

    // The vectors are of the texts as this build writes them: a start checks none of them.
    let recipe: String = app_settings::table
        .filter(app_settings::key.eq("embedding_text_recipe"))
        .select(app_settings::value)
        .first(&mut conn)
        .unwrap();
    assert_eq!(recipe, praktiki::matching::service::TEXT_RECIPE);

    // A second run refuses: the database is not fresh.
    let again = seed_bench(&db.url, dir.path(), &[]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("fresh database"));
}

#[test]
fn seed_bench_fills_a_fresh_sqlite_database() {
    fills_a_fresh_database(Backend::Sqlite);
}

#[test]
fn seed_bench_fills_a_fresh_postgres_database() {
    if !postgres_enabled() {
        eprintln!("TEST_POSTGRES_URL is not set: PostgreSQL variant not run");
        return;
    }
    fills_a_fresh_database(Backend::Postgres);
}

/// The seeded data serves: the search counts every posting, a bench student signs in and gets
/// recommendations.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seeded_database_serves_search_and_recommendations() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let out = seed_bench(&url, dir.path(), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut vars = HashMap::new();
    vars.insert("DATABASE_URL".to_string(), url);
    let app = TestApp::spawn_with(Backend::Sqlite, vars, Some(shared_model())).await;
    let page = app.get_html("/internships").await;
    assert!(page.contains(">60 internships found"), "{page}");
    let page = app.get_html("/internships?q=intern&sort=stipend").await;
    assert!(page.contains("internships found"));
    app.wait_ready().await;
    let res = app
        .login(
            &format!("student-0@{}", praktiki::seed_bench::BENCH_DOMAIN),
            PASSWORD,
        )
        .await;
    assert_eq!(res.status(), 303);
    for _ in 0..200 {
        if app.app_state.catalogue.len() >= 60 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let recs = app.get("/recommendations").await;
    assert_eq!(recs.status(), 200);
    assert!(recs.text().await.unwrap().contains("/internships/"));
}
