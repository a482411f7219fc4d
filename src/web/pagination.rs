//! Page numbers from the query string, clamped so a user can't ask for absurd pages.

use serde::Deserialize;

pub const DEFAULT_PER_PAGE: i64 = 20;

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    pub page: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagination {
    pub page: i64,
    pub per_page: i64,
}

impl Pagination {
    pub fn new(page: Option<i64>, per_page: i64) -> Self {
        Pagination {
            page: page.unwrap_or(1).clamp(1, 10_000),
            per_page: per_page.clamp(1, 200),
        }
    }
    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }
    pub fn limit(&self) -> i64 {
        self.per_page
    }
}

/// What a template needs to draw "previous / page N of M / next".
#[derive(Debug, Clone)]
pub struct PageLinks {
    pub page: i64,
    pub pages: i64,
    pub total: i64,
}

impl PageLinks {
    pub fn new(p: Pagination, total: i64) -> Self {
        let pages = ((total + p.per_page - 1) / p.per_page).max(1);
        PageLinks {
            page: p.page,
            pages,
            total,
        }
    }
    pub fn has_prev(&self) -> bool {
        self.page > 1
    }
    pub fn has_next(&self) -> bool {
        self.page < self.pages
    }
    pub fn prev(&self) -> i64 {
        self.page - 1
    }
    pub fn next(&self) -> i64 {
        self.page + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamps_and_counts() {
        let p = Pagination::new(Some(-3), 20);
        assert_eq!(p.page, 1);
        assert_eq!(p.offset(), 0);
        let links = PageLinks::new(Pagination::new(Some(2), 20), 41);
        assert_eq!(links.pages, 3);
        assert!(links.has_prev() && links.has_next());
    }
}
