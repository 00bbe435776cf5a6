//! The cross-article layer: copies, canonical entities, stories and fused events, recomputed
//! from the stored per-article records and replaced in one transaction.

use std::collections::HashMap;

use rasd_fusion::{ArticleRecord, EntityRecord, EventRecord, QuantityRecord, Slot};
use rusqlite::{Connection, params};
use serde::Serialize;

use crate::{Store, StoreError, join_spans, set_stale};

/// What [`Store::recompute`] produced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Derived {
    /// Articles it ran over.
    pub articles: usize,
    /// Articles that are copies of another.
    pub duplicates: usize,
    /// Canonical entities.
    pub entities: usize,
    /// Stories.
    pub stories: usize,
    /// Fused events.
    pub fused_events: usize,
}

/// The stored articles as the fusion stage sees them (ids are positions), with their row ids
/// and bodies.
struct Loaded {
    ids: Vec<i64>,
    records: Vec<ArticleRecord>,
    bodies: Vec<String>,
}

fn load(conn: &Connection) -> Result<Loaded, StoreError> {
    let mut ids = Vec::new();
    let mut records = Vec::new();
    let mut bodies = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT a.id, f.name, a.outlet, a.published, a.title, a.blocks, f.text
         FROM articles a JOIN files f ON f.id = a.file_id ORDER BY a.id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        ids.push(r.get::<_, i64>(0)?);
        records.push(ArticleRecord {
            id: records.len() as u32,
            file: r.get(1)?,
            outlet: r.get(2)?,
            published: r.get(3)?,
            title: r.get(4)?,
            lead: String::new(),
            entities: Vec::new(),
            events: Vec::new(),
            duplicate_of: None,
        });
        let blocks: Vec<(usize, usize)> = serde_json::from_str(&r.get::<_, String>(5)?)?;
        let body = join_spans(&r.get::<_, String>(6)?, &blocks);
        if let Some(last) = records.last_mut() {
            last.lead = rasd_fusion::lead_of(&body);
        }
        bodies.push(body);
    }
    let position: HashMap<i64, usize> = ids.iter().enumerate().map(|(p, &id)| (id, p)).collect();
    let mut mention_counts: HashMap<(i64, i64), usize> = HashMap::new();
    {
        let mut stmt = conn
            .prepare("SELECT article, entity, count(*) FROM mentions GROUP BY article, entity")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            mention_counts.insert((r.get(0)?, r.get(1)?), r.get(2)?);
        }
    }
    let mut stmt = conn.prepare(
        "SELECT article, idx, type, name, name_en, actor, aliases
         FROM article_entities ORDER BY article, idx",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let article: i64 = r.get(0)?;
        let idx: i64 = r.get(1)?;
        let aliases: String = r.get(6)?;
        records[position[&article]].entities.push(EntityRecord {
            ty: r.get(2)?,
            name: r.get(3)?,
            name_en: r.get(4)?,
            actor: r.get(5)?,
            aliases: serde_json::from_str(&aliases)?,
            mentions: mention_counts.get(&(article, idx)).copied().unwrap_or(0),
        });
    }
    let mut stmt = conn.prepare(
        "SELECT article, type, cameo, source_entity, source_actor, source_text, target_entity,
                target_actor, target_text, date, location, location_is_country, quantity_value,
                quantity_unit, quantity_text, modality, evidence, evidence_start, evidence_end
         FROM events ORDER BY article, idx",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let article: i64 = r.get(0)?;
        let quantity = match r.get::<_, Option<f64>>(12)? {
            Some(value) => Some(QuantityRecord {
                value,
                unit: r.get(13)?,
                text: r.get::<_, Option<String>>(14)?.unwrap_or_default(),
            }),
            None => None,
        };
        records[position[&article]].events.push(EventRecord {
            ty: r.get(1)?,
            cameo: r.get(2)?,
            source: Slot {
                entity: r.get(3)?,
                actor: r.get(4)?,
                text: r.get(5)?,
            },
            target: Slot {
                entity: r.get(6)?,
                actor: r.get(7)?,
                text: r.get(8)?,
            },
            date: r.get(9)?,
            location: r.get(10)?,
            location_is_country: r.get(11)?,
            quantity,
            modality: r.get(15)?,
            evidence: r.get(16)?,
            start: r.get(17)?,
            end: r.get(18)?,
        });
    }
    Ok(Loaded {
        ids,
        records,
        bodies,
    })
}

impl Store {
    /// Recomputes the cross-article layer over every stored article with the engine
    /// `rasd analyze` runs too ([`rasd_fusion::link::link`]: copies, canonical entities, stories
    /// within `window_days`, fused events) and replaces the stored one in one transaction.
    pub fn recompute(&mut self, window_days: i64) -> Result<Derived, StoreError> {
        let Loaded {
            ids,
            mut records,
            bodies,
        } = load(&self.conn)?;
        let rasd_fusion::link::Linked {
            duplicates: groups,
            resolution,
            stories,
            fused,
        } = rasd_fusion::link::link(&mut records, &bodies, window_days)?;

        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM fused_mentions; DELETE FROM fused_events; DELETE FROM duplicates;
             DELETE FROM stories; DELETE FROM entities;
             UPDATE articles SET story = NULL, duplicate_of = NULL;
             UPDATE article_entities SET canonical = NULL;",
        )?;
        let mut derived = Derived {
            articles: records.len(),
            ..Derived::default()
        };
        {
            let mut dup = tx.prepare(
                "INSERT INTO duplicates (article, canonical, similarity, exact) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut dup_of = tx.prepare("UPDATE articles SET duplicate_of = ?2 WHERE id = ?1")?;
            for g in &groups {
                let canonical = ids[g.canonical as usize];
                for m in g.members.iter().filter(|m| m.id != g.canonical) {
                    let article = ids[m.id as usize];
                    dup.execute(params![article, canonical, m.similarity, m.exact])?;
                    dup_of.execute(params![article, canonical])?;
                    derived.duplicates += 1;
                }
            }
            let mut entity = tx.prepare(
                "INSERT INTO entities (id, type, name, name_en, actor, aliases, articles, keys)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for e in &resolution.entities {
                let keys = std::iter::once(&e.name)
                    .chain(e.name_en.as_ref())
                    .chain(&e.aliases)
                    .map(|n| crate::query::name_key(n))
                    .collect::<Vec<_>>()
                    .join("|");
                entity.execute(params![
                    e.id,
                    e.ty,
                    e.name,
                    e.name_en,
                    e.actor,
                    serde_json::to_string(&e.aliases)?,
                    e.articles.len(),
                    keys
                ])?;
            }
            derived.entities = resolution.entities.len();
            let mut canonical = tx.prepare(
                "UPDATE article_entities SET canonical = ?3 WHERE article = ?1 AND idx = ?2",
            )?;
            for (p, a) in records.iter().enumerate() {
                for i in 0..a.entities.len() {
                    if let Some(c) = resolution.of(p, i) {
                        canonical.execute(params![ids[p], i, resolution.entities[c].id])?;
                    }
                }
            }
            let mut story = tx.prepare(
                "INSERT INTO stories (id, title, first, last, entities, articles)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut story_of = tx.prepare("UPDATE articles SET story = ?2 WHERE id = ?1")?;
            for s in &stories {
                story.execute(params![
                    s.id,
                    s.title,
                    s.first,
                    s.last,
                    serde_json::to_string(&s.entities)?,
                    s.articles.len()
                ])?;
                for &a in &s.articles {
                    story_of.execute(params![ids[a as usize], s.id])?;
                }
            }
            derived.stories = stories.len();
            let mut event = tx.prepare(
                "INSERT INTO fused_events (id, type, cameo, story, source_entity, source_name,
                    source_name_en, source_actor, target_entity, target_name, target_name_en,
                    target_actor, date, location, corroboration, first_reported, contradictions)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            )?;
            let mut mention = tx.prepare(
                "INSERT INTO fused_mentions (fused, article, event, modality, cameo, evidence,
                    evidence_start, evidence_end, date, location, quantity)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            for f in &fused {
                event.execute(params![
                    f.id,
                    f.ty,
                    f.cameo,
                    f.story,
                    f.source.entity,
                    f.source.name,
                    f.source.name_en,
                    f.source.actor,
                    f.target.entity,
                    f.target.name,
                    f.target.name_en,
                    f.target.actor,
                    f.date,
                    f.location,
                    f.corroboration,
                    f.first_reported,
                    serde_json::to_string(&f.contradictions)?
                ])?;
                for m in &f.mentions {
                    mention.execute(params![
                        f.id,
                        ids[m.article as usize],
                        m.event,
                        m.modality,
                        m.cameo,
                        m.evidence,
                        m.start,
                        m.end,
                        m.date,
                        m.location,
                        m.quantity
                    ])?;
                }
            }
            derived.fused_events = fused.len();
        }
        set_stale(&tx, false)?;
        tx.commit()?;
        Ok(derived)
    }
}

#[cfg(test)]
mod tests {
    use crate::tests::article;
    use crate::{NewArticle, Store};

    #[test]
    fn the_layer_is_replaced_not_added_to() {
        let mut store = Store::open_in_memory().unwrap();
        let batch: Vec<NewArticle> = (0..3).map(|n| article(n, "موسكو")).collect();
        store.add_batch(&batch).unwrap();
        let first = store.recompute(3).unwrap();
        let counts = store.counts().unwrap();
        assert_eq!(first.articles, 3);
        assert_eq!(store.recompute(3).unwrap(), first);
        assert_eq!(store.counts().unwrap(), counts);
        // One more report of the summit that puts it elsewhere: still one fused event, now
        // with a contradiction on the place.
        store.add_batch(&[article(3, "بونتا أريناس")]).unwrap();
        let second = store.recompute(3).unwrap();
        assert_eq!(second.fused_events, first.fused_events);
        let contradictions: String = store
            .connection()
            .query_row("SELECT contradictions FROM fused_events", [], |r| r.get(0))
            .unwrap();
        assert!(contradictions.contains("location"), "{contradictions}");
        let reports: i64 = store
            .connection()
            .query_row("SELECT count(*) FROM fused_mentions", [], |r| r.get(0))
            .unwrap();
        assert_eq!(reports, 4);
        // Every article entity has its canonical entity.
        let unresolved: i64 = store
            .connection()
            .query_row(
                "SELECT count(*) FROM article_entities WHERE canonical IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(unresolved, 0);
    }
}
