//! Live data for matching: embeddings follow profile and internship changes.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::embeddings;
use std::collections::HashMap;
use std::time::Duration;

async fn embedding_count(app: &TestApp, entity: &'static str) -> i64 {
    app.app_state
        .db
        .run(move |conn| {
            embeddings::table
                .filter(embeddings::entity_type.eq(entity))
                .count()
                .get_result(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .unwrap()
}

/// Waits until `n` embeddings of `entity` are stored and, for internships, listed in the app's
/// in-memory catalogue (the embedding job refreshes it right after storing the vector).
pub(crate) async fn wait_embeddings(app: &TestApp, entity: &'static str, n: i64) {
    for _ in 0..600 {
        let listed = entity != "internship" || app.app_state.catalogue.len() as i64 >= n;
        if listed && embedding_count(app, entity).await >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{entity} embeddings never reached {n}");
}

/// A student with a profile and one posting, both embedded.
pub(crate) async fn embedded_student_and_posting(app: &TestApp) {
    app.wait_ready().await;
    app.signup("student").await;
    app.post_form(
        "/profile",
        "/profile",
        &[("skills", "Python, pandas"), ("interests", "data analysis")],
    )
    .await;
    let employer = app.approved_employer("Data Co").await;
    employer
        .post_internship(&[
            ("title", "Data Analyst Intern"),
            ("description", "Clean data with pandas"),
            ("skills", "Python, pandas"),
        ])
        .await;
    wait_embeddings(app, "student", 1).await;
    wait_embeddings(app, "internship", 1).await;
}

both_backends!(
    profiles_and_internships_get_embeddings_that_survive_a_restart,
    |app: TestApp| async move {
        embedded_student_and_posting(&app).await;
        // Stored in the database: a restarted server has them without recomputing.
        let again = app.restart().await;
        assert_eq!(embedding_count(&again, "internship").await, 1);
        assert_eq!(embedding_count(&again, "student").await, 1);
    }
);

/// Titles of the recommendations on the page, best first.
pub(crate) fn titles(html: &str) -> Vec<String> {
    html.split("<article class=\"card recommendation\">")
        .skip(1)
        .filter_map(|card| {
            let link = card.find("<a href=\"/internships/")?;
            let start = card[link..].find('>')? + link + 1;
            let end = card[start..].find("</a>")? + start;
            Some(card[start..end].to_string())
        })
        .collect()
}

fn position(list: &[String], title: &str) -> usize {
    list.iter().position(|t| t == title).unwrap_or(usize::MAX)
}

const DATA: [&str; 3] = [
    "Data Science Intern",
    "Machine Learning Intern",
    "Deep Learning Research Intern",
];
const WEB: [&str; 3] = [
    "Backend Developer Intern",
    "Web Developer Intern",
    "Python Automation Intern",
];

/// Three data-science and three web internships, remote, by one company: title → id.
async fn post_data_and_web_internships(app: &TestApp) -> HashMap<&'static str, i64> {
    let employer = app.approved_employer("Insight Labs").await;
    let mut ids = HashMap::new();
    for (title, description, skills) in [
        (
            DATA[0],
            "Analyse datasets with pandas, build statistical models and machine learning baselines.",
            "Python, pandas, statistics",
        ),
        (
            DATA[1],
            "Train machine learning models with scikit-learn on customer data and evaluate them.",
            "Python, machine learning, scikit-learn",
        ),
        (
            DATA[2],
            "Train deep neural networks in PyTorch for computer vision research experiments.",
            "Python, PyTorch, deep learning",
        ),
        (
            WEB[0],
            "Build REST APIs in Django for our web platform and write backend tests.",
            "Python, Django, REST",
        ),
        (
            WEB[1],
            "Build web pages and APIs with Flask and JavaScript for our customer portal.",
            "Python, Flask, JavaScript",
        ),
        (
            WEB[2],
            "Write Python scripts that automate office workflows and web scraping tasks.",
            "Python, scripting",
        ),
    ] {
        let id = employer
            .post_internship(&[
                ("title", title),
                ("description", description),
                ("skills", skills),
                ("mode", "remote"),
                ("location", "Remote"),
            ])
            .await;
        ids.insert(title, id);
    }
    ids
}

both_backends!(
    dismissed_never_return_and_likes_pull_similar_ones_up,
    |app: TestApp| async move {
        app.wait_ready().await;
        let ids = post_data_and_web_internships(&app).await;
        let account = app.signup("student").await;
        let res = app
            .post_form(
                "/profile",
                "/profile",
                &[
                    ("skills", "Python"),
                    ("interests", "software and data"),
                    ("work_mode", "any"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        wait_embeddings(&app, "internship", 6).await;
        wait_embeddings(&app, "student", 1).await;

        let before = titles(&app.get_html("/recommendations").await);
        assert_eq!(before.len(), 6, "{before:?}");

        // Like one data-science internship: the other two move up.
        let ranks_before: usize = DATA[1..].iter().map(|t| position(&before, t)).sum();
        let res = app
            .post_form(
                "/recommendations",
                &format!("/recommendations/{}/feedback", ids[DATA[0]]),
                &[("kind", "like")],
            )
            .await;
        assert_eq!(res.status(), 303);
        let page = app.get_html("/recommendations").await;
        assert!(page.contains("Similar to internships you liked"), "{page}");
        let after_like = titles(&page);
        let ranks_after: usize = DATA[1..].iter().map(|t| position(&after_like, t)).sum();
        assert!(ranks_after < ranks_before, "{before:?} -> {after_like:?}");
        for title in &DATA[1..] {
            assert!(
                position(&after_like, title) <= position(&before, title),
                "{title} must not fall: {before:?} -> {after_like:?}"
            );
        }

        // Dismiss the best web internship: it is gone, now and on every later visit.
        let dismissed = after_like
            .iter()
            .find(|t| WEB.contains(&t.as_str()))
            .unwrap()
            .clone();
        let res = app
            .post_form(
                "/recommendations",
                &format!("/recommendations/{}/feedback", ids[dismissed.as_str()]),
                &[("kind", "dismiss")],
            )
            .await;
        assert_eq!(res.status(), 303);
        let after_dismiss = titles(&app.get_html("/recommendations").await);
        assert!(!after_dismiss.contains(&dismissed), "{after_dismiss:?}");
        assert_eq!(after_dismiss.len(), 5);
        // Restarting loses no feedback: the dismissal and the like still shape the list.
        let again = app.restart().await;
        assert_eq!(
            again
                .login(&account.email, &account.password)
                .await
                .status(),
            303
        );
        assert_eq!(
            titles(&again.get_html("/recommendations").await),
            after_dismiss
        );
    }
);

both_backends!(
    district_and_pin_code_place_internships_near_the_student,
    |app: TestApp| async move {
        app.wait_ready().await;
        let employer = app.approved_employer("Near Works").await;
        for (title, location) in [
            ("Thane Data Intern", "Wagle Estate, Thane West"),
            ("Hinjewadi Data Intern", "Hinjewadi Phase 1, 411057"),
            ("Kolkata Data Intern", "Salt Lake, Kolkata 700091"),
        ] {
            employer
                .post_internship(&[
                    ("title", title),
                    (
                        "description",
                        "Clean data with pandas and write SQL reports.",
                    ),
                    ("skills", "Python, SQL, pandas"),
                    ("mode", "onsite"),
                    ("location", location),
                ])
                .await;
        }
        let (student, _) = app
            .student_with_profile("Python, SQL, pandas", "data")
            .await;
        let res = student
            .post_form(
                "/profile",
                "/profile",
                &[
                    ("skills", "Python, SQL, pandas"),
                    ("interests", "data"),
                    ("current_city", "Mumbai"),
                    ("preferred_location", "Mumbai"),
                    ("work_mode", "onsite"),
                    ("pincode", "411001"),
                    ("district", "Thane"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(
            student
                .get_html("/profile")
                .await
                .contains("value=\"Thane\"")
        );
        wait_embeddings(&app, "internship", 3).await;
        wait_embeddings(&app, "student", 1).await;
        let page = student.get_html("/recommendations").await;
        let card = |title: &str| -> String {
            page.split("<article class=\"card recommendation\">")
                .find(|c| c.contains(title))
                .unwrap_or_else(|| panic!("{title} not recommended: {page}"))
                .to_string()
        };
        assert!(card("Thane Data Intern").contains("in your district"));
        assert!(card("Hinjewadi Data Intern").contains("near you (same PIN code district)"));
        // Kolkata is neither: it ranks last, or is not shown at all.
        let list = titles(&page);
        assert!(position(&list, "Kolkata Data Intern") > position(&list, "Thane Data Intern"));
        assert!(position(&list, "Kolkata Data Intern") > position(&list, "Hinjewadi Data Intern"));
    }
);

both_backends!(
    saving_from_the_search_page_pulls_similar_internships_up,
    |app: TestApp| async move {
        app.wait_ready().await;
        let ids = post_data_and_web_internships(&app).await;
        app.signup("student").await;
        let search = "/internships?q=intern";
        // No save button before there is a profile to save into.
        assert!(!app.get_html(search).await.contains("/save\""));
        let res = app
            .post_form(
                "/profile",
                "/profile",
                &[
                    ("skills", "Python"),
                    ("interests", "software and data"),
                    ("work_mode", "any"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        wait_embeddings(&app, "internship", 6).await;
        wait_embeddings(&app, "student", 1).await;
        let before = titles(&app.get_html("/recommendations").await);
        let ranks_before: usize = DATA[1..].iter().map(|t| position(&before, t)).sum();

        // Each search result carries a save button that comes back to the same search.
        let target = ids[DATA[0]];
        let html = app.get_html(search).await;
        let action = format!("/internships/{target}/save");
        assert!(html.contains(&action), "{html}");
        let res = app
            .post_form(
                search,
                &action,
                &[("back", &format!("{search}#internship-{target}"))],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), format!("{search}#internship-{target}"));
        let html = app.get_html(search).await;
        assert!(
            html.contains(&format!("/internships/{target}/unsave")),
            "{html}"
        );
        assert!(app.get_html("/saved").await.contains(DATA[0]));

        // Saving is interest: the other data-science internships move up; the saved one stays.
        let page = app.get_html("/recommendations").await;
        assert!(page.contains("Similar to internships you saved"), "{page}");
        let after = titles(&page);
        let ranks_after: usize = DATA[1..].iter().map(|t| position(&after, t)).sum();
        assert!(ranks_after < ranks_before, "{before:?} -> {after:?}");
        assert!(after.iter().any(|t| t == DATA[0]), "{after:?}");

        // Others see no save buttons: visitors and employers.
        assert!(!app.new_browser().get_html(search).await.contains("/save\""));
    }
);
