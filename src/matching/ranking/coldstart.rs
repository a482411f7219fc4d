//! Cold start: a student with a degree, a department and one vague line still gets a useful
//! list. What they study says which fields are plausible (a table the project owns: B.Tech CS →
//! software, data, security, …; BBA Marketing → marketing, sales; Communication Design → UI/UX,
//! graphic design); the one line they wrote says which of them they lean to ("UX" → UI/UX,
//! "convincing people" → sales). When nothing decides between the plausible fields, the top ten
//! is spread across them instead of being filled from one.

use super::studies::{DEGREES, FIELD_WORDS, LINE_CUES, STUDIES};
use crate::matching::model::{Recommendation, StudentFeatures};
use crate::taxonomy::{normalise, taxonomy};

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

/// What a cold-start student's text is read with (see [`FIELD_WORDS`]): the words of the fields
/// their line points to, else of the first three plausible fields of their studies; `None` for
/// a student who lists a known skill or whose text names two or more.
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
    let line = line_fields(&prose);
    let plausible = plausible_fields(&s.degree, &s.department);
    let fields: Vec<&str> = if line.is_empty() {
        plausible.into_iter().take(3).collect()
    } else {
        line
    };
    let words: Vec<&str> = fields
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
