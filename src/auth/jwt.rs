//! Short-lived access tokens: HS256 JWTs naming the user and the session family they belong to.
//! Only HS256 with our key is accepted: `alg: none`, other algorithms, other keys and expired
//! tokens are refused (no leeway).

use super::model::Role;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// User id (a string, as RFC 7519 wants; see [`Claims::user_id`]).
    pub sub: String,
    pub role: Role,
    /// Session family: revoking the family ends this access token at once.
    pub sid: String,
    pub iat: i64,
    pub exp: i64,
}

impl Claims {
    pub fn user_id(&self) -> Option<i64> {
        self.sub.parse().ok()
    }
}

/// A sign-in whose password was right and whose second factor is still to come. It cannot pass
/// for an access token (no role, no session) nor one for it (no purpose).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PendingClaims {
    sub: String,
    purpose: String,
    iat: i64,
    exp: i64,
}

const PENDING_PURPOSE: &str = "second-factor";

/// Keys derived from `JWT_SECRET` for signing and checking access tokens.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl JwtKeys {
    pub fn new(secret: &[u8]) -> Self {
        JwtKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    pub fn sign(&self, claims: &Claims) -> Result<String, jsonwebtoken::errors::Error> {
        encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
    }

    /// A token for the code step of `user_id`'s sign-in, valid `seconds`.
    pub fn sign_pending(
        &self,
        user_id: i64,
        seconds: i64,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let now = chrono::Utc::now().timestamp();
        let claims = PendingClaims {
            sub: user_id.to_string(),
            purpose: PENDING_PURPOSE.into(),
            iat: now,
            exp: now + seconds,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// The user of a valid code-step token.
    pub fn verify_pending(&self, token: &str) -> Option<i64> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        let claims = decode::<PendingClaims>(token, &self.decoding, &validation)
            .ok()?
            .claims;
        (claims.purpose == PENDING_PURPOSE)
            .then(|| claims.sub.parse().ok())
            .flatten()
    }

    /// The claims of a valid token, or `None` for anything else.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        decode::<Claims>(token, &self.decoding, &validation)
            .ok()
            .map(|data| data.claims)
    }
}

#[cfg(test)]
mod tests {
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
        let none_header = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(r#"{"alg":"none","typ":"JWT"}"#);
        assert!(
            keys.verify(&format!("{none_header}.{}.", parts[1]))
                .is_none(),
            "alg none"
        );
        assert!(keys.verify("garbage").is_none());
    }
}
