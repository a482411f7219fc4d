//! Hostile input that used to end in a 500 or a panic: NUL characters in forms and queries,
//! hostile texts and numbers — each gets a page or a form error, never a failure.

use crate::both_backends;
use crate::helpers::*;
use crate::security::apply;

both_backends!(
    nul_characters_in_forms_and_queries_are_refused_with_a_page,
    |app: TestApp| async move {
        let res = app.get("/internships?q=data%00analyst").await;
        assert_eq!(res.status(), 400);
        assert!(res.text().await.unwrap().contains("NUL"));
        let res = app.get("/login?next=%2F%00").await;
        assert_eq!(res.status(), 400);
        let email = format!("nul-{}@example.in", uuid::Uuid::new_v4().simple());
        let res = app
            .post_form(
                "/signup",
                "/signup",
                &[
                    ("full_name", "Asha\0 Verma"),
                    ("email", &email),
                    ("password", GOOD_PASSWORD),
                    ("role", "student"),
                ],
            )
            .await;
        assert_eq!(res.status(), 400);
        let res = app
            .post_form(
                "/login",
                "/login",
                &[("email", "a\0@example.in"), ("password", "x")],
            )
            .await;
        assert_eq!(res.status(), 400);
        let (student, _) = app.student_with_profile("SQL", "data").await;
        let res = student
            .post_form("/profile", "/profile", &[("interests", "data\0science")])
            .await;
        assert_eq!(res.status(), 400);
        assert!(!student.get_html("/profile").await.contains("science"));
        // The same forms without the NUL still work.
        let res = student
            .post_form("/profile", "/profile", &[("interests", "data science")])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(app.get("/internships?q=data").await.status(), 200);
    }
);

both_backends!(
    hostile_texts_and_numbers_get_form_errors_not_failures,
    |app: TestApp| async move {
        // Case mapping that shifts byte offsets ("K", the Kelvin sign, shrinks when lowercased
        // while "Ⱥ" grows) in a posting and a profile used to panic the skill extraction behind
        // recommendations and the applicants page.
        let tricky = "Skills \u{212A}: \u{23A}\u{23A}, SQL";
        let employer = app.approved_employer("Ledger Labs").await;
        let internship = employer
            .post_internship(&[
                ("title", "Data Analyst Intern"),
                ("description", tricky),
                ("skills", "SQL"),
            ])
            .await;
        let (student, _) = app.student_with_profile("SQL", tricky).await;
        apply(&student, internship).await;
        let res = employer
            .get(&format!("/employer/internships/{internship}/applicants"))
            .await;
        assert_eq!(res.status(), 200);
        assert_eq!(student.get("/recommendations").await.status(), 200);

        // Dates PostgreSQL cannot store, and numbers that overflow, are form errors.
        for (field, value) in [
            ("start_date", "-5000-01-01"),
            ("start_date", "+200000-01-01"),
            ("deadline", "99999-12-31"),
            ("stipend_amount", "99999999999999999999"),
            ("duration_weeks", "-2147483649"),
            ("openings", "1e9"),
        ] {
            let mut fields = vec![
                ("title", "Odd Intern"),
                ("description", "Odd"),
                ("location", "Pune"),
                ("mode", "remote"),
                ("duration_weeks", "12"),
                ("skills", "SQL"),
            ];
            fields.retain(|(name, _)| *name != field);
            fields.push((field, value));
            let res = employer
                .post_form(
                    "/employer/internships/new",
                    "/employer/internships/new",
                    &fields,
                )
                .await;
            assert_eq!(res.status(), 422, "{field}={value}");
        }
        // Huge page numbers and search numbers are clamped or ignored.
        for path in [
            "/internships?page=9223372036854775807",
            "/internships?min_stipend=99999999999999&max_weeks=-1",
            "/notifications?page=-9223372036854775808",
        ] {
            let res = student.get(path).await;
            assert_eq!(res.status(), 200, "{path}");
        }
        assert_eq!(student.get("/internships?page=1e99").await.status(), 400);

        // A login with an absurdly long address is just a failed login.
        let long: String = (0..150)
            .map(|_| uuid::Uuid::new_v4().simple().to_string())
            .collect();
        let res = app
            .new_browser()
            .login(&format!("{long}@example.in"), GOOD_PASSWORD)
            .await;
        assert_eq!(res.status(), 401);
    }
);
