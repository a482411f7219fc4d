//! What Praktiki read in a resume file: the skills it recognised, the degree, the institute,
//! project lines, links and whether there is a contact line. Shown on the resume page so the
//! student sees what counts in matching, and can take the skills into her profile.

/// What was read from a resume's text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    /// Skill names as the resume spells them, in order of first mention.
    pub skills: Vec<String>,
    pub degree: Option<String>,
    pub institute: Option<String>,
    /// Lines under a "Projects" heading, or lines that speak of building something.
    pub projects: Vec<String>,
    pub links: Vec<String>,
    pub has_email: bool,
    pub has_phone: bool,
    pub words: usize,
}

/// Degrees as printed on Indian resumes (longest first, so "M.Tech" wins over "M.").
const DEGREES: [&str; 22] = [
    "B.Tech", "M.Tech", "B.E.", "M.E.", "B.Sc", "M.Sc", "BCA", "MCA", "B.Com", "M.Com", "BBA",
    "MBA", "B.A.", "M.A.", "B.Des", "M.Des", "B.Arch", "B.Pharm", "LLB", "Ph.D", "Diploma",
    "BTech",
];
const INSTITUTE_WORDS: [&str; 8] = [
    "university",
    "institute",
    "college",
    "iit ",
    "nit ",
    "iiit",
    "vidyalaya",
    "school of",
];
const PROJECT_VERBS: [&str; 8] = [
    "built",
    "developed",
    "deployed",
    "designed",
    "created",
    "implemented",
    "made",
    "led",
];
/// Longest line kept as a project or an institute (longer ones are paragraphs, not items).
const MAX_ITEM_CHARS: usize = 200;
const MAX_PROJECTS: usize = 8;

/// Reads `text` (the file's tidied text); `skill_keys` are the canonical keys of the skills the
/// matching recognised in it.
pub fn read(text: &str, skill_keys: &[String]) -> Reading {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut reading = Reading {
        skills: skill_names(text, skill_keys),
        words: text.split_whitespace().count(),
        ..Reading::default()
    };
    let mut in_projects = false;
    for line in &lines {
        let lower = line.to_lowercase();
        if reading.degree.is_none() {
            reading.degree = DEGREES
                .iter()
                .find(|d| contains_word(line, d))
                .map(|d| d.to_string());
        }
        if reading.institute.is_none()
            && line.chars().count() <= MAX_ITEM_CHARS
            && INSTITUTE_WORDS.iter().any(|w| lower.contains(w))
        {
            reading.institute = Some(institute_part(line));
        }
        for word in line.split_whitespace() {
            let word = word.trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')' | '<' | '>'));
            if is_link(word) && !reading.links.iter().any(|l| l == word) {
                reading.links.push(word.to_string());
            }
            if word.contains('@') && word.contains('.') && !word.starts_with('@') {
                reading.has_email = true;
            }
        }
        if line.chars().filter(char::is_ascii_digit).count() >= 10 && looks_like_phone(line) {
            reading.has_phone = true;
        }
        let heading = lower.trim_end_matches(':');
        if matches!(
            heading,
            "projects" | "project" | "academic projects" | "personal projects"
        ) {
            in_projects = true;
            continue;
        }
        let is_other_heading = line.chars().count() < 30
            && !line.contains(',')
            && line.split_whitespace().count() <= 3
            && line.ends_with(':');
        if is_other_heading {
            in_projects = false;
        }
        let speaks_of_building = PROJECT_VERBS
            .iter()
            .any(|v| lower.starts_with(v) || lower.contains(&format!(" {v} ")));
        if (in_projects || speaks_of_building)
            && line.chars().count() <= MAX_ITEM_CHARS
            && !is_link(line)
            && reading.projects.len() < MAX_PROJECTS
        {
            reading
                .projects
                .push(line.trim_start_matches(['-', '•', '*', ' ']).to_string());
        }
    }
    reading
}

/// The skills of `skill_keys` as the text spells them ("Docker", not "docker").
fn skill_names(text: &str, skill_keys: &[String]) -> Vec<String> {
    let lower = text.to_lowercase();
    skill_keys
        .iter()
        .map(|key| match lower.find(key.as_str()) {
            // Same length in lower case: the original spelling is at the same place.
            Some(at) if text.is_char_boundary(at) && text.is_char_boundary(at + key.len()) => {
                let original = &text[at..at + key.len()];
                if original.to_lowercase() == *key {
                    original.to_string()
                } else {
                    key.clone()
                }
            }
            _ => key.clone(),
        })
        .collect()
}

/// Whether `word` appears in `line` on its own (not inside another word).
fn contains_word(line: &str, word: &str) -> bool {
    let lower = line.to_lowercase();
    let needle = word.to_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&needle) {
        let start = from + at;
        let end = start + needle.len();
        let before = lower[..start].chars().next_back();
        let after = lower[end..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if edge(before) && edge(after) {
            return true;
        }
        from = end;
    }
    false
}

/// "B.Tech in CS, Pune Institute of Technology" → "Pune Institute of Technology".
fn institute_part(line: &str) -> String {
    line.split([',', '|', '–', '—'])
        .map(str::trim)
        .find(|part| {
            let lower = part.to_lowercase();
            INSTITUTE_WORDS.iter().any(|w| lower.contains(w.trim()))
        })
        .unwrap_or(line)
        .to_string()
}

fn is_link(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("linkedin.com/")
        || lower.starts_with("www.linkedin.com/")
        || lower.starts_with("github.com/")
}

/// Ten or more digits written as a phone number: digits, spaces, `+`, `-`, brackets.
fn looks_like_phone(line: &str) -> bool {
    line.split(['|', ',', '/']).any(|part| {
        let part = part.trim();
        let digits = part.chars().filter(char::is_ascii_digit).count();
        (10..=13).contains(&digits)
            && part
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resume_is_read_into_its_parts() {
        let text = "Kabir Singh\nkabir.singh@example.in | +91 98765 43210\n\
            B.Tech in Computer Science, Pune Institute of Computer Technology\n\
            Skills: Docker, Kubernetes\nProjects\n\
            Deployed a Flask app on Kubernetes for 2,000 students\nhttps://github.com/kabir-singh";
        let reading = read(text, &["docker".into(), "kubernetes".into()]);
        assert_eq!(reading.skills, vec!["Docker", "Kubernetes"]);
        assert_eq!(reading.degree.as_deref(), Some("B.Tech"));
        assert_eq!(
            reading.institute.as_deref(),
            Some("Pune Institute of Computer Technology")
        );
        assert_eq!(
            reading.projects,
            vec!["Deployed a Flask app on Kubernetes for 2,000 students"]
        );
        assert_eq!(reading.links, vec!["https://github.com/kabir-singh"]);
        assert!(reading.has_email && reading.has_phone);
    }

    #[test]
    fn nothing_is_invented_from_an_empty_text() {
        let reading = read("", &[]);
        assert_eq!(reading, Reading::default());
    }
}
