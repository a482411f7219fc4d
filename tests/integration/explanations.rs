//! What recommendations and applicant lists say, driven over HTTP on both databases:
//! explanations never show a related skill as held, and a student who will not relocate sees
//! the internships she can reach first, with the reason on each card.

use crate::both_backends;
use crate::helpers::*;
use diesel::prelude::*;
use praktiki::db::schema::embeddings;
use std::time::Duration;

/// Waits until the student's embedding and `n` internships are stored and listed.
pub(crate) async fn wait_listed(app: &TestApp, n: usize) {
    for _ in 0..600 {
        let students: i64 = app
            .app_state
            .db
            .run(|conn| {
                embeddings::table
                    .filter(embeddings::entity_type.eq("student"))
                    .count()
                    .get_result(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        if students >= 1 && app.app_state.catalogue.len() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never listed {n} internships");
}

/// The recommendation cards of a page, as (title, card html).
pub(crate) fn cards(html: &str) -> Vec<(String, String)> {
    html.split("<article class=\"card recommendation\">")
        .skip(1)
        .filter_map(|card| {
            let link = card.find("<a href=\"/internships/")?;
            let start = card[link..].find('>')? + link + 1;
            let end = card[start..].find("</a>")? + start;
            Some((card[start..end].to_string(), card.to_string()))
        })
        .collect()
}

/// The chips of the list that follows `heading` in a card (empty when there is none).
fn chips(card: &str, heading: &str) -> Vec<String> {
    let Some(at) = card.find(&format!("<p class=\"small\">{heading}</p>")) else {
        return Vec::new();
    };
    let list = &card[at..];
    let Some(end) = list.find("</ul>") else {
        return Vec::new();
    };
    list[..end]
        .split("<li>")
        .skip(1)
        .map(|li| li.trim_end_matches("</li>").to_string())
        .collect()
}

/// The chips after `label: ` in the applicant list's compact line.
fn inline_chips(card: &str, label: &str) -> Vec<String> {
    let Some(at) = card.find(&format!("{label}: <span class=\"chips")) else {
        return Vec::new();
    };
    let rest = &card[at..];
    let Some(open) = rest.find('>') else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut list = &rest[open + 1..];
    while let Some(inner) = list.strip_prefix("<span>") {
        let Some(end) = inner.find("</span>") else {
            break;
        };
        out.push(inner[..end].to_string());
        list = &inner[end + "</span>".len()..];
    }
    out
}

both_backends!(
    explanations_show_related_skills_as_related_never_as_held,
    |app: TestApp| async move {
        app.wait_ready().await;
        let employer = app.approved_employer("Tidy Tables").await;
        let internship = employer
            .post_internship(&[
                ("title", "Data Analyst Intern"),
                (
                    "description",
                    "Query PostgreSQL, train scikit-learn models in Python, sketch screens in Figma.",
                ),
                ("skills", "PostgreSQL, scikit-learn, Python, Figma"),
                ("mode", "remote"),
                ("location", "Remote"),
            ])
            .await;
        // The walkthrough's student: SQL and Python, nothing else.
        let (student, _) = app
            .student_with_profile("SQL, Python", "data analysis")
            .await;
        wait_listed(&app, 1).await;
        let page = student.get_html("/recommendations").await;
        let (_, card) = cards(&page)
            .into_iter()
            .find(|(title, _)| title == "Data Analyst Intern")
            .unwrap_or_else(|| panic!("not recommended: {page}"));
        assert_eq!(chips(&card, "Skills you have"), vec!["Python"], "{card}");
        assert_eq!(
            chips(&card, "Related skills you have (not the same skill)"),
            vec![
                "SQL — close to PostgreSQL",
                "Python — close to scikit-learn"
            ],
            "{card}"
        );
        assert_eq!(
            chips(&card, "Skills to learn for this one"),
            vec!["Figma"],
            "{card}"
        );

        // In Hindi too, through the catalogue (before applying: applied-to internships leave
        // the list).
        let res = student
            .post_form(
                "/recommendations",
                "/language",
                &[("lang", "hi"), ("next", "/recommendations")],
            )
            .await;
        assert_eq!(res.status(), 303);
        let page = student.get_html("/recommendations").await;
        assert!(page.contains("SQL — PostgreSQL के करीब"), "{page}");

        // The employer's "Has" follows the same rule.
        let apply_page = format!("/internships/{internship}/apply");
        let res = student
            .post_form(
                &apply_page,
                &apply_page,
                &[("cover_letter", "I like tidy tables.")],
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        let applicants = employer
            .get_html(&format!("/employer/internships/{internship}/applicants"))
            .await;
        let card = applicants
            .split("<article class=\"card applicant")
            .nth(1)
            .unwrap_or_else(|| panic!("no applicant: {applicants}"));
        assert_eq!(inline_chips(card, "Has"), vec!["Python"], "{card}");
        assert_eq!(
            inline_chips(card, "Has a related skill (not the same one)"),
            vec![
                "SQL — close to PostgreSQL",
                "Python — close to scikit-learn"
            ],
            "{card}"
        );
        assert_eq!(inline_chips(card, "Lacks"), vec!["Figma"], "{card}");
        // The application's own page says the same.
        let link = card
            .split("href=\"/employer/applications/")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a link to the application");
        let detail = employer
            .get_html(&format!("/employer/applications/{link}"))
            .await;
        assert_eq!(chips(&detail, "Has"), vec!["Python"], "{detail}");
        assert_eq!(
            chips(&detail, "Has a related skill (not the same one)"),
            vec![
                "SQL — close to PostgreSQL",
                "Python — close to scikit-learn"
            ]
        );
    }
);

both_backends!(
    a_student_who_will_not_relocate_sees_what_she_can_reach_first,
    |app: TestApp| async move {
        app.wait_ready().await;
        let employer = app.approved_employer("Chennai Data Works").await;
        // Five postings as fit as each other; only where they are and how they work differ.
        let postings = [
            ("Data Intern A", "Bengaluru", "onsite"),
            ("Data Intern B", "Chennai", "onsite"),
            ("Data Intern C", "Bengaluru", "hybrid"),
            ("Data Intern D", "Tambaram", "hybrid"),
            ("Data Intern E", "Hyderabad", "onsite"),
        ];
        for (title, location, mode) in postings {
            employer
                .post_internship(&[
                    ("title", title),
                    (
                        "description",
                        "Clean sales data with pandas and write SQL reports for the team.",
                    ),
                    ("skills", "Python, SQL, pandas"),
                    ("mode", mode),
                    ("location", location),
                ])
                .await;
        }
        let (student, _) = app
            .student_with_profile("Python, SQL, pandas", "data")
            .await;
        // Lives in Chennai, wants on-site work, names no other city, does not tick "relocate".
        let res = student
            .post_form(
                "/profile",
                "/profile",
                &[
                    ("skills", "Python, SQL, pandas"),
                    ("interests", "data"),
                    ("current_city", "Chennai"),
                    ("work_mode", "onsite"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        wait_listed(&app, postings.len()).await;
        // The profile change is re-embedded by a job; the ranking's location rule does not wait.
        let page = student.get_html("/recommendations").await;
        let list = cards(&page);
        let rank = |title: &str| {
            list.iter()
                .position(|(t, _)| t == title)
                .unwrap_or(usize::MAX)
        };
        let note = |title: &str| {
            list.iter()
                .find(|(t, _)| t == title)
                .map(|(_, card)| card.clone())
                .unwrap_or_default()
        };
        for reachable in ["Data Intern B", "Data Intern D"] {
            assert!(rank(reachable) < 2, "{reachable} first: {list:?}");
        }
        for far in ["Data Intern A", "Data Intern C", "Data Intern E"] {
            assert!(rank(far) >= 2, "{far} below the reachable ones");
            if rank(far) != usize::MAX {
                assert!(
                    note(far).contains("too far to commute, and you are not relocating"),
                    "{far}: {}",
                    note(far)
                );
            }
        }
        assert!(note("Data Intern B").contains("in your city"));
        assert!(note("Data Intern D").contains("within commuting distance of home"));

        // Ticking "willing to relocate" makes every city fair game again.
        let res = student
            .post_form(
                "/profile",
                "/profile",
                &[
                    ("skills", "Python, SQL, pandas"),
                    ("interests", "data"),
                    ("current_city", "Chennai"),
                    ("work_mode", "onsite"),
                    ("willing_to_relocate", "on"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let page = student.get_html("/recommendations").await;
        assert!(!page.contains("too far to commute"), "{page}");
        assert!(page.contains("you accept any city"), "{page}");
    }
);
