//! Unit tests of `jwt.rs`.

use super::*;

fn claims(exp_offset: i64) -> Claims {
    let now = chrono::Utc::now().timestamp();
    Claims {
        sub: "7".into(),
        role: Role::Student,
        sid: "f".into(),
        iat: now,
        exp: now + exp_offset,
    }
}

#[test]
fn accepts_own_tokens_only() {
    let keys = JwtKeys::new(b"0123456789abcdef0123456789abcdef");
    let token = keys.sign(&claims(60)).unwrap();
    assert_eq!(keys.verify(&token).and_then(|c| c.user_id()), Some(7));
    let other = JwtKeys::new(b"another-key-another-key-another!!");
    assert!(other.verify(&token).is_none(), "other key");
    assert!(
        keys.verify(&keys.sign(&claims(-1)).unwrap()).is_none(),
        "expired"
    );
    // alg: none with the same claims.
    let parts: Vec<&str> = token.split('.').collect();
    use base64::Engine;
    let none_header =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    assert!(
        keys.verify(&format!("{none_header}.{}.", parts[1]))
            .is_none(),
        "alg none"
    );
    assert!(keys.verify("garbage").is_none());
}
