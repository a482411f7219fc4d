//! Students like you (issue 13): a cold start's list learns from what other students of the
//! same course liked and saved — driven over HTTP on both databases.

use crate::both_backends;
use crate::explanations::{FIELDS, cards, wait_listed};
use crate::helpers::*;
use std::collections::HashMap;

/// A student of `degree` / `department` whose only line is `line` (no skills): a cold start.
async fn student_of(app: &TestApp, degree: &str, department: &str, line: &str) -> TestApp {
    let (student, _) = app.student_with_profile("", line).await;
    let res = student
        .post_form(
            "/profile",
            "/profile",
            &[
                ("degree", degree),
                ("department", department),
                ("interests", line),
                ("current_city", "Pune"),
                ("willing_to_relocate", "on"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    student
}

fn position(titles: &[String], title: &str) -> usize {
    titles.iter().position(|t| t == title).unwrap_or(usize::MAX)
}

const REASON: &str = "Students of your course liked, saved or applied to it";

both_backends!(
    a_cold_start_learns_from_what_classmates_chose,
    |app: TestApp| async move {
        app.wait_ready().await;
        let employer = app.approved_employer("Course Co").await;
        let mut ids = HashMap::new();
        for (title, description, skills) in FIELDS {
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
        let line = "Looking for a good internship.";
        let student = student_of(&app, "BBA", "Marketing", line).await;
        wait_listed(&app, FIELDS.len()).await;
        let before: Vec<String> = cards(&student.get_html("/recommendations").await)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        // The posting of her plausible fields her list ranks lowest.
        let chosen = before
            .iter()
            .rev()
            .find(|t| t.contains("Marketing") || t.contains("Sales"))
            .cloned()
            .expect("a marketing or sales posting on the list");
        assert!(position(&before, &chosen) >= 2, "{before:?}");

        // Three classmates (the course written in another case) like and save it.
        for _ in 0..3 {
            let classmate = student_of(&app, "bba", "MARKETING", "Final year.").await;
            let id = ids[chosen.as_str()];
            let res = classmate
                .post_form(
                    "/recommendations",
                    &format!("/recommendations/{id}/feedback"),
                    &[("kind", "like")],
                )
                .await;
            assert_eq!(res.status(), 303);
            let res = classmate
                .post_form(
                    &format!("/internships/{id}"),
                    &format!("/internships/{id}/save"),
                    &[("back", "/saved")],
                )
                .await;
            assert!(res.status().is_redirection(), "{}", res.status());
        }
        let page = student.get_html("/recommendations").await;
        let after: Vec<(String, String)> = cards(&page);
        let titles: Vec<String> = after.iter().map(|(t, _)| t.clone()).collect();
        assert!(
            position(&titles, &chosen) < position(&before, &chosen)
                && position(&titles, &chosen) <= 1,
            "{chosen}: {before:?} -> {titles:?}"
        );
        let card = &after[position(&titles, &chosen)].1;
        assert!(card.contains(REASON), "{card}");
        assert_eq!(
            page.matches(REASON).count(),
            1,
            "only the posting they chose"
        );

        // Another course's cold start is not told so, nor is a student who lists skills.
        let finance = student_of(&app, "BBA", "Finance", line).await;
        assert!(!finance.get_html("/recommendations").await.contains(REASON));
        let (skilled, _) = app
            .student_with_profile("SEO, Google Analytics", line)
            .await;
        let res = skilled
            .post_form(
                "/profile",
                "/profile",
                &[
                    ("degree", "BBA"),
                    ("department", "Marketing"),
                    ("skills", "SEO, Google Analytics"),
                    ("interests", line),
                    ("current_city", "Pune"),
                    ("willing_to_relocate", "on"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(!skilled.get_html("/recommendations").await.contains(REASON));
    }
);
