//! Cold start: a student with a degree, a department and one vague line still gets a useful
//! list. What they study says which fields are plausible (a table the project owns: B.Tech CS →
//! software, data, security, …; BBA Marketing → marketing, sales; Communication Design → UI/UX,
//! graphic design); the one line they wrote says which of them they lean to ("UX" → UI/UX,
//! "convincing people" → sales). A line in words no cue knows ("I enjoy meeting customers and
//! closing deals") is read by its meaning: the fields of the postings nearest it. When nothing
//! decides between the plausible fields, the top ten is spread across them instead of being
//! filled from one.

use super::studies::{DEGREES, FIELD_WORDS, LINE_CUES, STUDIES, VAGUE_WORDS};
use crate::matching::embedding::embedder::cosine;
use crate::matching::model::{Recommendation, StudentFeatures};
use crate::taxonomy::{normalise, taxonomy};
use std::sync::LazyLock;

fn has(text: &str, phrase: &str) -> bool {
    super::location::contains_phrase(text, phrase)
}

fn lookup(text: &str, table: &[(&[&str], &'static [&'static str])]) -> Vec<&'static str> {
    let padded = format!(" {} ", normalise(text));
    table
        .iter()
        .find(|(phrases, _)| phrases.iter().any(|p| has(&padded, p)))
        .map(|(_, fields)| fields.to_vec())
        .unwrap_or_default()
}

/// The fields a degree and department plausibly lead to, most typical first.
pub fn plausible_fields(degree: &str, department: &str) -> Vec<&'static str> {
    let by_department = lookup(department, STUDIES);
    if by_department.is_empty() {
        lookup(degree, DEGREES)
    } else {
        by_department
    }
}

/// The fields a student's own line points to, in the order of the table.
pub fn line_fields(text: &str) -> Vec<&'static str> {
    let padded = format!(" {} ", normalise(text));
    let mut out: Vec<&'static str> = Vec::new();
    for (phrase, field) in LINE_CUES {
        if has(&padded, phrase) && !out.contains(field) {
            out.push(field);
        }
    }
    out
}

/// The field vector of a student the taxonomy found fewer than two skills for: what their skills
/// say, plus the plausible fields of their studies (spread evenly), plus the fields their line
/// points to (three times as strong, and then the studies count half). Returns the vector and whether it stays ambiguous (several
/// plausible fields, no line deciding).
pub fn cold_field(skill_field: &[f32], plausible: &[&str], line: &[&str]) -> (Vec<f32>, bool) {
    let names = taxonomy().fields();
    let mut v: Vec<f32> = (0..names.len())
        .map(|n| skill_field.get(n).copied().unwrap_or(0.0))
        .collect();
    let mut add = |field: &str, w: f32| {
        if let Some(n) = names.iter().position(|f| f == field) {
            v[n] += w;
        }
    };
    // The line decides when it points somewhere; the studies only say where to look otherwise.
    let studies = if line.is_empty() { 1.0 } else { 0.5 };
    for f in plausible {
        add(f, studies / plausible.len() as f32);
    }
    for f in line {
        add(f, 3.0 / line.len() as f32);
    }
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    (v, line.is_empty() && plausible.len() >= 2)
}

/// How many of the postings nearest a cold start's text say what an unread line means: a
/// twentieth of the postings scored (the whole file in an eval, the candidate pool — the 300
/// nearest — in the live app), at least 3 and at most 20 (in a catalogue of a dozen postings,
/// twenty nearest would be all of them).
const NEAREST: (usize, usize) = (3, 20);
/// A field the nearest postings point to counts as the line's when it holds at least this share
/// of the leading field's weight among them (a close second: a line seldom means two fields).
const ALONGSIDE: f32 = 0.7;
/// The nearest postings read a line only when they agree: their leading field holds at least
/// this share of all their fields' weight.
const AGREED: f32 = 0.5;

/// A cold start whose line the table of cues cannot read ("I enjoy meeting customers and
/// closing deals" names no field in words the table knows): the postings nearest their text by
/// meaning say which fields the line points to, and they count as the cues' fields would
/// (`cold_field`). `postings` are (embedding, field vector) pairs; `None` when the line was read
/// by its words, or there is no vector to compare.
pub fn by_meaning<'a>(
    student: &StudentFeatures,
    vector: &[f32],
    postings: impl Iterator<Item = (&'a [f32], &'a [f32])>,
) -> Option<StudentFeatures> {
    let own_field = student.unread_line.as_ref()?;
    if vector.iter().all(|x| *x == 0.0) {
        return None;
    }
    let mut near: Vec<(f32, &[f32])> = postings
        .map(|(v, field)| (cosine(v, vector), field))
        .collect();
    let n = (near.len() / 20)
        .clamp(NEAREST.0, NEAREST.1)
        .min(near.len());
    if n == 0 {
        return None;
    }
    near.select_nth_unstable_by(n - 1, |a, b| b.0.total_cmp(&a.0));
    let names = taxonomy().fields();
    let mut weight = vec![0.0f32; names.len()];
    for (_, field) in &near[..n] {
        weight.iter_mut().zip(*field).for_each(|(w, f)| *w += f);
    }
    let lead = weight.iter().copied().fold(0.0f32, f32::max);
    if lead <= 0.0 {
        return None;
    }
    // Postings of many fields nearest a line that names none ("I want to work at a startup")
    // say nothing of it: the studies decide, as for a line of vague words.
    if lead < AGREED * weight.iter().sum::<f32>() {
        return None;
    }
    let line: Vec<&str> = names
        .iter()
        .zip(&weight)
        .filter(|(_, w)| **w >= ALONGSIDE * lead)
        .map(|(name, _)| name.as_str())
        .collect();
    let (field, ambiguous) = cold_field(own_field, &student.plausible, &line);
    Some(StudentFeatures {
        field,
        ambiguous,
        ..student.clone()
    })
}

/// Whether a cold start's prose says anything of a field besides their studies: a word that is
/// neither a stop word, nor vague (`VAGUE_WORDS`), nor of their degree or department, nor a
/// number ("3rd").
pub fn says_something(prose: &str, degree: &str, department: &str) -> bool {
    // Through the same folding as the prose's words ("opportunities" → "opportunitie"), once.
    static VAGUE: LazyLock<Vec<String>> =
        LazyLock::new(|| super::lexical::terms(&VAGUE_WORDS.join(" ")));
    let vague = &*VAGUE;
    let studies = super::lexical::terms(&format!("{degree} {department}"));
    super::lexical::terms(prose).iter().any(|w| {
        !studies.contains(w) && !vague.contains(w) && !w.chars().any(|c| c.is_ascii_digit())
    })
}

/// What a cold-start student's text is read with (see [`FIELD_WORDS`]): the words of the fields
/// their line points to; `None` when no cue of the line names a field, and for a student who
/// lists a known skill or whose text names two or more.
pub fn cold_text(s: &crate::matching::model::StudentInput) -> Option<String> {
    let t = taxonomy();
    let listed = t.extract_list(&s.skills);
    if listed
        .iter()
        .any(|r| matches!(r, crate::taxonomy::SkillRef::Known(_)))
    {
        return None;
    }
    let prose = format!("{}\n{}\n{}", s.interests, s.projects, s.resume_text);
    let known = t.extract_text(&prose);
    let studies = t.extract_text(&format!("{} {}", s.department, s.degree));
    if known.iter().filter(|id| !studies.contains(id)).count() >= 2 {
        return None;
    }
    // A line no cue reads is embedded as the student wrote it: the plausible fields' words
    // would drown it, and the postings nearest it are what `by_meaning` reads it by.
    let words: Vec<&str> = line_fields(&prose)
        .iter()
        .filter_map(|f| FIELD_WORDS.iter().find(|(n, _)| n == f).map(|(_, w)| *w))
        .collect();
    (!words.is_empty()).then(|| words.join("; "))
}

/// The field (index) an internship's field vector points to most, among `among`.
fn main_field(field: &[f32], among: &[usize]) -> Option<usize> {
    among
        .iter()
        .copied()
        .filter(|f| field.get(*f).copied().unwrap_or(0.0) > 0.2)
        .max_by(|a, b| field[*a].total_cmp(&field[*b]))
}

/// Spreads the first ten of a ranking (best first) across the student's plausible fields: the
/// best of each field in turn, fields ordered by their best candidate, from the best `window`
/// candidates; what no plausible field claims keeps its place after them. Only for an ambiguous
/// cold start (see [`cold_field`]); `field_of(i)` is the field vector of recommendation `i`.
pub fn diversify(
    ranked: &mut Vec<Recommendation>,
    student: &StudentFeatures,
    field_of: &dyn Fn(&Recommendation) -> Vec<f32>,
) {
    const SHOWN: usize = 10;
    const WINDOW: usize = 40;
    if !student.ambiguous || ranked.len() <= 1 {
        return;
    }
    let names = taxonomy().fields();
    let plausible: Vec<usize> = student
        .plausible
        .iter()
        .filter_map(|f| names.iter().position(|n| n == f))
        .collect();
    let window = ranked.len().min(WINDOW);
    let mut queues: Vec<(usize, Vec<usize>)> = plausible.iter().map(|f| (*f, Vec::new())).collect();
    let mut unclaimed = Vec::new();
    for (pos, rec) in ranked[..window].iter().enumerate() {
        match main_field(&field_of(rec), &plausible) {
            Some(f) => match queues.iter_mut().find(|(q, _)| *q == f) {
                Some((_, queue)) => queue.push(pos),
                None => unclaimed.push(pos),
            },
            None => unclaimed.push(pos),
        }
    }
    queues.retain(|(_, q)| !q.is_empty());
    queues.sort_by_key(|(_, q)| q[0]);
    let mut order: Vec<usize> = Vec::with_capacity(window);
    let mut round = 0;
    while order.len() < SHOWN && queues.iter().any(|(_, q)| q.len() > round) {
        for (_, q) in &queues {
            if let Some(pos) = q.get(round)
                && order.len() < SHOWN
            {
                order.push(*pos);
            }
        }
        round += 1;
    }
    let mut rest: Vec<usize> = (0..window).filter(|p| !order.contains(p)).collect();
    rest.sort_unstable();
    order.extend(rest);
    let mut head: Vec<Option<Recommendation>> = ranked.drain(..window).map(Some).collect();
    let reordered: Vec<Recommendation> = order.iter().filter_map(|p| head[*p].take()).collect();
    // The list's order key follows the new order, above everything past the window.
    let floor = ranked.first().map(|r| r.order).unwrap_or(0.0);
    let base = reordered.iter().map(|r| r.order).fold(floor, f32::max);
    let n = reordered.len();
    for (k, mut rec) in reordered.into_iter().enumerate().rev() {
        rec.order = base + (n - k) as f32;
        ranked.insert(0, rec);
    }
}

#[cfg(test)]
#[path = "coldstart_tests.rs"]
mod tests;
