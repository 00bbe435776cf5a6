//! Comparison keys for lines and words.
//!
//! Rules and line text are compared as *keys*: Search-level normalized (rasd-text), Latin
//! lower-cased, whitespace collapsed. Words compared for lexical overlap are further reduced
//! by a light stemmer ([`content_stem`]) that is only ever used for comparison, never shown.

use rasd_text::{NormLevel, normalize_str};

/// Key of a line or phrase: Search-normalized, lower-cased, single spaces, trimmed.
pub fn line_key(s: &str) -> String {
    let norm = normalize_str(s, NormLevel::Search);
    let mut out = String::with_capacity(norm.len());
    for word in norm.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Key of one word (no inner spaces).
pub fn word_key(s: &str) -> String {
    line_key(s)
}

/// Does `key` start with the phrase `phrase` followed by a word boundary?
pub fn starts_with_phrase(key: &str, phrase: &str) -> bool {
    key.strip_prefix(phrase).is_some_and(|rest| {
        rest.is_empty()
            || phrase.ends_with(|c: char| !c.is_alphanumeric())
            || rest.starts_with(|c: char| !c.is_alphanumeric())
    })
}

/// Words of a line key, with surrounding punctuation removed.
pub fn key_words(key: &str) -> impl Iterator<Item = &str> {
    key.split(' ')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
}

/// A light stem of a word key for overlap tests: strips the article and its proclitic
/// stacks and a few inflectional endings when enough of the word remains. "الأوكرانية" and
/// "أوكرانيا" share the stem "اوكران".
pub fn content_stem(word: &str) -> &str {
    let mut w = word;
    for p in ["وال", "بال", "فال", "كال", "لل", "ال"] {
        if let Some(rest) = w.strip_prefix(p)
            && rest.chars().count() >= 3
        {
            w = rest;
            break;
        }
    }
    for s in ["يات", "ات", "ون", "ين", "يه", "يا", "ان", "ه", "ي", "ا"] {
        if let Some(rest) = w.strip_suffix(s)
            && rest.chars().count() >= 3
        {
            w = rest;
            break;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_keys_fold_orthography() {
        assert_eq!(line_key("  إقرأ   أيضاً: "), line_key("اقرأ أيضا:"));
        assert_eq!(line_key("Tags"), "tags");
    }

    #[test]
    fn phrase_prefix_needs_a_word_boundary() {
        let k = line_key("اقرأ أيضا: خبر");
        assert!(starts_with_phrase(&k, &line_key("اقرأ أيضا")));
        assert!(!starts_with_phrase(
            &line_key("المصدرية"),
            &line_key("المصدر")
        ));
        assert!(starts_with_phrase(
            &line_key("الصورة: رويترز"),
            &line_key("الصورة:")
        ));
    }

    #[test]
    fn light_stems_meet() {
        assert_eq!(
            content_stem(&word_key("الأوكرانية")),
            content_stem(&word_key("أوكرانيا"))
        );
        assert_eq!(
            content_stem(&word_key("الصفقة")),
            content_stem(&word_key("صفقة"))
        );
        assert_eq!(content_stem(&word_key("كيم")), "كيم");
    }
}
