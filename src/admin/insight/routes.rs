//! `GET /admin`: the dashboard (`?days=90` for the long view).

use super::service::{self as insight, Insight};
use crate::admin::model::PlatformStats;
use crate::admin::service;
use crate::db::DbError;
use crate::state::AppState;
use crate::web::guards::Admin;
use crate::web::{AppError, PageCtx, render};
use actix_web::{HttpResponse, get, web};
use askama::Template;
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(dashboard);
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    stats: PlatformStats,
    insight: Insight,
}

impl DashboardPage {
    fn of(&self, counts: &[(String, i64)], status: &str) -> i64 {
        PlatformStats::of(counts, status)
    }
    fn total(&self, counts: &[(String, i64)]) -> i64 {
        PlatformStats::total(counts)
    }
    /// Application statuses in the order of the pipeline, with their label keys.
    fn application_statuses(&self) -> [(&'static str, &'static str); 10] {
        crate::application::model::Status::ALL.map(|s| (s.as_str(), s.label_key()))
    }
    /// The median time to a first answer, in hours or days.
    fn median_answer(&self) -> String {
        match self.insight.median_answer_hours {
            None => self.ctx.t("insight.no_answers"),
            Some(h) if h < 48.0 => format!("{h:.1} {}", self.ctx.t("insight.hours")),
            Some(h) => format!("{:.1} {}", h / 24.0, self.ctx.t("insight.days_unit")),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DaysQuery {
    days: String,
}

#[get("/admin")]
async fn dashboard(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
    query: web::Query<DaysQuery>,
) -> Result<HttpResponse, AppError> {
    // Two views: the last fortnight, or the last quarter; anything else is the fortnight.
    let days = if query.days == "90" { 90 } else { 14 };
    let lang = ctx.lang;
    let (stats, insight) = state
        .db
        .run(move |conn| {
            Ok::<_, DbError>((
                service::platform_stats(conn)?,
                insight::insight(conn, lang, days)?,
            ))
        })
        .await?;
    render(&DashboardPage {
        ctx,
        stats,
        insight,
    })
}
