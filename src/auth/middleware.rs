//! Resolves the session cookies of every request into a `SessionUser`, renewing an expired access
//! token from the refresh token, and clearing cookies that no longer open a session.

use super::model::Role;
use super::model::{ClientInfo, IssuedSession};
use super::service::{self, AuthConfig, AuthError, SessionState};
use crate::state::AppState;
use crate::web::AppError;
use crate::web::error::ErrorInfo;
use crate::web::i18n::Msg;
use crate::web::session::{CurrentSession, SecondFactor};
use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use std::net::IpAddr;

pub const ACCESS_COOKIE: &str = "access";
pub const REFRESH_COOKIE: &str = "refresh";

/// The client's address: the socket peer, or behind a trusted proxy the address that proxy put
/// last in `X-Forwarded-For`.
pub fn client_info(req: &HttpRequest, trust_proxy: bool) -> ClientInfo {
    let ip = trust_proxy
        .then(|| forwarded_for(req))
        .flatten()
        .or_else(|| req.peer_addr().map(|a| a.ip()))
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| "unknown".into());
    let user_agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| ua.chars().take(200).collect());
    ClientInfo { ip, user_agent }
}

/// The last address of the last `X-Forwarded-For` header: the one our proxy appended (or set).
/// Earlier entries, and the `Forwarded` header, come from the client as sent, so anyone could
/// pick a new address per request and slip past the per-address rate limits. Anything that is
/// not an IP address is ignored.
fn forwarded_for(req: &HttpRequest) -> Option<IpAddr> {
    let last = req
        .headers()
        .get_all("x-forwarded-for")
        .last()?
        .to_str()
        .ok()?
        .rsplit(',')
        .next()?
        .trim();
    last.parse::<IpAddr>()
        .ok()
        .or_else(|| last.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
}

fn session_cookie(
    name: &'static str,
    value: String,
    max_age: time::Duration,
    secure: bool,
) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(max_age)
        .finish()
}

/// Puts a new session's tokens into the response's cookies.
pub fn set_session_cookies<B>(
    res: &mut HttpResponse<B>,
    session: &IssuedSession,
    cfg: &AuthConfig,
) {
    let access = session_cookie(
        ACCESS_COOKIE,
        session.access_token.clone(),
        time::Duration::seconds(cfg.access_ttl.num_seconds()),
        cfg.secure_cookies,
    );
    let refresh = session_cookie(
        REFRESH_COOKIE,
        session.refresh_token.clone(),
        time::Duration::seconds(cfg.refresh_ttl.num_seconds()),
        cfg.secure_cookies,
    );
    let _ = res.add_cookie(&access);
    let _ = res.add_cookie(&refresh);
}

/// Tells the browser to forget the session cookies.
pub fn clear_session_cookies<B>(res: &mut HttpResponse<B>, cfg: &AuthConfig) {
    for name in [ACCESS_COOKIE, REFRESH_COOKIE] {
        let mut cookie = session_cookie(
            name,
            String::new(),
            time::Duration::ZERO,
            cfg.secure_cookies,
        );
        cookie.make_removal();
        let _ = res.add_cookie(&cookie);
    }
}

/// The session cookies of a request, as sent.
pub fn session_cookies(req: &HttpRequest) -> (Option<String>, Option<String>) {
    (
        req.cookie(ACCESS_COOKIE)
            .map(|c| c.value().to_string())
            .filter(|v| !v.is_empty()),
        req.cookie(REFRESH_COOKIE)
            .map(|c| c.value().to_string())
            .filter(|v| !v.is_empty()),
    )
}

fn is_public_asset(path: &str) -> bool {
    path.starts_with("/static/") || matches!(path, "/health" | "/ready" | "/metrics")
}

pub async fn session(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let (access, refresh) = session_cookies(req.request());
    let deps = (
        req.app_data::<web::Data<AppState>>().cloned(),
        req.app_data::<web::Data<AuthConfig>>().cloned(),
    );
    let (Some(state), Some(cfg)) = deps else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    if is_public_asset(req.path()) || (access.is_none() && refresh.is_none()) {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let client = client_info(req.request(), cfg.trust_proxy);
    let resolve_cfg = cfg.clone();
    let outcome = state
        .db
        .run(move |conn| {
            let outcome = service::resolve_session(
                conn,
                &resolve_cfg,
                access.as_deref(),
                refresh.as_deref(),
                &client,
            )?;
            // Administrators only reach the admin area with a second factor enrolled.
            let enrolled = match &outcome {
                SessionState::Active(user, _) | SessionState::Renewed(user, _)
                    if user.role == Role::Admin =>
                {
                    super::totp::service::is_enrolled(conn, user.id)?
                }
                _ => false,
            };
            Ok::<_, AuthError>((outcome, enrolled))
        })
        .await;
    let (outcome, second_factor) = match outcome {
        Ok(outcome) => outcome,
        // Without the database we cannot tell who this is. Treating the visitor as signed out
        // would send a form post to /login and lose what was typed: answer 503 instead and keep
        // the cookies, so the same request works again once the database is back.
        Err(AuthError::Db(e)) => {
            let mut refused = req.error_response(AppError::from(e));
            if let Some(info) = refused
                .response_mut()
                .extensions_mut()
                .get_mut::<ErrorInfo>()
            {
                info.message = Some(Msg::new("hardening.try_again_signed_in").encode());
            }
            return Ok(refused.map_into_right_body());
        }
        Err(e) => {
            tracing::warn!(error = %e, "session could not be resolved");
            (SessionState::Anonymous, false)
        }
    };
    if second_factor {
        req.extensions_mut().insert(SecondFactor);
    }
    match &outcome {
        SessionState::Active(user, family) => {
            req.extensions_mut().insert(user.clone());
            req.extensions_mut().insert(CurrentSession(family.clone()));
        }
        SessionState::Renewed(user, issued) => {
            req.extensions_mut().insert(user.clone());
            req.extensions_mut()
                .insert(CurrentSession(issued.family.clone()));
        }
        _ => {}
    }
    let mut res = next.call(req).await?;
    // A handler that set its own session cookies (login, logout, password change) wins.
    let handler_set_session = res
        .headers()
        .get_all(header::SET_COOKIE)
        .any(|v| v.to_str().is_ok_and(|v| v.starts_with("access=")));
    if !handler_set_session {
        match outcome {
            SessionState::Renewed(_, issued) => {
                set_session_cookies(res.response_mut(), &issued, &cfg)
            }
            SessionState::Ended => clear_session_cookies(res.response_mut(), &cfg),
            _ => {}
        }
    }
    Ok(res.map_into_left_body())
}
