//! Word-frequency lexicon: counting, writing and reading `word<TAB>count` TSV files.

use std::collections::HashMap;
use std::io::{BufRead, Write};

use crate::normalize::{NormLevel, normalize_into};
use crate::token::tokenize_into;
use crate::{TextError, TokenKind};

/// Word counts read from a lexicon TSV (words are Analysis-normalized on load).
#[derive(Clone, Debug, Default)]
pub(crate) struct Lexicon {
    map: HashMap<Box<str>, u64>,
}

impl Lexicon {
    /// Parse `word<TAB>count` lines. Empty lines and lines starting with `#` are skipped; a
    /// word listed twice has its counts added.
    pub(crate) fn from_tsv<R: BufRead>(mut r: R) -> Result<Self, TextError> {
        let mut map: HashMap<Box<str>, u64> = HashMap::new();
        let mut line = String::new();
        let mut norm = String::new();
        let mut lineno = 0;
        loop {
            line.clear();
            if r.read_line(&mut line)? == 0 {
                break;
            }
            lineno += 1;
            let l = line.trim_end_matches(['\n', '\r']);
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            let bad = |reason| TextError::BadLexiconLine {
                line: lineno,
                reason,
            };
            let (word, count) = l.split_once('\t').ok_or_else(|| bad("missing tab"))?;
            let count: u64 = count
                .trim()
                .parse()
                .map_err(|_| bad("count is not a non-negative integer"))?;
            norm.clear();
            normalize_into(word.trim(), NormLevel::Analysis, &mut norm);
            if norm.is_empty() {
                return Err(bad("empty word"));
            }
            match map.get_mut(norm.as_str()) {
                Some(c) => *c += count,
                None => {
                    map.insert(norm.as_str().into(), count);
                }
            }
        }
        Ok(Lexicon { map })
    }

    /// Count of an (Analysis-normalized) word; 0 when absent.
    #[inline]
    pub(crate) fn count(&self, w: &str) -> u64 {
        self.map.get(w).copied().unwrap_or(0)
    }

    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }
}

/// Count word frequencies (Analysis-normalized [`TokenKind::Word`] tokens) over texts; returns
/// `(word, count)` sorted by count descending, then word.
///
/// A word token whose normalization contains spaces (the ligature ﷺ expands to four words)
/// counts each part.
pub fn count_words<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<(String, u64)> {
    let mut map: HashMap<String, u64> = HashMap::new();
    let mut toks = Vec::new();
    let mut buf = String::new();
    for text in texts {
        tokenize_into(text, &mut toks);
        for t in &toks {
            if t.kind != TokenKind::Word {
                continue;
            }
            buf.clear();
            normalize_into(t.text(text), NormLevel::Analysis, &mut buf);
            for part in buf.split(' ').filter(|p| !p.is_empty()) {
                match map.get_mut(part) {
                    Some(c) => *c += 1,
                    None => {
                        map.insert(part.to_owned(), 1);
                    }
                }
            }
        }
    }
    let mut v: Vec<(String, u64)> = map.into_iter().collect();
    v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// Write a lexicon TSV (`word<TAB>count` per line): the most frequent words with
/// `count >= min_count`, at most `max_words` of them, most frequent first. `counts` need not be
/// sorted (the output of [`count_words`] is).
pub fn write_lexicon<W: Write>(
    counts: &[(String, u64)],
    min_count: u64,
    max_words: usize,
    w: W,
) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(w);
    let mut picked: Vec<&(String, u64)> = counts.iter().filter(|(_, c)| *c >= min_count).collect();
    let sorted = picked
        .windows(2)
        .all(|p| (p[1].1, &p[0].0) <= (p[0].1, &p[1].0));
    if !sorted {
        picked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    }
    for (word, count) in picked.into_iter().take(max_words) {
        writeln!(w, "{word}\t{count}")?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_order() {
        let texts = ["قالَ الرئيس: الرئيسُ قال", "قال الـرئيس ٢٠١٥ CNN"];
        let c = count_words(texts.iter().copied());
        assert_eq!(c, vec![("الرئيس".to_string(), 3), ("قال".to_string(), 3)]);
    }

    #[test]
    fn write_and_read_back() {
        let counts = vec![
            ("ب".to_string(), 1),
            ("أ".to_string(), 10),
            ("ج".to_string(), 5),
            ("د".to_string(), 7),
        ];
        let mut out = Vec::new();
        write_lexicon(&counts, 5, 2, &mut out).unwrap();
        assert_eq!(String::from_utf8(out.clone()).unwrap(), "أ\t10\nد\t7\n");
        let lex = Lexicon::from_tsv(&out[..]).unwrap();
        assert_eq!(lex.count("أ"), 10);
        assert_eq!(lex.count("ج"), 0);
        assert_eq!(lex.len(), 2);
    }

    #[test]
    fn bad_lines() {
        let e = Lexicon::from_tsv("# c\nقال\t3\nبدون\n".as_bytes()).unwrap_err();
        assert!(
            matches!(
                e,
                TextError::BadLexiconLine {
                    line: 3,
                    reason: "missing tab"
                }
            ),
            "{e}"
        );
        let e = Lexicon::from_tsv("قال\tx\n".as_bytes()).unwrap_err();
        assert!(matches!(e, TextError::BadLexiconLine { line: 1, .. }));
        assert_eq!(
            e.to_string(),
            "lexicon line 1: count is not a non-negative integer"
        );
        let e = Lexicon::from_tsv("\u{200f}\t3\n".as_bytes()).unwrap_err();
        assert!(matches!(
            e,
            TextError::BadLexiconLine {
                line: 1,
                reason: "empty word"
            }
        ));
    }

    #[test]
    fn normalizes_and_merges() {
        let lex = Lexicon::from_tsv("قالَ\t3\nقال\t2\r\n\n".as_bytes()).unwrap();
        assert_eq!(lex.count("قال"), 5);
    }
}
