//! Password rules (DESIGN §5, ASVS 2.1): at least 12 characters, strong enough for the zxcvbn
//! estimator (which knows common passwords, names, words, dates, keyboard walks and the user's
//! own email and name), not one of the last five.
//!
//! Storage: bcrypt (cost 12) of a pre-hash. bcrypt reads only 72 bytes, so a 28-character Hindi
//! password (3 bytes a letter) would be cut or refused; new hashes are therefore bcrypt of
//! base64(HMAC-SHA-256(pepper, password)) — 44 bytes whatever the password — marked with
//! [`PEPPERED`]. The pepper is a key from the configuration, so a stolen database alone cannot
//! be attacked offline. Hashes made before this scheme verify as they are and are upgraded at
//! the next successful login.

use crate::web::i18n::Msg;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256, Sha512};

pub const BCRYPT_COST: u32 = 12;
pub const MIN_LENGTH: usize = 12;
/// Longest password accepted, in characters: beyond it the estimator's work grows for nothing.
pub const MAX_LENGTH: usize = 256;
/// How many previous passwords may not be reused.
pub const HISTORY: i64 = 5;
/// Lowest zxcvbn score accepted (3: "safely unguessable", about 10^8 guesses or more).
const MIN_SCORE: u8 = 3;
/// Prefix of hashes made with the pepper.
pub const PEPPERED: &str = "hmac-sha256$";

/// The key mixed into every new password hash.
#[derive(Clone)]
pub struct Pepper(Vec<u8>);

impl Pepper {
    /// From `PASSWORD_PEPPER`, or derived from `JWT_SECRET` when that is empty.
    pub fn from_settings(settings: &crate::config::Settings) -> Pepper {
        let configured = settings.password_pepper.expose();
        let source = if configured.is_empty() {
            settings.jwt_secret.expose()
        } else {
            configured
        };
        let mut hasher = Sha512::new();
        hasher.update(b"password-pepper:");
        hasher.update(source.as_bytes());
        Pepper(hasher.finalize().to_vec())
    }

    fn prehash(&self, password: &str) -> String {
        let mut mac = match Hmac::<Sha256>::new_from_slice(&self.0) {
            Ok(mac) => mac,
            // HMAC takes keys of any length; this arm is never reached.
            Err(_) => {
                return Sha256::digest(password.as_bytes())
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
            }
        };
        mac.update(password.as_bytes());
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    }
}

impl std::fmt::Debug for Pepper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pepper([redacted])")
    }
}

/// Why a password is refused, as the user reads it. `user_inputs` are words the estimator
/// should treat as known to an attacker (the email, the name).
pub fn policy_violation(password: &str, user_inputs: &[&str]) -> Option<Msg> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Some(Msg::new("err.password_short").with("min", MIN_LENGTH));
    }
    if length > MAX_LENGTH {
        return Some(Msg::new("err.password_long").with("max", MAX_LENGTH));
    }
    let mut inputs: Vec<&str> = Vec::new();
    for input in user_inputs {
        inputs.push(input);
        if let Some((local, _)) = input.split_once('@') {
            inputs.push(local);
        }
    }
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    if u8::from(estimate.score()) >= MIN_SCORE {
        return None;
    }
    // zxcvbn's own hint, in the user's language: its warning, else its first suggestion.
    let hint = estimate.feedback().and_then(|feedback| {
        feedback
            .warning()
            .map(|w| format!("password_rules.{w:?}"))
            .or_else(|| {
                feedback
                    .suggestions()
                    .first()
                    .map(|s| format!("password_rules.{s:?}"))
            })
    });
    Some(Msg::new("password_rules.weak").with_key(
        "hint",
        hint.unwrap_or_else(|| "password_rules.AddAnotherWordOrTwo".to_string()),
    ))
}

/// A new hash: bcrypt of the peppered pre-hash.
pub fn hash(pepper: &Pepper, password: &str) -> Result<String, bcrypt::BcryptError> {
    Ok(format!(
        "{PEPPERED}{}",
        bcrypt::hash(pepper.prehash(password), BCRYPT_COST)?
    ))
}

/// Whether `password` matches `stored` (either scheme); a malformed hash is simply "no".
pub fn verify(pepper: &Pepper, password: &str, stored: &str) -> bool {
    match stored.strip_prefix(PEPPERED) {
        Some(bcrypt_hash) => bcrypt::verify(pepper.prehash(password), bcrypt_hash).unwrap_or(false),
        None => bcrypt::verify(password, stored).unwrap_or(false),
    }
}

/// Whether a stored hash predates the pepper (re-hash it at the next successful login).
pub fn needs_upgrade(stored: &str) -> bool {
    !stored.starts_with(PEPPERED)
}

/// Spends the time of one verification, so an unknown email answers as slowly as a known one.
pub fn verify_dummy(pepper: &Pepper, password: &str) {
    const DUMMY: &str = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5Q6Qn1i7bzVq6QOIn8hXJxJ9aVq5d1e";
    let _ = bcrypt::verify(pepper.prehash(password), DUMMY);
}

#[cfg(test)]
#[path = "password_tests.rs"]
mod tests;
