//! The skill taxonomy: skill names as people write them, reduced to canonical skills.
//!
//! It depends on nothing else in the crate, so every layer may use it: the database's skill rows
//! are keyed by [`canonical`] (`db::skills`), matching ranks with it (`matching::ranking`), resume
//! reading finds skills with it (`profile::resume`).
//!
//! The taxonomy (`skills.toml`, compiled in) groups canonical skills by field, lists the ways
//! people write each one ("JS", "ReactJS", "Tally ERP 9", "MS Excel") and which broader skill a
//! skill implies (TensorFlow → deep learning → machine learning). From it this module
//! - gives the canonical key of a listed name ([`canonical`]), used for the database's skill rows;
//! - finds known skills in free text — interests, projects, resumes, descriptions — as whole
//!   phrases on word boundaries, longest phrase first ([`Taxonomy::extract_text`]);
//! - resolves a list of names, keeping names it does not know ([`Taxonomy::extract_list`]);
//! - says which fields a set of skills points to ([`Taxonomy::field_vector`]).

use std::collections::HashMap;
use std::sync::OnceLock;

/// Index of a canonical skill in the taxonomy.
pub type SkillId = u16;

/// The taxonomy source compiled into the binary.
pub const TAXONOMY_TOML: &str = include_str!("skills.toml");

/// The field of transferable skills: counted for coverage, silent about a student's field.
pub const GENERAL_FIELD: &str = "general";

/// Longest alias, in words, that extraction looks for.
const MAX_PHRASE_WORDS: usize = 8;

/// One canonical skill.
#[derive(Debug, Clone)]
pub struct Skill {
    /// Canonical key (lower case), e.g. `node.js`, `power bi`.
    pub key: String,
    /// Fields (indices into [`Taxonomy::fields`]) this skill belongs to.
    pub fields: Vec<u8>,
    /// Broader skills this one implies, transitively (not including itself).
    pub ancestors: Vec<SkillId>,
    /// Direct broader skills.
    pub parents: Vec<SkillId>,
    /// Direct narrower skills.
    pub children: Vec<SkillId>,
}

/// Where a listed or mentioned skill resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkillRef {
    /// A skill of the taxonomy.
    Known(SkillId),
    /// A listed name the taxonomy does not know, normalised (lower case, punctuation as spaces).
    Unknown(String),
}

#[derive(Debug, Clone, Copy)]
struct Alias {
    skill: SkillId,
    /// Only an exact list item may use this alias (too short or ambiguous for prose).
    list_only: bool,
}

/// The parsed taxonomy. Get the shared one with [`taxonomy`].
#[derive(Debug)]
pub struct Taxonomy {
    skills: Vec<Skill>,
    fields: Vec<String>,
    general: Option<u8>,
    aliases: HashMap<String, Alias>,
    /// First word of an alias → most words of any alias starting with it.
    first_words: HashMap<String, usize>,
}

/// Error in a taxonomy file.
#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    #[error("skills taxonomy is not valid TOML: {0}")]
    Toml(String),
    #[error("skills taxonomy: {0}")]
    Invalid(String),
}

/// The taxonomy compiled into the binary, parsed once. A unit test guarantees it parses; should
/// it ever not, matching degrades to exact names (an empty taxonomy) and the error is logged.
pub fn taxonomy() -> &'static Taxonomy {
    static TAXONOMY: OnceLock<Taxonomy> = OnceLock::new();
    TAXONOMY.get_or_init(|| match Taxonomy::parse(TAXONOMY_TOML) {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %e, "skills taxonomy unusable; matching uses exact names");
            Taxonomy::empty()
        }
    })
}

/// The canonical key of a skill name: the taxonomy's key when it knows the name ("ReactJS" →
/// `react`, "MS Excel" → `excel`), otherwise the name in lower case with single spaces.
pub fn canonical(name: &str) -> String {
    let t = taxonomy();
    match t.lookup(&normalise(name), true) {
        Some(id) => t.skills[id as usize].key.clone(),
        None => name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    }
}

/// Lower case, with every character other than letters, digits, `+`, `#` and `&` turned into a
/// space, and single spaces: the form aliases and texts are compared in.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    let mut push = |c: char, alphanumeric: bool| {
        if alphanumeric || c == '+' || c == '#' || c == '&' {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    };
    for c in text.chars() {
        // ASCII (most text) skips the Unicode tables: every posting's text is read at load.
        if c.is_ascii() {
            let c = c.to_ascii_lowercase();
            push(c, c.is_ascii_alphanumeric());
        } else {
            for c in c.to_lowercase() {
                push(c, c.is_alphanumeric());
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The singular of a phrase's last word when it looks like a plain plural ("wireframes").
fn singular(phrase: &str) -> Option<String> {
    let last = phrase.rsplit(' ').next()?;
    if last.len() > 3 && last.ends_with('s') && !last.ends_with("ss") {
        Some(phrase[..phrase.len() - 1].to_string())
    } else {
        None
    }
}

mod listing;
mod lookup;
mod parse;

#[cfg(test)]
mod tests;
