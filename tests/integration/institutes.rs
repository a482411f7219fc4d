//! Institutes end to end: the AISHE profile and its verification by an admin, students linking
//! with the code and being confirmed, their applications (page and CSV), placement statistics,
//! and who may see what.

use crate::both_backends;
use crate::helpers::*;

/// The id in `/institute/students/{id}` on the row of `email` in the institute's list.
async fn student_id_in_list(institute: &TestApp, email: &str) -> i64 {
    let html = institute.get_html("/institute/students").await;
    let row = html
        .split("<tr id=\"student-")
        .find(|row| row.contains(email))
        .unwrap_or_else(|| panic!("{email} not listed: {html}"));
    row.split('"')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no id in {row}"))
}

/// Applies to an internship without screening questions; returns the application id.
async fn apply(student: &TestApp, internship: i64) -> i64 {
    let page = format!("/internships/{internship}/apply");
    let res = student.post_form(&page, &page, &[]).await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
    location(&res)
        .trim_start_matches("/applications/")
        .parse()
        .expect("application id")
}

async fn move_application(employer: &TestApp, id: i64, status: &str) {
    let res = employer
        .post_form(
            "/employer",
            &format!("/employer/applications/{id}/status"),
            &[("status", status)],
        )
        .await;
    assert_eq!(res.status(), 303);
}

async fn confirm(institute: &TestApp, student_id: i64) {
    let res = institute
        .post_form(
            "/institute/students",
            &format!("/institute/students/{student_id}/confirm"),
            &[],
        )
        .await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
}

/// The number shown in the dashboard figure with this element id.
fn figure(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {id} on the dashboard: {html}"))
        + marker.len();
    html[start..]
        .split('<')
        .next()
        .unwrap_or_default()
        .to_string()
}

both_backends!(
    the_institute_profile_is_validated_and_aishe_codes_are_unique,
    |app: TestApp| async move {
        let institute = app.new_browser();
        let account = institute
            .signup_as("institute", "Sunrise College of Arts")
            .await;
        institute.verify(&account).await;
        let dashboard = institute.get_html("/institute").await;
        assert!(dashboard.contains("Complete your institute profile"));

        // A malformed code: the form comes back with the error and everything typed.
        let res = institute
            .post_form(
                "/institute/profile",
                "/institute/profile",
                &[
                    ("institute_name", "Sunrise College of Arts"),
                    ("aishe_code", "X-12"),
                    ("contact_number", "020 2553 1234"),
                    ("city", "Nashik"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("Sunrise College of Arts") && html.contains("Nashik"));
        assert!(html.contains("value=\"X-12\""), "code kept: {html}");
        assert!(html.contains("id=\"aishe_code-error\""), "{html}");
        assert!(html.contains("C-12345"), "the message shows the format");

        // A good code in lower case is stored in upper case; the dashboard says it waits.
        let res = institute
            .post_form(
                "/institute/profile",
                "/institute/profile",
                &[
                    ("institute_name", "Sunrise College of Arts"),
                    ("aishe_code", " c-40123 "),
                    ("contact_number", "020 2553 1234"),
                    ("city", "Nashik"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(
            institute
                .get_html("/institute/profile")
                .await
                .contains("value=\"C-40123\"")
        );
        assert!(
            institute
                .get_html("/institute")
                .await
                .contains("waiting for verification")
        );

        // Another institute with the same code: a field error, not a 500.
        let other = app.new_browser();
        let account = other.signup_as("institute", "Moonrise College").await;
        other.verify(&account).await;
        let res = other
            .post_form(
                "/institute/profile",
                "/institute/profile",
                &[
                    ("institute_name", "Moonrise College"),
                    ("aishe_code", "C-40123"),
                    ("contact_number", "98765 43210"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("already registered"), "{html}");
        assert!(html.contains("Moonrise College") && html.contains("98765 43210"));
    }
);

both_backends!(
    an_admin_approves_and_rejects_institutes_and_they_are_told,
    |app: TestApp| async move {
        let sunrise = app
            .signup_verified_institute("Sunrise College", "C-40123")
            .await;
        let admin = app.admin().await;
        let dashboard = admin.get_html("/admin").await;
        assert!(dashboard.contains("/admin/institutes"), "in the admin area");
        assert_eq!(figure(&dashboard, "pending-institutes"), "1");
        let pending = admin.get_html("/admin/institutes").await;
        assert!(pending.contains("Sunrise College") && pending.contains("C-40123"));

        let approve =
            admin_action(&admin, "/admin/institutes", "Sunrise College", "/approve").await;
        let res = admin.post_form("/admin/institutes", &approve, &[]).await;
        assert_eq!(res.status(), 303);
        assert!(
            admin
                .get_html("/admin/institutes?status=approved")
                .await
                .contains("Sunrise College")
        );
        assert!(
            !admin
                .get_html("/admin/institutes")
                .await
                .contains("Sunrise College")
        );
        // Told in the app and by email; the dashboard now shows the figures.
        assert!(
            sunrise
                .get_html("/notifications")
                .await
                .contains("Sunrise College is verified")
        );
        let email = institute_email(&app, "Sunrise College").await;
        let mail = latest_email(&app, &email).await;
        assert!(mail.contains("Sunrise College is verified"), "{mail}");
        assert!(mail.contains("/institute"), "{mail}");
        assert!(
            sunrise
                .get_html("/institute")
                .await
                .contains("Placement statistics")
        );
        assert!(
            admin
                .get_html("/admin/audit")
                .await
                .contains("institute_approved")
        );

        // A rejection carries the reason to the institute.
        let moonrise = app
            .signup_verified_institute("Moonrise College", "U-0123")
            .await;
        let reject = admin_action(&admin, "/admin/institutes", "Moonrise College", "/reject").await;
        let res = admin
            .post_form(
                "/admin/institutes",
                &reject,
                &[("reason", "The AISHE code belongs to another college")],
            )
            .await;
        assert_eq!(res.status(), 303);
        let email = institute_email(&app, "Moonrise College").await;
        let mail = latest_email(&app, &email).await;
        assert!(
            mail.contains("declined") && mail.contains("belongs to another college"),
            "{mail}"
        );
        let dashboard = moonrise.get_html("/institute").await;
        assert!(dashboard.contains("declined") && !dashboard.contains("Placement statistics"));
        assert!(
            admin
                .get_html("/admin/audit")
                .await
                .contains("institute_rejected")
        );

        // Case and spacing are no new name: still verified.
        let res = sunrise
            .post_form(
                "/institute/profile",
                "/institute/profile",
                &[
                    ("institute_name", "SUNRISE   college"),
                    ("aishe_code", "C-40123"),
                    ("contact_number", "020 2553 1234"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(sunrise.get("/institute/students").await.status(), 200);

        // A verified institute that changes its AISHE code goes back to the queue.
        let res = sunrise
            .post_form(
                "/institute/profile",
                "/institute/profile",
                &[
                    ("institute_name", "Sunrise College"),
                    ("aishe_code", "C-40999"),
                    ("contact_number", "020 2553 1234"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(
            admin
                .get_html("/admin/institutes")
                .await
                .contains("C-40999")
        );
        assert_eq!(sunrise.get("/institute/students").await.status(), 403);

        // So does one that takes another name once approved again.
        let approve = admin_action(&admin, "/admin/institutes", "C-40999", "/approve").await;
        admin.post_form("/admin/institutes", &approve, &[]).await;
        assert_eq!(sunrise.get("/institute/students").await.status(), 200);
        let res = sunrise
            .post_form(
                "/institute/profile",
                "/institute/profile",
                &[
                    ("institute_name", "Sunset University"),
                    ("aishe_code", "C-40999"),
                    ("contact_number", "020 2553 1234"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(sunrise.get("/institute/students").await.status(), 403);
        let audit = admin.get_html("/admin/audit").await;
        assert!(audit.contains("institute_identity_changed"), "{audit}");

        // Unknown ids are 404.
        assert_eq!(
            admin
                .post_form("/admin/institutes", "/admin/institutes/999999/approve", &[])
                .await
                .status(),
            404
        );
    }
);

/// The email address of the account behind an institute profile.
async fn institute_email(app: &TestApp, name: &str) -> String {
    use diesel::prelude::*;
    use praktiki::db::schema::{institute_profiles, users};
    let name = name.to_string();
    app.app_state
        .db
        .run(move |conn| {
            institute_profiles::table
                .inner_join(users::table)
                .filter(institute_profiles::institute_name.eq(name))
                .select(users::email)
                .first::<String>(conn)
                .map_err(praktiki::db::DbError::from)
        })
        .await
        .expect("institute exists")
}

both_backends!(
    students_link_with_a_verified_code_and_the_institute_confirms_them,
    |app: TestApp| async move {
        let institute = app.approved_institute("Sunrise College", "C-40123").await;
        let _waiting = app
            .signup_verified_institute("Unverified College", "C-50123")
            .await;
        let employer = app.approved_employer("Ledger Labs").await;
        let internship = employer
            .post_internship(&[
                ("title", "Data Analyst Intern"),
                ("description", "SQL and dashboards"),
                ("skills", "SQL, Python"),
            ])
            .await;

        let student = app.new_browser();
        let account = student.signup_as("student", "Ravi Kulkarni").await;
        student.verify(&account).await;
        // An unknown code, and the code of an institute not verified yet: errors, values kept.
        for code in ["C-99999", "C-50123"] {
            let res = student
                .post_form(
                    "/profile",
                    "/profile",
                    &[
                        ("degree", "B.Sc Statistics"),
                        ("skills", "SQL"),
                        ("aishe_code", code),
                    ],
                )
                .await;
            assert_eq!(res.status(), 422, "{code}");
            let html = res.text().await.unwrap();
            assert!(html.contains("No verified institute has this AISHE code"));
            assert!(
                html.contains("B.Sc Statistics") && html.contains(&format!("value=\"{code}\""))
            );
        }
        let res = student
            .post_form(
                "/profile",
                "/profile",
                &[
                    ("degree", "B.Sc Statistics"),
                    ("department", "Statistics"),
                    ("year", "3"),
                    ("skills", "SQL"),
                    ("aishe_code", "c-40123"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let profile = student.get_html("/profile").await;
        assert!(
            profile.contains("value=\"C-40123\"") && profile.contains("waiting for your institute")
        );
        let application = apply(&student, internship).await;

        // Listed with its academics, waiting; the student's page hides details until confirmed.
        let list = institute.get_html("/institute/students").await;
        assert!(list.contains("Ravi Kulkarni") && list.contains(&account.email));
        assert!(list.contains("B.Sc Statistics") && list.contains("Waiting"));
        let id = student_id_in_list(&institute, &account.email).await;
        let page = institute
            .get_html(&format!("/institute/students/{id}"))
            .await;
        assert!(page.contains("Ravi Kulkarni") && !page.contains("Data Analyst Intern"));

        // An unverified student who links is not listed.
        let hidden = app.new_browser();
        let hidden_account = hidden.signup_as("student", "Hidden Student").await;
        let res = hidden
            .post_form("/profile", "/profile", &[("aishe_code", "C-40123")])
            .await;
        assert_eq!(res.status(), 303);
        assert!(
            !institute
                .get_html("/institute/students")
                .await
                .contains(&hidden_account.email)
        );

        confirm(&institute, id).await;
        assert!(
            student
                .get_html("/notifications")
                .await
                .contains("Sunrise College confirmed")
        );
        assert!(
            student
                .get_html("/profile")
                .await
                .contains("your institute confirmed you")
        );
        let page = institute
            .get_html(&format!("/institute/students/{id}"))
            .await;
        assert!(page.contains("Data Analyst Intern") && page.contains("Ledger Labs"));
        assert!(page.contains("Submitted"), "{page}");
        // The employer moves the application: the institute sees the new status (read-only).
        move_application(&employer, application, "shortlisted").await;
        let page = institute
            .get_html(&format!("/institute/students/{id}"))
            .await;
        assert!(page.contains("Shortlisted"), "{page}");
        assert!(!page.contains("/employer/applications/"), "read-only");

        // Changing institute clears the confirmation; "not our student" unlinks.
        let other = app
            .approved_institute("Lakeside University", "U-0456")
            .await;
        let res = student
            .post_form(
                "/profile",
                "/profile",
                &[("degree", "B.Sc Statistics"), ("aishe_code", "U-0456")],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(
            !institute
                .get_html("/institute/students")
                .await
                .contains(&account.email)
        );
        let id = student_id_in_list(&other, &account.email).await;
        assert!(
            other
                .get_html("/institute/students")
                .await
                .contains("Waiting")
        );
        let res = other
            .post_form(
                "/institute/students",
                &format!("/institute/students/{id}/reject"),
                &[],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(
            !other
                .get_html("/institute/students")
                .await
                .contains(&account.email)
        );
        assert!(!student.get_html("/profile").await.contains("U-0456"));
    }
);

both_backends!(
    the_csv_export_lists_confirmed_students_applications_safely,
    |app: TestApp| async move {
        let institute = app.approved_institute("Sunrise College", "S-1234").await;
        let employer = app.approved_employer("Ledger Labs").await;
        let internship = employer
            .post_internship(&[
                ("title", "Data \"Ops\" Intern"),
                ("description", "Pipelines"),
                ("skills", "SQL"),
            ])
            .await;
        let (applicant, a) = app
            .linked_student(
                "Meera Iyer",
                "S-1234",
                &[
                    ("degree", "=HYPERLINK(\"http://evil.example\",\"x\")"),
                    ("department", "Computer Science, AI"),
                    ("year", "2"),
                    ("cgpa", "8.5"),
                ],
            )
            .await;
        apply(&applicant, internship).await;
        let (_idle, b) = app
            .linked_student("Arjun Nair", "S-1234", &[("department", "Commerce")])
            .await;
        let (_unconfirmed, c) = app.linked_student("Zoya Khan", "S-1234", &[]).await;
        for account in [&a, &b] {
            let id = student_id_in_list(&institute, &account.email).await;
            confirm(&institute, id).await;
        }

        let res = institute.get("/institute/students.csv").await;
        assert_eq!(res.status(), 200);
        assert_eq!(
            res.headers()["content-type"].to_str().unwrap(),
            "text/csv; charset=utf-8"
        );
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment")
        );
        let bytes = res.bytes().await.unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
        let csv = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "student name,email,degree,department,year,cgpa,internship title,company,status,applied date,last change,apaar id"
        );
        assert_eq!(lines.len(), 3, "one row per application or student: {csv}");
        let meera = lines
            .iter()
            .find(|l| l.contains(&a.email))
            .expect("Meera's application");
        assert!(
            meera.starts_with(&format!(
                "Meera Iyer,{},\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",\"Computer Science, AI\",2,8.50,\"Data \"\"Ops\"\" Intern\",Ledger Labs,Submitted,",
                a.email
            )),
            "{meera}"
        );
        let arjun = lines
            .iter()
            .find(|l| l.contains(&b.email))
            .expect("Arjun without applications");
        assert!(arjun.ends_with(",Commerce,,,,,,,,"), "{arjun}");
        assert!(
            !csv.contains(&c.email),
            "unconfirmed students are not exported"
        );
    }
);

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
