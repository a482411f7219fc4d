//! The printable CV (issue 14, item 2): `/resume/print` and `/resume/cv.pdf` hold the student's
//! own name, skills and projects — in English and in Hindi, read back from the PDF with the
//! project's own PDF reader (lopdf, as resume uploads are read) — for students only, and an
//! empty profile gives a sensible page.

use crate::both_backends;
use crate::helpers::*;
use std::collections::HashMap;

/// The text of a PDF, read back with lopdf as PDF 32000-1 says a reader extracts it: each
/// glyph through its font's ToUnicode map, except inside a marked-content span with an
/// `/ActualText` (§14.9.4), whose text replaces the glyphs it covers (shaped Devanagari: a short
/// i drawn before its consonant, conjuncts as one glyph). A new text line where the text
/// matrix moves to another baseline. (lopdf's own `extract_text` ignores ActualText.)
fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf loads it");
    let mut out = String::new();
    for (_, page) in doc.get_pages() {
        let fonts = doc.get_page_fonts(page).expect("page fonts");
        let encodings: HashMap<Vec<u8>, lopdf::Encoding> = fonts
            .iter()
            .map(|(name, font)| {
                (
                    name.clone(),
                    font.get_font_encoding(&doc).expect("encoding"),
                )
            })
            .collect();
        let content =
            lopdf::content::Content::decode(&doc.get_page_content(page)).expect("content stream");
        let (mut font, mut depth, mut baseline) = (None, 0, None::<f32>);
        let mut actual: Option<(i32, Option<String>)> = None;
        for op in &content.operations {
            let operand = |i: usize| op.operands.get(i);
            match op.operator.as_str() {
                "Tf" => {
                    font = operand(0)
                        .and_then(|n| n.as_name().ok())
                        .map(<[u8]>::to_vec)
                }
                "Tm" => {
                    // Marks raised or lowered by shaping move the matrix a little; a new line
                    // moves it by a line's height.
                    let y = operand(5).and_then(|y| {
                        y.as_float()
                            .ok()
                            .or_else(|| y.as_i64().ok().map(|i| i as f32))
                    });
                    if baseline.is_some_and(|b| y.is_some_and(|y| (b - y).abs() > 6.0)) {
                        out.push('\n');
                    }
                    if y.is_some_and(|y| baseline.is_none_or(|b| (b - y).abs() > 6.0)) {
                        baseline = y;
                    }
                }
                "BMC" => depth += 1,
                "BDC" => {
                    depth += 1;
                    let text = operand(1)
                        .and_then(|p| p.as_dict().ok())
                        .and_then(|p| p.get(b"ActualText").ok())
                        .and_then(|t| lopdf::decode_text_string(t).ok());
                    if let (None, Some(text)) = (&actual, text) {
                        // Said where its glyphs are shown (after their text matrix).
                        actual = Some((depth, Some(text)));
                    }
                }
                "EMC" => {
                    if actual.as_ref().is_some_and(|(d, _)| *d == depth) {
                        actual = None;
                    }
                    depth -= 1;
                }
                "Tj" | "TJ" => {
                    if let Some((_, text)) = &mut actual {
                        out.push_str(&text.take().unwrap_or_default());
                        continue;
                    }
                    let encoding = font
                        .as_ref()
                        .and_then(|f| encodings.get(f))
                        .expect("font set");
                    let strings = match operand(0) {
                        Some(lopdf::Object::Array(parts)) => parts.iter().collect(),
                        Some(one) => vec![one],
                        None => vec![],
                    };
                    for part in strings {
                        if let lopdf::Object::String(bytes, _) = part {
                            out.push_str(
                                &lopdf::Document::decode_text(encoding, bytes).expect("decodes"),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        out.push('\n');
    }
    // Lines as one text: an item wrapped over two lines is still found.
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Pages of a valid PDF.
fn page_count(bytes: &[u8]) -> usize {
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    lopdf::Document::load_mem(bytes)
        .expect("lopdf loads it")
        .get_pages()
        .len()
}

/// Saves a profile and a resume with these skills, projects and fields.
async fn fill(student: &TestApp, profile: &[(&str, &str)], resume: &[(&str, &str)]) {
    let res = student.post_form("/profile", "/profile", profile).await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let res = student.post_form("/resume", "/resume", resume).await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
}

async fn get_pdf(student: &TestApp) -> Vec<u8> {
    let res = student.get("/resume/cv.pdf").await;
    assert_eq!(res.status(), 200);
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(header("content-type"), "application/pdf");
    assert!(header("content-disposition").starts_with("attachment"));
    assert!(header("cache-control").contains("no-store"));
    res.bytes().await.expect("body").to_vec()
}

const PROFILE: &[(&str, &str)] = &[
    ("skills", "Python, Docker, Kubernetes"),
    ("interests", "data analysis"),
    ("current_city", "Pune"),
    ("degree", "B.Tech"),
    ("department", "Computer Engineering"),
    ("university_name", "Savitribai Phule Pune University"),
    ("year", "3"),
    ("projects", "Built a crop price tracker for Pune mandis"),
];
const RESUME: &[(&str, &str)] = &[
    ("headline", "Data science student"),
    ("projects", "- Deployed a FastAPI service on Kubernetes"),
    ("github_url", "https://github.com/asha-verma"),
];

both_backends!(
    the_pdf_and_the_print_page_hold_name_skills_and_projects,
    |app: TestApp| async move {
        let student = app.new_browser();
        student.signup_as("student", "Asha Verma").await;
        fill(&student, PROFILE, RESUME).await;
        let other = app.new_browser();
        other.signup_as("student", "Kabir Rao").await;

        // Figures, not assertions (README, "Your data"): the first PDF also reads the fonts.
        let started = std::time::Instant::now();
        let pdf = get_pdf(&student).await;
        let first = started.elapsed();
        let started = std::time::Instant::now();
        get_pdf(&student).await;
        println!(
            "cv.pdf ({:?}): first {first:.1?}, then {:.1?}, {} bytes",
            app.backend,
            started.elapsed(),
            pdf.len()
        );
        let pages = page_count(&pdf);
        assert!((1..=2).contains(&pages), "one or two pages, not {pages}");
        let text = pdf_text(&pdf);
        let html = student.get_html("/resume/print").await;
        for needle in [
            "Asha Verma",
            "Data science student",
            "Python",
            "Docker",
            "Kubernetes",
            "Built a crop price tracker for Pune mandis",
            "Deployed a FastAPI service on Kubernetes",
            "B.Tech, Computer Engineering",
            "Savitribai Phule Pune University",
            "https://github.com/asha-verma",
            "Skills",
            "Projects",
            "Education",
        ] {
            assert!(text.contains(needle), "PDF lacks {needle:?}:\n{text}");
            assert!(html.contains(needle), "print page lacks {needle:?}");
        }
        assert!(!text.contains("Kabir"), "her own data only");

        // Her own, never another student's: the other student's CV has none of it.
        let theirs = pdf_text(&get_pdf(&other).await);
        assert!(theirs.contains("Kabir Rao"));
        assert!(
            !theirs.contains("Asha") && !theirs.contains("Kubernetes"),
            "{theirs}"
        );

        // The print stylesheet: an A4 page, and only the CV on paper.
        assert!(html.contains(r#"<link rel="stylesheet" href="/static/cv.css">"#));
        assert!(
            html.contains("data-print"),
            "a Print button for window.print()"
        );
        assert!(
            html.contains(r#"href="/resume/cv.pdf""#),
            "a link to the PDF"
        );
        let css = student.get("/static/cv.css").await;
        assert_eq!(css.status(), 200);
        let css = css.text().await.unwrap_or_default();
        assert!(css.contains("@page { size: A4;"), "{css}");
        assert!(css.contains("@media print"));
        let print_rules = &css[css.find("@media print").unwrap_or(0)..];
        assert!(print_rules.contains(".site-header") && print_rules.contains("display: none"));

        // Linked from the resume page and the dashboard.
        let resume = student.get_html("/resume").await;
        assert!(resume.contains(r#"href="/resume/print""#));
        assert!(resume.contains(r#"href="/resume/cv.pdf""#));
        let dashboard = student.get_html("/dashboard").await;
        assert!(
            dashboard.contains(r#"href="/resume/print""#),
            "dashboard links the CV"
        );
    }
);

/// Hindi names as Indian students write them: conjuncts (प्र, क्ष, श्र), reph (र्मा), the
/// short i written before its consonant (प्रि, ति), nukta and candrabindu.
const HINDI_NAME: &str = "प्रिया शर्मा";
const HINDI_PROJECT: &str = "किसानों के लिए मौसम की जानकारी वाला ऐप बनाया";

both_backends!(
    a_hindi_cv_reads_back_in_devanagari,
    |app: TestApp| async move {
        let student = app.new_browser();
        student.signup_as("student", HINDI_NAME).await;
        let res = student
            .post_form("/", "/language", &[("lang", "hi"), ("next", "/")])
            .await;
        assert_eq!(res.status(), 303);
        fill(
            &student,
            &[
                ("skills", "Python, डेटा विश्लेषण"),
                ("current_city", "लखनऊ"),
                ("projects", HINDI_PROJECT),
                ("degree", "बी.एससी"),
                ("university_name", "क्षेत्रीय श्रीनिवास महाविद्यालय"),
            ],
            &[("headline", "डेटा साइंस की छात्रा, Python और SQL")],
        )
        .await;

        let pdf = get_pdf(&student).await;
        assert_eq!(page_count(&pdf), 1);
        let text = pdf_text(&pdf);
        let html = student.get_html("/resume/print").await;
        for needle in [
            HINDI_NAME,
            HINDI_PROJECT,
            "डेटा विश्लेषण",
            "Python",
            "लखनऊ",
            "क्षेत्रीय श्रीनिवास महाविद्यालय",
            "डेटा साइंस की छात्रा, Python और SQL",
            // Headings in the page's language.
            "कौशल",
            "प्रोजेक्ट",
            "शिक्षा",
        ] {
            assert!(text.contains(needle), "PDF lacks {needle:?}:\n{text}");
            assert!(html.contains(needle), "print page lacks {needle:?}");
        }
        assert!(html.contains(r#"<article class="cv" id="cv" lang="hi">"#));
    }
);

both_backends!(
    an_empty_profile_gets_a_sensible_cv,
    |app: TestApp| async move {
        let student = app.new_browser();
        student.signup_as("student", "Meera Iyer").await;
        let res = student.get("/resume/print").await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap_or_default();
        assert!(html.contains("Meera Iyer"));
        assert!(html.contains(r#"id="cv-empty""#), "says how to fill it");
        assert!(html.contains(r#"href="/profile""#));
        let pdf = get_pdf(&student).await;
        assert_eq!(page_count(&pdf), 1);
        assert!(pdf_text(&pdf).contains("Meera Iyer"));
    }
);

both_backends!(only_students_have_a_cv, |app: TestApp| async move {
    let signed_out = app.new_browser();
    for path in ["/resume/print", "/resume/cv.pdf"] {
        let res = signed_out.get(path).await;
        assert_eq!(res.status(), 303, "{path}");
        assert!(location(&res).starts_with("/login"), "{path}");
    }
    let employer = app.new_browser();
    employer.signup("employer").await;
    let institute = app.new_browser();
    institute.signup("institute").await;
    for browser in [&employer, &institute] {
        for path in ["/resume/print", "/resume/cv.pdf"] {
            let res = browser.get(path).await;
            assert_eq!(res.status(), 403, "{path}");
            let body = res.text().await.unwrap_or_default();
            assert!(!body.starts_with("%PDF"), "{path}");
        }
    }
});

/// Fonts are files on the server, not data: one backend shows it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_fonts_give_a_clear_page_not_a_500() {
    let vars = HashMap::from([("FONT_DIR".to_string(), "/nonexistent/fonts".to_string())]);
    let app = TestApp::spawn_with(Backend::Sqlite, vars, Some(shared_model())).await;
    let student = app.new_browser();
    student.signup_as("student", "Asha Verma").await;
    let res = student.get("/resume/cv.pdf").await;
    assert_eq!(res.status(), 503);
    let html = res.text().await.unwrap_or_default();
    assert!(html.contains(r#"id="cv-unavailable""#), "{html}");
    assert!(
        html.contains(r#"href="/resume/print""#),
        "points to the printable page"
    );
    assert_eq!(student.get("/resume/print").await.status(), 200);
}
