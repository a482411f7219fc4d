//! The admin area: suspensions through the form, the audit log, the outbox and jobs pages.

use crate::both_backends;
use crate::helpers::*;

both_backends!(
    admin_suspends_and_restores_and_everything_is_audited,
    |app: TestApp| async move {
        let student = app.new_browser();
        let account = student.signup("student").await;
        let admin = app.admin().await;
        for page in [
            "/admin",
            "/admin/users",
            "/admin/audit",
            "/admin/outbox",
            "/admin/jobs",
            "/admin/employers",
        ] {
            assert_eq!(admin.get(page).await.status(), 200, "{page}");
            assert_eq!(
                student.get(page).await.status(),
                403,
                "{page} is admin-only"
            );
        }
        let users = admin
            .get_html(&format!("/admin/users?q={}", account.email))
            .await;
        let marker = "/admin/users/";
        let start = users.find(marker).expect("a user action");
        let action: String = users[start..].chars().take_while(|c| *c != '"').collect();
        assert!(action.ends_with("/suspend"), "{action}");
        assert_eq!(
            admin
                .post_form("/admin/users", &action, &[("reason", "spam")])
                .await
                .status(),
            303
        );
        // The student's session ends at once, and logging in is refused.
        assert_eq!(student.get("/dashboard").await.status(), 303);
        assert!(
            student
                .login(&account.email, &account.password)
                .await
                .text()
                .await
                .unwrap()
                .contains("suspended")
        );
        assert_eq!(
            admin
                .post_form("/admin/users", &action.replace("/suspend", "/restore"), &[])
                .await
                .status(),
            303
        );
        assert_eq!(
            student
                .login(&account.email, &account.password)
                .await
                .status(),
            303
        );
        let audit = admin.get_html("/admin/audit").await;
        for action in ["signup", "login", "user_suspended", "user_restored"] {
            assert!(audit.contains(action), "audit lacks {action}");
        }
        assert!(
            !audit.contains(&account.password),
            "no secrets in the audit log"
        );
        let outbox = admin.get_html("/admin/outbox").await;
        assert!(outbox.contains(&account.email) && outbox.contains("Confirm your email address"));
        // Unknown ids are 404, never a 500.
        assert_eq!(
            admin
                .post_form("/admin/users", "/admin/users/999999/suspend", &[])
                .await
                .status(),
            404
        );
        assert_eq!(
            admin
                .post_form("/admin/users", "/admin/users/not-a-number/suspend", &[])
                .await
                .status(),
            404
        );
    }
);

both_backends!(
    the_dashboard_counts_the_platform,
    |app: TestApp| async move {
        let employer = app.approved_employer("Counted Co").await;
        employer
            .post_internship(&[
                ("title", "Counted Intern"),
                ("description", "Counted work."),
                ("skills", "Excel"),
            ])
            .await;
        let (student, _) = app.student_with_profile("Excel", "finance").await;
        drop(student);
        let admin = app.admin().await;
        let page = admin.get_html("/admin").await;
        let text: String = page.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.contains("1 <span class=\"small muted\">Listed</span>"),
            "{text}"
        );
        assert!(text.contains("Approved: 1"), "{text}");
        // Today's bar of the sign-ups chart (the last, an SVG rect) counts the employer, the
        // student and the admins: the tallest, a full-height bar (tests/integration/insight.rs
        // checks every bar's height).
        let chart = &text[text
            .find("id=\"signups-title\"")
            .expect("the sign-ups chart")..];
        let chart = &chart[..chart.find("</svg>").expect("svg closes")];
        let today = chart
            .split("<rect class=\"chart-bar\"")
            .last()
            .unwrap_or_default();
        assert!(today.contains("height=\"174.0\""), "{today}");
        assert_eq!(app.new_browser().get("/admin").await.status(), 303);
    }
);

both_backends!(
    a_suspended_company_leaves_search_and_its_pages_until_restored,
    |app: TestApp| async move {
        use diesel::prelude::*;
        use praktiki::db::schema::employer_profiles;
        let employer = app.approved_employer("Shady Shop").await;
        let id = employer
            .post_internship(&[
                ("title", "Shady Sales Intern"),
                ("description", "Sell things door to door."),
                ("skills", "Sales"),
            ])
            .await;
        let user_id: i64 = app
            .app_state
            .db
            .run(|conn| {
                employer_profiles::table
                    .filter(employer_profiles::company_name.eq("Shady Shop"))
                    .select(employer_profiles::user_id)
                    .first(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        let visitor = app.new_browser();
        let page = format!("/internships/{id}");
        assert!(
            visitor
                .get_html("/internships")
                .await
                .contains("Shady Sales Intern")
        );
        let (student, _) = app.student_with_profile("Sales", "sales").await;

        let admin = app.admin().await;
        let res = admin
            .post_form(
                "/admin/users",
                &format!("/admin/users/{user_id}/suspend"),
                &[("reason", "fake company")],
            )
            .await;
        assert_eq!(res.status(), 303);
        // Gone from search and its page; no one can apply; admins still see it.
        assert!(
            !visitor
                .get_html("/internships")
                .await
                .contains("Shady Sales Intern")
        );
        assert_eq!(visitor.get(&page).await.status(), 404);
        assert_eq!(
            student
                .get(&format!("/internships/{id}/apply"))
                .await
                .status(),
            404
        );
        assert_eq!(admin.get(&page).await.status(), 200);

        admin
            .post_form(
                "/admin/users",
                &format!("/admin/users/{user_id}/restore"),
                &[],
            )
            .await;
        assert!(
            visitor
                .get_html("/internships")
                .await
                .contains("Shady Sales Intern")
        );
        assert_eq!(visitor.get(&page).await.status(), 200);
    }
);
