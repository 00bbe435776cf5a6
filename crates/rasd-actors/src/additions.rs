//! The schema of `data/actors/additions.toml`: hand-written entries and the rules that
//! complete or correct the generated `actors.tsv`.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Additions {
    /// English names of CAMEO role codes (`GOV = "government"`).
    #[serde(default)]
    pub roles: BTreeMap<String, String>,
    /// How agents combine with countries.
    #[serde(default)]
    pub compose: Compose,
    /// Spelling variants that are the same word.
    #[serde(default)]
    pub spelling: Spelling,
    /// Generated entries to leave out.
    #[serde(default)]
    pub exclude: Exclude,
    /// Hand-written entries, by kind.
    #[serde(default)]
    pub actors: Actors,
}

/// `[compose]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Compose {
    /// Words that can open a descriptor but name no role themselves (مصدر، مصادر).
    #[serde(default)]
    pub heads: Vec<String>,
    /// Words that are never skipped between an agent and its country (إن، أن، قد…).
    #[serde(default)]
    pub stop: Vec<String>,
    /// Prepositions that link an agent to a place («… في كوريا الجنوبية»).
    #[serde(default)]
    pub place_links: Vec<String>,
    /// Roles whose country a place after a link does not give (armies serve abroad).
    #[serde(default)]
    pub place_excluded_roles: Vec<String>,
    /// Words skipped between an agent and a country adjective, at most.
    #[serde(default)]
    pub max_fillers: usize,
    /// Sides («جنوب»): an agent with a side's adjective is of the article's country of that side.
    #[serde(default)]
    pub sides: Vec<String>,
}

/// `[spelling]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spelling {
    /// Groups of spellings of one word (أمريكي، أميركي).
    #[serde(default)]
    pub same: Vec<Vec<String>>,
}

/// `[exclude]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Exclude {
    /// Phrases, optionally with one code as `phrase [CODE]`, dropped from `actors.tsv`.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Phrases that are never actors although they contain one («ريال مدريد», «مسقط رأسه»):
    /// matched like actors (longest first), they yield nothing.
    #[serde(default)]
    pub contexts: Vec<String>,
}

/// `[actors]`: one array per kind.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Actors {
    /// Extra country names.
    #[serde(default)]
    pub country: Vec<Item>,
    /// Nationality adjectives.
    #[serde(default)]
    pub demonym: Vec<Item>,
    /// Capitals and other seats of government used for it (البيت الأبيض).
    #[serde(default)]
    pub capital: Vec<Item>,
    /// Named actors: persons, organizations.
    #[serde(default)]
    pub named: Vec<Item>,
    /// Agents: role words without a country.
    #[serde(default)]
    pub agent: Vec<Item>,
}

/// A match mode named in the file.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ItemMode {
    /// The word itself.
    Exact,
    /// The word and its light inflections.
    Lemma,
}

/// One entry: a code and its Arabic spellings.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Item {
    /// CAMEO code (agents: the role alone, e.g. `MIL`).
    pub code: String,
    /// English name.
    #[serde(default)]
    pub en: Option<String>,
    /// Arabic spellings.
    pub ar: Vec<String>,
    /// How the words match, when not the kind's default (names of one word `exact`,
    /// everything else `lemma`): `lemma` lets a one-word name inflect (الحوثي → الحوثيون),
    /// `exact` keeps a plural from matching its singular (قوات is not قوة).
    #[serde(default)]
    pub mode: Option<ItemMode>,
    /// Agents only: in a chain of agents this one yields its role to the next
    /// (رئيس البرلمان → LEG, المتحدث باسم الجيش → MIL).
    #[serde(default)]
    pub defer: bool,
    /// Agents only: `false` when the word is an actor only with a country or inside a chain
    /// (الخارجية, العسكري: «السياسة الخارجية», «عملية عسكرية» are no actors).
    #[serde(default = "yes")]
    pub alone: bool,
}

fn yes() -> bool {
    true
}
