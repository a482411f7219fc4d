//! What a recommendations card shows, and when it is read again: a reload of an unchanged list
//! shows the cards kept with the remembered ranking; a change to a posting shows on the next page.

use crate::both_backends;
use crate::helpers::*;
use crate::recommendations::{titles, wait_embeddings};
use std::time::Duration;

both_backends!(
    a_reload_shows_the_cards_and_an_edit_shows_on_the_next,
    |app: TestApp| async move {
        app.wait_ready().await;
        let employer = app.approved_employer("Ledger Works").await;
        let id = employer
            .post_internship(&[
                ("title", "Data Analyst Intern"),
                ("description", "Clean sales data with pandas and chart it."),
                ("skills", "Python, pandas"),
                ("mode", "onsite"),
                ("location", "Pune"),
            ])
            .await;
        app.signup("student").await;
        let res = app
            .post_form(
                "/profile",
                "/profile",
                &[("skills", "Python, pandas"), ("interests", "data analysis")],
            )
            .await;
        assert_eq!(res.status(), 303);
        wait_embeddings(&app, "internship", 1).await;
        wait_embeddings(&app, "student", 1).await;

        // The card: title, company, place; a reload (the remembered ranking and its cards)
        // shows the same.
        let first = app.get_html("/recommendations").await;
        assert_eq!(titles(&first), ["Data Analyst Intern"], "{first}");
        assert!(first.contains("Ledger Works · Pune"), "{first}");
        let again = app.get_html("/recommendations").await;
        assert_eq!(titles(&again), titles(&first));
        assert!(again.contains("Ledger Works · Pune"), "{again}");

        // An edited posting is a new listing: the next page reads its card again.
        employer
            .edit_internship(
                id,
                &[
                    ("title", "Sales Data Analyst Intern"),
                    ("description", "Clean sales data with pandas and chart it."),
                    ("skills", "Python, pandas"),
                    ("mode", "onsite"),
                    ("location", "Pune"),
                ],
            )
            .await;
        let mut seen = Vec::new();
        for _ in 0..200 {
            seen = titles(&app.get_html("/recommendations").await);
            if seen == ["Sales Data Analyst Intern"] {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the edited title never showed: {seen:?}");
    }
);
