//! What the resume page read from an uploaded file (issue 14): the skills offered with checkboxes,
//! "Add to my profile" in one POST, the CV score with suggestions, and recommendations that follow.

use crate::both_backends;
use crate::helpers::*;
use std::time::Duration;

const PDF: &str = "application/pdf";

/// The card of the recommendation titled `title` on the recommendations page, if listed.
fn card<'a>(html: &'a str, title: &str) -> Option<&'a str> {
    html.split("<article class=\"card recommendation\">")
        .skip(1)
        .find(|card| card.contains(&format!(">{title}</a>")))
}

/// The "skills you have" chips of a recommendation card.
fn matched(card: &str) -> String {
    card.split("<ul class=\"chips matched\">")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .unwrap_or("")
        .to_lowercase()
}

/// Polls the recommendations until `title`'s card satisfies `ok` (the embedding job runs in the
/// background); returns that card.
async fn recommendation_until(student: &TestApp, title: &str, ok: impl Fn(&str) -> bool) -> String {
    let mut last = String::new();
    for _ in 0..300 {
        last = student.get_html("/recommendations").await;
        if let Some(card) = card(&last, title)
            && ok(card)
        {
            return card.to_string();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{title} never matched the condition:\n{last}");
}

both_backends!(
    skills_read_from_a_resume_are_offered_added_and_change_recommendations,
    |app: TestApp| async move {
        app.wait_ready().await;
        let employer = app.approved_employer("Cloudy Systems").await;
        employer
            .post_internship(&[
                ("title", "Cloud Platform Intern"),
                (
                    "description",
                    "Run our services on containers and clusters.",
                ),
                ("skills", "Docker, Kubernetes"),
                ("deadline", "2099-12-31"),
            ])
            .await;
        let (student, _) = app.student_with_profile("Excel", "spreadsheets").await;
        // Before: the posting is not recommended to an Excel student, or not for Docker.
        let before = student.get_html("/recommendations").await;
        let before = card(&before, "Cloud Platform Intern")
            .unwrap_or("")
            .to_string();
        assert!(!matched(&before).contains("docker"), "{before}");

        let res = student
            .upload_file(
                "/resume",
                "/resume/upload",
                "kabir.pdf",
                PDF,
                &fixture("resume_devops.pdf"),
            )
            .await;
        assert_eq!(res.status(), 303);
        let page = student.get_html("/resume").await;
        assert!(page.contains("What we read from your resume"), "{page}");
        for skill in ["Docker", "Kubernetes"] {
            assert!(
                page.contains(&format!("name=\"skill\" value=\"{skill}\">")),
                "{skill} offered, not yet ticked: {page}"
            );
        }
        assert!(page.contains("B.Tech"), "degree read");
        assert!(
            page.contains("Pune Institute of Computer Technology"),
            "institute read"
        );
        assert!(
            page.contains("Deployed a Flask app on Kubernetes"),
            "project read"
        );
        assert!(page.contains("https://github.com/kabir-singh"), "link read");
        assert!(page.contains("id=\"cv-score\""), "score shown");

        // Ticking both and adding puts them into the profile in one POST.
        let token = student.csrf_token("/resume").await;
        let res = student
            .client
            .post(student.url("/resume/skills"))
            .form(&[
                ("csrf_token", token.as_str()),
                ("skill", "Docker"),
                ("skill", "Kubernetes"),
            ])
            .send()
            .await
            .expect("POST");
        assert_eq!(res.status(), 303);
        let profile = student.get_html("/profile").await;
        assert!(
            profile.contains("Docker") && profile.contains("Kubernetes"),
            "{profile}"
        );
        assert!(profile.contains("Excel"), "the old skills stay: {profile}");
        let page = student.get_html("/resume").await;
        assert!(
            page.contains("value=\"Docker\" checked disabled"),
            "now ticked as in the profile: {page}"
        );
        let after = recommendation_until(&student, "Cloud Platform Intern", |card| {
            let m = matched(card);
            m.contains("docker") && m.contains("kubernetes")
        })
        .await;
        assert_ne!(before, after);

        // Without a token nothing is added; a skill the resume does not hold is never added.
        let res = student
            .client
            .post(student.url("/resume/skills"))
            .form(&[("skill", "Cobol")])
            .send()
            .await
            .expect("POST");
        assert_eq!(res.status(), 403);
        let res = student
            .post_form("/resume", "/resume/skills", &[("skill", "Cobol")])
            .await;
        assert_eq!(res.status(), 303);
        assert!(!student.get_html("/profile").await.contains("Cobol"));
        // Employers cannot use it.
        let res = employer
            .post_form("/employer", "/resume/skills", &[("skill", "Docker")])
            .await;
        assert_eq!(res.status(), 403);
    }
);

both_backends!(
    a_plain_text_resume_is_read_and_scored_in_the_pages_language,
    |app: TestApp| async move {
        let student = app.new_browser();
        student
            .post_form("/", "/language", &[("lang", "hi"), ("next", "/")])
            .await;
        student.signup("student").await;
        let text =
            "Asha Verma\nSkills: Python, SQL\nProjects\nBuilt a library catalogue in Python\n";
        let res = student
            .upload_file(
                "/resume",
                "/resume/upload",
                "asha.txt",
                "text/plain",
                text.as_bytes(),
            )
            .await;
        assert_eq!(res.status(), 303);
        let page = student.get_html("/resume").await;
        assert!(page.contains("हमने आपके रिज़्यूमे से क्या पढ़ा"), "{page}");
        assert!(page.contains("value=\"Python\""), "{page}");
        // Concrete suggestions: no contact line, an unquantified project, SQL not in a project.
        assert!(page.contains("संपर्क की एक पंक्ति"), "{page}");
        assert!(
            page.contains("Built a library catalogue in Python"),
            "{page}"
        );
        assert!(page.contains("SQL"), "{page}");
    }
);

both_backends!(
    adding_the_same_skills_twice_at_once_adds_them_once,
    |app: TestApp| async move {
        let (student, account) = app.student_with_profile("Excel", "spreadsheets").await;
        let res = student
            .upload_file(
                "/resume",
                "/resume/upload",
                "kabir.pdf",
                PDF,
                &fixture("resume_devops.pdf"),
            )
            .await;
        assert_eq!(res.status(), 303);
        let token = student.csrf_token("/resume").await;
        let post = || {
            student
                .client
                .post(student.url("/resume/skills"))
                .form(&[
                    ("csrf_token", token.as_str()),
                    ("skill", "Docker"),
                    ("skill", "Kubernetes"),
                ])
                .send()
        };
        let (a, b) = tokio::join!(post(), post());
        assert_eq!(a.expect("POST").status(), 303);
        assert_eq!(b.expect("POST").status(), 303);
        let email = account.email.clone();
        let names = app
            .app_state
            .db
            .run(move |conn| {
                use diesel::prelude::*;
                use praktiki::db::schema::{student_profiles, users};
                let student: i64 = student_profiles::table
                    .inner_join(users::table)
                    .filter(users::email.eq(email))
                    .select(student_profiles::id)
                    .first(conn)?;
                praktiki::db::skills::student_skill_names(conn, student)
            })
            .await
            .expect("skills");
        let docker = names
            .iter()
            .filter(|n| n.eq_ignore_ascii_case("docker"))
            .count();
        assert_eq!(docker, 1, "{names:?}");
        assert_eq!(names.len(), 3, "{names:?}");
    }
);
