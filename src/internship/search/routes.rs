//! `GET /internships`: the public search page.

use super::query::Sort;
use crate::internship::model::{InternshipCard, SearchQuery};
use crate::internship::service;
use crate::state::AppState;
use crate::web::pagination::{DEFAULT_PER_PAGE, PageLinks, Pagination};
use crate::web::{AppError, FieldErrors, PageCtx, render};
use actix_web::{HttpResponse, get, web};
use askama::Template;

#[derive(Template)]
#[template(path = "internship/search.html")]
struct SearchPage {
    ctx: PageCtx,
    query: SearchQuery,
    /// Filters that are not whole numbers, named on the page.
    errors: FieldErrors,
    /// The order in effect (an unknown `sort` is the default).
    sort: &'static str,
    cards: Vec<InternshipCard>,
    links: PageLinks,
}

#[get("/internships")]
pub async fn search(
    ctx: PageCtx,
    state: web::Data<AppState>,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let page = Pagination::new(query.page, DEFAULT_PER_PAGE);
    let filter = query.filter();
    let sort = Sort::parse(&query.sort);
    let student = ctx
        .user
        .as_ref()
        .filter(|u| u.role == crate::auth::model::Role::Student)
        .map(|u| u.id);
    let plan = service::search_plan(&state, &filter, sort).await;
    let (cards, total) = service::search_page(&state, plan, page, student).await?;
    render(&SearchPage {
        ctx,
        errors: query.errors(),
        query,
        sort: sort.key(),
        cards,
        links: PageLinks::new(page, total),
    })
}
