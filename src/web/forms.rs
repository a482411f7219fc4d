//! Form validation results shared by every module: a form with errors is re-rendered with the
//! user's values and one message per field. Also the middleware that refuses NUL characters in
//! forms and query strings.

use super::AppError;
use super::i18n::{Lang, Msg};
use actix_web::HttpMessage;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web::BytesMut;
use futures_util::StreamExt;
use std::collections::BTreeMap;

/// Per-field messages for a form that is re-rendered with the user's values. A message is a
/// catalogue key (with its values), put into the page's language by the template.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(pub BTreeMap<&'static str, Msg>);

impl FieldErrors {
    /// The first message for a field wins.
    pub fn add(&mut self, field: &'static str, message: impl Into<Msg>) {
        self.0.entry(field).or_insert_with(|| message.into());
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The message for `field` in English, or empty.
    pub fn get(&self, field: &str) -> String {
        self.text(field, Lang::En)
    }
    /// The message for `field` in `lang`, or empty (templates print it only when non-empty).
    pub fn text(&self, field: &str, lang: impl std::borrow::Borrow<Lang>) -> String {
        self.0
            .get(field)
            .map(|msg| msg.text(*lang.borrow()))
            .unwrap_or_default()
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }
}

/// Largest urlencoded body read (the form extractor's own limit).
const MAX_FORM_BYTES: usize = 1024 * 1024;

/// Refuses, with a page that says so, a request whose query string or urlencoded form carries a
/// NUL character (`%00`). No page needs one, and PostgreSQL cannot store one in text: without
/// this, any field (a search, a name, an email address) could turn a request into a 500 there,
/// while SQLite would store it. Runs after the CSRF check, which has already read the body of a
/// form post; the body is put back unchanged for the handler.
pub async fn refuse_nul(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let mut problem = has_nul(req.query_string().as_bytes()).then_some(NUL);
    let reads_body = !matches!(*req.method(), Method::GET | Method::HEAD);
    let urlencoded = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    if problem.is_none() && reads_body && urlencoded {
        let mut payload = req.take_payload();
        let mut body = BytesMut::new();
        while let Some(chunk) = payload.next().await {
            match chunk {
                Ok(chunk) if body.len() + chunk.len() <= MAX_FORM_BYTES => {
                    body.extend_from_slice(&chunk)
                }
                _ => {
                    problem = Some(UNREADABLE);
                    break;
                }
            }
        }
        if has_nul(&body) {
            problem = Some(NUL);
        }
        req.set_payload(Payload::from(body.freeze()));
    }
    if let Some(message) = problem {
        let error = AppError::bad_request(message);
        return Ok(req.error_response(error).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

const NUL: &str = "err.form_nul";
const UNREADABLE: &str = "err.form_too_large";

/// Whether any name or value of an urlencoded string decodes to text holding a NUL.
fn has_nul(encoded: &[u8]) -> bool {
    encoded.contains(&0)
        || url::form_urlencoded::parse(encoded).any(|(k, v)| k.contains('\0') || v.contains('\0'))
}

#[cfg(test)]
mod tests {
    use super::has_nul;

    #[test]
    fn nul_is_found_however_it_is_encoded() {
        assert!(has_nul(b"q=a%00b"));
        assert!(has_nul(b"a%00=b"));
        assert!(has_nul(b"q=%00"));
        assert!(!has_nul(b"q=a%2500b&x=%F0%9F%98%80&y=%FF"));
        assert!(!has_nul(b""));
    }
}
