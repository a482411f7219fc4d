//! Email as its recipient reads it: the newest message to an address, its text part, its links.

use super::*;

/// The text body of the newest email queued for `to`, as its recipient gets it. The outbox
/// keeps a message with a secret link redacted: its deliverable text is read from the sealed
/// copy while it waits, else from the delivered `.eml` file.
pub async fn latest_email(app: &TestApp, to: &str) -> String {
    use diesel::prelude::*;
    use praktiki::db::schema::email_outbox;
    let to = to.to_string();
    for _ in 0..300 {
        let who = to.clone();
        let (text, sealed, eml_path) = app
            .app_state
            .db
            .run(move |conn| {
                email_outbox::table
                    .filter(email_outbox::to_address.eq(who))
                    .order(email_outbox::id.desc())
                    .select((
                        email_outbox::body_text,
                        email_outbox::sealed_body,
                        email_outbox::eml_path,
                    ))
                    .first::<(String, Option<String>, Option<String>)>(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .expect("an email was queued");
        if let Some(sealed) = sealed {
            return praktiki::notify::secrets::open(&sealed)
                .expect("sealed with this app's key")
                .text;
        }
        if !text.contains(praktiki::notify::secrets::REDACTED) {
            return text;
        }
        if let Some(path) = eml_path {
            let eml = std::fs::read_to_string(&path).expect("the delivered .eml file");
            return eml_text(&eml);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the email to {to} was neither sealed nor delivered");
}

/// The text/plain part of a delivered message, decoded (7bit, quoted-printable or base64).
pub fn eml_text(eml: &str) -> String {
    let eml = eml.replace("\r\n", "\n");
    let start = eml
        .find("Content-Type: text/plain")
        .expect("a text/plain part");
    let part = &eml[start..];
    let (headers, body) = part.split_once("\n\n").expect("part headers");
    let body = body.split("\n--").next().unwrap_or(body);
    let encoding = headers.to_ascii_lowercase();
    if encoding.contains("content-transfer-encoding: base64") {
        use base64::Engine;
        let joined: String = body.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(joined)
            .expect("base64 body");
        String::from_utf8(bytes).expect("utf-8 text")
    } else if encoding.contains("content-transfer-encoding: quoted-printable") {
        let soft_joined = body.replace("=\n", "");
        let mut bytes = Vec::new();
        let raw = soft_joined.as_bytes();
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'=' && i + 2 < raw.len() {
                let hex = std::str::from_utf8(&raw[i + 1..i + 3]).unwrap_or("");
                if let Ok(byte) = u8::from_str_radix(hex, 16) {
                    bytes.push(byte);
                    i += 3;
                    continue;
                }
            }
            bytes.push(raw[i]);
            i += 1;
        }
        String::from_utf8(bytes).expect("utf-8 text")
    } else {
        body.to_string()
    }
}

/// The first link in a message that contains `path`, as a path.
pub fn link_in(body: &str, path: &str) -> String {
    let start = body
        .find(path)
        .unwrap_or_else(|| panic!("no {path} link in:\n{body}"));
    body[start..]
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}
