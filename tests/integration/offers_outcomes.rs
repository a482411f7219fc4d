//! Offers' other outcomes: two accepted at once (one wins), declined or expired (the employer is
//! told), an application marked viewed once, and a suspended company's applications closed.

use crate::both_backends;
use crate::helpers::*;
use crate::offers::*;
use diesel::prelude::*;
use praktiki::db::schema::offers;

both_backends!(
    two_offers_accepted_at_once_only_one_wins,
    |app: TestApp| async move {
        let first = app.approved_employer("First Co").await;
        let second = app.approved_employer("Second Co").await;
        let x = posting(&first, "Data Intern").await;
        let y = posting(&second, "Analytics Intern").await;
        let (student, _) = app.student_with_profile("SQL", "data").await;
        let (a, b) = (apply(&student, x).await, apply(&student, y).await);
        offer(&first, a).await;
        offer(&second, b).await;
        let token = student.csrf_token("/dashboard").await;
        let accept = |id: i64| {
            student
                .client
                .post(student.url(&format!("/applications/{id}/offer/accept")))
                .form(&[("csrf_token", token.as_str())])
                .send()
        };
        let (ra, rb) = tokio::join!(accept(a), accept(b));
        assert_eq!(ra.unwrap().status(), 303);
        assert_eq!(rb.unwrap().status(), 303);
        let mut statuses = vec![status_of(&app, a).await, status_of(&app, b).await];
        statuses.sort();
        assert_eq!(statuses, ["accepted", "declined"]);
    }
);

both_backends!(
    a_declined_or_expired_offer_tells_the_employer,
    |app: TestApp| async move {
        let employer = app.approved_employer("Ledger Labs").await;
        let x = posting(&employer, "Data Analyst Intern").await;
        let (meera, _) = app.student_with_profile("SQL", "data").await;
        let (arjun, arjun_account) = app.student_with_profile("SQL", "data").await;
        let (a, b) = (apply(&meera, x).await, apply(&arjun, x).await);
        offer(&employer, a).await;
        offer(&employer, b).await;

        // Declined, with a word to the employer.
        let action = format!("/applications/{a}/offer/decline");
        let res = meera
            .post_form(&action, &action, &[("reason", "I chose to study further")])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(status_of(&app, a).await, "declined");
        assert!(
            employer
                .get_html("/notifications")
                .await
                .contains("declined your offer for Data Analyst Intern")
        );
        let (_, employer_email) = employer_of(&app, x).await;
        let mail = latest_email(&app, &employer_email).await;
        assert!(
            mail.contains("declined your offer") && mail.contains("I chose to study further"),
            "{mail}"
        );

        // The employer extends the reply-by date once; a second time is refused.
        let later = (praktiki::application::offers::model::today_in_india()
            + chrono::Duration::days(12))
        .format("%Y-%m-%d")
        .to_string();
        let extend = format!("/employer/applications/{b}/offer/extend");
        let page = format!("/employer/applications/{b}");
        let res = employer
            .post_form(&page, &extend, &[("reply_by", "40")])
            .await;
        assert_eq!(res.status(), 422);
        let res = employer
            .post_form(&page, &extend, &[("reply_by", &later)])
            .await;
        assert_eq!(res.status(), 303);
        assert!(arjun.get_html("/notifications").await.contains("is now"));
        employer
            .post_form(&page, &extend, &[("reply_by", "20")])
            .await;
        assert!(
            employer
                .get_html(&page)
                .await
                .contains("can be extended once")
        );
        let reply_by = app
            .app_state
            .db
            .run(move |conn| {
                offers::table
                    .filter(offers::application_id.eq(b))
                    .select(offers::reply_by)
                    .first::<chrono::NaiveDate>(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        assert_eq!(reply_by.format("%Y-%m-%d").to_string(), later);

        // Not answered by its reply-by date: the job expires it and tells both sides.
        app.app_state
            .db
            .run(move |conn| {
                diesel::update(offers::table.filter(offers::application_id.eq(b)))
                    .set(
                        offers::reply_by
                            .eq(chrono::Utc::now().date_naive() - chrono::Duration::days(2)),
                    )
                    .execute(conn)
                    .map_err(praktiki::db::DbError::from)
            })
            .await
            .unwrap();
        // Too late to accept now, even before the job ran.
        answer_offer(&arjun, b, "accept").await;
        assert_eq!(status_of(&app, b).await, "offered");
        let base_url = app.settings.base_url.clone();
        let expired = app
            .app_state
            .db
            .run(move |conn| {
                praktiki::application::offers::closing::expire_due(
                    conn,
                    praktiki::application::offers::model::today_in_india(),
                    &base_url,
                )
            })
            .await
            .unwrap();
        assert_eq!(expired, 1);
        assert_eq!(status_of(&app, b).await, "expired");
        assert_eq!(offer_status(&app, b).await, "expired");
        assert!(
            employer
                .get_html("/notifications")
                .await
                .contains("expired unanswered. You may offer the place to the next candidate")
        );
        assert!(
            arjun
                .get_html("/notifications")
                .await
                .contains("Your offer for Data Analyst Intern expired")
        );
        assert!(
            latest_email(&app, &arjun_account.email)
                .await
                .contains("expired")
        );
    }
);

both_backends!(
    the_applicant_page_marks_an_application_viewed_once,
    |app: TestApp| async move {
        let employer = app.approved_employer("Ledger Labs").await;
        let x = posting(&employer, "Data Analyst Intern").await;
        let (student, account) = app.student_with_profile("SQL, Python", "data").await;
        let a = apply(&student, x).await;
        let page = format!("/employer/applications/{a}");

        // Two tabs at once: one "viewed" in the history.
        let other_tab = employer.new_browser();
        let (one, two) = tokio::join!(employer.get(&page), employer.get(&page));
        assert_eq!(one.status(), 200);
        assert_eq!(two.status(), 200);
        let html = employer.get_html(&page).await;
        assert_eq!(status_of(&app, a).await, "viewed");
        assert_eq!(events_of(&app, a).await, ["submitted", "viewed"]);
        assert!(
            html.contains(&account.email) && html.contains("Viewed") && html.contains("% fit"),
            "{html}"
        );
        // The student sees it.
        assert!(
            student
                .get_html(&format!("/applications/{a}"))
                .await
                .contains("Viewed")
        );
        // Nobody else sees the page: another company, a student, a signed-out browser.
        let rival = app.approved_employer("Rival Ltd").await;
        assert_eq!(rival.get(&page).await.status(), 404);
        assert_eq!(student.get(&page).await.status(), 403);
        assert_ne!(other_tab.get(&page).await.status(), 200);
    }
);

both_backends!(
    suspending_a_company_closes_its_applications_and_tells_the_students,
    |app: TestApp| async move {
        let employer = app.approved_employer("Shady Corp").await;
        let x = posting(&employer, "Growth Intern").await;
        let (meera, meera_account) = app.student_with_profile("SQL", "data").await;
        let (arjun, _) = app.student_with_profile("SQL", "data").await;
        let (a, b) = (apply(&meera, x).await, apply(&arjun, x).await);
        offer(&employer, a).await;

        let (employer_user, _) = employer_of(&app, x).await;
        let admin = app.admin().await;
        let res = admin
            .post_form(
                "/admin/users",
                &format!("/admin/users/{employer_user}/suspend"),
                &[("reason", "fake stipends")],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(status_of(&app, a).await, "not_selected");
        assert_eq!(offer_status(&app, a).await, "closed");
        assert_eq!(status_of(&app, b).await, "not_selected");
        for student in [&meera, &arjun] {
            let notices = student.get_html("/notifications").await;
            assert!(
                notices.contains("account was suspended by the Praktiki team"),
                "{notices}"
            );
        }
        let mail = latest_email(&app, &meera_account.email).await;
        assert!(
            mail.contains("company's account was suspended") && mail.contains("fake stipends"),
            "{mail}"
        );
        // In Hindi too.
        let hindi = meera
            .client
            .get(meera.url("/notifications"))
            .header("Accept-Language", "hi")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(hindi.contains("निलंबित"), "{hindi}");
    }
);
