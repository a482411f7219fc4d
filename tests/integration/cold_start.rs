//! Cold start over HTTP on both databases (issue 13): a student with a degree, a department and
//! one vague line gets a list spanning her plausible fields, and it learns from what students of
//! the same course liked and saved ("students like you").

use crate::both_backends;
use crate::explanations::{cards, wait_listed};
use crate::helpers::*;
use std::collections::HashMap;

/// Remote postings of four fields: (title, description, skills).
const FIELDS: [(&str, &str, &str); 12] = [
    (
        "Digital Marketing Intern",
        "Plan social media campaigns, write ad copy and track campaign performance in Google Analytics.",
        "social media marketing, SEO, Google Analytics",
    ),
    (
        "Brand Marketing Intern",
        "Run brand campaigns on Instagram and measure engagement of our brand.",
        "branding, Instagram, content marketing",
    ),
    (
        "Email Marketing Intern",
        "Write newsletters in Mailchimp and grow our mailing list with marketing campaigns.",
        "email marketing, Mailchimp, copywriting",
    ),
    (
        "Inside Sales Intern",
        "Call leads, pitch our product and close deals; keep the CRM updated.",
        "sales, CRM, negotiation",
    ),
    (
        "Business Development Intern",
        "Prospect new clients, run cold outreach and pitch partnerships to close sales.",
        "business development, lead generation, cold calling",
    ),
    (
        "Field Sales Intern",
        "Visit retail shops, demonstrate the product and convince owners to stock it.",
        "field sales, negotiation, communication",
    ),
    (
        "UI/UX Design Intern",
        "Design user flows, wireframes and prototypes in Figma; run usability tests with users.",
        "Figma, wireframing, user research",
    ),
    (
        "Graphic Design Intern",
        "Design posters and brochures in Photoshop and Illustrator for print.",
        "Photoshop, Illustrator, print design",
    ),
    (
        "Social Media Designer Intern",
        "Design social media creatives and banners in Canva and Photoshop.",
        "Canva, Photoshop, graphic design",
    ),
    (
        "Visual Design Intern",
        "Create illustrations, logos and brand identity artwork in Illustrator.",
        "Illustrator, logo design, typography",
    ),
    (
        "Accounts Intern",
        "Maintain books in Tally and reconcile bank statements every month.",
        "Tally, bookkeeping, GST",
    ),
    (
        "Backend Developer Intern",
        "Build REST APIs in Django and write backend tests in Python.",
        "Python, Django, REST APIs",
    ),
];

/// Every posting of [`FIELDS`], remote, by a new approved company: their ids by title.
async fn post_fields(app: &TestApp, company: &str) -> HashMap<&'static str, i64> {
    app.wait_ready().await;
    let employer = app.approved_employer(company).await;
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
    ids
}

/// A student of `degree` / `department` in Pune, willing to relocate, whose only line is `line`
/// and who lists no skill: a cold start.
async fn cold_start(app: &TestApp, degree: &str, department: &str, line: &str) -> TestApp {
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

fn field_of(title: &str) -> &'static str {
    match title {
        t if t.contains("Marketing") => "marketing",
        t if t.contains("Sales") || t.contains("Business Development") => "sales",
        t if t.contains("UI/UX") => "uiux",
        t if t.contains("Design") => "design",
        _ => "other",
    }
}

both_backends!(
    a_cold_start_student_gets_a_list_spanning_her_plausible_fields,
    |app: TestApp| async move {
        post_fields(&app, "Many Fields Co").await;
        // BBA Marketing, one vague line, no skills: marketing and sales are both plausible.
        let student = cold_start(&app, "BBA", "Marketing", "Looking for a good internship.").await;
        wait_listed(&app, FIELDS.len()).await;
        let page = student.get_html("/recommendations").await;
        let titles: Vec<String> = cards(&page).into_iter().map(|(t, _)| t).collect();
        let top4: Vec<&str> = titles.iter().take(4).map(|t| field_of(t)).collect();
        assert_eq!(
            top4.iter().filter(|f| **f == "marketing").count(),
            2,
            "{titles:?}"
        );
        assert_eq!(
            top4.iter().filter(|f| **f == "sales").count(),
            2,
            "{titles:?}"
        );
        // The page asks for two or three additions, one click each.
        let buttons = page
            .matches("action=\"/recommendations/add-skill\"")
            .count();
        assert!((2..=3).contains(&buttons), "{buttons} suggestions: {page}");
        assert!(page.contains("Sharpen your list"));
        let skill = page
            .split("name=\"skill\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a suggested skill")
            .to_string();
        let res = student
            .post_form(
                "/recommendations",
                "/recommendations/add-skill",
                &[("skill", &skill)],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(
            student.get_html("/profile").await.contains(&skill),
            "{skill} added to the profile"
        );
        // A bad click is a clear refusal, not a 500.
        let res = student
            .post_form(
                "/recommendations",
                "/recommendations/add-skill",
                &[("skill", "  ")],
            )
            .await;
        assert_eq!(res.status(), 400);

        // B.Des Communication Design whose one line is "Interested in UX.": UI/UX comes first.
        let designer = cold_start(&app, "B.Des", "Communication Design", "Interested in UX.").await;
        let titles: Vec<String> = cards(&designer.get_html("/recommendations").await)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            titles.first().map(String::as_str),
            Some("UI/UX Design Intern"),
            "{titles:?}"
        );
    }
);

both_backends!(
    a_line_in_words_no_table_knows_is_read_by_its_meaning,
    |app: TestApp| async move {
        post_fields(&app, "Meaning Co").await;
        // B.Com points to finance; her line, in words the cues do not list, to sales.
        let student = cold_start(
            &app,
            "B.Com",
            "Commerce",
            "I enjoy meeting customers and closing deals.",
        )
        .await;
        wait_listed(&app, FIELDS.len()).await;
        let titles: Vec<String> = cards(&student.get_html("/recommendations").await)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        let top2: Vec<&str> = titles.iter().take(2).map(|t| field_of(t)).collect();
        assert_eq!(top2, ["sales", "sales"], "{titles:?}");
        assert!(
            position(&titles, "Accounts Intern") >= 2,
            "the studies' field after the line's: {titles:?}"
        );
    }
);

fn position(titles: &[String], title: &str) -> usize {
    titles.iter().position(|t| t == title).unwrap_or(usize::MAX)
}

const REASON: &str = "Students of your course liked, saved or applied to it";

both_backends!(
    a_cold_start_learns_from_what_classmates_chose,
    |app: TestApp| async move {
        let ids = post_fields(&app, "Course Co").await;
        let line = "Looking for a good internship.";
        let student = cold_start(&app, "BBA", "Marketing", line).await;
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
            let classmate = cold_start(&app, "bba", "MARKETING", "Final year.").await;
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
        let finance = cold_start(&app, "BBA", "Finance", line).await;
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
