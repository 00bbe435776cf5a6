//! The Arabic analyzer: rasd's own tokens, Search-level normalization and clitic stripping as
//! a tantivy tokenizer and token filter, then an Arabic stop-word list.
//!
//! - [`RasdTokenizer`] emits the words (Arabic and Latin) and numbers of
//!   [`rasd_text::tokenize`], each with its original text and its byte offsets into the text;
//!   punctuation and symbols are skipped.
//! - [`ArabicFolding`] replaces each token's text by its *search key*: the clitic stem found by
//!   [`CliticAnalyzer::segment`] (the article ال and its stacks always, a one-letter proclitic or
//!   a pronoun suffix when the lexicon knows the stem), normalized with
//!   [`NormLevel::Search`] (one alef, ya and ta marbuta, no diacritics or tatweel, ASCII digits)
//!   and lower-cased. «والمفاوضات», «المفاوضات», «مفاوضات» and «بالمفاوضات» all become
//!   `مفاوضات`. Offsets are left alone: they cover the whole original word, clitics included,
//!   so a highlighted snippet marks the word as written.
//! - tantivy's `StopWordFilter` then drops the keys of [`stop_words`].
//!
//! [`analyzer`] chains the three; [`search_keys`] runs it over a text.

use std::collections::HashSet;
use std::sync::OnceLock;

use rasd_text::{CliticAnalyzer, NormLevel, Span, TokenKind};
use tantivy::tokenizer::{
    StopWordFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// The name the analyzer is registered under in an index's tokenizer manager.
pub const ANALYZER_NAME: &str = "rasd_ar";

/// The hand-written stop-word list (`data/search/stopwords.txt`), one word per line.
const STOPWORDS_TXT: &str = include_str!("../../../data/search/stopwords.txt");

/// Splits a text into rasd's tokens: Arabic words, Latin words and numbers, each carrying its
/// original text and its byte offsets into the text.
///
/// ```
/// use tantivy::tokenizer::{TokenStream, Tokenizer};
///
/// let mut tok = rasd_search::RasdTokenizer::default();
/// let text = "قال: «١٢ جنديا»";
/// let mut stream = tok.token_stream(text);
/// let mut seen = Vec::new();
/// while let Some(t) = stream.next() {
///     seen.push((t.text.clone(), &text[t.offset_from..t.offset_to] == t.text));
/// }
/// assert_eq!(seen, [("قال".into(), true), ("١٢".into(), true), ("جنديا".into(), true)]);
/// ```
#[derive(Clone, Debug, Default)]
pub struct RasdTokenizer {
    spans: Vec<rasd_text::Token>,
}

/// The token stream of [`RasdTokenizer`].
pub struct RasdTokenStream<'a> {
    text: &'a str,
    tokens: std::slice::Iter<'a, rasd_text::Token>,
    position: usize,
    token: Token,
}

/// Words longer than this (bytes) are not indexed nor searched: no word is, and tantivy drops
/// terms over 64 KiB with a warning that names no article. [`crate::IndexStats`] names the
/// files that had such words.
pub const MAX_WORD_BYTES: usize = 1024;

impl Tokenizer for RasdTokenizer {
    type TokenStream<'a> = RasdTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> RasdTokenStream<'a> {
        rasd_text::tokenize_into(text, &mut self.spans);
        self.spans.retain(|t| {
            matches!(
                t.kind,
                TokenKind::Word | TokenKind::Latin | TokenKind::Number
            ) && (t.span.end - t.span.start) as usize <= MAX_WORD_BYTES
        });
        RasdTokenStream {
            text,
            tokens: self.spans.iter(),
            position: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for RasdTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(t) = self.tokens.next() else {
            return false;
        };
        self.token.offset_from = t.span.start as usize;
        self.token.offset_to = t.span.end as usize;
        self.token.position = self.position;
        self.token.position_length = 1;
        self.position += 1;
        self.token.text.clear();
        self.token.text.push_str(t.span.text(self.text));
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The search key of one word as written: its clitic stem, Search-normalized and
/// lower-cased; empty when nothing is left (a word of diacritics alone).
///
/// ```
/// use rasd_search::search_key;
/// for w in ["والمفاوضات", "المفاوضات", "مفاوضات", "بالمفاوضات", "المُفاوَضات"] {
///     assert_eq!(search_key(w), "مفاوضات", "{w}");
/// }
/// assert_eq!(search_key("بوتين"), "بوتين"); // a name keeps its first letter
/// assert_eq!(search_key("٢٠٢٣"), "2023");
/// assert_eq!(search_key("NATO"), "nato");
/// ```
pub fn search_key(word: &str) -> String {
    let mut out = String::new();
    search_key_into(word, &mut out);
    out
}

/// [`search_key`] into a reused buffer (cleared first).
fn search_key_into(word: &str, out: &mut String) {
    out.clear();
    let clitics = CliticAnalyzer::bundled();
    if word.is_empty() || u32::try_from(word.len()).is_err() {
        return;
    }
    let span = Span::new(0, word.len());
    let mut seg = clitics.segment(word, span);
    // مدينه is مدينة written with ه (common in Egyptian outlets), not مدين + ه: a final ه is
    // kept when the stem with ة is the more frequent word.
    if let Some(e) = seg.enclitic.filter(|e| e.text(word) == "ه") {
        let stem = seg.stem.text(word);
        if clitics.frequency(&format!("{stem}ة")) > clitics.frequency(stem) {
            seg.stem.end = e.end;
            seg.enclitic = None;
        }
    }
    let stem = seg.stem.text(word);
    // حكومته = حكومت + ه: the stem of a pronoun suffix ends in ت where the word alone has ة.
    let restored;
    let stem = match stem.strip_suffix('ت') {
        Some(base) if seg.enclitic.is_some() => {
            restored = format!("{base}ة");
            if clitics.frequency(&restored) > clitics.frequency(stem) {
                restored.as_str()
            } else {
                stem
            }
        }
        _ => stem,
    };
    rasd_text::normalize_into(stem, NormLevel::Search, out);
    if out.chars().any(char::is_uppercase) {
        *out = out.to_lowercase();
    }
    // Normalization keeps inner spaces of nothing we emit, but be safe: a key is one term.
    out.retain(|c| !c.is_whitespace());
}

/// A token filter that replaces each token's text by its [`search_key`] (offsets unchanged)
/// and drops tokens whose key is empty.
#[derive(Clone, Copy, Debug, Default)]
pub struct ArabicFolding;

impl TokenFilter for ArabicFolding {
    type Tokenizer<T: Tokenizer> = ArabicFoldingTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> ArabicFoldingTokenizer<T> {
        ArabicFoldingTokenizer { inner: tokenizer }
    }
}

/// [`ArabicFolding`] applied to a tokenizer.
#[derive(Clone, Debug)]
pub struct ArabicFoldingTokenizer<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for ArabicFoldingTokenizer<T> {
    type TokenStream<'a> = ArabicFoldingStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ArabicFoldingStream {
            tail: self.inner.token_stream(text),
            buf: String::new(),
        }
    }
}

/// The token stream of [`ArabicFoldingTokenizer`].
pub struct ArabicFoldingStream<S> {
    tail: S,
    buf: String,
}

impl<S: TokenStream> TokenStream for ArabicFoldingStream<S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let token = self.tail.token_mut();
            search_key_into(&token.text, &mut self.buf);
            if !self.buf.is_empty() {
                std::mem::swap(&mut token.text, &mut self.buf);
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The stop words as search keys (each entry of `data/search/stopwords.txt` through
/// [`search_key`]), built on first use.
///
/// ```
/// let stop = rasd_search::stop_words();
/// assert!(stop.contains("في") && stop.contains("الي")); // إلى, folded
/// assert!(!stop.contains("مفاوضات"));
/// ```
pub fn stop_words() -> &'static HashSet<String> {
    static STOP: OnceLock<HashSet<String>> = OnceLock::new();
    STOP.get_or_init(|| {
        STOPWORDS_TXT
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(search_key)
            .filter(|k| !k.is_empty())
            .collect()
    })
}

/// The Arabic analyzer: [`RasdTokenizer`], [`ArabicFolding`], then the [`stop_words`].
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(RasdTokenizer::default())
        .filter(ArabicFolding)
        .filter(StopWordFilter::remove(stop_words().iter().cloned()))
        .build()
}

/// The terms the analyzer makes of a text, in order.
///
/// ```
/// assert_eq!(
///     rasd_search::search_keys("واستؤنفت المفاوضات في بيونغ يانغ"),
///     ["استونفت", "مفاوضات", "بيونغ", "يانغ"],
/// );
/// ```
pub fn search_keys(text: &str) -> Vec<String> {
    let mut a = analyzer();
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (term, offset_from, offset_to) of every token.
    fn tokens(text: &str) -> Vec<(String, usize, usize)> {
        let mut a = analyzer();
        let mut stream = a.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn clitic_and_orthographic_variants_are_one_term() {
        let groups: &[&[&str]] = &[
            &[
                "المفاوضات",
                "والمفاوضات",
                "مفاوضات",
                "بالمفاوضات",
                "للمفاوضات",
                "ومفاوضات",
            ],
            &["الرئيس", "والرئيس", "رئيس", "للرئيس", "الرّئيس"],
            &["إعلان", "اعلان", "الإعلان", "والإعلان", "بإعلان"],
            &["روسيا", "بروسيا", "لروسيا"],
            &["مدينة", "مدينه", "المدينة", "بالمدينة"],
            &["مستشفى", "مستشفي", "المستشفى"],
            &["الصواريخ", "صواريخ", "الصـــواريخ", "والصواريخ"],
        ];
        for group in groups {
            let keys: Vec<String> = group.iter().map(|w| search_key(w)).collect();
            assert!(
                keys.iter().all(|k| k == &keys[0] && !k.is_empty()),
                "{group:?} → {keys:?}"
            );
        }
    }

    #[test]
    fn names_keep_their_first_letter() {
        for w in ["بوتين", "لبنان", "بكين", "فرنسا", "ليبيا"] {
            assert_eq!(search_key(w), w);
        }
    }

    #[test]
    fn digits_and_latin_fold() {
        assert_eq!(search_key("١٣"), "13");
        assert_eq!(search_key("Kim"), "kim");
    }

    #[test]
    fn offsets_point_to_the_original_words() {
        let text = "قالَ الوزير: «والمفاوضاتُ مستمرة» في ١٣ سبتمبر.";
        let toks = tokens(text);
        let words: Vec<&str> = toks.iter().map(|(_, s, e)| &text[*s..*e]).collect();
        // «في» is a stop word; the rest keep their whole original span, clitics and diacritics.
        assert_eq!(
            words,
            ["قالَ", "الوزير", "والمفاوضاتُ", "مستمرة", "١٣", "سبتمبر"]
        );
        let terms: Vec<&str> = toks.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(terms, ["قال", "وزير", "مفاوضات", "مستمره", "13", "سبتمبر"]);
    }

    #[test]
    fn stop_words_go_with_their_clitics() {
        assert_eq!(search_keys("وفي هذا الإطار قد"), ["اطار"]);
        assert_eq!(search_keys("من إلى على الى"), Vec::<String>::new());
        assert!(stop_words().len() > 100);
    }

    #[test]
    fn anything_tokenizes() {
        for text in [
            "",
            " ",
            "ـــ",
            "\u{64b}\u{64c}",
            "a\u{0}b",
            "؟؟ !!",
            "ﻻ ﷲ",
            "🙂x",
        ] {
            let _ = tokens(text);
        }
    }
}
