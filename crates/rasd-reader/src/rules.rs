//! The reader's rules: phrase lists and patterns loaded from `data/reader/*.toml|tsv`.
//!
//! Rules are data. [`Rules::bundled`] compiles the files shipped in the repository;
//! [`Rules::from_toml`] takes another rule file (same schema) for experiments.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use crate::ReadError;
use crate::calendar::Calendar;
use crate::keys::{line_key, word_key};

const RULES_TOML: &str = include_str!("../../../data/reader/rules.toml");
const OUTLETS_TSV: &str = include_str!("../../../data/reader/outlets.tsv");
const STOPWORDS_TXT: &str = include_str!("../../../data/reader/stopwords.txt");

#[derive(Deserialize)]
struct RulesFile {
    read_also: ReadAlso,
    related_list: Headers,
    source: Source,
    tags: Tags,
    prompts: Patterns,
    notices: OutletPatterns,
    syndication: OutletPatterns,
    navigation: Navigation,
    share: Words,
    caption: Caption,
    byline: Byline,
    banner: Banner,
    title: Title,
    date_line: DateLine,
    #[serde(default)]
    inline_dateline: InlineDateline,
    body: BodyParams,
}

#[derive(Default, Deserialize)]
struct InlineDateline {
    max_words: usize,
    not_names: Vec<String>,
}

#[derive(Deserialize)]
struct ReadAlso {
    markers: Vec<String>,
    #[serde(default)]
    patterns: Vec<String>,
}
#[derive(Deserialize)]
struct OutletPatterns {
    patterns: Vec<String>,
    max_words: usize,
    #[serde(default)]
    outlet_patterns: Vec<String>,
}
#[derive(Deserialize)]
struct Headers {
    headers: Vec<String>,
}
#[derive(Deserialize)]
struct Source {
    prefixes: Vec<String>,
    max_name_words: usize,
}
#[derive(Deserialize)]
struct Tags {
    prefixes: Vec<String>,
    max_words: usize,
}
#[derive(Deserialize)]
struct Patterns {
    patterns: Vec<String>,
    max_words: usize,
}
#[derive(Deserialize)]
struct Navigation {
    separators: Vec<String>,
    min_separators: usize,
    max_words: usize,
    sections: Vec<String>,
    timestamps: Vec<String>,
}

#[derive(Deserialize)]
struct Words {
    words: Vec<String>,
}
#[derive(Deserialize)]
struct Caption {
    agencies: Vec<String>,
    prefixes: Vec<String>,
    max_words_after: usize,
    max_words: usize,
}
#[derive(Deserialize)]
struct Byline {
    cues: Vec<String>,
    max_name_words: usize,
    bare_cues: Vec<String>,
    #[serde(default)]
    not_names: Vec<String>,
}
#[derive(Deserialize)]
struct Banner {
    prefixes: Vec<String>,
    descriptor_suffixes: Vec<String>,
    keep_prefixes: Vec<String>,
    max_words: usize,
    max_name_words: usize,
}
#[derive(Deserialize)]
struct Title {
    outlet_separators: Vec<String>,
    max_suffix_words: usize,
    #[serde(default)]
    free_separators: Vec<String>,
    #[serde(default)]
    dash_suffix_words: usize,
    #[serde(default)]
    labels: Vec<String>,
    max_words: usize,
    subtitle_max_words: usize,
}
#[derive(Deserialize)]
struct DateLine {
    words: Vec<String>,
    max_other_words: usize,
    max_words: usize,
}

/// Numeric parameters of body assembly (see `[body]` in `rules.toml`).
#[derive(Clone, Debug, Deserialize)]
pub struct BodyParams {
    /// A line with at least this many words is a paragraph.
    pub min_paragraph_words: usize,
    /// A line ending in sentence punctuation with at least this many words is a paragraph.
    pub min_sentence_words: usize,
    /// Longest line that can be a section heading.
    pub max_heading_words: usize,
    /// Lines this short are headings without further evidence.
    pub short_heading_words: usize,
    /// Share of a longer heading's content words that must recur in its section.
    pub min_heading_overlap: f32,
    /// How many paragraphs below a heading make its section.
    pub heading_section_paragraphs: usize,
    /// Paragraphs needed after an end marker to start an appended article.
    pub min_related_paragraphs: usize,
    /// Share of a headline's content words recurring below it that makes it a title.
    pub min_title_overlap: f32,
    /// Runs of at least this many short lines are lists or verse: body text.
    pub min_list_run: usize,
    /// Words that open running text, never a heading ("وقال", "ثم", "لكن").
    pub openers: Vec<String>,
    /// Fewest words of a teaser headline after the article's last paragraph.
    #[serde(default = "teaser_min_words")]
    pub teaser_min_words: usize,
    /// Most words of a teaser headline after the article's last paragraph (0: no teasers).
    #[serde(default)]
    pub teaser_max_words: usize,
    /// Longest run of teasers taken in a file that carries links to other stories.
    #[serde(default)]
    pub teaser_max_run: usize,
    /// Fewest words per line, on average, of such a run.
    #[serde(default)]
    pub teaser_run_mean_words: usize,
}

fn teaser_min_words() -> usize {
    3
}

/// Phrase lists are stored as normalized keys (see [`line_key`]).
#[derive(Debug)]
pub struct Rules {
    pub(crate) read_also: Vec<String>,
    pub(crate) read_also_patterns: Vec<Regex>,
    pub(crate) copyright_outlet: Vec<Regex>,
    pub(crate) syndication_outlet: Vec<Regex>,
    pub(crate) byline_not_names: HashSet<String>,
    pub(crate) title_free_separators: Vec<String>,
    pub(crate) title_dash_suffix_words: usize,
    pub(crate) title_labels: HashSet<String>,
    pub(crate) related_headers: Vec<String>,
    pub(crate) source_prefixes: Vec<String>,
    pub(crate) source_max_words: usize,
    pub(crate) tag_prefixes: Vec<String>,
    pub(crate) prompts: Vec<Regex>,
    pub(crate) prompt_max_words: usize,
    pub(crate) notices: Vec<Regex>,
    pub(crate) notice_max_words: usize,
    pub(crate) syndication: Vec<Regex>,
    pub(crate) syndication_max_words: usize,
    pub(crate) tag_max_words: usize,
    pub(crate) body_openers: Vec<String>,
    pub(crate) share_words: Vec<String>,
    pub(crate) nav_separators: Vec<String>,
    pub(crate) nav_min_separators: usize,
    pub(crate) nav_max_words: usize,
    pub(crate) sections: HashSet<String>,
    pub(crate) timestamps: Vec<Regex>,
    pub(crate) agencies: Vec<String>,
    pub(crate) caption_prefixes: Vec<String>,
    pub(crate) caption_max_words_after: usize,
    pub(crate) caption_max_words: usize,
    pub(crate) byline_cues: Vec<String>,
    pub(crate) byline_max_name_words: usize,
    pub(crate) byline_bare_cues: Vec<String>,
    pub(crate) banner_prefixes: Vec<String>,
    pub(crate) banner_keep_prefixes: Vec<String>,
    pub(crate) banner_suffixes: Vec<String>,
    pub(crate) banner_max_words: usize,
    pub(crate) banner_max_name_words: usize,
    pub(crate) title_separators: Vec<String>,
    pub(crate) title_max_suffix_words: usize,
    pub(crate) title_max_words: usize,
    pub(crate) subtitle_max_words: usize,
    pub(crate) date_words: HashSet<String>,
    pub(crate) date_max_other_words: usize,
    pub(crate) date_max_words: usize,
    /// Most words before the outlet's parenthesis or the colon of an inline dateline (0: none).
    pub(crate) dateline_max_words: usize,
    /// Words that open a parenthesis naming no outlet ("تصوير").
    pub(crate) dateline_not_names: Vec<String>,
    pub(crate) body: BodyParams,
    /// Known outlets: normalized name → English name.
    pub(crate) outlets: HashMap<String, String>,
    pub(crate) stopwords: HashSet<String>,
    pub(crate) calendar: Calendar,
}

impl Rules {
    /// The rules shipped in `data/reader/`, compiled once.
    pub fn bundled() -> &'static Rules {
        static RULES: OnceLock<Rules> = OnceLock::new();
        RULES.get_or_init(|| Rules::from_toml(RULES_TOML).expect("bundled reader rules are valid"))
    }

    /// Compile a rules file (the schema of `data/reader/rules.toml`); outlets, stop words and
    /// calendar names are the bundled ones.
    pub fn from_toml(toml_text: &str) -> Result<Rules, ReadError> {
        let file: RulesFile = toml::from_str(toml_text).map_err(|e| ReadError::BadRules {
            reason: e.to_string(),
        })?;
        let keys = |v: &[String]| -> Vec<String> {
            let mut out: Vec<String> = v.iter().map(|s| line_key(s)).collect();
            out.retain(|s| !s.is_empty());
            // Longest first, so that the longest marker wins when several match.
            out.sort_by_key(|s| std::cmp::Reverse(s.len()));
            out.dedup();
            out
        };
        let regexes = |v: &[String]| -> Result<Vec<Regex>, ReadError> {
            v.iter()
                .map(|p| {
                    Regex::new(&line_key_pattern(p)).map_err(|e| ReadError::BadRules {
                        reason: format!("pattern `{p}`: {e}"),
                    })
                })
                .collect()
        };
        let mut outlets = HashMap::new();
        for line in OUTLETS_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (ar, en) = line.split_once('\t').unwrap_or((line, ""));
            outlets.insert(line_key(ar), en.trim().to_owned());
        }
        let stopwords = STOPWORDS_TXT
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| word_key(l.trim()))
            .collect();
        Ok(Rules {
            read_also: keys(&file.read_also.markers),
            read_also_patterns: regexes(&file.read_also.patterns)?,
            copyright_outlet: regexes(&file.notices.outlet_patterns)?,
            syndication_outlet: regexes(&file.syndication.outlet_patterns)?,
            byline_not_names: file.byline.not_names.iter().map(|w| line_key(w)).collect(),
            title_free_separators: file.title.free_separators.clone(),
            title_dash_suffix_words: file.title.dash_suffix_words,
            title_labels: file.title.labels.iter().map(|w| line_key(w)).collect(),
            related_headers: keys(&file.related_list.headers),
            source_prefixes: keys(&file.source.prefixes),
            source_max_words: file.source.max_name_words,
            tag_prefixes: keys(&file.tags.prefixes),
            prompts: regexes(&file.prompts.patterns)?,
            prompt_max_words: file.prompts.max_words,
            notices: regexes(&file.notices.patterns)?,
            notice_max_words: file.notices.max_words,
            syndication: regexes(&file.syndication.patterns)?,
            syndication_max_words: file.syndication.max_words,
            tag_max_words: file.tags.max_words,
            body_openers: keys(&file.body.openers),
            share_words: keys(&file.share.words),
            nav_separators: file.navigation.separators.clone(),
            nav_min_separators: file.navigation.min_separators,
            nav_max_words: file.navigation.max_words,
            sections: file
                .navigation
                .sections
                .iter()
                .map(|w| line_key(w))
                .collect(),
            timestamps: regexes(&file.navigation.timestamps)?,
            agencies: keys(&file.caption.agencies),
            caption_prefixes: keys(&file.caption.prefixes),
            caption_max_words_after: file.caption.max_words_after,
            caption_max_words: file.caption.max_words,
            byline_cues: keys(&file.byline.cues),
            byline_max_name_words: file.byline.max_name_words,
            byline_bare_cues: keys(&file.byline.bare_cues),
            banner_prefixes: keys(&file.banner.prefixes),
            banner_keep_prefixes: keys(&file.banner.keep_prefixes),
            banner_suffixes: keys(&file.banner.descriptor_suffixes),
            banner_max_words: file.banner.max_words,
            banner_max_name_words: file.banner.max_name_words,
            title_separators: file
                .title
                .outlet_separators
                .iter()
                .map(|s| s.to_owned())
                .collect(),
            title_max_suffix_words: file.title.max_suffix_words,
            title_max_words: file.title.max_words,
            subtitle_max_words: file.title.subtitle_max_words,
            date_words: file.date_line.words.iter().map(|w| line_key(w)).collect(),
            date_max_other_words: file.date_line.max_other_words,
            date_max_words: file.date_line.max_words,
            dateline_max_words: file.inline_dateline.max_words,
            dateline_not_names: keys(&file.inline_dateline.not_names),
            body: file.body,
            outlets,
            stopwords,
            calendar: Calendar::bundled().clone(),
        })
    }

    /// Whether a line key names a known outlet that is not also a place of the date lines
    /// («الرياض» is a newspaper and a city: where a place may stand, it is the place).
    pub(crate) fn is_outlet_not_place(&self, key: &str) -> bool {
        self.outlets.contains_key(key) && !self.date_words.contains(key)
    }

    /// English name of a known outlet, by its name as written.
    pub fn outlet_english(&self, name: &str) -> Option<&str> {
        self.outlets.get(&line_key(name)).map(|s| s.as_str())
    }
}

/// Normalize the literal parts of a regex the way lines are normalized. Regex syntax is ASCII
/// and survives; Arabic letters are folded exactly like line text.
fn line_key_pattern(pattern: &str) -> String {
    rasd_text::normalize_str(pattern, rasd_text::NormLevel::Search).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_rules_load() {
        let r = Rules::bundled();
        assert!(!r.read_also.is_empty());
        assert!(r.outlets.contains_key(&line_key("الجزيرة")));
        assert_eq!(r.outlet_english("الجزيرة"), Some("Al Jazeera"));
        assert!(r.stopwords.contains(&word_key("إلى")));
    }

    #[test]
    fn bad_rules_are_an_error() {
        assert!(matches!(
            Rules::from_toml("nonsense = ["),
            Err(ReadError::BadRules { .. })
        ));
    }
}
