//! What the per-article stages found, as the cross-article stages (`rasd-fusion`) and the store
//! take it: plain records with character offsets into the file's text.

use rasd_extract::events::Event;
use rasd_fusion::{ArticleRecord, EntityRecord, EventRecord, QuantityRecord, Slot};
use rasd_ner::Entity;
use rasd_pipeline::ArticleAnnotations;
use rasd_reader::Document;
use rasd_text::CharIndex;

/// An entity as a record: its name, codes, every way the article writes it.
pub fn entity_record(text: &str, e: &Entity) -> EntityRecord {
    let mut aliases: Vec<String> = e.mentions.iter().map(|m| m.text(text).to_owned()).collect();
    aliases.sort();
    aliases.dedup();
    EntityRecord {
        ty: e.ty.as_str().to_owned(),
        name: e.name.clone(),
        name_en: e.name_en.clone(),
        actor: e.actor.clone(),
        aliases,
        mentions: e.mentions.len(),
    }
}

/// An event as a record, its evidence as character offsets.
pub fn event_record(
    text: &str,
    index: &CharIndex,
    ann: &ArticleAnnotations,
    e: &Event,
) -> EventRecord {
    let slot = |x: Option<usize>| -> Slot {
        x.map(|i| &ann.actors[i])
            .map_or_else(Slot::default, |r| Slot {
                entity: r.entity,
                actor: r.code.clone(),
                text: Some(r.span.text(text).to_owned()),
            })
    };
    let (start, end) = index.char_span(e.evidence);
    EventRecord {
        ty: e.plover.clone(),
        cameo: e.cameo.clone(),
        source: slot(e.source),
        target: slot(e.target),
        date: e.time.and_then(|t| ann.times[t].value.clone()),
        // The place: its entity's fullest name, else the words.
        location: e
            .place
            .map(|p| {
                let r = &ann.actors[p];
                r.entity.map_or_else(
                    || r.span.text(text).to_owned(),
                    |x| ann.entities[x].name.clone(),
                )
            })
            .or_else(|| e.place_span.map(|s| s.text(text).to_owned())),
        location_is_country: e
            .place
            .and_then(|p| ann.actors[p].code.as_deref())
            .is_some_and(|c| c.len() == 3),
        quantity: e.quantity.map(|q| {
            let q = &ann.quantities[q];
            QuantityRecord {
                value: q.value,
                unit: q.unit.clone(),
                text: q.span.text(text).to_owned(),
            }
        }),
        modality: serde_json::to_value(e.modality)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        evidence: e.evidence.text(text).to_owned(),
        start,
        end,
    }
}

/// An article's body: its headings and paragraphs, one per line — what copies are found on,
/// what its lead is cut from, and (with its title) what identifies it in the store.
pub fn body(text: &str, a: &rasd_reader::Article) -> String {
    a.blocks
        .iter()
        .map(|b| b.span.text(text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A file's articles as records (ids are set when the files are put together).
pub fn article_records(
    file: &str,
    doc: &Document,
    annotations: &[ArticleAnnotations],
) -> Vec<ArticleRecord> {
    let text = doc.text.as_str();
    let index = CharIndex::new(text);
    doc.articles
        .iter()
        .zip(annotations)
        .map(|(a, ann)| ArticleRecord {
            id: 0,
            file: file.to_owned(),
            outlet: doc.outlet_of(a).map(str::to_owned),
            published: a.published.as_ref().map(|p| p.date.clone()),
            title: a.title.as_ref().map(|f| f.text.clone()),
            lead: rasd_fusion::lead_of(&body(text, a)),
            entities: ann
                .entities
                .iter()
                .map(|e| entity_record(text, e))
                .collect(),
            events: ann
                .events
                .iter()
                .map(|e| event_record(text, &index, ann, e))
                .collect(),
            duplicate_of: None,
        })
        .collect()
}
