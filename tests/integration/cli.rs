//! The binary itself: configuration refusal in production, and `praktiki embed`.

use crate::helpers::*;
use std::io::Write;
use std::process::{Command, Stdio};

fn praktiki() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_praktiki"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd
}

#[test]
fn production_refuses_to_start_without_a_strong_secret() {
    let dir = tempfile::tempdir().unwrap();
    for secret in [
        None,
        Some("short"),
        Some("development-only-secret-do-not-use-in-production"),
    ] {
        let mut cmd = praktiki();
        cmd.args(["serve"])
            .env("APP_ENV", "production")
            .env("DATA_DIR", dir.path())
            .env("PORT", "0");
        if let Some(secret) = secret {
            cmd.env("JWT_SECRET", secret);
        }
        let out = cmd.output().unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("JWT_SECRET"), "{stderr}");
    }
}

fn run_embed(texts: &[String]) -> Vec<Vec<f32>> {
    let mut child = praktiki()
        .arg("embed")
        .env("MODEL_DIR", model_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input: String = texts.iter().map(|t| format!("{t}\n")).collect();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn embed_prints_one_normalised_384_vector_per_line() {
    let vectors = run_embed(&[
        "python developer intern".to_string(),
        "marketing intern in Pune".to_string(),
    ]);
    assert_eq!(vectors.len(), 2);
    for v in &vectors {
        assert_eq!(v.len(), 384);
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "norm {norm}");
    }
}

/// The vectors match sentence-transformers' for every text of the fixture made by
/// `scripts/reference_embeddings.py` (short, long and truncated, Unicode, punctuation).
#[test]
fn embed_matches_sentence_transformers() {
    let path = repo_root().join("tests/fixtures/reference_embeddings.json");
    let fixture: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    // One text per line: texts with newlines cannot go through `embed`.
    let pairs: Vec<(String, Vec<f32>)> = fixture["texts"]
        .as_array()
        .unwrap()
        .iter()
        .zip(fixture["vectors"].as_array().unwrap())
        .map(|(t, v)| {
            (
                t.as_str().unwrap().to_string(),
                v.as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_f64().unwrap() as f32)
                    .collect(),
            )
        })
        .filter(|(t, _)| !t.contains('\n'))
        .collect();
    assert!(pairs.len() >= 5);
    let texts: Vec<String> = pairs.iter().map(|(t, _)| t.clone()).collect();
    let vectors = run_embed(&texts);
    assert_eq!(vectors.len(), texts.len());
    for ((text, reference), got) in pairs.iter().zip(&vectors) {
        let cosine: f32 = reference.iter().zip(got).map(|(a, b)| a * b).sum();
        assert!(cosine >= 0.9999, "cosine {cosine} for {text:?}");
    }
}

#[test]
fn create_admin_creates_then_promotes() {
    let dir = tempfile::tempdir().unwrap();
    let run = |email: &str, password: &str| {
        praktiki()
            .args(["create-admin", "--email", email, "--name", "Ops"])
            .env("PRAKTIKI_ADMIN_PASSWORD", password)
            .env("DATA_DIR", dir.path())
            .output()
            .unwrap()
    };
    let out = run("Ops@Example.in", GOOD_PASSWORD);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("created admin ops@example.in"));
    let out = run("ops@example.in", "another-strong-phrase-9");
    assert!(String::from_utf8_lossy(&out.stdout).contains("promoted"));
    // A weak password is refused with the reason.
    let out = run("other@example.in", "password1234");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("too easy to guess"));
}

/// `seed-demo` fills a fresh database once (a second run adds nothing), and `backup` copies it
/// and the uploaded files into a new directory from which the data can be read back.
fn seed_then_back_up(backend: Backend) {
    use diesel::{Connection, RunQueryDsl};
    let dir = tempfile::tempdir().unwrap();
    let db = TestDatabase::create(backend, dir.path());
    let run = |args: &[&str]| {
        let out = praktiki()
            .args(args)
            .env("DATA_DIR", dir.path())
            .env("DATABASE_URL", &db.url)
            .env("PRAKTIKI_DEMO_PASSWORD", GOOD_PASSWORD)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, stdout, stderr) = run(&["seed-demo"]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("seeded 9 accounts, 9 internships and 4 applications"),
        "{stdout}"
    );
    let (ok, stdout, _) = run(&["seed-demo"]);
    assert!(ok);
    assert!(
        stdout.contains("seeded 0 accounts, 0 internships and 0 applications"),
        "{stdout}"
    );

    std::fs::create_dir_all(dir.path().join("uploads/ab")).unwrap();
    std::fs::write(dir.path().join("uploads/ab/resume.pdf"), b"%PDF-1.4 demo").unwrap();
    let target = dir.path().join("backup-1");
    let (ok, stdout, stderr) = run(&["backup", "--to", target.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("1 uploaded files"), "{stdout}");
    assert_eq!(
        std::fs::read(target.join("uploads/ab/resume.pdf")).unwrap(),
        b"%PDF-1.4 demo"
    );
    // Written under `backup-1.partial`, renamed once whole: nothing partial is left.
    assert!(!dir.path().join("backup-1.partial").exists());
    // A backup never overwrites another.
    let (ok, _, stderr) = run(&["backup", "--to", target.to_str().unwrap()]);
    assert!(!ok);
    assert!(stderr.contains("exists already"), "{stderr}");
    // Nor writes where one is being written (or was cut off).
    let cut_off = dir.path().join("backup-2.partial");
    std::fs::create_dir_all(&cut_off).unwrap();
    let second = dir.path().join("backup-2");
    let (ok, _, stderr) = run(&["backup", "--to", second.to_str().unwrap()]);
    assert!(!ok && !second.exists());
    assert!(stderr.contains("cut off"), "{stderr}");

    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let count_sql = "SELECT COUNT(*) AS n FROM internships";
    let restored: i64 = match backend {
        Backend::Sqlite => {
            let mut conn =
                diesel::SqliteConnection::establish(&target.join("praktiki.db").to_string_lossy())
                    .unwrap();
            diesel::sql_query(count_sql)
                .get_result::<Count>(&mut conn)
                .unwrap()
                .n
        }
        Backend::Postgres => {
            let fresh = TestDatabase::create(Backend::Postgres, dir.path());
            let status = std::process::Command::new("pg_restore")
                .arg(format!("--dbname={}", fresh.url))
                .arg("--no-owner")
                .arg(target.join("praktiki.pgdump"))
                .status()
                .unwrap();
            assert!(status.success());
            let mut conn = diesel::PgConnection::establish(&fresh.url).unwrap();
            diesel::sql_query(count_sql)
                .get_result::<Count>(&mut conn)
                .unwrap()
                .n
        }
    };
    assert_eq!(restored, 9);
}

#[test]
fn seed_demo_and_backup_on_sqlite() {
    seed_then_back_up(Backend::Sqlite);
}

#[test]
fn seed_demo_and_backup_on_postgres() {
    if !postgres_enabled() {
        eprintln!("TEST_POSTGRES_URL is not set: PostgreSQL variant not run");
        return;
    }
    seed_then_back_up(Backend::Postgres);
}

#[test]
fn seed_demo_refuses_production_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = praktiki()
        .args(["seed-demo"])
        .env("APP_ENV", "production")
        .env("JWT_SECRET", "0123456789abcdef0123456789abcdef0123456789")
        .env("DATA_DIR", dir.path())
        .env("PRAKTIKI_DEMO_PASSWORD", GOOD_PASSWORD)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
}
