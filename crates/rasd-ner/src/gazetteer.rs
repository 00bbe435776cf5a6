//! Name lists compiled from public gazetteers, matched over token sequences.
//!
//! [`build`] compiles `../shared/data/gazetteers` (countries with ISO codes, GeoNames and
//! Wikidata cities, ANERGazet, GATE Arabic lists) into `data/ner/gazetteer.tsv`:
//! `TYPE<TAB>phrase<TAB>english<TAB>code`, phrases stored as token keys ([`token_key`]).
//! [`Gazetteer`] loads that file and marks, for each token of a sentence, the types of the
//! phrases it is part of and whether it begins them. The tagger uses the marks as features.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;
use std::sync::OnceLock;

use rasd_text::{NormLevel, normalize_str};

const GAZETTEER_TSV: &str = include_str!("../../../data/ner/gazetteer.tsv");

/// What a gazetteer phrase names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GazType {
    /// A place (country, city, region, sea…).
    Loc,
    /// An organization.
    Org,
    /// A person's full name.
    Per,
    /// A given name.
    FirstName,
    /// A family name.
    LastName,
    /// A title or role before a name (الرئيس، الشيخ، الدكتور).
    Title,
    /// A name from the PETRARCH actor dictionary (people, organizations, groups).
    Actor,
}

impl GazType {
    const ALL: [GazType; 7] = [
        GazType::Loc,
        GazType::Org,
        GazType::Per,
        GazType::FirstName,
        GazType::LastName,
        GazType::Title,
        GazType::Actor,
    ];

    fn as_str(self) -> &'static str {
        match self {
            GazType::Loc => "LOC",
            GazType::Org => "ORG",
            GazType::Per => "PER",
            GazType::FirstName => "FIRST",
            GazType::LastName => "LAST",
            GazType::Title => "TITLE",
            GazType::Actor => "ACTOR",
        }
    }

    fn parse(s: &str) -> Option<GazType> {
        GazType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// FNV-1a: phrase keys are short, and SipHash's protection is not needed for bundled data.
#[derive(Default)]
pub struct FnvHasher(u64);

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// The key of a token for matching: Search-level normalized, Latin lower-cased.
pub fn token_key(token: &str) -> String {
    let mut k = normalize_str(token, NormLevel::Search);
    k.make_ascii_lowercase();
    k
}

/// Keys a token can match a phrase under: itself, and without a leading conjunction or
/// preposition ("وروسيا" → "روسيا", "بالقاهرة" → "القاهرة", "للصين" → "الصين").
pub fn match_variants(key: &str) -> impl Iterator<Item = String> + '_ {
    let mut out = vec![key.to_owned()];
    let mut rest = key;
    for p in ['و', 'ف'] {
        if let Some(r) = rest.strip_prefix(p)
            && r.chars().count() >= 3
        {
            rest = r;
            out.push(rest.to_owned());
            break;
        }
    }
    if let Some(r) = rest.strip_prefix("لل")
        && r.chars().count() >= 2
    {
        out.push(format!("ال{r}"));
    } else {
        for p in ['ب', 'ل', 'ك'] {
            if let Some(r) = rest.strip_prefix(p)
                && r.chars().count() >= 3
            {
                out.push(r.to_owned());
                break;
            }
        }
    }
    out.into_iter()
}

/// Marks of one token: for each [`GazType`], whether the token is in a phrase of that type
/// (`inside`) and whether it begins one (`begin`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GazMarks {
    /// Bit per type: the token is part of a phrase of the type.
    pub inside: u16,
    /// Bit per type: the token begins a phrase of the type.
    pub begin: u16,
}

impl GazMarks {
    /// Feature names of the marks ("LOC-B", "ORG-I"…).
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        const NAMES: [[&str; 2]; 7] = [
            ["LOC-I", "LOC-B"],
            ["ORG-I", "ORG-B"],
            ["PER-I", "PER-B"],
            ["FIRST-I", "FIRST-B"],
            ["LAST-I", "LAST-B"],
            ["TITLE-I", "TITLE-B"],
            ["ACTOR-I", "ACTOR-B"],
        ];
        GazType::ALL
            .into_iter()
            .filter(move |t| self.inside & t.bit() != 0)
            .map(move |t| NAMES[t as usize][usize::from(self.begin & t.bit() != 0)])
    }

    /// Types only, without position ("LOC", "TITLE"…).
    pub fn types(self) -> impl Iterator<Item = &'static str> {
        GazType::ALL
            .into_iter()
            .filter(move |t| self.inside & t.bit() != 0)
            .map(GazType::as_str)
    }
}

/// An entry's English name and code (ISO 3166 alpha-3 for countries).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntryInfo {
    /// English name, when the source gives one.
    pub english: Option<String>,
    /// A code (ISO alpha-3 for countries), when the source gives one.
    pub code: Option<String>,
}

/// Compiled phrases.
#[derive(Default)]
pub struct Gazetteer {
    /// Phrase → type bits; every proper prefix of a phrase is present too, with no bits, so
    /// that matching stops as soon as no phrase can continue.
    phrases: HashMap<String, u16, BuildHasherDefault<FnvHasher>>,
    info: HashMap<(String, GazType), EntryInfo>,
    max_words: usize,
}

impl Gazetteer {
    /// The bundled gazetteer (`data/ner/gazetteer.tsv`).
    pub fn bundled() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::from_tsv(GAZETTEER_TSV))
    }

    /// Parse the TSV form (bad lines are skipped).
    pub fn from_tsv(text: &str) -> Gazetteer {
        let mut g = Gazetteer::default();
        for line in text.lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(ty), Some(phrase)) = (cols.next().and_then(GazType::parse), cols.next())
            else {
                continue;
            };
            if phrase.is_empty() {
                continue;
            }
            // Keys are stored normalized; normalizing again keeps hand-written files working.
            let normalized = phrase
                .split(' ')
                .map(token_key)
                .collect::<Vec<_>>()
                .join(" ");
            let phrase = normalized.as_str();
            g.max_words = g.max_words.max(phrase.split(' ').count());
            for (i, _) in phrase.match_indices(' ') {
                g.phrases.entry(phrase[..i].to_owned()).or_default();
            }
            *g.phrases.entry(phrase.to_owned()).or_default() |= ty.bit();
            let english = cols.next().filter(|s| !s.is_empty()).map(str::to_owned);
            let code = cols.next().filter(|s| !s.is_empty()).map(str::to_owned);
            if english.is_some() || code.is_some() {
                g.info
                    .entry((phrase.to_owned(), ty))
                    .or_insert(EntryInfo { english, code });
            }
        }
        g
    }

    /// Number of phrases.
    pub fn len(&self) -> usize {
        self.phrases.values().filter(|&&b| b != 0).count()
    }

    /// No phrases.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Types of a phrase given as token keys joined by spaces.
    pub fn types_of(&self, phrase_key: &str) -> u16 {
        self.phrases.get(phrase_key).copied().unwrap_or(0)
    }

    /// English name and code of a phrase of a type.
    pub fn info(&self, phrase_key: &str, ty: GazType) -> Option<&EntryInfo> {
        self.info.get(&(phrase_key.to_owned(), ty))
    }

    /// Marks for each token of a sentence, given the tokens' keys.
    pub fn mark<'k>(&self, keys: impl IntoIterator<Item = &'k str>, out: &mut Vec<GazMarks>) {
        let keys: Vec<&str> = keys.into_iter().collect();
        out.clear();
        out.resize(keys.len(), GazMarks::default());
        let mut phrase = String::new();
        for start in 0..keys.len() {
            for first in match_variants(keys[start]) {
                phrase.clear();
                phrase.push_str(&first);
                for len in 1..=self.max_words.min(keys.len() - start) {
                    if len > 1 {
                        phrase.push(' ');
                        phrase.push_str(keys[start + len - 1]);
                    }
                    let Some(&bits) = self.phrases.get(phrase.as_str()) else {
                        break;
                    };
                    out[start].begin |= bits;
                    for m in &mut out[start..start + len] {
                        m.inside |= bits;
                    }
                }
            }
        }
    }
}

/// Compile the gazetteers under `dir` (`../shared/data/gazetteers`) and the actor names of
/// the PETRARCH dictionary beside it (`../petrarch-arabic/actor_dict_ar_v4.txt`) into TSV lines.
pub fn build(dir: &Path) -> std::io::Result<String> {
    // One row per (type, phrase); where several sources name it, the English name and code
    // of the strongest source win (countries, then bigger cities).
    let mut rows: std::collections::BTreeMap<(GazType, String), (u64, String, String)> =
        Default::default();
    let mut add = |ty: GazType, name: &str, en: &str, code: &str, strength: u64| {
        let key = name
            .split_whitespace()
            .map(token_key)
            .collect::<Vec<_>>()
            .join(" ");
        if key.chars().count() < 2 || key.contains('\t') {
            return;
        }
        let entry = rows
            .entry((ty, key))
            .or_insert((0, String::new(), String::new()));
        if strength > entry.0 || (entry.1.is_empty() && !en.trim().is_empty()) {
            *entry = (
                strength.max(entry.0),
                en.trim().to_owned(),
                code.trim().to_owned(),
            );
        }
    };
    let read = |p: &str| std::fs::read_to_string(dir.join(p));
    // Countries: every Arabic spelling, with English name and ISO alpha-3.
    let countries = read("countries/countries_ar.tsv")?;
    let mut header: Vec<&str> = Vec::new();
    for (i, line) in countries.lines().enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        if i == 0 {
            header = cols;
            continue;
        }
        let col = |name: &str| {
            header
                .iter()
                .position(|h| *h == name)
                .and_then(|j| cols.get(j))
                .copied()
                .unwrap_or("")
        };
        for name_col in [
            "name_ar_world_countries",
            "official_ar_world_countries",
            "name_ar_cldr",
            "cldr_alt",
            "name_ar_umpirsky",
        ] {
            let name = col(name_col);
            if !name.is_empty() {
                add(GazType::Loc, name, col("name_en"), col("iso3"), u64::MAX);
            }
        }
    }
    // Cities: GeoNames names in Arabic script (with English name) and Wikidata labels.
    let cities = read("cities/geonames_cities_arabic_script.tsv")?;
    for line in cities.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 9 {
            continue;
        }
        let population: u64 = cols[4].parse().unwrap_or(0);
        for name in cols[8].split(" | ") {
            add(GazType::Loc, name, cols[1], "", population);
        }
    }
    let world = read("cities/world-cities-ar-en.csv")?;
    for line in world.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').map(|c| c.trim_matches('"')).collect();
        if cols.len() >= 5 {
            add(
                GazType::Loc,
                cols[2],
                cols[3],
                "",
                cols[4].parse().unwrap_or(0),
            );
        }
    }
    // ANERGazet and GATE lists.
    let lists: [(&str, GazType); 17] = [
        ("anergazet/AlignedLocGazetteer.txt", GazType::Loc),
        ("anergazet/AlignedOrgGazetteer.txt", GazType::Org),
        ("anergazet/AlignedPersGazetteer.txt", GazType::Per),
        ("gate-arabic/city.lst", GazType::Loc),
        ("gate-arabic/city_world.lst", GazType::Loc),
        ("gate-arabic/country.lst", GazType::Loc),
        ("gate-arabic/country_world.lst", GazType::Loc),
        ("gate-arabic/location_other.lst", GazType::Loc),
        ("gate-arabic/oceans_seas_islands.lst", GazType::Loc),
        ("gate-arabic/rivers.lst", GazType::Loc),
        ("gate-arabic/mountains.lst", GazType::Loc),
        ("gate-arabic/places.lst", GazType::Loc),
        ("gate-arabic/organisations.lst", GazType::Org),
        ("gate-arabic/male_names.lst", GazType::FirstName),
        ("gate-arabic/female_names.lst", GazType::FirstName),
        ("gate-arabic/surnames.lst", GazType::LastName),
        ("gate-arabic/titles.lst", GazType::Title),
    ];
    for (path, ty) in lists {
        for line in read(path)?.lines() {
            let name = line.trim_start_matches('\u{FEFF}').trim();
            if name.is_empty() || name.starts_with("===") || name.starts_with("***") {
                continue;
            }
            add(ty, name, "", "", 0);
        }
    }
    for (path, ty) in [
        ("person-names/male-first-names-ar.txt", GazType::FirstName),
        ("person-names/female-first-names-ar.txt", GazType::FirstName),
        ("person-names/last-names-ar.txt", GazType::LastName),
    ] {
        for line in read(path)?.lines() {
            add(ty, line.trim(), "", "", 0);
        }
    }
    // PETRARCH actor names ("نوري_المالكي_ [IRQGOV …]"): multi-word names only, as the
    // single words of that dictionary are mostly common nouns (جيش، شرطة).
    if let Ok(actors) = std::fs::read_to_string(dir.join("../petrarch-arabic/actor_dict_ar_v4.txt"))
    {
        for line in actors.lines() {
            if line.starts_with(char::is_whitespace) || line.starts_with('#') {
                continue;
            }
            let name = line
                .split('[')
                .next()
                .unwrap_or("")
                .trim()
                .trim_end_matches('_');
            if name.contains('_') && !name.contains(['+', '!', '{', '(']) {
                add(GazType::Actor, &name.replace('_', " "), "", "", 0);
            }
        }
    }
    let mut out = String::from(
        "# generated by `rasd train gazetteer` from ../shared/data/gazetteers and ../shared/data/petrarch-arabic (sources and licenses: their READMEs)\n",
    );
    for ((ty, key), (_, en, code)) in rows {
        out.push_str(&format!("{}\t{key}\t{en}\t{code}\n", ty.as_str()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> Vec<String> {
        s.split(' ').map(token_key).collect()
    }

    #[test]
    fn marks_multi_word_phrases_and_clitic_variants() {
        let g = Gazetteer::from_tsv(
            "LOC\tكوريا الشماليه\tNorth Korea\tPRK\nLOC\tروسيا\tRussia\tRUS\nTITLE\tالرئيس\t\t\n",
        );
        let mut m = Vec::new();
        let k = keys("الرئيس زار كوريا الشمالية وروسيا");
        g.mark(k.iter().map(String::as_str), &mut m);
        assert_eq!(m[0].names().collect::<Vec<_>>(), ["TITLE-B"]);
        assert_eq!(m[1], GazMarks::default());
        assert_eq!(m[2].names().collect::<Vec<_>>(), ["LOC-B"]);
        assert_eq!(m[3].names().collect::<Vec<_>>(), ["LOC-I"]);
        assert_eq!(
            m[4].names().collect::<Vec<_>>(),
            ["LOC-B"],
            "و+روسيا matches روسيا"
        );
        assert_eq!(
            g.info("روسيا", GazType::Loc).unwrap().code.as_deref(),
            Some("RUS")
        );
    }

    #[test]
    fn lam_lam_becomes_the_article() {
        let v: Vec<String> = match_variants(&token_key("للصين")).collect();
        assert!(v.contains(&token_key("الصين")));
        let v: Vec<String> = match_variants(&token_key("بوتين")).collect();
        assert!(v.contains(&token_key("بوتين")));
    }

    #[test]
    fn bundled_gazetteer_loads() {
        let g = Gazetteer::bundled();
        assert!(g.len() > 1000, "{}", g.len());
        assert!(g.types_of(&token_key("روسيا")) & GazType::Loc.bit() != 0);
    }
}
