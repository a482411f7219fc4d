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

/// One word's postings (slots in the copy, ascending) and their scores as the copy is made:
/// each slot as the varint of its distance from the one before, each score as an index into the
/// word's distinct scores (a word has few: they depend only on where and how often it stands).
/// Kept words are then made `Compact`.
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
        let class = match self
            .scores
            .iter()
            .position(|s| s.to_bits() == score.to_bits())
        {
            Some(i) => i,
            None if self.scores.len() < 256 => {
                self.scores.push(score);
                self.scores.len() - 1
            }
            None => return false,
        };
        push_varint(&mut self.gaps, slot - self.last.map_or(0, |l| l + 1));
        self.score_of.push(class as u8);
        self.last = Some(slot);
        true
    }

    /// How many postings hold the word.
    pub fn len(&self) -> usize {
        self.score_of.len()
    }

    /// The word's postings in their final form, in one allocation of the exact size.
    pub fn compact(&self) -> Compact {
        // The commonest scores get the indexes a short entry holds.
        let mut counts = vec![0usize; self.scores.len()];
        for &class in &self.score_of {
            counts[usize::from(class)] += 1;
        }
        let mut order: Vec<usize> = (0..self.scores.len()).collect();
        order.sort_by_key(|&class| std::cmp::Reverse(counts[class]));
        let mut index = vec![0u8; self.scores.len()];
        for (new, &old) in order.iter().enumerate() {
            index[old] = new as u8;
        }
        let index = &index;
        let entries = || {
            let mut next = 0u32;
            self.iter_classes().map(move |(slot, class)| {
                let gap = slot - next;
                next = slot + 1;
                (gap, index[usize::from(class)])
            })
        };
        let size = entries().map(|(gap, class)| entry_size(gap, class)).sum();
        let mut bytes = Vec::with_capacity(size);
        for (gap, class) in entries() {
            if gap < 16 && class < 8 {
                bytes.push((gap as u8) << 3 | class);
                continue;
            }
            bytes.extend([LONG, class]);
            push_varint(&mut bytes, gap);
        }
        Compact {
            bytes,
            scores: order.iter().map(|&old| self.scores[old]).collect(),
        }
    }

    /// Every (slot, index of its score), slots ascending.
    fn iter_classes(&self) -> impl Iterator<Item = (u32, u8)> + '_ {
        let (mut at, mut next) = (0usize, 0u32);
        self.score_of.iter().map(move |&class| {
            let gap = read_varint(&self.gaps, &mut at).unwrap_or(0);
            let slot = next + gap;
            next = slot + 1;
            (slot, class)
        })
    }

    /// Every (slot, score), slots ascending.
    #[cfg(test)]
    pub fn iter(&self) -> impl Iterator<Item = (u32, f32)> + '_ {
        self.iter_classes()
            .map(|(slot, class)| (slot, self.scores[usize::from(class)]))
    }
}

/// The first byte of an entry in its long form: the score's index and the distance follow.
const LONG: u8 = 0x80;

/// The bytes one entry takes: one for a distance under 16 with one of the 8 commonest scores
/// (most entries of a common word), else the marker, the index and the distance's varint.
fn entry_size(gap: u32, class: u8) -> usize {
    if gap < 16 && class < 8 {
        return 1;
    }
    let mut varint = 1;
    let mut rest = gap >> 7;
    while rest > 0 {
        varint += 1;
        rest >>= 7;
    }
    2 + varint
}

fn push_varint(bytes: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            bytes.push(byte);
            return;
        }
        bytes.push(byte | 0x80);
    }
}

/// The varint (`push_varint`) at `at` in `bytes`, moving `at` past it; none at the end.
fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let (mut value, mut shift) = (0u32, 0);
    loop {
        let &byte = bytes.get(*at)?;
        *at += 1;
        value |= u32::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
}

/// A kept word's postings and scores: each entry one byte (the distance from the slot before,
/// under 16, and the index of one of the word's 8 commonest scores) or, rarely, a longer form.
/// About a byte a posting for a common word.
#[derive(Debug)]
pub struct Compact {
    bytes: Vec<u8>,
    /// The word's distinct scores, commonest first.
    scores: Vec<f32>,
}

impl Compact {
    /// Bytes held.
    pub fn size(&self) -> usize {
        self.bytes.len() + self.scores.len() * 4
    }

    /// Every (slot, score), slots ascending.
    pub fn iter(&self) -> impl Iterator<Item = (u32, f32)> + '_ {
        let (mut at, mut next) = (0usize, 0u32);
        std::iter::from_fn(move || {
            let &first = self.bytes.get(at)?;
            at += 1;
            let (gap, class) = if first & LONG == 0 {
                (u32::from(first >> 3), first & 0x07)
            } else {
                let &class = self.bytes.get(at)?;
                at += 1;
                (read_varint(&self.bytes, &mut at)?, class)
            };
            let slot = next + gap;
            next = slot + 1;
            Some((slot, *self.scores.get(usize::from(class))?))
        })
    }
}

#[cfg(test)]
#[path = "documents_tests.rs"]
mod tests;
