//! Unit tests of `extract.rs`.

use super::*;
use std::io::Write;

fn docx(document_xml: &str) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", deflated).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file(DOCUMENT_XML, deflated).unwrap();
    zip.write_all(document_xml.as_bytes()).unwrap();
    zip.finish().unwrap();
    out.into_inner()
}

#[test]
fn a_built_docx_is_a_docx() {
    assert_eq!(Kind::sniff(&docx("<w:document/>")), Some(Kind::Docx));
}

#[test]
fn docx_runs_paragraphs_and_entities() {
    let xml = r#"<?xml version="1.0"?><w:document><w:body>
        <w:p><w:r><w:t>Skills:</w:t></w:r><w:r><w:t xml:space="preserve"> Python &amp; SQL</w:t></w:r></w:p>
        <w:p><w:r><w:t>R&#233;sum&#xE9;</w:t><w:tab/><w:t>2024</w:t></w:r></w:p>
        <w:p><w:r><w:t/></w:r></w:p></w:body></w:document>"#;
    let text = text(Kind::Docx, &docx(xml)).unwrap().unwrap();
    assert_eq!(text, "Skills: Python & SQL\nRésumé 2024");
}

#[test]
fn fixture_files_give_their_text() {
    let pdf = include_bytes!("../../../tests/fixtures/resume.pdf");
    assert_eq!(Kind::sniff(pdf), Some(Kind::Pdf));
    let text = text(Kind::Pdf, pdf).unwrap().unwrap();
    assert!(text.contains("Skills: Python, SQL, Tableau"), "{text}");
    assert!(text.contains("churn dashboard"), "{text}");
    // A page of drawing only (a scan would be an image): a PDF, without text.
    let scan = include_bytes!("../../../tests/fixtures/scan.pdf");
    assert_eq!(Kind::sniff(scan), Some(Kind::Pdf));
    assert_eq!(super::text(Kind::Pdf, scan), Ok(None));
    let docx = include_bytes!("../../../tests/fixtures/resume.docx");
    assert_eq!(Kind::sniff(docx), Some(Kind::Docx));
    let text = super::text(Kind::Docx, docx).unwrap().unwrap();
    assert!(text.contains("Flutter & Kotlin app developer"), "{text}");
    assert!(text.contains("Certifications: Google Associate"), "{text}");
}

#[test]
fn garbage_gives_no_text_and_no_panic() {
    assert_eq!(text(Kind::Pdf, b"%PDF-1.7 broken"), Ok(None));
    assert_eq!(text(Kind::Docx, b"PK\x03\x04"), Ok(None));
    assert_eq!(
        unescape("a & b &bogus; &#xZZ; &lt;"),
        "a & b &bogus; &#xZZ; <"
    );
}

#[test]
fn text_is_tidied_and_capped() {
    assert_eq!(tidy("  a   b \n\n\t c\u{0}d "), "a b\nc d");
    let long = "word ".repeat(MAX_TEXT_CHARS);
    assert_eq!(tidy(&long).chars().count(), MAX_TEXT_CHARS);
}
