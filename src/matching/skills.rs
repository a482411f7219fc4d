//! Skill names as people write them, reduced to one canonical key.
//! (Interim: lower-case and spacing only; the synonym table lands with the matching engine.)

/// The canonical key of a skill name.
pub fn canonical(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
