//! The text in a resume file (its kind comes from `crate::web::uploads::Kind::sniff`).
//! Everything here runs on a blocking thread: parsing a PDF or inflating a DOCX is CPU work.

pub use crate::web::uploads::Kind;
use std::io::{Cursor, Read};

/// Most text kept from a file: a resume is a page or two; the rest would be noise (or an attack).
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Pages of a PDF read for text.
const MAX_PDF_PAGES: u32 = 20;
/// Decompressed bytes allowed per PDF page, and for a DOCX's `word/document.xml`: a small file
/// must not inflate into gigabytes.
const MAX_INFLATED_BYTES: usize = 16 * 1024 * 1024;
const DOCUMENT_XML: &str = "word/document.xml";
/// Decompressed bytes allowed for all the compressed streams of a PDF together. lopdf inflates
/// every object stream while it loads a file, and its own bound is per stream (256 MiB by
/// default): a 250 KiB file of such streams took the server up by 500 MB. A resume with its
/// fonts and a photo inflates to a few MiB.
pub const MAX_PDF_INFLATED_BYTES: u64 = 48 * 1024 * 1024;

/// A file that inflates far beyond any resume: a decompression bomb, refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooInflated;

/// The file's text, whitespace tidied and capped at [`MAX_TEXT_CHARS`]; `Ok(None)` when nothing
/// readable is in it (a scanned resume, an encrypted or damaged file).
pub fn text(kind: Kind, bytes: &[u8]) -> Result<Option<String>, TooInflated> {
    if kind == Kind::Pdf && pdf_inflated_size(bytes, MAX_PDF_INFLATED_BYTES).is_none() {
        return Err(TooInflated);
    }
    // A parser bug on a hostile file must cost this upload its text, never the worker.
    let raw = std::panic::catch_unwind(|| match kind {
        Kind::Pdf => pdf_text(bytes),
        Kind::Docx => docx_text(bytes),
        Kind::Text => Some(String::from_utf8_lossy(bytes).into_owned()),
        Kind::Png | Kind::Jpeg | Kind::Webp => None,
    })
    .ok()
    .flatten();
    let Some(raw) = raw else { return Ok(None) };
    let tidy = tidy(&raw);
    Ok((!tidy.is_empty()).then_some(tidy))
}

/// What all the zlib streams of a PDF inflate to, counted without keeping a byte (a small
/// buffer at a time), or `None` as soon as the total passes `budget`. Streams are found by
/// their `stream` … `endstream` keywords; one that is not zlib data counts as what it inflated
/// to before the error (images in JPEG count nothing).
pub fn pdf_inflated_size(bytes: &[u8], budget: u64) -> Option<u64> {
    let mut total = 0u64;
    let mut rest = bytes;
    while let Some(start) = find(rest, b"stream") {
        let before = &rest[..start];
        let after = &rest[start + b"stream".len()..];
        if before.ends_with(b"end") {
            rest = after;
            continue;
        }
        let data = after
            .strip_prefix(b"\r\n")
            .or_else(|| after.strip_prefix(b"\n"))
            .or_else(|| after.strip_prefix(b"\r"))
            .unwrap_or(after);
        let end = find(data, b"endstream").unwrap_or(data.len());
        let mut inflater = flate2::read::ZlibDecoder::new(&data[..end]).take(budget - total + 1);
        total += copy_counting(&mut inflater);
        if total > budget {
            return None;
        }
        rest = &data[end..];
    }
    Some(total)
}

/// Bytes read from `reader` until its end or its first error, through a small buffer.
fn copy_counting(reader: &mut impl Read) -> u64 {
    let mut buffer = [0u8; 16 * 1024];
    let mut count = 0u64;
    loop {
        match reader.read(&mut buffer) {
            Ok(0) | Err(_) => return count,
            Ok(n) => count += n as u64,
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn pdf_text(bytes: &[u8]) -> Option<String> {
    // Bounded per stream too (the total was checked before): no single object stream may
    // inflate past the per-page allowance while the document loads.
    let options = lopdf::LoadOptions::with_max_decompressed_size(MAX_INFLATED_BYTES);
    let doc = lopdf::Document::load_mem_with_options(bytes, options).ok()?;
    let pages: Vec<u32> = doc
        .get_pages()
        .keys()
        .copied()
        .take(MAX_PDF_PAGES as usize)
        .collect();
    // Chunks, not `extract_text`: one font lopdf cannot decode must not lose the other pages.
    let chunks = doc.extract_text_chunks_with_limit(&pages, MAX_INFLATED_BYTES);
    let text: String = chunks.into_iter().filter_map(Result::ok).collect();
    Some(text)
}

fn docx_text(bytes: &[u8]) -> Option<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let entry = archive.by_name(DOCUMENT_XML).ok()?;
    let mut xml = Vec::new();
    entry
        .take(MAX_INFLATED_BYTES as u64)
        .read_to_end(&mut xml)
        .ok()?;
    Some(document_xml_text(&String::from_utf8_lossy(&xml)))
}

/// The text runs (`<w:t>`) of a WordprocessingML body; paragraphs and breaks become new lines,
/// tabs become tabs. Enough for matching; layout is not the point.
fn document_xml_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        let name = tag.split(|c: char| c.is_whitespace() || c == '/').next();
        match name {
            Some("w:t") if !tag.ends_with('/') => {
                let end = rest.find("</w:t>").unwrap_or(rest.len());
                out.push_str(&unescape(&rest[..end]));
                rest = &rest[end..];
            }
            Some("w:tab") => out.push('\t'),
            Some("w:br" | "w:cr") => out.push('\n'),
            _ if tag == "/w:p" => out.push('\n'),
            _ => {}
        }
    }
    out
}

/// The five XML entities and numeric character references.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Lines trimmed, runs of spaces collapsed, blank lines dropped, control characters removed
/// (PostgreSQL refuses NUL in text), and the whole capped at [`MAX_TEXT_CHARS`].
fn tidy(raw: &str) -> String {
    let mut out = String::new();
    for line in raw.lines() {
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || c.is_control())
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&words.join(" "));
        if out.chars().count() >= MAX_TEXT_CHARS {
            break;
        }
    }
    out.chars().take(MAX_TEXT_CHARS).collect()
}

#[cfg(test)]
#[path = "extract_tests.rs"]
mod tests;
