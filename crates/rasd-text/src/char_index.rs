//! Byte offset -> char (code point) offset conversion.

use crate::Span;

/// Char (code point) offsets for byte offsets of one text, for output formats that count
/// code points (JSON consumers in JavaScript/Python).
///
/// Built in one pass: per 64-byte block a bitmask of char starts and a running count, so a
/// lookup is O(1) (a popcount) and the index takes 12 bytes per 64 bytes of text.
#[derive(Clone, Debug, Default)]
pub struct CharIndex {
    /// Bit `k` of `masks[b]` is set when byte `64*b + k` starts a char.
    masks: Vec<u64>,
    /// Number of chars starting before block `b` (one extra entry for the end).
    prefix: Vec<u32>,
    len: usize,
}

impl CharIndex {
    /// Index `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let nblocks = bytes.len().div_ceil(64);
        let mut masks = Vec::with_capacity(nblocks);
        let mut prefix = Vec::with_capacity(nblocks + 1);
        let mut count = 0u32;
        for chunk in bytes.chunks(64) {
            let mut m = 0u64;
            for (k, &b) in chunk.iter().enumerate() {
                // Continuation bytes are 0b10xx_xxxx.
                if (b as i8) >= -0x40 {
                    m |= 1 << k;
                }
            }
            prefix.push(count);
            masks.push(m);
            count += m.count_ones();
        }
        prefix.push(count);
        CharIndex {
            masks,
            prefix,
            len: bytes.len(),
        }
    }

    /// Number of chars that start before `byte` (the char offset of `byte` when it is on a
    /// char boundary). Offsets past the end are clamped to the end.
    pub fn char_offset(&self, byte: usize) -> usize {
        let byte = byte.min(self.len);
        let block = byte / 64;
        let bit = byte % 64;
        if block >= self.masks.len() {
            return self.prefix[self.masks.len()] as usize;
        }
        let below = if bit == 0 {
            0
        } else {
            self.masks[block] & (u64::MAX >> (64 - bit))
        };
        self.prefix[block] as usize + below.count_ones() as usize
    }

    /// Char offsets `(start, end)` of a byte span.
    pub fn char_span(&self, s: Span) -> (usize, usize) {
        (
            self.char_offset(s.start as usize),
            self.char_offset(s.end as usize),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_naive() {
        let text = "قال abc ١٢٣ 😀 ".repeat(20);
        let idx = CharIndex::new(&text);
        let mut chars = 0;
        for (b, _) in text.char_indices() {
            assert_eq!(idx.char_offset(b), chars, "byte {b}");
            chars += 1;
        }
        assert_eq!(idx.char_offset(text.len()), chars);
        assert_eq!(idx.char_offset(text.len() + 10), chars);
        assert_eq!(idx.char_span(Span::new(0, 6)), (0, 3));
    }

    #[test]
    fn empty() {
        let idx = CharIndex::new("");
        assert_eq!(idx.char_offset(0), 0);
        assert_eq!(idx.char_offset(5), 0);
    }

    #[test]
    fn block_boundary() {
        let text = "a".repeat(64) + "ب";
        let idx = CharIndex::new(&text);
        assert_eq!(idx.char_offset(64), 64);
        assert_eq!(idx.char_offset(66), 65);
    }
}
