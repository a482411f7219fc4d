//! Meaning in the public search (issue 12): "data cleaning" finds a pandas posting that never
//! says "cleaning", obeys the filters, and, with a place, is looked for among that place's
//! postings — not among the country's nearest, which may all be elsewhere.

use crate::both_backends;
use crate::helpers::*;
use crate::search::{cards, positions, total};
use std::time::Duration;

/// Waits until the live catalogue lists at least `n` postings.
async fn listed(app: &TestApp, n: usize) {
    for _ in 0..1200 {
        if app.app_state.catalogue.len() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "postings never listed: {} of {n}",
        app.app_state.catalogue.len()
    );
}

/// A pandas posting that never says "cleaning" (nor "dirty" or "deduplication"), with `more`
/// fields.
async fn pandas_posting(employer: &TestApp, more: &[(&str, &str)]) -> i64 {
    let mut fields = vec![
        ("title", "Data Wrangling Intern"),
        (
            "description",
            "Tidy messy spreadsheets with pandas: fix missing values, remove duplicate rows \
             and standardise formats before analysis.",
        ),
        ("skills", "Python, pandas"),
    ];
    fields.extend_from_slice(more);
    employer.post_internship(&fields).await
}

both_backends!(
    meaning_finds_what_the_words_do_not,
    |app: TestApp| async move {
        app.wait_ready().await;
        let employer = app.approved_employer("Tidy Data Co").await;
        let pandas = pandas_posting(&employer, &[]).await;
        let writer = employer
            .post_internship(&[
                ("title", "Content Writer"),
                (
                    "description",
                    "Write blogs and social media posts about travel.",
                ),
                ("skills", "Writing"),
            ])
            .await;
        listed(&app, 2).await;
        let visitor = app.new_browser();
        // The posting never says "cleaning": only meaning finds it.
        let page = visitor.get_html("/internships?q=data+cleaning").await;
        let found = cards(&page);
        assert_eq!(found, vec![pandas], "{page}");
        assert_eq!(total(&page), 1);
        // Twice: the second answer comes from the cache and is the same.
        let again = visitor.get_html("/internships?q=data+cleaning").await;
        assert_eq!(cards(&again), vec![pandas]);
        // Meaning obeys the filters.
        let page = visitor
            .get_html("/internships?q=data+cleaning&location=Chennai")
            .await;
        assert!(cards(&page).is_empty());
        assert_eq!(positions(&page, &[writer]), vec![None]);
    }
);

both_backends!(
    meaning_in_a_place_looks_at_that_place,
    |app: TestApp| async move {
        app.wait_ready().await;
        let employer = app.approved_employer("Clean Rows Ltd").await;
        // More postings than a search's semantic hits (50), all in Mumbai and all closer in
        // meaning to "data cleaning" than the Pune one.
        let description = "Data cleaning internship: clean raw data, fix missing values and \
                           remove duplicates in our data sets.";
        for n in 0..55 {
            employer
                .post_internship(&[
                    ("title", format!("Data Cleaning Intern {n}").as_str()),
                    ("description", description),
                    ("skills", "Python"),
                    ("location", "Mumbai"),
                ])
                .await;
        }
        let pune = pandas_posting(&employer, &[("location", "Pune")]).await;
        listed(&app, 56).await;
        let visitor = app.new_browser();
        // In Pune the words match nothing; meaning finds the one posting there.
        let page = visitor
            .get_html("/internships?q=data+cleaning&location=Pune")
            .await;
        assert_eq!(cards(&page), vec![pune], "{page}");
        assert_eq!(total(&page), 1);
        // The same words without a place: the Mumbai postings, which hold them, come first.
        let page = visitor.get_html("/internships?q=data+cleaning").await;
        assert!(total(&page) >= 55, "{page}");
        assert_eq!(
            positions(&page, &[pune]),
            vec![None],
            "not on the first page"
        );
        // A second posting in Pune, close in meaning too, is compared with the words once
        // listed: the first search after it may still answer from the place as it was.
        let pune2 = employer
            .post_internship(&[
                ("title", "Data Wrangling Trainee"),
                (
                    "description",
                    "Tidy messy spreadsheets with pandas: fix missing values and remove \
                     duplicate rows before the analysts use them.",
                ),
                ("skills", "Python, pandas"),
                ("location", "Pune"),
            ])
            .await;
        listed(&app, 57).await;
        let url = "/internships?q=data+cleaning&location=Pune";
        visitor.get_html(url).await;
        let page = visitor.get_html(url).await;
        let found = cards(&page);
        assert!(found.contains(&pune) && found.contains(&pune2), "{page}");
        assert_eq!(total(&page), 2);
        // A place with nothing close in meaning or in words: nothing.
        let page = visitor
            .get_html("/internships?q=data+cleaning&location=Chennai")
            .await;
        assert!(cards(&page).is_empty());
    }
);

/// An app whose searches never wait for meaning: the words answer at once.
async fn spawn_not_waiting(backend: crate::helpers::Backend) -> TestApp {
    let overrides = [("SEARCH_MEANING_WAIT_MS".to_string(), "0".to_string())];
    let model = Some(crate::helpers::shared_model());
    TestApp::spawn_with(backend, overrides.into_iter().collect(), model).await
}

both_backends!(
    @spawn spawn_not_waiting,
    a_search_that_waited_too_little_for_meaning_answers_from_its_words_and_the_next_has_it,
    |app: TestApp| async move {
        app.wait_ready().await;
        let employer = app.approved_employer("Late Meaning Co").await;
        let pandas = pandas_posting(&employer, &[]).await;
        listed(&app, 1).await;
        // Words no other test searches, and each database its own (both variants run in one
        // process, whose kept vectors they share): no vector of them is kept yet.
        let url = match app.backend {
            crate::helpers::Backend::Sqlite => "/internships?q=cleaning+dirty+data",
            crate::helpers::Backend::Postgres => "/internships?q=data+cleaning+and+deduplication",
        };
        let visitor = app.new_browser();
        // No wait at all: the first search cannot have the query's meaning, and its words
        // match nothing — an answer, not an error.
        let first = visitor.get_html(url).await;
        assert!(cards(&first).is_empty(), "{first}");
        assert_eq!(total(&first), 0);
        // The vector and then the hits found after it answered are kept: a later search of
        // the same words has them without waiting.
        let mut found = Vec::new();
        for _ in 0..100 {
            found = cards(&visitor.get_html(url).await);
            if !found.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(found, vec![pandas]);
        // The words still answer on their own at once.
        let words = visitor.get_html("/internships?q=pandas").await;
        assert_eq!(cards(&words), vec![pandas]);
    }
);
