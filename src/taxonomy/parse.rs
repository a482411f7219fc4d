//! Reading `skills.toml` into a [`Taxonomy`]: fields, skills, aliases (with derived plural and
//! punctuation variants) and the broader-skill graph, checked for unknown parents and cycles.

use super::{
    Alias, GENERAL_FIELD, MAX_PHRASE_WORDS, Skill, SkillId, Taxonomy, TaxonomyError, normalise,
    singular,
};
use std::collections::HashMap;

impl Taxonomy {
    pub(super) fn empty() -> Taxonomy {
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
}
