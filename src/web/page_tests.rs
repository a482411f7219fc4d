//! Unit tests of `page.rs`.

use super::*;

fn ctx(lang: Lang) -> PageCtx {
    PageCtx {
        lang,
        user: None,
        csrf_token: String::new(),
        flashes: Vec::new(),
        request_id: String::new(),
        path: "/".into(),
    }
}

#[test]
fn stipend_reads_as_before_in_english_and_is_translated() {
    let (en, hi) = (ctx(Lang::En), ctx(Lang::Hi));
    assert_eq!(en.stipend(&Some(125000)), "₹1,25,000 / month");
    assert_eq!(en.stipend(&None), "Unpaid");
    assert_eq!(en.stipend(&Some(0)), "Unpaid");
    assert_eq!(hi.stipend(&Some(15000)), "₹15,000 / माह");
    assert_eq!(hi.stipend(&None), "बिना स्टाइपेंड");
}

#[test]
fn stored_statuses_and_modes_have_words_in_hindi() {
    let hi = ctx(Lang::Hi);
    for status in ["draft", "active", "closed", "taken_down"] {
        assert_ne!(hi.internship_status(status), status);
    }
    for mode in ["online", "onsite", "phone"] {
        assert_ne!(hi.interview_mode(mode), mode);
    }
    for status in ["proposed", "confirmed", "cancelled", "completed"] {
        assert_ne!(hi.interview_status(status), status);
    }
}

/// Every note `location_fit` can write (read from its source, so a new or reworded note
/// fails here) reads the same in English and has a Hindi translation.
#[test]
fn every_location_note_of_the_matching_is_translated() {
    let source = include_str!("../matching/ranking/location.rs");
    let start = source
        .find("pub fn location_fit")
        .expect("location_fit in src/matching/ranking/location.rs");
    let body = &source[start..];
    let body = &body[..body.find("\n}\n").expect("end of location_fit")];
    let notes: Vec<&str> = body
        .split(".0, \"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(notes.len() >= 9, "found only {notes:?}");
    let (en, hi) = (ctx(Lang::En), ctx(Lang::Hi));
    for note in notes {
        assert_eq!(en.location_note(note), note);
        assert_ne!(hi.location_note(note), note, "no Hindi for {note:?}");
    }
}

#[test]
fn next_stays_on_this_site() {
    for local in ["/", "/dashboard", "/internships?q=rust&page=2", "/a/b#c"] {
        assert_eq!(safe_next(local), local);
    }
    for foreign in [
        "",
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "/ /evil.example",
        "\t//evil.example",
        "/\u{0}",
    ] {
        assert_eq!(safe_next(foreign), "/", "{foreign:?}");
    }
}
