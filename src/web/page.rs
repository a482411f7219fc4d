//! The context every page template receives, and rendering helpers. The middleware that turns
//! every error status into the friendly error page is in `error_page.rs`.

use super::csrf::CsrfToken;
use super::flash::{self, Flash, IncomingFlashMessages};
use super::i18n::{self, Lang};
use super::{AppError, SessionUser};
use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse};
use askama::Template;
use futures_util::future::LocalBoxFuture;
use tracing_actix_web::RequestId;

/// What the base layout needs: language, user (for navigation by role), CSRF token, flashes.
#[derive(Debug, Clone)]
pub struct PageCtx {
    pub lang: Lang,
    pub user: Option<SessionUser>,
    pub csrf_token: String,
    pub flashes: Vec<Flash>,
    pub request_id: String,
    /// This page's address with its query string: where a form on it (the language switch, a
    /// save button on a search result) comes back to.
    pub path: String,
}

impl PageCtx {
    /// Context for a request, without flash messages.
    pub fn of(req: &HttpRequest) -> PageCtx {
        PageCtx {
            lang: Lang::of(req),
            user: SessionUser::of(req),
            csrf_token: req
                .extensions()
                .get::<CsrfToken>()
                .map(|t| t.0.clone())
                .unwrap_or_default(),
            flashes: Vec::new(),
            request_id: req
                .extensions()
                .get::<RequestId>()
                .map(|id| id.to_string())
                .unwrap_or_default(),
            path: req
                .uri()
                .path_and_query()
                .map(|pq| pq.as_str().to_string())
                .unwrap_or_else(|| req.path().to_string()),
        }
    }

    /// A UTC instant as an IST date and time in the page's language.
    pub fn datetime(&self, utc: &chrono::NaiveDateTime) -> String {
        super::dates::datetime(self.lang, *utc)
    }

    /// A date in the page's language.
    pub fn date(&self, day: &chrono::NaiveDate) -> String {
        super::dates::date(self.lang, *day)
    }

    /// This page's query string, without the `?` (what a saved search keeps).
    pub fn query_string(&self) -> &str {
        self.path.split_once('?').map(|(_, q)| q).unwrap_or("")
    }

    /// Translated text for `key`.
    pub fn t(&self, key: &str) -> String {
        i18n::t(self.lang, key)
    }

    /// A message of code (key and values) in the page's language.
    pub fn msg(&self, message: &i18n::Msg) -> String {
        message.text(self.lang)
    }

    /// A work mode (`remote`, `onsite`, `hybrid`, `any`) in the page's language.
    pub fn mode(&self, mode: &str) -> String {
        match mode {
            "remote" => self.t("mode.remote"),
            "onsite" => self.t("mode.onsite"),
            "hybrid" => self.t("mode.hybrid"),
            _ => self.t("mode.any"),
        }
    }

    /// A monthly stipend ("₹15,000 / month") or "Unpaid", in the page's language.
    pub fn stipend(&self, amount: &Option<i32>) -> String {
        match *amount {
            Some(0) | None => self.t("internship.unpaid"),
            Some(amount) => format!(
                "₹{} {}",
                super::numbers::group_thousands(amount),
                self.t("internship.per_month")
            ),
        }
    }

    /// An internship's status (`draft`, `active`, `closed`, `taken_down`) in the page's language.
    pub fn internship_status(&self, status: &str) -> String {
        match status {
            // Drafts are made only by the posting rules: a posting held for review.
            "draft" => self.t("internship.state_under_review"),
            "active" => self.t("internship.state_active"),
            "closed" => self.t("internship.state_closed"),
            "taken_down" => self.t("internship.state_taken_down"),
            other => other.to_string(),
        }
    }

    /// How an interview takes place (`online`, `onsite`, `phone`) in the page's language.
    pub fn interview_mode(&self, mode: &str) -> String {
        match mode {
            "online" => self.t("interview.online"),
            "onsite" => self.t("interview.onsite"),
            "phone" => self.t("interview.phone"),
            other => other.to_string(),
        }
    }

    /// An interview's status (`proposed`, `confirmed`, `cancelled`, `completed`) in the page's
    /// language.
    pub fn interview_status(&self, status: &str) -> String {
        match status {
            "proposed" => self.t("interview.status_proposed"),
            "confirmed" => self.t("interview.status_confirmed"),
            "cancelled" => self.t("interview.status_cancelled"),
            "completed" => self.t("interview.status_completed"),
            other => other.to_string(),
        }
    }

    /// A related skill in words ("SQL — close to PostgreSQL"); `key` is `RelatedSkill::key`.
    pub fn related_skill(&self, key: &str, have: &str, wanted: &str) -> String {
        let msg = i18n::Msg::new(key.to_string()).with("have", have);
        self.msg(&msg.with("skill", wanted))
    }

    /// A location note of the matching (`matching::ranking::location::location_fit` writes them in English)
    /// in the page's language; a note this does not know is shown as it is.
    pub fn location_note(&self, note: &str) -> String {
        match note {
            "remote" => self.t("match.loc_remote"),
            "not remote, and you asked for remote work" => self.t("match.loc_not_remote"),
            "in your city" => self.t("match.loc_city"),
            "in your district" => self.t("match.loc_district"),
            "near you (same PIN code district)" => self.t("match.loc_pin"),
            "you accept any city" => self.t("match.loc_any_city"),
            "outside your preferred city" => self.t("match.loc_outside"),
            "within commuting distance of home" => self.t("match.loc_commute"),
            "too far to commute, and you are not relocating" => self.t("match.loc_too_far"),
            other => other.to_string(),
        }
    }

    pub fn signed_in(&self) -> bool {
        self.user.is_some()
    }

    /// `student`, `employer`, `institute`, `admin`, or empty when signed out.
    pub fn role(&self) -> &'static str {
        self.user.as_ref().map(|u| u.role.as_str()).unwrap_or("")
    }

    pub fn user_name(&self) -> &str {
        self.user
            .as_ref()
            .map(|u| u.full_name.as_str())
            .unwrap_or("")
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// Whether the navigation link to `prefix` is the current section.
    pub fn current(&self, prefix: &str) -> bool {
        if prefix == "/" {
            self.path == "/"
        } else {
            self.path.starts_with(prefix)
        }
    }
}

impl FromRequest for PageCtx {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<PageCtx, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let mut ctx = PageCtx::of(req);
        let incoming = IncomingFlashMessages::from_request(req, payload);
        Box::pin(async move {
            if let Ok(messages) = incoming.await {
                ctx.flashes = flash::collect(&messages, ctx.lang);
            }
            Ok(ctx)
        })
    }
}

/// Renders a page with status 200.
pub fn render<T: Template>(page: &T) -> Result<HttpResponse, AppError> {
    render_status(StatusCode::OK, page)
}

/// Renders a page with another status (a form re-rendered with its errors is 422).
pub fn render_status<T: Template>(status: StatusCode, page: &T) -> Result<HttpResponse, AppError> {
    let html = page.render()?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

/// 303 to `location` (after a successful POST).
pub fn redirect(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.to_string()))
        .finish()
}

/// Only local paths: a `next` parameter must not turn our redirects into an open redirect.
/// Browsers drop tabs and line breaks from a `Location` before resolving it (`/\t/evil.example`
/// becomes `//evil.example`) and read `\` as `/`, so any control character, whitespace or
/// backslash makes the target the home page.
pub fn safe_next(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    if local { next } else { "/" }
}

#[cfg(test)]
#[path = "page_tests.rs"]
mod tests;
