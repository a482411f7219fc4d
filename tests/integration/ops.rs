//! The web shell: health, readiness, metrics, error pages, security headers, translations.

use crate::both_backends;
use crate::helpers::*;
use std::collections::HashMap;

both_backends!(health_answers, |app: TestApp| async move {
    let res = app.get("/health").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["status"],
        "ok"
    );
});

both_backends!(
    ready_when_database_and_model_are_up,
    |app: TestApp| async move {
        app.wait_ready().await;
        let body: serde_json::Value = app.get("/ready").await.json().await.unwrap();
        assert_eq!(body["database"], "ok");
        assert_eq!(body["model"], "ok");
        // Ready means ready to recommend: the catalogue of listed internships is loaded.
        assert_eq!(body["catalogue"], "ok");
        assert!(app.app_state.catalogue.read().refreshed_at.is_some());
    }
);

both_backends!(
    not_ready_while_model_is_missing,
    |app: TestApp| async move {
        let _ = app;
        let backend = app.backend;
        drop(app);
        let mut vars = HashMap::new();
        vars.insert("MODEL_DIR".to_string(), "/nonexistent/model".to_string());
        let app = TestApp::spawn_with(backend, vars, None).await;
        let mut body = serde_json::Value::Null;
        for _ in 0..100 {
            let res = app.get("/ready").await;
            assert_eq!(res.status(), 503);
            body = res.json().await.unwrap();
            if body["model"] != "model is loading" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(
            body["model"].as_str().unwrap().contains("not loaded"),
            "{body}"
        );
        assert_eq!(body["database"], "ok");
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_ready_while_database_is_unreachable() {
    let mut vars = HashMap::new();
    // Nothing listens on port 1; migrations are skipped so the app starts and reports it.
    vars.insert("RUN_MIGRATIONS".to_string(), "false".to_string());
    let data_dir = tempfile::tempdir().unwrap();
    vars.insert(
        "DATA_DIR".to_string(),
        data_dir.path().display().to_string(),
    );
    vars.insert(
        "DATABASE_URL".to_string(),
        "postgres://postgres@127.0.0.1:1/none".to_string(),
    );
    let settings = test_settings(&vars);
    let app = praktiki::Application::build_with_model(settings, shared_model())
        .await
        .unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let res = reqwest::get(format!("{address}/ready")).await.unwrap();
    assert_eq!(res.status(), 503);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_ne!(body["database"], "ok", "{body}");
    // Health stays green: the process is alive, just not ready.
    assert_eq!(
        reqwest::get(format!("{address}/health"))
            .await
            .unwrap()
            .status(),
        200
    );
}

both_backends!(unknown_page_is_a_friendly_404, |app: TestApp| async move {
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status(), 404);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = res.text().await.unwrap();
    assert!(html.contains("Page not found"), "{html}");
    assert!(html.contains("Reference for support"));
});

both_backends!(
    home_page_renders_with_security_headers,
    |app: TestApp| async move {
        let res = app.get("/").await;
        assert_eq!(res.status(), 200);
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
        assert!(
            h.get("strict-transport-security").is_none(),
            "HSTS only in production"
        );
        assert!(h.get("x-request-id").is_some());
        let html = res.text().await.unwrap();
        assert!(html.contains("Internships that fit you"));
        assert!(!html.contains("<script>"), "no inline script");
    }
);

both_backends!(metrics_count_requests_by_route, |app: TestApp| async move {
    app.get("/health").await;
    app.get("/no/such/page").await;
    let text = app.get_html("/metrics").await;
    assert!(
        text.contains(
            "praktiki_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"}"
        ),
        "{text}"
    );
    assert!(
        text.contains("route=\"unmatched\",status=\"404\""),
        "{text}"
    );
    assert!(text.contains("praktiki_http_request_duration_seconds_bucket"));
    assert!(text.contains("praktiki_db_pool_max_connections"));
});

both_backends!(
    language_switch_translates_the_shell,
    |app: TestApp| async move {
        let res = app
            .post_form("/", "/language", &[("lang", "hi"), ("next", "/")])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/");
        let html = app.get_html("/").await;
        assert!(html.contains("lang=\"hi\""));
        assert!(html.contains("इंटर्नशिप"));
        // Off-site `next` never becomes an open redirect.
        let res = app
            .post_form(
                "/",
                "/language",
                &[("lang", "en"), ("next", "//evil.example")],
            )
            .await;
        assert_eq!(location(&res), "/");
    }
);

both_backends!(
    post_without_csrf_token_is_refused,
    |app: TestApp| async move {
        app.get("/").await; // receive the csrf cookie
        let res = app
            .client
            .post(app.url("/language"))
            .form(&[("lang", "hi")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        let res = app
            .client
            .post(app.url("/language"))
            .form(&[("lang", "hi"), ("csrf_token", "forged")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        // Nothing changed: the page is still in English.
        assert!(app.get_html("/").await.contains("lang=\"en\""));
    }
);

/// With `BACKUP_INTERVAL_HOURS` set, the job runner writes a backup on its own (the first one as
/// soon as the app starts) and keeps only the newest `BACKUP_KEEP`.
async fn automatic_backup(backend: Backend) {
    let vars = HashMap::from([
        ("BACKUP_INTERVAL_HOURS".to_string(), "1".to_string()),
        ("BACKUP_KEEP".to_string(), "1".to_string()),
        ("JOB_POLL_MS".to_string(), "100".to_string()),
    ]);
    let app = TestApp::spawn_with(backend, vars, Some(shared_model())).await;
    app.new_browser().signup("student").await;
    let backups = app.settings.backup_dir.clone();
    let file = match backend {
        Backend::Sqlite => "praktiki.db",
        Backend::Postgres => "praktiki.pgdump",
    };
    let written = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&backups)
            .map(|dir| {
                // A directory still named `….partial` is a backup being written.
                dir.filter_map(Result::ok)
                    .filter(|e| !e.file_name().to_string_lossy().ends_with(".partial"))
                    .map(|e| e.path().join(file))
                    .filter(|p| p.is_file())
                    .collect()
            })
            .unwrap_or_default()
    };
    for _ in 0..300 {
        if !written().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let found = written();
    assert_eq!(found.len(), 1, "one backup in {}", backups.display());
    assert!(std::fs::metadata(&found[0]).unwrap().len() > 0);
    // A later backup replaces it (BACKUP_KEEP=1).
    let settings = app.settings.clone();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    tokio::task::spawn_blocking(move || praktiki::ops::backup::scheduled(&settings))
        .await
        .unwrap()
        .unwrap();
    let dirs = std::fs::read_dir(&backups).unwrap().count();
    assert_eq!(dirs, 1);
    assert_ne!(written(), found, "the newest backup is the one kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn automatic_backups_on_sqlite() {
    automatic_backup(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn automatic_backups_on_postgres() {
    if !postgres_enabled() {
        eprintln!("TEST_POSTGRES_URL is not set: PostgreSQL variant not run");
        return;
    }
    automatic_backup(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_can_require_a_bearer_token() {
    let mut vars = std::collections::HashMap::new();
    vars.insert("METRICS_TOKEN".to_string(), "scrape-me-please".to_string());
    let app = TestApp::spawn_with(Backend::Sqlite, vars, Some(shared_model())).await;
    let res = app.get("/metrics").await;
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    let res = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("scrape-me-please")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("praktiki_http_requests_total")
    );
    // Health and readiness stay open for the load balancer.
    assert_eq!(app.get("/health").await.status(), 200);
}
