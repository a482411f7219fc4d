//! Interviews in calendars (issue 15, item 5): the invitation email carries a `text/calendar`
//! part that a strict parser reads back; reschedules keep the UID and raise SEQUENCE; a cancel
//! is METHOD:CANCEL; the `.ics` downloads are checked for ownership; slots are booked first come,
//! first served, even when two students click at once.

use crate::both_backends;
use crate::helpers::*;
use crate::hiring_helpers::*;
use icalendar::{CalendarDateTime, Component, DatePerhapsTime};
use std::str::FromStr;

/// What the tests read from an invitation: METHOD, UID, SEQUENCE, DTSTART and its TZID.
struct Read {
    method: String,
    uid: String,
    sequence: u32,
    start: chrono::NaiveDateTime,
    tzid: String,
}

fn read(ics: &str) -> Read {
    let unfolded = icalendar::parser::unfold(ics);
    let parsed = icalendar::parser::read_calendar(&unfolded).expect("a valid iCalendar");
    let method = parsed
        .properties
        .iter()
        .find(|p| p.name == "METHOD")
        .map(|p| p.val.as_str().to_string())
        .expect("METHOD");
    assert!(parsed.components.iter().any(|c| c.name == "VTIMEZONE"));
    let calendar = icalendar::Calendar::from_str(ics).expect("a calendar");
    let event = calendar
        .components
        .iter()
        .find_map(|c| c.as_event())
        .expect("a VEVENT");
    let Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid })) =
        event.get_start()
    else {
        panic!("DTSTART is not a local time with a TZID:\n{ics}");
    };
    Read {
        method,
        uid: event.get_uid().expect("UID").to_string(),
        sequence: event.get_sequence().expect("SEQUENCE"),
        start: date_time,
        tzid,
    }
}

fn at(text: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

/// An approved employer, a posting, a verified student who applied and was shortlisted.
async fn shortlisted(app: &TestApp, company: &str) -> (TestApp, i64, TestApp, Account, i64) {
    let employer = app.approved_employer(company).await;
    let internship = employer
        .post_internship(&[
            ("title", "Design Intern"),
            ("description", "Draw screens."),
            ("skills", "Figma"),
        ])
        .await;
    let (student, account) = app.student_with_profile("Figma", "design").await;
    let apply = format!("/internships/{internship}/apply");
    let id = application_id(&student.post_form(&apply, &apply, &[]).await);
    let page = format!("/employer/internships/{internship}/applicants");
    let res = employer
        .post_form(
            &page,
            &format!("/employer/applications/{id}/status"),
            &[("status", "shortlisted")],
        )
        .await;
    assert_eq!(res.status(), 303);
    (employer, internship, student, account, id)
}

both_backends!(
    interview_invitations_reach_calendars_and_follow_every_change,
    |app: TestApp| async move {
        let (employer, internship, student, account, id) = shortlisted(&app, "Calendar Co").await;
        let page = format!("/employer/applications/{id}/interview");
        let res = employer
            .post_form(
                &page,
                &page,
                &[
                    ("scheduled_at", "2099-03-01T10:30"),
                    ("duration_minutes", "45"),
                    ("mode", "online"),
                    ("location_or_link", "https://meet.example.in/abc"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let sent = calendars_to(&app, &account.email).await;
        assert_eq!(sent.len(), 1);
        let eml = eml_of(&app, sent[0].0).await;
        let (headers, ics) = calendar_part(&eml);
        assert!(headers.contains("method=REQUEST"), "{headers}");
        // The HTML part may be quoted-printable (`=3D` for `=`).
        let html = eml.replace("=\r\n", "").replace("=3D", "=");
        assert!(
            html.contains("<a href=\"https://meet.example.in/abc\">"),
            "the link is a link"
        );
        let first = read(&ics);
        assert_eq!(first.method, "REQUEST");
        assert_eq!(first.tzid, "Asia/Kolkata");
        assert_eq!(first.start, at("2099-03-01 10:30"));

        // The same file is offered for download, to its student and its company only.
        let detail = student.get_html(&format!("/applications/{id}")).await;
        let ics_link = detail
            .split("href=\"")
            .find(|s| s.contains("calendar.ics"))
            .and_then(|s| s.split('"').next())
            .expect("an .ics link")
            .to_string();
        let res = student.get(&ics_link).await;
        assert_eq!(res.status(), 200);
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/calendar")
        );
        assert_eq!(read(&res.text().await.unwrap()).uid, first.uid);
        let (stranger, _) = app.student_with_profile("Excel", "finance").await;
        assert_eq!(stranger.get(&ics_link).await.status(), 404);
        let applicants = employer
            .get_html(&format!("/employer/internships/{internship}/applicants"))
            .await;
        let employer_ics = applicants
            .split("href=\"")
            .find(|s| s.starts_with("/employer/interviews/"))
            .and_then(|s| s.split('"').next())
            .unwrap()
            .to_string();
        let interview_base = employer_ics.trim_end_matches("/calendar.ics").to_string();
        assert_eq!(employer.get(&employer_ics).await.status(), 200);
        let other = app.approved_employer("Someone Else").await;
        assert_eq!(other.get(&employer_ics).await.status(), 404);

        // The student asks for another time; the employer reschedules: same UID, higher SEQUENCE.
        let res = student
            .post_form(
                &format!("/applications/{id}"),
                &ics_link.replace("calendar.ics", "another-time"),
                &[("note", "I have an exam that morning.")],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(
            employer
                .get_html(&format!("/employer/internships/{internship}/applicants"))
                .await
                .contains("I have an exam that morning.")
        );
        let reschedule = format!("{interview_base}/reschedule");
        let res = employer
            .post_form(
                &reschedule,
                &reschedule,
                &[
                    ("scheduled_at", "2099-03-02T15:00"),
                    ("duration_minutes", "45"),
                    ("mode", "online"),
                    ("location_or_link", "https://meet.example.in/abc"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let sent = calendars_to(&app, &account.email).await;
        let second = read(&calendar_part(&eml_of(&app, sent.last().unwrap().0).await).1);
        assert_eq!(second.uid, first.uid);
        assert!(second.sequence > first.sequence);
        assert_eq!(second.start, at("2099-03-02 15:00"));

        // Cancelled: METHOD:CANCEL, same UID, higher SEQUENCE again.
        let res = employer
            .post_form(&reschedule, &format!("{interview_base}/cancel"), &[])
            .await;
        assert_eq!(res.status(), 303);
        let sent = calendars_to(&app, &account.email).await;
        let (headers, ics) = calendar_part(&eml_of(&app, sent.last().unwrap().0).await);
        assert!(headers.contains("method=CANCEL"));
        let third = read(&ics);
        assert_eq!(
            (third.method.as_str(), third.uid.as_str()),
            ("CANCEL", first.uid.as_str())
        );
        assert!(third.sequence > second.sequence);
        // Cancelling twice is refused with a message, not a 500.
        let res = employer
            .post_form(&reschedule, &format!("{interview_base}/cancel"), &[])
            .await;
        assert_eq!(res.status(), 303);
    }
);

both_backends!(
    two_students_booking_the_last_slot_at_once_get_it_exactly_once,
    |app: TestApp| async move {
        let (employer, internship, first, first_account, first_id) =
            shortlisted(&app, "Slot Co").await;
        let (second, _) = app.student_with_profile("Figma", "design").await;
        let apply = format!("/internships/{internship}/apply");
        let second_id = application_id(&second.post_form(&apply, &apply, &[]).await);
        let applicants = format!("/employer/internships/{internship}/applicants");
        employer
            .post_form(
                &applicants,
                &format!("/employer/applications/{second_id}/status"),
                &[("status", "shortlisted")],
            )
            .await;
        let slots = format!("/employer/internships/{internship}/slots");
        // A bad time comes back with the error and what was typed.
        let res = employer
            .post_form(
                &slots,
                &slots,
                &[
                    ("scheduled_at", "soon"),
                    ("duration_minutes", "30"),
                    ("mode", "online"),
                    ("location_or_link", "Room 4"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("Room 4"));
        let res = employer
            .post_form(
                &slots,
                &slots,
                &[
                    ("scheduled_at", "2099-05-01T11:00"),
                    ("duration_minutes", "30"),
                    ("mode", "onsite"),
                    ("location_or_link", "Room 4"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let page = first
            .get_html(&format!("/applications/{first_id}/slots"))
            .await;
        let book = page
            .split("action=\"")
            .find(|s| s.contains("/book\""))
            .and_then(|s| s.split('"').next())
            .expect("a slot to book")
            .to_string();
        let slot = book.rsplit('/').nth(1).unwrap().to_string();
        let first_token = first
            .csrf_token(&format!("/applications/{first_id}/slots"))
            .await;
        let second_token = second
            .csrf_token(&format!("/applications/{second_id}/slots"))
            .await;
        let second_book = format!("/applications/{second_id}/slots/{slot}/book");
        let (a, b) = tokio::join!(
            first
                .client
                .post(first.url(&book))
                .form(&[("csrf_token", first_token.as_str())])
                .send(),
            second
                .client
                .post(second.url(&second_book))
                .form(&[("csrf_token", second_token.as_str())])
                .send(),
        );
        let winners: Vec<String> = [a.unwrap(), b.unwrap()]
            .iter()
            .map(location)
            .filter(|to| !to.ends_with("/slots"))
            .collect();
        assert_eq!(winners.len(), 1, "exactly one booking: {winners:?}");
        let loser = if winners[0].ends_with(&format!("/{first_id}")) {
            (&second, second_id)
        } else {
            (&first, first_id)
        };
        let told = loser
            .0
            .get_html(&format!("/applications/{}/slots", loser.1))
            .await;
        assert!(
            told.contains("someone else just booked this slot"),
            "{told}"
        );
        let winner_id = if loser.1 == first_id {
            second_id
        } else {
            first_id
        };
        assert_eq!(status_of(&app, winner_id).await, "interview");
        assert_eq!(status_of(&app, loser.1).await, "shortlisted");
        // The booked slot cannot be removed any more.
        let slots_page = employer.get_html(&slots).await;
        assert!(
            slots_page.contains("booked") && !slots_page.contains(&format!("/slots/{slot}/delete"))
        );
        if winner_id == first_id {
            let sent = calendars_to(&app, &first_account.email).await;
            assert_eq!(read(&sent.last().unwrap().1).start, at("2099-05-01 11:00"));
        }
    }
);
