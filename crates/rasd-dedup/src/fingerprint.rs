//! What dedup keeps of a text: a content hash and its set of word shingles.

use rasd_text::{NormLevel, Token, TokenKind, normalize_into, tokenize_into};

use crate::hash::{self, Combine};

/// Seeds of the content and shingle hashes.
const CONTENT_SEED: u64 = 0x7261_7364_2d63_6f6e; // "rasd-con"
const SHINGLE_SEED: u64 = 0x7261_7364_2d73_6869; // "rasd-shi"

/// A text reduced to what dedup compares.
#[derive(Clone, Debug, Default)]
pub(crate) struct Fingerprint {
    /// Hash of the sequence of all tokens (punctuation included) of the Search-normalized
    /// text: equal for texts that differ only in whitespace, diacritics, tatweel, alef/ya/
    /// ta-marbuta variants, digit scripts and the other foldings of the Search level.
    pub(crate) content: u64,
    /// Sorted, distinct 32-bit hashes of the runs of `shingle` consecutive words.
    pub(crate) shingles: Vec<u32>,
}

/// Scratch buffers reused from text to text (one per thread).
#[derive(Default)]
pub(crate) struct Scratch {
    norm: String,
    tokens: Vec<Token>,
    words: Vec<u64>,
}

impl Fingerprint {
    /// The fingerprint of `text` with shingles of `k` words. The shingles are left empty when
    /// the text has fewer than `min_words` words: such a text never joins a group.
    pub(crate) fn new(text: &str, k: usize, min_words: usize, scratch: &mut Scratch) -> Self {
        let Scratch {
            norm,
            tokens,
            words,
        } = scratch;
        norm.clear();
        normalize_into(text, NormLevel::Search, norm);
        tokenize_into(norm, tokens);
        words.clear();
        let mut content = Combine::new(CONTENT_SEED);
        for t in tokens.iter() {
            let h = hash::word(t.text(norm).as_bytes());
            content.add(h);
            if matches!(
                t.kind,
                TokenKind::Word | TokenKind::Latin | TokenKind::Number
            ) {
                words.push(h);
            }
        }
        let mut fp = Fingerprint {
            content: content.finish(),
            shingles: Vec::new(),
        };
        if words.len() < min_words.max(k) {
            return fp;
        }
        fp.shingles.reserve(words.len() + 1 - k);
        for window in words.windows(k) {
            let mut h = Combine::new(SHINGLE_SEED);
            for &w in window {
                h.add(w);
            }
            // The high half: the finalizer mixes every bit into it.
            fp.shingles.push((h.finish() >> 32) as u32);
        }
        fp.shingles.sort_unstable();
        fp.shingles.dedup();
        fp
    }
}

/// Jaccard similarity of two sorted sets: |a ∩ b| / |a ∪ b| (0 when both are empty).
pub(crate) fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let common = intersection(a, b);
    common as f64 / (a.len() + b.len() - common) as f64
}

/// The highest Jaccard similarity two sets of these sizes can have.
pub(crate) fn jaccard_bound(a: usize, b: usize) -> f64 {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    if hi == 0 { 0.0 } else { lo as f64 / hi as f64 }
}

fn intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(text: &str, k: usize) -> Fingerprint {
        Fingerprint::new(text, k, 0, &mut Scratch::default())
    }

    #[test]
    fn search_level_variants_are_the_same_text() {
        let a = fp("أعلنت الحكومةُ إطلاق ٣ مبادرات جديدة، اليوم.", 3);
        let b = fp("اعلنت الحكومه اطلاق 3 مبادرات جـديدة ، اليوم .", 3);
        assert_eq!(a.content, b.content);
        assert_eq!(a.shingles, b.shingles);
        // Punctuation is part of the content but not of the shingles.
        let c = fp("اعلنت الحكومة اطلاق 3 مبادرات جديدة اليوم", 3);
        assert_ne!(a.content, c.content);
        assert_eq!(a.shingles, c.shingles);
    }

    #[test]
    fn shingles_of_k_words() {
        let f = fp("واحد اثنان ثلاثة اربعة خمسة", 3);
        assert_eq!(f.shingles.len(), 3);
        assert!(fp("واحد اثنان", 3).shingles.is_empty());
        // min_words keeps short texts out.
        let short = Fingerprint::new("واحد اثنان ثلاثة اربعة خمسة", 3, 6, &mut Scratch::default());
        assert!(short.shingles.is_empty());
    }

    #[test]
    fn jaccard_of_sets() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard(&[], &[]), 0.0);
        assert_eq!(jaccard(&[1], &[1]), 1.0);
        assert_eq!(jaccard_bound(3, 6), 0.5);
    }
}
