//! Students link to a verified institute with its code and are confirmed; the institute exports
//! its confirmed students' applications as CSV, safely.

use crate::both_backends;
use crate::helpers::*;
use crate::institutes::*;

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
