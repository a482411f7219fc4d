//! Issue 10: a database outage is a 503 that signs nobody out (PostgreSQL cut off by a proxy,
//! SQLite's write lock held elsewhere), and a body sent slowly is cut off in seconds.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// A TCP proxy in front of the shared PostgreSQL server that the test can cut: while it is
/// down, new connections are closed at once and open ones are dropped.
struct Proxy {
    port: u16,
    up: std::sync::Arc<std::sync::atomic::AtomicBool>,
    cut: tokio::sync::watch::Sender<u64>,
}

impl Proxy {
    async fn start(target: String) -> Proxy {
        use std::sync::atomic::Ordering;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let (cut, cuts) = tokio::sync::watch::channel(0u64);
        let accepting = up.clone();
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if !accepting.load(Ordering::SeqCst) {
                    continue; // dropped: closed at once
                }
                let target = target.clone();
                let mut cuts = cuts.clone();
                // Only a cut after this connection was made ends it.
                cuts.borrow_and_update();
                tokio::spawn(async move {
                    let Ok(mut server) = tokio::net::TcpStream::connect(target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = cuts.changed() => {}
                    }
                });
            }
        });
        Proxy { port, up, cut }
    }

    fn set_up(&self, up: bool) {
        self.up.store(up, std::sync::atomic::Ordering::SeqCst);
        if !up {
            self.cut.send_modify(|n| *n += 1);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_outage_is_a_503_and_signs_nobody_out() {
    if !postgres_enabled() {
        eprintln!("TEST_POSTGRES_URL is not set: not run");
        return;
    }
    let app = TestApp::spawn(Backend::Postgres).await;
    let mut url = url::Url::parse(&app.db.url).unwrap();
    let target = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432));
    let proxy = Proxy::start(target).await;
    url.set_port(Some(proxy.port)).unwrap();
    // A second instance on the same database, reaching it only through the proxy.
    let mut vars = HashMap::new();
    vars.insert("DATABASE_URL".to_string(), url.to_string());
    vars.insert(
        "DATA_DIR".to_string(),
        app.data_dir.path().display().to_string(),
    );
    vars.insert("RUN_MIGRATIONS".to_string(), "false".to_string());
    let settings = test_settings(&vars);
    let served = praktiki::Application::build_with_model(settings, shared_model())
        .await
        .unwrap();
    let mut behind = app.new_browser();
    behind.address = format!("http://127.0.0.1:{}", served.port());
    behind.port = served.port();
    tokio::spawn(served.run_until_stopped());
    behind.signup("student").await;
    let token = behind.csrf_token("/profile").await;

    proxy.set_up(false);
    let started = Instant::now();
    let res = behind
        .client
        .post(behind.url("/profile"))
        .form(&[
            ("interests", "typed during the outage"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503, "not the outage page");
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(!set_cookies(&res).contains_key("access"), "cookies cleared");
    let page = res.text().await.unwrap();
    assert!(page.contains("you are still signed in"), "{page}");
    let get = behind.get("/dashboard").await;
    assert_eq!(get.status(), 503);
    assert!(!set_cookies(&get).contains_key("access"));

    proxy.set_up(true);
    // The same form, sent again once the database is back, is saved.
    let mut saved = None;
    for _ in 0..100 {
        let res = behind
            .client
            .post(behind.url("/profile"))
            .form(&[
                ("interests", "typed during the outage"),
                ("csrf_token", &token),
            ])
            .send()
            .await
            .unwrap();
        if res.status() != 503 {
            saved = Some(res);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let saved = saved.expect("the database came back");
    assert_eq!(saved.status(), 303, "signed out? {}", location(&saved));
    assert_eq!(location(&saved), "/profile");
    assert!(
        behind
            .get_html("/profile")
            .await
            .contains("typed during the outage")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_sqlite_database_is_a_503_and_signs_nobody_out() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let browser = app.new_browser();
    browser.signup("student").await;
    let token = browser.csrf_token("/profile").await;
    // Another process holds SQLite's write lock past the app's busy timeout (5 s).
    let path = app.db.url.trim_start_matches("sqlite://").to_string();
    let (locked, release) = std::sync::mpsc::channel::<()>();
    let (hold, holding) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        use diesel::connection::SimpleConnection;
        let mut conn = diesel::SqliteConnection::establish(&path).unwrap();
        // The app's job runner may be writing: wait for our turn, then keep the lock.
        conn.batch_execute("PRAGMA busy_timeout = 30000; BEGIN EXCLUSIVE")
            .unwrap();
        locked.send(()).unwrap();
        let _ = holding.recv_timeout(Duration::from_secs(30));
        conn.batch_execute("ROLLBACK").unwrap();
    });
    release.recv().unwrap();
    let res = browser
        .client
        .post(browser.url("/profile"))
        .form(&[("interests", "typed while locked"), ("csrf_token", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    assert!(!set_cookies(&res).contains_key("access"));
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Nothing you sent was lost")
    );
    hold.send(()).unwrap();
    holder.join().unwrap();
    let res = browser
        .client
        .post(browser.url("/profile"))
        .form(&[("interests", "typed while locked"), ("csrf_token", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/profile");
}

both_backends!(
    a_body_sent_slowly_is_cut_off_in_seconds,
    |app: TestApp| async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let _ = &app;
        let mut vars = HashMap::new();
        vars.insert("BODY_READ_TIMEOUT_SECONDS".to_string(), "2".to_string());
        let slow = TestApp::spawn_with(app.backend, vars, Some(shared_model())).await;
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", slow.port))
            .await
            .unwrap();
        let head = "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\
                    Content-Type: application/x-www-form-urlencoded\r\n\
                    Content-Length: 10000\r\n\r\n";
        stream.write_all(head.as_bytes()).await.unwrap();
        let started = Instant::now();
        let (mut reader, mut writer) = stream.into_split();
        // One byte every 200 ms: 10,000 bytes would take half an hour.
        let trickle = tokio::spawn(async move {
            for _ in 0..10_000 {
                if writer.write_all(b"a").await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        });
        let mut answer = Vec::new();
        let read =
            tokio::time::timeout(Duration::from_secs(15), reader.read_to_end(&mut answer)).await;
        let elapsed = started.elapsed();
        trickle.abort();
        assert!(read.is_ok(), "still open after 15 s");
        assert!(
            elapsed < Duration::from_secs(8),
            "cut off after {elapsed:?}"
        );
        assert!(
            elapsed >= Duration::from_secs(1),
            "cut off too soon: {elapsed:?}"
        );
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 4"), "{answer}");
    }
);
