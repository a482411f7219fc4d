//! iCalendar (RFC 5545) invitations for interviews, written by hand: the format is small, and
//! the rules that matter are kept here — CRLF line ends, lines folded at 75 octets (never inside
//! a character), TEXT values escaped, and local times with `TZID=Asia/Kolkata` and its VTIMEZONE.
//! An integration test reads what this writes back with a strict parser crate.

use chrono::{Duration, NaiveDateTime};

/// The iTIP method of an invitation (RFC 5546): a new or changed meeting, or its cancellation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Request,
    Cancel,
}

/// Everything an invitation says.
#[derive(Debug, Clone)]
pub struct Invitation {
    /// Stable across every version of the same interview.
    pub uid: String,
    /// Grows with every change (reschedule, confirmation, cancellation).
    pub sequence: i32,
    pub method: Method,
    /// Start as the employer typed it, in Indian Standard Time.
    pub start_ist: NaiveDateTime,
    pub minutes: i32,
    pub summary: String,
    pub description: String,
    pub location: Option<String>,
    /// The meeting link, when the place is a web address.
    pub url: Option<String>,
    pub organizer: (String, String),
    pub attendee: (String, String),
    pub confirmed: bool,
    /// When this version was made, in UTC.
    pub stamp_utc: NaiveDateTime,
}

/// `place` as a meeting link when it is one (an http(s) address without spaces).
pub fn meeting_link(place: &str) -> Option<String> {
    let place = place.trim();
    let is_web = place.starts_with("https://") || place.starts_with("http://");
    (is_web
        && !place
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"'))
    .then(|| place.to_string())
}

/// The stable UID of an interview's invitations.
pub fn uid(interview_id: i64, base_url: &str) -> String {
    let host = url::Url::parse(base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "praktiki.local".into());
    format!("interview-{interview_id}@{host}")
}

const LOCAL: &str = "%Y%m%dT%H%M%S";

/// The invitation as an `.ics` file.
pub fn render(inv: &Invitation) -> String {
    let method = match inv.method {
        Method::Request => "REQUEST",
        Method::Cancel => "CANCEL",
    };
    let status = match (inv.method, inv.confirmed) {
        (Method::Cancel, _) => "CANCELLED",
        (Method::Request, true) => "CONFIRMED",
        (Method::Request, false) => "TENTATIVE",
    };
    let end = inv.start_ist + Duration::minutes(i64::from(inv.minutes));
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Praktiki//Interviews//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        format!("METHOD:{method}"),
        // India has kept one offset, without daylight saving, since 1945.
        "BEGIN:VTIMEZONE".into(),
        "TZID:Asia/Kolkata".into(),
        "BEGIN:STANDARD".into(),
        "DTSTART:19700101T000000".into(),
        "TZOFFSETFROM:+0530".into(),
        "TZOFFSETTO:+0530".into(),
        "TZNAME:IST".into(),
        "END:STANDARD".into(),
        "END:VTIMEZONE".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}", text(&inv.uid)),
        format!("SEQUENCE:{}", inv.sequence.max(0)),
        format!("DTSTAMP:{}Z", inv.stamp_utc.format(LOCAL)),
        format!("DTSTART;TZID=Asia/Kolkata:{}", inv.start_ist.format(LOCAL)),
        format!("DTEND;TZID=Asia/Kolkata:{}", end.format(LOCAL)),
        format!("SUMMARY:{}", text(&inv.summary)),
        format!("DESCRIPTION:{}", text(&inv.description)),
    ];
    if let Some(location) = &inv.location {
        lines.push(format!("LOCATION:{}", text(location)));
    }
    if let Some(url) = &inv.url {
        lines.push(format!("URL:{url}"));
    }
    lines.push(format!(
        "ORGANIZER;CN={}:mailto:{}",
        param(&inv.organizer.0),
        inv.organizer.1.trim()
    ));
    lines.push(format!(
        "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT={};RSVP=TRUE:mailto:{}",
        param(&inv.attendee.0),
        if inv.confirmed {
            "ACCEPTED"
        } else {
            "NEEDS-ACTION"
        },
        inv.attendee.1.trim()
    ));
    lines.push(format!("STATUS:{status}"));
    lines.push("END:VEVENT".into());
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in lines {
        fold_into(&mut out, &line);
    }
    out
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped; other
/// control characters dropped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let value = value.replace("\r\n", "\n");
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value: always quoted; a double quote cannot appear inside one, nor a control.
fn param(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| *c != '"' && !c.is_control())
        .collect();
    format!("\"{clean}\"")
}

/// Appends `line` folded at 75 octets (continuation lines start with a space) and ended by CRLF.
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
#[path = "ics_tests.rs"]
mod tests;
