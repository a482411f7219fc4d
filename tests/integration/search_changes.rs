//! A search after the listings change (issue 12): on PostgreSQL a word read before the change is
//! kept for the postings whose document did not change and read again for the others
//! (`src/internship/search/carried.rs`); on SQLite it is read again whole. Either way the
//! results are those of the postings as they are now: an edit that adds the word, a posting
//! taken down and listed again, an edit elsewhere that leaves the word's postings alone.

use crate::helpers::*;
use crate::search::cards;
use crate::words_only;

/// A posting's title, description and skill (the rest: `post_internship`'s defaults, Pune).
fn posting<'a>(title: &'a str, description: &'a str) -> [(&'a str, &'a str); 3] {
    [
        ("title", title),
        ("description", description),
        ("skills", "Excel"),
    ]
}

fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids
}

words_only!(
    a_word_read_before_a_change_answers_for_the_postings_as_they_are_now,
    |app: TestApp| async move {
        let employer = app.approved_employer("Carry Works").await;
        let data = employer
            .post_internship(&posting("Python Data Intern", "Clean data with python."))
            .await;
        let web = employer
            .post_internship(&posting("Python Web Intern", "Build pages in python."))
            .await;
        let sales = employer
            .post_internship(&posting("Sales Intern", "Call customers."))
            .await;
        let visitor = app.new_browser();
        let found = |q: &'static str| {
            let visitor = visitor.new_browser();
            async move { cards(&visitor.get_html(&format!("/internships?{q}")).await) }
        };
        // Read in a place (on PostgreSQL there alone, the country's list behind it) and for
        // the country.
        let in_pune = found("q=python&location=Pune").await;
        assert_eq!(sorted(in_pune.clone()), sorted(vec![data, web]));
        let everywhere = found("q=python").await;
        assert_eq!(everywhere, in_pune);

        // Another posting is edited without the word: the word's postings answer as before.
        employer
            .edit_internship(sales, &posting("Sales Intern", "Call customers daily."))
            .await;
        assert_eq!(found("q=python").await, everywhere);
        assert_eq!(found("q=python&location=Pune").await, in_pune);

        // Edited to hold the word: found, in the country and in the place.
        employer
            .edit_internship(
                sales,
                &posting("Python Sales Analyst Intern", "Call customers."),
            )
            .await;
        assert_eq!(
            sorted(found("q=python").await),
            sorted(vec![data, web, sales])
        );
        assert_eq!(
            sorted(found("q=python&location=Pune").await),
            sorted(vec![data, web, sales])
        );

        // Taken down, then listed again with its document unchanged: gone, then back.
        let admin = app.admin().await;
        for (verb, expected) in [
            ("takedown", vec![web, sales]),
            ("restore", vec![data, web, sales]),
        ] {
            let res = admin
                .post_form(
                    "/admin/internships",
                    &format!("/admin/internships/{data}/{verb}"),
                    &[("reason", "checking")],
                )
                .await;
            assert_eq!(res.status(), 303, "{verb}");
            assert_eq!(sorted(found("q=python").await), expected, "{verb}");
            assert_eq!(
                sorted(found("q=python&location=Pune").await),
                expected,
                "{verb}, in the place"
            );
        }

        // Moved out of the place: no longer found there, still found in the country.
        let mut moved = posting("Python Sales Analyst Intern", "Call customers.").to_vec();
        moved.push(("location", "Chennai"));
        employer.edit_internship(sales, &moved).await;
        assert_eq!(
            sorted(found("q=python&location=Pune").await),
            sorted(vec![data, web])
        );
        assert_eq!(
            sorted(found("q=python").await),
            sorted(vec![data, web, sales])
        );
    }
);
