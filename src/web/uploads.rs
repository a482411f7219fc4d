//! The HTTP side of every form that takes a file (a student's resume, a company's logo and
//! licence): reading the multipart `file` field under a size cap, knowing what a file is by its
//! bytes (never by its name or declared type), why a file is refused, and answering with a
//! stored file. Keeping the bytes is the job of the `files` module, which builds on this one.

use crate::web::i18n::Msg;
use actix_multipart::Multipart;
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, Charset, ContentDisposition, DispositionParam, ExtendedValue};
use futures_util::StreamExt;
use std::io::Cursor;

/// The kinds of file any upload accepts; each form allows some of them ([`Accepts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Docx,
    Png,
    Jpeg,
    Webp,
    /// Plain UTF-8 text (a resume typed in a text editor).
    Text,
}

const DOCUMENT_XML: &str = "word/document.xml";

impl Kind {
    /// The file's kind from its content: PDF starts with `%PDF-`; a DOCX is a ZIP archive holding
    /// `word/document.xml`; PNG, JPEG and WebP by their signatures. Anything else (an executable
    /// renamed `.png`, another archive) is `None`.
    pub fn sniff(bytes: &[u8]) -> Option<Kind> {
        if bytes.starts_with(b"%PDF-") {
            return Some(Kind::Pdf);
        }
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Some(Kind::Png);
        }
        if bytes.starts_with(b"\xFF\xD8\xFF") {
            return Some(Kind::Jpeg);
        }
        if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
            return Some(Kind::Webp);
        }
        if bytes.starts_with(b"PK\x03\x04") {
            let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
            if archive.index_for_name(DOCUMENT_XML).is_some() {
                return Some(Kind::Docx);
            }
            return None;
        }
        is_plain_text(bytes).then_some(Kind::Text)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Webp => "image/webp",
            Kind::Text => "text/plain; charset=utf-8",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Docx => "docx",
            Kind::Png => "png",
            Kind::Jpeg => "jpg",
            Kind::Webp => "webp",
            Kind::Text => "txt",
        }
    }
}

/// UTF-8 without NUL or other control characters than tab, line feed, carriage return and form
/// feed: text a person wrote, not a binary that happens to decode.
fn is_plain_text(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && std::str::from_utf8(bytes).is_ok_and(|text| {
            text.chars()
                .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        })
}

/// A file as received from an upload form, before any check.
#[derive(Debug, Clone)]
pub struct Upload {
    pub original_name: String,
    pub bytes: Vec<u8>,
}

/// Why an upload was not accepted; nothing is stored in any of these cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No file was chosen.
    Missing,
    Empty,
    TooLarge,
    /// Not one of the accepted kinds by its content, whatever its name says.
    WrongType,
    /// The request was not a readable multipart form.
    Unreadable,
    /// Of an accepted kind, but it inflates far beyond what such a file holds (a
    /// decompression bomb), or could not be read in the time allowed.
    Unprocessable,
}

impl Refusal {
    pub fn status(self) -> StatusCode {
        match self {
            Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::WrongType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Refusal::Missing | Refusal::Empty | Refusal::Unreadable => StatusCode::BAD_REQUEST,
            Refusal::Unprocessable => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

/// What one upload form accepts, and how its messages name that.
#[derive(Debug, Clone, Copy)]
pub struct Accepts {
    pub kinds: &'static [Kind],
    pub max_bytes: usize,
    /// Catalogue key of "PDF or Word (.docx)", for "Choose a … file".
    pub any_of: &'static str,
    /// Catalogue key of "PDF and Word (.docx)", for "Only … files are accepted".
    pub only: &'static str,
}

impl Accepts {
    /// The upload's kind when it is one of ours, not empty and not over the cap.
    pub fn check(&self, upload: &Upload) -> Result<Kind, Refusal> {
        if upload.bytes.is_empty() {
            return Err(Refusal::Empty);
        }
        if upload.bytes.len() > self.max_bytes {
            return Err(Refusal::TooLarge);
        }
        Kind::sniff(&upload.bytes)
            .filter(|kind| self.kinds.contains(kind))
            .ok_or(Refusal::WrongType)
    }

    /// Why the upload was refused, for the form (in the page's language when shown).
    pub fn message(&self, refusal: Refusal) -> Msg {
        match refusal {
            Refusal::Missing => Msg::new("err.upload_missing").with_key("kinds", self.any_of),
            Refusal::Empty => Msg::new("err.upload_empty"),
            Refusal::TooLarge => Msg::new("err.upload_too_large")
                .with("size", megabytes(self.max_bytes))
                .with_key("kinds", self.any_of),
            Refusal::WrongType => Msg::new(if self.kinds.len() == 2 {
                "err.upload_wrong_type_two"
            } else {
                "err.upload_wrong_type_many"
            })
            .with_key("kinds", self.only),
            Refusal::Unreadable => Msg::new("err.upload_unreadable"),
            Refusal::Unprocessable => Msg::new("hardening.upload_unprocessable"),
        }
    }
}

/// "5 MB" for pages and messages.
pub fn megabytes(bytes: usize) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if (mb - mb.round()).abs() < 0.05 {
        format!("{} MB", mb.round())
    } else {
        format!("{mb:.1} MB")
    }
}

/// Largest non-file field read (the CSRF token is 64 characters).
const MAX_FIELD_BYTES: usize = 4096;

/// The `file` field of an upload form, read up to `max` bytes. A larger file is still read to
/// its end (up to twice the cap) so the browser gets the page that says so rather than a reset
/// connection; beyond that, reading stops.
pub async fn read_upload(mut form: Multipart, max: usize) -> Result<Upload, Refusal> {
    let drain_limit = max.saturating_mul(2).saturating_add(MAX_FIELD_BYTES);
    while let Some(field) = form.next().await {
        let mut field = field.map_err(|_| Refusal::Unreadable)?;
        let is_file = field.name() == Some("file");
        let original_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .unwrap_or_default()
            .to_string();
        let limit = if is_file { max } else { MAX_FIELD_BYTES };
        let mut bytes = Vec::new();
        let mut seen = 0usize;
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| Refusal::Unreadable)?;
            seen = seen.saturating_add(chunk.len());
            if seen <= limit {
                bytes.extend_from_slice(&chunk);
            } else if !is_file || seen > drain_limit {
                break;
            }
        }
        if seen > limit {
            return Err(if is_file {
                Refusal::TooLarge
            } else {
                Refusal::Unreadable
            });
        }
        if is_file {
            // A form sent without choosing a file has an empty part with an empty name.
            if bytes.is_empty() && original_name.is_empty() {
                return Err(Refusal::Missing);
            }
            return Ok(Upload {
                original_name,
                bytes,
            });
        }
    }
    Err(Refusal::Missing)
}

/// The name shown and offered on download: the last part of what the browser sent, printable,
/// bounded, with the extension of what the file really is (`fallback` when nothing is left).
pub fn display_name(original: &str, kind: Kind, fallback: &str) -> String {
    let base = original.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| !c.is_control()).collect();
    let stem = match clean.trim().rsplit_once('.') {
        Some((stem, _)) => stem.trim(),
        None => clean.trim(),
    };
    let stem: String = stem.chars().take(100).collect();
    let stem = if stem.trim().is_empty() {
        fallback
    } else {
        stem.trim()
    };
    format!("{stem}.{}", kind.extension())
}

/// A private file as a download: its stored type, never rendered by the browser, never cached.
pub fn attachment(original_name: &str, content_type: &str, bytes: Vec<u8>) -> HttpResponse {
    let ascii: String = original_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = ContentDisposition {
        disposition: header::DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: original_name.as_bytes().to_vec(),
            }),
        ],
    };
    HttpResponse::Ok()
        .content_type(content_type.to_string())
        .insert_header(disposition)
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes)
}

/// An image shown inline in pages. `public` lets shared caches keep it for an hour; the
/// `default-src 'none'` policy makes sure an image opened on its own can run nothing.
pub fn image(content_type: &str, bytes: Vec<u8>, public: bool) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type.to_string())
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_SECURITY_POLICY, "default-src 'none'"))
        .insert_header((
            header::CACHE_CONTROL,
            if public {
                "public, max-age=3600"
            } else {
                "private, no-store"
            },
        ))
        .body(bytes)
}

#[cfg(test)]
#[path = "uploads_tests.rs"]
mod tests;
