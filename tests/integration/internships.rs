//! Profiles and internships: employers post once verified, the public searches, owners edit.

use crate::helpers::*;
use crate::{both_backends, words_only};

// Word matching, filters and places: exact pages need the words alone (`words_only!`).
words_only!(
    employer_posts_after_approval_and_the_public_finds_it,
    |app: TestApp| async move {
        // Before approval: no posting.
        let pending = app.new_browser();
        let account = pending.signup("employer").await;
        pending.verify(&account).await;
        pending
            .post_form(
                "/employer/profile",
                "/employer/profile",
                &[
                    ("company_name", "Waiting Co"),
                    ("contact_number", "9876543210"),
                ],
            )
            .await;
        assert_eq!(pending.get("/employer/internships/new").await.status(), 403);
        assert!(
            pending
                .get_html("/employer")
                .await
                .contains("waiting for verification")
        );

        let employer = app.approved_employer("Acme Analytics").await;
        // Bad input keeps the values and names the problems.
        let res = employer
            .post_form(
                "/employer/internships/new",
                "/employer/internships/new",
                &[
                    ("title", "Data <Intern>"),
                    ("mode", "moon"),
                    ("duration_weeks", "0"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("Data &#60;Intern&#62;") || html.contains("Data &lt;Intern&gt;"));
        assert!(
            html.contains("Choose remote, on-site or hybrid") && html.contains("duration in weeks")
        );
        let id = employer
            .post_internship(&[
                ("title", "Data Analyst Intern"),
                (
                    "description",
                    "Build Power BI dashboards and SQL reports for sales.",
                ),
                ("skills", "SQL, Power BI, Excel"),
                ("deadline", "2099-12-31"),
                ("question_1", "Which dashboard are you proudest of?"),
            ])
            .await;
        employer
            .post_internship(&[
                ("title", "Remote Content Writer"),
                ("description", "Write blogs"),
                ("skills", "Writing"),
                ("mode", "remote"),
                ("location", "Remote"),
                ("stipend_amount", "5000"),
            ])
            .await;

        let visitor = app.new_browser();
        let page = visitor.get_html(&format!("/internships/{id}")).await;
        assert!(
            page.contains("Data Analyst Intern")
                && page.contains("Acme Analytics")
                && page.contains("₹15,000 / month")
        );
        assert!(page.contains("Which dashboard are you proudest of?"));
        let all = visitor.get_html("/internships").await;
        assert!(
            all.contains("Data Analyst Intern")
                && all.contains("Remote Content Writer")
                && !all.contains("Waiting Co")
        );
        let q = visitor.get_html("/internships?q=power+bi").await;
        assert!(q.contains("Data Analyst Intern") && !q.contains("Remote Content Writer"));
        // Every word must match somewhere: title, description, location, company or a skill
        // ("excel" is only a listed skill here), in any order, punctuation aside.
        let words = |q: &'static str| {
            let visitor = visitor.new_browser();
            async move { visitor.get_html(&format!("/internships?q={q}")).await }
        };
        let found = words("excel%2C+pune+acme").await;
        assert!(found.contains("Data Analyst Intern") && !found.contains("Remote Content Writer"));
        let found = words("blogs+remote").await;
        assert!(!found.contains("Data Analyst Intern") && found.contains("Remote Content Writer"));
        let found = words("excel+blogs").await;
        assert!(!found.contains("Data Analyst Intern") && !found.contains("Remote Content Writer"));
        // A posting whose title holds the first word comes before one that only mentions it.
        let found = words("writer").await;
        assert!(found.contains("Remote Content Writer"));
        // A place's other name finds it: the posting is in Pune ("Poona"); Bombay finds nothing.
        let poona = visitor.get_html("/internships?location=Poona").await;
        assert!(poona.contains("Data Analyst Intern"), "{poona}");
        let bombay = visitor.get_html("/internships?location=Bombay").await;
        assert!(!bombay.contains("Data Analyst Intern"));
        let remote = visitor.get_html("/internships?mode=remote").await;
        assert!(
            !remote.contains("Data Analyst Intern") && remote.contains("Remote Content Writer")
        );
        let by_skill = visitor.get_html("/internships?skill=power%20bi").await;
        assert!(
            by_skill.contains("Data Analyst Intern") && !by_skill.contains("Remote Content Writer")
        );
        let paid = visitor
            .get_html("/internships?min_stipend=10000&max_weeks=12")
            .await;
        assert!(paid.contains("Data Analyst Intern") && !paid.contains("Remote Content Writer"));
        // Nonsense filters are ignored, not errors.
        assert_eq!(
            visitor
                .get("/internships?min_stipend=lots&page=-4")
                .await
                .status(),
            200
        );

        // Another employer can neither edit nor close it (it doesn't exist for them).
        let other = app.approved_employer("Other Co").await;
        assert_eq!(
            other
                .get(&format!("/employer/internships/{id}/edit"))
                .await
                .status(),
            404
        );
        assert_eq!(
            other
                .post_form(
                    "/employer/internships",
                    &format!("/employer/internships/{id}/close"),
                    &[]
                )
                .await
                .status(),
            404
        );
        // The owner closes it: it leaves the search.
        assert_eq!(
            employer
                .post_form(
                    "/employer/internships",
                    &format!("/employer/internships/{id}/close"),
                    &[]
                )
                .await
                .status(),
            303
        );
        assert!(
            !visitor
                .get_html("/internships")
                .await
                .contains("Data Analyst Intern")
        );
        assert!(
            visitor
                .get_html(&format!("/internships/{id}"))
                .await
                .contains("no longer takes applications")
        );
    }
);

both_backends!(
    student_profile_validates_and_keeps_values,
    |app: TestApp| async move {
        app.signup("student").await;
        let res = app
            .post_form(
                "/profile",
                "/profile",
                &[
                    ("university_name", "IIT Bombay"),
                    ("cgpa", "12"),
                    ("apaar_id", "123"),
                    ("skills", "Python, SQL"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("value=\"IIT Bombay\"") && html.contains("value=\"Python, SQL\""));
        assert!(html.contains("CGPA between 0 and 10") && html.contains("exactly 12 digits"));
        let res = app
            .post_form(
                "/profile",
                "/profile",
                &[
                    ("university_name", "IIT Bombay"),
                    ("degree", "B.Tech"),
                    ("department", "Computer Science"),
                    ("cgpa", "8.4"),
                    ("skills", "Python, SQL, python"),
                    ("work_mode", "remote"),
                    ("apaar_id", "123456789012"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let html = app.get_html("/profile").await;
        assert!(
            html.contains("value=\"Python, SQL\""),
            "skills normalised and deduplicated: {html}"
        );
        // APAAR IDs are unique.
        let other = app.new_browser();
        other.signup("student").await;
        let res = other
            .post_form("/profile", "/profile", &[("apaar_id", "123456789012")])
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("already registered"));
    }
);
