//! Issue 10 on the real binary: memory while PDF bombs are uploaded, and a SIGTERM under load.

use crate::helpers::*;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `praktiki serve` on an embedded SQLite file in a fresh data directory.
struct Server {
    child: Child,
    port: u16,
    _data: tempfile::TempDir,
}

impl Server {
    async fn start(extra: &[(&str, &str)]) -> Server {
        let data = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_praktiki"))
            .arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("APP_ENV", "test")
            .env("DATA_DIR", data.path())
            .env("PORT", "0")
            .env("MODEL_DIR", model_dir())
            .env("INFERENCE_THREADS", "2")
            .env("BACKUP_INTERVAL_HOURS", "0")
            .envs(extra.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Its log says where it listens; the rest of the log is read and dropped so the pipe
        // never fills.
        let stdout = child.stdout.take().unwrap();
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains("\"listening\"") {
                    let port = line
                        .split("\"port\":")
                        .nth(1)
                        .and_then(|rest| rest.split([',', '}']).next())
                        .and_then(|p| p.trim().parse::<u16>().ok());
                    let _ = port_tx.send(port);
                }
            }
        });
        let port = port_rx
            .recv_timeout(Duration::from_secs(60))
            .ok()
            .flatten()
            .expect("the server said where it listens");
        let server = Server {
            child,
            port,
            _data: data,
        };
        for _ in 0..600 {
            if server.get("/ready").await.is_ok_and(|r| r.status() == 200) {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server never became ready");
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    async fn get(&self, path: &str) -> reqwest::Result<reqwest::Response> {
        bare_client().get(self.url(path)).send().await
    }

    /// The process's resident memory now and at its peak (VmRSS, VmHWM), in MiB.
    fn memory_mib(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
                .unwrap_or(0)
                / 1024
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A ~250 KiB PDF whose one object stream inflates to `inflated` bytes: object 6 lives in
/// object stream 5, as a cross-reference stream says, so loading the document inflates it.
fn pdf_bomb(inflated: usize) -> Vec<u8> {
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    zlib.write_all(b"6 0 null").unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..inflated / spaces.len() {
        zlib.write_all(&spaces).unwrap();
    }
    let packed = zlib.finish().unwrap();
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    let mut object = |pdf: &mut Vec<u8>, body: &[u8]| {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    };
    object(&mut pdf, b"<< /Type /Catalog /Pages 2 0 R >>");
    object(&mut pdf, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    object(
        &mut pdf,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
    );
    object(&mut pdf, b"<< /Length 5 >>\nstream\nBT ET\nendstream");
    let mut stream = format!(
        "<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n",
        packed.len()
    )
    .into_bytes();
    stream.extend_from_slice(&packed);
    stream.extend_from_slice(b"\nendstream");
    object(&mut pdf, &stream);
    // Object 7: the cross-reference stream (type, 4-byte offset or container, 2-byte index).
    let xref_at = pdf.len();
    let mut rows = vec![0u8, 0, 0, 0, 0, 0xff, 0xff];
    for offset in offsets.iter().chain([&xref_at]) {
        rows.push(1);
        rows.extend_from_slice(&(*offset as u32).to_be_bytes());
        rows.extend_from_slice(&[0, 0]);
    }
    // Object 6 sits at index 0 of object stream 5 (its row goes between 5 and 7).
    let compressed = [2u8, 0, 0, 0, 5, 0, 0];
    rows.splice(6 * 7..6 * 7, compressed);
    pdf.extend_from_slice(
        format!(
            "7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Length {} >>\nstream\n",
            rows.len()
        )
        .as_bytes(),
    );
    pdf.extend_from_slice(&rows);
    pdf.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    pdf
}

/// A signed-up student's browser on the server.
async fn student(server: &Server) -> reqwest::Client {
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = browser.get(server.url("/signup")).send().await.unwrap();
    let token = extract_csrf(&page.text().await.unwrap()).unwrap();
    let email = format!(
        "bomb-{}@example.in",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    let res = browser
        .post(server.url("/signup"))
        .form(&[
            ("full_name", "Bomb Tester"),
            ("email", &email),
            ("password", GOOD_PASSWORD),
            ("role", "student"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    // Sign-up answers alike for new and known addresses, so it signs no one in: log in.
    let page = browser.get(server.url("/login")).send().await.unwrap();
    let token = extract_csrf(&page.text().await.unwrap()).unwrap();
    let res = browser
        .post(server.url("/login"))
        .form(&[
            ("email", email.as_str()),
            ("password", GOOD_PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    browser
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_pdf_bombs_at_once_are_refused_and_memory_stays_bounded() {
    let bomb = pdf_bomb(250 << 20);
    assert!(bomb.len() < 400 << 10, "{} bytes", bomb.len());
    let server = Server::start(&[]).await;
    let (before, _) = server.memory_mib();
    let mut uploads = Vec::new();
    for _ in 0..3 {
        let browser = student(&server).await;
        let page = browser.get(server.url("/resume")).send().await.unwrap();
        let token = extract_csrf(&page.text().await.unwrap()).unwrap();
        let (content_type, body) = multipart_body(
            &[("csrf_token", &token)],
            Some(("resume.pdf", "application/pdf", &bomb)),
        );
        let action = server.url("/resume/upload");
        uploads.push(async move {
            browser
                .post(action)
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .unwrap()
        });
    }
    let started = Instant::now();
    let responses = futures_util::future::join_all(uploads).await;
    let took = started.elapsed();
    let (after, peak) = server.memory_mib();
    eprintln!(
        "three PDF bombs ({} KiB, 250 MiB inflated each) at once: RSS {before} MiB before, \
         {after} MiB after, peak {peak} MiB; answered in {took:?}",
        bomb.len() >> 10
    );
    for res in responses {
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(
            page.contains("expands to far more than a resume holds"),
            "{page}"
        );
    }
    assert!(peak < 400, "peak RSS {peak} MiB");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_under_load_answers_every_request_in_flight() {
    let server = Server::start(&[("SHUTDOWN_DRAIN_SECONDS", "2")]).await;
    let stop_load = Instant::now() + Duration::from_millis(1800);
    // 24 clients, each a new connection per request (as from many users), until just before
    // the drain ends: every request must be answered, and answered well.
    let clients = (0..24).map(|_| {
        let url = server.url("/internships?q=intern");
        async move {
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(0)
                .build()
                .unwrap();
            let (mut answered, mut failed) = (0, Vec::new());
            while Instant::now() < stop_load {
                match client.get(&url).send().await {
                    Ok(res) if res.status() == 200 => answered += 1,
                    Ok(res) => failed.push(format!("status {}", res.status())),
                    Err(e) => failed.push(e.to_string()),
                }
            }
            (answered, failed)
        }
    });
    let load = tokio::spawn(futures_util::future::join_all(clients));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let signalled = Instant::now();
    let kill = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    // Not ready any more, at once.
    let mut unready_after = None;
    for _ in 0..50 {
        if server.get("/ready").await.is_ok_and(|r| r.status() == 503) {
            unready_after = Some(signalled.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let unready_after = unready_after.expect("/ready never turned 503");
    assert!(
        unready_after < Duration::from_millis(500),
        "{unready_after:?}"
    );
    // Requests in flight when the server stops accepting: their bodies arrive slowly, across
    // the end of the drain.
    tokio::time::sleep(Duration::from_millis(1500).saturating_sub(signalled.elapsed())).await;
    let port = server.port;
    let in_flight = (0..6).map(|_| async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
        stream
            .write_all(
                b"POST /language HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
                  Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 14\r\n\r\n\
                  lang=hi",
            )
            .await?;
        tokio::time::sleep(Duration::from_millis(1000)).await;
        stream.write_all(b"&next=/").await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await?;
        Ok::<_, std::io::Error>(String::from_utf8_lossy(&answer).to_string())
    });
    let in_flight = futures_util::future::join_all(in_flight).await;
    let (mut answered, mut failed) = (0, Vec::new());
    for (ok, errors) in load.await.unwrap() {
        answered += ok;
        failed.extend(errors);
    }
    eprintln!(
        "during the drain: {answered} answered, {} failed",
        failed.len()
    );
    assert!(failed.is_empty(), "{failed:?}");
    assert!(answered > 24);
    for answer in in_flight {
        // Answered (the form has no CSRF token, so it is refused: an answer all the same).
        let answer = answer.expect("an in-flight request lost its connection");
        assert!(answer.starts_with("HTTP/1.1 "), "no answer: {answer:?}");
    }
    let mut child = server;
    let started = Instant::now();
    loop {
        if let Some(status) = child.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "still running");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err(),
        "still accepting"
    );
}
