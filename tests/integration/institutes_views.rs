//! What an institute sees: only its own confirmed students (roles kept apart), and placement
//! statistics that count an accepted application.

use crate::both_backends;
use crate::helpers::*;
use crate::institutes::*;

both_backends!(
    institutes_see_only_their_own_confirmed_students_and_roles_are_kept_apart,
    |app: TestApp| async move {
        let sunrise = app.approved_institute("Sunrise College", "C-40123").await;
        let lakeside = app
            .approved_institute("Lakeside University", "U-0456")
            .await;
        let pending = app
            .signup_verified_institute("Pending College", "C-77777")
            .await;
        let (student, account) = app.linked_student("Ravi Kulkarni", "C-40123", &[]).await;
        let id = student_id_in_list(&sunrise, &account.email).await;
        confirm(&sunrise, id).await;

        // Another institute: not found, not listed, not exported, cannot confirm or unlink.
        let page = format!("/institute/students/{id}");
        assert_eq!(lakeside.get(&page).await.status(), 404);
        for verb in ["confirm", "reject"] {
            let res = lakeside
                .post_form("/institute/students", &format!("{page}/{verb}"), &[])
                .await;
            assert_eq!(res.status(), 404, "{verb}");
        }
        assert!(
            !lakeside
                .get_html("/institute/students")
                .await
                .contains(&account.email)
        );
        let csv = lakeside.get_html("/institute/students.csv").await;
        assert!(!csv.contains(&account.email));
        assert_eq!(sunrise.get(&page).await.status(), 200);
        assert_eq!(
            lakeside
                .get("/institute/students/not-a-number")
                .await
                .status(),
            404
        );

        // A pending institute sees a notice instead of student data.
        let dashboard = pending.get_html("/institute").await;
        assert!(dashboard.contains("waiting for verification"));
        assert!(!dashboard.contains("Placement statistics"));
        for path in [
            "/institute/students",
            "/institute/students.csv",
            page.as_str(),
        ] {
            let res = pending.get(path).await;
            assert_eq!(res.status(), 403, "{path}");
            let html = res.text().await.unwrap();
            assert!(html.contains("waiting for verification"), "{path}: {html}");
            assert!(!html.contains(&account.email));
        }

        // Students and employers cannot open institute pages; institutes cannot open /admin.
        let employer = app.approved_employer("Ledger Labs").await;
        for path in [
            "/institute",
            "/institute/profile",
            "/institute/students",
            "/institute/students.csv",
            page.as_str(),
        ] {
            assert_eq!(student.get(path).await.status(), 403, "student {path}");
            assert_eq!(employer.get(path).await.status(), 403, "employer {path}");
        }
        for path in ["/admin", "/admin/institutes", "/admin/employers"] {
            assert_eq!(sunrise.get(path).await.status(), 403, "{path}");
        }
        let res = sunrise
            .post_form("/institute", "/admin/institutes/1/approve", &[])
            .await;
        assert_eq!(res.status(), 403);
        // Without the CSRF token nothing changes.
        let res = sunrise
            .client
            .post(sunrise.url(&format!("{page}/reject")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert_eq!(sunrise.get(&page).await.status(), 200);
    }
);

both_backends!(
    placement_statistics_count_an_accepted_application,
    |app: TestApp| async move {
        let institute = app.approved_institute("Sunrise College", "C-40123").await;
        let employer = app.approved_employer("Ledger Labs").await;
        let data = employer
            .post_internship(&[
                ("title", "Data Analyst Intern"),
                ("description", "SQL and dashboards"),
                ("skills", "SQL, Python"),
            ])
            .await;
        let finance = employer
            .post_internship(&[
                ("title", "Finance Intern"),
                ("description", "Ledgers"),
                ("skills", "Tally, SQL"),
            ])
            .await;
        let (placed, a) = app.linked_student("Meera Iyer", "C-40123", &[]).await;
        let (waiting, b) = app.linked_student("Arjun Nair", "C-40123", &[]).await;
        let (_unconfirmed, _) = app.linked_student("Zoya Khan", "C-40123", &[]).await;
        for account in [&a, &b] {
            let id = student_id_in_list(&institute, &account.email).await;
            confirm(&institute, id).await;
        }
        let before = institute.get_html("/institute").await;
        assert_eq!(figure(&before, "stat-confirmed"), "2");
        assert_eq!(figure(&before, "stat-applied"), "0");
        assert_eq!(figure(&before, "stat-rate"), "0%");

        let accepted = apply(&placed, data).await;
        apply(&placed, finance).await;
        apply(&waiting, data).await;
        move_application(&employer, accepted, "shortlisted").await;
        let during = institute.get_html("/institute").await;
        assert_eq!(figure(&during, "stat-in-process"), "1");
        assert_eq!(figure(&during, "stat-placed"), "0");
        // The employer offers the place and the student accepts it (which withdraws her
        // other application).
        move_application(&employer, accepted, "offered").await;
        let answer = format!("/applications/{accepted}/offer/accept");
        let res = placed.post_form(&answer, &answer, &[]).await;
        assert_eq!(res.status(), 303);

        let html = institute.get_html("/institute").await;
        assert_eq!(figure(&html, "stat-confirmed"), "2");
        assert_eq!(figure(&html, "stat-applied"), "2");
        assert_eq!(figure(&html, "stat-applications"), "3");
        assert_eq!(figure(&html, "stat-in-process"), "0");
        assert_eq!(figure(&html, "stat-placed"), "1");
        assert_eq!(figure(&html, "stat-rate"), "50%");
        assert!(html.contains("Ledger Labs: 3"), "{html}");
        // SQL is asked for by all three applications' internships, Python by two.
        let skills = html.split("id=\"top-skills\"").nth(1).unwrap_or_default();
        let (sql, python) = (skills.find("SQL: 3"), skills.find("Python: 2"));
        assert!(
            sql.is_some() && python.is_some() && sql < python,
            "{skills}"
        );
    }
);
