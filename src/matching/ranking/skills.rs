//! Skill names as people write them, reduced to canonical skills of one taxonomy.
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
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '+' || c == '#' || c == '&' {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
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

impl Taxonomy {
    fn empty() -> Taxonomy {
        Taxonomy {
            skills: Vec::new(),
            fields: Vec::new(),
            general: None,
            aliases: HashMap::new(),
            first_words: HashMap::new(),
        }
    }

    /// Parses a taxonomy in the format of `skills.toml`.
    pub fn parse(source: &str) -> Result<Taxonomy, TaxonomyError> {
        let raw: toml::Table =
            toml::from_str(source).map_err(|e| TaxonomyError::Toml(e.to_string()))?;
        let mut t = Taxonomy::empty();
        let mut ids: HashMap<String, SkillId> = HashMap::new();
        let mut pending_parents: Vec<(SkillId, String)> = Vec::new();
        let mut alias_lists: Vec<(SkillId, String, bool)> = Vec::new();
        for (field, skills) in &raw {
            let toml::Value::Table(skills) = skills else {
                return Err(TaxonomyError::Invalid(format!("`{field}` is not a table")));
            };
            let field_index = u8::try_from(t.fields.len())
                .map_err(|_| TaxonomyError::Invalid("more than 255 fields".into()))?;
            t.fields.push(field.clone());
            if field == GENERAL_FIELD {
                t.general = Some(field_index);
            }
            for (name, aliases) in skills {
                let key = name.trim().to_lowercase();
                let norm = normalise(&key);
                if norm.is_empty() {
                    return Err(TaxonomyError::Invalid(format!("empty skill in `{field}`")));
                }
                let id = match ids.get(&key) {
                    Some(id) => *id,
                    None => {
                        let id = SkillId::try_from(t.skills.len())
                            .map_err(|_| TaxonomyError::Invalid("too many skills".into()))?;
                        t.skills.push(Skill {
                            key: key.clone(),
                            fields: Vec::new(),
                            ancestors: Vec::new(),
                            parents: Vec::new(),
                            children: Vec::new(),
                        });
                        ids.insert(key.clone(), id);
                        alias_lists.push((id, norm, false));
                        id
                    }
                };
                let skill = &mut t.skills[id as usize];
                if !skill.fields.contains(&field_index) {
                    skill.fields.push(field_index);
                }
                let toml::Value::Array(aliases) = aliases else {
                    return Err(TaxonomyError::Invalid(format!("`{name}` needs an array")));
                };
                for alias in aliases {
                    let toml::Value::String(alias) = alias else {
                        return Err(TaxonomyError::Invalid(format!(
                            "`{name}`: aliases are strings"
                        )));
                    };
                    if let Some(parent) = alias.strip_prefix('^') {
                        pending_parents.push((id, parent.trim().to_lowercase()));
                    } else if let Some(exact) = alias.strip_prefix('=') {
                        alias_lists.push((id, normalise(exact), true));
                    } else {
                        alias_lists.push((id, normalise(alias), false));
                    }
                }
            }
        }
        for (child, parent) in pending_parents {
            let Some(&p) = ids.get(&parent) else {
                let name = &t.skills[child as usize].key;
                return Err(TaxonomyError::Invalid(format!(
                    "`{name}` names an unknown broader skill `{parent}`"
                )));
            };
            if p != child && !t.skills[child as usize].parents.contains(&p) {
                t.skills[child as usize].parents.push(p);
                t.skills[p as usize].children.push(child);
            }
        }
        for id in 0..t.skills.len() {
            let mut ancestors = Vec::new();
            let mut stack = t.skills[id].parents.clone();
            while let Some(a) = stack.pop() {
                if a as usize != id && !ancestors.contains(&a) {
                    ancestors.push(a);
                    stack.extend(t.skills[a as usize].parents.iter().copied());
                }
            }
            t.skills[id].ancestors = ancestors;
        }
        // Real aliases first (two skills may not share one), then plain singulars of plural
        // aliases where they are free ("wireframes" → "wireframe").
        let mut derived = Vec::new();
        for (id, alias, list_only) in alias_lists {
            if alias.is_empty() {
                continue;
            }
            if let Some(existing) = t.aliases.get(&alias)
                && existing.skill != id
            {
                return Err(TaxonomyError::Invalid(format!(
                    "alias `{alias}` means both `{}` and `{}`",
                    t.skills[existing.skill as usize].key, t.skills[id as usize].key
                )));
            }
            derived.extend(singular(&alias).map(|s| (id, s, list_only)));
            t.aliases.insert(
                alias.clone(),
                Alias {
                    skill: id,
                    list_only,
                },
            );
            t.note_first_word(&alias, list_only);
        }
        for (id, form, list_only) in derived {
            if !t.aliases.contains_key(&form) {
                t.aliases.insert(
                    form.clone(),
                    Alias {
                        skill: id,
                        list_only,
                    },
                );
                t.note_first_word(&form, list_only);
            }
        }
        Ok(t)
    }

    fn note_first_word(&mut self, form: &str, list_only: bool) {
        if list_only {
            return;
        }
        let words = form.split(' ').count();
        let first = form.split(' ').next().unwrap_or_default().to_string();
        let slot = self.first_words.entry(first).or_insert(0);
        *slot = (*slot).max(words.min(MAX_PHRASE_WORDS));
    }

    /// Every canonical skill, indexed by [`SkillId`].
    pub fn skills(&self) -> &[Skill] {
        &self.skills
    }

    /// The skill with this id.
    pub fn skill(&self, id: SkillId) -> Option<&Skill> {
        self.skills.get(id as usize)
    }

    /// Names of the fields (sorted by name).
    pub fn fields(&self) -> &[String] {
        &self.fields
    }

    /// True when the skill only belongs to the `general` field (communication, teamwork, …).
    pub fn is_general(&self, id: SkillId) -> bool {
        match (self.general, self.skills.get(id as usize)) {
            (Some(g), Some(s)) => s.fields.iter().all(|f| *f == g),
            _ => false,
        }
    }

    /// The canonical key of a skill id (empty if out of range).
    pub fn key(&self, id: SkillId) -> &str {
        self.skills
            .get(id as usize)
            .map(|s| s.key.as_str())
            .unwrap_or("")
    }

    /// Looks a normalised phrase up, with its plain singular as a second chance.
    fn lookup(&self, phrase: &str, list_item: bool) -> Option<SkillId> {
        let hit = |p: &str| {
            self.aliases
                .get(p)
                .filter(|a| list_item || !a.list_only)
                .map(|a| a.skill)
        };
        hit(phrase).or_else(|| singular(phrase).and_then(|s| hit(&s)))
    }

    /// Resolves one listed name: an exact alias, otherwise the known skills mentioned inside it
    /// ("iOS (Swift)" → ios, swift), otherwise the name itself as an unknown skill.
    pub fn resolve_item(&self, item: &str) -> Vec<SkillRef> {
        let norm = normalise(item);
        if norm.is_empty() {
            return Vec::new();
        }
        if let Some(id) = self.lookup(&norm, true) {
            return vec![SkillRef::Known(id)];
        }
        let found = self.scan(&norm);
        if found.is_empty() {
            vec![SkillRef::Unknown(norm)]
        } else {
            found.into_iter().map(SkillRef::Known).collect()
        }
    }

    /// Resolves a list of names typed by a person (duplicates removed, order kept).
    pub fn extract_list<S: AsRef<str>>(&self, items: &[S]) -> Vec<SkillRef> {
        let mut out: Vec<SkillRef> = Vec::new();
        for item in items {
            for r in self.resolve_item(item.as_ref()) {
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
        out
    }

    /// Every word of every name and alias prose may use (lower case): the vocabulary a spelling
    /// corrector checks words against.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.aliases
            .iter()
            .filter(|(_, a)| !a.list_only)
            .flat_map(|(form, _)| form.split(' '))
    }

    /// Known skills mentioned in free text, on word boundaries, longest phrase first; items of
    /// "Skills: a, b, c" lines are resolved as list items (so short aliases like "TS" count
    /// there). Duplicates removed, order of first mention kept.
    pub fn extract_text(&self, text: &str) -> Vec<SkillId> {
        let mut out = self.scan(&normalise(text));
        for item in super::listing::listed_items(text) {
            if let Some(id) = self.lookup(&normalise(item), true)
                && !out.contains(&id)
            {
                out.push(id);
            }
        }
        out
    }

    /// Longest-first phrase scan over normalised text.
    fn scan(&self, norm: &str) -> Vec<SkillId> {
        let words: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let longest = self.first_words.get(words[i]).copied().unwrap_or(0);
            // The first word may also be a plural ("wireframes" → "wireframe").
            let longest = longest.max(
                singular(words[i])
                    .and_then(|s| self.first_words.get(&s).copied())
                    .unwrap_or(0),
            );
            let mut matched = 0;
            let mut phrase = String::new();
            let upto = longest.min(words.len() - i);
            for len in (1..=upto).rev() {
                phrase.clear();
                phrase.push_str(&words[i..i + len].join(" "));
                if let Some(id) = self.lookup(&phrase, false) {
                    if !out.contains(&id) {
                        out.push(id);
                    }
                    matched = len;
                    break;
                }
            }
            i += matched.max(1);
        }
        out
    }

    /// How strongly a set of skills points to each field: each non-general skill spreads
    /// `weight` over its fields; the vector is L2-normalised (all zeros when nothing points).
    pub fn field_vector(&self, skills: &[(SkillId, f32)]) -> Vec<f32> {
        let mut v = vec![0.0f32; self.fields.len()];
        for &(id, weight) in skills {
            let Some(skill) = self.skills.get(id as usize) else {
                continue;
            };
            let fields: Vec<u8> = skill
                .fields
                .iter()
                .copied()
                .filter(|f| Some(*f) != self.general)
                .collect();
            if fields.is_empty() {
                continue;
            }
            let share = weight / fields.len() as f32;
            for f in fields {
                v[f as usize] += share;
            }
        }
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| *x /= norm);
        }
        v
    }
}

#[cfg(test)]
#[path = "skills_tests.rs"]
mod tests;
