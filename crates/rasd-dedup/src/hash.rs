//! Fixed-seed 64-bit hashing of words, shingles and MinHash permutations.
//!
//! Everything is seeded by constants, so the same text gives the same hashes on every run,
//! machine and thread count: groups are deterministic.

/// Multiplier of the word and shingle hashes (FxHash's, the 64-bit golden ratio's odd cousin).
const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// MurmurHash3's 64-bit finalizer: every input bit affects every output bit.
#[inline]
pub(crate) fn fmix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// Hash of a word's bytes, ASCII letters lower-cased (Latin words in Arabic news vary in case).
#[inline]
pub(crate) fn word(bytes: &[u8]) -> u64 {
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut b = [0u8; 8];
        for (d, s) in b.iter_mut().zip(c) {
            *d = s.to_ascii_lowercase();
        }
        h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut b = [0u8; 8];
        for (d, s) in b.iter_mut().zip(rest) {
            *d = s.to_ascii_lowercase();
        }
        h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
    }
    fmix64(h)
}

/// Order-sensitive combination of a sequence of hashes.
#[derive(Clone, Copy)]
pub(crate) struct Combine(u64);

impl Combine {
    pub(crate) fn new(seed: u64) -> Self {
        Self(fmix64(seed))
    }

    #[inline]
    pub(crate) fn add(&mut self, h: u64) {
        self.0 = (self.0.rotate_left(23) ^ h).wrapping_mul(K);
    }

    #[inline]
    pub(crate) fn finish(self) -> u64 {
        fmix64(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_ascii_case_only() {
        assert_eq!(word(b"Reuters"), word(b"REUTERS"));
        assert_ne!(word("قال".as_bytes()), word("قالت".as_bytes()));
        assert_ne!(word(b"abcdefgh"), word(b"abcdefgh\0"));
    }

    #[test]
    fn combination_is_order_sensitive() {
        let mut a = Combine::new(1);
        a.add(1);
        a.add(2);
        let mut b = Combine::new(1);
        b.add(2);
        b.add(1);
        assert_ne!(a.finish(), b.finish());
    }
}
