//! `/health` (the process answers), `/ready` (database and model usable), `/metrics`.

use crate::state::AppState;
use crate::web::i18n::{LANG_COOKIE, Lang};
use crate::web::metrics::Metrics;
use crate::web::page::{redirect, safe_next};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::{HttpResponse, get, http::header, post, web};
use serde::Deserialize;
use serde_json::json;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(health)
        .service(ready)
        .service(metrics)
        .service(stylesheet)
        .service(cv_stylesheet)
        .service(script)
        .service(language);
}

#[get("/health")]
async fn health() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// 200 only when the database answers, the model is loaded, the catalogue of listed
/// internships is in memory (ready to recommend) and the search is warmed (its listed postings
/// and, on PostgreSQL, its common words in memory); otherwise 503 with the reasons.
#[get("/ready")]
async fn ready(
    state: web::Data<AppState>,
    draining: Option<web::Data<super::shutdown::Draining>>,
) -> HttpResponse {
    // Shutting down: tell the load balancer at once, before anything else is asked.
    if draining.is_some_and(|d| d.is_draining()) {
        return HttpResponse::ServiceUnavailable()
            .json(json!({ "status": "shutting down", "database": "-", "model": "-" }));
    }
    let database = state.db.ping().await.map_err(|e| e.to_string());
    let model = state.model.readiness();
    let catalogue = match state.model.embedder() {
        Some(e) if !state.catalogue.is_loaded_for(e.model_id()) => Err("catalogue is loading"),
        Some(_) => Ok(()),
        None => Err("waiting for the model"),
    };
    let search = match crate::internship::service::search_warmed(&state.db) {
        true => Ok(()),
        false => Err("search is warming"),
    };
    let ok = database.is_ok() && model.is_ok() && catalogue.is_ok() && search.is_ok();
    let body = json!({
        "status": if ok { "ready" } else { "not ready" },
        "database": database.as_ref().err().map(String::as_str).unwrap_or("ok"),
        "model": model.as_ref().err().map(String::as_str).unwrap_or("ok"),
        "catalogue": catalogue.err().unwrap_or("ok"),
        "search": search.err().unwrap_or("ok"),
    });
    if ok {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}

#[get("/metrics")]
async fn metrics(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    metrics: web::Data<Metrics>,
) -> HttpResponse {
    let token = state.settings.metrics_token.expose();
    if !token.is_empty() {
        let given = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("")
            .trim();
        if !crate::web::csrf::constant_time_eq(given, token) {
            return HttpResponse::Unauthorized()
                .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
                .body("metrics need the bearer token configured in METRICS_TOKEN");
        }
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(metrics.render(state.db.pool()))
}

const STYLESHEET: &str = include_str!("../../static/style.css");
const SCRIPT: &str = include_str!("../../static/app.js");
/// The printable CV's own sheet (A4 page, print rules), linked only from its page.
const CV_STYLESHEET: &str = include_str!("../../static/cv.css");

/// Static files are compiled into the binary so it runs from any directory.
#[get("/static/style.css")]
async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(STYLESHEET)
}

#[get("/static/cv.css")]
async fn cv_stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(CV_STYLESHEET)
}

#[get("/static/app.js")]
async fn script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(SCRIPT)
}

#[derive(Deserialize)]
struct LanguageForm {
    lang: String,
    #[serde(default)]
    next: String,
}

/// Remembers the chosen language in a cookie (and, for a signed-in user, on the account, for
/// emails and notifications) and goes back to the page the form was on.
#[post("/language")]
async fn language(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<LanguageForm>,
) -> HttpResponse {
    let lang = Lang::from_code(&form.lang).unwrap_or(Lang::En);
    if let Some(user) = crate::web::SessionUser::of(&req) {
        let stored = state
            .db
            .run(move |conn| crate::auth::service::set_preferred_lang(conn, user.id, lang))
            .await;
        if let Err(error) = stored {
            // The cookie still switches the pages; only emails keep the old language.
            tracing::warn!(%error, "could not store the preferred language");
        }
    }
    let mut res = redirect(safe_next(&form.next));
    let cookie = Cookie::build(LANG_COOKIE, lang.code())
        .path("/")
        .same_site(SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::days(365))
        .finish();
    let _ = res.add_cookie(&cookie);
    res
}
