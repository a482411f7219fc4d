//! CSRF protection for every state-changing request (signed double-submit cookie bound to the
//! session + Origin check).
//!
//! A random value lives in the `csrf` cookie (HttpOnly); the token put into forms is the HMAC,
//! under the server secret, of that value and the id of the signed-in session, so a value planted
//! by another site cannot produce a valid pair, and a pair taken from one session is worthless in
//! another. The cookie is replaced whenever a response signs someone in or out, so a value planted
//! before sign-in does not survive it (Django and the OWASP cheat sheet do both). Unsafe methods
//! must present the token as the `csrf_token` form field (urlencoded or multipart) or the
//! `X-CSRF-Token` header (never in the address, where logs and Referer headers would keep it);
//! otherwise the handler never runs.

use super::AppError;
use super::session::CurrentSession;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{HttpMessage, web};
use futures_util::StreamExt;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const COOKIE: &str = "csrf";
pub const FIELD: &str = "csrf_token";
const HEADER: &str = "x-csrf-token";
/// Largest urlencoded body read while looking for the token.
const MAX_FORM_BYTES: usize = 1024 * 1024;
/// How far into a multipart body the token is looked for. Forms put it first (before the file),
/// so the upload itself is streamed on to the handler, never buffered here.
const MAX_MULTIPART_PREFIX: usize = 64 * 1024;

/// The token to put into this request's forms.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// Settings the middleware needs, registered as app data.
#[derive(Clone)]
pub struct CsrfConfig {
    pub key: Vec<u8>,
    pub secure_cookie: bool,
    pub allowed_origins: Vec<String>,
}

impl CsrfConfig {
    fn token_for(&self, seed: &str, session: Option<&CurrentSession>) -> String {
        let mut mac = match Hmac::<Sha256>::new_from_slice(&self.key) {
            Ok(mac) => mac,
            Err(_) => return String::new(),
        };
        mac.update(b"csrf:");
        mac.update(seed.as_bytes());
        mac.update(b":session:");
        if let Some(session) = session {
            mac.update(session.0.as_bytes());
        }
        hex::encode(mac.finalize().into_bytes())
    }
}

pub async fn csrf(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let Some(config) = req.app_data::<web::Data<CsrfConfig>>().cloned() else {
        return Ok(refuse(
            req,
            AppError::internal(anyhow::anyhow!("CSRF configuration missing")),
        ));
    };
    let existing = req
        .cookie(COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| v.len() == 64);
    let seed = existing
        .clone()
        .unwrap_or_else(crate::web::tokens::random_hex_token);
    // The session middleware runs first and names the request's session, if any.
    let session = req.extensions().get::<CurrentSession>().cloned();
    let expected = config.token_for(&seed, session.as_ref());
    req.extensions_mut().insert(CsrfToken(expected.clone()));

    if is_unsafe(req.method()) && !signed_link(req.path()) {
        if !origin_allowed(&req, &config) {
            tracing::warn!(path = %req.path(), "cross-origin form submission refused");
            return Ok(refuse(req, AppError::Csrf));
        }
        let submitted = submitted_token(&mut req).await;
        let valid = existing.is_some()
            && submitted
                .as_deref()
                .is_some_and(|s| constant_time_eq(s, &expected));
        if !valid {
            tracing::warn!(path = %req.path(), "CSRF token missing or wrong");
            return Ok(refuse(req, AppError::Csrf));
        }
    }

    let mut res = next.call(req).await?.map_into_left_body();
    // Signed in or out by this response (login, logout, password change): a fresh value.
    let seed = if signs_in_or_out(res.headers()) {
        Some(crate::web::tokens::random_hex_token())
    } else if existing.is_none() {
        Some(seed)
    } else {
        None
    };
    if let Some(seed) = seed {
        let cookie = Cookie::build(COOKIE, seed)
            .path("/")
            .http_only(true)
            .secure(config.secure_cookie)
            .same_site(SameSite::Lax)
            .finish();
        res.response_mut()
            .add_cookie(&cookie)
            .map_err(actix_web::error::ErrorInternalServerError)?;
    }
    Ok(res)
}

/// Whether a response sets (or clears) the session cookies.
fn signs_in_or_out(headers: &header::HeaderMap) -> bool {
    headers
        .get_all(header::SET_COOKIE)
        .any(|v| v.to_str().is_ok_and(|v| v.starts_with("access=")))
}

/// Answers without calling the handler (the error page middleware renders the page).
fn refuse<B>(req: ServiceRequest, error: AppError) -> ServiceResponse<EitherBody<B>> {
    req.error_response(error).map_into_right_body()
}

/// One-click unsubscribe links (RFC 8058) are POSTed by mail providers, with no session or form:
/// the link's own signature (checked by its handler) is what authenticates them.
fn signed_link(path: &str) -> bool {
    path.strip_prefix("/searches/")
        .and_then(|rest| rest.strip_suffix("/unsubscribe"))
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// A present `Origin` must be this site (or a configured origin); absent is allowed (old browsers,
/// non-browser clients), the token still decides.
fn origin_allowed(req: &ServiceRequest, config: &CsrfConfig) -> bool {
    let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    else {
        return true;
    };
    let origin = origin.trim_end_matches('/');
    let info = req.connection_info();
    let own = format!("{}://{}", info.scheme(), info.host());
    origin == own || config.allowed_origins.iter().any(|o| o == origin)
}

async fn submitted_token(req: &mut ServiceRequest) -> Option<String> {
    if let Some(v) = req.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return Some(v.to_string());
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if content_type.starts_with("multipart/form-data") {
        return multipart_token(req).await;
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return None;
    }
    // Read the body, look for the token, and put the body back for the handler.
    let mut payload = req.take_payload();
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.ok()?;
        if body.len() + chunk.len() > MAX_FORM_BYTES {
            return None;
        }
        body.extend_from_slice(&chunk);
    }
    let body: Bytes = body.freeze();
    let token = field(&body);
    req.set_payload(actix_web::dev::Payload::from(body));
    token
}

/// The `csrf_token` part of a multipart body, looked for in its first
/// [`MAX_MULTIPART_PREFIX`] bytes; the body is handed on to the handler unchanged (the bytes read
/// here, then the rest of the stream).
async fn multipart_token(req: &mut ServiceRequest) -> Option<String> {
    let mut payload = req.take_payload();
    let mut prefix = BytesMut::new();
    let mut failed = false;
    while prefix.len() < MAX_MULTIPART_PREFIX {
        match payload.next().await {
            Some(Ok(chunk)) => prefix.extend_from_slice(&chunk),
            Some(Err(_)) => {
                failed = true;
                break;
            }
            None => break,
        }
    }
    let prefix = prefix.freeze();
    let token = if failed {
        None
    } else {
        multipart_field(req.headers(), prefix.clone()).await
    };
    let rest: std::pin::Pin<Box<dyn futures_util::Stream<Item = Result<Bytes, PayloadError>>>> =
        Box::pin(
            futures_util::stream::once(async move { Ok::<_, PayloadError>(prefix) }).chain(payload),
        );
    req.set_payload(actix_web::dev::Payload::from(rest));
    token
}

/// Parses `bytes` (possibly a cut-off body) as multipart and returns the `csrf_token` field.
async fn multipart_field(headers: &header::HeaderMap, bytes: Bytes) -> Option<String> {
    let stream = futures_util::stream::once(async move { Ok::<_, PayloadError>(bytes) });
    let mut form = actix_multipart::Multipart::new(headers, stream);
    while let Some(Ok(mut part)) = form.next().await {
        if part.name() != Some(FIELD) {
            // Skipping a part reads it; a cut-off file part ends the search with an error.
            while let Some(chunk) = part.next().await {
                chunk.ok()?;
            }
            continue;
        }
        let mut value = BytesMut::new();
        while let Some(chunk) = part.next().await {
            value.extend_from_slice(&chunk.ok()?);
            if value.len() > 256 {
                return None;
            }
        }
        return String::from_utf8(value.to_vec()).ok();
    }
    None
}

fn field(encoded: &[u8]) -> Option<String> {
    url::form_urlencoded::parse(encoded)
        .find(|(k, _)| k == FIELD)
        .map(|(_, v)| v.into_owned())
}

/// Compares two secrets without an early exit (no timing hint of how much matched).
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
