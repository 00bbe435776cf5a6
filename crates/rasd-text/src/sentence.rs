//! Sentence splitting over tokens of the original text.
//!
//! Rules:
//! - every line break (`\n`, `\r`, U+2028, U+2029, U+0085) between two tokens is a hard
//!   boundary, so a headline line without final punctuation is its own sentence;
//! - `.` `!` `?` `؟` `…` `۔` and dot runs (`..`, `...`) end a sentence when followed by
//!   whitespace (or the end of the text); closing quotes/brackets (and further terminals, as in
//!   `؟!`) written directly after the terminal belong to the sentence;
//! - `؛` `;` `:` `،` never end a sentence;
//! - a `.` does **not** end a sentence after a single Arabic or Latin letter (د. م. ق.م
//!   أ.ف.ب, initials "J. K.", U.S.), after an abbreviation listed in
//!   `data/text/abbreviations.toml` (Mr. Dr. St. …), after a number that opens the sentence
//!   (list numbering "1."), or when the next word is lowercase Latin; decimals (1.3) are
//!   single Number tokens and never split;
//! - ellipsis: an ellipsis (`..`, `...`, `…`) written *attached* to the preceding word
//!   (`ضيوف.. وستنعقد`) is used in Arabic news like a full stop and ends the sentence when
//!   whitespace follows; a *free-standing* ellipsis (`قال ... إن`, space before it) or one that
//!   opens the sentence marks an omission or pause and does not end it;
//! - a terminal with no whitespace after it ends a sentence only between two Arabic words of
//!   two or more letters (`الأمر.وقال`, a common typo); `www.x.com`, `أ.ف.ب` stay whole.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::normalize::{NormLevel, normalize_str};
use crate::token::{C, class_at};
use crate::{Span, Token, TokenKind};

#[derive(serde::Deserialize)]
struct AbbrevFile {
    latin: Vec<String>,
    arabic: Vec<String>,
}

struct Abbrevs {
    latin: HashSet<String>,
    arabic: HashSet<String>,
}

fn abbrevs() -> &'static Abbrevs {
    static A: OnceLock<Abbrevs> = OnceLock::new();
    A.get_or_init(|| {
        let f: AbbrevFile = toml::from_str(include_str!("../../../data/text/abbreviations.toml"))
            .expect("data/text/abbreviations.toml is valid");
        Abbrevs {
            latin: f.latin.into_iter().collect(),
            arabic: f
                .arabic
                .iter()
                .map(|w| normalize_str(w, NormLevel::Analysis))
                .collect(),
        }
    })
}

/// Sentence spans of the original text (trimmed of surrounding whitespace: each span runs from
/// its first token's start to its last token's end). `tokens` must be `tokenize(text)`.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Span> {
    let mut out = Vec::with_capacity(tokens.len() / 16 + 1);
    let n = tokens.len();
    let mut start = 0;
    let mut k = 0;
    while k < n {
        let t = tokens[k];
        if t.kind == TokenKind::Punct
            && let Some(end) = terminal_boundary(text, tokens, start, k)
        {
            out.push(Span {
                start: tokens[start].span.start,
                end: tokens[end].span.end,
            });
            start = end + 1;
            k = end + 1;
            continue;
        }
        if k + 1 == n || gap(text, t.span.end, tokens[k + 1].span.start).newline {
            out.push(Span {
                start: tokens[start].span.start,
                end: t.span.end,
            });
            start = k + 1;
        }
        k += 1;
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Term {
    /// `.`
    Dot,
    /// `..`, `...`, `…`
    Ellipsis,
    /// `!` `?` `؟` and other unambiguous terminals.
    Strong,
}

fn terminal_kind(s: &str) -> Option<Term> {
    match s {
        "." | "．" | "。" => Some(Term::Dot),
        "…" => Some(Term::Ellipsis),
        "!" | "?" | "؟" | "۔" | "‼" | "⁇" | "⁈" | "⁉" | "！" | "？" => {
            Some(Term::Strong)
        }
        _ if s.len() >= 2 && s.bytes().all(|b| b == b'.') => Some(Term::Ellipsis),
        _ => None,
    }
}

fn is_closer(s: &str) -> bool {
    matches!(
        s,
        "»" | "”"
            | "’"
            | "\""
            | "'"
            | ")"
            | "]"
            | "}"
            | "›"
            | "“"
            | "‘"
            | "﴿"
            | "﴾"
            | "」"
            | "』"
            | "）"
    )
}

/// If token `k` ends the sentence that began at token `start`, the index of the sentence's
/// last token (after attached closers).
fn terminal_boundary(text: &str, tokens: &[Token], start: usize, k: usize) -> Option<usize> {
    let t = tokens[k];
    let term = terminal_kind(t.text(text))?;
    let prev = (k > start).then(|| tokens[k - 1]);
    let attached_prev = prev.filter(|p| p.span.end == t.span.start);
    match term {
        Term::Dot => {
            if let Some(p) = attached_prev {
                if is_abbreviation(text, p) {
                    return None;
                }
                if p.kind == TokenKind::Number && k - 1 == start {
                    return None; // list numbering "1."
                }
            }
        }
        Term::Ellipsis => {
            // A free-standing or sentence-initial ellipsis is a pause.
            attached_prev?;
        }
        Term::Strong => {}
    }
    // Attach closing quotes/brackets and further terminals written right after.
    let mut end = k;
    while end + 1 < tokens.len() {
        let nx = tokens[end + 1];
        if nx.span.start != tokens[end].span.end || nx.kind != TokenKind::Punct {
            break;
        }
        let s = nx.text(text);
        if !(is_closer(s) || terminal_kind(s).is_some()) {
            break;
        }
        end += 1;
    }
    let Some(&next) = tokens.get(end + 1) else {
        return Some(end);
    };
    let g = gap(text, tokens[end].span.end, next.span.start);
    if g.space || g.newline {
        if term == Term::Dot && next.kind == TokenKind::Latin && starts_lowercase(next.text(text)) {
            return None;
        }
        return Some(end);
    }
    // No whitespace: only between two Arabic words (typo "الأمر.وقال").
    let ok = next.kind == TokenKind::Word
        && attached_prev
            .is_some_and(|p| p.kind == TokenKind::Word && arabic_letters(p.text(text)) >= 2)
        && arabic_letters(next.text(text)) >= 2;
    ok.then_some(end)
}

fn is_abbreviation(text: &str, p: Token) -> bool {
    let s = p.text(text);
    match p.kind {
        TokenKind::Word => {
            arabic_letters(s) == 1
                || abbrevs()
                    .arabic
                    .contains(&normalize_str(s, NormLevel::Analysis))
        }
        TokenKind::Latin => s.chars().count() == 1 || abbrevs().latin.contains(s),
        _ => false,
    }
}

fn starts_lowercase(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// Number of Arabic letters in a word (marks, tatweel and glued format chars not counted).
pub(crate) fn arabic_letters(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    let mut n = 0;
    while i < b.len() {
        let (c, len) = class_at(b, i);
        if c == C::ArLetter {
            n += 1;
        }
        i += len;
    }
    n
}

struct Gap {
    space: bool,
    newline: bool,
}

/// What separates two tokens: whitespace (incl. control chars) and/or a line break. Glued
/// invisible format chars alone are neither.
fn gap(text: &str, a: u32, b: u32) -> Gap {
    let (a, b) = (a as usize, b as usize);
    let mut g = Gap {
        space: false,
        newline: false,
    };
    let bytes = text.as_bytes();
    let mut i = a;
    while i < b {
        let x = bytes[i];
        match x {
            b'\n' | b'\r' => {
                g.newline = true;
                i += 1;
            }
            0..=0x7F => {
                g.space = true;
                i += 1;
            }
            _ => {
                let c = text[i..].chars().next().expect("char at boundary");
                match c {
                    '\u{2028}' | '\u{2029}' | '\u{85}' => g.newline = true,
                    _ if class_at(bytes, i).0 == C::Space => g.space = true,
                    _ => {}
                }
                i += c.len_utf8();
            }
        }
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize;

    fn sents(t: &str) -> Vec<&str> {
        split_sentences(t, &tokenize(t))
            .into_iter()
            .map(|s| s.text(t))
            .collect()
    }

    #[test]
    fn basic_terminals() {
        assert_eq!(
            sents("قال الرئيس إن الوضع مستقر. وأضاف أن الحكومة ستعمل! هل هذا صحيح؟ نعم"),
            vec![
                "قال الرئيس إن الوضع مستقر.",
                "وأضاف أن الحكومة ستعمل!",
                "هل هذا صحيح؟",
                "نعم"
            ]
        );
    }

    #[test]
    fn semicolon_is_not_a_boundary() {
        assert_eq!(
            sents("اجتمع الوزراء؛ وناقشوا الميزانية."),
            vec!["اجتمع الوزراء؛ وناقشوا الميزانية."]
        );
    }

    #[test]
    fn headline_lines() {
        assert_eq!(
            sents("  الرئيس يزور موسكو\nوصل الرئيس إلى موسكو اليوم. والتقى نظيره\n\nعاجل  "),
            vec![
                "الرئيس يزور موسكو",
                "وصل الرئيس إلى موسكو اليوم.",
                "والتقى نظيره",
                "عاجل"
            ]
        );
    }

    #[test]
    fn arabic_abbreviations() {
        assert_eq!(
            sents("قال د. محمد علي إن المبنى شيد عام 300 ق.م. وذكرت أ.ف.ب أن ص.ب 123 مغلق. انتهى"),
            vec![
                "قال د. محمد علي إن المبنى شيد عام 300 ق.م. وذكرت أ.ف.ب أن ص.ب 123 مغلق.",
                "انتهى"
            ]
        );
        assert_eq!(
            sents("توفي عام 1420 هـ. ودفن في مكة."),
            vec!["توفي عام 1420 هـ. ودفن في مكة."]
        );
    }

    #[test]
    fn latin_abbreviations_and_initials() {
        assert_eq!(
            sents("التقى Mr. Smith مع J. K. Rowling في U.S. الأسبوع الماضي. ثم غادر"),
            vec![
                "التقى Mr. Smith مع J. K. Rowling في U.S. الأسبوع الماضي.",
                "ثم غادر"
            ]
        );
    }

    #[test]
    fn quotes_attach_to_sentence() {
        assert_eq!(
            sents("وقال: «لن نتراجع.» وأضاف: \"سنواصل!\" ثم قال (هذا كل شيء.) انتهى"),
            vec![
                "وقال: «لن نتراجع.»",
                "وأضاف: \"سنواصل!\"",
                "ثم قال (هذا كل شيء.)",
                "انتهى"
            ]
        );
        assert_eq!(sents("حقا؟! نعم."), vec!["حقا؟!", "نعم."]);
    }

    #[test]
    fn decimals_and_times() {
        assert_eq!(
            sents("ارتفع المؤشر 1.3 بالمئة إلى ١٫٣ مليون عند الساعة 11:38 صباحا. وتراجع الدولار"),
            vec![
                "ارتفع المؤشر 1.3 بالمئة إلى ١٫٣ مليون عند الساعة 11:38 صباحا.",
                "وتراجع الدولار"
            ]
        );
    }

    #[test]
    fn list_numbering() {
        assert_eq!(
            sents("1. البند الأول\n2. البند الثاني"),
            vec!["1. البند الأول", "2. البند الثاني"]
        );
    }

    #[test]
    fn ellipsis() {
        assert_eq!(
            sents("وصل الضيوف.. وستنعقد القمة غدا. وقال ... إن الأمر انتهى"),
            vec![
                "وصل الضيوف..",
                "وستنعقد القمة غدا.",
                "وقال ... إن الأمر انتهى"
            ]
        );
        assert_eq!(sents("... تم الاتفاق"), vec!["... تم الاتفاق"]);
    }

    #[test]
    fn missing_space_typo() {
        assert_eq!(
            sents("انتهى الأمر.وقال الوزير"),
            vec!["انتهى الأمر.", "وقال الوزير"]
        );
        assert_eq!(
            sents("موقع www.example.com مغلق"),
            vec!["موقع www.example.com مغلق"]
        );
    }

    #[test]
    fn lowercase_latin_continues() {
        assert_eq!(
            sents("see e.g. this one. Done"),
            vec!["see e.g. this one.", "Done"]
        );
    }

    #[test]
    fn empty() {
        assert!(sents("").is_empty());
        assert!(sents(" \n \u{200f} ").is_empty());
    }
}
