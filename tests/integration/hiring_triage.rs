//! Bulk triage (issue 15, item 4): one form moves many applicants, every id checked, one audit
//! entry per application, students told in the template's words; message templates per company.

use crate::both_backends;
use crate::helpers::*;
use crate::hiring_helpers::*;

const FILLED: &str = "Thank you for applying. The position has been filled, so we are not taking your application further.";

fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

both_backends!(
    bulk_reject_of_thirty_tells_every_student_in_the_templates_words,
    |app: TestApp| async move {
        let employer = app.approved_employer("Bulk Works").await;
        let internship = employer
            .post_internship(&[
                ("title", "Support Intern"),
                ("description", "Answer customers in Hindi and English."),
                ("skills", "Communication"),
            ])
            .await;
        let seeded = seed_applicants(&app, internship, 30, now()).await;
        let page = format!("/employer/internships/{internship}/applicants");
        let html = employer.get_html(&page).await;
        assert!(
            html.contains("name=\"application_ids\""),
            "a checkbox per card"
        );
        assert!(
            !html.contains("you accept any city"),
            "text for students stays theirs"
        );
        let template = option_value(&html, "Position filled");
        let bulk = format!("{page}/bulk");
        let mut ids: Vec<String> = seeded
            .iter()
            .map(|s| s.application_id.to_string())
            .collect();

        // Not selected without a reason is refused, and nothing moves.
        let mut fields: Vec<(&str, &str)> = ids
            .iter()
            .map(|id| ("application_ids", id.as_str()))
            .collect();
        fields.push(("action", "reject"));
        let res = employer.post_form(&page, &bulk, &fields).await;
        assert_eq!(res.status(), 303);
        assert!(employer.get_html(&page).await.contains("always reads why"));
        assert_eq!(status_of(&app, seeded[0].application_id).await, "submitted");

        // Another company's application among the ids: the whole request is refused.
        let other = app.approved_employer("Other Co").await;
        let theirs = other
            .post_internship(&[
                ("title", "Other"),
                ("description", "Other work."),
                ("skills", "Excel"),
            ])
            .await;
        let foreign = seed_applicants(&app, theirs, 1, now()).await;
        ids.push(foreign[0].application_id.to_string());
        let mut fields: Vec<(&str, &str)> = ids
            .iter()
            .map(|id| ("application_ids", id.as_str()))
            .collect();
        fields.extend([("action", "reject"), ("template_id", template.as_str())]);
        let res = employer.post_form(&page, &bulk, &fields).await;
        assert_eq!(res.status(), 404);
        assert_eq!(status_of(&app, seeded[0].application_id).await, "submitted");
        assert_eq!(
            status_of(&app, foreign[0].application_id).await,
            "submitted"
        );
        ids.pop();

        // All thirty at once with the template.
        let mut fields: Vec<(&str, &str)> = ids
            .iter()
            .map(|id| ("application_ids", id.as_str()))
            .collect();
        fields.extend([("action", "reject"), ("template_id", template.as_str())]);
        let started = std::time::Instant::now();
        let res = employer.post_form(&page, &bulk, &fields).await;
        // A figure, not an assertion: the page's answer time on this machine.
        eprintln!(
            "bulk reject of 30 ({:?}): {:?}",
            app.backend,
            started.elapsed()
        );
        assert_eq!(res.status(), 303);
        assert!(employer.get_html(&page).await.contains("30 moved; 0 left"));
        let audited = audited(&app, "application.status").await;
        for s in &seeded {
            assert_eq!(status_of(&app, s.application_id).await, "not_selected");
            assert!(
                notices_of(&app, s.user_id)
                    .await
                    .iter()
                    .any(|n| n.contains(FILLED)),
                "student {} told in the template's words",
                s.email
            );
            assert!(latest_email(&app, &s.email).await.contains(FILLED));
            assert_eq!(
                audited.iter().filter(|id| **id == s.application_id).count(),
                1
            );
        }
        assert_eq!(audited.len(), 30, "one audit entry per application");

        // Moving them again is not allowed any more: counted as left, nothing audited twice.
        let res = employer.post_form(&page, &bulk, &fields).await;
        assert_eq!(res.status(), 303);
        assert!(employer.get_html(&page).await.contains("0 moved; 30 left"));
        assert_eq!(audited_len(&app).await, 30);
    }
);

async fn audited_len(app: &TestApp) -> usize {
    audited(app, "application.status").await.len()
}

both_backends!(
    bulk_shortlist_moves_only_what_may_move_and_filters_by_fit_and_status,
    |app: TestApp| async move {
        let employer = app.approved_employer("Sort Labs").await;
        let internship = employer
            .post_internship(&[
                ("title", "Ops Intern"),
                ("description", "Run things."),
                ("skills", "Excel"),
            ])
            .await;
        let seeded = seed_applicants(&app, internship, 3, now()).await;
        let page = format!("/employer/internships/{internship}/applicants");
        let (a, b) = (
            seeded[0].application_id.to_string(),
            seeded[1].application_id.to_string(),
        );
        let res = employer
            .post_form(
                &page,
                &format!("{page}/bulk"),
                &[
                    ("application_ids", a.as_str()),
                    ("application_ids", b.as_str()),
                    ("action", "shortlist"),
                    ("message", "We liked your profile."),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(
            status_of(&app, seeded[0].application_id).await,
            "shortlisted"
        );
        assert_eq!(status_of(&app, seeded[2].application_id).await, "submitted");
        let shortlisted = employer
            .get_html(&format!("{page}?status=shortlisted&sort=date"))
            .await;
        assert!(shortlisted.contains(&format!("id=\"application-{a}\"")));
        assert!(!shortlisted.contains(&format!("id=\"application-{}\"", seeded[2].application_id)));
        // Nobody here has a fit score of 80 % (no profiles to embed): the filter shows none.
        let strong = employer.get_html(&format!("{page}?fit=80")).await;
        assert!(!strong.contains("id=\"application-"));
        // A pending application cannot go straight to interview: left as it was.
        let c = seeded[2].application_id.to_string();
        employer
            .post_form(
                &page,
                &format!("{page}/bulk"),
                &[("application_ids", c.as_str()), ("action", "interview")],
            )
            .await;
        assert_eq!(status_of(&app, seeded[2].application_id).await, "submitted");
        assert!(employer.get_html(&page).await.contains("0 moved; 1 left"));
    }
);

both_backends!(
    message_templates_are_listed_created_edited_and_deleted_by_their_company_only,
    |app: TestApp| async move {
        let employer = app.approved_employer("Template Co").await;
        let list = employer.get_html("/employer/templates").await;
        assert!(list.contains("Position filled") && list.contains("Skills did not match"));
        // A form error keeps what was typed.
        let res = employer
            .post_form(
                "/employer/templates",
                "/employer/templates",
                &[("title", "Too late"), ("body", "")],
            )
            .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("Too late") && html.contains("Write the text the student reads."));
        let res = employer
            .post_form(
                "/employer/templates",
                "/employer/templates",
                &[
                    ("title", "Too late"),
                    ("body", "Applications closed before yours arrived."),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        // The same name twice is a form error, not a 500.
        let res = employer
            .post_form(
                "/employer/templates",
                "/employer/templates",
                &[("title", "Too late"), ("body", "Again.")],
            )
            .await;
        assert_eq!(res.status(), 422);
        let list = employer.get_html("/employer/templates").await;
        let start = list.find("Too late").unwrap();
        let edit_at = list[start..].find("/employer/templates/").unwrap() + start;
        let edit: String = list[edit_at..].chars().take_while(|c| *c != '"').collect();
        assert!(edit.ends_with("/edit"), "{edit}");
        let res = employer
            .post_form(
                &edit,
                &edit,
                &[("title", "Closed early"), ("body", "We closed early.")],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(
            employer
                .get_html("/employer/templates")
                .await
                .contains("Closed early")
        );
        // Another company sees neither the template nor its edit page.
        let other = app.approved_employer("Nosy Co").await;
        assert_eq!(other.get(&edit).await.status(), 404);
        let delete = edit.replace("/edit", "/delete");
        assert_eq!(
            other
                .post_form("/employer/templates", &delete, &[])
                .await
                .status(),
            404
        );
        assert_eq!(
            employer
                .post_form("/employer/templates", &delete, &[])
                .await
                .status(),
            303
        );
        assert!(
            !employer
                .get_html("/employer/templates")
                .await
                .contains("Closed early")
        );
    }
);
