//! Unit tests of `uploads.rs`.

use super::*;
use std::io::Write;

#[test]
fn kinds_come_from_content_only() {
    assert_eq!(Kind::sniff(b"%PDF-1.4\n..."), Some(Kind::Pdf));
    assert_eq!(Kind::sniff(b"\x89PNG\r\n\x1a\n...."), Some(Kind::Png));
    assert_eq!(Kind::sniff(b"\xFF\xD8\xFF\xE0..JFIF"), Some(Kind::Jpeg));
    assert_eq!(Kind::sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some(Kind::Webp));
    assert_eq!(Kind::sniff(b"RIFF\x10\0\0\0WAVEfmt "), None);
    assert_eq!(Kind::sniff(b"GIF89a\x01\0\x01\0\x80\0\0"), None);
    assert_eq!(
        Kind::sniff("Skills: Python, हिन्दी\r\n".as_bytes()),
        Some(Kind::Text)
    );
    assert_eq!(Kind::sniff(b"MZ\x90\0\x03\0"), None);
    assert_eq!(Kind::sniff(b""), None);
    assert_eq!(Kind::sniff(b"PK\x03\x04 not really a zip"), None);
    // A ZIP without the Word document inside is not a DOCX.
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    zip.start_file("notes.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"hello").unwrap();
    zip.finish().unwrap();
    assert_eq!(Kind::sniff(&out.into_inner()), None);
}

#[test]
fn checks_follow_the_form() {
    let logo = Accepts {
        kinds: &[Kind::Png, Kind::Jpeg, Kind::Webp],
        max_bytes: 16,
        any_of: "err.kinds_logo_any",
        only: "err.kinds_logo_only",
    };
    let upload = |bytes: &[u8]| Upload {
        original_name: "x".into(),
        bytes: bytes.to_vec(),
    };
    assert_eq!(logo.check(&upload(b"\x89PNG\r\n\x1a\n")), Ok(Kind::Png));
    assert_eq!(logo.check(&upload(b"%PDF-1.4")), Err(Refusal::WrongType));
    assert_eq!(logo.check(&upload(b"")), Err(Refusal::Empty));
    assert_eq!(logo.check(&upload(&[0xFF; 17])), Err(Refusal::TooLarge));
    assert!(
        logo.message(Refusal::WrongType)
            .to_string()
            .contains("none of them")
    );
}

#[test]
fn display_names_are_tidy() {
    assert_eq!(
        display_name("C:\\Users\\me\\CV final.PDF", Kind::Pdf, "resume"),
        "CV final.pdf"
    );
    assert_eq!(display_name("", Kind::Docx, "resume"), "resume.docx");
    assert_eq!(
        display_name("../../x\u{0}y.png", Kind::Pdf, "resume"),
        "xy.pdf"
    );
    assert_eq!(megabytes(5 * 1024 * 1024), "5 MB");
    assert_eq!(megabytes(1024 * 1024), "1 MB");
}
