//! Rules of the public search: what the public sees (open internships of verified, unsuspended
//! companies, through `store`), meaning blended in when the model can answer in time, and
//! students' saved marks on the cards.

use super::query::Sort;
use super::store::{self, Plan};
use crate::db::{DbConnection, DbError};
use crate::internship::model::{InternshipCard, SearchFilter};
use crate::internship::saved_store;
use crate::internship::service::{cards, today};
use crate::profile::service as profiles;
use crate::state::AppState;
use crate::web::pagination::Pagination;

/// The search to run: the filters, the order, and (when `q` has words and the model answers in
/// time) the listed internships closest in meaning to them.
pub async fn search_plan(state: &AppState, filter: &SearchFilter, sort: Sort) -> Plan {
    let semantic = match filter.q.as_deref() {
        Some(q) if !filter.terms().is_empty() => {
            crate::matching::service::semantic_hits(state, q).await
        }
        _ => Vec::new(),
    };
    Plan::new(filter, sort, semantic)
}

/// The newest listed internships matching `filter`'s words and filters (no meaning blended in):
/// one page and the exact total, for callers other than the search page.
pub fn search(
    conn: &mut DbConnection,
    filter: &SearchFilter,
    page: Pagination,
    student_user: Option<i64>,
) -> Result<(Vec<InternshipCard>, i64), DbError> {
    search_planned(
        conn,
        &Plan::new(filter, Sort::Newest, Vec::new()),
        page,
        student_user,
    )
}

/// One page of search results and the exact total; for a student (`student_user`) each card
/// says whether they saved it.
pub fn search_planned(
    conn: &mut DbConnection,
    plan: &Plan,
    page: Pagination,
    student_user: Option<i64>,
) -> Result<(Vec<InternshipCard>, i64), DbError> {
    let (rows, total) = store::search(conn, plan, today(), page)?;
    let mut cards = cards(conn, rows)?;
    let student = match student_user {
        Some(user_id) => profiles::student_by_user(conn, user_id)?,
        None => None,
    };
    if let Some(student) = student {
        let ids: Vec<i64> = cards.iter().map(|c| c.internship.id).collect();
        let saved = saved_store::saved_among(conn, student.id, &ids)?;
        for card in &mut cards {
            card.saved = Some(saved.contains(&card.internship.id));
        }
    }
    Ok((cards, total))
}
