//! An internship's life after posting: students save it and are reminded before it closes; an
//! admin takes it down and lists it again.

use crate::both_backends;
use crate::helpers::*;

both_backends!(
    students_save_internships_and_are_reminded_before_they_close,
    |app: TestApp| async move {
        let employer = app.approved_employer("Saver Systems").await;
        let soon = (chrono::Utc::now().date_naive() + chrono::Duration::days(2)).to_string();
        let closing = employer
            .post_internship(&[
                ("title", "Closing Soon Intern"),
                ("description", "Work on our web app."),
                ("skills", "JavaScript"),
                ("deadline", &soon),
            ])
            .await;
        let later = employer
            .post_internship(&[
                ("title", "Much Later Intern"),
                ("description", "Work on our API."),
                ("skills", "Rust"),
                ("deadline", "2030-01-01"),
            ])
            .await;
        let (student, student_account) = app.student_with_profile("JavaScript", "web").await;
        let page = format!("/internships/{closing}");
        assert!(
            student
                .get_html(&page)
                .await
                .contains(&format!("/internships/{closing}/save"))
        );

        // Saving twice keeps one row; the page then offers removal.
        for _ in 0..2 {
            let res = student
                .post_form(&page, &format!("/internships/{closing}/save"), &[])
                .await;
            assert_eq!(res.status(), 303);
            assert_eq!(location(&res), page);
        }
        student
            .post_form(&page, &format!("/internships/{later}/save"), &[])
            .await;
        assert!(
            student
                .get_html(&page)
                .await
                .contains(&format!("/internships/{closing}/unsave"))
        );
        let saved = student.get_html("/saved").await;
        assert_eq!(saved.matches("Closing Soon Intern").count(), 1, "{saved}");
        assert!(saved.contains("Much Later Intern"));

        // Without the CSRF token nothing changes; employers cannot save; unknown ids are 404.
        let raw = student
            .client
            .post(student.url(&format!("/internships/{later}/unsave")))
            .form(&[("back", "/saved")])
            .send()
            .await
            .unwrap();
        assert_eq!(raw.status(), 403);
        assert!(
            student
                .get_html("/saved")
                .await
                .contains("Much Later Intern")
        );
        assert_eq!(
            employer
                .post_form("/employer", &format!("/internships/{later}/save"), &[])
                .await
                .status(),
            403
        );
        assert_eq!(
            student
                .post_form(&page, "/internships/999999/save", &[])
                .await
                .status(),
            404
        );
        // Another student cannot remove this student's save, and a student without a profile
        // is sent to make one.
        let (other, _) = app.student_with_profile("Rust", "systems").await;
        assert_eq!(
            other
                .post_form(&page, &format!("/internships/{later}/unsave"), &[])
                .await
                .status(),
            404
        );
        let bare = app.new_browser();
        let account = bare.signup("student").await;
        bare.verify(&account).await;
        let res = bare
            .post_form(&page, &format!("/internships/{later}/save"), &[])
            .await;
        assert_eq!(location(&res), "/profile");

        // Reminders: the internship closing in two days, once; not the one closing in 2030.
        let sent = |app: &TestApp| {
            let db = app.app_state.db.clone();
            async move {
                db.run(|conn| {
                    praktiki::internship::service::remind_saved_deadlines(
                        conn,
                        chrono::Utc::now().date_naive(),
                        "http://praktiki.test",
                    )
                })
                .await
                .unwrap()
            }
        };
        assert_eq!(sent(&app).await, 1);
        assert_eq!(sent(&app).await, 0, "each reminder is sent once");
        let notes = student.get_html("/notifications").await;
        assert!(notes.contains("Closing Soon Intern"), "{notes}");
        assert!(!notes.contains("Much Later Intern"));
        let mail = latest_email(&app, &student_account.email).await;
        assert!(
            mail.contains("Closing Soon Intern") && mail.contains("closes in 2 days"),
            "{mail}"
        );
        assert!(mail.contains(&format!("http://praktiki.test/internships/{closing}")));

        // Removing it from the saved page keeps the student there.
        let res = student
            .post_form(
                "/saved",
                &format!("/internships/{later}/unsave"),
                &[("back", "/saved")],
            )
            .await;
        assert_eq!(location(&res), "/saved");
        assert!(
            !student
                .get_html("/saved")
                .await
                .contains("Much Later Intern")
        );
        // An off-site `back` never becomes the redirect.
        let res = student
            .post_form(
                &page,
                &format!("/internships/{later}/save"),
                &[("back", "https://evil.example/")],
            )
            .await;
        assert_eq!(location(&res), "/");
    }
);

both_backends!(
    an_admin_takes_an_internship_down_and_lists_it_again,
    |app: TestApp| async move {
        let employer = app.approved_employer("Dubious Deals").await;
        let id = employer
            .post_internship(&[
                ("title", "Pay To Work Intern"),
                // Asking for a deposit outright is held for review now (tests/integration/
                // review.rs); this one slips past the rules and is reported to an admin.
                (
                    "description",
                    "Sell our products door to door from day one.",
                ),
                ("skills", "Sales"),
            ])
            .await;
        let page = format!("/internships/{id}");
        let (student, _) = app.student_with_profile("Sales", "marketing").await;
        let res = student
            .post_form(
                &format!("/internships/{id}/apply"),
                &format!("/internships/{id}/apply"),
                &[("cover_letter", "I sell well.")],
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        assert_eq!(
            student
                .post_form("/saved", &format!("/internships/{id}/takedown"), &[])
                .await
                .status(),
            404,
            "the route is an admin's"
        );
        assert_eq!(
            student
                .post_form("/saved", &format!("/admin/internships/{id}/takedown"), &[])
                .await
                .status(),
            403
        );
        let admin = app.admin().await;
        let list = admin.get_html("/admin/internships?q=pay+to").await;
        assert!(list.contains("Pay To Work Intern"), "{list}");
        let res = admin
            .post_form(
                "/admin/internships",
                &format!("/admin/internships/{id}/takedown"),
                &[("reason", "asks students for money")],
            )
            .await;
        assert_eq!(res.status(), 303);

        // Gone for the public and students, still visible to its owner and to admins.
        assert_eq!(app.new_browser().get(&page).await.status(), 404);
        assert_eq!(student.get(&page).await.status(), 404);
        assert!(
            !app.new_browser()
                .get_html("/internships?q=pay")
                .await
                .contains("Pay To Work")
        );
        assert_eq!(employer.get(&page).await.status(), 200);
        assert_eq!(admin.get(&page).await.status(), 200);
        assert!(
            admin
                .get_html("/admin/internships?status=taken_down")
                .await
                .contains("Pay To Work Intern")
        );
        let notes = employer.get_html("/notifications").await;
        assert!(notes.contains("asks students for money"), "{notes}");
        let audit = admin.get_html("/admin/audit").await;
        assert!(audit.contains("internship_taken_down"), "{audit}");
        // The applicant is told too.
        let told = student.get_html("/notifications").await;
        assert!(
            told.contains("which you applied to, was taken down"),
            "{told}"
        );

        admin
            .post_form(
                "/admin/internships",
                &format!("/admin/internships/{id}/restore"),
                &[],
            )
            .await;
        assert_eq!(app.new_browser().get(&page).await.status(), 200);
        assert!(
            app.new_browser()
                .get_html("/internships?q=pay")
                .await
                .contains("Pay To Work")
        );

        // A posting its employer had closed comes back closed, not open to applications.
        let closed = employer
            .post_internship(&[
                ("title", "Finished Season Intern"),
                ("description", "Help with the harvest season."),
                ("skills", "Sales"),
            ])
            .await;
        employer
            .post_form(
                "/employer/internships",
                &format!("/employer/internships/{closed}/close"),
                &[],
            )
            .await;
        for verb in ["takedown", "restore"] {
            admin
                .post_form(
                    "/admin/internships",
                    &format!("/admin/internships/{closed}/{verb}"),
                    &[("reason", "checking")],
                )
                .await;
        }
        let list = admin.get_html("/admin/internships?status=closed").await;
        assert!(list.contains("Finished Season Intern"), "{list}");
        assert!(
            !app.new_browser()
                .get_html("/internships")
                .await
                .contains("Finished Season")
        );
        assert_eq!(
            admin
                .post_form(
                    "/admin/internships",
                    "/admin/internships/999999/takedown",
                    &[]
                )
                .await
                .status(),
            404
        );
    }
);
