//! Tokens of the original text.
//!
//! Rules (one pass, char classes from lookup tables, no regex):
//! - whitespace, control chars and stray invisible format chars are skipped;
//! - **Word**: a run of Arabic letters, Arabic combining marks and tatweel (incl. Arabic
//!   presentation forms). Zero-width/bidi format chars (ZWNJ, ZWJ, LRM, RLM, ALM, ZWSP, soft
//!   hyphen, BOM, bidi embeddings) *between* two Arabic word chars are glued into the word —
//!   they are removed by normalization, so the normalized word is one word too;
//! - **Latin**: letters of any non-Arabic script (mostly Latin), with their combining marks and
//!   glued format chars; digits and `-` are not part of it (`KN-23` = Latin, Punct, Number);
//! - **Number**: ASCII, Arabic-Indic (٠-٩), Persian (۰-۹) and other decimal digits, with the
//!   separators `.` `,` `:` `/` `٫` `٬` when *between* digits (`1.3`, `١٫٣`, `11:38`,
//!   `2023/09/13`, `1,000`);
//! - **Punct**: one punctuation char (`،` `؛` `؟` quotes `“ ” « » " '` brackets dashes …), except
//!   that a run of two or more `.` (`..`, `...`) is one token; a run of tatweel alone is Punct;
//! - **Symbol**: anything else (`$ + = ° × ©`, emoji), with its trailing combining marks.

use unicode_normalization::char::is_combining_mark;

use crate::Span;

/// Token category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum TokenKind {
    /// Arabic-script word (may contain diacritics, tatweel, glued zero-width marks).
    Word,
    /// Word of another script (mostly ASCII/Latin letters).
    Latin,
    /// Number, possibly with inner separators.
    Number,
    /// Punctuation.
    Punct,
    /// Other symbols.
    Symbol,
}

/// A token: a span of the original text and its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Token {
    /// Bytes of the original text.
    pub span: Span,
    /// Category.
    pub kind: TokenKind,
}

impl Token {
    /// The token's text in `text` (the text it was made from).
    #[inline]
    pub fn text(self, text: &str) -> &str {
        self.span.text(text)
    }
}

/// Tokens of the original text (whitespace skipped).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut v = Vec::with_capacity(text.len() / 6 + 4);
    tokenize_into(text, &mut v);
    v
}

/// Same as [`tokenize`], into a reused vector (cleared first).
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        let (cls, len) = class_at(b, i);
        let (kind, j) = match cls {
            C::Space | C::Glue => {
                i += len;
                continue;
            }
            C::ArLetter | C::ArMark | C::Tatweel => scan_arabic(b, i),
            C::Latin => (TokenKind::Latin, scan_latin(b, i + len)),
            C::Digit => (TokenKind::Number, scan_number(b, i + len)),
            C::Dot => {
                let mut j = i + 1;
                while j < n && b[j] == b'.' {
                    j += 1;
                }
                (TokenKind::Punct, skip_marks(b, j))
            }
            C::NumSep | C::Punct => (TokenKind::Punct, skip_marks(b, i + len)),
            C::Mark | C::Symbol => (TokenKind::Symbol, skip_marks(b, i + len)),
        };
        out.push(Token {
            span: Span::new(i, j),
            kind,
        });
        i = j;
    }
}

/// Character class for tokenization.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum C {
    Space,
    /// Invisible format char: glued inside words, skipped elsewhere.
    Glue,
    ArLetter,
    /// Arabic combining mark.
    ArMark,
    Tatweel,
    /// Non-Arabic combining mark.
    Mark,
    Latin,
    Digit,
    Dot,
    /// `, : / ٫ ٬`: inside numbers when between digits, else punctuation.
    NumSep,
    Punct,
    Symbol,
}

const fn ascii_class(c: u8) -> C {
    match c {
        b'0'..=b'9' => C::Digit,
        b'A'..=b'Z' | b'a'..=b'z' => C::Latin,
        b'.' => C::Dot,
        b',' | b':' | b'/' => C::NumSep,
        b'$' | b'+' | b'<' | b'=' | b'>' | b'^' | b'`' | b'|' | b'~' => C::Symbol,
        b'!'..=b'~' => C::Punct,
        _ => C::Space, // whitespace, C0 controls, DEL
    }
}

const fn arabic_class(c: u32) -> C {
    match c {
        0x0610..=0x061A
        | 0x064B..=0x065F
        | 0x0670
        | 0x06D6..=0x06DC
        | 0x06DF..=0x06E4
        | 0x06E7..=0x06E8
        | 0x06EA..=0x06ED => C::ArMark,
        0x0620..=0x063F
        | 0x0641..=0x064A
        | 0x066E..=0x066F
        | 0x0671..=0x06D3
        | 0x06D5
        | 0x06E5..=0x06E6
        | 0x06EE..=0x06EF
        | 0x06FA..=0x06FC
        | 0x06FF => C::ArLetter,
        0x0640 => C::Tatweel,
        0x0660..=0x0669 | 0x06F0..=0x06F9 => C::Digit,
        0x066B | 0x066C => C::NumSep,
        0x061C => C::Glue,
        0x0609..=0x060A | 0x060C..=0x060D | 0x061B | 0x061D..=0x061F | 0x066A | 0x066D | 0x06D4 => {
            C::Punct
        }
        _ => C::Symbol,
    }
}

const fn tables() -> ([C; 128], [C; 256]) {
    let mut a = [C::Space; 128];
    let mut i = 0;
    while i < 128 {
        a[i] = ascii_class(i as u8);
        i += 1;
    }
    let mut r = [C::Symbol; 256];
    let mut i = 0;
    while i < 256 {
        r[i] = arabic_class(0x0600 + i as u32);
        i += 1;
    }
    (a, r)
}

static TABLES: ([C; 128], [C; 256]) = tables();

/// Class of a char outside ASCII and the Arabic block.
fn other_class(c: char) -> C {
    let u = c as u32;
    match u {
        0x80..=0x9F => C::Space,
        0xAD
        | 0x200B..=0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x2064
        | 0x2066..=0x2069
        | 0xFEFF
        | 0x180E => C::Glue,
        0xA1 | 0xA7 | 0xAB | 0xB6 | 0xB7 | 0xBB | 0xBF => C::Punct,
        0xA0..=0xBF | 0xD7 | 0xF7 => {
            if c.is_whitespace() {
                C::Space
            } else {
                C::Symbol
            }
        }
        0xC0..=0x24F => C::Latin,
        0x0750..=0x077F | 0x0870..=0x0887 | 0x0889..=0x088E | 0x08A0..=0x08C9 => C::ArLetter,
        0x0898..=0x089F | 0x08CA..=0x08E1 | 0x08E3..=0x08FF => C::ArMark,
        0xFD3E | 0xFD3F => C::Punct,
        0xFD40..=0xFD4F | 0xFDCF | 0xFDFC..=0xFDFF => C::Symbol,
        0xFB50..=0xFDFB => C::ArLetter,
        0xFE70..=0xFE7F => C::Tatweel, // isolated/medial harakat forms: extend a word
        0xFE80..=0xFEFC => C::ArLetter,
        0x2010..=0x2027
        | 0x2030..=0x205E
        | 0x2E00..=0x2E7F
        | 0x3001..=0x3003
        | 0x3008..=0x3011
        | 0x3014..=0x301F
        | 0xFE10..=0xFE19
        | 0xFE30..=0xFE4F
        | 0xFE50..=0xFE57
        | 0xFE59..=0xFE61
        | 0xFE63
        | 0xFE68
        | 0xFE6A..=0xFE6B
        | 0xFF01..=0xFF03
        | 0xFF05..=0xFF0A
        | 0xFF0C..=0xFF0F
        | 0xFF1A..=0xFF1B
        | 0xFF1F..=0xFF20
        | 0xFF3B..=0xFF3D
        | 0xFF3F
        | 0xFF5B
        | 0xFF5D
        | 0xFF5F..=0xFF65
        | 0x0964..=0x0965
        | 0x055A..=0x055F
        | 0x0589
        | 0x05BE
        | 0x05C0
        | 0x05C3
        | 0x05C6
        | 0x05F3..=0x05F4 => C::Punct,
        _ => {
            if c.is_whitespace() {
                C::Space
            } else if is_combining_mark(c) {
                C::Mark
            } else if c.is_numeric() {
                C::Digit
            } else if c.is_alphabetic() {
                C::Latin
            } else {
                C::Symbol
            }
        }
    }
}

/// Class and UTF-8 length of the char starting at byte `i`.
#[inline(always)]
pub(crate) fn class_at(b: &[u8], i: usize) -> (C, usize) {
    let b0 = b[i];
    if b0 < 0x80 {
        return (TABLES.0[b0 as usize], 1);
    }
    if (0xD8..=0xDB).contains(&b0) {
        let idx = (((b0 & 0x03) as usize) << 6) | (b[i + 1] & 0x3F) as usize;
        return (TABLES.1[idx], 2);
    }
    let (c, len) = decode(b, i);
    (other_class(c), len)
}

#[inline]
fn decode(b: &[u8], i: usize) -> (char, usize) {
    let b0 = b[i] as u32;
    let (u, len) = if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | (b[i + 1] & 0x3F) as u32, 2)
    } else if b0 < 0xF0 {
        (
            ((b0 & 0x0F) << 12) | (((b[i + 1] & 0x3F) as u32) << 6) | (b[i + 2] & 0x3F) as u32,
            3,
        )
    } else {
        (
            ((b0 & 0x07) << 18)
                | (((b[i + 1] & 0x3F) as u32) << 12)
                | (((b[i + 2] & 0x3F) as u32) << 6)
                | (b[i + 3] & 0x3F) as u32,
            4,
        )
    };
    (char::from_u32(u).unwrap_or('\u{FFFD}'), len)
}

/// End of a run of glue chars starting at `j` (returns `j` when there is none).
#[inline]
fn skip_glue(b: &[u8], mut j: usize) -> usize {
    while j < b.len() {
        let (c, len) = class_at(b, j);
        if c != C::Glue {
            break;
        }
        j += len;
    }
    j
}

fn scan_arabic(b: &[u8], i: usize) -> (TokenKind, usize) {
    let n = b.len();
    let mut j = i;
    let mut has_letter = false;
    let first = class_at(b, i).0;
    while j < n {
        let (c, len) = class_at(b, j);
        match c {
            C::ArLetter => {
                has_letter = true;
                j += len;
            }
            C::ArMark | C::Tatweel | C::Mark => j += len,
            C::Glue => {
                let k = skip_glue(b, j);
                if k < n && matches!(class_at(b, k).0, C::ArLetter | C::ArMark | C::Tatweel) {
                    j = k;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    let kind = if has_letter {
        TokenKind::Word
    } else if first == C::Tatweel {
        TokenKind::Punct
    } else {
        TokenKind::Symbol
    };
    (kind, j)
}

fn scan_latin(b: &[u8], mut j: usize) -> usize {
    let n = b.len();
    while j < n {
        let (c, len) = class_at(b, j);
        match c {
            C::Latin | C::Mark | C::ArMark => j += len,
            C::Glue => {
                let k = skip_glue(b, j);
                if k < n && class_at(b, k).0 == C::Latin {
                    j = k;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    j
}

fn scan_number(b: &[u8], mut j: usize) -> usize {
    let n = b.len();
    while j < n {
        let (c, len) = class_at(b, j);
        match c {
            C::Digit => j += len,
            C::Dot | C::NumSep if j + len < n && class_at(b, j + len).0 == C::Digit => j += len,
            _ => break,
        }
    }
    j
}

/// Extend a token over following combining marks.
fn skip_marks(b: &[u8], mut j: usize) -> usize {
    while j < b.len() {
        let (c, len) = class_at(b, j);
        if !matches!(c, C::Mark | C::ArMark) {
            break;
        }
        j += len;
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    fn toks(t: &str) -> Vec<(&str, TokenKind)> {
        tokenize(t)
            .into_iter()
            .map(|k| (k.text(t), k.kind))
            .collect()
    }

    #[test]
    fn arabic_sentence() {
        let t = "قالَ الرئيسُ، اليوم: «سنعمل»؟";
        assert_eq!(
            toks(t),
            vec![
                ("قالَ", Word),
                ("الرئيسُ", Word),
                ("،", Punct),
                ("اليوم", Word),
                (":", Punct),
                ("«", Punct),
                ("سنعمل", Word),
                ("»", Punct),
                ("؟", Punct)
            ]
        );
    }

    #[test]
    fn zero_width_glued_inside_words() {
        let t = "كو\u{200c}ريا \u{200f}سيول\u{200f} ا\u{200d}\u{200e}ب";
        assert_eq!(
            toks(t),
            vec![
                ("كو\u{200c}ريا", Word),
                ("سيول", Word),
                ("ا\u{200d}\u{200e}ب", Word)
            ]
        );
    }

    #[test]
    fn tatweel_and_diacritics() {
        let t = "جـــدة ـــ بِسْمِ";
        assert_eq!(
            toks(t),
            vec![("جـــدة", Word), ("ـــ", Punct), ("بِسْمِ", Word)]
        );
    }

    #[test]
    fn numbers() {
        let t = "1.3 ١٫٣ مليون 11:38 2023/09/13 1,000 ٢٠١٥م 3. 10%";
        assert_eq!(
            toks(t),
            vec![
                ("1.3", Number),
                ("١٫٣", Number),
                ("مليون", Word),
                ("11:38", Number),
                ("2023/09/13", Number),
                ("1,000", Number),
                ("٢٠١٥", Number),
                ("م", Word),
                ("3", Number),
                (".", Punct),
                ("10", Number),
                ("%", Punct)
            ]
        );
    }

    #[test]
    fn latin_and_mixed() {
        let t = "صاروخ KN-23 وCNN café";
        assert_eq!(
            toks(t),
            vec![
                ("صاروخ", Word),
                ("KN", Latin),
                ("-", Punct),
                ("23", Number),
                ("و", Word),
                ("CNN", Latin),
                ("café", Latin)
            ]
        );
    }

    #[test]
    fn punctuation_and_ellipsis() {
        let t = "انتهى... ثم.. “نعم” \"لا\" 'ربما' …؛";
        assert_eq!(
            toks(t),
            vec![
                ("انتهى", Word),
                ("...", Punct),
                ("ثم", Word),
                ("..", Punct),
                ("“", Punct),
                ("نعم", Word),
                ("”", Punct),
                ("\"", Punct),
                ("لا", Word),
                ("\"", Punct),
                ("'", Punct),
                ("ربما", Word),
                ("'", Punct),
                ("…", Punct),
                ("؛", Punct)
            ]
        );
    }

    #[test]
    fn presentation_forms_are_words() {
        let t = "\u{FEFB} \u{FE83}\u{FEA3}\u{FEAA}";
        assert_eq!(
            toks(t),
            vec![("\u{FEFB}", Word), ("\u{FE83}\u{FEA3}\u{FEAA}", Word)]
        );
    }

    #[test]
    fn spaces_and_controls_skipped() {
        let t = "\u{a0}أ\u{1a}ب\u{2009}ج\r\n";
        assert_eq!(toks(t), vec![("أ", Word), ("ب", Word), ("ج", Word)]);
    }

    #[test]
    fn symbols() {
        let t = "5$ × 👍\u{fe0f}";
        assert_eq!(
            toks(t),
            vec![
                ("5", Number),
                ("$", Symbol),
                ("×", Symbol),
                ("👍\u{fe0f}", Symbol)
            ]
        );
    }

    #[test]
    fn into_clears() {
        let mut v = tokenize("a b c");
        tokenize_into("د", &mut v);
        assert_eq!(v.len(), 1);
    }
}
