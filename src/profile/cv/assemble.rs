//! What goes in the CV, put together from its sources: typed values first, what was read from the
//! resume file where nothing was typed, each section trimmed to what one or two pages hold. Pure
//! (no database, no fonts), apart from reading the sources and making the PDF (`service.rs`).

use super::model::{Cv, Layout, Section};
use crate::profile::model::StudentProfile;
use crate::profile::resume::model::StudentResume;
use crate::profile::resume::reading::Reading;
use crate::web::i18n::{Lang, Msg};

/// Items kept per section: a CV is one or two pages, and a form field may hold many lines.
const MAX_ITEMS: usize = 30;

/// What a CV is made from.
#[derive(Debug, Default)]
pub struct Sources<'a> {
    pub profile: Option<&'a StudentProfile>,
    pub resume: Option<&'a StudentResume>,
    /// The profile's skills.
    pub skills: Vec<String>,
    /// What was read from the resume file, used where the student typed nothing.
    pub reading: Option<&'a Reading>,
}

/// The CV from its sources: typed values first, what was read from the file where nothing was
/// typed (the file is hers too, and its findings are shown to her on `/resume`).
pub fn assemble(name: &str, email: &str, s: &Sources, lang: Lang) -> Cv {
    let p = s.profile;
    let r = s.resume;
    let mut contact = vec![email.to_string()];
    if let Some(phone) = field(p.map(|p| &p.phone_number)) {
        contact.push(phone_label(phone));
    }
    let place: Vec<&str> = [
        field(p.map(|p| &p.current_city)),
        field(p.map(|p| &p.state)),
    ]
    .into_iter()
    .flatten()
    .filter(|v| !v.is_empty())
    .collect();
    if !place.is_empty() {
        contact.push(place.join(", "));
    }
    let mut links = Vec::new();
    for link in [
        field(r.map(|r| &r.linkedin_url)),
        field(r.map(|r| &r.github_url)),
    ]
    .into_iter()
    .flatten()
    .chain(
        s.reading
            .iter()
            .flat_map(|x| x.links.iter().map(String::as_str)),
    ) {
        push_link(&mut links, link);
    }
    let mut skills = s.skills.clone();
    if skills.is_empty()
        && let Some(reading) = s.reading
    {
        skills = reading.skills.clone();
    }
    let mut projects = Vec::new();
    for text in [field(p.map(|p| &p.projects)), field(r.map(|r| &r.projects))]
        .into_iter()
        .flatten()
    {
        push_all(&mut projects, lines(text));
    }
    if projects.is_empty()
        && let Some(reading) = s.reading
    {
        push_all(&mut projects, reading.projects.clone());
    }
    let sections = [
        section(
            "cv.objective",
            Layout::Prose,
            field(r.map(|r| &r.career_objective))
                .map(paragraphs)
                .unwrap_or_default(),
        ),
        section("cv.education", Layout::Items, education(s, lang)),
        section("cv.skills", Layout::Inline, skills),
        section("cv.projects", Layout::Items, projects),
        section(
            "cv.experience",
            Layout::Items,
            field(r.map(|r| &r.work_experience))
                .map(lines)
                .unwrap_or_default(),
        ),
        section(
            "cv.certifications",
            Layout::Items,
            field(r.map(|r| &r.certifications))
                .map(lines)
                .unwrap_or_default(),
        ),
        section(
            "cv.activities",
            Layout::Items,
            field(r.map(|r| &r.extra_curricular))
                .map(lines)
                .unwrap_or_default(),
        ),
        section(
            "cv.interests",
            Layout::Prose,
            field(p.map(|p| &p.interests))
                .map(paragraphs)
                .unwrap_or_default(),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    Cv {
        name: name.trim().to_string(),
        headline: field(r.map(|r| &r.headline))
            .filter(|h| !h.is_empty())
            .map(str::to_string),
        contact,
        links,
        sections,
    }
}

/// A column's value, trimmed (`None` when absent).
fn field(value: Option<&Option<String>>) -> Option<&str> {
    value.and_then(|v| v.as_deref()).map(str::trim)
}

/// A column's value, trimmed, `None` when absent or blank.
fn text(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn section(key: &'static str, layout: Layout, mut items: Vec<String>) -> Option<Section> {
    items.truncate(MAX_ITEMS);
    (!items.is_empty()).then_some(Section { key, layout, items })
}

/// The education line of the profile ("B.Tech, Computer Science — IIT Delhi · Year 3 · CGPA
/// 8.5"), or the degree and institute read from the file, then the resume's education lines.
fn education(s: &Sources, lang: Lang) -> Vec<String> {
    let p = s.profile;
    let mut degree: Vec<&str> = p
        .map(|p| [text(&p.degree), text(&p.department)])
        .into_iter()
        .flatten()
        .flatten()
        .collect();
    let mut institute = p.and_then(|p| text(&p.university_name));
    if degree.is_empty()
        && institute.is_none()
        && let Some(reading) = s.reading
    {
        degree.extend(reading.degree.as_deref());
        institute = reading.institute.as_deref();
    }
    let mut line: Vec<String> = Vec::new();
    match (degree.is_empty(), institute) {
        (false, Some(at)) => line.push(format!("{} — {at}", degree.join(", "))),
        (false, None) => line.push(degree.join(", ")),
        (true, Some(at)) => line.push(at.to_string()),
        (true, None) => {}
    }
    if let Some(year) = p.and_then(|p| p.year) {
        line.push(Msg::new("cv.year").with("year", year).text(lang));
    }
    if let Some(cgpa) = p.and_then(|p| p.cgpa) {
        line.push(Msg::new("cv.cgpa").with("cgpa", cgpa).text(lang));
    }
    let mut items = Vec::new();
    if !line.is_empty() {
        items.push(line.join(" · "));
    }
    if let Some(typed) = s.resume.and_then(|r| text(&r.education)) {
        push_all(&mut items, lines(typed));
    }
    items
}

/// A stored 10-digit number as Indians write it: +91 98765 43210.
fn phone_label(digits: &str) -> String {
    if digits.len() == 10 && digits.chars().all(|c| c.is_ascii_digit()) {
        format!("+91 {} {}", &digits[..5], &digits[5..])
    } else {
        digits.to_string()
    }
}

/// The lines of a text box, without the bullets people type ("- ", "• ", "* ").
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            l.trim()
                .trim_start_matches(['-', '*', '•', '–', '·', '▪'])
                .trim()
        })
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The paragraphs of a text box (blank lines separate them; line breaks inside one are spaces).
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Appends the items not already there (compared without case and spacing).
fn push_all(items: &mut Vec<String>, new: Vec<String>) {
    let key = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    for item in new {
        if !items.iter().any(|have| key(have) == key(&item)) {
            items.push(item);
        }
    }
}

/// Appends a link unless the same address (scheme, `www.` and a final `/` aside) is there.
fn push_link(links: &mut Vec<String>, link: &str) {
    let key = |s: &str| {
        let s = s.trim().to_lowercase();
        let s = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .unwrap_or(&s)
            .to_string();
        s.strip_prefix("www.")
            .unwrap_or(&s)
            .trim_end_matches('/')
            .to_string()
    };
    if !link.trim().is_empty() && !links.iter().any(|have| key(have) == key(link)) {
        links.push(link.trim().to_string());
    }
}

#[cfg(test)]
#[path = "assemble_tests.rs"]
mod tests;
