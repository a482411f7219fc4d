//! A real SMTP server inside the test process: the app's mailer holds a genuine SMTP conversation
//! with it (EHLO, MAIL FROM, RCPT TO, DATA, QUIT) and the tests read what arrived.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub from: String,
    pub to: Vec<String>,
    /// The message as transmitted (headers and body, dot-unstuffed).
    pub data: String,
}

impl ReceivedMail {
    /// The message with quoted-printable soft line breaks and `=3D` undone, for searching.
    pub fn text(&self) -> String {
        self.data.replace("=\r\n", "").replace("=3D", "=")
    }
}

#[derive(Clone)]
pub struct TestSmtp {
    pub port: u16,
    pub mails: Arc<Mutex<Vec<ReceivedMail>>>,
    /// When set, DATA is answered with this temporary failure.
    pub refuse_data: Arc<Mutex<bool>>,
}

impl TestSmtp {
    pub async fn start() -> TestSmtp {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind smtp");
        let port = listener.local_addr().expect("addr").port();
        let server = TestSmtp {
            port,
            mails: Arc::default(),
            refuse_data: Arc::default(),
        };
        let shared = server.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let shared = shared.clone();
                tokio::spawn(async move {
                    let _ = shared.session(socket).await;
                });
            }
        });
        server
    }

    async fn session(&self, socket: tokio::net::TcpStream) -> std::io::Result<()> {
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read);
        write.write_all(b"220 test.smtp ESMTP ready\r\n").await?;
        let (mut from, mut to) = (String::new(), Vec::new());
        let mut line = String::new();
        loop {
            line.clear();
            if lines.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let command = line.trim_end().to_string();
            let upper = command.to_ascii_uppercase();
            if upper.starts_with("EHLO") {
                write
                    .write_all(b"250-test.smtp\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
                    .await?;
            } else if upper.starts_with("HELO") {
                write.write_all(b"250 test.smtp\r\n").await?;
            } else if upper.starts_with("MAIL FROM:") {
                from = command[10..]
                    .trim()
                    .trim_matches(|c| c == '<' || c == '>')
                    .split('>')
                    .next()
                    .unwrap_or("")
                    .to_string();
                to.clear();
                write.write_all(b"250 OK\r\n").await?;
            } else if upper.starts_with("RCPT TO:") {
                to.push(
                    command[8..]
                        .trim()
                        .trim_matches(|c| c == '<' || c == '>')
                        .to_string(),
                );
                write.write_all(b"250 OK\r\n").await?;
            } else if upper == "DATA" {
                if *self.refuse_data.lock().unwrap() {
                    write.write_all(b"451 4.3.0 try again later\r\n").await?;
                    continue;
                }
                write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                }
                self.mails.lock().unwrap().push(ReceivedMail {
                    from: from.clone(),
                    to: to.clone(),
                    data,
                });
                write.write_all(b"250 OK queued\r\n").await?;
            } else if upper == "RSET" || upper == "NOOP" {
                write.write_all(b"250 OK\r\n").await?;
            } else if upper == "QUIT" {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            } else {
                write.write_all(b"502 command not implemented\r\n").await?;
            }
        }
    }

    /// Waits for a message to `to` (up to 20 s).
    pub async fn wait_for(&self, to: &str) -> ReceivedMail {
        for _ in 0..400 {
            if let Some(mail) = self
                .mails
                .lock()
                .unwrap()
                .iter()
                .rev()
                .find(|m| m.to.iter().any(|t| t == to))
                .cloned()
            {
                return mail;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no email to {to} arrived");
    }

    /// The settings that point the app at this server.
    pub fn settings(&self) -> std::collections::HashMap<String, String> {
        [
            ("SMTP_HOST", "127.0.0.1".to_string()),
            ("SMTP_PORT", self.port.to_string()),
            ("SMTP_TLS", "none".to_string()),
            ("JOB_POLL_MS", "50".to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }
}
