//! HTTP layer of the audit log page (admins only).

use super::model::{AuditEntry, AuditQuery};
use super::store;
use crate::state::AppState;
use crate::web::guards::Admin;
use crate::web::pagination::{PageLinks, Pagination};
use crate::web::{AppError, FieldErrors, PageCtx, render};
use actix_web::{HttpResponse, get, web};
use askama::Template;

const PER_PAGE: i64 = 50;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(audit);
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    ctx: PageCtx,
    query: AuditQuery,
    errors: FieldErrors,
    rows: Vec<AuditEntry>,
    links: PageLinks,
}

impl AuditPage {
    /// A role in the page's language.
    fn role(&self, role: &str) -> String {
        self.ctx.t(&format!("audit.role_{role}"))
    }
}

#[get("/admin/audit")]
async fn audit(
    ctx: PageCtx,
    _admin: Admin,
    state: web::Data<AppState>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let page = Pagination::new(query.page, PER_PAGE);
    let (filter, bad_dates) = query.filter();
    let mut errors = FieldErrors::default();
    for field in bad_dates {
        errors.add(field, "err.date_format");
    }
    let (rows, total) = state
        .db
        .run(move |conn| store::entries(conn, &filter, page.limit(), page.offset()))
        .await?;
    render(&AuditPage {
        ctx,
        query,
        errors,
        rows,
        links: PageLinks::new(page, total),
    })
}
