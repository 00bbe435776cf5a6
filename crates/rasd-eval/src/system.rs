//! What `rasd extract --format json` prints, as the scorer reads it (fields the scorer does not
//! read are ignored), and a gold annotation seen as a system's output (for agreement).

use serde::Deserialize;

use crate::gold::GoldFile;

/// One input file's output.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SystemDoc {
    /// The input file's name.
    #[serde(default)]
    pub file: String,
    /// Its articles.
    #[serde(default)]
    pub articles: Vec<SysArticle>,
}

/// One article of the output.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SysArticle {
    /// `main` or `related`.
    #[serde(default)]
    pub role: Option<String>,
    /// Metadata.
    #[serde(default)]
    pub title: Option<String>,
    /// Outlet.
    #[serde(default)]
    pub outlet: Option<String>,
    /// Publication date.
    #[serde(default)]
    pub published: Option<String>,
    /// Byline.
    #[serde(default)]
    pub byline: Option<String>,
    /// Paragraphs, one per line.
    #[serde(default)]
    pub body: String,
    /// Entities.
    #[serde(default)]
    pub entities: Vec<SysEntity>,
    /// Events.
    #[serde(default)]
    pub events: Vec<SysEvent>,
    /// Direct quotes.
    #[serde(default)]
    pub quotes: Vec<SysQuote>,
    /// Time expressions.
    #[serde(default)]
    pub dates: Vec<SysTime>,
}

/// An entity.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SysEntity {
    /// Id within the file.
    #[serde(default)]
    pub id: Option<String>,
    /// Type.
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// CAMEO actor code.
    #[serde(default)]
    pub actor: Option<String>,
    /// Mentions.
    #[serde(default)]
    pub mentions: Vec<SysMention>,
}

/// A mention's text.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SysMention {
    /// As written.
    #[serde(default)]
    pub text: String,
}

/// An event.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SysEvent {
    /// PLOVER type.
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    /// CAMEO code.
    #[serde(default)]
    pub cameo: Option<String>,
    /// Entity id of the source.
    #[serde(default)]
    pub source: Option<String>,
    /// Its CAMEO actor code.
    #[serde(default)]
    pub source_actor: Option<String>,
    /// Entity id of the target.
    #[serde(default)]
    pub target: Option<String>,
    /// Its CAMEO actor code.
    #[serde(default)]
    pub target_actor: Option<String>,
    /// TIMEX3 value.
    #[serde(default)]
    pub date: Option<String>,
    /// Modality.
    #[serde(default)]
    pub modality: Option<String>,
    /// The sentence.
    #[serde(default)]
    pub evidence: String,
}

/// A quote.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SysQuote {
    /// The quoted words.
    #[serde(default)]
    pub text: String,
    /// Entity id of the speaker.
    #[serde(default)]
    pub speaker: Option<String>,
}

/// A time expression.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SysTime {
    /// The words.
    #[serde(default)]
    pub text: String,
    /// TIMEX3 value.
    #[serde(default)]
    pub value: Option<String>,
}

impl SystemDoc {
    /// Parse NDJSON output: one document per non-empty line; an error names the line.
    pub fn parse_lines(text: &str) -> Result<Vec<SystemDoc>, String> {
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(n, l)| {
                serde_json::from_str(l).map_err(|e| format!("line {}: not JSON output: {e}", n + 1))
            })
            .collect()
    }

    /// A gold annotation as if a system had printed it, to score one annotator against
    /// another: entities with their surfaces as mentions, events with their parties' codes
    /// (an entity's actor code, or the code the annotator wrote), direct quotes, times.
    pub fn from_gold(g: &GoldFile, text: &str) -> SystemDoc {
        let actor_of = |slot: &Option<String>| -> Option<String> {
            let v = slot.as_deref()?;
            match g.entity(v) {
                Some(e) => e.actor.clone(),
                None => Some(v.to_owned()),
            }
        };
        let entity_id = |slot: &Option<String>| -> Option<String> {
            slot.as_deref()
                .filter(|v| g.entity(v).is_some())
                .map(str::to_owned)
        };
        let body = g
            .articles
            .first()
            .and_then(|a| {
                let start = text.find(&a.body_start)?;
                let end = text[start..].find(&a.body_end)? + start + a.body_end.len();
                Some(text[start..end].to_owned())
            })
            .unwrap_or_default();
        let main = SysArticle {
            role: Some("main".to_owned()),
            title: g.articles.first().and_then(|a| a.title.clone()),
            outlet: g.articles.first().and_then(|a| a.outlet.clone()),
            published: g.articles.first().and_then(|a| a.published.clone()),
            byline: g.articles.first().and_then(|a| a.byline.clone()),
            body,
            entities: g
                .entities
                .iter()
                .filter(|e| e.required)
                .map(|e| SysEntity {
                    id: Some(e.id.clone()),
                    ty: Some(e.ty.clone()),
                    name: e.name_ar.clone().unwrap_or_default(),
                    actor: e.actor.clone(),
                    mentions: e
                        .surfaces
                        .iter()
                        .map(|s| SysMention { text: s.clone() })
                        .collect(),
                })
                .collect(),
            events: g
                .events
                .iter()
                .map(|e| SysEvent {
                    ty: Some(e.ty.clone()),
                    cameo: Some(e.cameo.clone()),
                    source: entity_id(&e.source),
                    source_actor: actor_of(&e.source),
                    target: entity_id(&e.target),
                    target_actor: actor_of(&e.target),
                    date: e.date.clone(),
                    modality: e.modality.clone(),
                    evidence: e.evidence.clone(),
                })
                .collect(),
            quotes: g
                .quotes
                .iter()
                .filter(|q| q.kind.as_deref().unwrap_or("direct") == "direct")
                .map(|q| SysQuote {
                    text: q.text.clone(),
                    speaker: q.speaker.clone(),
                })
                .collect(),
            dates: g
                .times
                .iter()
                .map(|t| SysTime {
                    text: t.text.clone(),
                    value: t.value.clone(),
                })
                .collect(),
        };
        SystemDoc {
            file: g.file.clone(),
            articles: vec![main],
        }
    }
}
