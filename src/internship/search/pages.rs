//! The public pages of one search generation's listed postings, kept in memory: every change a
//! page shows (the posting, its skills and screening questions, the company's name, standing
//! and logo) bumps the generation (migrations 000012 and 000019), so a page read once in a
//! generation holds for all of it. An internship page then costs the generation's counter
//! instead of its own read; on PostgreSQL that read (posting, company, skills and questions in
//! one statement) made the page 2.2× slower than on SQLite.

use crate::internship::model::PostedPage;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Pages kept per generation (a few kilobytes each: the description is part of the row).
const PAGES: usize = 2048;

#[derive(Default)]
pub struct Pages {
    by_id: Mutex<HashMap<i64, Arc<PostedPage>>>,
}

impl Pages {
    /// The page of `id`: kept, or what `read` returns (then kept; `None`, a posting gone since,
    /// is not).
    pub fn of<E>(
        &self,
        id: i64,
        read: impl FnOnce() -> Result<Option<PostedPage>, E>,
    ) -> Result<Option<Arc<PostedPage>>, E> {
        if let Some(page) = self.kept().get(&id) {
            return Ok(Some(page.clone()));
        }
        let Some(page) = read()? else {
            return Ok(None);
        };
        let page = Arc::new(page);
        let mut kept = self.kept();
        // A generation rarely lives to fill it; when one does, it starts again.
        if kept.len() >= PAGES {
            kept.clear();
        }
        kept.insert(id, page.clone());
        Ok(Some(page))
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Arc<PostedPage>>> {
        self.by_id.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::internship::model::{Internship, Posted};

    fn page(id: i64, title: &str) -> PostedPage {
        PostedPage {
            posted: Posted {
                internship: Internship {
                    id,
                    employer_id: 1,
                    title: title.into(),
                    description: String::new(),
                    location: "Pune".into(),
                    mode: "onsite".into(),
                    duration_weeks: 8,
                    stipend_amount: None,
                    openings: 1,
                    start_date: None,
                    deadline: None,
                    qualifications: None,
                    benefits: None,
                    status: "active".into(),
                    created_at: chrono::NaiveDateTime::default(),
                },
                company_name: "Acme".into(),
                standing: "approved".into(),
                logo_file: None,
            },
            skills: vec!["SQL".into()],
            questions: Vec::new(),
        }
    }

    #[test]
    fn a_page_is_read_once_and_a_missing_one_is_not_kept() {
        let pages = Pages::default();
        let mut reads = 0;
        for _ in 0..3 {
            let got = pages
                .of(7, || {
                    reads += 1;
                    Ok::<_, ()>(Some(page(7, "Data intern")))
                })
                .unwrap();
            assert_eq!(
                got.map(|p| p.posted.internship.title.clone()).as_deref(),
                Some("Data intern")
            );
        }
        assert_eq!(reads, 1);
        let mut reads = 0;
        for _ in 0..2 {
            let got = pages.of(8, || {
                reads += 1;
                Ok::<_, ()>(None)
            });
            assert!(matches!(got, Ok(None)));
        }
        assert_eq!(reads, 2);
    }
}
