//! Team seats (issue 15, item 6) and employers who answer (item 8): members act for their
//! company, only the owner manages the team, a removed member loses access at once; the
//! dashboard's median time to a first answer matches the test's own computation.

use crate::both_backends;
use crate::helpers::*;
use crate::hiring_helpers::*;
use chrono::{Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use praktiki::db::DbError;
use praktiki::db::schema::{application_events, users};

both_backends!(
    members_act_for_their_company_and_only_the_owner_manages_the_team,
    |app: TestApp| async move {
        let owner = app.approved_employer("Team Co").await;
        let internship = owner
            .post_internship(&[
                ("title", "QA Intern"),
                ("description", "Test things."),
                ("skills", "Testing"),
            ])
            .await;
        let seeded = seed_applicants(&app, internship, 1, Utc::now().naive_utc()).await;
        let colleague = app.new_browser();
        let account = colleague.signup_as("employer", "Ravi Iyer").await;
        colleague.verify(&account).await;
        let applicants = format!("/employer/internships/{internship}/applicants");
        assert_eq!(
            colleague.get(&applicants).await.status(),
            404,
            "not a member yet"
        );

        // A bad address comes back with the error and what was typed.
        let res = owner
            .post_form(
                "/employer/team",
                "/employer/team/invite",
                &[("email", "ravi at example")],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("ravi at example"));
        let res = owner
            .post_form(
                "/employer/team",
                "/employer/team/invite",
                &[("email", &account.email)],
            )
            .await;
        assert_eq!(res.status(), 303);
        let res = owner
            .post_form(
                "/employer/team",
                "/employer/team/invite",
                &[("email", &account.email)],
            )
            .await;
        assert_eq!(res.status(), 422, "invited twice");
        let link = link_in(
            &latest_email(&app, &account.email).await,
            "/employer/team/join?token=",
        );
        let join = colleague.get_html(&link).await;
        assert!(join.contains("Team Co"));
        let token = link.split("token=").nth(1).unwrap().to_string();
        let res = colleague
            .post_form(&link, "/employer/team/join", &[("token", &token)])
            .await;
        assert_eq!(res.status(), 303);

        // The member sees and moves the company's applicants; the move records who made it.
        assert_eq!(colleague.get(&applicants).await.status(), 200);
        let id = seeded[0].application_id;
        let res = colleague
            .post_form(
                &applicants,
                &format!("/employer/applications/{id}/status"),
                &[("status", "shortlisted")],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(status_of(&app, id).await, "shortlisted");
        let email = account.email.clone();
        let (actor, member): (Option<i64>, i64) = app
            .app_state
            .db
            .run(move |conn| {
                let actor = application_events::table
                    .filter(application_events::application_id.eq(id))
                    .order(application_events::id.desc())
                    .select(application_events::actor_user_id)
                    .first::<Option<i64>>(conn)?;
                let member = users::table
                    .filter(users::email.eq(email))
                    .select(users::id)
                    .first(conn)?;
                Ok::<_, DbError>((actor, member))
            })
            .await
            .unwrap();
        assert_eq!(actor, Some(member));

        // A member cannot invite or remove; the owner can.
        let team = colleague.get_html("/employer/team").await;
        assert!(team.contains("Only the company") && !team.contains("/employer/team/invite"));
        let res = colleague
            .post_form(
                "/employer/team",
                "/employer/team/invite",
                &[("email", "x@example.in")],
            )
            .await;
        assert_eq!(res.status(), 403);
        let owner_team = owner.get_html("/employer/team").await;
        let remove_at = owner_team.find("/remove\"").expect("a remove button");
        let start = owner_team[..remove_at].rfind('"').unwrap() + 1;
        let remove = format!("{}/remove", &owner_team[start..remove_at]);
        assert_eq!(
            colleague
                .post_form("/employer/team", &remove, &[])
                .await
                .status(),
            403
        );
        assert_eq!(
            owner
                .post_form("/employer/team", &remove, &[])
                .await
                .status(),
            303
        );
        // Removed: access ends with the very next request.
        assert_eq!(colleague.get(&applicants).await.status(), 404);
        let res = colleague
            .post_form(
                "/employer/team",
                &format!("/employer/applications/{id}/status"),
                &[("status", "interview")],
            )
            .await;
        assert_eq!(res.status(), 404);
        assert_eq!(status_of(&app, id).await, "shortlisted");
    }
);

/// Sets an application's history: applied `applied_days_ago`, answered (shortlisted by
/// `actor`) `answer_hours` later.
async fn answered(app: &TestApp, id: i64, applied: NaiveDateTime, answer_hours: i64, actor: i64) {
    use praktiki::db::schema::applications;
    app.app_state
        .db
        .run(move |conn| {
            diesel::update(applications::table.find(id))
                .set((
                    applications::status.eq("shortlisted"),
                    applications::applied_at.eq(applied),
                ))
                .execute(conn)?;
            diesel::update(
                application_events::table.filter(application_events::application_id.eq(id)),
            )
            .set(application_events::created_at.eq(applied))
            .execute(conn)?;
            diesel::insert_into(application_events::table)
                .values((
                    application_events::application_id.eq(id),
                    application_events::from_status.eq(Some("submitted")),
                    application_events::to_status.eq("shortlisted"),
                    application_events::actor_user_id.eq(Some(actor)),
                    application_events::created_at.eq(applied + Duration::hours(answer_hours)),
                ))
                .execute(conn)?;
            Ok::<_, DbError>(())
        })
        .await
        .unwrap();
}

both_backends!(
    the_dashboard_median_time_to_first_answer_matches_the_tests_computation,
    |app: TestApp| async move {
        let employer = app.approved_employer("Quick Replies").await;
        let internship = employer
            .post_internship(&[
                ("title", "Sales Intern"),
                ("description", "Sell."),
                ("skills", "Sales"),
            ])
            .await;
        let now = Utc::now().naive_utc();
        let seeded = seed_applicants(&app, internship, 7, now - Duration::days(30)).await;
        let employer_user: i64 = app
            .app_state
            .db
            .run(|conn| {
                use praktiki::db::schema::employer_profiles;
                employer_profiles::table
                    .filter(employer_profiles::company_name.eq("Quick Replies"))
                    .select(employer_profiles::user_id)
                    .first(conn)
                    .map_err(DbError::from)
            })
            .await
            .unwrap();
        let hours = [20, 50, 70, 100, 130];
        for (s, h) in seeded.iter().zip(hours) {
            answered(
                &app,
                s.application_id,
                now - Duration::days(30),
                h,
                employer_user,
            )
            .await;
        }
        // Two unanswered for 30 days: flagged. Their count is in "applied" only.
        let mut days: Vec<f64> = hours.iter().map(|h| *h as f64 / 24.0).collect();
        days.sort_by(f64::total_cmp);
        let median = days[days.len() / 2];
        let dashboard = employer.get_html("/employer").await;
        let row_at = dashboard
            .find(&format!("id=\"funnel-{internship}\""))
            .expect("a funnel row");
        let row = &dashboard[row_at..];
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(
            row.contains(&format!("<td class=\"median\">{median:.1}</td>")),
            "{row}"
        );
        assert!(
            row.contains("<td>7</td><td>5</td><td>5</td><td>0</td>"),
            "{row}"
        );
        assert!(row.contains("2 waiting"), "{row}");
        // Five answered applications are enough history: students see it on the posting.
        let public = app
            .new_browser()
            .get_html(&format!("/internships/{internship}"))
            .await;
        assert!(
            public.contains(&format!(
                "usually answers within {} days",
                median.ceil() as i64
            )),
            "{public}"
        );
    }
);
