//! The words an article's title and lead are about, and how rare each is in news: what story
//! clustering compares beside entities.
//!
//! A word is folded (Search-level normalization), its proclitics are stripped (the article
//! «ال» with the conjunctions and prepositions written before it, a leading conjunction «و»
//! or «ف» on a long word) and its common suffixes are dropped (feminine and plural endings,
//! attached pronouns), so that «الهجوم», «والهجوم», «بالهجوم» and «هجومه» are one word. This is a light
//! stemmer for comparing texts, not an analysis: it never has to be right about one word, only
//! consistent.
//!
//! How rare a word is comes from [`WordRarity`]: document frequencies over the news corpus,
//! made by `rasd train stories` into `data/fusion/word_df.tsv`.

use std::collections::HashMap;

/// Prefixes stripped before a word's stem, longest first: the article with what is written
/// before it.
const ARTICLE_PREFIXES: [&str; 7] = ["وبال", "وال", "بال", "فال", "كال", "لل", "ال"];

/// Suffixes dropped from a long word, longest first.
const SUFFIXES: [&str; 12] = [
    "هما", "كما", "ات", "ون", "ين", "ان", "ها", "هم", "نا", "ية", "ه", "ي",
];

/// Words of three letters or fewer after stemming are dropped: particles, prepositions,
/// pronouns and too-short stems that collide.
const MIN_STEM_CHARS: usize = 3;

/// Function words (the search analyzer's list, `data/search/stopwords.txt`), folded.
fn stop_words() -> &'static std::collections::HashSet<String> {
    static STOP: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    STOP.get_or_init(|| {
        include_str!("../../../data/search/stopwords.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| rasd_text::normalize_str(l, rasd_text::NormLevel::Search))
            .collect()
    })
}

/// Whether a folded word is a function word, alone or after one conjunction or preposition
/// letter («وفي», «بعد»).
fn is_function_word(word: &str) -> bool {
    let stop = stop_words();
    stop.contains(word)
        || ["و", "ف", "ب", "ل", "ك"]
            .iter()
            .any(|p| word.strip_prefix(p).is_some_and(|rest| stop.contains(rest)))
}

/// The stem of one already folded word (no spaces), or `None` for a function word, a word too
/// short, or one not all letters and digits.
pub fn stem(word: &str) -> Option<String> {
    if !word.chars().all(char::is_alphanumeric)
        || word.chars().all(|c| c.is_ascii_digit())
        || is_function_word(word)
    {
        return None;
    }
    let mut w = word;
    let len = |s: &str| s.chars().count();
    let mut stripped_article = false;
    for p in ARTICLE_PREFIXES {
        if let Some(rest) = w.strip_prefix(p)
            && len(rest) >= 2
        {
            w = rest;
            stripped_article = true;
            break;
        }
    }
    if !stripped_article {
        for p in ["و", "ف"] {
            if let Some(rest) = w.strip_prefix(p)
                && len(rest) >= 4
            {
                w = rest;
                break;
            }
        }
    }
    for s in SUFFIXES {
        if let Some(rest) = w.strip_suffix(s)
            && len(rest) >= 3
        {
            w = rest;
            break;
        }
    }
    // The feminine ending is folded to «ه» by Search-level normalization; drop it.
    if let Some(rest) = w.strip_suffix('ه')
        && len(rest) >= 3
    {
        w = rest;
    }
    (len(w) >= MIN_STEM_CHARS).then(|| w.to_owned())
}

/// The stems of a text's words, in order (repeats kept).
pub fn stems(text: &str) -> Vec<String> {
    let folded = rasd_text::normalize_str(text, rasd_text::NormLevel::Search);
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter_map(stem)
        .collect()
}

/// Document frequencies of stems in a background collection of news.
#[derive(Clone, Debug, Default)]
pub struct WordRarity {
    /// Documents in the background collection.
    documents: u64,
    /// Stem → the documents holding it.
    frequency: HashMap<String, u64>,
}

/// The table shipped with rasd, made by `rasd train stories` from the news corpus.
const BUNDLED: &str = include_str!("../../../data/fusion/word_df.tsv");

/// Stems rarer than this in the background are not written to the table: they all weigh
/// like an unseen stem.
pub const MIN_TABLE_FREQUENCY: u64 = 3;

impl WordRarity {
    /// The bundled table.
    pub fn bundled() -> &'static WordRarity {
        static TABLE: std::sync::OnceLock<WordRarity> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| WordRarity::parse(BUNDLED).unwrap_or_default())
    }

    /// Reads a table: a `#documents<TAB>N` line, then `stem<TAB>frequency` lines.
    pub fn parse(text: &str) -> Result<WordRarity, String> {
        let mut table = WordRarity::default();
        for (n, line) in text.lines().enumerate() {
            let Some((key, value)) = line.split_once('\t') else {
                return Err(format!("line {}: expected stem<TAB>frequency", n + 1));
            };
            let value: u64 = value
                .parse()
                .map_err(|_| format!("line {}: bad frequency {value:?}", n + 1))?;
            if key == "#documents" {
                table.documents = value;
            } else {
                table.frequency.insert(key.to_owned(), value);
            }
        }
        Ok(table)
    }

    /// Counts the documents holding each stem over `documents` (title and lead of each), and
    /// writes the table: stems in at least [`MIN_TABLE_FREQUENCY`] documents, sorted, so that
    /// the same collection always gives the same bytes.
    pub fn build<'a>(documents: impl Iterator<Item = &'a str>) -> String {
        let mut frequency: HashMap<String, u64> = HashMap::new();
        let mut count = 0u64;
        for d in documents {
            count += 1;
            let mut seen = stems(d);
            seen.sort_unstable();
            seen.dedup();
            for s in seen {
                *frequency.entry(s).or_default() += 1;
            }
        }
        let mut rows: Vec<(String, u64)> = frequency
            .into_iter()
            .filter(|(_, f)| *f >= MIN_TABLE_FREQUENCY)
            .collect();
        rows.sort_unstable();
        let mut out = format!("#documents\t{count}\n");
        for (s, f) in rows {
            out.push_str(&s);
            out.push('\t');
            out.push_str(&f.to_string());
            out.push('\n');
        }
        out
    }

    /// Background documents.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Background documents holding `stem`.
    pub fn frequency(&self, stem: &str) -> u64 {
        self.frequency.get(stem).copied().unwrap_or(0)
    }

    /// Inverse document frequency of a stem over the background and a collection (`local`
    /// documents holding it out of `local_documents`).
    pub fn idf(&self, stem: &str, local: u64, local_documents: u64) -> f64 {
        let n = (self.documents + local_documents) as f64;
        let df = (self.frequency(stem) + local) as f64;
        ((n + 1.0) / (df + 1.0)).ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clitics_and_suffixes_fold_together() {
        let s = stems("الهجوم والهجوم بالهجوم هجومه");
        assert_eq!(s, ["هجوم"; 4]);
        assert_eq!(stems("المفاوضات مفاوضات"), ["مفاوض", "مفاوض"]);
        // Particles and short words are dropped.
        assert!(stems("في من على إلى وفي التي").is_empty());
    }

    #[test]
    fn table_round_trips_and_is_sorted() {
        let docs = [
            "انفجار في الميناء",
            "انفجار الميناء",
            "انفجار جديد",
            "زيارة",
        ];
        let table = WordRarity::build(docs.iter().copied());
        assert_eq!(table, "#documents\t4\nانفجار\t3\n");
        let t = WordRarity::parse(&table).unwrap();
        assert_eq!(t.documents(), 4);
        assert_eq!(t.frequency("انفجار"), 3);
        assert!(t.idf("انفجار", 0, 0) < t.idf("ميناء", 0, 0));
    }

    #[test]
    fn bundled_table_loads() {
        let t = WordRarity::bundled();
        assert!(t.documents() > 10_000, "{}", t.documents());
    }
}
