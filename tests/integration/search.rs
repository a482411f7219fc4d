//! The public search on the full-text index (issue 12): words match as words, a city's other
//! names work in `q`, best matches first, every order the user can pick, exact counts and stable
//! pages at the edges, and the words alone when the model is not there (meaning blended in:
//! `search_meaning.rs`).

use crate::helpers::*;
use crate::words_only;

/// Where each of `ids` appears on the page (`None`: not on it).
pub(crate) fn positions(html: &str, ids: &[i64]) -> Vec<Option<usize>> {
    ids.iter()
        .map(|id| html.find(&format!("id=\"internship-{id}\"")))
        .collect()
}

/// The ids of the result cards on a page, in order.
pub(crate) fn cards(html: &str) -> Vec<i64> {
    html.match_indices("id=\"internship-")
        .filter_map(|(at, m)| {
            let rest = &html[at + m.len()..];
            rest[..rest.find('"')?].parse().ok()
        })
        .collect()
}

pub(crate) fn total(html: &str) -> i64 {
    let marker = " internships found";
    let end = html
        .find(marker)
        .expect("the page says how many were found");
    let start = html[..end].rfind('>').expect("count in an element") + 1;
    html[start..end].trim().parse().expect("a number")
}

words_only!(
    words_cities_relevance_and_sorts,
    |app: TestApp| async move {
        let employer = app.approved_employer("Acme Analytics").await;
        let ml = employer
            .post_internship(&[
                ("title", "Machine Learning Intern"),
                ("description", "Train ML models on sales data."),
                ("skills", "Python, ML"),
                ("location", "Bengaluru, Karnataka"),
                ("stipend_amount", "20000"),
                ("deadline", "2099-01-10"),
            ])
            .await;
        let html = employer
            .post_internship(&[
                ("title", "HTML Developer Intern"),
                ("description", "Build pages with HTML and CSS."),
                ("skills", "HTML, CSS"),
                ("location", "Pune"),
                ("stipend_amount", "8000"),
                ("deadline", "2099-06-01"),
            ])
            .await;
        let writer = employer
            .post_internship(&[
                ("title", "Content Writer"),
                (
                    "description",
                    "Write long reads for our engineering blog: release notes, tutorials, \
                     interviews with the team, newsletters and case studies; one series is \
                     about python tooling.",
                ),
                ("skills", "Writing"),
                ("location", "Mumbai"),
                ("stipend_amount", "0"),
            ])
            .await;
        let python = employer
            .post_internship(&[
                ("title", "Python Developer Intern"),
                ("description", "Write Python services and their tests."),
                ("skills", "Python, Django"),
                ("location", "Pune"),
                ("stipend_amount", "12000"),
            ])
            .await;
        let visitor = app.new_browser();
        let search = |path: String| {
            let visitor = visitor.new_browser();
            async move { visitor.get_html(&path).await }
        };

        // Words match as words: "ml" is not inside "html", nor "html" inside anything else.
        let page = search("/internships?q=ml".into()).await;
        assert_eq!(cards(&page), vec![ml], "{page}");
        assert_eq!(total(&page), 1);
        let page = search("/internships?q=HTML".into()).await;
        assert_eq!(cards(&page), vec![html]);
        // Every word must match (title, description, skills, company, location).
        let page = search("/internships?q=python+acme+pune".into()).await;
        assert_eq!(cards(&page), vec![python]);
        // Search syntax is only text: no error, no match.
        for q in [
            "%22python",
            "python*",
            "NEAR(python",
            "-python",
            "python%20OR",
            "%2B%2B",
        ] {
            let res = visitor.get(&format!("/internships?q={q}")).await;
            assert_eq!(res.status(), 200, "{q}");
        }

        // A city's other names work in q as in location, both ways.
        let page = search("/internships?q=bangalore".into()).await;
        assert_eq!(cards(&page), vec![ml]);
        let page = search("/internships?q=bombay+writer".into()).await;
        assert_eq!(cards(&page), vec![writer]);
        let page = search("/internships?q=intern&location=Poona&sort=newest".into()).await;
        assert_eq!(cards(&page), vec![python, html]);
        let page = search("/internships?location=Bangalore".into()).await;
        assert_eq!(cards(&page), vec![ml]);

        // Best match first: "python" in the title and skills beats one mention in a long text.
        let page = search("/internships?q=python".into()).await;
        let found = cards(&page);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0], python, "{found:?}");
        assert_eq!(found.last(), Some(&writer), "{found:?}");
        // Words already asked, combined anew: the postings holding both, best first.
        let page = search("/internships?q=intern+python".into()).await;
        assert_eq!(cards(&page), vec![python, ml], "{page}");
        assert_eq!(total(&page), 2);

        // Every order the user can pick; the form shows the one in effect.
        let page = search("/internships?sort=newest".into()).await;
        assert_eq!(cards(&page), vec![python, writer, html, ml]);
        assert!(
            page.contains("<option value=\"newest\" selected>"),
            "{page}"
        );
        let page = search("/internships?sort=stipend".into()).await;
        assert_eq!(cards(&page), vec![ml, python, html, writer]);
        let page = search("/internships?sort=deadline".into()).await;
        let order = cards(&page);
        assert_eq!(&order[..2], &[ml, html]);
        assert_eq!(order.len(), 4);
        // Sorts apply to word searches too, and an unknown sort is the default.
        let page = search("/internships?q=python&sort=stipend".into()).await;
        assert_eq!(cards(&page), vec![ml, python, writer]);
        let page = search("/internships?q=python&sort=sideways".into()).await;
        assert_eq!(cards(&page)[0], python);
        assert!(page.contains("<option value=\"relevance\" selected>"));
        // Filters combine with words and orders.
        let page = search("/internships?q=intern&min_stipend=10000&sort=stipend".into()).await;
        assert_eq!(cards(&page), vec![ml, python]);
        let page = search("/internships?skill=python&max_weeks=12&sort=newest".into()).await;
        assert_eq!(cards(&page), vec![python, ml]);
        assert_eq!(positions(&page, &[writer]), vec![None]);
    }
);

words_only!(counts_and_pages_at_the_edges, |app: TestApp| async move {
    let employer = app.approved_employer("Batch Works").await;
    let mut posted = Vec::new();
    for i in 0..23 {
        let stipend = (1000 * (i % 5)).to_string();
        posted.push(
            employer
                .post_internship(&[
                    ("title", &format!("Survey Intern {i}")),
                    ("description", "Field surveys for a census of small shops."),
                    ("skills", "Surveys"),
                    ("stipend_amount", &stipend),
                ])
                .await,
        );
    }
    employer
        .post_internship(&[
            ("title", "Accounts Intern"),
            ("description", "Keep the books in Tally."),
            ("skills", "Tally"),
        ])
        .await;
    let visitor = app.new_browser();
    for sort in ["relevance", "newest", "stipend", "deadline"] {
        let first = visitor
            .get_html(&format!("/internships?q=survey&sort={sort}"))
            .await;
        assert_eq!(total(&first), 23, "{sort}");
        assert!(first.contains("1 / 2"));
        // The next-page link keeps the words and the order.
        let links = first.replace("&#38;", "&").replace("&amp;", "&");
        assert!(
            links.contains(&format!("/internships?q=survey&sort={sort}&page=2")),
            "{first}"
        );
        let last = visitor
            .get_html(&format!("/internships?q=survey&sort={sort}&page=2"))
            .await;
        assert_eq!(total(&last), 23);
        assert!(last.contains("2 / 2"));
        // Pages are stable: together they hold every match once.
        let mut all: Vec<i64> = cards(&first).into_iter().chain(cards(&last)).collect();
        assert_eq!(cards(&first).len(), 20, "{sort}");
        assert_eq!(cards(&last).len(), 3, "{sort}");
        all.sort_unstable();
        let mut expected = posted.clone();
        expected.sort_unstable();
        assert_eq!(all, expected, "{sort}");
        // A page past the end is empty, with the count still right.
        let past = visitor
            .get_html(&format!("/internships?q=survey&sort={sort}&page=9"))
            .await;
        assert!(cards(&past).is_empty());
        assert_eq!(total(&past), 23);
    }
    // Nothing found: zero, one page, no cards.
    let none = visitor.get_html("/internships?q=astrophysics").await;
    assert_eq!(total(&none), 0);
    assert!(cards(&none).is_empty() && none.contains("1 / 1"));
    // Without words: every listed internship, counted exactly.
    assert_eq!(total(&visitor.get_html("/internships").await), 24);
    // A page that is not a number is a clear 400, never a 500.
    let res = visitor.get("/internships?q=survey&page=abc").await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("bad parameter"));
});

words_only!(
    without_the_model_the_words_still_answer,
    |app: TestApp| async move {
        let employer = app.approved_employer("Words Only").await;
        let pandas = employer
            .post_internship(&[
                ("title", "Data Wrangling Intern"),
                ("description", "Tidy messy spreadsheets with pandas."),
                ("skills", "pandas"),
            ])
            .await;
        // The model is not loaded: search answers at once from the words.
        let visitor = app.new_browser();
        let page = visitor.get_html("/internships?q=pandas").await;
        assert_eq!(cards(&page), vec![pandas]);
        let page = visitor.get_html("/internships?q=data+cleaning").await;
        assert!(cards(&page).is_empty());
        assert_eq!(total(&page), 0);
    }
);

words_only!(
    the_index_follows_edits_and_closings,
    |app: TestApp| async move {
        let employer = app.approved_employer("Edit Works").await;
        let id = employer
            .post_internship(&[
                ("title", "Tally Accounts Intern"),
                ("description", "Keep the books."),
                ("skills", "Tally"),
            ])
            .await;
        let visitor = app.new_browser();
        let found = |q: &'static str| {
            let visitor = visitor.new_browser();
            async move { cards(&visitor.get_html(&format!("/internships?q={q}")).await) }
        };
        assert_eq!(found("tally").await, vec![id]);
        // The list shows its card (and keeps it while nothing changes).
        let list = visitor.get_html("/internships").await;
        assert!(list.contains("Tally Accounts Intern"), "{list}");
        // The owner retitles it and changes its skills: the old words no longer find it (the
        // remembered answer is not served), the new ones do.
        employer
            .edit_internship(
                id,
                &[
                    ("title", "GST Filing Intern"),
                    ("description", "Prepare returns."),
                    ("skills", "GST, Excel"),
                ],
            )
            .await;
        assert!(found("tally").await.is_empty());
        assert_eq!(found("gst+excel").await, vec![id]);
        // Its card on the list is the new one, skills included; the one kept is not served.
        let list = visitor.get_html("/internships").await;
        assert!(list.contains("GST Filing Intern"), "{list}");
        assert!(list.contains("GST") && list.contains("Excel"), "{list}");
        assert!(!list.contains("Tally"), "{list}");
        // Closed: gone from every search.
        let res = employer
            .post_form(
                "/employer/internships",
                &format!("/employer/internships/{id}/close"),
                &[],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(found("gst").await.is_empty());
        assert_eq!(total(&visitor.get_html("/internships").await), 0);
    }
);
