//! Password rules (DESIGN §5): bcrypt cost 12, at least 10 characters, not a common password, not
//! containing the email's local part, not one of the last five.

pub const BCRYPT_COST: u32 = 12;
pub const MIN_LENGTH: usize = 10;
/// bcrypt only reads 72 bytes; longer passwords would be silently truncated.
pub const MAX_BYTES: usize = 72;
/// How many previous passwords may not be reused.
pub const HISTORY: i64 = 5;

use crate::web::i18n::Msg;

const COMMON: &str = include_str!("common-passwords.txt");

/// Why a password is refused, as the user reads it.
pub fn policy_violation(password: &str, email: &str) -> Option<Msg> {
    if password.chars().count() < MIN_LENGTH {
        return Some(Msg::new("err.password_short").with("min", MIN_LENGTH));
    }
    if password.len() > MAX_BYTES {
        return Some(Msg::new("err.password_long").with("max", MAX_BYTES));
    }
    let lower = password.to_lowercase();
    if is_common(&lower) {
        return Some("err.password_common".into());
    }
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    if local.chars().count() >= 3 && lower.contains(&local) {
        return Some("err.password_has_email".into());
    }
    let distinct: std::collections::HashSet<char> = lower.chars().collect();
    if distinct.len() < 4 {
        return Some("err.password_variety".into());
    }
    None
}

fn is_common(lower: &str) -> bool {
    COMMON
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|common| common == lower)
}

pub fn hash(password: &str) -> Result<String, bcrypt::BcryptError> {
    bcrypt::hash(password, BCRYPT_COST)
}

/// Whether `password` matches `hash`; a malformed hash is simply "no".
pub fn verify(password: &str, hash: &str) -> bool {
    bcrypt::verify(password, hash).unwrap_or(false)
}

/// Spends the time of one verification, so an unknown email answers as slowly as a known one.
pub fn verify_dummy(password: &str) {
    const DUMMY: &str = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5Q6Qn1i7bzVq6QOIn8hXJxJ9aVq5d1e";
    let _ = bcrypt::verify(password, DUMMY);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert!(policy_violation("short", "a@b.in").is_some());
        assert!(
            policy_violation("password123", "a@b.in").is_some(),
            "common"
        );
        assert!(
            policy_violation("Password123", "a@b.in").is_some(),
            "common, any case"
        );
        assert!(
            policy_violation("priya.sharma-rocks!", "priya.sharma@x.in").is_some(),
            "local part"
        );
        assert!(
            policy_violation("aaaaaaaaaaaa", "a@b.in").is_some(),
            "variety"
        );
        assert!(
            policy_violation(&"é".repeat(40), "a@b.in").is_some(),
            "too many bytes"
        );
        assert!(policy_violation("monsoon-teal-harbour-42", "priya@x.in").is_none());
    }

    #[test]
    fn hash_and_verify() {
        let h = bcrypt::hash("monsoon-teal-harbour-42", 4).unwrap();
        assert!(verify("monsoon-teal-harbour-42", &h));
        assert!(!verify("wrong", &h));
        assert!(!verify("x", "not a hash"));
    }
}
