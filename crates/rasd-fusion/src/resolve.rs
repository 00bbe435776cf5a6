//! Entity resolution across articles: one canonical entity for all the spellings and forms of a
//! name, and never one entity for two referents.
//!
//! Two article entities are joined only when they have the same type (a person is never a place
//! or his country, a club never its city) and
//! - the same English name, *when it is the name's own*: the knowledge base or the gazetteer gives
//!   it for the entity's fullest name («فلاديمير بوتين», «بوتين» → Vladimir Putin). An English
//!   name the article stage took from another mention grouped with it (a wrongly grouped «روسيا»
//!   giving «ماركو رويس» the name Russia, «ترامب» giving «إيفانكا ترامب» Donald Trump) or a
//!   descriptor's generic name («Saudi government», «education») joins nothing;
//! - or full names of as many words, each the same word up to transliteration: the same
//!   transliteration-tolerant key ([`rasd_ner::entities::phonetic_key`]: one class for غ/ج/ق/ك,
//!   ت/ط …, long vowels dropped) or one letter apart, *and* spellings close enough that the key's
//!   losses do not make two names one ([`same_word`]: «ترامب»/«ترمب», «جونغ»/«جونج» but not
//!   «صعدة»/«سعودية», «جمال»/«جميل», «العاصمي»/«العثيم»); compounds are written together
//!   («عبد العزيز» = «عبدالعزيز», «نصر الله» = «نصرالله»);
//! - or a person's longer name that begins with a name of three words or more («محمد بن سلمان بن
//!   عبدالعزيز» → «محمد بن سلمان»);
//! - or a person's one-word name that fits exactly one full name: as its surname (the last word,
//!   not a father's name after بن: «نايف» is not «محمد بن نايف»), or as its first word after an
//!   honorific («الملك سلمان» → «سلمان بن عبدالعزيز»); a bare first name («محمد», «ميلانيا»)
//!   joins no full name, and places and organizations never join a longer name («كوريا» is not
//!   «كوريا الشمالية»);
//! - or a title that stands for one person in its country and time ([`Aliases`],
//!   `data/fusion/aliases.toml`): «خادم الحرمين الشريفين» is the Saudi king, «ولي العهد» in a
//!   Saudi article of 2018 Mohammed bin Salman.
//!
//! Near names join by complete linkage (every name of one group fits every name of the other), so
//! that single links do not chain different people into one.

use std::collections::HashMap;
use std::sync::OnceLock;

use rasd_actors::{ActorKb, ActorKind};
use rasd_ner::entities::phonetic_key;
use rasd_ner::gazetteer::{GazType, Gazetteer, match_variants, token_key};
use serde::{Deserialize, Serialize};

use crate::{ArticleRecord, EntityRecord, phrase_key};

/// One entity of the whole collection.
#[derive(Clone, Debug, Serialize)]
pub struct CanonicalEntity {
    /// Identifier, `c1`, `c2` … in order of first appearance.
    pub id: String,
    /// Type.
    #[serde(rename = "type")]
    pub ty: String,
    /// The full name written most often.
    pub name: String,
    /// English name, when known.
    pub name_en: Option<String>,
    /// CAMEO actor code, when known.
    pub actor: Option<String>,
    /// Every spelling seen, most frequent first.
    pub aliases: Vec<String>,
    /// The articles naming it (ids).
    pub articles: Vec<u32>,
}

/// The canonical entities and which one each article entity is.
#[derive(Clone, Debug)]
pub struct Resolution {
    /// Canonical entities.
    pub entities: Vec<CanonicalEntity>,
    /// For the article at each position of the input, the canonical index of each entity.
    by_article: Vec<Vec<usize>>,
}

impl Resolution {
    /// A resolution decided before: `entities`, and for each article the index in `entities` of
    /// each of its entities (`None`: none). For going on from a stored one.
    pub fn assigned(entities: Vec<CanonicalEntity>, by_article: Vec<Vec<Option<usize>>>) -> Self {
        Resolution {
            entities,
            by_article: by_article
                .into_iter()
                .map(|v| v.into_iter().map(|c| c.unwrap_or(usize::MAX)).collect())
                .collect(),
        }
    }

    /// The canonical entity (index into `entities`) of entity `entity` of the article at
    /// position `article` of the input.
    pub fn of(&self, article: usize, entity: usize) -> Option<usize> {
        self.by_article
            .get(article)?
            .get(entity)
            .copied()
            .filter(|&c| c != usize::MAX)
    }
}

// ---------------------------------------------------------------------------------------------
// Titles and honorifics.

/// The holder of an office over a span of time.
#[derive(Clone, Debug, Deserialize)]
pub struct Holder {
    /// The holder's name as Arabic news writes it in full.
    pub name: String,
    /// English name, as the knowledge base has it.
    #[serde(default)]
    pub name_en: Option<String>,
    /// First day (YYYY-MM-DD), inclusive.
    #[serde(default)]
    pub from: Option<String>,
    /// Last day, exclusive.
    #[serde(default)]
    pub until: Option<String>,
}

#[derive(Deserialize)]
struct AliasesFile {
    #[serde(default)]
    honorifics: Vec<String>,
    #[serde(default)]
    first_name_honorifics: Vec<String>,
    #[serde(default)]
    office: Vec<OfficeFile>,
}

#[derive(Deserialize)]
struct OfficeFile {
    country: String,
    #[serde(default)]
    titles: Vec<String>,
    #[serde(default)]
    context_titles: Vec<String>,
    holders: Vec<Holder>,
}

/// Titles standing for one person (an office of a country, its holders over time) and the
/// honorifics written before names: `data/fusion/aliases.toml`.
#[derive(Debug, Default)]
pub struct Aliases {
    /// Honorifics as word keys, longest first, and whether they stand before a first name.
    honorifics: Vec<(Vec<String>, bool)>,
    /// Title key → (office, whether it needs the article's country).
    titles: HashMap<String, Vec<(usize, bool)>>,
    /// (country, holders) of each office.
    offices: Vec<(String, Vec<Holder>)>,
}

const BUNDLED_ALIASES: &str = include_str!("../../../data/fusion/aliases.toml");

impl Aliases {
    /// The aliases shipped with rasd.
    pub fn bundled() -> &'static Aliases {
        static A: OnceLock<Aliases> = OnceLock::new();
        A.get_or_init(|| Aliases::from_toml(BUNDLED_ALIASES).expect("bundled aliases are valid"))
    }

    /// Parse the TOML form (`data/fusion/aliases.toml` describes it).
    ///
    /// # Errors
    /// The TOML's error when it is malformed, or a holder's date that is not YYYY-MM-DD.
    pub fn from_toml(text: &str) -> Result<Aliases, String> {
        let file: AliasesFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut honorifics: Vec<(Vec<String>, bool)> = file
            .honorifics
            .iter()
            .map(|h| (h, false))
            .chain(file.first_name_honorifics.iter().map(|h| (h, true)))
            .map(|(h, first)| (phrase_key(h).split(' ').map(str::to_owned).collect(), first))
            .filter(|(h, _): &(Vec<String>, bool)| !h.is_empty() && !h[0].is_empty())
            .collect();
        honorifics.sort_by_key(|h| std::cmp::Reverse(h.0.len()));
        let mut titles: HashMap<String, Vec<(usize, bool)>> = HashMap::new();
        let mut offices = Vec::new();
        for (i, o) in file.office.into_iter().enumerate() {
            for h in &o.holders {
                for d in [&h.from, &h.until].into_iter().flatten() {
                    if d.len() != 10 || d.as_bytes()[4] != b'-' || d.as_bytes()[7] != b'-' {
                        return Err(format!("{}: date {d:?} is not YYYY-MM-DD", h.name));
                    }
                }
            }
            for (list, context) in [(&o.titles, false), (&o.context_titles, true)] {
                for t in list {
                    titles.entry(phrase_key(t)).or_default().push((i, context));
                }
            }
            offices.push((o.country, o.holders));
        }
        Ok(Aliases {
            honorifics,
            titles,
            offices,
        })
    }

    /// How many leading words of `words` are honorifics, and whether one of them stands before
    /// a first name («الملك», «الأمير»; not «الرئيس», «الدكتور»).
    fn honorific_words(&self, words: &[&str]) -> (usize, bool) {
        let mut n = 0;
        let mut first_name = false;
        'outer: while n < words.len() {
            for (h, first) in &self.honorifics {
                if words.len() >= n + h.len()
                    && words[n..n + h.len()].iter().zip(h).all(|(a, b)| a == b)
                {
                    n += h.len();
                    first_name |= first;
                    continue 'outer;
                }
            }
            break;
        }
        (n, first_name)
    }

    /// The person a title names in an article about `countries` (country codes, most named
    /// first) published on `date`.
    fn holder(&self, key: &str, countries: &[String], date: Option<&str>) -> Option<&Holder> {
        let offices = self.titles.get(key)?;
        let office = offices
            .iter()
            .filter(|(_, context)| !context)
            .map(|(o, _)| *o)
            .next()
            .or_else(|| {
                // A title that needs context: the office of the country the article names most.
                countries.iter().find_map(|c| {
                    offices
                        .iter()
                        .find(|(o, context)| *context && self.offices[*o].0 == *c)
                        .map(|(o, _)| *o)
                })
            })?;
        self.offices[office].1.iter().find(|h| match date {
            Some(d) => {
                h.from.as_deref().is_none_or(|f| f <= d) && h.until.as_deref().is_none_or(|u| d < u)
            }
            None => h.until.is_none(),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Words.

/// The consonant class of a letter (as [`phonetic_key`] groups them), or `None` for a letter
/// that is a long vowel or a hamza seat.
fn class(c: char) -> Option<char> {
    Some(match c {
        'غ' | 'ج' | 'ق' | 'ك' | 'گ' => 'G',
        'ت' | 'ط' => 'T',
        'س' | 'ص' | 'ث' => 'S',
        'ز' | 'ذ' | 'ظ' => 'Z',
        'د' | 'ض' => 'D',
        'ه' | 'ح' => 'H',
        'ف' | 'ڤ' => 'F',
        'ا' | 'و' | 'ي' | 'ى' | 'ء' | 'ة' => return None,
        other => other,
    })
}

/// A weighted edit distance of two spellings of a word: a letter written another way of its
/// class (غ/ج, ت/ط) or a long vowel added or left out costs 1; another letter, or a vowel for
/// another, 2; a letter added at the end 3 («بوتين» is not «بوتينا»).
fn spelling_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let indel = |s: &[char], i: usize| if i + 1 == s.len() && i > 0 { 3 } else { 1 };
    let mut prev: Vec<usize> = vec![0; b.len() + 1];
    for j in 0..b.len() {
        prev[j + 1] = prev[j] + indel(&b, j);
    }
    for i in 0..a.len() {
        let mut cur = vec![prev[0] + indel(&a, i); b.len() + 1];
        for j in 0..b.len() {
            let sub = if a[i] == b[j] {
                0
            } else if class(a[i]).is_some() && class(a[i]) == class(b[j]) {
                1
            } else {
                2
            };
            cur[j + 1] = (prev[j] + sub)
                .min(prev[j + 1] + indel(&a, i))
                .min(cur[j] + indel(&b, j));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Edit distance of two short strings (by characters).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// One word written two ways? Transliteration keys equal or one letter apart (not in the first
/// letter), and spellings within a distance that grows with the word: 1 up to five letters, 2
/// beyond, and only in words of four letters or more. The key alone is too loose for Arabic names: it drops long vowels and joins ص/س, so
/// «صعدة» and «سعودية», «جمال» and «جميل», «العاصمي» and «العثيم» share keys. Two different
/// given names of the gazetteer are two names however close («محمد»/«محمود», «سلمان»/«سليمان»).
pub fn same_word(a: &str, b: &str) -> bool {
    same_word_of(a, b, 4)
}

/// [`same_word`] with words of `shortest` letters or more told apart by spelling: three in a full
/// name, whose other words back it («مايك بنس» = «مايك بينس»), four alone.
fn same_word_of(a: &str, b: &str, shortest: usize) -> bool {
    if a == b {
        return true;
    }
    if given_name(a) && given_name(b) {
        return false;
    }
    // Short words differ by any letter: «أوس» is not «آس», «عون» not «عين».
    if a.chars().count().min(b.chars().count()) < shortest {
        return false;
    }
    let (ka, kb) = (phonetic_key(a), phonetic_key(b));
    let longest = a.chars().count().max(b.chars().count());
    let tolerance = if longest <= 5 { 1 } else { 2 };
    ka.chars().next() == kb.chars().next()
        && distance(&ka, &kb) <= 1
        && spelling_distance(a, b) <= tolerance
}

/// Is the word an Arabic given name of the gazetteer?
fn given_name(word: &str) -> bool {
    Gazetteer::bundled().types_of(word) & (1 << GazType::FirstName as u16) != 0
}

/// Words after which the next word is a father's name: «محمد بن سلمان».
const PATRONYMIC: [&str; 3] = ["بن", "ابن", "بنت"];

/// Words that tell two namesakes of one family apart: «دونالد ترامب جونيور».
const GENERATION: [&str; 9] = [
    "جونيور",
    "ابن",
    "اب",
    "ثاني",
    "ثالث",
    "رابع",
    "اول",
    "اصغر",
    "اكبر",
];

/// The words of a name for comparison: Search-level, without the article ال, compounds written
/// together («عبد العزيز» and «عبدالعزيز» are «عبدعزيز»; «نصر الله» and «نصرالله» «نصرله»).
pub fn name_words(name: &str) -> Vec<String> {
    words_of(&phrase_key(name).split(' ').collect::<Vec<_>>())
}

fn words_of(words: &[&str]) -> Vec<String> {
    let bare: Vec<String> = words
        .iter()
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = match w.strip_prefix("عبدال") {
                Some(rest) if rest.chars().count() >= 2 => format!("عبد{rest}"),
                _ => (*w).to_owned(),
            };
            let w = match w.strip_suffix("الله") {
                Some(rest) if !rest.is_empty() => format!("{rest}له"),
                _ => w,
            };
            w.strip_prefix("ال")
                .filter(|r| r.chars().count() >= 2)
                .map_or(w.clone(), str::to_owned)
        })
        .collect();
    let mut out: Vec<String> = Vec::with_capacity(bare.len());
    let mut i = 0;
    while i < bare.len() {
        let w = &bare[i];
        if matches!(w.as_str(), "عبد" | "ابو" | "ابي") && i + 1 < bare.len() {
            out.push(format!("{w}{}", bare[i + 1]));
            i += 2;
        } else if w == "له" && !out.is_empty() {
            let last = out.pop().expect("not empty");
            out.push(format!("{last}له"));
            i += 1;
        } else {
            out.push(w.clone());
            i += 1;
        }
    }
    out
}

/// The transliteration-tolerant keys of a name's words, without the article.
pub fn name_keys(name: &str) -> Vec<String> {
    name_words(name).iter().map(|w| phonetic_key(w)).collect()
}

/// Two full names that may be one referent's: as many words, each the same word
/// ([`same_word`]), at most one of them a key apart.
fn near_names(a: &Prep, b: &Prep) -> bool {
    !a.known_apart(b)
        && a.words.len() == b.words.len()
        && a.keys.iter().zip(&b.keys).filter(|(x, y)| x != y).count() <= 1
        && a.words
            .iter()
            .zip(&b.words)
            .all(|(x, y)| same_word_of(x, y, 3))
}

// ---------------------------------------------------------------------------------------------
// English names of the knowledge base.

/// Is `name_en` the English name of `name` itself (the gazetteer's place, or a named actor or
/// country of the knowledge base), rather than of another mention grouped with it or of a
/// descriptor («Saudi government»)?
fn own_english_name(e: &EntityRecord) -> bool {
    let Some(en) = &e.name_en else { return false };
    let words: Vec<String> = e.name.split_whitespace().map(token_key).collect();
    if let Some(first) = words.first() {
        let gaz = Gazetteer::bundled();
        for v in match_variants(first) {
            let phrase = std::iter::once(v)
                .chain(words[1..].iter().cloned())
                .collect::<Vec<_>>()
                .join(" ");
            if gaz
                .info(&phrase, GazType::Loc)
                .and_then(|i| i.english.as_ref())
                == Some(en)
            {
                return true;
            }
        }
    }
    let kb = ActorKb::bundled();
    let found = kb.find(&e.name);
    !found.is_empty()
        && found
            .iter()
            .all(|m| matches!(m.kind, ActorKind::Named | ActorKind::Country))
        && kb.lookup(&e.name).and_then(|a| a.name_en).as_ref() == Some(en)
}

// ---------------------------------------------------------------------------------------------
// Resolution.

/// What resolution compares of one article entity.
struct Prep {
    /// Words ([`name_words`]), honorifics off.
    words: Vec<String>,
    /// Their transliteration keys.
    keys: Vec<String>,
    /// An honorific stood before a one-word name («الملك سلمان»): a first name.
    titled: bool,
    /// A one-word name written with the article ال («الإبل» is not «آبل»).
    article: bool,
    /// The English name that is the name's own, lower-cased.
    en: Option<String>,
    /// As written.
    en_display: Option<String>,
}

impl Prep {
    /// Names the knowledge base knows as two different things («المنيا» Minya, «المانيا»
    /// Germany).
    fn known_apart(&self, other: &Prep) -> bool {
        matches!((&self.en, &other.en), (Some(a), Some(b)) if a != b)
    }
}

fn prepare(
    e: &EntityRecord,
    countries: &[String],
    date: Option<&str>,
    aliases: &Aliases,
    own_en: &mut HashMap<(String, String), bool>,
) -> Prep {
    let key = phrase_key(&e.name);
    let raw: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    let (skip, first_name) = aliases.honorific_words(&raw);
    let bare = raw[skip.min(raw.len())..].join(" ");
    let holder = (e.ty == "PER")
        .then(|| {
            aliases
                .holder(&key, countries, date)
                .or_else(|| aliases.holder(&bare, countries, date))
        })
        .flatten();
    if let Some(h) = holder {
        let words = name_words(&h.name);
        return Prep {
            keys: words.iter().map(|w| phonetic_key(w)).collect(),
            words,
            titled: false,
            article: false,
            en: h.name_en.as_ref().map(|n| n.to_lowercase()),
            en_display: h.name_en.clone(),
        };
    }
    let (words, titled) = if skip > 0 && skip < raw.len() {
        (words_of(&raw[skip..]), first_name)
    } else {
        (words_of(&raw), false)
    };
    let own = e.name_en.as_ref().is_some_and(|en| {
        *own_en
            .entry((e.name.clone(), en.clone()))
            .or_insert_with(|| own_english_name(e))
    });
    Prep {
        keys: words.iter().map(|w| phonetic_key(w)).collect(),
        titled: titled && words.len() == 1,
        article: words.len() == 1 && raw.get(skip).is_some_and(|w| w.starts_with("ال")),
        words,
        en: own
            .then(|| e.name_en.as_ref().map(|n| n.to_lowercase()))
            .flatten(),
        en_display: own.then(|| e.name_en.clone()).flatten(),
    }
}

/// The countries an article names, most named first: its entities' actor codes (a country's
/// code, or the country of a person's or organization's code).
fn countries_of(article: &ArticleRecord) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for e in &article.entities {
        if let Some(code) = &e.actor
            && code.len() >= 3
            && code.is_char_boundary(3)
            && code[..3].chars().all(|c| c.is_ascii_uppercase())
        {
            *counts.entry(&code[..3]).or_default() += e.mentions.max(1);
        }
    }
    let mut v: Vec<(&str, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.into_iter().map(|(c, _)| c.to_owned()).collect()
}

/// Disjoint sets.
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

/// Blocks of names larger than this (a very common first name) are not compared pairwise.
const MAX_BLOCK: usize = 400;

/// Pairs of full names compared before two groups of names join; larger groups stay apart.
const MAX_LINKAGE: usize = 256;

/// Resolve the entities of a collection of articles with the bundled [`Aliases`].
pub fn resolve(articles: &[ArticleRecord]) -> Resolution {
    resolve_with(articles, Aliases::bundled())
}

/// Resolve the entities of a collection of articles.
pub fn resolve_with(articles: &[ArticleRecord], aliases: &Aliases) -> Resolution {
    // Every article entity, flattened.
    let mut flat: Vec<(usize, usize)> = Vec::new();
    for (a, art) in articles.iter().enumerate() {
        for e in 0..art.entities.len() {
            flat.push((a, e));
        }
    }
    let entity = |k: usize| &articles[flat[k].0].entities[flat[k].1];
    let mut own_en = HashMap::new();
    let preps: Vec<Prep> = {
        let mut out = Vec::with_capacity(flat.len());
        for art in articles {
            let countries = countries_of(art);
            let date = art.published.as_deref().map(|d| d.get(..10).unwrap_or(d));
            for e in &art.entities {
                out.push(prepare(e, &countries, date, aliases, &mut own_en));
            }
        }
        out
    };
    let ty = |k: usize| entity(k).ty.as_str();
    let mut sets = Sets((0..flat.len()).collect());
    // Same type and the same English name, the name's own.
    let mut by_en: HashMap<(&str, &str), usize> = HashMap::new();
    for (k, p) in preps.iter().enumerate() {
        if let Some(en) = &p.en {
            match by_en.get(&(ty(k), en.as_str())) {
                Some(&first) => sets.union(first, k),
                None => {
                    by_en.insert((ty(k), en.as_str()), k);
                }
            }
        }
    }
    // Full names: the same words join at once; near ones are compared within blocks that share
    // the first or the last word's key (a name with both ends misspelt is not caught), so the
    // work stays near linear in the number of distinct names.
    let mut distinct: HashMap<(&str, &[String]), usize> = HashMap::new();
    for (k, p) in preps.iter().enumerate() {
        if p.words.len() >= 2 {
            match distinct.get(&(ty(k), p.words.as_slice())) {
                Some(&d) => sets.union(d, k),
                None => {
                    distinct.insert((ty(k), p.words.as_slice()), k);
                }
            }
        }
    }
    let mut blocks: HashMap<(&str, usize, usize, &str), Vec<usize>> = HashMap::new();
    for (&(t, words), &k) in &distinct {
        for end in [0, words.len() - 1] {
            blocks
                .entry((t, words.len(), end, preps[k].keys[end].as_str()))
                .or_default()
                .push(k);
        }
    }
    // Near names join by complete linkage: two groups join only when every full name of one
    // fits every full name of the other. Single links would chain (محمد صالح ~ أحمد صالح ~
    // أحمد صلاح ~ …) until thousands of people are one.
    let mut group_keys: HashMap<usize, Vec<usize>> = HashMap::new();
    for &k in distinct.values() {
        group_keys.entry(sets.find(k)).or_default().push(k);
    }
    let mut block_list: Vec<&Vec<usize>> = blocks.values().collect();
    // A fixed order: the result must not depend on the hash map's.
    block_list.sort_by_key(|m| m.iter().min().copied());
    for members in block_list {
        if members.len() > MAX_BLOCK {
            continue;
        }
        let mut members = members.clone();
        members.sort_unstable();
        for (i, &x) in members.iter().enumerate() {
            for &y in &members[i + 1..] {
                if !near_names(&preps[x], &preps[y]) {
                    continue;
                }
                let (rx, ry) = (sets.find(x), sets.find(y));
                if rx == ry {
                    continue;
                }
                let (gx, gy) = (&group_keys[&rx], &group_keys[&ry]);
                let all_fit = gx.len() * gy.len() <= MAX_LINKAGE
                    && gx
                        .iter()
                        .all(|&a| gy.iter().all(|&b| near_names(&preps[a], &preps[b])));
                if !all_fit {
                    continue;
                }
                sets.union(rx, ry);
                let root = sets.find(rx);
                let mut joined = group_keys.remove(&rx).unwrap_or_default();
                joined.extend(group_keys.remove(&ry).unwrap_or_default());
                group_keys.insert(root, joined);
            }
        }
    }
    // A person's longer name joins the longest name of three words or more it begins with
    // («محمد بن سلمان بن عبدالعزيز آل سعود» → «محمد بن سلمان بن عبدالعزيز»), or of two words
    // when that one is a known person («عبدالله الثاني بن الحسين» → «عبدالله الثاني»), unless
    // the rest tells a namesake apart («دونالد ترامب جونيور»).
    let mut longer: Vec<(&[String], usize)> = distinct
        .iter()
        .filter(|((t, w), _)| *t == "PER" && w.len() >= 3)
        .map(|(&(_, w), &k)| (w, k))
        .collect();
    longer.sort_by_key(|&(_, k)| k);
    // Each longer name's candidate: the longest name it begins with.
    let mut extends: Vec<(usize, usize, usize)> = Vec::new();
    for &(words, k) in &longer {
        if words[2..].iter().any(|w| GENERATION.contains(&w.as_str())) {
            continue;
        }
        for n in (2..words.len()).rev() {
            let Some(&d) = distinct.get(&("PER", &words[..n])) else {
                continue;
            };
            let known = preps[d].en.is_some();
            if (n == 2 && !known) || preps[d].known_apart(&preps[k]) {
                break;
            }
            extends.push((d, k, n));
            break;
        }
    }
    // A name that longer names continue in different ways is several people's («محمد بن
    // عبدالله العقيبي», «محمد بن عبدالله المرعول»): it joins none of them, unless the knowledge
    // base knows it as one person, or one way is three quarters of the longer names written
    // («محمد بن نايف بن عبدالعزيز» beside a stray «محمد بن نايف للمناصحة»).
    let mut written: HashMap<&[String], usize> = HashMap::new();
    for (k, p) in preps.iter().enumerate() {
        if ty(k) == "PER" {
            *written.entry(p.words.as_slice()).or_default() += 1;
        }
    }
    let mut continuations: HashMap<usize, Vec<(&str, usize)>> = HashMap::new();
    for &(d, k, n) in &extends {
        let next = preps[k].words[n].as_str();
        let times = written[preps[k].words.as_slice()];
        let v = continuations.entry(d).or_default();
        match v.iter_mut().find(|(w, _)| *w == next) {
            Some(c) => c.1 += times,
            None => v.push((next, times)),
        }
    }
    for (d, k, n) in extends {
        let ways = &continuations[&d];
        let next = preps[k].words[n].as_str();
        let total: usize = ways.iter().map(|w| w.1).sum();
        let dominant = ways
            .iter()
            .max_by_key(|w| (w.1, std::cmp::Reverse(w.0)))
            .filter(|w| w.1 >= 2 && w.1 * 4 >= total * 3)
            .map(|w| w.0);
        if preps[d].en.is_some() || ways.len() == 1 || dominant == Some(next) {
            sets.union(d, k);
        }
    }
    // A person's one-word name joins the one full name it fits: as its surname (the last word,
    // unless that is a father's name after بن or a generation «الثاني»), or as its first name
    // after an honorific («الملك سلمان»). Places and organizations are not joined this way:
    // «كوريا» is not «كوريا الشمالية»; their variants join by English name.
    let mut last_of: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut first_of: HashMap<&str, Vec<usize>> = HashMap::new();
    // One record per distinct full name and English name: a full name's records are one group.
    let mut seen_full: std::collections::HashSet<(&[String], Option<&str>)> =
        std::collections::HashSet::new();
    for (k, p) in preps.iter().enumerate() {
        let n = p.words.len();
        if n < 2 || ty(k) != "PER" || !seen_full.insert((p.words.as_slice(), p.en.as_deref())) {
            continue;
        }
        first_of.entry(p.keys[0].as_str()).or_default().push(k);
        if !PATRONYMIC.contains(&p.words[n - 2].as_str())
            && !GENERATION.contains(&p.words[n - 1].as_str())
        {
            last_of.entry(p.keys[n - 1].as_str()).or_default().push(k);
        }
    }
    let mut singles: HashMap<(&str, &str), Vec<Vec<usize>>> = HashMap::new();
    for (k, p) in preps.iter().enumerate() {
        if p.words.len() != 1 {
            continue;
        }
        let word = &p.words[0];
        if ty(k) == "PER" {
            let index = if p.titled { &first_of } else { &last_of };
            let mut roots: Vec<usize> = Vec::new();
            for &f in index.get(p.keys[0].as_str()).map_or(&[][..], Vec::as_slice) {
                let pf = &preps[f];
                let at = if p.titled { 0 } else { pf.words.len() - 1 };
                // A name the knowledge base knows joins only the full names it knows as the same
                // («ترامب» is Donald Trump, not «إيفانكا ترامب»).
                let en_fits = match (&p.en, &pf.en) {
                    (Some(a), b) => b.as_ref() == Some(a),
                    (None, _) => true,
                };
                if en_fits && same_word(word, &pf.words[at]) {
                    let r = sets.find(f);
                    if !roots.contains(&r) {
                        roots.push(r);
                    }
                }
            }
            if let [one] = roots[..] {
                sets.union(one, k);
                continue;
            }
        }
        // Else the same one-word name elsewhere: written alike, or near by complete linkage
        // (each group keeps one member per distinct spelling).
        let groups = singles.entry((ty(k), p.keys[0].as_str())).or_default();
        let fits = |m: usize| {
            preps[m].article == p.article
                && !preps[m].known_apart(p)
                && same_word(word, &preps[m].words[0])
        };
        match groups.iter_mut().find(|g| g.iter().all(|&m| fits(m))) {
            Some(g) => {
                sets.union(g[0], k);
                let seen = g.iter().any(|&m| {
                    preps[m].words == p.words
                        && preps[m].article == p.article
                        && preps[m].en == p.en
                });
                if !seen {
                    g.push(k);
                }
            }
            None => groups.push(vec![k]),
        }
    }
    // Canonical entities, in order of first appearance.
    let mut index: HashMap<usize, usize> = HashMap::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for k in 0..flat.len() {
        let root = sets.find(k);
        let c = *index.entry(root).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[c].push(k);
    }
    let mut by_article: Vec<Vec<usize>> =
        articles.iter().map(|a| vec![0; a.entities.len()]).collect();
    let mut entities = Vec::with_capacity(members.len());
    for (c, ms) in members.iter().enumerate() {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for &k in ms {
            by_article[flat[k].0][flat[k].1] = c;
            for a in &entity(k).aliases {
                *counts.entry(a.as_str()).or_default() += 1;
            }
            *counts.entry(entity(k).name.as_str()).or_default() += 1;
        }
        let mut aliases: Vec<(&str, usize)> = counts.into_iter().collect();
        aliases.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then(b.0.len().cmp(&a.0.len()))
                .then(a.0.cmp(b.0))
        });
        // The name: the most frequent full name (two words or more: «دونالد ترامب» rather than
        // a rare «دونالد جيه ترامب» or a bare «ترامب») unless it is rare beside the most written
        // name (a wrongly joined «سان بطرسبورغ» does not name «روسيا»); else the most written.
        let count_of = |n: &str| aliases.iter().find(|a| a.0 == n).map_or(0, |a| a.1);
        let full = ms
            .iter()
            .map(|&k| entity(k))
            .filter(|e| name_keys(&e.name).len() >= 2)
            .map(|e| e.name.as_str())
            .enumerate()
            // Most written; of equals, the first seen.
            .max_by_key(|(i, n)| (count_of(n), std::cmp::Reverse(*i)))
            .map(|(_, n)| n);
        let top = aliases[0];
        let name = match full {
            Some(n) if count_of(n) * 10 >= top.1 => n,
            _ => top.0,
        }
        .to_owned();
        let first =
            |f: &dyn Fn(&EntityRecord) -> Option<String>| ms.iter().find_map(|&k| f(entity(k)));
        let mut arts: Vec<u32> = ms.iter().map(|&k| articles[flat[k].0].id).collect();
        arts.sort_unstable();
        arts.dedup();
        entities.push(CanonicalEntity {
            // Its first mention's article and position name it: the same id after articles
            // are added (article ids only grow), unless the group splits or merges.
            id: format!(
                "c{}",
                ms.iter()
                    .map(|&k| crate::stable_number(articles[flat[k].0].id, flat[k].1))
                    .min()
                    .unwrap_or(0)
            ),
            ty: entity(ms[0]).ty.clone(),
            name,
            // The English name that is a name's own: one an article took from another mention
            // («Russia» for «ماركو رويس») is not the entity's.
            name_en: ms.iter().find_map(|&k| preps[k].en_display.clone()),
            actor: first(&|e| e.actor.clone()),
            aliases: aliases.into_iter().map(|a| a.0.to_owned()).collect(),
            articles: arts,
        });
    }
    Resolution {
        entities,
        by_article,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EntityRecord;

    fn article(id: u32, names: &[(&str, &str)]) -> ArticleRecord {
        ArticleRecord {
            id,
            file: format!("{id}.txt"),
            outlet: None,
            published: None,
            title: None,
            lead: String::new(),
            entities: names
                .iter()
                .map(|(ty, n)| EntityRecord::new(ty, n, None))
                .collect(),
            events: Vec::new(),
            duplicate_of: None,
        }
    }

    #[test]
    fn spelling_variants_merge_and_different_people_do_not() {
        let arts = [
            article(0, &[("PER", "بارك جونغ أوك"), ("LOC", "سونغ نام")]),
            article(1, &[("PER", "بارك جونج أوك"), ("LOC", "سونج نام")]),
            article(2, &[("PER", "بارك جونغ اوك"), ("PER", "بارك إيل سونج")]),
            article(3, &[("PER", "سيرغي شويغو"), ("PER", "ترامب")]),
            article(
                4,
                &[
                    ("PER", "سيرجي شويجو"),
                    ("PER", "ترمب"),
                    ("ORG", "البنتاغون"),
                ],
            ),
            article(5, &[("ORG", "البنتاجون")]),
        ];
        let r = resolve(&arts);
        let park = r.of(0, 0).unwrap();
        assert_eq!(r.of(1, 0), Some(park));
        assert_eq!(r.of(2, 0), Some(park));
        assert_ne!(r.of(2, 1), Some(park), "the other Park is another person");
        assert_eq!(r.of(0, 1), r.of(1, 1), "Seongnam");
        assert_eq!(r.of(3, 0), r.of(4, 0), "Shoigu");
        assert_eq!(r.of(3, 1), r.of(4, 1), "Trump");
        assert_eq!(r.of(4, 2), r.of(5, 0), "the Pentagon");
        assert_eq!(r.entities[park].name, "بارك جونغ أوك");
        assert_eq!(r.entities[park].articles, [0, 1, 2]);
    }

    #[test]
    fn a_surname_joins_the_one_full_name_it_fits() {
        let arts = [
            article(0, &[("PER", "فلاديمير بوتين")]),
            article(1, &[("PER", "بوتين")]),
            article(2, &[("PER", "بارك جونغ أوك"), ("PER", "بارك إيل سونج")]),
            article(3, &[("PER", "بارك")]),
        ];
        let r = resolve(&arts);
        assert_eq!(r.of(0, 0), r.of(1, 0));
        // «بارك» fits two full names: it stays apart.
        assert_ne!(r.of(3, 0), r.of(2, 0));
        assert_ne!(r.of(3, 0), r.of(2, 1));
    }

    #[test]
    fn english_names_join_spellings() {
        let mut a = article(0, &[("PER", "فلاديمير بوتين")]);
        a.entities[0].name_en = Some("Vladimir Putin".into());
        let mut b = article(1, &[("PER", "فلاديمير بوتن")]);
        b.entities[0].name_en = Some("Vladimir Putin".into());
        let r = resolve(&[a, b]);
        assert_eq!(r.entities.len(), 1);
        assert_eq!(r.entities[0].aliases.len(), 2);
    }

    #[test]
    fn near_names_do_not_chain() {
        // بيونغ ~ بيونج ~ بونج, but بيونغ and بونج are two changes apart: complete linkage keeps
        // the third name out rather than chaining all three into one person.
        let arts = vec![
            article(0, &[("PER", "بيونغ حداد")]),
            article(1, &[("PER", "بيونج حداد")]),
            article(2, &[("PER", "بونج حداد")]),
            article(3, &[("PER", "محمد ناصر"), ("PER", "أحمد ناصر")]),
        ];
        let r = resolve(&arts);
        let c = |a: usize, e: usize| r.of(a, e).unwrap();
        assert_ne!(c(0, 0), c(2, 0));
        assert!(c(1, 0) == c(0, 0) || c(1, 0) == c(2, 0));
        assert_ne!(c(3, 0), c(3, 1), "a first letter apart: two people");
    }

    #[test]
    fn short_one_word_names_join_by_spelling() {
        let arts = [
            article(0, &[("LOC", "روسيا"), ("LOC", "باريس")]),
            article(1, &[("LOC", "الرس"), ("LOC", "بوروسيا")]),
            article(2, &[("LOC", "روسيا"), ("PER", "صالح")]),
            article(3, &[("PER", "صلاح")]),
            article(4, &[("LOC", "كوريا الشمالية"), ("LOC", "كوريا")]),
        ];
        let r = resolve(&arts);
        assert_eq!(r.of(0, 0), r.of(2, 0), "the same spelling");
        assert_ne!(r.of(0, 0), r.of(1, 0), "روسيا is not الرس");
        assert_ne!(r.of(0, 1), r.of(1, 1), "باريس is not بوروسيا");
        assert_ne!(r.of(2, 1), r.of(3, 0), "صالح is not صلاح");
        assert_ne!(
            r.of(4, 0),
            r.of(4, 1),
            "a place is not joined to a longer one"
        );
    }

    #[test]
    fn types_stay_apart() {
        let r = resolve(&[article(0, &[("PER", "جورج واشنطن"), ("LOC", "واشنطن")])]);
        assert_eq!(r.entities.len(), 2);
    }

    #[test]
    fn close_spellings_of_arabic_names_stay_apart() {
        let arts = [
            article(
                0,
                &[
                    ("LOC", "صعدة"),
                    ("PER", "هشام جمال"),
                    ("PER", "كمال العاصمي"),
                ],
            ),
            article(
                1,
                &[
                    ("LOC", "السعودية"),
                    ("PER", "هشام جميل"),
                    ("PER", "كمال العثيم"),
                ],
            ),
            article(2, &[("PER", "محمود ربيع"), ("ORG", "آس"), ("ORG", "الإبل")]),
            article(3, &[("PER", "محمد ربيع"), ("ORG", "أوس"), ("ORG", "آبل")]),
            article(4, &[("PER", "فالنتينو روسي"), ("PER", "فلانتينو روسي")]),
        ];
        let r = resolve(&arts);
        for e in 0..3 {
            assert_ne!(r.of(0, e), r.of(1, e), "entity {e}");
            assert_ne!(r.of(2, e), r.of(3, e), "entity {e}");
        }
        assert_eq!(r.of(4, 0), r.of(4, 1), "a foreign name's vowels");
    }

    #[test]
    fn an_english_name_from_another_mention_joins_nothing() {
        // The article stage gave these the English name of a mention grouped with them.
        let mut a = article(0, &[("PER", "سامي كرم"), ("LOC", "فالنسيا")]);
        a.entities[0].name_en = Some("Vladimir Putin".into());
        a.entities[1].name_en = Some("Russia".into());
        a.entities[1].actor = Some("RUS".into());
        let mut b = article(1, &[("PER", "فلاديمير بوتين"), ("LOC", "روسيا")]);
        b.entities[0].name_en = Some("Vladimir Putin".into());
        b.entities[1].name_en = Some("Russia".into());
        b.entities[1].actor = Some("RUS".into());
        let mut c = article(2, &[("PER", "بوتين"), ("PER", "ناديا بوتين")]);
        c.entities[0].name_en = Some("Vladimir Putin".into());
        let r = resolve(&[a, b, c]);
        assert_ne!(r.of(0, 0), r.of(1, 0));
        assert_ne!(r.of(0, 1), r.of(1, 1), "a city is not its country");
        assert_eq!(r.of(2, 0), r.of(1, 0), "the knowledge base's Putin");
        assert_ne!(r.of(2, 1), r.of(1, 0), "another Putin");
        assert_eq!(r.entities[r.of(0, 0).unwrap()].name_en, None);
    }

    #[test]
    fn a_person_is_never_a_place_with_his_code() {
        let a = article(0, &[("PER", "فريد الناصر")]);
        let mut a = a;
        a.entities[0].actor = Some("ABCGOV".into());
        let mut b = article(1, &[("LOC", "الناصر")]);
        b.entities[0].actor = Some("ABC".into());
        let r = resolve(&[a, b]);
        assert_ne!(r.of(0, 0), r.of(1, 0));
    }

    #[test]
    fn first_names_and_fathers_names_join_no_full_name() {
        let arts = [
            article(0, &[("PER", "هاني بن راشد")]),
            article(1, &[("PER", "هاني"), ("PER", "راشد")]),
            article(2, &[("PER", "الأمير هاني"), ("PER", "جورجينا ماكفي")]),
            article(3, &[("PER", "جورجينا"), ("PER", "ماكفي")]),
            article(4, &[("PER", "الرئيس ماكفي")]),
        ];
        let r = resolve(&arts);
        assert_ne!(r.of(1, 0), r.of(0, 0), "a bare first name");
        assert_ne!(r.of(1, 1), r.of(0, 0), "a father's name");
        assert_eq!(r.of(2, 0), r.of(0, 0), "a first name after an honorific");
        assert_ne!(r.of(3, 0), r.of(2, 1));
        assert_eq!(r.of(3, 1), r.of(2, 1), "a surname");
        assert_eq!(r.of(4, 0), r.of(2, 1), "a surname after a title");
    }

    #[test]
    fn longer_names_join_the_name_they_begin_with_unless_it_is_several_peoples() {
        let arts = [
            article(0, &[("PER", "خالد بن فهد"), ("PER", "علي بن حسن")]),
            article(1, &[("PER", "خالد بن فهد بن عبد الرحمن")]),
            article(2, &[("PER", "خالد بن فهد بن عبدالرحمن آل مرزوق")]),
            article(
                3,
                &[
                    ("PER", "علي بن حسن الشمراني"),
                    ("PER", "علي بن حسن الزهراني"),
                ],
            ),
            article(4, &[("PER", "خالد بن فهد جونيور")]),
        ];
        let r = resolve(&arts);
        assert_eq!(r.of(0, 0), r.of(1, 0));
        assert_eq!(r.of(0, 0), r.of(2, 0));
        assert_ne!(r.of(0, 1), r.of(3, 0), "two people continue «علي بن حسن»");
        assert_ne!(r.of(0, 1), r.of(3, 1));
        assert_ne!(r.of(3, 0), r.of(3, 1));
        assert_ne!(r.of(0, 0), r.of(4, 0), "a namesake");
    }

    #[test]
    fn titles_name_the_holder_of_the_article_country_and_date() {
        let aliases = Aliases::from_toml(
            r#"
first_name_honorifics = ["الأمير"]
[[office]]
country = "ATL"
titles = ["حارس البوابة الأطلسية"]
context_titles = ["حارس البوابة"]
holders = [
  { name = "سمير نادر", until = "2020-01-01" },
  { name = "كمال ناصر", from = "2020-01-01" },
]
[[office]]
country = "PAC"
context_titles = ["حارس البوابة"]
holders = [{ name = "رؤوف عادل" }]
"#,
        )
        .unwrap();
        let dated = |id: u32, date: &str, names: &[(&str, &str)], country: &str| {
            let mut a = article(id, names);
            a.published = Some(date.to_owned());
            let mut place = EntityRecord::new("LOC", "بلاد", Some(country));
            place.mentions = 3;
            a.entities.push(place);
            a
        };
        let arts = [
            dated(0, "2019-05-01", &[("PER", "حارس البوابة")], "ATL"),
            dated(1, "2021-05-01", &[("PER", "حارس البوابة")], "ATL"),
            dated(2, "2021-05-01", &[("PER", "حارس البوابة")], "PAC"),
            dated(3, "2021-05-01", &[("PER", "حارس البوابة الأطلسية")], "PAC"),
            article(
                4,
                &[
                    ("PER", "سمير نادر"),
                    ("PER", "كمال ناصر"),
                    ("PER", "رؤوف عادل"),
                ],
            ),
        ];
        let r = resolve_with(&arts, &aliases);
        assert_eq!(r.of(0, 0), r.of(4, 0), "the holder in 2019");
        assert_eq!(r.of(1, 0), r.of(4, 1), "the holder in 2021");
        assert_eq!(r.of(2, 0), r.of(4, 2), "the article's country's office");
        assert_eq!(r.of(3, 0), r.of(4, 1), "a title naming its country");
        assert!(Aliases::from_toml("[[office]]\ncountry = 1").is_err());
        assert!(!Aliases::bundled().offices.is_empty());
    }
}
