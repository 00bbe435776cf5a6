//! Property tests over arbitrary strings and over an Arabic-heavy alphabet.

use proptest::prelude::*;
use rasd_text::{
    CharIndex, CliticAnalyzer, NormLevel, Span, TokenKind, normalize, normalize_str,
    split_sentences, tokenize,
};

const LEVELS: [NormLevel; 3] = [NormLevel::Display, NormLevel::Analysis, NormLevel::Search];

/// Letters, diacritics, tatweel, format chars, odd spaces, digits, presentation forms,
/// quotes and punctuation: the phenomena of the news corpus.
const ALPHABET: &[char] = &[
    'ا', 'ب', 'ت', 'ج', 'ح', 'د', 'ر', 'س', 'ع', 'ف', 'ق', 'ك', 'ل', 'م', 'ن', 'ه', 'و', 'ي', 'أ',
    'إ', 'آ', 'ة', 'ى', 'ؤ', 'ئ', 'ء', 'ی', 'ک', '\u{64b}', '\u{64e}', '\u{64f}', '\u{650}',
    '\u{651}', '\u{652}', '\u{653}', '\u{654}', '\u{670}', '\u{640}', '\u{200c}', '\u{200d}',
    '\u{200f}', '\u{202b}', '\u{a0}', '\u{ad}', ' ', ' ', ' ', '\n', '0', '1', '9', '٠', '١', '٣',
    '۴', '٫', '٬', '\u{FEFB}', '\u{FEF7}', '\u{FE8D}', '\u{FEDF}', '\u{FB50}', '\u{FDFA}',
    '\u{FC60}', '“', '”', '«', '»', '"', '\'', '.', '.', '؟', '!', '،', '؛', ':', '/', ',', '-',
    '(', ')', 'a', 'K', 'N', 'x', '\u{301}', '\u{1a}', '\r', '…', 'é',
];

fn arabic_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..120)
        .prop_map(|v| v.into_iter().collect())
}

fn check_span(text: &str, s: Span, what: &str) {
    assert!(s.start <= s.end, "{what}: reversed {s:?}");
    assert!(
        s.end as usize <= text.len(),
        "{what}: {s:?} beyond {}",
        text.len()
    );
    assert!(
        text.is_char_boundary(s.start as usize) && text.is_char_boundary(s.end as usize),
        "{what}: {s:?} not on char boundaries"
    );
}

fn check_all(text: &str) {
    // Normalization.
    for level in LEVELS {
        let a = normalize(text, level);
        let norm = a.normalized();
        assert_eq!(
            norm,
            normalize_str(text, level),
            "normalize_str != normalize at {level:?}"
        );
        // Whole normalized text covers the whole original minus removed chars at the edges.
        let whole = a.to_original(0..norm.len());
        check_span(text, whole, "whole");
        assert_eq!(whole.end as usize, text.len(), "whole end at {level:?}");
        assert!(
            normalize_str(&text[..whole.start as usize], level).is_empty(),
            "uncovered prefix keeps text at {level:?}"
        );
        // Every token of the normalized text maps back inside bounds, in order, onto original
        // text that normalizes to something containing the token.
        let mut last = 0;
        for t in tokenize(norm) {
            let r = t.span.range();
            let o = a.to_original(r.clone());
            check_span(text, o, "to_original");
            assert!(o.start >= last, "mapped tokens out of order");
            last = o.start;
            let back = normalize_str(o.text(text), level);
            assert!(
                back.contains(t.span.text(norm)),
                "{:?} maps to {:?} -> {back:?} at {level:?}",
                t.span.text(norm),
                o.text(text)
            );
            let off = a.original_offset(r.start);
            assert!(off <= text.len() && text.is_char_boundary(off));
        }
        // Empty ranges map to empty spans.
        for x in [0, norm.len() / 2, norm.len()] {
            let e = a.to_original(x..x);
            check_span(text, e, "empty");
            assert!(e.is_empty());
        }
    }

    // Tokens: in order, non-overlapping, on boundaries, no whitespace at the ends.
    let toks = tokenize(text);
    let mut prev_end = 0;
    for t in &toks {
        check_span(text, t.span, "token");
        assert!(!t.span.is_empty(), "empty token");
        assert!(t.span.start >= prev_end, "overlapping tokens");
        prev_end = t.span.end;
        let s = t.span.text(text);
        assert!(
            !s.starts_with(char::is_whitespace) && !s.ends_with(char::is_whitespace),
            "token {s:?} has outer whitespace"
        );
    }

    // Prefixing "x " shifts every token by exactly 2 bytes.
    let shifted = tokenize(&format!("x {text}"));
    assert_eq!(shifted.len(), toks.len() + 1);
    for (a, b) in toks.iter().zip(&shifted[1..]) {
        assert_eq!(
            (a.span.start + 2, a.span.end + 2, a.kind),
            (b.span.start, b.span.end, b.kind)
        );
    }

    // Sentences: in order, non-overlapping, trimmed, covering every token.
    let sents = split_sentences(text, &toks);
    let mut prev_end = 0;
    for s in &sents {
        check_span(text, *s, "sentence");
        assert!(!s.is_empty());
        assert!(s.start >= prev_end, "overlapping sentences");
        prev_end = s.end;
        let st = s.text(text);
        assert!(!st.starts_with(char::is_whitespace) && !st.ends_with(char::is_whitespace));
    }
    let covered = toks
        .iter()
        .filter(|t| {
            sents
                .iter()
                .any(|s| s.start <= t.span.start && t.span.end <= s.end)
        })
        .count();
    assert_eq!(covered, toks.len(), "every token lies in a sentence");

    // Clitic segmentation of every word.
    let clitics = CliticAnalyzer::bundled();
    for t in toks.iter().filter(|t| t.kind == TokenKind::Word) {
        let seg = clitics.segment(text, t.span);
        let mut at = t.span.start;
        for s in seg.spans() {
            check_span(text, s, "segment");
            assert_eq!(s.start, at, "segments do not concatenate");
            assert!(!s.is_empty(), "empty segment");
            at = s.end;
        }
        assert_eq!(at, t.span.end, "segments do not end at the word end");
    }

    // Char index.
    let idx = CharIndex::new(text);
    for (n, (b, _)) in text.char_indices().enumerate() {
        assert_eq!(idx.char_offset(b), n);
    }
    assert_eq!(idx.char_offset(text.len()), text.chars().count());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_strings(text in any::<String>()) {
        check_all(&text);
    }

    #[test]
    fn arabic_heavy_strings(text in arabic_text()) {
        check_all(&text);
    }

    #[test]
    fn idempotent_on_arabic(text in arabic_text()) {
        // Presentation forms expanding to harakat (U+FC60 -> " َّ") may leave marks that a second
        // pass reorders or strips; otherwise every level is idempotent.
        if !text.contains('\u{FC60}') {
            for level in LEVELS {
                let once = normalize_str(&text, level);
                prop_assert_eq!(normalize_str(&once, level), once);
            }
        }
    }
}

#[test]
fn corpus_like_samples() {
    for t in [
        "",
        "\u{651}\u{64e}",
        "ا\u{654}\u{654}\u{64e}",
        "\u{200f}\u{654}ب",
        "ب\u{200d}\u{654}",
        "ـ\u{654}",
        "\u{FEFB}\u{64e}\u{651}",
        "1.\n2.",
        "...",
        "« » “ ”",
        "Ω\u{2126}",
    ] {
        check_all(t);
    }
}
