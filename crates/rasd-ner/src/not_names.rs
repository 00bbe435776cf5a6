//! Phrases that are never named entities, whatever the tagger says: God and religious
//! formulae, currencies (`data/ner/not_names.txt`, made by `scripts/build_not_names.py`).

use std::collections::HashSet;
use std::sync::OnceLock;

use rasd_text::{NormLevel, normalize_str};

static NOT_NAMES_TXT: &str = include_str!("../../../data/ner/not_names.txt");

/// The closed list of phrases that are not names.
pub struct NotNames {
    keys: HashSet<String>,
}

/// A phrase's key: Search-level, single-spaced, without one leading clitic (و ب ل ف ك) and the
/// article.
fn key(phrase: &str) -> String {
    let k = normalize_str(phrase, NormLevel::Search)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut k = k.as_str();
    for c in ["و", "ف", "ب", "ل", "ك"] {
        if let Some(rest) = k.strip_prefix(c)
            && rest.starts_with("ال")
        {
            k = rest;
            break;
        }
    }
    let k = k
        .strip_prefix("ال")
        .filter(|r| r.chars().count() >= 2)
        .unwrap_or(k);
    k.to_owned()
}

impl NotNames {
    /// The bundled list.
    pub fn bundled() -> &'static NotNames {
        static N: OnceLock<NotNames> = OnceLock::new();
        N.get_or_init(|| NotNames::parse(NOT_NAMES_TXT))
    }

    /// Parse the list: one phrase a line, `#` comments.
    pub fn parse(text: &str) -> NotNames {
        let keys = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(key)
            .collect();
        NotNames { keys }
    }

    /// Whether a mention's text is one of the phrases (with a clitic or the article, or not).
    pub fn contains(&self, mention: &str) -> bool {
        self.keys.contains(&key(mention))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_and_formulae_are_not_names_but_names_holding_them_are() {
        let n = NotNames::bundled();
        for w in ["الله", "دولار", "الدولار", "بالدولار", "يورو", "سبحانه وتعالى"]
        {
            assert!(n.contains(w), "{w}");
        }
        for w in ["عبد الله", "حزب الله", "رام الله", "روسيا", "الرياض"]
        {
            assert!(!n.contains(w), "{w}");
        }
    }
}
