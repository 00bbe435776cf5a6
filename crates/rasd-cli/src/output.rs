//! The output format of `rasd extract`: one JSON object per input file (see README.md).
//!
//! All `start`/`end` offsets are character (code point) offsets into the file's decoded text.

use rasd_reader::{BlockKind, Document};
use rasd_text::{CharIndex, Span};
use serde::Serialize;

/// One input file.
#[derive(Serialize)]
pub struct FileReport<'a> {
    /// File name (without directories).
    pub file: String,
    /// The path as given.
    pub path: String,
    /// What decoding repaired.
    pub warnings: Vec<String>,
    /// Characters in the decoded text.
    pub chars: usize,
    /// Articles, main first.
    pub articles: Vec<ArticleReport<'a>>,
}

/// A character range of the decoded text.
#[derive(Serialize, Clone, Copy)]
pub struct CharRange {
    pub start: usize,
    pub end: usize,
}

/// A piece of text with its character range.
#[derive(Serialize)]
pub struct TextSpan<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

/// A dropped line and why.
#[derive(Serialize)]
pub struct DroppedReport<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub reason: rasd_reader::DropReason,
}

/// One entity of an article.
#[derive(Serialize)]
pub struct EntityReport {
    /// Unique within the file: `e1`, `e2`…
    pub id: String,
    #[serde(rename = "type")]
    pub ty: rasd_ner::EntityType,
    pub name: String,
    pub name_en: Option<String>,
    pub actor: Option<String>,
    pub mentions: Vec<MentionReport>,
}

/// A mention of an entity.
#[derive(Serialize)]
pub struct MentionReport {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A quote.
#[derive(Serialize)]
pub struct QuoteReport {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The speech cue as written ("وقال", "مردفًا").
    pub cue: Option<String>,
    pub cue_start: Option<usize>,
    pub cue_end: Option<usize>,
    /// Entity id of the speaker, or null when unnamed.
    pub speaker: Option<String>,
    pub speaker_name: Option<String>,
    pub kind: rasd_extract::quotes::QuoteKind,
}

/// A time expression.
/// An actor slot of an event: the entity (when the actor is one) and its code.
#[derive(Serialize)]
pub struct ActorSlot {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A coded event. `source`/`target`/`location`/`attributed_to` are entity ids when the
/// participant is a named entity; the `*_actor` fields hold CAMEO actor codes.
#[derive(Serialize)]
pub struct EventReport {
    #[serde(rename = "type")]
    pub ty: String,
    pub cameo: String,
    pub trigger: ActorSlot,
    pub source: Option<String>,
    pub source_actor: Option<String>,
    pub source_text: Option<ActorSlot>,
    pub source_name_en: Option<String>,
    pub target: Option<String>,
    pub target_actor: Option<String>,
    pub target_text: Option<ActorSlot>,
    pub target_name_en: Option<String>,
    pub date: Option<String>,
    pub date_text: Option<ActorSlot>,
    pub location: Option<String>,
    pub location_text: Option<ActorSlot>,
    pub modality: rasd_extract::events::Modality,
    pub attributed_to: Option<String>,
    pub attributed_text: Option<ActorSlot>,
    pub quantity: Option<QuantityReport>,
    pub evidence: String,
    pub evidence_start: usize,
    pub evidence_end: usize,
}

#[derive(Serialize)]
pub struct TimeReport {
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(rename = "type")]
    pub ty: rasd_extract::dates::TimexType,
    /// TIMEX3 value, null when it needs a publication date the article does not state.
    pub value: Option<String>,
    pub modifier: Option<String>,
    pub relative: bool,
}

/// A quantity.
#[derive(Serialize)]
pub struct QuantityReport {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// about, more_than, less_than, at_least, up_to.
    pub approx: Option<String>,
    /// A vague amount («عشرات»): `value` is its order of magnitude.
    pub vague: bool,
    /// What is counted, in English.
    pub unit: Option<String>,
}

/// What the analysis stages found in one article.
pub use rasd_pipeline::ArticleAnnotations;

/// One article.
#[derive(Serialize)]
pub struct ArticleReport<'a> {
    pub role: rasd_reader::ArticleRole,
    pub title: Option<&'a str>,
    pub title_span: Option<CharRange>,
    pub subtitle: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub outlet_en: Option<&'a str>,
    pub published: Option<&'a str>,
    pub published_text: Option<&'a str>,
    pub byline: Option<&'a str>,
    /// Paragraphs, one per line.
    pub body: String,
    /// Character ranges of the body's paragraphs, in order.
    pub paragraphs: Vec<CharRange>,
    pub headings: Vec<TextSpan<'a>>,
    pub dropped: Vec<DroppedReport<'a>>,
    /// Named entities with their mentions.
    pub entities: Vec<EntityReport>,
    /// Filled by the event stage.
    pub events: Vec<EventReport>,
    /// Direct quotes with their speakers.
    pub quotes: Vec<QuoteReport>,
    /// Reported speech («قال إن …») with its speakers.
    pub reported: Vec<QuoteReport>,
    /// Time expressions (TIMEX3 types and values).
    pub dates: Vec<TimeReport>,
    /// Quantities with their counted nouns.
    pub quantities: Vec<QuantityReport>,
}

impl<'a> FileReport<'a> {
    /// `annotations[i]` are those of article `i`.
    pub fn new(
        file: String,
        path: String,
        doc: &'a Document,
        annotations: Vec<ArticleAnnotations>,
    ) -> Self {
        let index = CharIndex::new(&doc.text);
        let range = |s: Span| {
            let (start, end) = index.char_span(s);
            CharRange { start, end }
        };
        let text = doc.text.as_str();
        let mut next_id = 0;
        let cut = cut_warnings(&annotations);
        let mut annotations = annotations.into_iter();
        let mut articles = Vec::with_capacity(doc.articles.len());
        for a in &doc.articles {
            let ann = annotations.next().unwrap_or_default();
            // Entity ids run through the whole file: e1, e2…
            let ids: Vec<String> = ann
                .entities
                .iter()
                .map(|_| {
                    next_id += 1;
                    format!("e{next_id}")
                })
                .collect();
            let quote = |q: &rasd_extract::quotes::Quote| {
                let r = range(q.text);
                let cue = q.cue.map(range);
                QuoteReport {
                    text: q.text.text(text).to_owned(),
                    start: r.start,
                    end: r.end,
                    cue: q.cue.map(|c| c.text(text).to_owned()),
                    cue_start: cue.map(|c| c.start),
                    cue_end: cue.map(|c| c.end),
                    speaker: q.speaker.map(|i| ids[i].clone()),
                    speaker_name: q.speaker.map(|i| ann.entities[i].name.clone()),
                    kind: q.kind,
                }
            };
            let quotes = ann.quotes.iter().map(quote).collect();
            let reported = ann.reported.iter().map(quote).collect();
            let dates = ann
                .times
                .iter()
                .map(|t| {
                    let r = range(t.span);
                    TimeReport {
                        text: t.span.text(text).to_owned(),
                        start: r.start,
                        end: r.end,
                        ty: t.ty,
                        value: t.value.clone(),
                        modifier: t.modifier.clone(),
                        relative: t.relative,
                    }
                })
                .collect();
            let quantity = |q: &rasd_extract::quantities::Quantity| {
                let r = range(q.span);
                QuantityReport {
                    text: q.span.text(text).to_owned(),
                    start: r.start,
                    end: r.end,
                    value: q.value,
                    approx: q.approx.clone(),
                    vague: q.vague,
                    unit: q.unit.clone(),
                }
            };
            let quantities = ann.quantities.iter().map(quantity).collect();
            let slot = |s: Span| {
                let r = range(s);
                ActorSlot {
                    text: s.text(text).to_owned(),
                    start: r.start,
                    end: r.end,
                }
            };
            let actor_id =
                |a: Option<usize>| a.and_then(|a| ann.actors[a].entity).map(|e| ids[e].clone());
            let actor_code = |a: Option<usize>| a.and_then(|a| ann.actors[a].code.clone());
            let actor_text = |a: Option<usize>| a.map(|a| slot(ann.actors[a].span));
            // The English name of a participant that is a named entity.
            let actor_en = |a: Option<usize>| {
                a.and_then(|a| ann.actors[a].entity)
                    .and_then(|e| ann.entities[e].name_en.clone())
            };
            let events = ann
                .events
                .iter()
                .map(|e| {
                    let ev = range(e.evidence);
                    let time = e.time.map(|t| &ann.times[t]);
                    EventReport {
                        ty: e.plover.clone(),
                        cameo: e.cameo.clone(),
                        trigger: slot(e.trigger),
                        source: actor_id(e.source),
                        source_actor: actor_code(e.source),
                        source_text: actor_text(e.source),
                        source_name_en: actor_en(e.source),
                        target: actor_id(e.target),
                        target_actor: actor_code(e.target),
                        target_text: actor_text(e.target),
                        target_name_en: actor_en(e.target),
                        date: time.and_then(|t| t.value.clone()),
                        date_text: time.map(|t| slot(t.span)),
                        location: actor_id(e.place),
                        location_text: e.place_span.map(slot),
                        modality: e.modality,
                        attributed_to: e.attribution.as_ref().and_then(|a| {
                            a.entity
                                .map(|i| ids[i].clone())
                                .or_else(|| a.actor.and_then(|x| ann.actors[x].code.clone()))
                        }),
                        attributed_text: e.attribution.as_ref().map(|a| slot(a.span)),
                        quantity: e.quantity.map(|q| quantity(&ann.quantities[q])),
                        evidence: e.evidence.text(text).to_owned(),
                        evidence_start: ev.start,
                        evidence_end: ev.end,
                    }
                })
                .collect();
            let entities = ann
                .entities
                .into_iter()
                .zip(ids)
                .map(|(e, id)| EntityReport {
                    id,
                    ty: e.ty,
                    name: e.name,
                    name_en: e.name_en,
                    actor: e.actor,
                    mentions: e
                        .mentions
                        .iter()
                        .map(|&s| {
                            let r = range(s);
                            MentionReport {
                                text: s.text(text).to_owned(),
                                start: r.start,
                                end: r.end,
                            }
                        })
                        .collect(),
                })
                .collect();
            articles.push(ArticleReport {
                role: a.role,
                title: a.title.as_ref().map(|f| f.text.as_str()),
                title_span: a.title.as_ref().map(|f| range(f.span)),
                subtitle: a.subtitle.as_ref().map(|f| f.text.as_str()),
                outlet: doc.outlet_of(a),
                outlet_en: a.outlet_en.as_deref(),
                published: a.published.as_ref().map(|p| p.date.as_str()),
                published_text: a.published.as_ref().and_then(|p| p.text.as_deref()),
                byline: a.byline.as_ref().map(|f| f.text.as_str()),
                body: a.body(text),
                paragraphs: a
                    .blocks
                    .iter()
                    .filter(|b| b.kind == BlockKind::Paragraph)
                    .map(|b| range(b.span))
                    .collect(),
                headings: a
                    .blocks
                    .iter()
                    .filter(|b| b.kind == BlockKind::Heading)
                    .map(|b| {
                        let r = range(b.span);
                        TextSpan {
                            text: b.span.text(text),
                            start: r.start,
                            end: r.end,
                        }
                    })
                    .collect(),
                dropped: a
                    .dropped
                    .iter()
                    .map(|d| {
                        let r = range(d.span);
                        DroppedReport {
                            text: d.span.text(text),
                            start: r.start,
                            end: r.end,
                            reason: d.reason,
                        }
                    })
                    .collect(),
                entities,
                events,
                quotes,
                reported,
                dates,
                quantities,
            });
        }
        FileReport {
            file,
            path,
            warnings: (doc.warnings.iter().map(|w| w.to_string()))
                .chain(cut)
                .collect(),
            chars: index.char_offset(doc.text.len()),
            articles,
        }
    }
}

/// What the per-article caps cut, one warning each (naming the article when the file has
/// several).
pub fn cut_warnings(annotations: &[rasd_pipeline::ArticleAnnotations]) -> Vec<String> {
    let several = annotations.len() > 1;
    (annotations.iter().enumerate())
        .flat_map(|(i, a)| {
            a.warnings.iter().map(move |w| {
                if several {
                    format!("article {}: {w}", i + 1)
                } else {
                    w.clone()
                }
            })
        })
        .collect()
}
