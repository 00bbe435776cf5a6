//! Arabic text layer of rasd: normalization with alignment, tokens, sentences, clitics.
//!
//! # Brief overview
//! Everything here works on the **original** text and reports [`Span`]s (byte ranges) into
//! it; normalization never loses the way back.
//!
//! - [`normalize`] gives an [`AlignedText`]: the text at a [`NormLevel`] (`Display` for
//!   output, `Analysis` for NER, `Search` for recall) plus a sparse alignment, so any range of
//!   the normalized text maps back with [`AlignedText::to_original`]. [`normalize_str`] /
//!   [`normalize_into`] are the alignment-free fast paths.
//! - [`tokenize`] splits the original text into [`Token`]s ([`TokenKind::Word`] for Arabic
//!   words incl. their diacritics and glued zero-width marks, `Latin`, `Number`, `Punct`,
//!   `Symbol`).
//! - [`split_sentences`] groups tokens into sentence spans (newlines are hard boundaries,
//!   abbreviations like د. or U.S. do not end sentences); [`analyze`] does both.
//! - [`CliticAnalyzer`] segments an Arabic word into proclitics, stem and pronoun suffix
//!   ([`Segmentation`]) using a frequency lexicon; [`count_words`] and [`write_lexicon`] build
//!   such a lexicon from a corpus.
//! - [`CharIndex`] converts byte offsets to code point offsets for output.
//!
//! ```
//! use rasd_text::{analyze, normalize, CliticAnalyzer, NormLevel, TokenKind};
//!
//! let text = "قالَ الرئيسُ الروسي\u{a0}بوتين: «سنرد». وأضاف د. محمد أن النمو بلغ ١٫٣٪.";
//! let a = analyze(text);
//! assert_eq!(a.sentences.len(), 2);
//! assert_eq!(a.sentences[1].text(text), "وأضاف د. محمد أن النمو بلغ ١٫٣٪.");
//!
//! // Tokens are spans of the original text.
//! let words: Vec<&str> = a.tokens.iter().filter(|t| t.kind == TokenKind::Word).map(|t| t.span.text(text)).collect();
//! assert_eq!(&words[..3], ["قالَ", "الرئيسُ", "الروسي"]);
//!
//! // Normalize for analysis and map a normalized match back to the original.
//! let norm = normalize(text, NormLevel::Analysis);
//! assert!(norm.normalized().starts_with("قال الرئيس الروسي بوتين"));
//! let p = norm.normalized().find("الرئيس").unwrap();
//! assert_eq!(norm.to_original(p..p + "الرئيس".len()).text(text), "الرئيسُ");
//!
//! // Clitics: و + أضاف; a name keeps its first letter.
//! let clitics = CliticAnalyzer::bundled();
//! let w = a.tokens.iter().find(|t| t.span.text(text) == "وأضاف").unwrap();
//! let seg = clitics.segment(text, w.span);
//! assert_eq!(seg.stem.text(text), "أضاف");
//! let putin = a.tokens.iter().find(|t| t.span.text(text) == "بوتين").unwrap();
//! assert!(clitics.segment(text, putin.span).is_whole());
//! ```
//!
//! Data files (`data/text/`): `lexicon.tsv` (word counts from the news corpus),
//! `clitics.toml` (clitic inventories, rules, never-split lists), `abbreviations.toml`.

#![deny(missing_docs)]

mod char_index;
mod clitic;
pub mod hash;
mod lexicon;
mod normalize;
mod sentence;
mod span;
mod token;

pub use char_index::CharIndex;
pub use clitic::{CliticAnalyzer, Segmentation};
pub use lexicon::{count_words, write_lexicon};
pub use normalize::{AlignedText, NormLevel, normalize, normalize_into, normalize_str};
pub use sentence::split_sentences;
pub use span::Span;
pub use token::{Token, TokenKind, tokenize, tokenize_into};

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TextError {
    /// A line of a lexicon TSV could not be parsed (`line` is 1-based).
    #[error("lexicon line {line}: {reason}")]
    BadLexiconLine {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// Reading failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Tokens and sentences of one text.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct AnalyzedText {
    /// Tokens of the original text.
    pub tokens: Vec<Token>,
    /// Sentence spans of the original text.
    pub sentences: Vec<Span>,
}

/// Tokenize and split into sentences.
pub fn analyze(text: &str) -> AnalyzedText {
    let tokens = tokenize(text);
    let sentences = split_sentences(text, &tokens);
    AnalyzedText { tokens, sentences }
}
