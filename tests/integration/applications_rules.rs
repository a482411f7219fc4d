//! The rules around applications: only the owner sees and moves them, unverified students and
//! students without a profile cannot apply, applicants are ranked by fit, a taken-down posting's
//! applications can only be declined, and the student's dashboard follows it all.

use crate::applications::*;
use crate::both_backends;
use crate::helpers::*;

both_backends!(
    only_the_owner_sees_and_moves_applications,
    |app: TestApp| async move {
        let employer = app.approved_employer("Ledger Labs").await;
        let internship = data_internship(&employer).await;
        let (student, _) = student(&app, "Python, SQL", "data").await;
        let apply_page = format!("/internships/{internship}/apply");
        let res = student
            .post_form(
                &apply_page,
                &apply_page,
                &[("answer_1", "Data."), ("answer_2", "A join.")],
            )
            .await;
        let id = application_id(&res);

        // Another company: the applicants page and the status form are "not found".
        let rival = app.approved_employer("Rival Ltd").await;
        let page = format!("/employer/internships/{internship}/applicants");
        assert_eq!(rival.get(&page).await.status(), 404);
        let res = rival
            .post_form(
                "/employer",
                &format!("/employer/applications/{id}/status"),
                &[("status", "not_selected")],
            )
            .await;
        assert_eq!(res.status(), 404);
        assert_eq!(status_of(&app, id).await, "submitted");
        // Another student can't read or withdraw it.
        let (other, _) = student_plain(&app).await;
        assert_eq!(
            other.get(&format!("/applications/{id}")).await.status(),
            404
        );
        let res = other
            .post_form(
                "/applications",
                &format!("/applications/{id}/withdraw"),
                &[],
            )
            .await;
        assert_eq!(res.status(), 404);
        // Employers can't apply; students can't see applicants.
        assert_eq!(employer.get(&apply_page).await.status(), 403);
        assert_eq!(student.get(&page).await.status(), 403);
        // Without the CSRF token nothing moves.
        let res = employer
            .client
            .post(employer.url(&format!("/employer/applications/{id}/status")))
            .form(&[("status", "shortlisted")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert_eq!(status_of(&app, id).await, "submitted");

        // The student withdraws; the employer can no longer move it.
        let res = student
            .post_form(
                &format!("/applications/{id}"),
                &format!("/applications/{id}/withdraw"),
                &[],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(status_of(&app, id).await, "withdrawn");
        employer
            .post_form(
                &page,
                &format!("/employer/applications/{id}/status"),
                &[("status", "shortlisted")],
            )
            .await;
        assert_eq!(status_of(&app, id).await, "withdrawn");
        assert!(
            employer
                .get_html("/notifications")
                .await
                .contains("withdrew")
        );
    }
);

/// A verified student with a minimal profile.
pub(crate) async fn student_plain(app: &TestApp) -> (TestApp, Account) {
    student(app, "Excel", "accounts").await
}

both_backends!(
    unverified_students_and_students_without_a_profile_cannot_apply,
    |app: TestApp| async move {
        let employer = app.approved_employer("Ledger Labs").await;
        let internship = employer
            .post_internship(&[
                ("title", "Finance Intern"),
                ("description", "Reconcile ledgers"),
                ("skills", "Tally"),
            ])
            .await;
        let apply_page = format!("/internships/{internship}/apply");
        // No profile yet: sent to the profile form first.
        let fresh = app.new_browser();
        let account = fresh.signup("student").await;
        let res = fresh.get(&apply_page).await;
        assert_eq!(location(&res), "/profile");
        fresh
            .post_form("/profile", "/profile", &[("skills", "Tally")])
            .await;
        // Unverified: refused, and nothing stored.
        let res = fresh.post_form(&apply_page, &apply_page, &[]).await;
        assert_eq!(res.status(), 403);
        assert!(
            !fresh
                .get_html("/applications")
                .await
                .contains("Finance Intern")
        );
        fresh.verify(&account).await;
        let res = fresh.post_form(&apply_page, &apply_page, &[]).await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        // A closed internship takes no more applications.
        employer
            .post_form(
                "/employer/internships",
                &format!("/employer/internships/{internship}/close"),
                &[],
            )
            .await;
        let (late, _) = student_plain(&app).await;
        let res = late.post_form(&apply_page, &apply_page, &[]).await;
        assert_eq!(res.status(), 403);
    }
);

both_backends!(
    applicants_are_ranked_by_fit_and_answers_survive_an_edit_of_the_posting,
    |app: TestApp| async move {
        app.wait_ready().await;
        let employer = app.approved_employer("Ledger Labs").await;
        let internship = data_internship(&employer).await;
        let apply_page = format!("/internships/{internship}/apply");
        let (weak, weak_account) = student(&app, "Tally, GST", "accounting").await;
        weak.post_form(
            &apply_page,
            &apply_page,
            &[("answer_1", "Numbers."), ("answer_2", "None yet.")],
        )
        .await;
        let (strong, strong_account) = student(&app, "Python, SQL, pandas", "data analysis").await;
        strong
            .post_form(
                &apply_page,
                &apply_page,
                &[
                    ("answer_1", "Data tells stories."),
                    ("answer_2", "A window function ranking revenue."),
                ],
            )
            .await;
        let page = format!("/employer/internships/{internship}/applicants");
        let html = employer.get_html(&page).await;
        let (s, w) = (
            html.find(&strong_account.email).expect("strong listed"),
            html.find(&weak_account.email).expect("weak listed"),
        );
        assert!(s < w, "the better fit comes first");
        // By date, the first applicant comes first.
        let html = employer.get_html(&format!("{page}?sort=date")).await;
        assert!(html.find(&weak_account.email) < html.find(&strong_account.email));

        // Editing the posting (same questions, a new title) keeps the answers.
        let mut fields = vec![
            ("title", "Data Analyst Intern (SQL)"),
            (
                "description",
                "Clean data with pandas, write SQL and build dashboards.",
            ),
            ("skills", "Python, SQL, pandas"),
            ("location", "Pune"),
            ("mode", "hybrid"),
            ("duration_weeks", "12"),
            ("openings", "2"),
        ];
        fields.extend_from_slice(&QUESTIONS);
        let edit = format!("/employer/internships/{internship}/edit");
        let res = employer.post_form(&edit, &edit, &fields).await;
        assert_eq!(res.status(), 303);
        let html = employer.get_html(&page).await;
        assert!(
            html.contains("A window function ranking revenue."),
            "{html}"
        );
    }
);

both_backends!(
    applications_to_a_taken_down_posting_can_only_be_declined,
    |app: TestApp| async move {
        let employer = app.approved_employer("Fly By Night").await;
        let internship = data_internship(&employer).await;
        let mut ids = Vec::new();
        for skills in ["Python, SQL", "SQL, Excel"] {
            let (student, _) = student(&app, skills, "data").await;
            ids.push(apply_briefly(&student, internship).await);
        }
        let (first, second) = (ids[0], ids[1]);
        let page = format!("/employer/internships/{internship}/applicants");
        employer
            .post_form(
                &page,
                &format!("/employer/applications/{second}/status"),
                &[("status", "shortlisted")],
            )
            .await;
        assert_eq!(status_of(&app, second).await, "shortlisted");

        let admin = app.admin().await;
        let res = admin
            .post_form(
                "/admin/internships",
                &format!("/admin/internships/{internship}/takedown"),
                &[("reason", "misleading stipend")],
            )
            .await;
        assert_eq!(res.status(), 303);

        // Shortlisting, interviews and offers are refused with a reason; nothing moves.
        let res = employer
            .post_form(
                &page,
                &format!("/employer/applications/{first}/status"),
                &[("status", "shortlisted")],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(status_of(&app, first).await, "submitted");
        let html = employer.get_html(&page).await;
        assert!(html.contains("can only be declined"), "{html}");
        // The page offers only the decline and no interview link.
        assert!(!html.contains("value=\"shortlisted\""), "{html}");
        assert!(!html.contains(&format!("/employer/applications/{second}/interview")));
        let interview = format!("/employer/applications/{second}/interview");
        let res = employer
            .post_form(
                &page,
                &interview,
                &[("scheduled_at", "2099-03-01T10:30"), ("mode", "online")],
            )
            .await;
        assert_ne!(res.status(), 303);
        assert_eq!(status_of(&app, second).await, "shortlisted");
        employer
            .post_form(
                &page,
                &format!("/employer/applications/{second}/status"),
                &[("status", "offered")],
            )
            .await;
        assert_eq!(status_of(&app, second).await, "shortlisted");

        // Declining still works, so no student is left waiting on a dead posting.
        employer
            .post_form(
                &page,
                &format!("/employer/applications/{second}/status"),
                &[("status", "not_selected"), ("reason", "posting withdrawn")],
            )
            .await;
        assert_eq!(status_of(&app, second).await, "not_selected");
    }
);

both_backends!(
    the_student_dashboard_follows_profile_applications_interviews_and_deadlines,
    |app: TestApp| async move {
        // Before a profile: the one thing to do is to make one.
        let newcomer = app.new_browser();
        newcomer.signup("student").await;
        let html = newcomer.get_html("/dashboard").await;
        assert!(html.contains("Complete your profile"), "{html}");
        assert!(!html.contains("profile-progress"));

        let employer = app.approved_employer("Ledger Labs").await;
        let internship = data_internship(&employer).await;
        let soon = (chrono::Utc::now().date_naive() + chrono::Duration::days(3)).to_string();
        let closing = employer
            .post_internship(&[
                ("title", "Closing Soon Intern"),
                ("description", "Reconcile ledgers before the quarter ends."),
                ("skills", "Excel"),
                ("deadline", &soon),
            ])
            .await;
        let (student, _) = student(&app, "Python, SQL", "data").await;
        let html = student.get_html("/dashboard").await;
        assert!(html.contains("Profile strength"), "{html}");
        // Skills, interests and city are in; a resume and an institute link are not.
        assert!(
            html.contains("href=\"/resume\">Build your resume"),
            "{html}"
        );
        assert!(html.contains("Link your institute"), "{html}");
        assert!(!html.contains("List your skills"), "{html}");
        assert!(html.contains("You have not applied anywhere yet"), "{html}");

        let id = apply_briefly(&student, internship).await;
        let page = format!("/employer/internships/{internship}/applicants");
        employer
            .post_form(
                &page,
                &format!("/employer/applications/{id}/status"),
                &[("status", "shortlisted")],
            )
            .await;
        let interview = format!("/employer/applications/{id}/interview");
        let res = employer
            .post_form(
                &interview,
                &interview,
                &[("scheduled_at", "2099-03-01T10:30"), ("mode", "online")],
            )
            .await;
        assert_eq!(res.status(), 303);
        student
            .post_form("/internships", &format!("/internships/{closing}/save"), &[])
            .await;

        let html = student.get_html("/dashboard").await;
        assert!(html.contains("Coming interviews"), "{html}");
        assert!(html.contains("01 Mar 2099, 10:30 IST"), "{html}");
        assert!(html.contains("please confirm"), "{html}");
        assert!(html.contains(&format!("href=\"/applications/{id}\"")));
        assert!(html.contains("Interview: 1"), "{html}");
        assert!(html.contains("Saved internships closing soon"), "{html}");
        assert!(html.contains("Closing Soon Intern"), "{html}");
        // Another student's dashboard shows none of it.
        let (other, _) = student_plain(&app).await;
        let html = other.get_html("/dashboard").await;
        assert!(!html.contains("Data Analyst Intern") && !html.contains("Closing Soon"));
    }
);
