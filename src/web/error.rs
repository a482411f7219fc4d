//! The web layer's one error type. Handlers return `Result<HttpResponse, AppError>`; the
//! `error_pages` middleware turns every error status into the friendly page, in one place.

use super::i18n::Msg;
use crate::db::DbError;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use std::fmt;

/// What went wrong, as the user may be told. Causes of internal errors are logged, never shown.
#[derive(Debug)]
pub enum AppError {
    NotFound,
    /// Signed in but not allowed (wrong role, not the owner, suspended…). The message is an
    /// encoded [`Msg`] (plain text is one too), shown on the error page in its language.
    Forbidden(String),
    /// Not signed in: redirect to the login page, coming back to `next` afterwards.
    LoginRequired {
        next: String,
    },
    /// The message is an encoded [`Msg`], as for `Forbidden`.
    BadRequest(String),
    /// An administrator without a second factor: redirect to its enrolment page.
    SecondFactorSetup,
    /// Missing or wrong CSRF token, or a cross-site Origin.
    Csrf,
    /// Too many attempts; retry after this many seconds.
    RateLimited {
        retry_after_secs: u64,
    },
    /// A dependency (database, model) is not available right now.
    Unavailable(String),
    Internal(anyhow::Error),
}

impl AppError {
    pub fn internal(e: impl Into<anyhow::Error>) -> Self {
        AppError::Internal(e.into())
    }

    /// Refused with a message (a catalogue key, with values) the error page shows.
    pub fn forbidden(msg: impl Into<Msg>) -> Self {
        AppError::Forbidden(msg.into().encode())
    }

    /// A bad request with a message (a catalogue key, with values) the error page shows.
    pub fn bad_request(msg: impl Into<Msg>) -> Self {
        AppError::BadRequest(msg.into().encode())
    }

    pub fn login_required(req: &HttpRequest) -> Self {
        let next = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default();
        AppError::LoginRequired { next }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::NotFound => f.write_str("not found"),
            AppError::Forbidden(m) => write!(f, "forbidden: {}", Msg::decode(m)),
            AppError::LoginRequired { .. } => f.write_str("login required"),
            AppError::SecondFactorSetup => f.write_str("second factor enrolment required"),
            AppError::BadRequest(m) => write!(f, "bad request: {}", Msg::decode(m)),
            AppError::Csrf => f.write_str("CSRF check failed"),
            AppError::RateLimited { retry_after_secs } => {
                write!(f, "rate limited for {retry_after_secs}s")
            }
            AppError::Unavailable(m) => write!(f, "unavailable: {m}"),
            AppError::Internal(e) => write!(f, "internal error: {e:#}"),
        }
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::NotFound => AppError::NotFound,
            DbError::Connect(m) | DbError::Pool(m) => AppError::Unavailable(m),
            other if other.is_unavailable() => AppError::Unavailable(other.to_string()),
            other => AppError::Internal(anyhow::anyhow!(other)),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(anyhow::anyhow!("template: {e}"))
    }
}

/// Carried from `error_response` to the page renderer in the response extensions.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    /// Translation key of the page title.
    pub title_key: &'static str,
    /// A message safe to show (never an internal cause), an encoded [`Msg`].
    pub message: Option<String>,
    pub retry_after_secs: Option<u64>,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden(_) | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::LoginRequired { .. } | AppError::SecondFactorSetup => StatusCode::SEE_OTHER,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::Internal(cause) => {
                tracing::error!(error = %format!("{cause:#}"), "request failed")
            }
            AppError::Unavailable(cause) => {
                tracing::warn!(error = %cause, "dependency unavailable")
            }
            _ => {}
        }
        if let AppError::LoginRequired { next } = self {
            let target = format!("/login?next={}", url_encode(next));
            return HttpResponse::SeeOther()
                .insert_header(("Location", target))
                .finish();
        }
        if let AppError::SecondFactorSetup = self {
            return HttpResponse::SeeOther()
                .insert_header(("Location", "/account/totp"))
                .finish();
        }
        let info = ErrorInfo {
            title_key: title_key(self.status_code()),
            message: match self {
                AppError::Forbidden(m) | AppError::BadRequest(m) if !m.is_empty() => {
                    Some(m.clone())
                }
                // Said on every 503: nothing is lost, the session holds, try again.
                AppError::Unavailable(_) => Some(Msg::new("hardening.try_again").encode()),
                _ => None,
            },
            retry_after_secs: match self {
                AppError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
                _ => None,
            },
        };
        let mut res = HttpResponse::build(self.status_code());
        if let Some(secs) = info.retry_after_secs {
            res.insert_header(("Retry-After", secs.to_string()));
        }
        let mut res = res.finish();
        res.extensions_mut().insert(info);
        res
    }
}

/// Translation key of the title of the page for a status.
pub fn title_key(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "error.bad_request",
        403 => "error.forbidden",
        404 | 405 => "error.not_found",
        413 => "error.too_large",
        429 => "error.rate_limited",
        503 => "error.unavailable",
        s if s >= 500 => "error.internal",
        _ => "error.bad_request",
    }
}

/// Percent-encodes a value for a query string.
pub fn url_encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
