//! Scoring extracted main text against a gold text: bag-of-words precision, recall and F1, as
//! the boilerplate-removal benchmarks (CleanEval, trafilatura's) count them.

use std::collections::HashMap;

/// Bag-of-words agreement of an extracted text with a gold text.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct WordScore {
    /// Share of the extracted words that are in the gold (with multiplicity).
    pub precision: f64,
    /// Share of the gold words that were extracted.
    pub recall: f64,
    /// Their harmonic mean.
    pub f1: f64,
}

/// The words of a text: split on whitespace and punctuation, Unicode-aware.
pub fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric() && !is_mark(c))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Combining marks (Arabic diacritics, ZWNJ) stay inside words.
fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{200C}' | '\u{200D}'
    )
}

/// Score `got` against `gold`.
pub fn bag_of_words(got: &str, gold: &str) -> WordScore {
    let mut bag: HashMap<&str, i64> = HashMap::new();
    for w in words(gold) {
        *bag.entry(w).or_default() += 1;
    }
    let gold_n = words(gold).len();
    let got_words = words(got);
    let mut common = 0;
    for w in &got_words {
        if let Some(n) = bag.get_mut(w)
            && *n > 0
        {
            *n -= 1;
            common += 1;
        }
    }
    let precision = if got_words.is_empty() {
        0.0
    } else {
        common as f64 / got_words.len() as f64
    };
    let recall = if gold_n == 0 {
        0.0
    } else {
        common as f64 / gold_n as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    WordScore {
        precision,
        recall,
        f1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_with_multiplicity() {
        let s = bag_of_words("أ ب ب ج", "أ ب د");
        assert!((s.precision - 0.5).abs() < 1e-9);
        assert!((s.recall - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.f1 - 4.0 / 7.0).abs() < 1e-9);
    }

    #[test]
    fn punctuation_is_not_a_word() {
        assert_eq!(words("قال: «نعم»، ثم.").len(), 3);
        assert_eq!(bag_of_words("قال نعم", "قال، نعم!").f1, 1.0);
        assert_eq!(bag_of_words("", "x").f1, 0.0);
    }
}
