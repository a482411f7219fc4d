//! Secret links in email. A verification or password-reset link opens an account to whoever
//! holds it, so the outbox keeps such a message *redacted* (what admins read at `/admin/outbox`
//! and what backups hold); the deliverable bodies are sealed (AES-256-GCM under a key derived
//! from the server secret) until the message is sent, then erased. The working link only
//! travels to the SMTP relay or the `.eml` file.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use serde::{Deserialize, Serialize};
use std::sync::RwLock;

/// What stands where a secret was.
pub const REDACTED: &str = "[hidden]";

/// Query parameters whose value opens something (the links of `auth::emails` use `token`).
const SECRET_PARAMS: [&str; 3] = ["token=", "code=", "key="];

/// `text` with the value of every secret query parameter replaced by [`REDACTED`]. The rest of
/// the link stays, so an admin still sees which page it led to.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((at, param)) = SECRET_PARAMS
        .iter()
        .filter_map(|p| find_param(rest, p).map(|at| (at, *p)))
        .min_by_key(|(at, _)| *at)
    {
        let value_start = at + param.len();
        out.push_str(&rest[..value_start]);
        let value_len = rest[value_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || "-_.~%+/".contains(c)))
            .unwrap_or(rest.len() - value_start);
        if value_len > 0 {
            out.push_str(REDACTED);
        }
        rest = &rest[value_start + value_len..];
    }
    out.push_str(rest);
    out
}

/// Where `param` starts as a query parameter (after `?`, `&` or `&amp;`) in `text`.
fn find_param(text: &str, param: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find(param) {
        let at = from + found;
        let before = &text[..at];
        if before.ends_with('?') || before.ends_with('&') || before.ends_with("&amp;") {
            return Some(at);
        }
        from = at + param.len();
    }
    None
}

/// The bodies as they must be delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bodies {
    pub text: String,
    pub html: Option<String>,
}

/// Keys this process seals with (the first) and opens with (any). One in production; tests
/// start apps with other secrets in the same process.
static KEYS: RwLock<Vec<[u8; 32]>> = RwLock::new(Vec::new());

/// Makes the server secret's outbox key available to [`seal`] and [`open`]; called when the
/// app or a command starts.
pub fn install_key(server_secret: &str) {
    let derived = crate::config::derive_key(server_secret, "outbox");
    let mut key = [0u8; 32];
    key.copy_from_slice(&derived[..32]);
    let mut keys = KEYS
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !keys.contains(&key) {
        keys.push(key);
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("no outbox key installed")]
    NoKey,
    #[error("sealed body cannot be opened with this server's secret")]
    Unreadable,
}

/// Seals the bodies: `v1:` and the hex of a random 96-bit nonce followed by the ciphertext.
pub fn seal(bodies: &Bodies) -> Result<String, SealError> {
    let keys = KEYS.read().unwrap_or_else(|poisoned| poisoned.into_inner());
    let key = keys.first().ok_or(SealError::NoKey)?;
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key));
    let nonce: [u8; 12] = rand::random();
    let plain = serde_json::to_vec(bodies).map_err(|_| SealError::Unreadable)?;
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), plain.as_slice())
        .map_err(|_| SealError::Unreadable)?;
    Ok(format!("v1:{}{}", hex::encode(nonce), hex::encode(sealed)))
}

/// Opens what [`seal`] made, with any installed key.
pub fn open(sealed: &str) -> Result<Bodies, SealError> {
    let bytes = sealed
        .strip_prefix("v1:")
        .and_then(|h| hex::decode(h).ok())
        .filter(|b| b.len() > 12)
        .ok_or(SealError::Unreadable)?;
    let (nonce, ciphertext) = bytes.split_at(12);
    let keys = KEYS.read().unwrap_or_else(|poisoned| poisoned.into_inner());
    keys.iter()
        .find_map(|key| {
            Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key))
                .decrypt(Nonce::from_slice(nonce), ciphertext)
                .ok()
        })
        .and_then(|plain| serde_json::from_slice(&plain).ok())
        .ok_or(SealError::Unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_parameters_are_hidden_and_the_rest_kept() {
        let text = "Open http://x.in/verify-email?token=AbC-12_x.y%3D within 48 hours.\n\
                    <a href=\"http://x.in/password/reset?lang=hi&amp;token=Zz9\">reset</a> \
                    /applications/12?tokens=visible";
        assert_eq!(
            redact(text),
            "Open http://x.in/verify-email?token=[hidden] within 48 hours.\n\
             <a href=\"http://x.in/password/reset?lang=hi&amp;token=[hidden]\">reset</a> \
             /applications/12?tokens=visible"
        );
        let plain = "Your application moved to shortlisted: http://x.in/applications/3";
        assert_eq!(redact(plain), plain);
    }

    #[test]
    fn sealed_bodies_open_only_with_the_key() {
        install_key("unit-test-secret-for-the-outbox-key-0001");
        // Not hex: a token of hex letters ("abc") appeared in the sealed hex by chance (~6 %).
        let bodies = Bodies {
            text: "http://x.in/verify-email?token=xyz".into(),
            html: Some("<a href=\"http://x.in/verify-email?token=xyz\">go</a>".into()),
        };
        let sealed = seal(&bodies).unwrap();
        assert!(!sealed.contains("xyz"), "{sealed}");
        assert_eq!(open(&sealed).unwrap(), bodies);
        let last = if sealed.ends_with('0') { "1" } else { "0" };
        let tampered = format!("{}{last}", &sealed[..sealed.len() - 1]);
        assert!(open(&tampered).is_err());
        assert!(open("v1:00").is_err());
    }
}
