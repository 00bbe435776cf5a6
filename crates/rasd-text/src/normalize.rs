//! Normalization levels and the aligned normalized view.
//!
//! # How it works
//! One pass over the original text. Runs of chars that need no change (almost everything in
//! Arabic news) are copied with one `push_str` per run. A char replaced by one of the *same
//! UTF-8 length* (ی -> ي, أ -> ا, control -> space) keeps every later offset where it was, so
//! it needs no alignment entry. Only length-changing edits (deleted marks, digits ٣ -> 3, NBSP
//! -> space, presentation forms, NFC recompositions) add an *anchor* `(normalized offset,
//! original offset)`; mapping back is a binary search over the anchors.
//!
//! NFC: combining marks (canonical combining class != 0) and the few chars whose NFC quick
//! check is not "yes" are handled as a *cluster* with the preceding starter (base char): the
//! cluster is checked with `is_nfc_quick` and only recomposed with `unicode-normalization`
//! when that says it might change. Everything else never touches the NFC tables.

use std::ops::Range;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::Span;

/// How much of the text's surface is kept.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum NormLevel {
    /// NFC (incl. canonical reordering e.g. shadda+vowel), control chars (C0 except `\n` `\t`,
    /// DEL, C1) -> space, zero-width & bidi marks removed (U+200B-U+200F, U+202A-U+202E,
    /// U+2060, U+2066-U+2069, U+061C, U+FEFF, soft hyphen U+00AD), no-break/odd spaces (U+00A0,
    /// U+2000-U+200A, U+202F, U+205F, U+3000) -> `' '`, Arabic presentation forms
    /// (U+FB50-U+FDFF, U+FE70-U+FEFE) -> their NFKC letters (lam-alef ligature -> two
    /// letters). Safe for display.
    Display,
    /// Display + strip harakat/diacritics (U+0610-U+061A, U+064B-U+065F, U+0670,
    /// U+06D6-U+06ED) and tatweel U+0640, Arabic-Indic (U+0660-0669) and Persian
    /// (U+06F0-06F9) digits -> ASCII, Arabic decimal/thousands separators ٫ ٬ -> `.` `,`,
    /// Persian/Urdu letters ک->ك, ی/ې->ي, ھ/ہ->ه, ۀ->ة, ڪ->ك (and the wavy-hamza alefs
    /// ٲ->أ, ٳ->إ). For NER/analysis.
    Analysis,
    /// Analysis + fold alef/hamza variants أ إ آ ٱ -> ا, ؤ -> و, ئ -> ي, ى -> ي, ة -> ه.
    /// Search/dedup recall only.
    Search,
}

/// A normalized view of a text with an alignment back to the original.
///
/// The alignment is a sorted list of anchors; between two anchors the text is either
/// offset-preserving (copied, or same-length substitutions) or one *atomic* chunk (an edit
/// whose normalized bytes all map to the whole original chunk).
///
/// Mapping conventions: offsets are snapped to char boundaries of the normalized text; at a
/// position where original chars were deleted (diacritics, tatweel, zero-width marks) an
/// offset maps to the position *after* the deleted chars. So a deleted mark belongs to the
/// text before it: the normalized range of a word maps back to the word including its
/// trailing diacritics, and a range starting right after a deleted mark does not include it.
#[derive(Clone, Debug)]
pub struct AlignedText {
    normalized: String,
    anchors: Vec<Anchor>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Anchor {
    norm: u32,
    orig: u32,
    /// The segment starting here is one atomic edit (else offset-preserving).
    atomic: bool,
}

impl AlignedText {
    /// The normalized text.
    #[inline]
    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    /// Consume into the normalized text.
    pub fn into_normalized(self) -> String {
        self.normalized
    }

    /// Length of the original text in bytes.
    pub fn original_len(&self) -> usize {
        self.anchors.last().map_or(0, |a| a.orig as usize)
    }

    /// Map a byte range of the normalized text to the byte span of the original text it came
    /// from (widened to whole original chars; a normalized char created from several original
    /// chars maps to all of them; an empty range maps to an empty span at the corresponding
    /// position). Out-of-range offsets are clamped.
    pub fn to_original(&self, range: Range<usize>) -> Span {
        let len = self.normalized.len();
        let a = self.floor_boundary(range.start.min(len));
        let b = self.ceil_boundary(range.end.min(len)).max(a);
        if range.end <= range.start || a == b {
            let o = self.map(a, false);
            return Span::new(o, o);
        }
        Span::new(self.map(a, false), self.map(b, true))
    }

    /// Original byte offset of a normalized byte offset (a start position: inside a chunk
    /// produced from several original chars it maps to the chunk's start).
    pub fn original_offset(&self, normalized_offset: usize) -> usize {
        let x = self.floor_boundary(normalized_offset.min(self.normalized.len()));
        self.map(x, false)
    }

    /// The original offset of `x` when `x` is a clean boundary (not inside an atomic chunk).
    pub(crate) fn clean_boundary(&self, x: usize) -> Option<usize> {
        if x > self.normalized.len() || !self.normalized.is_char_boundary(x) {
            return None;
        }
        let lo = self.map(x, false);
        (lo == self.map(x, true)).then_some(lo)
    }

    fn floor_boundary(&self, mut x: usize) -> usize {
        while !self.normalized.is_char_boundary(x) {
            x -= 1;
        }
        x
    }

    fn ceil_boundary(&self, mut x: usize) -> usize {
        while !self.normalized.is_char_boundary(x) {
            x += 1;
        }
        x
    }

    /// Map a normalized offset; `end` chooses the chunk end for offsets inside atomic chunks.
    fn map(&self, x: usize, end: bool) -> usize {
        // anchors[0].norm == 0, so the partition point is >= 1.
        let i = self.anchors.partition_point(|a| a.norm as usize <= x) - 1;
        let a = self.anchors[i];
        let an = a.norm as usize;
        if x == an {
            a.orig as usize
        } else if !a.atomic {
            a.orig as usize + (x - an)
        } else if end {
            self.anchors[i + 1].orig as usize
        } else {
            a.orig as usize
        }
    }
}

/// Normalize `text` at `level`, keeping the alignment back to `text`.
pub fn normalize(text: &str, level: NormLevel) -> AlignedText {
    let mut out = String::with_capacity(text.len());
    let mut align = Anchors { v: Vec::new() };
    align.v.push(Anchor {
        norm: 0,
        orig: 0,
        atomic: false,
    });
    run(text, level, &mut out, &mut align);
    let sentinel = Anchor {
        norm: to_u32(out.len()),
        orig: to_u32(text.len()),
        atomic: false,
    };
    let last = *align.v.last().expect("anchors start non-empty");
    if last.norm != sentinel.norm || last.orig != sentinel.orig {
        align.v.push(sentinel);
    }
    AlignedText {
        normalized: out,
        anchors: align.v,
    }
}

/// Fast path without alignment; equals `normalize(text, level).normalized()`.
pub fn normalize_str(text: &str, level: NormLevel) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, level, &mut out);
    out
}

/// Same as [`normalize_str`], appending into a reused buffer (which is not cleared).
pub fn normalize_into(text: &str, level: NormLevel, out: &mut String) {
    out.reserve(text.len());
    run(text, level, out, &mut NoAlign);
}

#[inline]
fn to_u32(x: usize) -> u32 {
    u32::try_from(x).expect("text longer than u32::MAX bytes")
}

// ---------------------------------------------------------------------------------------------
// Alignment sinks

trait Align {
    type Mark: Copy;
    /// An atomic edit of the original starting at `orig` begins at normalized `norm`;
    /// `empty` when it outputs nothing (a deletion; consecutive deletions merge).
    fn atomic(&mut self, norm: usize, orig: usize, empty: bool);
    /// Offset-preserving output resumes at (`norm`, `orig`).
    fn copy(&mut self, norm: usize, orig: usize);
    fn mark(&self) -> Self::Mark;
    fn reset(&mut self, m: Self::Mark);
}

struct NoAlign;

impl Align for NoAlign {
    type Mark = ();
    #[inline(always)]
    fn atomic(&mut self, _: usize, _: usize, _: bool) {}
    #[inline(always)]
    fn copy(&mut self, _: usize, _: usize) {}
    #[inline(always)]
    fn mark(&self) {}
    #[inline(always)]
    fn reset(&mut self, _: ()) {}
}

struct Anchors {
    v: Vec<Anchor>,
}

impl Anchors {
    #[inline]
    fn push(&mut self, a: Anchor) {
        let last = self.v.last_mut().expect("anchors start non-empty");
        if last.orig == a.orig {
            // The previous segment is empty: replace it.
            *last = a;
        } else {
            self.v.push(a);
        }
    }
}

impl Align for Anchors {
    type Mark = (usize, Anchor);

    #[inline]
    fn atomic(&mut self, norm: usize, orig: usize, empty: bool) {
        let last = *self.v.last().expect("anchors start non-empty");
        if empty && last.atomic && last.norm as usize == norm && (last.orig as usize) < orig {
            // Extend the deletion in progress.
            return;
        }
        self.push(Anchor {
            norm: to_u32(norm),
            orig: to_u32(orig),
            atomic: true,
        });
    }

    #[inline]
    fn copy(&mut self, norm: usize, orig: usize) {
        if self.v.last().expect("anchors start non-empty").atomic {
            self.push(Anchor {
                norm: to_u32(norm),
                orig: to_u32(orig),
                atomic: false,
            });
        }
    }

    fn mark(&self) -> (usize, Anchor) {
        (
            self.v.len(),
            *self.v.last().expect("anchors start non-empty"),
        )
    }

    fn reset(&mut self, (len, last): (usize, Anchor)) {
        self.v.truncate(len);
        self.v[len - 1] = last;
    }
}

// ---------------------------------------------------------------------------------------------
// Char actions

/// What to do with one char (outside NFC clusters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Act {
    Keep,
    Delete,
    /// Combining mark or NFC-sensitive char: handle as a cluster with its starter.
    Cluster,
    /// Replace by a char of the same UTF-8 length.
    Same(char),
    /// Replace by an ASCII char (shorter).
    Ascii(u8),
    /// Arabic presentation form: NFKC then level mapping.
    Compat,
}

const fn is_arabic_mark(c: u32) -> bool {
    matches!(c, 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06DC | 0x06DF..=0x06E4
        | 0x06E7..=0x06E8 | 0x06EA..=0x06ED)
}

/// Chars deleted at Analysis level (diacritics incl. the non-combining Quranic signs, tatweel).
const fn is_stripped(c: u32) -> bool {
    matches!(c, 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0640)
}

const fn arabic_act(c: u32, level: NormLevel) -> Act {
    let analysis = !matches!(level, NormLevel::Display);
    let search = matches!(level, NormLevel::Search);
    if c == 0x061C {
        return Act::Delete;
    }
    if is_arabic_mark(c) {
        return Act::Cluster;
    }
    if !analysis {
        return Act::Keep;
    }
    if is_stripped(c) {
        return Act::Delete;
    }
    match c {
        0x0660..=0x0669 => Act::Ascii(b'0' + (c - 0x0660) as u8),
        0x06F0..=0x06F9 => Act::Ascii(b'0' + (c - 0x06F0) as u8),
        0x066B => Act::Ascii(b'.'),
        0x066C => Act::Ascii(b','),
        0x06A9 | 0x06AA => Act::Same('ك'),
        0x06CC | 0x06D0 => Act::Same('ي'),
        0x06BE | 0x06C1 => Act::Same('ه'),
        0x06C0 => {
            if search {
                Act::Same('ه')
            } else {
                Act::Same('ة')
            }
        }
        0x0672 => {
            if search {
                Act::Same('ا')
            } else {
                Act::Same('أ')
            }
        }
        0x0673 => {
            if search {
                Act::Same('ا')
            } else {
                Act::Same('إ')
            }
        }
        0x0623 | 0x0625 | 0x0622 | 0x0671 if search => Act::Same('ا'),
        0x0624 if search => Act::Same('و'),
        0x0626 | 0x0649 if search => Act::Same('ي'),
        0x0629 if search => Act::Same('ه'),
        _ => Act::Keep,
    }
}

const fn arabic_table(level: NormLevel) -> [Act; 256] {
    let mut t = [Act::Keep; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = arabic_act(0x0600 + i as u32, level);
        i += 1;
    }
    t
}

static ARABIC_DISPLAY: [Act; 256] = arabic_table(NormLevel::Display);
static ARABIC_ANALYSIS: [Act; 256] = arabic_table(NormLevel::Analysis);
static ARABIC_SEARCH: [Act; 256] = arabic_table(NormLevel::Search);

#[inline]
fn arabic_tab(level: NormLevel) -> &'static [Act; 256] {
    match level {
        NormLevel::Display => &ARABIC_DISPLAY,
        NormLevel::Analysis => &ARABIC_ANALYSIS,
        NormLevel::Search => &ARABIC_SEARCH,
    }
}

/// Action for a char that is neither ASCII nor in the Arabic block.
fn other_act(c: char) -> Act {
    match c as u32 {
        0x80..=0x9F => Act::Ascii(b' '),
        0xA0 => Act::Ascii(b' '),
        0xAD => Act::Delete,
        // Latin-1 and Latin extended letters: all NFC starters.
        0xA1..=0x2FF => Act::Keep,
        0x2000..=0x200A | 0x202F | 0x205F => Act::Ascii(b' '),
        0x200B..=0x200F | 0x202A..=0x202E | 0x2060 | 0x2066..=0x2069 | 0xFEFF => Act::Delete,
        0x2010..=0x2027 | 0x2030..=0x205E => Act::Keep,
        0x3000 => Act::Ascii(b' '),
        0xFB50..=0xFDFF | 0xFE70..=0xFEFE => Act::Compat,
        _ => nfc_act(c),
    }
}

#[inline]
fn nfc_act(c: char) -> Act {
    if canonical_combining_class(c) != 0 || is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
        Act::Cluster
    } else {
        Act::Keep
    }
}

#[inline]
fn act_of(c: char, level: NormLevel) -> Act {
    let u = c as u32;
    if u < 0x80 {
        if (0x20..0x7F).contains(&u) || u == 0x0A || u == 0x09 {
            Act::Keep
        } else {
            Act::Ascii(b' ')
        }
    } else if (0x0600..0x0700).contains(&u) {
        arabic_tab(level)[(u - 0x0600) as usize]
    } else {
        other_act(c)
    }
}

/// Level mapping of one char *after* NFC (no cluster handling), appended to `out`.
fn push_mapped(c: char, level: NormLevel, out: &mut String) {
    match act_of(c, level) {
        Act::Keep => out.push(c),
        Act::Delete => {}
        Act::Cluster => {
            if level == NormLevel::Display || !is_stripped(c as u32) {
                out.push(c)
            }
        }
        Act::Same(t) => out.push(t),
        Act::Ascii(b) => out.push(b as char),
        Act::Compat => {
            for d in std::iter::once(c).nfkc() {
                if d == c {
                    out.push(d);
                } else {
                    push_mapped(d, level, out);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The engine

#[derive(Clone, Copy)]
struct Checkpoint<M> {
    /// Original offset of the starter whose output begins at `out_len`.
    orig: usize,
    out_len: usize,
    align: M,
}

struct Engine<'a, 'o, A: Align> {
    text: &'a str,
    level: NormLevel,
    out: &'o mut String,
    align: &'o mut A,
    /// Start of the not yet flushed offset-preserving run.
    run_start: usize,
    /// State before the last slow action on a starter.
    cp: Option<Checkpoint<A::Mark>>,
    scratch: String,
    scratch2: String,
    /// Deleted chars before this byte are known to be followed by no combining mark (the run of
    /// deleted chars they stand in was scanned already): a long run costs one scan, not one per
    /// char.
    no_mark_until: usize,
    /// Chars looked at ahead of the current one: a work counter (the linear-cost tests).
    lookahead: usize,
}

/// Normalizes `text` into `out`; the chars looked at ahead (a work counter).
fn run<A: Align>(text: &str, level: NormLevel, out: &mut String, align: &mut A) -> usize {
    let mut e = Engine {
        text,
        level,
        out,
        align,
        run_start: 0,
        cp: None,
        scratch: String::new(),
        scratch2: String::new(),
        no_mark_until: 0,
        lookahead: 0,
    };
    let bytes = text.as_bytes();
    let n = bytes.len();
    let tab = arabic_tab(level);
    let mut i = 0;
    while i < n {
        let b0 = bytes[i];
        if b0 < 0x80 {
            if (0x20..0x7F).contains(&b0) || b0 == b'\n' || b0 == b'\t' {
                i += 1;
                continue;
            }
            e.same_len(i, 1, ' ');
            i += 1;
            continue;
        }
        if (0xD8..=0xDB).contains(&b0) {
            // U+0600..U+06FF
            let idx = (((b0 & 0x03) as usize) << 6) | (bytes[i + 1] & 0x3F) as usize;
            match tab[idx] {
                Act::Keep => {
                    i += 2;
                    continue;
                }
                act => {
                    let c = char::from_u32(0x0600 + idx as u32).expect("valid arabic char");
                    i = e.dispatch(i, c, 2, act);
                    continue;
                }
            }
        }
        let c = text[i..].chars().next().expect("char at boundary");
        let len = c.len_utf8();
        let act = other_act(c);
        if act == Act::Keep {
            i += len;
        } else {
            i = e.dispatch(i, c, len, act);
        }
    }
    e.flush(n);
    e.lookahead
}

impl<A: Align> Engine<'_, '_, A> {
    /// Output the pending run up to `i`.
    #[inline]
    fn flush(&mut self, i: usize) {
        if i > self.run_start {
            self.align.copy(self.out.len(), self.run_start);
            self.out.push_str(&self.text[self.run_start..i]);
        }
        self.run_start = i;
    }

    #[inline]
    fn save(&mut self, orig: usize) {
        self.cp = Some(Checkpoint {
            orig,
            out_len: self.out.len(),
            align: self.align.mark(),
        });
    }

    /// Replace the char at `i` (of `len` bytes) by `t`, which has the same UTF-8 length.
    #[inline]
    fn same_len(&mut self, i: usize, len: usize, t: char) {
        self.flush(i);
        self.save(i);
        self.align.copy(self.out.len(), i);
        self.out.push(t);
        self.run_start = i + len;
    }

    /// Replace `[i, j)` by `s` as one atomic chunk.
    fn replace(&mut self, i: usize, j: usize, s: &str) {
        self.flush(i);
        self.save(i);
        self.align.atomic(self.out.len(), i, s.is_empty());
        self.out.push_str(s);
        self.run_start = j;
    }

    /// Like [`Self::act`], but a deleted starter followed by a combining mark is handled with
    /// the mark's cluster (the deletion may let the mark compose with the char before).
    #[inline]
    fn dispatch(&mut self, i: usize, c: char, len: usize, act: Act) -> usize {
        if act == Act::Delete && i >= self.no_mark_until {
            let mut k = i + len;
            for c2 in self.text[k..].chars() {
                self.lookahead += 1;
                if act_of(c2, self.level) == Act::Delete {
                    k += c2.len_utf8();
                    continue;
                }
                if canonical_combining_class(c2) != 0 {
                    return self.cluster(k);
                }
                break;
            }
            self.no_mark_until = k;
        }
        self.act(i, c, len, act)
    }

    /// Apply a non-keep action to the char `c` at `i`; returns the next position.
    fn act(&mut self, i: usize, c: char, len: usize, act: Act) -> usize {
        match act {
            Act::Keep => i + len,
            Act::Delete => {
                self.replace(i, i + len, "");
                i + len
            }
            Act::Same(t) => {
                self.same_len(i, len, t);
                i + len
            }
            Act::Ascii(b) => {
                if len == 1 {
                    self.same_len(i, 1, b as char);
                } else {
                    let buf = [b];
                    self.replace(i, i + len, std::str::from_utf8(&buf).expect("ascii"));
                }
                i + len
            }
            Act::Compat => {
                let mut s = std::mem::take(&mut self.scratch);
                s.clear();
                push_mapped(c, self.level, &mut s);
                if s.len() == len && s.chars().eq(std::iter::once(c)) {
                    // Unassigned code point without decomposition: keep.
                } else {
                    self.replace(i, i + len, &s);
                }
                self.scratch = s;
                i + len
            }
            Act::Cluster => self.cluster(i),
        }
    }

    /// Handle a combining sequence: the starter before `i` plus all following non-starters.
    fn cluster(&mut self, i: usize) -> usize {
        let text = self.text;
        // End of the cluster: the char at i, then every char with ccc != 0.
        let mut j = i + text[i..].chars().next().map_or(0, char::len_utf8);
        for c in text[j..].chars() {
            if canonical_combining_class(c) == 0 {
                break;
            }
            j += c.len_utf8();
        }
        // Start: the last starter before i (skipping non-starters, bounded look-back), unless
        // the char at i is itself a starter that cannot compose with what precedes it.
        let mut s = i;
        let first = text[i..].chars().next().expect("char at boundary");
        let composes_back = canonical_combining_class(first) != 0
            || is_nfc_quick(std::iter::once(first)) == IsNormalized::Maybe;
        if composes_back {
            // Chars deleted at this level (tatweel, zero-width marks) are transparent: "a" +
            // ZWJ + U+0301 must end up as "á".
            for (k, c) in text[..i].char_indices().rev().take(32) {
                s = k;
                if canonical_combining_class(c) == 0 && act_of(c, self.level) != Act::Delete {
                    break;
                }
            }
        }
        if s >= self.run_start {
            self.flush(s);
        } else if let Some(cp) = self.cp.filter(|cp| cp.orig == s) {
            self.out.truncate(cp.out_len);
            self.align.reset(cp.align);
            self.run_start = s;
        } else {
            // Cannot reach back (not expected); handle the marks alone.
            s = i;
            self.flush(s);
        }
        let before = Checkpoint {
            orig: s,
            out_len: self.out.len(),
            align: self.align.mark(),
        };
        let seq = &text[s..j];
        let level = self.level;
        let mut nfc = std::mem::take(&mut self.scratch);
        let mut mapped = std::mem::take(&mut self.scratch2);
        let nfc_same = match is_nfc_quick(seq.chars()) {
            IsNormalized::Yes => true,
            _ => {
                nfc.clear();
                nfc.extend(seq.chars().nfc());
                nfc == seq
            }
        };
        mapped.clear();
        for c in if nfc_same { seq.chars() } else { nfc.chars() } {
            push_mapped(c, level, &mut mapped);
        }
        // Deleting chars (marks at Analysis, tatweel, zero-width marks) can unblock a
        // composition: keep the result NFC.
        let mut renormalized = false;
        if is_nfc_quick(mapped.chars()) != IsNormalized::Yes {
            nfc.clear();
            nfc.extend(mapped.chars().nfc());
            if nfc != mapped {
                mapped.clear();
                for c in nfc.chars() {
                    push_mapped(c, level, &mut mapped);
                }
                renormalized = true;
            }
        }
        if nfc_same && !renormalized {
            // Per-char level mapping of the (already NFC) sequence: finer alignment.
            let mut k = s;
            for c in seq.chars() {
                let len = c.len_utf8();
                let act = match act_of(c, level) {
                    Act::Cluster => {
                        if level != NormLevel::Display && is_stripped(c as u32) {
                            Act::Delete
                        } else {
                            Act::Keep
                        }
                    }
                    a => a,
                };
                if act != Act::Keep {
                    self.act(k, c, len, act);
                }
                k += len;
            }
        } else {
            self.replace(s, j, &mapped);
        }
        self.scratch = nfc;
        self.scratch2 = mapped;
        self.cp = Some(before);
        j
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NormLevel::*;

    /// The normalized range of `norm_word` (first occurrence) maps back to `orig_word`.
    fn roundtrip(text: &str, level: NormLevel, norm_word: &str, orig_word: &str) {
        let a = normalize(text, level);
        assert_eq!(a.normalized(), normalize_str(text, level));
        let p = a
            .normalized()
            .find(norm_word)
            .unwrap_or_else(|| panic!("{norm_word:?} not in {:?}", a.normalized()));
        let sp = a.to_original(p..p + norm_word.len());
        assert_eq!(
            sp.text(text),
            orig_word,
            "in {text:?} -> {:?}",
            a.normalized()
        );
    }

    #[test]
    fn plain_text_is_one_segment() {
        let t = "قال الرئيس اليوم إن الحكومة ستعمل. Hello 2015!";
        let a = normalize(t, Analysis);
        assert_eq!(a.normalized(), t);
        assert_eq!(a.anchors.len(), 2);
        roundtrip(t, Analysis, "الحكومة", "الحكومة");
    }

    #[test]
    fn diacritics() {
        let t = "كَتَبَ الطالبُ درسًا";
        assert_eq!(normalize_str(t, Display), t);
        assert_eq!(normalize_str(t, Analysis), "كتب الطالب درسا");
        roundtrip(t, Analysis, "كتب", "كَتَبَ");
        roundtrip(t, Analysis, "الطالب", "الطالبُ");
        roundtrip(t, Analysis, "درسا", "درسًا");
        roundtrip(t, Display, "الطالبُ", "الطالبُ");
    }

    #[test]
    fn tatweel() {
        let t = "جـــدة الـرياض";
        assert_eq!(normalize_str(t, Display), t);
        assert_eq!(normalize_str(t, Analysis), "جدة الرياض");
        roundtrip(t, Analysis, "جدة", "جـــدة");
        roundtrip(t, Analysis, "الرياض", "الـرياض");
    }

    /// Issue 14: a run of tatweel took quadratic time (each deleted char scanned the rest of
    /// the run for a combining mark). Ten times the run, at most ten times the work.
    #[test]
    fn a_run_of_deleted_chars_costs_linear_work() {
        let work = |n: usize, filler: &str| {
            let t = format!("قال {} الوزير", filler.repeat(n));
            let mut out = String::new();
            let mut align = NoAlign;
            let look = run(&t, Analysis, &mut out, &mut align);
            assert_eq!(out, "قال  الوزير");
            look
        };
        for filler in ["\u{0640}", "\u{200B}", "\u{0640}\u{200D}"] {
            let (small, large) = (work(1_000, filler), work(10_000, filler));
            assert!(large <= 10 * small + 10, "{filler:?}: {small} -> {large}");
        }
        // Still: a deleted char before a mark lets the mark compose with the letter before.
        assert_eq!(
            normalize_str("ا\u{0640}\u{0653}", Display),
            "ا\u{0640}\u{0653}"
        );
    }

    #[test]
    fn no_break_and_odd_spaces() {
        let t = "مدينة\u{a0}الرياض\u{2009}اليوم\u{202f}و\u{3000}غدا";
        assert_eq!(normalize_str(t, Display), "مدينة الرياض اليوم و غدا");
        roundtrip(t, Display, "الرياض", "الرياض");
        roundtrip(t, Display, "غدا", "غدا");
        roundtrip(t, Display, "مدينة ", "مدينة\u{a0}");
    }

    #[test]
    fn eastern_digits() {
        let t = "عام ٢٠١٥ و۱۳۹۴ بنسبة ١٫٣ و١٬٠٠٠";
        assert_eq!(normalize_str(t, Display), t);
        assert_eq!(
            normalize_str(t, Analysis),
            "عام 2015 و1394 بنسبة 1.3 و1,000"
        );
        roundtrip(t, Analysis, "2015", "٢٠١٥");
        roundtrip(t, Analysis, "1.3", "١٫٣");
        roundtrip(t, Analysis, "1394", "۱۳۹۴");
        // Part of a number maps to the original digit.
        let a = normalize(t, Analysis);
        let p = a.normalized().find("2015").unwrap();
        assert_eq!(a.to_original(p + 1..p + 2).text(t), "٠");
    }

    #[test]
    fn zero_width_and_bidi_marks() {
        let t = "كو\u{200c}ريا \u{200f}الجنوبية\u{200f} \u{202b}سيول\u{202c} ا\u{feff}ب\u{ad}ج";
        assert_eq!(normalize_str(t, Display), "كوريا الجنوبية سيول ابج");
        roundtrip(t, Display, "كوريا", "كو\u{200c}ريا");
        roundtrip(t, Display, "الجنوبية", "الجنوبية\u{200f}");
        roundtrip(t, Display, "سيول", "سيول\u{202c}");
        roundtrip(t, Display, "ابج", "ا\u{feff}ب\u{ad}ج");
    }

    #[test]
    fn presentation_forms_and_lam_alef() {
        // ﻻ ﺃﺣﺪ  (lam-alef ligature, hamza alef isolated, hah initial, dal final)
        let t = "\u{FEFB} \u{FE83}\u{FEA3}\u{FEAA} \u{FEF7}\u{FEE3}\u{FEE2}";
        assert_eq!(normalize_str(t, Display), "لا أحد لأمم");
        assert_eq!(normalize_str(t, Search), "لا احد لامم");
        roundtrip(t, Display, "لا", "\u{FEFB}");
        roundtrip(t, Display, "أحد", "\u{FE83}\u{FEA3}\u{FEAA}");
        // A part of the ligature maps to the whole ligature.
        let a = normalize(t, Display);
        assert_eq!(a.to_original(0..2).text(t), "\u{FEFB}");
        assert_eq!(a.to_original(2..4).text(t), "\u{FEFB}");
        assert_eq!(a.original_offset(2), 0);
    }

    #[test]
    fn persian_letters() {
        let t = "ایران کشور ھمه ڪتاب ۀ";
        assert_eq!(normalize_str(t, Display), t);
        assert_eq!(normalize_str(t, Analysis), "ايران كشور همه كتاب ة");
        roundtrip(t, Analysis, "ايران", "ایران");
        roundtrip(t, Analysis, "كشور", "کشور");
        // Same-length substitutions need no anchors.
        assert_eq!(normalize(t, Analysis).anchors.len(), 2);
    }

    #[test]
    fn control_chars() {
        let t = "الرياض\u{1a}جدة\r\nمكة\u{85}x";
        assert_eq!(normalize_str(t, Display), "الرياض جدة \nمكة x");
        roundtrip(t, Display, "جدة", "جدة");
        roundtrip(t, Display, "مكة", "مكة");
        roundtrip(t, Display, " ", "\u{1a}");
    }

    #[test]
    fn nfc_reorders_shadda_vowel() {
        let a = "محم\u{64e}\u{651}د"; // fatha then shadda (NFC order: ccc 30 < 33)
        let b = "محم\u{651}\u{64e}د"; // shadda then fatha
        assert_ne!(a, b);
        assert_eq!(normalize_str(a, Display), normalize_str(b, Display));
        assert_eq!(normalize_str(b, Display), a);
        assert_eq!(normalize_str(b, Analysis), "محمد");
        roundtrip(&format!("قال {b} أمس"), Display, a, b);
        roundtrip(&format!("قال {b} أمس"), Analysis, "محمد", b);
    }

    #[test]
    fn nfc_composes_hamza() {
        // alef + combining hamza above -> أ ; waw + hamza -> ؤ
        let t = "ا\u{654}حمد مو\u{654}تمر";
        assert_eq!(normalize_str(t, Display), "أحمد مؤتمر");
        assert_eq!(normalize_str(t, Analysis), "أحمد مؤتمر");
        assert_eq!(normalize_str(t, Search), "احمد موتمر");
        roundtrip(t, Analysis, "أحمد", "ا\u{654}حمد");
        roundtrip(t, Analysis, "مؤتمر", "مو\u{654}تمر");
        // Latin combining accent.
        assert_eq!(normalize_str("Jose\u{301}", Display), "José");
        // With a vowel between base and hamza the hamza still composes (fatha ccc 30 < 230).
        assert_eq!(normalize_str("ا\u{64e}\u{654}", Display), "أ\u{64e}");
        assert_eq!(normalize_str("ا\u{64e}\u{654}", Analysis), "أ");
    }

    #[test]
    fn search_folding() {
        let t = "أحمد إبراهيم آمال ٱلله مؤتمر رئيس مستشفى مدرسة";
        assert_eq!(normalize_str(t, Analysis), t);
        assert_eq!(
            normalize_str(t, Search),
            "احمد ابراهيم امال الله موتمر رييس مستشفي مدرسه"
        );
        roundtrip(t, Search, "ابراهيم", "إبراهيم");
        roundtrip(t, Search, "مدرسه", "مدرسة");
    }

    #[test]
    fn empty_and_all_deleted() {
        assert_eq!(normalize("", Display).normalized(), "");
        assert_eq!(normalize("", Display).to_original(0..0), Span::new(0, 0));
        let t = "\u{200f}\u{200e}";
        let a = normalize(t, Display);
        assert_eq!(a.normalized(), "");
        assert_eq!(a.to_original(0..0), Span::new(6, 6));
    }

    #[test]
    fn leading_deletion_not_included() {
        let t = "\u{200f}مرحبا";
        let a = normalize(t, Display);
        assert_eq!(a.to_original(0..a.normalized().len()).text(t), "مرحبا");
        assert_eq!(a.original_offset(0), 3);
    }

    #[test]
    fn normalize_into_appends() {
        let mut s = String::from("x:");
        normalize_into("ب\u{64e}", Analysis, &mut s);
        assert_eq!(s, "x:ب");
    }
}
