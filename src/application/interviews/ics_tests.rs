//! Unit tests of `ics.rs`.

use super::*;

fn invitation() -> Invitation {
    Invitation {
        uid: uid(7, "https://praktiki.example.in"),
        sequence: 2,
        method: Method::Request,
        start_ist: NaiveDateTime::parse_from_str("2026-12-10 10:30", "%Y-%m-%d %H:%M").unwrap(),
        minutes: 45,
        summary: "Interview: Data intern, Acme; Pune".into(),
        description: "साक्षात्कार ".repeat(20),
        location: Some("https://meet.example.com/abc".into()),
        url: meeting_link("https://meet.example.com/abc"),
        organizer: ("Acme \"Labs\"".into(), "hr@acme.example".into()),
        attendee: ("Asha".into(), "asha@example.in".into()),
        confirmed: false,
        stamp_utc: NaiveDateTime::parse_from_str("2026-12-02 10:00", "%Y-%m-%d %H:%M").unwrap(),
    }
}

#[test]
fn lines_end_in_crlf_fold_within_75_octets_and_escape_text() {
    let ics = render(&invitation());
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{line:?}");
        assert!(!line.contains('\n'));
    }
    assert!(ics.contains("SUMMARY:Interview: Data intern\\, Acme\\; Pune\r\n"));
    assert!(ics.contains("UID:interview-7@praktiki.example.in\r\n"));
    assert!(ics.contains("DTSTART;TZID=Asia/Kolkata:20261210T103000\r\n"));
    assert!(ics.contains("DTEND;TZID=Asia/Kolkata:20261210T111500\r\n"));
    assert!(ics.contains("ORGANIZER;CN=\"Acme Labs\":mailto:hr@acme.example\r\n"));
    // Unfolding gives the Hindi text back whole.
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains(&"साक्षात्कार ".repeat(20)));
}

#[test]
fn only_web_addresses_are_links() {
    assert!(meeting_link("https://meet.example.com/x").is_some());
    assert!(meeting_link("Room 4, Baner Road").is_none());
    assert!(meeting_link("javascript:alert(1)").is_none());
    assert!(meeting_link("https://a b").is_none());
}
