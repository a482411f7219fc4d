//! The review queue of postings: the posting rules hold back what asks students for money (in
//! English and Hindi, however spelled) until an admin approves it, an ordinary posting of a
//! verified company is listed at once, students' reports land in the queue, and every step is
//! audited.

use crate::both_backends;
use crate::helpers::*;

async fn listed(app: &TestApp, title: &str) -> bool {
    let q: String = url::form_urlencoded::byte_serialize(title.as_bytes()).collect();
    // A result's title is a link; the search box repeats the words, so look for the link.
    app.new_browser()
        .get_html(&format!("/internships?q={q}"))
        .await
        .contains(&format!(">{title}</a>"))
}

async fn audited(admin: &TestApp, action: &str, target: i64) -> bool {
    admin
        .get_html(&format!("/admin/audit?action={action}"))
        .await
        .contains(&format!("#{target}"))
}

both_backends!(
    postings_asking_for_money_wait_for_an_admin,
    |app: TestApp| async move {
        let employer = app.approved_employer("Kaveri Analytics").await;
        let admin = app.admin().await;

        let ordinary = employer
            .post_internship(&[
                ("title", "Dashboard Intern"),
                (
                    "description",
                    "Build Power BI dashboards; weekly feedback from our analysts.",
                ),
                ("skills", "SQL, Power BI"),
            ])
            .await;
        assert!(
            listed(&app, "Dashboard Intern").await,
            "an ordinary posting is listed at once"
        );

        let english = employer
            .post_internship(&[
                ("title", "Marketing Intern"),
                (
                    "description",
                    "Selected students pay a refundable R.E.G.I.S.T.R.A.T.I.O.N f-e-e of Rs 500.",
                ),
                ("skills", "Marketing"),
            ])
            .await;
        let hindi = employer
            .post_internship(&[
                ("title", "Sales Intern"),
                (
                    "description",
                    "चयनित छात्रों को 500 रुपये पंजीकरण शुल्क जमा करना होगा।",
                ),
                ("skills", "Sales"),
            ])
            .await;
        for (id, title) in [(english, "Marketing Intern"), (hindi, "Sales Intern")] {
            assert!(
                !listed(&app, title).await,
                "{title} is listed before review"
            );
            assert_eq!(
                app.new_browser()
                    .get(&format!("/internships/{id}"))
                    .await
                    .status(),
                404
            );
            // Its employer sees that it waits, and why.
            let page = employer.get_html(&format!("/internships/{id}")).await;
            assert!(page.contains("Under review"), "{page}");
            assert!(page.contains("asks students for money"), "{page}");
            assert!(audited(&admin, "internship_held_for_review", id).await);
        }
        let queue = admin.get_html("/admin/review").await;
        assert!(
            queue.contains("Marketing Intern") && queue.contains("Sales Intern"),
            "{queue}"
        );
        assert!(!queue.contains("Dashboard Intern"));

        let approve = admin_action(&admin, "/admin/review", "Marketing Intern", "/approve").await;
        assert_eq!(
            admin
                .post_form("/admin/review", &approve, &[])
                .await
                .status(),
            303
        );
        assert!(
            listed(&app, "Marketing Intern").await,
            "approved, so listed"
        );
        assert!(audited(&admin, "review_approved", english).await);
        // The audit log names the admin who decided, with their role, and filters by actor.
        let log = admin
            .get_html("/admin/audit?action=review_approved&actor=admin")
            .await;
        assert!(
            log.contains(&format!("#{english}")) && log.contains("Admin"),
            "{log}"
        );
        let nobody = admin
            .get_html("/admin/audit?action=review_approved&actor=nobody-such")
            .await;
        assert!(!nobody.contains(&format!("#{english}")));
        assert!(
            employer
                .get_html("/notifications")
                .await
                .contains("passed review"),
            "the employer is told"
        );

        let reject = admin_action(&admin, "/admin/review", "Sales Intern", "/reject").await;
        let res = admin
            .post_form(
                "/admin/review",
                &reject,
                &[("reason", "Fees are not allowed")],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(!listed(&app, "Sales Intern").await);
        assert!(audited(&admin, "review_rejected", hindi).await);
        // Deciding twice is refused with a message, not a 500.
        assert_eq!(
            admin
                .post_form("/admin/review", &reject, &[])
                .await
                .status(),
            303
        );
        assert!(
            admin
                .get_html("/admin/review")
                .await
                .contains("already decided")
        );
        let _ = ordinary;
    }
);

both_backends!(
    reported_postings_land_in_the_queue_and_the_reporter_is_told,
    |app: TestApp| async move {
        let employer = app.approved_employer("Godavari Labs").await;
        let id = employer
            .post_internship(&[
                ("title", "Content Intern"),
                ("description", "Write articles about Indian start-ups."),
                ("skills", "Writing"),
            ])
            .await;
        let (student, _) = app.student_with_profile("Writing", "journalism").await;
        let page = student.get_html(&format!("/internships/{id}")).await;
        assert!(page.contains(&format!("action=\"/internships/{id}/report\"")));

        // No reason: refused with a message, nothing recorded.
        let path = format!("/internships/{id}/report");
        let res = student
            .post_form(&format!("/internships/{id}"), &path, &[("note", "x")])
            .await;
        assert_eq!(res.status(), 303);
        assert!(
            student
                .get_html(&format!("/internships/{id}"))
                .await
                .contains("Choose why")
        );

        // The same report sent twice at once is one entry.
        let token = student.csrf_token(&format!("/internships/{id}")).await;
        let send = || {
            student
                .client
                .post(student.url(&path))
                .form(&[
                    ("reason", "fake"),
                    ("note", "They asked me on WhatsApp for money"),
                    ("csrf_token", &token),
                ])
                .send()
        };
        let (a, b) = tokio::join!(send(), send());
        assert_eq!(a.expect("report").status(), 303);
        assert_eq!(b.expect("report").status(), 303);

        let admin = app.admin().await;
        let queue = admin.get_html("/admin/review").await;
        assert_eq!(
            queue.matches("They asked me on WhatsApp").count(),
            1,
            "{queue}"
        );
        assert!(audited(&admin, "internship_reported", id).await);

        let take_down = admin_action(&admin, "/admin/review", "Content Intern", "/take-down").await;
        let res = admin
            .post_form(
                "/admin/review",
                &take_down,
                &[("reason", "Asks for money off the platform")],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(!listed(&app, "Content Intern").await);
        assert!(audited(&admin, "report_taken_down", id).await);
        assert!(
            student
                .get_html("/notifications")
                .await
                .contains("we took it down"),
            "the reporter is told"
        );
    }
);

both_backends!(admins_set_the_posting_rules, |app: TestApp| async move {
    let admin = app.admin().await;
    let res = admin
        .post_form(
            "/admin/review",
            "/admin/review/rules",
            &[("min_stipend", "abc"), ("first_postings", "1")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap_or_default();
    assert!(
        page.contains("Enter a whole number") && page.contains("value=\"abc\""),
        "{page}"
    );

    let res = admin
        .post_form(
            "/admin/review",
            "/admin/review/rules",
            &[("min_stipend", "5000"), ("first_postings", "1")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let employer = app.approved_employer("Narmada Works").await;
    // The company's first posting waits; so does one that pays below the minimum.
    let first = employer
        .post_internship(&[
            ("title", "First Intern"),
            ("description", "Field survey work."),
            ("skills", "Survey"),
        ])
        .await;
    let low = employer
        .post_internship(&[
            ("title", "Low Pay Intern"),
            ("description", "Field survey work."),
            ("skills", "Survey"),
            ("stipend_amount", "2000"),
        ])
        .await;
    let fine = employer
        .post_internship(&[
            ("title", "Fair Intern"),
            ("description", "Field survey work."),
            ("skills", "Survey"),
        ])
        .await;
    assert!(!listed(&app, "First Intern").await);
    assert!(!listed(&app, "Low Pay Intern").await);
    assert!(listed(&app, "Fair Intern").await);
    let queue = admin.get_html("/admin/review").await;
    assert!(
        queue.contains("one of the company&#x27;s first postings")
            || queue.contains("one of the company"),
        "{queue}"
    );
    assert!(queue.contains("pays less than the minimum stipend"));
    assert!(
        audited(&admin, "posting_rules_changed", 0).await
            || admin
                .get_html("/admin/audit?action=posting_rules_changed")
                .await
                .contains("min_stipend=5000")
    );
    let _ = (first, low, fine);
});
