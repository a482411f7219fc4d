//! The parties of the platform, ready to act: an approved employer and its postings, a student
//! with a profile, institutes verified and linked.

use super::*;

impl TestApp {
    /// A browser signed in as a verified employer whose company an admin approved.
    pub async fn approved_employer(&self, company: &str) -> TestApp {
        let employer = self.new_browser();
        let account = employer.signup("employer").await;
        employer.verify(&account).await;
        let res = employer
            .post_form(
                "/employer/profile",
                "/employer/profile",
                &[
                    ("company_name", company),
                    ("contact_number", "98765 43210"),
                    ("city", "Pune"),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        let admin = self.admin().await;
        let page = admin.get_html("/admin/employers").await;
        let marker = company.to_string();
        assert!(page.contains(&marker), "{page}");
        let start = page.find(&marker).unwrap();
        let action_start = page[start..].find("/admin/employers/").unwrap() + start;
        let action: String = page[action_start..]
            .chars()
            .take_while(|c| *c != '"')
            .collect();
        assert!(action.ends_with("/approve"), "{action}");
        assert_eq!(
            admin
                .post_form("/admin/employers", &action, &[])
                .await
                .status(),
            303
        );
        // The employer is told, in the app and by email.
        let told = format!("{company} is verified: you can post internships now.");
        assert!(employer.get_html("/notifications").await.contains(&told));
        assert!(latest_email(self, &account.email).await.contains(&told));
        employer
    }

    /// Posts an internship through the form; returns its id.
    pub async fn post_internship(&self, fields: &[(&str, &str)]) -> i64 {
        let all = with_defaults(fields);
        let res = self
            .post_form(
                "/employer/internships/new",
                "/employer/internships/new",
                &all,
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        location(&res)
            .trim_start_matches("/internships/")
            .parse()
            .expect("internship id")
    }

    /// Edits internship `id` through its form: `fields` (title, description and skills at
    /// least) over the same defaults as `post_internship`; asserts it was saved.
    pub async fn edit_internship(&self, id: i64, fields: &[(&str, &str)]) {
        let edit = format!("/employer/internships/{id}/edit");
        let res = self.post_form(&edit, &edit, &with_defaults(fields)).await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
    }

    /// A browser signed in as a verified student with a profile (skills, interests, Pune, B.Tech).
    pub async fn student_with_profile(&self, skills: &str, interests: &str) -> (TestApp, Account) {
        let browser = self.new_browser();
        let account = browser.signup("student").await;
        browser.verify(&account).await;
        let res = browser
            .post_form(
                "/profile",
                "/profile",
                &[
                    ("skills", skills),
                    ("interests", interests),
                    ("current_city", "Pune"),
                    ("degree", "B.Tech"),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        (browser, account)
    }
}

impl TestApp {
    /// A browser signed in as an institute with a verified email and a saved profile (waiting
    /// for an admin).
    pub async fn signup_verified_institute(&self, name: &str, aishe_code: &str) -> TestApp {
        let institute = self.new_browser();
        let account = institute.signup_as("institute", name).await;
        institute.verify(&account).await;
        let res = institute
            .post_form(
                "/institute/profile",
                "/institute/profile",
                &[
                    ("institute_name", name),
                    ("aishe_code", aishe_code),
                    ("contact_number", "020 2553 1234"),
                    ("city", "Pune"),
                    ("state", "Maharashtra"),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        institute
    }

    /// A browser signed in as a verified institute whose AISHE code an admin approved.
    pub async fn approved_institute(&self, name: &str, aishe_code: &str) -> TestApp {
        let institute = self.signup_verified_institute(name, aishe_code).await;
        let admin = self.admin().await;
        let action = admin_action(&admin, "/admin/institutes", name, "/approve").await;
        assert_eq!(
            admin
                .post_form("/admin/institutes", &action, &[])
                .await
                .status(),
            303
        );
        institute
    }

    /// A verified student named `full_name` whose profile links to the institute with
    /// `aishe_code`, plus `fields` of the profile form.
    pub async fn linked_student(
        &self,
        full_name: &str,
        aishe_code: &str,
        fields: &[(&str, &str)],
    ) -> (TestApp, Account) {
        let student = self.new_browser();
        let account = student.signup_as("student", full_name).await;
        student.verify(&account).await;
        let mut all: Vec<(&str, &str)> = vec![("aishe_code", aishe_code), ("degree", "B.Tech")];
        all.retain(|(k, _)| !fields.iter().any(|(f, _)| f == k));
        all.extend_from_slice(fields);
        let res = student.post_form("/profile", "/profile", &all).await;
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        (student, account)
    }
}

/// A posting form's fields: `fields` over a posting in Pune, hybrid, 12 weeks, ₹15,000, two
/// openings.
fn with_defaults<'a>(fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all: Vec<(&str, &str)> = vec![
        ("location", "Pune"),
        ("mode", "hybrid"),
        ("duration_weeks", "12"),
        ("stipend_amount", "15000"),
        ("openings", "2"),
    ];
    all.retain(|(k, _)| !fields.iter().any(|(f, _)| f == k));
    all.extend_from_slice(fields);
    all
}
