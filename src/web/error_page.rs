//! The friendly error page, and the outermost middleware that puts it on every error status
//! (`app.rs` wraps it around everything). Apart from `page.rs`, which renders pages the handlers
//! choose: this one is chosen after the fact, from the response.

use super::error::{ErrorInfo, title_key};
use super::i18n;
use super::page::PageCtx;
use actix_web::HttpResponse;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use askama::Template;

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub ctx: PageCtx,
    pub status: u16,
    pub title: String,
    pub message: Option<String>,
    pub retry_after_secs: Option<u64>,
}

impl ErrorPage {
    /// How long to wait, in the page's language (see [`super::wait`]).
    pub fn retry_after(&self) -> Option<String> {
        self.retry_after_secs
            .map(|secs| super::wait::text(self.ctx.lang, secs))
    }
}

/// Outermost page middleware: any 4xx/5xx that is not already an HTML page becomes the friendly
/// error page (with the request id the user can report).
pub async fn error_pages(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // The request must not be cloned before routing (actix needs it unshared), so everything
    // below works from the response's own request.
    let res = next.call(req).await?.map_into_boxed_body();
    let status = res.status();
    if status.as_u16() < 400 || !needs_page(&res) {
        return Ok(res);
    }
    let (http_req, old) = res.into_parts();
    let info = old.extensions().get::<ErrorInfo>().cloned();
    let ctx = PageCtx::of(&http_req);
    let page = ErrorPage {
        title: ctx.t(info
            .as_ref()
            .map(|i| i.title_key)
            .unwrap_or_else(|| title_key(status))),
        message: info
            .as_ref()
            .and_then(|i| i.message.as_deref())
            .map(|m| i18n::Msg::decode(m).text(ctx.lang)),
        retry_after_secs: info.as_ref().and_then(|i| i.retry_after_secs),
        status: status.as_u16(),
        ctx,
    };
    let html = page
        .render()
        .unwrap_or_else(|_| format!("<h1>{}</h1>", status.as_u16()));
    let mut response = HttpResponse::build(status);
    response.content_type("text/html; charset=utf-8");
    for name in [
        header::RETRY_AFTER,
        header::SET_COOKIE,
        header::WWW_AUTHENTICATE,
    ] {
        for value in old.headers().get_all(&name) {
            response.append_header((name.clone(), value.clone()));
        }
    }
    Ok(ServiceResponse::new(http_req, response.body(html)))
}

fn needs_page<B>(res: &ServiceResponse<B>) -> bool {
    if res.response().extensions().get::<ErrorInfo>().is_some() {
        return true;
    }
    match res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    {
        None => true,
        Some(ct) => ct.starts_with("text/plain"),
    }
}
