//! Questions asked of a parsed [`Taxonomy`]: a skill by id, a listed name resolved, known skills
//! found in prose (whole phrases, longest first), and the fields a set of skills points to.

use super::{Skill, SkillId, SkillRef, Taxonomy, normalise, singular};

impl Taxonomy {
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
    pub(super) fn lookup(&self, phrase: &str, list_item: bool) -> Option<SkillId> {
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
