//! The token scanner shared by the date and quantity finders: tokens with Search-level keys,
//! with and without a leading clitic, numbers parsed, and punctuation marked as a phrase break.

use rasd_text::{NormLevel, Span, Token, TokenKind, normalize_str, tokenize};

/// Search-level key of a word or phrase, single-spaced.
pub(crate) fn key(s: &str) -> String {
    normalize_str(s, NormLevel::Search)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A token as the finder sees it.
pub(crate) struct Item {
    pub span: Span,
    /// Key of the word as written.
    pub full: String,
    /// Key without a leading و ف ب ل (and with لل → ال).
    pub bare: String,
    /// The value of a token of digits only.
    pub number: Option<u32>,
    /// How many digits the token has.
    pub digits: usize,
    /// Punctuation other than "/" breaks phrases.
    pub breaks: bool,
    /// The word as written ends in ة (its Search key ends in ه like an attached pronoun).
    pub ta_marbuta: bool,
}

impl Item {
    /// Is this word `k`, with or without its clitic?
    pub fn is(&self, k: &str) -> bool {
        self.full == k || self.bare == k
    }
}

/// The key without a leading و ف ب ل (and with لل → ال).
fn strip_clitic(k: &str) -> String {
    if let Some(rest) = k.strip_prefix("لل")
        && rest.chars().count() >= 2
    {
        return format!("ال{rest}");
    }
    for p in ['و', 'ف', 'ب', 'ل'] {
        if let Some(rest) = k.strip_prefix(p)
            && rest.chars().count() >= 3
        {
            // "وبالأمس": one more.
            if let Some(r2) = rest.strip_prefix('ب')
                && r2.starts_with("ال")
            {
                return r2.to_owned();
            }
            return rest.to_owned();
        }
    }
    k.to_owned()
}

/// The tokens of a text as the finders see them.
pub(crate) fn items(text: &str) -> Vec<Item> {
    items_from(text, &tokenize(text))
}

/// Tokens of `text` (already tokenized) as the finders see them.
pub(crate) fn items_from(text: &str, tokens: &[Token]) -> Vec<Item> {
    tokens
        .iter()
        .map(|t| {
            let s = t.span.text(text);
            match t.kind {
                TokenKind::Word | TokenKind::Latin | TokenKind::Number => {
                    let full = key(s);
                    let ascii: String = full.chars().filter(char::is_ascii_digit).collect();
                    let number = (t.kind == TokenKind::Number && ascii.len() == full.len())
                        .then(|| ascii.parse().ok())
                        .flatten();
                    Item {
                        span: t.span,
                        bare: strip_clitic(&full),
                        full,
                        number,
                        digits: ascii.len(),
                        breaks: false,
                        ta_marbuta: s.ends_with('ة'),
                    }
                }
                TokenKind::Punct | TokenKind::Symbol => {
                    let breaks = s != "/" && s != "(" && s != ")";
                    Item {
                        span: t.span,
                        full: s.to_owned(),
                        bare: s.to_owned(),
                        number: None,
                        digits: 0,
                        breaks,
                        ta_marbuta: false,
                    }
                }
            }
        })
        .collect()
}
