//! The read model the HTTP API and the UI show: an article with every span found in it, events
//! and fused events with filters and pages, entities with their timelines, stories compared by
//! outlet, day counts and the actor network.
//!
//! Filters are plain structs; every query binds its values as parameters (no text from a request
//! is ever spliced into SQL). Every `start`/`end` is a character offset into the file's text.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, params, params_from_iter};
use serde::Serialize;

use crate::{FusedEventRow, FusedMentionRow, MentionSpan, PartyRow, Store, StoreError};

/// The key a name is filtered by: Search-normalized (one alef, ya, ta marbuta; no diacritics),
/// lower-cased, words joined by one space.
///
/// ```
/// use rasd_store::name_key;
/// assert_eq!(name_key("أنطونيو  غوتيريش"), name_key("انطونيو غوتيريش"));
/// assert_eq!(name_key("Vladimir PUTIN"), "vladimir putin");
/// ```
pub fn name_key(name: &str) -> String {
    let n = rasd_text::normalize_str(name, rasd_text::NormLevel::Search).to_lowercase();
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `value` as a `LIKE` pattern that matches it literally, for a clause written with
/// `ESCAPE '\'`: `%`, `_` and `\` are escaped (a user's `_` or `%` is a character, never a
/// wildcard).
///
/// ```
/// use rasd_store::escape_like;
/// assert_eq!(escape_like(r"a_b%c\d"), r"a\_b\%c\\d");
/// ```
pub fn escape_like(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The most entities, mentions, events, quotes and time expressions of an article view (each):
/// the rest are left out and named in [`ArticleView::truncated`], so one pathological article
/// cannot make an answer of hundreds of megabytes.
pub const MAX_ARTICLE_ANNOTATIONS: usize = 1000;

/// The most reports listed with one fused event (its `corroboration` still counts them all).
pub const MAX_FUSED_MENTIONS: usize = 500;

/// The most articles listed in a story view.
pub const MAX_STORY_ARTICLES: usize = 1000;

/// Keeps the first `max` of `items`; whether any were dropped.
fn cap<T>(items: &mut Vec<T>, max: usize) -> bool {
    let over = items.len() > max;
    items.truncate(max);
    over
}

/// One page of a longer list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Page<T> {
    /// Everything that matched.
    pub total: u64,
    /// The page.
    pub items: Vec<T>,
}

/// Which page: at most `limit` items from `offset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    /// The most items.
    pub limit: u32,
    /// Items skipped.
    pub offset: u64,
}

impl Default for Paging {
    fn default() -> Paging {
        Paging {
            limit: 100,
            offset: 0,
        }
    }
}

/// Words and offsets of a span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpanText {
    /// Start (character offset into the file's text).
    pub start: i64,
    /// End.
    pub end: i64,
    /// The words.
    pub text: String,
}

/// Where an article comes from, as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArticleMeta {
    /// Row id.
    #[serde(rename = "article")]
    pub id: i64,
    /// File name.
    pub file: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Title.
    pub title: Option<String>,
}

/// A party of an article event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SlotView {
    /// Index of the article entity.
    pub entity: Option<i64>,
    /// Its canonical entity.
    pub canonical: Option<String>,
    /// The canonical entity's name.
    pub name: Option<String>,
    /// CAMEO actor code.
    pub actor: Option<String>,
    /// The words naming it in the sentence.
    pub text: Option<String>,
}

/// An amount an event gives.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuantityView {
    /// Value.
    pub value: Option<f64>,
    /// What is counted.
    pub unit: Option<String>,
    /// The words.
    pub text: Option<String>,
}

/// An event as one article reports it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventView {
    /// The article (in lists; absent in the article view).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub article: Option<ArticleMeta>,
    /// Position among the article's events.
    pub idx: i64,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub ty: String,
    /// CAMEO code.
    pub cameo: String,
    /// The trigger word.
    pub trigger: SpanText,
    /// Source.
    pub source: Option<SlotView>,
    /// Target.
    pub target: Option<SlotView>,
    /// TIMEX3 value of its date.
    pub date: Option<String>,
    /// Place.
    pub location: Option<String>,
    /// Amount.
    pub quantity: Option<QuantityView>,
    /// asserted | reported | expected | speculated | negated.
    pub modality: String,
    /// The sentence.
    pub evidence: SpanText,
    /// The fused event it is a report of.
    pub fused: Option<String>,
}

/// An article entity with its mentions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleEntity {
    /// Position among the article's entities.
    pub idx: i64,
    /// PER | LOC | ORG | MISC.
    #[serde(rename = "type")]
    pub ty: String,
    /// Its fullest name in the article.
    pub name: String,
    /// English name.
    pub name_en: Option<String>,
    /// CAMEO actor code.
    pub actor: Option<String>,
    /// Canonical entity.
    pub canonical: Option<String>,
    /// Mentions.
    pub mentions: Vec<MentionSpan>,
}

/// The speaker of a quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpeakerView {
    /// Index of the article entity.
    pub entity: Option<i64>,
    /// Its canonical entity.
    pub canonical: Option<String>,
    /// Its name.
    pub name: Option<String>,
    /// Where the speaker is named for this quote (null when carried over).
    pub start: Option<i64>,
    /// End.
    pub end: Option<i64>,
}

/// A quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuoteView {
    /// Position among the article's quotes.
    pub idx: i64,
    /// direct | reported.
    pub kind: String,
    /// Start of the quoted words.
    pub start: i64,
    /// End.
    pub end: i64,
    /// The quoted words.
    pub text: String,
    /// Who says it, when known.
    pub speaker: Option<SpeakerView>,
}

/// A time expression.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimeView {
    /// Start.
    pub start: i64,
    /// End.
    pub end: i64,
    /// The words.
    pub text: String,
    /// TIMEX3 type.
    #[serde(rename = "type")]
    pub ty: String,
    /// TIMEX3 value.
    pub value: Option<String>,
}

/// A copy of an article, or its original.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CopyView {
    /// The other article.
    pub article: i64,
    /// Word-shingle Jaccard similarity.
    pub similarity: f64,
    /// Same text.
    pub exact: bool,
}

/// An article with everything found in it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleView {
    /// Row id.
    pub id: i64,
    /// File name.
    pub file: String,
    /// The path it was read from.
    pub path: String,
    /// Position in its file.
    pub part: i64,
    /// main | related.
    pub role: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Outlet's English name.
    pub outlet_en: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Where the title is in `text` (absent for articles stored before schema version 2).
    pub title_span: Option<SpanText>,
    /// Its story.
    pub story: Option<String>,
    /// The original, when it is a copy.
    pub duplicate_of: Option<i64>,
    /// Its copies (or, for a copy, its original).
    pub copies: Vec<CopyView>,
    /// The decoded text of its file.
    pub text: String,
    /// Its headings and paragraphs.
    pub blocks: Vec<(i64, i64)>,
    /// Which of `blocks` are section headings (indices).
    pub headings: Vec<usize>,
    /// Entities.
    pub entities: Vec<ArticleEntity>,
    /// Events.
    pub events: Vec<EventView>,
    /// Quotes.
    pub quotes: Vec<QuoteView>,
    /// Time expressions.
    pub times: Vec<TimeView>,
    /// The lists cut at [`MAX_ARTICLE_ANNOTATIONS`] (`entities`, `mentions`, `events`,
    /// `quotes`, `times`); empty when nothing was left out.
    pub truncated: Vec<&'static str>,
}

/// Filters of article events (all must hold).
#[derive(Clone, Debug, Default)]
pub struct EventFilter {
    /// PLOVER type.
    pub ty: Option<String>,
    /// Canonical entity as source or target.
    pub entity: Option<String>,
    /// A CAMEO actor code prefix of the source or target.
    pub actor: Option<String>,
    /// Outlet (Arabic or English name).
    pub outlet: Option<String>,
    /// Published on or after (YYYY-MM-DD).
    pub from: Option<String>,
    /// Published on or before.
    pub to: Option<String>,
    /// Modality.
    pub modality: Option<String>,
    /// Story.
    pub story: Option<String>,
    /// Article.
    pub article: Option<i64>,
}

/// Filters of fused events.
#[derive(Clone, Debug, Default)]
pub struct FusedFilter {
    /// One fused event by id.
    pub id: Option<String>,
    /// PLOVER type.
    pub ty: Option<String>,
    /// Story.
    pub story: Option<String>,
    /// Canonical entity as source or target.
    pub entity: Option<String>,
    /// Only those whose reports disagree (true) or agree (false).
    pub contradicted: Option<bool>,
}

/// A canonical entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntitySummary {
    /// Id.
    pub id: String,
    /// Type.
    #[serde(rename = "type")]
    pub ty: String,
    /// Name.
    pub name: String,
    /// English name.
    pub name_en: Option<String>,
}

/// A day of a timeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DayCount {
    /// YYYY-MM-DD.
    pub date: String,
    /// Articles published that day.
    pub articles: u64,
    /// Their events.
    pub events: u64,
    /// Their events by PLOVER type.
    pub types: std::collections::BTreeMap<String, u64>,
}

/// An article naming an entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityArticle {
    /// Row id.
    pub id: i64,
    /// Title.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Mentions of the entity in it.
    pub mentions: u64,
}

/// An entity named in the same articles.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RelatedEntity {
    /// Id, type and names.
    #[serde(flatten)]
    pub entity: EntitySummary,
    /// Articles naming both.
    pub weight: u64,
}

/// A canonical entity with its timeline, articles, events and neighbours.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityView {
    /// The entity.
    #[serde(flatten)]
    pub entity: crate::EntityRow,
    /// Per publication day.
    pub timeline: Vec<DayCount>,
    /// Articles naming it, latest first (at most 200; `articles` counts them all).
    pub article_list: Vec<EntityArticle>,
    /// Fused events it is a party of, most corroborated first (at most 100).
    pub fused_events: Vec<FusedEventRow>,
    /// Entities named in the same articles (at most 20).
    pub related: Vec<RelatedEntity>,
}

/// A story.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StorySummary {
    /// Id.
    pub id: String,
    /// Title (of its first article).
    pub title: Option<String>,
    /// First publication day.
    pub first: Option<String>,
    /// Last publication day.
    pub last: Option<String>,
    /// Articles.
    pub articles: u64,
    /// Distinct outlets.
    pub outlets: u64,
    /// Fused events.
    pub fused_events: u64,
    /// Fused events whose reports disagree.
    pub contradictions: u64,
    /// Its most named entities (at most 8).
    pub entities: Vec<EntitySummary>,
}

/// An article of a story.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryArticle {
    /// Row id.
    pub id: i64,
    /// Title.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// File.
    pub file: String,
    /// The original, when it is a copy.
    pub duplicate_of: Option<i64>,
}

/// Articles of one outlet in a story.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutletCount {
    /// The outlet (the file name when none is known).
    pub outlet: String,
    /// Its articles.
    pub articles: u64,
}

/// A story with its articles by outlet and its fused events.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryView {
    /// The story.
    #[serde(flatten)]
    pub story: StorySummary,
    /// Its articles, earliest first.
    pub article_list: Vec<StoryArticle>,
    /// Articles per outlet.
    pub outlet_list: Vec<OutletCount>,
    /// Its fused events, most corroborated first.
    pub fused_event_list: Vec<FusedEventRow>,
}

/// A node of the actor network.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NetworkNode {
    /// `c12` (an entity) or `actor:RUSGOV` (a party known only by its code).
    pub id: String,
    /// Name.
    pub name: Option<String>,
    /// English name.
    pub name_en: Option<String>,
    /// CAMEO actor code.
    pub actor: Option<String>,
    /// Entity type.
    #[serde(rename = "type")]
    pub ty: Option<String>,
    /// Fused events it takes part in (within the network shown).
    pub weight: u64,
}

/// An edge of the actor network: fused events from one party to the other.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NetworkEdge {
    /// Node id of the source.
    pub source: String,
    /// Node id of the target.
    pub target: String,
    /// Fused events.
    pub weight: u64,
    /// Fused events by PLOVER type.
    pub types: std::collections::BTreeMap<String, u64>,
}

/// The actor network.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Network {
    /// Nodes, heaviest first.
    pub nodes: Vec<NetworkNode>,
    /// Edges, heaviest first.
    pub edges: Vec<NetworkEdge>,
}

/// A WHERE clause being built: conditions joined by AND, and their parameters.
#[derive(Default)]
struct Conditions {
    sql: Vec<String>,
    params: Vec<Value>,
}

impl Conditions {
    /// Adds a condition whose `?` placeholders take `values` in order.
    fn push(&mut self, sql: &str, values: impl IntoIterator<Item = Value>) {
        self.sql.push(format!("({sql})"));
        self.params.extend(values);
    }

    fn text(value: &str) -> Value {
        Value::Text(value.to_owned())
    }

    /// The filter's conditions on the article (`a`): outlet, publication dates, story.
    fn articles(&mut self, filter: &EventFilter) {
        if let Some(x) = &filter.outlet {
            self.push(
                "a.outlet = ? OR lower(a.outlet_en) = lower(?)",
                [Conditions::text(x.trim()), Conditions::text(x.trim())],
            );
        }
        if let Some(x) = &filter.from {
            self.push("a.published >= ?", [Conditions::text(x)]);
        }
        if let Some(x) = &filter.to {
            self.push("a.published <= ?", [Conditions::text(x)]);
        }
        if let Some(x) = &filter.story {
            self.push("a.story = ?", [Conditions::text(x)]);
        }
    }

    fn clause(&self) -> String {
        if self.sql.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.sql.join(" AND "))
        }
    }
}

/// The first characters `start - from`… of `text` as the words of a sub-span (for trigger
/// words, which lie inside their evidence sentence).
fn sub_span(text: &str, from: i64, start: i64, end: i64) -> String {
    let skip = (start - from).max(0) as usize;
    let take = (end - start).max(0) as usize;
    text.chars().skip(skip).take(take).collect()
}

const EVENT_COLUMNS: &str = "e.article, e.idx, e.type, e.cameo, e.trigger_start, e.trigger_end,
    e.source_entity, se.canonical, sc.name, e.source_actor, e.source_text,
    e.target_entity, te.canonical, tc.name, e.target_actor, e.target_text,
    e.date, e.location, e.quantity_value, e.quantity_unit, e.quantity_text, e.modality,
    e.evidence, e.evidence_start, e.evidence_end,
    (SELECT fm.fused FROM fused_mentions fm WHERE fm.article = e.article AND fm.event = e.idx LIMIT 1),
    f.name, a.outlet, a.published, a.title";

fn event_view(r: &Row<'_>, with_article: bool) -> rusqlite::Result<EventView> {
    let slot = |at: usize| -> rusqlite::Result<Option<SlotView>> {
        let s = SlotView {
            entity: r.get(at)?,
            canonical: r.get(at + 1)?,
            name: r.get(at + 2)?,
            actor: r.get(at + 3)?,
            text: r.get(at + 4)?,
        };
        Ok((s.entity.is_some() || s.actor.is_some() || s.text.is_some()).then_some(s))
    };
    let evidence: String = r.get(22)?;
    let (ev_start, ev_end): (i64, i64) = (r.get(23)?, r.get(24)?);
    let (t_start, t_end): (i64, i64) = (r.get(4)?, r.get(5)?);
    let quantity = QuantityView {
        value: r.get(18)?,
        unit: r.get(19)?,
        text: r.get(20)?,
    };
    Ok(EventView {
        article: if with_article {
            Some(ArticleMeta {
                id: r.get(0)?,
                file: r.get(26)?,
                outlet: r.get(27)?,
                published: r.get(28)?,
                title: r.get(29)?,
            })
        } else {
            None
        },
        idx: r.get(1)?,
        ty: r.get(2)?,
        cameo: r.get(3)?,
        trigger: SpanText {
            start: t_start,
            end: t_end,
            text: sub_span(&evidence, ev_start, t_start, t_end),
        },
        source: slot(6)?,
        target: slot(11)?,
        date: r.get(16)?,
        location: r.get(17)?,
        quantity: (quantity.value.is_some() || quantity.text.is_some()).then_some(quantity),
        modality: r.get(21)?,
        evidence: SpanText {
            start: ev_start,
            end: ev_end,
            text: evidence,
        },
        fused: r.get(25)?,
    })
}

/// The columns [`fused_row`] reads, in its order.
pub(crate) const FUSED_COLUMNS: &str = "id, type, cameo, story, source_entity, source_name,
    source_name_en, source_actor, target_entity, target_name, target_name_en, target_actor,
    date, location, corroboration, first_reported, contradictions, updates";

/// A fused event from a row of [`FUSED_COLUMNS`], without its reports.
pub(crate) fn fused_row(r: &Row<'_>) -> Result<FusedEventRow, StoreError> {
    Ok(FusedEventRow {
        id: r.get(0)?,
        ty: r.get(1)?,
        cameo: r.get(2)?,
        story: r.get(3)?,
        source: fused_party(r, 4)?,
        target: fused_party(r, 8)?,
        date: r.get(12)?,
        location: r.get(13)?,
        corroboration: r.get(14)?,
        first_reported: r.get(15)?,
        contradictions: serde_json::from_str(&r.get::<_, String>(16)?)?,
        updates: serde_json::from_str(&r.get::<_, String>(17)?)?,
        mentions: Vec::new(),
    })
}

/// A report of a fused event from the columns `m.article, f.name, a.outlet, a.published,
/// m.modality, m.cameo, m.evidence, m.evidence_start, m.evidence_end, m.date, m.location,
/// m.quantity`, the first at `at`.
pub(crate) fn mention_row(r: &Row<'_>, at: usize) -> rusqlite::Result<FusedMentionRow> {
    Ok(FusedMentionRow {
        article: r.get(at)?,
        file: r.get(at + 1)?,
        outlet: r.get(at + 2)?,
        published: r.get(at + 3)?,
        modality: r.get(at + 4)?,
        cameo: r.get(at + 5)?,
        evidence: r.get(at + 6)?,
        start: r.get(at + 7)?,
        end: r.get(at + 8)?,
        date: r.get(at + 9)?,
        location: r.get(at + 10)?,
        quantity: r.get(at + 11)?,
    })
}

fn fused_party(r: &Row<'_>, at: usize) -> rusqlite::Result<PartyRow> {
    Ok(PartyRow {
        entity: r.get(at)?,
        name: r.get(at + 1)?,
        name_en: r.get(at + 2)?,
        actor: r.get(at + 3)?,
    })
}

impl Store {
    /// An article with its text and every span found in it; `None` for an unknown id.
    pub fn article(&self, id: i64) -> Result<Option<ArticleView>, StoreError> {
        let head = self
            .conn
            .query_row(
                "SELECT a.id, f.name, f.path, a.part, a.role, a.outlet, a.outlet_en, a.published,
                        a.title, a.story, a.duplicate_of, f.text, a.blocks, a.title_start,
                        a.title_end, a.headings
                 FROM articles a JOIN files f ON f.id = a.file_id WHERE a.id = ?1",
                [id],
                |r| {
                    let title: Option<String> = r.get(8)?;
                    let span: (Option<i64>, Option<i64>) = (r.get(13)?, r.get(14)?);
                    let title_span = match (span, &title) {
                        ((Some(start), Some(end)), Some(t)) => Some(SpanText {
                            start,
                            end,
                            text: t.clone(),
                        }),
                        _ => None,
                    };
                    Ok(ArticleView {
                        title_span,
                        id: r.get(0)?,
                        file: r.get(1)?,
                        path: r.get(2)?,
                        part: r.get(3)?,
                        role: r.get(4)?,
                        outlet: r.get(5)?,
                        outlet_en: r.get(6)?,
                        published: r.get(7)?,
                        title,
                        story: r.get(9)?,
                        duplicate_of: r.get(10)?,
                        copies: Vec::new(),
                        text: r.get(11)?,
                        blocks: serde_json::from_str(&r.get::<_, String>(12)?).unwrap_or_default(),
                        headings: r
                            .get::<_, Option<String>>(15)?
                            .and_then(|h| serde_json::from_str(&h).ok())
                            .unwrap_or_default(),
                        entities: Vec::new(),
                        events: Vec::new(),
                        quotes: Vec::new(),
                        times: Vec::new(),
                        truncated: Vec::new(),
                    })
                },
            )
            .optional()?;
        let Some(mut view) = head else {
            return Ok(None);
        };
        if let Some(t) = &mut view.title_span {
            t.text = view
                .text
                .chars()
                .skip(t.start.max(0) as usize)
                .take((t.end - t.start).max(0) as usize)
                .collect();
        }
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT article, similarity, exact FROM duplicates WHERE canonical = ?1
                 UNION ALL
                 SELECT canonical, similarity, exact FROM duplicates WHERE article = ?1",
            )?;
            view.copies = stmt
                .query_map([id], |r| {
                    Ok(CopyView {
                        article: r.get(0)?,
                        similarity: r.get(1)?,
                        exact: r.get(2)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
        }
        {
            let mut mentions: HashMap<i64, Vec<MentionSpan>> = HashMap::new();
            let mut stmt = self.conn.prepare_cached(
                "SELECT entity, char_start, char_end, text FROM mentions WHERE article = ?1
                 ORDER BY char_start LIMIT ?2",
            )?;
            let mut rows = stmt.query(params![id, MAX_ARTICLE_ANNOTATIONS as i64 + 1])?;
            let mut n = 0;
            while let Some(r) = rows.next()? {
                n += 1;
                if n > MAX_ARTICLE_ANNOTATIONS {
                    view.truncated.push("mentions");
                    break;
                }
                mentions.entry(r.get(0)?).or_default().push(MentionSpan {
                    start: r.get(1)?,
                    end: r.get(2)?,
                    text: r.get(3)?,
                });
            }
            let mut stmt = self.conn.prepare_cached(
                "SELECT idx, type, name, name_en, actor, canonical FROM article_entities
                 WHERE article = ?1 ORDER BY idx LIMIT ?2",
            )?;
            view.entities = stmt
                .query_map(params![id, MAX_ARTICLE_ANNOTATIONS as i64 + 1], |r| {
                    let idx: i64 = r.get(0)?;
                    Ok(ArticleEntity {
                        idx,
                        ty: r.get(1)?,
                        name: r.get(2)?,
                        name_en: r.get(3)?,
                        actor: r.get(4)?,
                        canonical: r.get(5)?,
                        mentions: mentions.remove(&idx).unwrap_or_default(),
                    })
                })?
                .collect::<Result<_, _>>()?;
            if cap(&mut view.entities, MAX_ARTICLE_ANNOTATIONS) {
                view.truncated.push("entities");
            }
        }
        view.events = self
            .events(
                &EventFilter {
                    article: Some(id),
                    ..EventFilter::default()
                },
                Paging {
                    limit: MAX_ARTICLE_ANNOTATIONS as u32 + 1,
                    offset: 0,
                },
            )?
            .items
            .into_iter()
            .map(|mut e| {
                e.article = None;
                e
            })
            .collect();
        if cap(&mut view.events, MAX_ARTICLE_ANNOTATIONS) {
            view.truncated.push("events");
        }
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT q.idx, q.kind, q.char_start, q.char_end, q.text, q.speaker, ae.canonical,
                        coalesce(c.name, ae.name), q.speaker_start, q.speaker_end
                 FROM quotes q
                 LEFT JOIN article_entities ae ON ae.article = q.article AND ae.idx = q.speaker
                 LEFT JOIN entities c ON c.id = ae.canonical
                 WHERE q.article = ?1 ORDER BY q.idx LIMIT ?2",
            )?;
            view.quotes = stmt
                .query_map(params![id, MAX_ARTICLE_ANNOTATIONS as i64 + 1], |r| {
                    let speaker = SpeakerView {
                        entity: r.get(5)?,
                        canonical: r.get(6)?,
                        name: r.get(7)?,
                        start: r.get(8)?,
                        end: r.get(9)?,
                    };
                    Ok(QuoteView {
                        idx: r.get(0)?,
                        kind: r.get(1)?,
                        start: r.get(2)?,
                        end: r.get(3)?,
                        text: r.get(4)?,
                        speaker: (speaker.entity.is_some() || speaker.start.is_some())
                            .then_some(speaker),
                    })
                })?
                .collect::<Result<_, _>>()?;
            if cap(&mut view.quotes, MAX_ARTICLE_ANNOTATIONS) {
                view.truncated.push("quotes");
            }
        }
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT char_start, char_end, text, type, value FROM times WHERE article = ?1
                 ORDER BY idx LIMIT ?2",
            )?;
            view.times = stmt
                .query_map(params![id, MAX_ARTICLE_ANNOTATIONS as i64 + 1], |r| {
                    Ok(TimeView {
                        start: r.get(0)?,
                        end: r.get(1)?,
                        text: r.get(2)?,
                        ty: r.get(3)?,
                        value: r.get(4)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            if cap(&mut view.times, MAX_ARTICLE_ANNOTATIONS) {
                view.truncated.push("times");
            }
        }
        Ok(Some(view))
    }

    /// Article events that pass `filter`, latest articles first.
    pub fn events(
        &self,
        filter: &EventFilter,
        paging: Paging,
    ) -> Result<Page<EventView>, StoreError> {
        let mut c = Conditions::default();
        if let Some(t) = &filter.ty {
            c.push("e.type = ?", [Conditions::text(&t.to_uppercase())]);
        }
        if let Some(x) = &filter.entity {
            // The articles naming the entity first (an index), then its roles in their events.
            c.push(
                "e.article IN (SELECT article FROM article_entities WHERE canonical = ?)
                 AND (se.canonical = ? OR te.canonical = ?)",
                [
                    Conditions::text(x),
                    Conditions::text(x),
                    Conditions::text(x),
                ],
            );
        }
        if let Some(x) = &filter.actor {
            let prefix = format!("{}%", escape_like(&x.to_uppercase()));
            c.push(
                r"e.source_actor LIKE ? ESCAPE '\' OR e.target_actor LIKE ? ESCAPE '\'",
                [Value::Text(prefix.clone()), Value::Text(prefix)],
            );
        }
        c.articles(filter);
        if let Some(x) = &filter.modality {
            c.push("e.modality = ?", [Conditions::text(&x.to_lowercase())]);
        }
        if let Some(x) = filter.article {
            c.push("e.article = ?", [Value::Integer(x)]);
        }
        let clause = c.clause();
        // Only the joins the filters need: the roles' canonical entities for an entity filter.
        let from = if filter.entity.is_some() {
            "FROM events e JOIN articles a ON a.id = e.article
             LEFT JOIN article_entities se ON se.article = e.article AND se.idx = e.source_entity
             LEFT JOIN article_entities te ON te.article = e.article AND te.idx = e.target_entity"
        } else {
            "FROM events e JOIN articles a ON a.id = e.article"
        };
        let total: u64 = self.conn.query_row(
            &format!("SELECT count(*) {from} {clause}"),
            params_from_iter(c.params.iter()),
            |r| r.get(0),
        )?;
        // The page's keys first, then their rows: the columns (joins, the fused event) are
        // computed for the page only, not for every match before sorting.
        const ORDER: &str = "a.published IS NULL, a.published DESC, e.article, e.idx";
        let sql = format!(
            "WITH page AS (SELECT e.article AS article, e.idx AS idx {from} {clause}
                           ORDER BY {ORDER} LIMIT ? OFFSET ?)
             SELECT {EVENT_COLUMNS} FROM page p
             JOIN events e ON e.article = p.article AND e.idx = p.idx
             JOIN articles a ON a.id = e.article
             JOIN files f ON f.id = a.file_id
             LEFT JOIN article_entities se ON se.article = e.article AND se.idx = e.source_entity
             LEFT JOIN entities sc ON sc.id = se.canonical
             LEFT JOIN article_entities te ON te.article = e.article AND te.idx = e.target_entity
             LEFT JOIN entities tc ON tc.id = te.canonical
             ORDER BY {ORDER}"
        );
        let mut values = c.params;
        values.push(Value::Integer(i64::from(paging.limit)));
        values.push(Value::Integer(paging.offset.min(i64::MAX as u64) as i64));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let items = stmt
            .query_map(params_from_iter(values.iter()), |r| {
                event_view(r, filter.article.is_none())
            })?
            .collect::<Result<_, _>>()?;
        Ok(Page { total, items })
    }

    /// Fused events that pass `filter`, most corroborated first, with their reports.
    pub fn fused_event_page(
        &self,
        filter: &FusedFilter,
        paging: Paging,
    ) -> Result<Page<FusedEventRow>, StoreError> {
        let mut c = Conditions::default();
        if let Some(x) = &filter.id {
            c.push("id = ?", [Conditions::text(x)]);
        }
        if let Some(t) = &filter.ty {
            c.push("type = ?", [Conditions::text(&t.to_uppercase())]);
        }
        if let Some(x) = &filter.story {
            c.push("story = ?", [Conditions::text(x)]);
        }
        if let Some(x) = &filter.entity {
            c.push(
                "source_entity = ? OR target_entity = ?",
                [Conditions::text(x), Conditions::text(x)],
            );
        }
        match filter.contradicted {
            Some(true) => c.push("contradictions != '[]'", []),
            Some(false) => c.push("contradictions = '[]'", []),
            None => {}
        }
        let clause = c.clause();
        let total: u64 = self.conn.query_row(
            &format!("SELECT count(*) FROM fused_events {clause}"),
            params_from_iter(c.params.iter()),
            |r| r.get(0),
        )?;
        let sql = format!(
            "SELECT {FUSED_COLUMNS} FROM fused_events {clause}
             ORDER BY corroboration DESC, rowid LIMIT ? OFFSET ?"
        );
        let mut values = c.params;
        values.push(Value::Integer(i64::from(paging.limit)));
        values.push(Value::Integer(paging.offset.min(i64::MAX as u64) as i64));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(values.iter()))?;
        let mut items = Vec::new();
        while let Some(r) = rows.next()? {
            items.push(fused_row(r)?);
        }
        drop(rows);
        self.attach_mentions(&mut items)?;
        Ok(Page { total, items })
    }

    /// One fused event with its reports; `None` for an unknown id.
    pub fn fused_event(&self, id: &str) -> Result<Option<FusedEventRow>, StoreError> {
        let page = self.fused_event_page(
            &FusedFilter {
                id: Some(id.to_owned()),
                ..FusedFilter::default()
            },
            Paging {
                limit: 1,
                offset: 0,
            },
        )?;
        Ok(page.items.into_iter().next())
    }

    /// Fills the reports of fused events.
    fn attach_mentions(&self, items: &mut [FusedEventRow]) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.article, f.name, a.outlet, a.published, m.modality, m.cameo, m.evidence,
                    m.evidence_start, m.evidence_end, m.date, m.location, m.quantity
             FROM fused_mentions m
             JOIN articles a ON a.id = m.article
             JOIN files f ON f.id = a.file_id
             WHERE m.fused = ?1 ORDER BY a.published, m.rowid LIMIT ?2",
        )?;
        for item in items {
            item.mentions = stmt
                .query_map(params![&item.id, MAX_FUSED_MENTIONS as i64], |r| {
                    mention_row(r, 0)
                })?
                .collect::<Result<_, _>>()?;
        }
        Ok(())
    }

    /// Canonical entities whose name or a spelling contains `q` (any orthographic variant),
    /// of type `ty`, most widely named first.
    pub fn entity_page(
        &self,
        q: Option<&str>,
        ty: Option<&str>,
        paging: Paging,
    ) -> Result<Page<crate::EntityRow>, StoreError> {
        let mut c = Conditions::default();
        if let Some(q) = q.map(name_key).filter(|k| !k.is_empty()) {
            let pattern = format!("%{}%", escape_like(&q));
            c.push(r"keys LIKE ? ESCAPE '\'", [Value::Text(pattern)]);
        }
        if let Some(t) = ty {
            c.push("type = ?", [Conditions::text(&t.to_uppercase())]);
        }
        let clause = c.clause();
        let total: u64 = self.conn.query_row(
            &format!("SELECT count(*) FROM entities {clause}"),
            params_from_iter(c.params.iter()),
            |r| r.get(0),
        )?;
        let mut values = c.params;
        values.push(Value::Integer(i64::from(paging.limit)));
        values.push(Value::Integer(paging.offset.min(i64::MAX as u64) as i64));
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, type, name, name_en, actor, aliases, articles FROM entities {clause}
             ORDER BY articles DESC, rowid LIMIT ? OFFSET ?"
        ))?;
        let mut rows = stmt.query(params_from_iter(values.iter()))?;
        let mut items = Vec::new();
        while let Some(r) = rows.next()? {
            items.push(entity_row(r)?);
        }
        Ok(Page { total, items })
    }

    /// A canonical entity with its timeline, articles, fused events and related entities;
    /// `None` for an unknown id.
    pub fn entity(&self, id: &str) -> Result<Option<EntityView>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT id, type, name, name_en, actor, aliases, articles FROM entities
                 WHERE id = ?1",
                [id],
                |r| Ok(entity_row(r)),
            )
            .optional()?;
        let Some(entity) = row.transpose()? else {
            return Ok(None);
        };
        let timeline = self.timeline(&EventFilter {
            entity: Some(id.to_owned()),
            ..EventFilter::default()
        })?;
        let mut stmt = self.conn.prepare_cached(
            "WITH page AS (
                SELECT a.id AS id, ae.idx AS idx, a.published AS published
                FROM article_entities ae JOIN articles a ON a.id = ae.article
                WHERE ae.canonical = ?1
                ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT 200)
             SELECT a.id, a.title, a.outlet, a.published,
                    (SELECT count(*) FROM mentions m WHERE m.article = a.id AND m.entity = p.idx)
             FROM page p JOIN articles a ON a.id = p.id
             ORDER BY p.published IS NULL, p.published DESC, p.id",
        )?;
        let article_list = stmt
            .query_map([id], |r| {
                Ok(EntityArticle {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    outlet: r.get(2)?,
                    published: r.get(3)?,
                    mentions: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let fused_events = self
            .fused_event_page(
                &FusedFilter {
                    entity: Some(id.to_owned()),
                    ..FusedFilter::default()
                },
                Paging {
                    limit: 100,
                    offset: 0,
                },
            )?
            .items;
        let mut stmt = self.conn.prepare_cached(
            "WITH mine AS (SELECT DISTINCT article FROM article_entities WHERE canonical = ?1),
                  pairs AS (SELECT DISTINCT o.article, o.canonical FROM mine m
                            JOIN article_entities o ON o.article = m.article
                            WHERE o.canonical != ?1),
                  top AS (SELECT canonical, count(*) AS w FROM pairs GROUP BY canonical
                          ORDER BY w DESC, canonical LIMIT 20)
             SELECT t.canonical, c.type, c.name, c.name_en, t.w
             FROM top t JOIN entities c ON c.id = t.canonical
             ORDER BY t.w DESC, c.articles DESC",
        )?;
        let related = stmt
            .query_map([id], |r| {
                Ok(RelatedEntity {
                    entity: EntitySummary {
                        id: r.get(0)?,
                        ty: r.get(1)?,
                        name: r.get(2)?,
                        name_en: r.get(3)?,
                    },
                    weight: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(Some(EntityView {
            entity,
            timeline,
            article_list,
            fused_events,
            related,
        }))
    }

    /// Articles and article events per publication day. Of `filter`, the type counts only
    /// events (and articles having one), the entity keeps articles naming it and events it is
    /// a party of; outlet and dates keep articles.
    pub fn timeline(&self, filter: &EventFilter) -> Result<Vec<DayCount>, StoreError> {
        let mut articles = Conditions::default();
        articles.push("a.published IS NOT NULL", []);
        articles.articles(filter);
        let mut only_articles = Conditions {
            sql: articles.sql.clone(),
            params: articles.params.clone(),
        };
        if let Some(x) = &filter.entity {
            only_articles.push(
                "a.id IN (SELECT article FROM article_entities WHERE canonical = ?)",
                [Conditions::text(x)],
            );
        }
        if let Some(t) = &filter.ty {
            only_articles.push(
                "EXISTS (SELECT 1 FROM events x WHERE x.article = a.id AND x.type = ?)",
                [Conditions::text(&t.to_uppercase())],
            );
        }
        let mut days: std::collections::BTreeMap<String, DayCount> = Default::default();
        fn day(
            days: &mut std::collections::BTreeMap<String, DayCount>,
            d: String,
        ) -> &mut DayCount {
            days.entry(d.clone()).or_insert_with(|| DayCount {
                date: d,
                articles: 0,
                events: 0,
                types: Default::default(),
            })
        }
        {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT a.published, count(*) FROM articles a {} GROUP BY a.published",
                only_articles.clause()
            ))?;
            let mut rows = stmt.query(params_from_iter(only_articles.params.iter()))?;
            while let Some(r) = rows.next()? {
                day(&mut days, r.get(0)?).articles = r.get(1)?;
            }
        }
        let mut events = articles;
        if let Some(t) = &filter.ty {
            events.push("e.type = ?", [Conditions::text(&t.to_uppercase())]);
        }
        let from = if let Some(x) = &filter.entity {
            events.push(
                "e.article IN (SELECT article FROM article_entities WHERE canonical = ?)
                 AND (se.canonical = ? OR te.canonical = ?)",
                [
                    Conditions::text(x),
                    Conditions::text(x),
                    Conditions::text(x),
                ],
            );
            "FROM events e JOIN articles a ON a.id = e.article
             LEFT JOIN article_entities se ON se.article = e.article AND se.idx = e.source_entity
             LEFT JOIN article_entities te ON te.article = e.article AND te.idx = e.target_entity"
        } else {
            "FROM events e JOIN articles a ON a.id = e.article"
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT a.published, e.type, count(*) {from} {} GROUP BY a.published, e.type",
            events.clause()
        ))?;
        let mut rows = stmt.query(params_from_iter(events.params.iter()))?;
        while let Some(r) = rows.next()? {
            let n: u64 = r.get(2)?;
            let d = day(&mut days, r.get(0)?);
            d.events += n;
            *d.types.entry(r.get(1)?).or_default() += n;
        }
        drop(rows);
        drop(stmt);
        Ok(days.into_values().collect())
    }

    /// Ids, types and names of the canonical entities of `ids` that exist, in that order.
    pub fn entity_summaries(&self, ids: &[String]) -> Result<Vec<EntitySummary>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, type, name, name_en FROM entities WHERE id = ?1")?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(e) = stmt
                .query_row([id], |r| {
                    Ok(EntitySummary {
                        id: r.get(0)?,
                        ty: r.get(1)?,
                        name: r.get(2)?,
                        name_en: r.get(3)?,
                    })
                })
                .optional()?
            {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// Stories, largest first.
    pub fn story_page(&self, paging: Paging) -> Result<Page<StorySummary>, StoreError> {
        let total: u64 = self
            .conn
            .query_row("SELECT count(*) FROM stories", [], |r| r.get(0))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM stories ORDER BY articles DESC, last DESC, rowid LIMIT ?1 OFFSET ?2",
        )?;
        let ids: Vec<String> = stmt
            .query_map(
                params![
                    i64::from(paging.limit),
                    paging.offset.min(i64::MAX as u64) as i64
                ],
                |r| r.get(0),
            )?
            .collect::<Result<_, _>>()?;
        let mut items = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(s) = self.story_summary(&id)? {
                items.push(s);
            }
        }
        Ok(Page { total, items })
    }

    fn story_summary(&self, id: &str) -> Result<Option<StorySummary>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT s.id, s.title, s.first, s.last, s.articles, s.entities,
                    (SELECT count(DISTINCT coalesce(a.outlet, a.file_id)) FROM articles a
                     WHERE a.story = s.id),
                    (SELECT count(*) FROM fused_events f WHERE f.story = s.id),
                    (SELECT count(*) FROM fused_events f
                     WHERE f.story = s.id AND f.contradictions != '[]')
                 FROM stories s WHERE s.id = ?1",
                [id],
                |r| {
                    Ok((
                        StorySummary {
                            id: r.get(0)?,
                            title: r.get(1)?,
                            first: r.get(2)?,
                            last: r.get(3)?,
                            articles: r.get(4)?,
                            outlets: r.get(6)?,
                            fused_events: r.get(7)?,
                            contradictions: r.get(8)?,
                            entities: Vec::new(),
                        },
                        r.get::<_, String>(5)?,
                    ))
                },
            )
            .optional()?;
        let Some((mut story, entities)) = row else {
            return Ok(None);
        };
        let mut ids: Vec<String> = serde_json::from_str(&entities)?;
        ids.truncate(8);
        story.entities = self.entity_summaries(&ids)?;
        Ok(Some(story))
    }

    /// A story with its articles, outlets and fused events; `None` for an unknown id.
    pub fn story(&self, id: &str) -> Result<Option<StoryView>, StoreError> {
        let Some(story) = self.story_summary(id)? else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.title, a.outlet, a.published, f.name, a.duplicate_of
             FROM articles a JOIN files f ON f.id = a.file_id WHERE a.story = ?1
             ORDER BY a.published IS NULL, a.published, a.id LIMIT ?2",
        )?;
        let article_list: Vec<StoryArticle> = stmt
            .query_map(params![id, MAX_STORY_ARTICLES as i64], |r| {
                Ok(StoryArticle {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    outlet: r.get(2)?,
                    published: r.get(3)?,
                    file: r.get(4)?,
                    duplicate_of: r.get(5)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut outlets: Vec<OutletCount> = Vec::new();
        for a in &article_list {
            let name = a.outlet.clone().unwrap_or_else(|| a.file.clone());
            match outlets.iter_mut().find(|o| o.outlet == name) {
                Some(o) => o.articles += 1,
                None => outlets.push(OutletCount {
                    outlet: name,
                    articles: 1,
                }),
            }
        }
        outlets.sort_by_key(|o| std::cmp::Reverse(o.articles));
        let fused_event_list = self
            .fused_event_page(
                &FusedFilter {
                    story: Some(id.to_owned()),
                    ..FusedFilter::default()
                },
                Paging {
                    limit: 1000,
                    offset: 0,
                },
            )?
            .items;
        Ok(Some(StoryView {
            story,
            article_list,
            outlet_list: outlets,
            fused_event_list,
        }))
    }

    /// The actor network of the fused events (of type `ty` when given): the `limit` most
    /// connected parties and the edges among them of at least `min_weight` fused events.
    pub fn network(
        &self,
        ty: Option<&str>,
        min_weight: u64,
        limit: usize,
    ) -> Result<Network, StoreError> {
        let ty = ty.map(str::to_uppercase);
        // Grouped over an index that covers the columns: no fused event row is read.
        let mut stmt = self.conn.prepare_cached(
            "SELECT type, source_entity, source_actor, target_entity, target_actor,
                    min(source_name), min(target_name), count(*)
             FROM fused_events WHERE ?1 IS NULL OR type = ?1
             GROUP BY type, source_entity, source_actor, target_entity, target_actor",
        )?;
        let mut nodes: HashMap<String, NetworkNode> = HashMap::new();
        let mut edges: HashMap<(String, String), NetworkEdge> = HashMap::new();
        let mut rows = stmt.query([&ty])?;
        while let Some(r) = rows.next()? {
            let party = |at: usize, name_at: usize| -> rusqlite::Result<Option<NetworkNode>> {
                let entity: Option<String> = r.get(at)?;
                let actor: Option<String> = r.get(at + 1)?;
                let id = match (&entity, &actor) {
                    (Some(e), _) => e.clone(),
                    (None, Some(a)) => format!("actor:{a}"),
                    (None, None) => return Ok(None),
                };
                Ok(Some(NetworkNode {
                    id,
                    name: r.get(name_at)?,
                    name_en: None,
                    actor,
                    ty: None,
                    weight: 0,
                }))
            };
            let (Some(source), Some(target)) = (party(1, 5)?, party(3, 6)?) else {
                continue;
            };
            if source.id == target.id {
                continue;
            }
            let t: String = r.get(0)?;
            let n: u64 = r.get(7)?;
            let edge = edges
                .entry((source.id.clone(), target.id.clone()))
                .or_insert_with(|| NetworkEdge {
                    source: source.id.clone(),
                    target: target.id.clone(),
                    weight: 0,
                    types: Default::default(),
                });
            edge.weight += n;
            *edge.types.entry(t).or_default() += n;
            for node in [source, target] {
                nodes.entry(node.id.clone()).or_insert(node);
            }
        }
        drop(rows);
        let mut edges: Vec<NetworkEdge> = edges
            .into_values()
            .filter(|e| e.weight >= min_weight)
            .collect();
        for e in &edges {
            for id in [&e.source, &e.target] {
                if let Some(n) = nodes.get_mut(id) {
                    n.weight += e.weight;
                }
            }
        }
        let mut nodes: Vec<NetworkNode> = nodes.into_values().filter(|n| n.weight > 0).collect();
        nodes.sort_by(|a, b| b.weight.cmp(&a.weight).then_with(|| a.id.cmp(&b.id)));
        nodes.truncate(limit);
        let kept: std::collections::HashSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
        edges.retain(|e| kept.contains(e.source.as_str()) && kept.contains(e.target.as_str()));
        edges.sort_by(|a, b| {
            b.weight
                .cmp(&a.weight)
                .then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
        });
        // Node weights count the edges shown.
        let mut weight: HashMap<&str, u64> = HashMap::new();
        for e in &edges {
            *weight.entry(e.source.as_str()).or_default() += e.weight;
            *weight.entry(e.target.as_str()).or_default() += e.weight;
        }
        let weights: HashMap<String, u64> =
            weight.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        for n in &mut nodes {
            n.weight = weights.get(&n.id).copied().unwrap_or(0);
        }
        nodes.retain(|n| n.weight > 0);
        // Names, types and codes of the entities shown.
        let mut entity = self
            .conn
            .prepare_cached("SELECT type, name, name_en, actor FROM entities WHERE id = ?1")?;
        for n in nodes.iter_mut().filter(|n| !n.id.starts_with("actor:")) {
            if let Some((ty, name, name_en, actor)) = entity
                .query_row([&n.id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ))
                })
                .optional()?
            {
                n.ty = Some(ty);
                n.name = Some(name);
                n.name_en = name_en;
                n.actor = actor.or(n.actor.take());
            }
        }
        Ok(Network { nodes, edges })
    }
}

/// A canonical entity from the columns `id, type, name, name_en, actor, aliases, articles`.
pub(crate) fn entity_row(r: &Row<'_>) -> Result<crate::EntityRow, StoreError> {
    Ok(crate::EntityRow {
        id: r.get(0)?,
        ty: r.get(1)?,
        name: r.get(2)?,
        name_en: r.get(3)?,
        actor: r.get(4)?,
        aliases: serde_json::from_str(&r.get::<_, String>(5)?)?,
        articles: r.get(6)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::article;

    fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        store
            .add_batch(&[article(0, "موسكو"), article(1, "بونتا أريناس")])
            .unwrap();
        store.recompute(3).unwrap();
        store
    }

    #[test]
    fn the_article_view_has_every_span_in_its_text() {
        let store = store();
        let view = store.article(1).unwrap().unwrap();
        assert!(!view.entities.is_empty() && !view.events.is_empty());
        let chars: Vec<char> = view.text.chars().collect();
        let slice = |s: i64, e: i64| chars[s as usize..e as usize].iter().collect::<String>();
        for e in &view.entities {
            assert!(e.canonical.is_some());
            for m in &e.mentions {
                assert_eq!(slice(m.start as i64, m.end as i64), m.text);
            }
        }
        for e in &view.events {
            assert_eq!(slice(e.evidence.start, e.evidence.end), e.evidence.text);
            assert_eq!(slice(e.trigger.start, e.trigger.end), e.trigger.text);
            assert!(e.fused.is_some(), "each event is a report of a fused event");
            assert!(e.article.is_none());
        }
        assert!(store.article(99).unwrap().is_none());
    }

    #[test]
    fn ids_stay_the_same_when_articles_are_added() {
        let mut store = store();
        let ids = |store: &Store| {
            let mut e: Vec<(String, String)> = store
                .entities()
                .unwrap()
                .into_iter()
                .map(|e| (e.id, e.name))
                .collect();
            e.sort();
            let f: Vec<String> = store
                .fused_events(None)
                .unwrap()
                .into_iter()
                .map(|f| format!("{} {}", f.id, f.story))
                .collect();
            (e, f)
        };
        let before = ids(&store);
        // A later article on the same summit and one on something else.
        store
            .add_batch(&[crate::tests::article(2, "بكين")])
            .unwrap();
        store.recompute(3).unwrap();
        let after = ids(&store);
        for e in &before.0 {
            assert!(after.0.contains(e), "{e:?} lost: {after:?}");
        }
        for f in &before.1 {
            assert!(after.1.contains(f), "{f} lost: {after:?}");
        }
    }

    #[test]
    fn events_filter_and_page() {
        let store = store();
        let all = store
            .events(&EventFilter::default(), Paging::default())
            .unwrap();
        assert_eq!(all.total, 2);
        let one = store
            .events(
                &EventFilter::default(),
                Paging {
                    limit: 1,
                    offset: 1,
                },
            )
            .unwrap();
        assert_eq!((one.total, one.items.len()), (2, 1));
        let consult = EventFilter {
            ty: Some("consult".into()),
            actor: Some("RUS".into()),
            ..EventFilter::default()
        };
        assert_eq!(store.events(&consult, Paging::default()).unwrap().total, 2);
        let none = EventFilter {
            ty: Some("ASSAULT".into()),
            ..EventFilter::default()
        };
        assert_eq!(store.events(&none, Paging::default()).unwrap().total, 0);
        // A hostile value is a value, never SQL.
        let hostile = EventFilter {
            outlet: Some("x' OR 1=1 --".into()),
            ..EventFilter::default()
        };
        assert_eq!(store.events(&hostile, Paging::default()).unwrap().total, 0);
    }

    /// Issue 14: an article with more mentions than an answer holds is cut, and says so.
    #[test]
    fn an_article_view_caps_its_annotations() {
        let mut long = Store::open_in_memory().unwrap();
        let n = MAX_ARTICLE_ANNOTATIONS + 200;
        let text = "س ".repeat(n);
        let mut a = crate::NewArticle::new("long.txt", "in/long.txt", &text);
        a.blocks = vec![(0, text.chars().count())];
        let spans: Vec<(usize, usize)> = (0..n).map(|i| (2 * i, 2 * i + 1)).collect();
        a.entities = vec![crate::NewEntity::new(
            rasd_fusion::EntityRecord::new("PER", "س", None),
            &spans,
            &text,
        )];
        long.add_batch(&[a]).unwrap();
        let view = long.article(1).unwrap().unwrap();
        assert_eq!(view.entities.len(), 1);
        assert_eq!(view.entities[0].mentions.len(), MAX_ARTICLE_ANNOTATIONS);
        assert_eq!(view.truncated, ["mentions"]);
        // A small article is whole.
        assert!(store().article(1).unwrap().unwrap().truncated.is_empty());
    }

    /// Issue 14: `_` and `%` in a filter are characters, not wildcards that match everything.
    #[test]
    fn like_wildcards_in_filters_match_themselves() {
        let store = store();
        for wild in ["_", "%", "%%", "R_S", "\\", "RU%"] {
            let filter = EventFilter {
                actor: Some(wild.into()),
                ..EventFilter::default()
            };
            let page = store.events(&filter, Paging::default()).unwrap();
            assert_eq!(page.total, 0, "actor={wild:?}");
            let found = store
                .entity_page(Some(wild), None, Paging::default())
                .unwrap();
            assert_eq!(found.total, 0, "q={wild:?}");
        }
        // Prefixes and parts of names still match.
        let rus = EventFilter {
            actor: Some("RU".into()),
            ..EventFilter::default()
        };
        assert_eq!(store.events(&rus, Paging::default()).unwrap().total, 2);
        assert_eq!(
            store
                .entity_page(Some("وتي"), None, Paging::default())
                .unwrap()
                .total,
            1
        );
    }

    #[test]
    fn fused_events_entities_stories_timeline_and_network() {
        let store = store();
        let contradicted = store
            .fused_event_page(
                &FusedFilter {
                    contradicted: Some(true),
                    ..FusedFilter::default()
                },
                Paging::default(),
            )
            .unwrap();
        assert_eq!(contradicted.total, 1);
        let f = &contradicted.items[0];
        assert_eq!(f.mentions.len(), 2);
        assert_eq!(store.fused_event(&f.id).unwrap().unwrap(), *f);
        assert!(store.fused_event("f999").unwrap().is_none());

        let found = store
            .entity_page(Some("بوتين"), None, Paging::default())
            .unwrap();
        assert_eq!(found.total, 1);
        let id = found.items[0].id.clone();
        let view = store.entity(&id).unwrap().unwrap();
        assert_eq!(view.article_list.len(), 2);
        assert_eq!(view.entity.articles, 2);
        assert_eq!(view.fused_events.len(), 1);
        assert_eq!(view.related.len(), 1);
        assert_eq!(view.related[0].weight, 2);

        let stories = store.story_page(Paging::default()).unwrap();
        assert_eq!(stories.total, 1);
        let s = &stories.items[0];
        assert_eq!((s.articles, s.fused_events, s.contradictions), (2, 1, 1));
        let story = store.story(&s.id).unwrap().unwrap();
        assert_eq!(story.article_list.len(), 2);
        assert_eq!(story.fused_event_list.len(), 1);
        assert!(store.story("s999").unwrap().is_none());

        let days = store.timeline(&EventFilter::default()).unwrap();
        assert_eq!(days.iter().map(|d| d.articles).sum::<u64>(), 2);
        assert_eq!(days.iter().map(|d| d.events).sum::<u64>(), 2);

        let net = store.network(None, 1, 50).unwrap();
        assert_eq!(net.nodes.len(), 2);
        assert_eq!(net.edges.len(), 1);
        assert_eq!(net.edges[0].types["CONSULT"], 1);
        assert!(
            store
                .network(Some("ASSAULT"), 1, 50)
                .unwrap()
                .nodes
                .is_empty()
        );
    }
}
