//! Writing sessions and rotating their refresh tokens.
//!
//! Two tabs that wake up after the access token expired both present the same refresh token at
//! once. Only one can rotate it; the other must not look like a thief. The successor of a token is
//! therefore *derived* from it (HMAC under a server key) instead of drawn at random: a request that
//! presents a just-rotated token within [`GRACE_SECONDS`] is handed the very same successor (its
//! hash is what the database holds, so nothing secret is stored). Only a rotated token that comes
//! back later is reuse, and revokes every session of the user.

use super::jwt::Claims;
use super::model::{ClientInfo, IssuedSession, NewRefreshToken, RefreshToken, Role};
use super::service::{AuthConfig, AuthError, SessionState};
use super::{token_store, tokens};
use crate::audit::{self, Event, Outcome};
use crate::db::DbConnection;
use crate::web::SessionUser;
use chrono::{Duration, NaiveDateTime};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How long a just-rotated refresh token still yields its successor.
pub const GRACE_SECONDS: i64 = 30;

/// The refresh token that replaces `presented` (64 hex characters, like a random one).
pub fn successor_token(key: &[u8], presented: &str) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mac) => mac,
        // HMAC takes keys of any length; this arm is never reached.
        Err(_) => return tokens::random_hex_token(),
    };
    mac.update(b"refresh-successor:");
    mac.update(presented.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// What a session continues from when its refresh token is rotated.
pub(super) struct Continuation<'a> {
    pub family: &'a str,
    pub started_at: NaiveDateTime,
    pub refresh_token: String,
}

/// Writes a refresh token (hashed) for a new session, or the next token of a continuing one, and
/// signs an access token. A token never outlives the session's absolute lifetime.
pub(super) fn write_session(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    user_id: i64,
    role: Role,
    continuation: Option<Continuation<'_>>,
    client: &ClientInfo,
    at: NaiveDateTime,
) -> Result<IssuedSession, AuthError> {
    let new_family;
    let (family, started_at, refresh_token) = match continuation {
        Some(c) => (c.family, c.started_at, c.refresh_token),
        None => {
            new_family = uuid::Uuid::new_v4().to_string();
            (new_family.as_str(), at, tokens::random_hex_token())
        }
    };
    let expires_at = (at + cfg.refresh_ttl).min(started_at + cfg.session_max_age);
    token_store::insert_refresh_token(
        conn,
        &NewRefreshToken {
            user_id,
            family_id: family,
            token_hash: &tokens::hash_token(&refresh_token),
            expires_at,
            created_at: at,
            user_agent: client.user_agent.as_deref(),
            ip: Some(&client.ip),
            session_started_at: Some(started_at),
        },
    )?;
    Ok(IssuedSession {
        access_token: access_token(cfg, user_id, role, family, at)?,
        refresh_token,
        user_id,
        role,
        family: family.to_string(),
    })
}

fn access_token(
    cfg: &AuthConfig,
    user_id: i64,
    role: Role,
    family: &str,
    at: NaiveDateTime,
) -> Result<String, AuthError> {
    let issued_at = at.and_utc().timestamp();
    let claims = Claims {
        sub: user_id.to_string(),
        role,
        sid: family.to_string(),
        iat: issued_at,
        exp: issued_at + cfg.access_ttl.num_seconds(),
    };
    cfg.keys
        .sign(&claims)
        .map_err(|e| AuthError::Hash(e.to_string()))
}

/// Renews the session of a valid (unexpired, unrevoked) refresh token `row` presented as
/// `presented`: rotates it, or within the grace window hands out the successor it was rotated to.
pub(super) fn renew(
    conn: &mut DbConnection,
    cfg: &AuthConfig,
    row: RefreshToken,
    presented: &str,
    session: SessionUser,
    client: &ClientInfo,
    at: NaiveDateTime,
) -> Result<SessionState, AuthError> {
    if row.started_at() + cfg.session_max_age <= at {
        // Past the absolute lifetime (tokens issued before a shorter limit was configured).
        return Ok(SessionState::Ended);
    }
    let successor = successor_token(&cfg.successor_key, presented);
    let mut row = row;
    if row.rotated_at.is_none() {
        let issued = crate::db::transaction(conn, |conn| {
            if !token_store::mark_rotated(conn, row.id, at)? {
                return Ok(None);
            }
            let continuation = Continuation {
                family: &row.family_id,
                started_at: row.started_at(),
                refresh_token: successor.clone(),
            };
            write_session(
                conn,
                cfg,
                session.id,
                session.role,
                Some(continuation),
                client,
                at,
            )
            .map(Some)
        })?;
        if let Some(issued) = issued {
            return Ok(SessionState::Renewed(session, issued));
        }
        // A concurrent request rotated (or revoked) it a moment ago: look again.
        match token_store::find_refresh_token(conn, &row_hash(presented))? {
            Some(fresh) if fresh.revoked_at.is_none() => row = fresh,
            _ => return Ok(SessionState::Ended),
        }
    }
    let within_grace = row
        .rotated_at
        .is_some_and(|rotated| rotated > at - Duration::seconds(GRACE_SECONDS));
    if within_grace {
        let next = token_store::find_refresh_token(conn, &row_hash(&successor))?;
        if let Some(next) = next.filter(|n| {
            n.family_id == row.family_id
                && n.revoked_at.is_none()
                && n.rotated_at.is_none()
                && n.expires_at > at
        }) {
            let access = access_token(cfg, session.id, session.role, &next.family_id, at)?;
            let issued = IssuedSession {
                access_token: access,
                refresh_token: successor,
                user_id: session.id,
                role: session.role,
                family: next.family_id,
            };
            return Ok(SessionState::Renewed(session, issued));
        }
    }
    // A rotated token came back after the grace window: it was copied. End every session.
    crate::db::transaction(conn, |conn| {
        token_store::revoke_all_sessions(conn, row.user_id, "refresh token reuse", at)?;
        audit::record(
            conn,
            Event::new("refresh_token_reuse", Outcome::Denied)
                .target("user", row.user_id)
                .ip(&client.ip)
                .detail("all sessions revoked"),
        )
    })?;
    Ok(SessionState::Ended)
}

fn row_hash(token: &str) -> String {
    tokens::hash_token(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn successors_are_stable_per_token_and_key() {
        let a = successor_token(b"key-one", "token");
        assert_eq!(a, successor_token(b"key-one", "token"));
        assert_eq!(a.len(), 64);
        assert_ne!(a, successor_token(b"key-two", "token"));
        assert_ne!(a, successor_token(b"key-one", "other"));
    }
}
