//! Conservative clitic segmentation of Arabic words.
//!
//! A word is split into proclitics (و ف, ب ك ل, س, the determiner ال), a stem and an optional
//! pronoun suffix (ه ها هم هما هن ك كم كما كن ي ني نا). All inventories, thresholds and
//! never-split lists are in `data/text/clitics.toml`. Decisions use a lexicon of word counts
//! (`data/text/lexicon.tsv`) and prefer leaving a word whole to cutting a name:
//!
//! 1. Words in the never-split list (كما لكن بين لدى فقط ...) stay whole.
//! 2. The determiner: `ال` + stem of >= 2 letters is split (الرئيس -> ال + رئيس) unless the
//!    word is in the determiner never-split list (الله الذي التي الآن الى ...). Behind a
//!    conjunction or preposition (وال بال كال فال, لل = ل + ال, وبال, ولل) the stack is split
//!    when it is plausible: the definite form ال+stem or the stem is in the lexicon, or the
//!    whole word is not (والدة stays whole: neither الدة nor دة is a word).
//! 3. A single-letter proclitic without ال (و ف ب ك ل س, and stacks و/ف + ب/ك/ل/س) is split only
//!    when the stem is frequent enough relative to the whole word (see the `[rules]` comments in
//!    the toml): وقال -> و + قال, بروسيا -> ب + روسيا, but بوتين لبنان وزير فرنسا بكين ليبيا
//!    stay whole (وتين, بنان, زير are rare; "بكين" itself takes prepositions: لبكين). The
//!    future س only attaches to stems starting like an imperfect verb (سيكون, not سعيد).
//!    Words of <= 3 letters need a very frequent stem and a rare whole word.
//! 4. A pronoun suffix is split the same way, comparing the stem (or the stem with a final ت
//!    restored to ة: حكومته -> حكومت + ه because حكومة is frequent) with the whole word; a word
//!    seen with the article (المصري) is a lexical unit, not stem + pronoun. Suffixes other than
//!    ه ها هم need the stem to be seen with one of those too (هاتفك: هاتفه), which keeps names
//!    such as جورجي, بلاك, جيرونا whole; a two-letter stem must be one of a short list (من عن
//!    مع أن إن في يد ...). No suffix is split after a determiner.
//!
//! Spans are sub-spans of the word's original span (diacritics and tatweel stay with the
//! letter before them) and always concatenate to exactly the word span.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::lexicon::Lexicon;
use crate::normalize::{AlignedText, NormLevel, normalize, normalize_str};
use crate::{Span, TextError};

/// Clitic segmentation of one word. All spans are inside the word span, in order, and
/// `proclitics ++ [stem] ++ [enclitic]` concatenate to exactly the word span.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Segmentation {
    /// Proclitics in order (و, ب, ال ...). For لل (ل + ال with the alef elided) the two lams
    /// are two proclitics.
    pub proclitics: Vec<Span>,
    /// The stem (never empty for a non-empty word).
    pub stem: Span,
    /// The pronoun suffix, if any.
    pub enclitic: Option<Span>,
}

impl Segmentation {
    /// The whole word as stem.
    pub fn whole(word: Span) -> Segmentation {
        Segmentation {
            proclitics: Vec::new(),
            stem: word,
            enclitic: None,
        }
    }

    /// All spans in order: proclitics, stem, enclitic.
    pub fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        self.proclitics
            .iter()
            .copied()
            .chain(std::iter::once(self.stem))
            .chain(self.enclitic)
    }

    /// True when nothing was split off.
    pub fn is_whole(&self) -> bool {
        self.proclitics.is_empty() && self.enclitic.is_none()
    }
}

/// Segments Arabic words into proclitics, stem and pronoun suffix using a stem lexicon.
#[derive(Clone, Debug)]
pub struct CliticAnalyzer {
    lex: Lexicon,
    cfg: &'static Config,
}

impl CliticAnalyzer {
    /// Build from a TSV lexicon `word<TAB>count` (Analysis-normalized words; the frequency of
    /// words as standalone tokens), as written by [`crate::write_lexicon`].
    pub fn from_tsv<R: std::io::BufRead>(r: R) -> Result<Self, TextError> {
        Ok(CliticAnalyzer {
            lex: Lexicon::from_tsv(r)?,
            cfg: config(),
        })
    }

    /// The analyzer over the lexicon bundled in the crate (`data/text/lexicon.tsv`, built from
    /// the news corpus), built on first use.
    pub fn bundled() -> &'static CliticAnalyzer {
        static A: OnceLock<CliticAnalyzer> = OnceLock::new();
        A.get_or_init(|| {
            CliticAnalyzer::from_tsv(include_str!("../../../data/text/lexicon.tsv").as_bytes())
                .expect("bundled lexicon is valid")
        })
    }

    /// Lexicon count of a word (Analysis-normalized here); 0 when absent.
    pub fn frequency(&self, word: &str) -> u64 {
        self.lex.count(&normalize_str(word, NormLevel::Analysis))
    }

    /// Number of words in the lexicon.
    pub fn lexicon_len(&self) -> usize {
        self.lex.len()
    }

    /// Segment the word at `word` in `text` (normally a [`crate::TokenKind::Word`] token).
    /// Anything that is not an Arabic word (or a span not on char boundaries of `text`) comes
    /// back whole.
    pub fn segment(&self, text: &str, word: Span) -> Segmentation {
        let whole = Segmentation::whole(word);
        let Some(ws) = text.get(word.range()) else {
            return whole;
        };
        // Normalized view: identity when the word is plain letters (the common case).
        let aligned: Option<AlignedText>;
        let norm: &str = if ws.len() % 2 == 0 && ws.as_bytes().chunks(2).all(is_plain_letter) {
            aligned = None;
            ws
        } else {
            aligned = Some(normalize(ws, NormLevel::Analysis));
            aligned
                .as_ref()
                .map(AlignedText::normalized)
                .unwrap_or_default()
        };
        if norm.is_empty() || !norm.chars().all(is_arabic_letter) {
            return whole;
        }
        let split = self.analyze(norm);
        if split.bounds.is_empty() {
            return whole;
        }
        // Map normalized boundaries to original offsets inside the word.
        let mut bounds = Vec::with_capacity(split.bounds.len());
        for &x in &split.bounds {
            let o = match &aligned {
                None => Some(x),
                Some(a) => a.clean_boundary(x),
            };
            match o {
                Some(o) if o > bounds.last().copied().unwrap_or(0) && o < ws.len() => {
                    bounds.push(o)
                }
                _ => return whole,
            }
        }
        let at = |o: usize| word.start + o as u32;
        let mut seg = Segmentation::whole(word);
        let mut prev = word.start;
        let nprocl = split.proclitics;
        for &b in &bounds[..nprocl] {
            seg.proclitics.push(Span {
                start: prev,
                end: at(b),
            });
            prev = at(b);
        }
        if split.enclitic {
            let e = at(bounds[nprocl]);
            seg.stem = Span {
                start: prev,
                end: e,
            };
            seg.enclitic = Some(Span {
                start: e,
                end: word.end,
            });
        } else {
            seg.stem = Span {
                start: prev,
                end: word.end,
            };
        }
        seg
    }

    /// Split points of a normalized word.
    fn analyze(&self, w: &str) -> Split {
        let cfg = self.cfg;
        let mut split = Split::default();
        if letters(w) < 2 || cfg.never.contains(w) {
            return split;
        }
        let mut pos = 0; // start of the remaining word
        let mut det = false;
        let mut stacked = false; // a conjunction + preposition stack was taken
        if let Some(c) = cfg.conj.iter().find(|c| w.starts_with(c.as_str())) {
            let rest = &w[c.len()..];
            if let Some(stack) = self.det_stack(rest, w) {
                split.bounds.push(c.len());
                split.bounds.extend(stack.iter().map(|b| c.len() + b));
                pos = c.len() + stack.last().copied().unwrap_or(0);
                det = true;
            } else if self.split_ok(c, rest, w) {
                split.bounds.push(c.len());
                pos = c.len();
            } else if let Some(p) = cfg.prep_or_future().find(|p| rest.starts_with(p.as_str())) {
                let stem = &rest[p.len()..];
                if self.future_ok(p, stem) && self.split_ok(c, stem, w) {
                    split.bounds.push(c.len());
                    split.bounds.push(c.len() + p.len());
                    pos = c.len() + p.len();
                    stacked = true;
                }
            }
        }
        let r = &w[pos..];
        if !det && !stacked && !cfg.never.contains(r) {
            if let Some(stack) = self.det_stack(r, if pos == 0 { "" } else { w }) {
                split.bounds.extend(stack.iter().map(|b| pos + b));
                pos += stack.last().copied().unwrap_or(0);
                det = true;
            } else if let Some(p) = cfg.prep_or_future().find(|p| r.starts_with(p.as_str())) {
                let stem = &r[p.len()..];
                if self.future_ok(p, stem) && self.split_ok(p, stem, r) {
                    split.bounds.push(pos + p.len());
                    pos += p.len();
                }
            }
        }
        split.proclitics = split.bounds.len();
        let s = &w[pos..];
        if !det
            && !cfg.never.contains(s)
            && let Some(stem_len) = self.enclitic(s)
        {
            split.bounds.push(pos + stem_len);
            split.enclitic = true;
        }
        split
    }

    /// Determiner stacks at the start of `r`: ال, بال, كال, لل. Returns the proclitic end
    /// offsets within `r`. `outer` is the whole word when something precedes `r` in it (then
    /// the stack must be plausible), or "" when `r` is the whole word.
    fn det_stack(&self, r: &str, outer: &str) -> Option<Vec<usize>> {
        let cfg = self.cfg;
        let det = cfg.determiner.as_str();
        let mut buf = String::new();
        let definite = |stem: &str, buf: &mut String| {
            buf.clear();
            buf.push_str(det);
            buf.push_str(stem);
        };
        // Plain determiner.
        if let Some(stem) = r.strip_prefix(det) {
            if letters(stem) >= cfg.rules.min_determiner_stem_letters
                && !cfg.never_det.contains(r)
                && (outer.is_empty() || self.plausible(stem, r, outer))
            {
                return Some(vec![det.len()]);
            }
            return None;
        }
        // Preposition + determiner (بال كال), and ل + ال written لل.
        for p in &cfg.prep {
            let Some(after) = r.strip_prefix(p.as_str()) else {
                continue;
            };
            let (stem, ends) = if let Some(stem) = after.strip_prefix(det) {
                (stem, vec![p.len(), p.len() + det.len()])
            } else if p == "ل" {
                match after.strip_prefix('ل') {
                    Some(stem) => (stem, vec![p.len(), p.len() + 'ل'.len_utf8()]),
                    None => continue,
                }
            } else {
                continue;
            };
            definite(stem, &mut buf);
            if letters(stem) >= cfg.rules.min_determiner_stem_letters
                && !cfg.never_det.contains(buf.as_str())
                && self.plausible(stem, &buf, if outer.is_empty() { r } else { outer })
            {
                return Some(ends);
            }
        }
        None
    }

    /// A determiner stack behind another proclitic is plausible when ال+stem or the stem is a
    /// known word, or the whole word is not.
    fn plausible(&self, stem: &str, definite: &str, whole: &str) -> bool {
        self.lex.count(definite) > 0
            || self.lex.count(stem) >= self.cfg.rules.min_stem_count
            || self.lex.count(whole) == 0
    }

    fn future_ok(&self, p: &str, stem: &str) -> bool {
        !self.cfg.future.iter().any(|f| f == p)
            || self
                .cfg
                .future_initials
                .iter()
                .any(|i| stem.starts_with(i.as_str()))
    }

    /// May the single-letter proclitic `p` be split off `whole`, leaving `stem`?
    fn split_ok(&self, p: &str, stem: &str, whole: &str) -> bool {
        let r = &self.cfg.rules;
        if letters(stem) < r.min_stem_letters || !self.future_ok(p, stem) {
            return false;
        }
        let a = self.lex.count(stem) as f64;
        let w = self.lex.count(whole) as f64;
        let blockers = self.cfg.blockers(p);
        let e = self.evidence(blockers.iter().map(String::as_str), whole) as f64;
        self.decide(a, w, e, letters(whole), r.ratio, true)
    }

    /// Stem length (bytes) when `s` ends with a pronoun suffix that may be split.
    fn enclitic(&self, s: &str) -> Option<usize> {
        let r = &self.cfg.rules;
        let w = self.lex.count(s) as f64;
        let mut e: Option<f64> = None;
        let mut buf = String::new();
        for suf in &self.cfg.pronouns {
            let Some(stem) = s.strip_suffix(suf.as_str()) else {
                continue;
            };
            let n = letters(stem);
            if n < r.min_stem_letters || (n == 2 && !self.cfg.two_letter_stems.contains(stem)) {
                continue;
            }
            let mut a = self.lex.count(stem);
            if let Some(base) = stem.strip_suffix('ت') {
                buf.clear();
                buf.push_str(base);
                buf.push('ة');
                a = a.max(self.lex.count(&buf));
            }
            if !self.cfg.third_person.contains(suf) && !self.corroborated(stem) {
                continue;
            }
            let e = *e.get_or_insert_with(|| {
                self.evidence(self.cfg.definite_prefixes.iter().map(String::as_str), s) as f64
            });
            let (ratio, weak) = match r.enclitic_ratio.get(suf) {
                Some(&x) => (x, false),
                None => (r.ratio, true),
            };
            if self.decide(a as f64, w, e, letters(s), ratio, weak) {
                return Some(stem.len());
            }
        }
        None
    }

    /// Is `stem` also seen with a third-person suffix?
    fn corroborated(&self, stem: &str) -> bool {
        let mut buf = String::with_capacity(stem.len() + 8);
        self.cfg.third_person.iter().any(|t| {
            buf.clear();
            buf.push_str(stem);
            buf.push_str(t);
            self.lex.count(&buf) > 0
        })
    }

    /// The split rule on counts: `a` stem, `w` whole word, `e` evidence that the whole word is
    /// lexical; `n` letters of the whole word.
    fn decide(&self, a: f64, w: f64, e: f64, n: usize, ratio: f64, weak: bool) -> bool {
        let r = &self.cfg.rules;
        if a < r.min_stem_count as f64 {
            return false;
        }
        if n <= r.short_word_letters {
            return a >= r.short_min_stem_count as f64
                && a >= r.short_ratio * w
                && e <= r.veto_ratio * w;
        }
        if a >= ratio * w && e <= r.veto_ratio * w {
            return true;
        }
        weak && a >= r.weak_min_stem_count as f64
            && a >= r.weak_ratio * w
            && e <= r.weak_veto_ratio * w
    }

    /// Sum of counts of `prefix + word` over the prefixes.
    fn evidence<'p>(&self, prefixes: impl Iterator<Item = &'p str>, word: &str) -> u64 {
        let mut buf = String::with_capacity(word.len() + 8);
        prefixes
            .map(|p| {
                buf.clear();
                buf.push_str(p);
                buf.push_str(word);
                self.lex.count(&buf)
            })
            .sum()
    }
}

#[derive(Default, Debug)]
struct Split {
    /// Boundaries (normalized byte offsets): the end of each proclitic, then the stem end if an
    /// enclitic follows.
    bounds: Vec<usize>,
    proclitics: usize,
    enclitic: bool,
}

fn letters(s: &str) -> usize {
    s.chars().count()
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
}

/// A 2-byte UTF-8 sequence of a letter U+0621-U+063A or U+0641-U+064A (unchanged by Analysis).
fn is_plain_letter(p: &[u8]) -> bool {
    match p[0] {
        0xD8 => p[1] >= 0xA1, // U+0621..U+063F (U+063B-063F are rare letters, kept by Analysis)
        0xD9 => (0x81..=0x8A).contains(&p[1]),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration (data/text/clitics.toml)

#[derive(serde::Deserialize)]
struct File {
    proclitics: ProcFile,
    enclitics: EncFile,
    rules: Rules,
    never_split: NeverFile,
}

#[derive(serde::Deserialize)]
struct ProcFile {
    conjunctions: Vec<String>,
    prepositions: Vec<String>,
    future: Vec<String>,
    future_stem_initials: Vec<String>,
    determiner: String,
}

#[derive(serde::Deserialize)]
struct EncFile {
    pronouns: Vec<String>,
    third_person: Vec<String>,
    two_letter_stems: Vec<String>,
}

#[derive(serde::Deserialize, Debug)]
struct Rules {
    min_determiner_stem_letters: usize,
    min_stem_letters: usize,
    min_stem_count: u64,
    ratio: f64,
    veto_ratio: f64,
    weak_min_stem_count: u64,
    weak_ratio: f64,
    weak_veto_ratio: f64,
    short_word_letters: usize,
    short_min_stem_count: u64,
    short_ratio: f64,
    #[serde(default)]
    enclitic_ratio: HashMap<String, f64>,
}

#[derive(serde::Deserialize)]
struct NeverFile {
    determiner: Vec<String>,
    words: Vec<String>,
}

#[derive(Debug)]
struct Config {
    conj: Vec<String>,
    prep: Vec<String>,
    future: Vec<String>,
    future_initials: Vec<String>,
    determiner: String,
    pronouns: Vec<String>,
    third_person: Vec<String>,
    two_letter_stems: HashSet<String>,
    rules: Rules,
    never_det: HashSet<String>,
    never: HashSet<String>,
    /// Prefixes whose presence proves a word is a lexical unit, per proclitic.
    blockers: HashMap<String, Vec<String>>,
    /// ال, وال, بال, كال, فال, لل: a word seen with these carries no pronoun suffix.
    definite_prefixes: Vec<String>,
}

impl Config {
    fn prep_or_future(&self) -> impl Iterator<Item = &String> {
        self.prep.iter().chain(&self.future)
    }

    fn blockers(&self, p: &str) -> &[String] {
        self.blockers.get(p).map_or(&[], Vec::as_slice)
    }
}

fn config() -> &'static Config {
    static C: OnceLock<Config> = OnceLock::new();
    C.get_or_init(|| {
        let f: File = toml::from_str(include_str!("../../../data/text/clitics.toml"))
            .expect("data/text/clitics.toml is valid");
        let n = |v: Vec<String>| -> Vec<String> {
            v.iter()
                .map(|w| normalize_str(w, NormLevel::Analysis))
                .collect()
        };
        let conj = n(f.proclitics.conjunctions);
        let prep = n(f.proclitics.prepositions);
        let future = n(f.proclitics.future);
        let determiner = normalize_str(&f.proclitics.determiner, NormLevel::Analysis);
        let mut pronouns = n(f.enclitics.pronouns);
        pronouns.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        let lam_det = format!("{}{}", "ل", determiner.chars().skip(1).collect::<String>());
        // A conjunction cannot follow anything; a preposition/future can follow a conjunction.
        let mut blockers = HashMap::new();
        for c in &conj {
            let mut b: Vec<String> = conj.iter().chain(&prep).cloned().collect();
            b.push(determiner.clone());
            b.push(lam_det.clone());
            blockers.insert(c.clone(), b);
        }
        for p in prep.iter().chain(&future) {
            // ل + لX would read as لل (ل + ال): not evidence.
            let mut b: Vec<String> = prep
                .iter()
                .filter(|q| !(*q == "ل" && p == "ل"))
                .cloned()
                .collect();
            b.push(determiner.clone());
            b.push(lam_det.clone());
            blockers.insert(p.clone(), b);
        }
        let mut definite_prefixes = vec![determiner.clone(), lam_det];
        for p in conj.iter().chain(&prep) {
            if p != "ل" {
                definite_prefixes.push(format!("{p}{determiner}"));
            }
        }
        let mut rules = f.rules;
        rules.enclitic_ratio = rules
            .enclitic_ratio
            .into_iter()
            .map(|(k, v)| (normalize_str(&k, NormLevel::Analysis), v))
            .collect();
        Config {
            conj,
            prep,
            future,
            future_initials: n(f.proclitics.future_stem_initials),
            determiner,
            pronouns,
            third_person: n(f.enclitics.third_person),
            two_letter_stems: n(f.enclitics.two_letter_stems).into_iter().collect(),
            rules,
            never_det: n(f.never_split.determiner).into_iter().collect(),
            never: n(f.never_split.words).into_iter().collect(),
            blockers,
            definite_prefixes,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(word: &str) -> Vec<String> {
        let a = CliticAnalyzer::bundled();
        let s = a.segment(word, Span::new(0, word.len()));
        let mut parts: Vec<String> = s
            .proclitics
            .iter()
            .map(|p| format!("{}+", p.text(word)))
            .collect();
        parts.push(s.stem.text(word).to_string());
        if let Some(e) = s.enclitic {
            parts.push(format!("+{}", e.text(word)));
        }
        parts
    }

    #[test]
    fn determiner_stacks() {
        assert_eq!(seg("وبالأمس"), ["و+", "ب+", "ال+", "أمس"]);
        assert_eq!(seg("للرئيس"), ["ل+", "ل+", "رئيس"]);
        assert_eq!(seg("الرئيس"), ["ال+", "رئيس"]);
        assert_eq!(seg("والحكومة"), ["و+", "ال+", "حكومة"]);
        assert_eq!(seg("بالنسبة"), ["ب+", "ال+", "نسبة"]);
        assert_eq!(seg("وللمرة"), ["و+", "ل+", "ل+", "مرة"]);
    }

    #[test]
    fn determiner_never_split() {
        for w in ["الله", "الذي", "التي", "الذين", "الآن", "الى", "التقى"]
        {
            assert_eq!(seg(w), [w], "{w}");
        }
        assert_eq!(seg("والذي"), ["و+", "الذي"]);
        assert_eq!(seg("بالله"), ["ب+", "الله"]);
    }

    #[test]
    fn single_letter_proclitics() {
        assert_eq!(seg("وقال"), ["و+", "قال"]);
        assert_eq!(seg("بروسيا"), ["ب+", "روسيا"]);
        assert_eq!(seg("وبروسيا"), ["و+", "ب+", "روسيا"]);
        assert_eq!(seg("سيكون"), ["س+", "يكون"]);
        assert_eq!(seg("وأضاف"), ["و+", "أضاف"]);
        assert_eq!(seg("لليبيا"), ["ل+", "ليبيا"]);
        assert_eq!(seg("وبين"), ["و+", "بين"]);
    }

    #[test]
    fn names_and_function_words_stay_whole() {
        for w in [
            "بوتين",
            "لبنان",
            "وزير",
            "كما",
            "لكن",
            "بين",
            "فرنسا",
            "بكين",
            "ليبيا",
            "فيصل",
            "سعيد",
            "فكرة",
            "سكان",
            "والدة",
            "وزارة",
            "كانت",
            "لدى",
            "فقط",
            "بعد",
        ] {
            assert_eq!(seg(w), [w], "{w}");
        }
    }

    #[test]
    fn pronoun_suffixes() {
        assert_eq!(seg("حكومته"), ["حكومت", "+ه"]);
        assert_eq!(seg("وزارتها"), ["وزارت", "+ها"]);
        assert_eq!(seg("وحكومته"), ["و+", "حكومت", "+ه"]);
        assert_eq!(seg("بلاده"), ["بلاد", "+ه"]);
        for w in ["مصري", "دولي", "اتجاه", "سعودي"] {
            assert_eq!(seg(w), [w], "{w}");
        }
    }

    #[test]
    fn diacritics_stay_with_their_letter() {
        let w = "وَقَالَ";
        assert_eq!(seg(w), ["وَ+", "قَالَ"]);
        let w = "حُكومَتُهُ";
        assert_eq!(seg(w), ["حُكومَتُ", "+هُ"]);
        let w = "بالـرئيس";
        assert_eq!(seg(w), ["ب+", "الـ+", "رئيس"]);
    }

    #[test]
    fn inside_a_text() {
        let text = "قال وزير الخارجية وبالأمس";
        let toks = crate::tokenize(text);
        let s = CliticAnalyzer::bundled().segment(text, toks[3].span);
        let parts: Vec<&str> = s.spans().map(|p| p.text(text)).collect();
        assert_eq!(parts, ["و", "ب", "ال", "أمس"]);
        assert_eq!(s.proclitics[0].start, toks[3].span.start);
        assert_eq!(s.stem.end, toks[3].span.end);
    }

    #[test]
    fn non_words_are_whole() {
        let a = CliticAnalyzer::bundled();
        for t in ["KN", "2015", "،", "و"] {
            assert!(a.segment(t, Span::new(0, t.len())).is_whole(), "{t}");
        }
        // Out-of-range span.
        assert!(a.segment("ab", Span::new(0, 10)).is_whole());
    }

    #[test]
    fn from_tsv_small_lexicon() {
        let a = CliticAnalyzer::from_tsv("قال\t100\nوقال\t10\n".as_bytes()).unwrap();
        assert_eq!(a.frequency("قالَ"), 100);
        let s = a.segment("وقال", Span::new(0, 8));
        assert_eq!(s.proclitics, vec![Span::new(0, 2)]);
    }
}
