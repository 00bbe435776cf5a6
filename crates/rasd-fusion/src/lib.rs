//! Across articles: one entity for all its spellings, stories, and one event for all its reports.
//!
//! # Brief overview
//! The input is one [`ArticleRecord`] per article: what the per-article stages found, with
//! plain types so this crate does not depend on how they found it.
//! - [`resolve::resolve`] gives every entity of every article a [`resolve::CanonicalEntity`]:
//!   within one type, the same English name when it is the name's own (gazetteer or knowledge
//!   base), full names equal up to transliteration and spelling, a surname or an honorific's
//!   first name joining the one full name it fits, and titles standing for an office holder of
//!   the article's country and date (`data/fusion/aliases.toml`); different people stay apart.
//! - [`stories::cluster`] groups articles about the same story: online, in date order, within a
//!   time window, by the rare words of their titles and leads and the canonical entities they
//!   share, then merges stories close as wholes.
//! - [`fuse::fuse`] joins the events of one story with the same type and compatible parties (by
//!   canonical entity or CAMEO country; an unknown party is compatible with any) into a
//!   [`fuse::FusedEvent`] listing its mentions,
//!   counting independent outlets (near-duplicate copies count once), and listing where the
//!   mentions disagree on place, date, quantity or modality.
//!
//! ```
//! use rasd_fusion::{ArticleRecord, EntityRecord, EventRecord, Slot};
//! let article = |id: u32, outlet: &str, place: &str| ArticleRecord {
//!     id,
//!     file: format!("{id}.txt"),
//!     outlet: Some(outlet.to_owned()),
//!     published: Some("2023-09-13".to_owned()),
//!     title: Some("قمة بين أرياس وهالفورسن".to_owned()),
//!     lead: String::new(),
//!     entities: vec![
//!         EntityRecord::new("PER", "ميغيل أرياس", Some("CHLGOV")),
//!         EntityRecord::new("PER", "إريك هالفورسن", Some("NORGOV")),
//!     ],
//!     events: vec![EventRecord {
//!         location: Some(place.to_owned()),
//!         ..EventRecord::new("CONSULT", "040", Slot::entity(0, "CHLGOV"), Slot::entity(1, "NORGOV"))
//!     }],
//!     duplicate_of: None,
//! };
//! let articles = [article(0, "الجزيرة", "بونتا أريناس"), article(1, "المواطن", "ترومسو")];
//! let entities = rasd_fusion::resolve::resolve(&articles);
//! let stories = rasd_fusion::stories::cluster(&articles, &entities, 3);
//! let fused = rasd_fusion::fuse::fuse(&articles, &entities, &stories);
//! assert_eq!(fused.len(), 1);
//! assert_eq!(fused[0].corroboration, 2);
//! assert_eq!(fused[0].contradictions[0].field, "location");
//! ```
//!
//! [`link::link`] runs them all, with the copies of `rasd-dedup` first: the one engine
//! `rasd analyze`, the store and the evaluation call.
#![deny(missing_docs)]

pub mod fuse;
pub mod link;
pub mod resolve;
pub mod stories;
pub mod words;

use serde::{Deserialize, Serialize};

/// What the per-article stages found in one article.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ArticleRecord {
    /// The article's number in the collection (its index).
    pub id: u32,
    /// The file it was read from.
    pub file: String,
    /// The outlet, as written.
    pub outlet: Option<String>,
    /// Publication date (YYYY-MM-DD).
    pub published: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// The opening of its body ([`lead_of`]): what it is about, for story clustering.
    #[serde(default)]
    pub lead: String,
    /// Named entities.
    pub entities: Vec<EntityRecord>,
    /// Coded events.
    pub events: Vec<EventRecord>,
    /// The canonical article of its near-duplicate group, when it is a copy of another.
    pub duplicate_of: Option<u32>,
}

/// A named entity of an article.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EntityRecord {
    /// `PER`, `ORG`, `LOC` or `MISC`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Its fullest name in the article.
    pub name: String,
    /// English name, when known.
    pub name_en: Option<String>,
    /// CAMEO actor code, when known.
    pub actor: Option<String>,
    /// Every way the article writes it.
    pub aliases: Vec<String>,
    /// How many times the article names it.
    pub mentions: usize,
}

impl EntityRecord {
    /// An entity known by one name.
    pub fn new(ty: &str, name: &str, actor: Option<&str>) -> EntityRecord {
        EntityRecord {
            ty: ty.to_owned(),
            name: name.to_owned(),
            name_en: None,
            actor: actor.map(str::to_owned),
            aliases: vec![name.to_owned()],
            mentions: 1,
        }
    }
}

/// A participant of an event: an entity of the article and/or an actor code.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Slot {
    /// Index into the article's entities.
    pub entity: Option<usize>,
    /// CAMEO actor code.
    pub actor: Option<String>,
    /// The words naming it.
    pub text: Option<String>,
}

impl Slot {
    /// A slot filled by an entity with a code.
    pub fn entity(index: usize, actor: &str) -> Slot {
        Slot {
            entity: Some(index),
            actor: Some(actor.to_owned()),
            text: None,
        }
    }
}

/// A quantity of an event.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct QuantityRecord {
    /// Value.
    pub value: f64,
    /// What is counted.
    pub unit: Option<String>,
    /// As written.
    pub text: String,
}

/// A coded event of an article.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EventRecord {
    /// PLOVER type.
    #[serde(rename = "type")]
    pub ty: String,
    /// CAMEO code.
    pub cameo: String,
    /// Source.
    pub source: Slot,
    /// Target.
    pub target: Slot,
    /// TIMEX3 value of its date.
    pub date: Option<String>,
    /// Where, as written.
    pub location: Option<String>,
    /// The place is a whole country («في روسيا»): it agrees with any place inside it.
    pub location_is_country: bool,
    /// How much.
    pub quantity: Option<QuantityRecord>,
    /// asserted, reported, expected, speculated or negated.
    pub modality: String,
    /// The sentence stating it.
    pub evidence: String,
    /// Character offsets of the evidence in the file.
    pub start: usize,
    /// End of the evidence.
    pub end: usize,
}

impl EventRecord {
    /// An asserted event with no date, place, quantity or evidence.
    pub fn new(ty: &str, cameo: &str, source: Slot, target: Slot) -> EventRecord {
        EventRecord {
            ty: ty.to_owned(),
            cameo: cameo.to_owned(),
            source,
            target,
            date: None,
            location: None,
            location_is_country: false,
            quantity: None,
            modality: "asserted".to_owned(),
            evidence: String::new(),
            start: 0,
            end: 0,
        }
    }
}

/// Search-level key of a phrase, single-spaced, for comparing what outlets write.
/// The most characters of an article's body [`lead_of`] keeps.
pub const LEAD_CHARS: usize = 600;

/// The opening of a body: its first [`LEAD_CHARS`] characters, cut at a space.
pub fn lead_of(body: &str) -> String {
    match body.char_indices().nth(LEAD_CHARS) {
        None => body.to_owned(),
        Some((end, _)) => {
            let cut = body[..end].rfind(char::is_whitespace).unwrap_or(end);
            body[..cut].to_owned()
        }
    }
}

pub(crate) fn phrase_key(s: &str) -> String {
    rasd_text::normalize_str(s, rasd_text::NormLevel::Search)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The number in the id of a canonical entity or fused event: its first member's article id and
/// position (`(article + 1) × 10,000 + position`), so that ids stay the same when articles are
/// added.
pub fn stable_number(article: u32, position: usize) -> u64 {
    (u64::from(article) + 1) * 10_000 + position.min(9_999) as u64
}
