//! Byte spans into the original text.

use std::ops::Range;

/// Byte range into the original text. `start <= end`, both on char boundaries.
///
/// Offsets are `u32`, so texts must be shorter than 4 GiB.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Default,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets. Panics if `start > end` or an offset exceeds `u32::MAX`.
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "Span::new: start {start} > end {end}");
        let start = u32::try_from(start).expect("Span offset exceeds u32::MAX");
        let end = u32::try_from(end).expect("Span offset exceeds u32::MAX");
        Span { start, end }
    }

    /// The span as a `usize` range, for slicing.
    #[inline]
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    #[inline]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no byte.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The text this span covers in `s` (the text it was made from).
    #[inline]
    pub fn text(self, s: &str) -> &str {
        &s[self.range()]
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basics() {
        let s = "قال الرئيس";
        let sp = Span::new(0, 6);
        assert_eq!(sp.text(s), "قال");
        assert_eq!(sp.len(), 6);
        assert!(!sp.is_empty());
        assert!(Span::new(3, 3).is_empty());
        assert_eq!(sp.range(), 0..6);
        assert_eq!(Span::from(7..19).text(s), "الرئيس");
    }

    #[test]
    #[should_panic]
    fn reversed_panics() {
        let _ = Span::new(3, 2);
    }
}
