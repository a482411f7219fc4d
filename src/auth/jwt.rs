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
#[path = "jwt_tests.rs"]
mod tests;
