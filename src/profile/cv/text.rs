//! Setting text: a line is cut into runs of one font each (Devanagari in Noto Sans Devanagari,
//! the rest in Noto Sans, by what each font covers), each run shaped by rustybuzz (conjuncts,
//! reordered vowel signs, reph), and paragraphs are wrapped at word boundaries to a width.

use super::fonts::{Face, Fonts};
use krilla::text::{GlyphId, KrillaGlyph};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Latin,
    Devanagari,
}

/// A stretch of text in one font, shaped.
pub struct Run {
    pub face: Face,
    pub text: String,
    /// Positions in em (krilla scales them by the font size); text ranges index `text`.
    pub glyphs: Vec<KrillaGlyph>,
    /// Width in em.
    pub advance: f32,
}

/// A line of text as runs, left to right.
pub struct Shaped {
    pub runs: Vec<Run>,
}

impl Shaped {
    /// Width at `size` points.
    pub fn width(&self, size: f32) -> f32 {
        self.runs.iter().map(|r| r.advance).sum::<f32>() * size
    }
}

fn is_devanagari(c: char) -> bool {
    matches!(c, '\u{0900}'..='\u{097F}' | '\u{A8E0}'..='\u{A8FF}' | '\u{1CD0}'..='\u{1CFF}')
}

/// Characters that belong to the run they follow, whatever the font: joiners, combining marks.
fn joins(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{0300}'..='\u{036F}' | '\u{FE00}'..='\u{FE0F}')
}

impl Fonts {
    fn face(&self, family: Family, weight: Weight) -> &Face {
        match (family, weight) {
            (Family::Latin, Weight::Regular) => &self.regular,
            (Family::Latin, Weight::Bold) => &self.bold,
            (Family::Devanagari, Weight::Regular) => &self.devanagari,
            (Family::Devanagari, Weight::Bold) => &self.devanagari_bold,
        }
    }

    fn family_of(&self, c: char) -> Family {
        if is_devanagari(c) || (!self.regular.covers(c) && self.devanagari.covers(c)) {
            Family::Devanagari
        } else {
            Family::Latin
        }
    }
}

/// `text` cut into runs of one family: spaces, digits and punctuation stay in the run they
/// follow when its font has them, so "आशा वर्मा, Pune" is two runs, not five.
fn segments(fonts: &Fonts, text: &str) -> Vec<(Family, Range<usize>)> {
    let mut out: Vec<(Family, Range<usize>)> = Vec::new();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if let Some((family, range)) = out.last_mut() {
            let stays = joins(c)
                || (!c.is_alphabetic() && fonts.face(*family, Weight::Regular).covers(c))
                || fonts.family_of(c) == *family;
            if stays {
                range.end = end;
                continue;
            }
        }
        out.push((fonts.family_of(c), i..end));
    }
    out
}

/// Shapes `text` (one line) in `weight`.
pub fn shape(fonts: &Fonts, text: &str, weight: Weight) -> Shaped {
    let runs = segments(fonts, text)
        .into_iter()
        .map(|(family, range)| shape_run(fonts.face(family, weight), &text[range]))
        .collect();
    Shaped { runs }
}

fn shape_run(face: &Face, text: &str) -> Run {
    let mut run = Run {
        face: face.clone(),
        text: text.to_string(),
        glyphs: Vec::new(),
        advance: 0.0,
    };
    let Some(shaper) = face.shaper() else {
        return run;
    };
    let upem = shaper.units_per_em().max(1) as f32;
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    buffer.set_direction(rustybuzz::Direction::LeftToRight);
    let output = rustybuzz::shape(&shaper, &[], buffer);
    let infos = output.glyph_infos();
    let positions = output.glyph_positions();
    for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
        let start = info.cluster as usize;
        // Clusters only grow left to right: the cluster ends where the next one starts.
        let end = infos[i + 1..]
            .iter()
            .map(|next| next.cluster as usize)
            .find(|&c| c != start)
            .unwrap_or(text.len());
        let glyph = KrillaGlyph::new(
            GlyphId::new(info.glyph_id),
            pos.x_advance as f32 / upem,
            pos.x_offset as f32 / upem,
            pos.y_offset as f32 / upem,
            pos.y_advance as f32 / upem,
            start..end.max(start),
            None,
        );
        run.advance += glyph.x_advance;
        run.glyphs.push(glyph);
    }
    run
}

/// Width of `text` at `size` points.
pub fn width(fonts: &Fonts, text: &str, weight: Weight, size: f32) -> f32 {
    shape(fonts, text, weight).width(size)
}

/// `text` in lines no wider than `max` points at `size`: broken between words; a word wider
/// than a line (a long address) is broken between characters, never inside Devanagari.
pub fn wrap(fonts: &Fonts, text: &str, weight: Weight, size: f32, max: f32) -> Vec<String> {
    let space = width(fonts, " ", weight, size);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    for word in text.split_whitespace() {
        let w = width(fonts, word, weight, size);
        if !line.is_empty() && used + space + w <= max {
            line.push(' ');
            line.push_str(word);
            used += space + w;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if w <= max {
            line.push_str(word);
            used = w;
            continue;
        }
        let mut pieces = break_word(fonts, word, weight, size, max);
        let last = pieces.pop().unwrap_or_default();
        lines.extend(pieces);
        used = width(fonts, &last, weight, size);
        line = last;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A word cut into pieces no wider than `max` (at least one character each).
fn break_word(fonts: &Fonts, word: &str, weight: Weight, size: f32, max: f32) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut previous: Option<char> = None;
    for c in word.chars() {
        // Never inside a Devanagari cluster or before a joining mark.
        let joined = joins(c) || (is_devanagari(c) && previous.is_some_and(is_devanagari));
        let may_break = !piece.is_empty() && !joined;
        let mut longer = piece.clone();
        longer.push(c);
        if may_break && width(fonts, &longer, weight, size) > max {
            pieces.push(std::mem::take(&mut piece));
            piece.push(c);
        } else {
            piece = longer;
        }
        previous = Some(c);
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}
