//! PostgreSQL's search documents as the in-memory copy of their common words reads them
//! (`common`): a `tsvector` in its text form (`'word':3A,17 'other':5B`), each word's score in
//! it as `ts_rank` gives it for that word alone, and a word's postings packed small.

/// `ts_rank`'s default weights, by the weight a position carries (D, C, B, A).
const WEIGHTS: [f32; 4] = [0.1, 0.2, 0.4, 1.0];

/// Each word of a document in `tsvector` text form with the weights of its positions, in the
/// document's order (a position without a letter is D). None when the text is not one.
pub fn words(text: &str) -> Option<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| *c == ' ').is_some() {}
        match chars.next() {
            None => return Some(out),
            Some('\'') => {}
            Some(_) => return None,
        }
        // The word: a quote inside is doubled, a backslash escapes the next character.
        let mut word = String::new();
        loop {
            match chars.next()? {
                '\'' if chars.next_if_eq(&'\'').is_some() => word.push('\''),
                '\'' => break,
                '\\' => word.push(chars.next()?),
                c => word.push(c),
            }
        }
        let mut weights = Vec::new();
        if chars.next_if_eq(&':').is_some() {
            loop {
                while chars.next_if(char::is_ascii_digit).is_some() {}
                weights.push(match chars.next_if(|c| matches!(c, 'A' | 'B' | 'C')) {
                    Some('A') => 3,
                    Some('B') => 2,
                    Some('C') => 1,
                    _ => 0,
                });
                if chars.next_if_eq(&',').is_none() {
                    break;
                }
            }
        }
        out.push((word, weights));
    }
}

/// The score of a word with positions of these weights (in the document's order) in a document,
/// as PostgreSQL's `ts_rank(doc, word)` computes it (`calc_rank_or` of
/// src/backend/utils/adt/tsrank.c, default weights, no normalisation), to the last bit: the same
/// single-precision steps, the one double-precision division where the C code has one. A
/// word kept without positions counts as one position of weight D.
pub fn rank(weights: &[u8]) -> f32 {
    let weights: &[u8] = if weights.is_empty() { &[0] } else { weights };
    let (mut resj, mut wjm, mut jm) = (0.0f32, -1.0f32, 0usize);
    for (j, &w) in weights.iter().enumerate() {
        let w = WEIGHTS[usize::from(w.min(3))];
        resj += w / ((j + 1) * (j + 1)) as f32;
        if w > wjm {
            wjm = w;
            jm = j;
        }
    }
    let term = wjm + resj - wjm / ((jm + 1) * (jm + 1)) as f32;
    let res = (f64::from(term) / 1.644_934_066_85) as f32;
    if res < 0.0 { 1e-20 } else { res }
}

/// One word's postings (slots in the copy, ascending) and their scores, packed: each slot as the
/// varint of its distance from the one before, each score as an index into the word's distinct
/// scores (a word has few: they depend only on where and how often it stands). About two bytes
/// a posting instead of twelve.
#[derive(Debug, Default)]
pub struct Packed {
    gaps: Vec<u8>,
    score_of: Vec<u8>,
    scores: Vec<f32>,
    last: Option<u32>,
}

impl Packed {
    /// Adds `slot` (greater than every slot before) with `score`; false when the word has more
    /// distinct scores than an index of a byte holds (the word is then not kept).
    pub fn push(&mut self, slot: u32, score: f32) -> bool {
        let class = match self.scores.iter().position(|s| s.to_bits() == score.to_bits()) {
            Some(i) => i,
            None if self.scores.len() < 256 => {
                self.scores.push(score);
                self.scores.len() - 1
            }
            None => return false,
        };
        let mut gap = slot - self.last.map_or(0, |l| l + 1);
        loop {
            let byte = (gap & 0x7f) as u8;
            gap >>= 7;
            if gap == 0 {
                self.gaps.push(byte);
                break;
            }
            self.gaps.push(byte | 0x80);
        }
        self.score_of.push(class as u8);
        self.last = Some(slot);
        true
    }

    /// How many postings hold the word.
    pub fn len(&self) -> usize {
        self.score_of.len()
    }

    /// Bytes held.
    pub fn size(&self) -> usize {
        self.gaps.len() + self.score_of.len() + self.scores.len() * 4
    }

    pub fn shrink(&mut self) {
        self.gaps.shrink_to_fit();
        self.score_of.shrink_to_fit();
        self.scores.shrink_to_fit();
    }

    /// Every (slot, score), slots ascending.
    pub fn iter(&self) -> impl Iterator<Item = (u32, f32)> + '_ {
        let mut gaps = self.gaps.iter();
        let mut next = 0u32;
        self.score_of.iter().map(move |&class| {
            let (mut gap, mut shift) = (0u32, 0);
            for &byte in gaps.by_ref() {
                gap |= u32::from(byte & 0x7f) << shift;
                shift += 7;
                if byte & 0x80 == 0 {
                    break;
                }
            }
            let slot = next + gap;
            next = slot + 1;
            (slot, self.scores[usize::from(class)])
        })
    }
}

#[cfg(test)]
#[path = "documents_tests.rs"]
mod tests;
