//! A set of listed postings (their indexes in one generation's `Listed`), one bit each: a
//! place's or a skill's postings at 100,000 listed cost 12.5 KB.

/// A set of listed postings' indexes.
#[derive(Debug, Clone)]
pub struct Bitmap(Vec<u64>);

impl Bitmap {
    pub fn new(len: usize) -> Bitmap {
        Bitmap(vec![0; len.div_ceil(64)])
    }
    pub fn insert(&mut self, i: u32) {
        self.0[i as usize / 64] |= 1 << (i % 64);
    }
    pub fn contains(&self, i: u32) -> bool {
        self.0
            .get(i as usize / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
    /// How many members it has.
    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
    /// The members, smallest first.
    pub fn members(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &bits)| {
            (0..64u32)
                .filter(move |b| bits & (1 << b) != 0)
                .map(move |b| w as u32 * 64 + b)
        })
    }
}
