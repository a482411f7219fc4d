//! Hindi: with the `lang=hi` cookie, `Accept-Language: hi` or the footer's language switcher, the
//! student-facing pages render in Hindi, with no English catalogue text and no raw key left.

use crate::both_backends;
use crate::helpers::*;
use praktiki::web::i18n::{Lang, keys, t};

/// What a reader sees or hears of `html`: the text between tags and the attributes that carry
/// words (not `name="max_weeks"` and the like).
fn readable_text(html: &str) -> String {
    const WORDY: [&str; 5] = ["placeholder", "aria-label", "title", "alt", "data-confirm"];
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push('\n');
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open..open + close];
        for attr in WORDY {
            let marker = format!(" {attr}=\"");
            if let Some(start) = tag.find(&marker) {
                let value = &tag[start + marker.len()..];
                out.push_str(&value[..value.find('"').unwrap_or(value.len())]);
                out.push('\n');
            }
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// Fails when `html` is not a Hindi page: `<html lang>`, a raw catalogue key, or the English
/// text of a key under one of `sections` in what a reader sees.
fn assert_hindi(page: &str, html: &str, sections: &[&str]) {
    assert!(html.contains("<html lang=\"hi\">"), "{page}: not lang=hi");
    let readable = readable_text(html);
    let hindi_keys = keys(Lang::Hi);
    for key in keys(Lang::En) {
        assert!(
            !html.contains(&key),
            "{page}: shows the raw key {key}:\n{html}"
        );
        if !sections.iter().any(|s| key.starts_with(&format!("{s}."))) {
            continue;
        }
        // `t` falls back to English for a key hi.toml lacks; only a text that is the same in
        // both languages on purpose (APAAR ID) may show.
        let (english, hindi) = (t(Lang::En, &key), t(Lang::Hi, &key));
        if english != hindi || !hindi_keys.contains(&key) {
            assert!(
                !readable.contains(&english),
                "{page}: shows the English text of {key} ({english:?}):\n{readable}"
            );
        }
    }
}

both_backends!(student_pages_render_in_hindi, |app: TestApp| async move {
    // Signup page, signed out, by the `lang` cookie alone.
    let html = bare_client()
        .get(app.url("/signup"))
        .header("Cookie", "lang=hi")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_hindi("/signup", &html, &["auth", "nav"]);
    for text in ["अपना खाता बनाएँ", "आप कौन हैं?", "पूरा नाम", "पासवर्ड"]
    {
        assert!(html.contains(text), "/signup lacks {text:?}:\n{html}");
    }

    // Search page with a result, by `Accept-Language` alone.
    let employer = app.approved_employer("Hindi Labs").await;
    employer
        .post_internship(&[
            ("title", "Data Analyst Intern"),
            ("description", "Clean and chart sales data."),
            ("skills", "Python, SQL"),
            ("deadline", "2099-12-31"),
        ])
        .await;
    let html = bare_client()
        .get(app.url("/internships"))
        .header("Accept-Language", "hi-IN,hi;q=0.9,en;q=0.8")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_hindi("/internships", &html, &["internship", "search", "mode"]);
    for text in [
        "न्यूनतम स्टाइपेंड (₹/माह)",
        "1 इंटर्नशिप मिलीं",
        "Data Analyst Intern",
        "हाइब्रिड",
        "12 सप्ताह",
        "₹15,000 / माह",
        "आवेदन की अंतिम तिथि",
    ] {
        assert!(html.contains(text), "/internships lacks {text:?}:\n{html}");
    }

    // A signed-in student's profile page, after choosing Hindi in the footer switcher.
    let student = app.new_browser();
    student.signup("student").await;
    let res = student
        .post_form(
            "/profile",
            "/language",
            &[("lang", "hi"), ("next", "/profile")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/profile");
    assert_eq!(
        set_cookies(&res).get("lang").map(String::as_str),
        Some("hi")
    );
    let html = student.get_html("/profile").await;
    assert_hindi("/profile", &html, &["profile", "nav", "mode"]);
    for text in [
        "आपकी प्रोफ़ाइल",
        "कॉलेज या विश्वविद्यालय",
        "पसंदीदा शहर",
        "काम का तरीका",
        "आपके संस्थान का AISHE कोड",
        "सहेजें",
        "लॉग आउट",
    ] {
        assert!(html.contains(text), "/profile lacks {text:?}:\n{html}");
    }

    // The switcher goes back to English.
    student
        .post_form(
            "/profile",
            "/language",
            &[("lang", "en"), ("next", "/profile")],
        )
        .await;
    let html = student.get_html("/profile").await;
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Your profile"));
    assert!(!html.contains("आपकी प्रोफ़ाइल"));
});

// Messages written by code (a form's field errors, the flash after saving) follow the page's
// language: Hindi for a Hindi reader, the same English as before for everyone else.
both_backends!(
    form_errors_and_flashes_follow_the_language,
    |app: TestApp| async move {
        for lang in [Lang::Hi, Lang::En] {
            let browser = app.new_browser();
            let res = browser
                .post_form(
                    "/signup",
                    "/language",
                    &[("lang", lang.code()), ("next", "/signup")],
                )
                .await;
            assert_eq!(res.status(), 303);

            // (a) Too short a password: the form comes back with the message in the reader's
            // language and the values typed so far.
            let email = format!(
                "meera-{}@example.in",
                &uuid::Uuid::new_v4().simple().to_string()[..8]
            );
            let res = browser
                .post_form(
                    "/signup",
                    "/signup",
                    &[
                        ("full_name", "Meera Iyer"),
                        ("email", &email),
                        ("password", "short"),
                        ("role", "student"),
                    ],
                )
                .await;
            assert_eq!(res.status(), 422);
            let html = res.text().await.unwrap();
            let (hindi, english) = (
                "कम से कम 12 अक्षरों का उपयोग करें।",
                "Use at least 12 characters.",
            );
            let (wanted, unwanted) = match lang {
                Lang::Hi => (hindi, english),
                Lang::En => (english, hindi),
            };
            assert!(
                html.contains(wanted),
                "{lang:?} signup lacks {wanted:?}:\n{html}"
            );
            assert!(
                !html.contains(unwanted),
                "{lang:?} signup shows {unwanted:?}"
            );
            assert!(
                html.contains("value=\"Meera Iyer\""),
                "name not kept:\n{html}"
            );
            assert!(html.contains(&email), "email not kept:\n{html}");

            // (b) A bad PIN code, then the profile saved: the field error and the flash on the
            // next page are in the reader's language too.
            browser.signup("student").await;
            let res = browser
                .post_form(
                    "/profile",
                    "/profile",
                    &[
                        ("skills", "Python"),
                        ("current_city", "Pune"),
                        ("pincode", "41"),
                    ],
                )
                .await;
            assert_eq!(res.status(), 422);
            let html = res.text().await.unwrap();
            let pin = match lang {
                Lang::Hi => "PIN कोड में 6 अंक होते हैं।",
                Lang::En => "A PIN code has 6 digits.",
            };
            assert!(
                html.contains(pin),
                "{lang:?} profile lacks {pin:?}:\n{html}"
            );
            assert!(html.contains("value=\"Pune\""), "city not kept:\n{html}");

            let res = browser
                .post_form(
                    "/profile",
                    "/profile",
                    &[
                        ("skills", "Python"),
                        ("current_city", "Pune"),
                        ("pincode", "411001"),
                    ],
                )
                .await;
            assert_eq!(res.status(), 303);
            assert_eq!(location(&res), "/profile");
            let html = browser.get_html("/profile").await;
            let saved = match lang {
                Lang::Hi => "आपकी प्रोफ़ाइल सहेजी गई है। एक मिनट के भीतर सुझाव इसका उपयोग करेंगे।",
                Lang::En => "Your profile is saved. Recommendations will use it within a minute.",
            };
            assert!(
                html.contains(saved),
                "{lang:?} flash lacks {saved:?}:\n{html}"
            );
            assert!(!html.contains("flash.profile_saved"));
            // Shown once.
            assert!(!browser.get_html("/profile").await.contains(saved));
        }
    }
);
