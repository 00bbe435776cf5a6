//! The cross-article layer: copies, canonical entities, stories and fused events.
//!
//! [`Store::recompute`] computes it over every stored article and replaces the stored one;
//! [`Store::update`] goes on from the stored one for the articles added since, touching only
//! what they reach: the articles of the last [`LOOK_BACK_DAYS`] days before the earliest of
//! them (copies, stories, fused events), and the canonical entities their names join. Both
//! write in one transaction.

use std::collections::{BTreeSet, HashMap, HashSet};

use rasd_fusion::fuse::FusedEvent;
use rasd_fusion::resolve::{CanonicalEntity, Resolution};
use rasd_fusion::stories::{Clusterer, Step, Story, StoryInput, Weights};
use rasd_fusion::{ArticleRecord, EntityRecord, EventRecord, QuantityRecord, Slot};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use crate::{Store, StoreError, join_spans, set_stale};

/// How many days before the earliest added article an update reads again: every story still
/// open then began at most [`rasd_fusion::stories::MAX_STORY_DAYS`] days before it, and an
/// original is at most 7 days older than its copy ([`rasd_dedup::DedupParams::window_days`]).
pub const LOOK_BACK_DAYS: i64 = rasd_fusion::stories::MAX_STORY_DAYS + 1;

/// What [`Store::recompute`] or [`Store::update`] left in the store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Derived {
    /// Articles in the store.
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

/// What [`Store::update`] did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Update {
    /// The layer as it now is.
    pub derived: Derived,
    /// It was recomputed over the whole store (a store without recorded steps, or an added
    /// article without a date), not updated.
    pub full: bool,
    /// The articles linked for the first time (row ids).
    pub added: Vec<i64>,
    /// The stored articles read again (the look-back window, added ones included).
    pub read: usize,
    /// The stories replaced.
    pub stories: usize,
    /// Seconds each phase took, in order.
    pub seconds: Vec<(&'static str, f64)>,
}

/// The seconds of each phase of an update.
struct Phases {
    start: std::time::Instant,
    laps: Vec<(&'static str, f64)>,
}

impl Phases {
    fn started() -> Self {
        Phases {
            start: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((name, (now - self.start).as_secs_f64()));
        self.start = now;
    }
}

/// Stored articles as the fusion stage sees them (ids are row ids), with their bodies and
/// the canonical entity stored for each of their entities.
struct Loaded {
    records: Vec<ArticleRecord>,
    bodies: Vec<String>,
    canonical: Vec<Vec<Option<String>>>,
}

/// The articles published on or after `since` (YYYY-MM-DD; "" for all), and those without a
/// date one can read (which cluster first).
const SINCE: &str = "(published IS NULL OR published >= ?1
    OR published NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*')";

fn load(conn: &Connection, since: &str) -> Result<Loaded, StoreError> {
    let mut records = Vec::new();
    let mut bodies = Vec::new();
    let mut canonical: Vec<Vec<Option<String>>> = Vec::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT a.id, f.name, a.outlet, a.published, a.title, a.blocks, f.text, a.duplicate_of
         FROM articles a JOIN files f ON f.id = a.file_id WHERE {SINCE} ORDER BY a.id"
    ))?;
    let mut rows = stmt.query([since])?;
    while let Some(r) = rows.next()? {
        let blocks: Vec<(usize, usize)> = serde_json::from_str(&r.get::<_, String>(5)?)?;
        let body = join_spans(&r.get::<_, String>(6)?, &blocks);
        records.push(ArticleRecord {
            id: r.get::<_, i64>(0)? as u32,
            file: r.get(1)?,
            outlet: r.get(2)?,
            published: r.get(3)?,
            title: r.get(4)?,
            lead: rasd_fusion::lead_of(&body),
            entities: Vec::new(),
            events: Vec::new(),
            duplicate_of: r.get::<_, Option<i64>>(7)?.map(|d| d as u32),
        });
        canonical.push(Vec::new());
        bodies.push(body);
    }
    let position: HashMap<i64, usize> = records
        .iter()
        .enumerate()
        .map(|(p, a)| (i64::from(a.id), p))
        .collect();
    let within = format!("article IN (SELECT id FROM articles WHERE {SINCE})");
    let mut mention_counts: HashMap<(i64, i64), usize> = HashMap::new();
    {
        let mut stmt = conn.prepare(&format!(
            "SELECT article, entity, count(*) FROM mentions WHERE {within} GROUP BY article, entity"
        ))?;
        let mut rows = stmt.query([since])?;
        while let Some(r) = rows.next()? {
            mention_counts.insert((r.get(0)?, r.get(1)?), r.get(2)?);
        }
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT article, idx, type, name, name_en, actor, aliases, canonical
         FROM article_entities WHERE {within} ORDER BY article, idx"
    ))?;
    let mut rows = stmt.query([since])?;
    while let Some(r) = rows.next()? {
        let article: i64 = r.get(0)?;
        let idx: i64 = r.get(1)?;
        let aliases: String = r.get(6)?;
        let p = position[&article];
        records[p].entities.push(EntityRecord {
            ty: r.get(2)?,
            name: r.get(3)?,
            name_en: r.get(4)?,
            actor: r.get(5)?,
            aliases: serde_json::from_str(&aliases)?,
            mentions: mention_counts.get(&(article, idx)).copied().unwrap_or(0),
        });
        canonical[p].push(r.get(7)?);
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT article, type, cameo, source_entity, source_actor, source_text, target_entity,
                target_actor, target_text, date, location, location_is_country, quantity_value,
                quantity_unit, quantity_text, modality, evidence, evidence_start, evidence_end
         FROM events WHERE {within} ORDER BY article, idx"
    ))?;
    let mut rows = stmt.query([since])?;
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
        records,
        bodies,
        canonical,
    })
}

/// The search keys of a canonical entity: its name, English name and aliases.
fn entity_keys(e: &CanonicalEntity) -> String {
    std::iter::once(&e.name)
        .chain(e.name_en.as_ref())
        .chain(&e.aliases)
        .map(|n| crate::query::name_key(n))
        .collect::<Vec<_>>()
        .join("|")
}

fn insert_entity(tx: &Transaction<'_>, e: &CanonicalEntity) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO entities (id, type, name, name_en, actor, aliases, articles, keys)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        e.id,
        e.ty,
        e.name,
        e.name_en,
        e.actor,
        serde_json::to_string(&e.aliases)?,
        e.articles.len(),
        entity_keys(e)
    ])?;
    Ok(())
}

fn insert_story(tx: &Transaction<'_>, s: &Story) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO stories (id, title, first, last, entities, articles)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        s.id,
        s.title,
        s.first,
        s.last,
        serde_json::to_string(&s.entities)?,
        s.articles.len()
    ])?;
    let mut story_of = tx.prepare_cached("UPDATE articles SET story = ?2 WHERE id = ?1")?;
    for &a in &s.articles {
        story_of.execute(params![a, s.id])?;
    }
    Ok(())
}

/// Writes stories (with their articles' `story`), the clustering steps and fused events.
fn insert_linked(
    tx: &Transaction<'_>,
    stories: &[Story],
    steps: &[Step],
    fused: &[FusedEvent],
) -> Result<(), StoreError> {
    for s in stories {
        insert_story(tx, s)?;
    }
    insert_steps(tx, steps)?;
    for f in fused {
        insert_fused(tx, f)?;
    }
    Ok(())
}

fn insert_steps(tx: &Transaction<'_>, steps: &[Step]) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT OR REPLACE INTO story_steps (article, story, merged_gone, merged_into)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for s in steps {
        stmt.execute(params![
            s.article,
            s.story,
            s.merged.map(|m| m.0),
            s.merged.map(|m| m.1)
        ])?;
    }
    Ok(())
}

fn insert_fused(tx: &Transaction<'_>, f: &FusedEvent) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO fused_events (id, type, cameo, story, source_entity, source_name,
            source_name_en, source_actor, target_entity, target_name, target_name_en,
            target_actor, date, location, corroboration, first_reported, contradictions, updates)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?
    .execute(params![
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
        serde_json::to_string(&f.contradictions)?,
        serde_json::to_string(&f.updates)?
    ])?;
    let mut mention = tx.prepare_cached(
        "INSERT INTO fused_mentions (fused, article, event, modality, cameo, evidence,
            evidence_start, evidence_end, date, location, quantity)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for m in &f.mentions {
        mention.execute(params![
            f.id, m.article, m.event, m.modality, m.cameo, m.evidence, m.start, m.end, m.date,
            m.location, m.quantity
        ])?;
    }
    Ok(())
}

fn insert_duplicate(
    tx: &Transaction<'_>,
    article: u32,
    canonical: u32,
    m: &rasd_dedup::DupMember,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO duplicates (article, canonical, similarity, exact)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![article, canonical, m.similarity, m.exact])?;
    tx.prepare_cached("UPDATE articles SET duplicate_of = ?2 WHERE id = ?1")?
        .execute(params![article, canonical])?;
    Ok(())
}

fn counts(conn: &Connection) -> Result<Derived, StoreError> {
    let n = |sql: &str| -> Result<usize, StoreError> {
        Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as usize)
    };
    Ok(Derived {
        articles: n("SELECT count(*) FROM articles")?,
        duplicates: n("SELECT count(*) FROM duplicates")?,
        entities: n("SELECT count(*) FROM entities")?,
        stories: n("SELECT count(*) FROM stories")?,
        fused_events: n("SELECT count(*) FROM fused_events")?,
    })
}

impl Store {
    /// Recomputes the cross-article layer over every stored article with the engine
    /// `rasd analyze` runs too ([`rasd_fusion::link::link`]: copies, canonical entities, stories
    /// within `window_days`, fused events) and replaces the stored one in one transaction.
    pub fn recompute(&mut self, window_days: i64) -> Result<Derived, StoreError> {
        let Loaded {
            mut records,
            bodies,
            ..
        } = load(&self.conn, "")?;
        for r in &mut records {
            r.duplicate_of = None;
        }
        let rasd_fusion::link::Linked {
            duplicates: groups,
            resolution,
            stories,
            steps,
            fused,
        } = rasd_fusion::link::link(&mut records, &bodies, window_days)?;

        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM fused_mentions; DELETE FROM fused_events; DELETE FROM duplicates;
             DELETE FROM stories; DELETE FROM entities; DELETE FROM story_steps;
             UPDATE articles SET story = NULL, duplicate_of = NULL;
             UPDATE article_entities SET canonical = NULL;",
        )?;
        for g in &groups {
            for m in g.members.iter().filter(|m| m.id != g.canonical) {
                insert_duplicate(&tx, m.id, g.canonical, m)?;
            }
        }
        for e in &resolution.entities {
            insert_entity(&tx, e)?;
        }
        {
            let mut canonical = tx.prepare_cached(
                "UPDATE article_entities SET canonical = ?3 WHERE article = ?1 AND idx = ?2",
            )?;
            for (p, a) in records.iter().enumerate() {
                for i in 0..a.entities.len() {
                    if let Some(c) = resolution.of(p, i) {
                        canonical.execute(params![a.id, i, resolution.entities[c].id])?;
                    }
                }
            }
        }
        insert_linked(&tx, &stories, &steps, &fused)?;
        set_stale(&tx, false)?;
        // Canonical entities may have other ids now: the index is rebuilt.
        crate::set_meta(&tx, "index_whole", "1")?;
        let derived = counts(&tx)?;
        tx.commit()?;
        Ok(derived)
    }

    /// Brings the cross-article layer up to date with the articles added since it was last
    /// computed, touching only what they reach, in one transaction:
    /// - the articles from [`LOOK_BACK_DAYS`] days before the earliest added one are read
    ///   again; copies are found among them, for the added articles and those after them;
    /// - stories go on from the steps recorded for the articles before the earliest added one
    ///   ([`Clusterer::replay`]), so they are the ones a recompute would give; the stories
    ///   they reach are replaced, with their fused events;
    /// - an added article's entity takes the canonical entity its name joins among the
    ///   articles read (resolution over them), else a stored entity of the same type and
    ///   name, else a new one; stored articles keep theirs ([`Store::recompute`] resolves the
    ///   whole store again).
    ///
    /// A store without recorded steps, or an added article without a readable date, is
    /// recomputed whole.
    pub fn update(&mut self, window_days: i64) -> Result<Update, StoreError> {
        let mut clock = Phases::started();
        let stepped: i64 = self
            .conn
            .query_row("SELECT count(*) FROM story_steps", [], |r| r.get(0))?;
        let mut pending: Vec<(i64, Option<String>)> = Vec::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT a.id, a.published FROM articles a
                 LEFT JOIN story_steps s ON s.article = a.id WHERE s.article IS NULL ORDER BY a.id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                pending.push((r.get(0)?, r.get(1)?));
            }
        }
        let full = |store: &mut Store, added: Vec<i64>| -> Result<Update, StoreError> {
            let derived = store.recompute(window_days)?;
            Ok(Update {
                derived,
                full: true,
                read: derived.articles,
                stories: derived.stories,
                added,
                seconds: Vec::new(),
            })
        };
        let added: Vec<i64> = pending.iter().map(|p| p.0).collect();
        if pending.is_empty() {
            if self.is_stale()? {
                return full(self, added);
            }
            return Ok(Update {
                derived: counts(&self.conn)?,
                ..Update::default()
            });
        }
        let days: Option<Vec<i64>> = pending
            .iter()
            .map(|(_, d)| d.as_deref().and_then(rasd_fusion::stories::day_number))
            .collect();
        let (Some(days), true) = (days, stepped > 0) else {
            return full(self, added);
        };
        let first_day = days.iter().copied().min().unwrap_or_default();
        let first_date = pending
            .iter()
            .zip(&days)
            .find(|(_, d)| **d == first_day)
            .and_then(|(p, _)| p.1.clone())
            .unwrap_or_default();
        let since: String = self.conn.query_row(
            "SELECT date(substr(?1, 1, 10), ?2)",
            params![first_date, format!("-{LOOK_BACK_DAYS} days")],
            |r| r.get(0),
        )?;
        let Loaded {
            mut records,
            bodies,
            canonical,
        } = load(&self.conn, &since)?;
        clock.lap("read");
        let pending_ids: HashSet<u32> = added.iter().map(|&a| a as u32).collect();
        let position: HashMap<u32, usize> =
            records.iter().enumerate().map(|(p, a)| (a.id, p)).collect();
        let w = Weights::default();
        let order = rasd_fusion::stories::clustering_order;
        let start = records
            .iter()
            .filter(|a| pending_ids.contains(&a.id))
            .map(order)
            .min()
            .unwrap_or_default();
        // Copies, for the added articles and those after them.
        let docs: Vec<rasd_dedup::Doc<'_>> = records
            .iter()
            .zip(&bodies)
            .map(|(a, b)| rasd_dedup::Doc {
                id: a.id,
                text: b,
                date: a.published.as_deref(),
            })
            .collect();
        let groups = rasd_dedup::find_groups(&docs, &rasd_dedup::DedupParams::default())?;
        drop(docs);
        let replayed: BTreeSet<u32> = records
            .iter()
            .filter(|a| order(a) >= start)
            .map(|a| a.id)
            .collect();
        for &a in &replayed {
            records[position[&a]].duplicate_of = None;
        }
        let mut copies: Vec<(u32, u32, rasd_dedup::DupMember)> = Vec::new();
        for g in &groups {
            for m in g.members.iter().filter(|m| m.id != g.canonical) {
                if replayed.contains(&m.id) {
                    records[position[&m.id]].duplicate_of = Some(g.canonical);
                    copies.push((m.id, g.canonical, *m));
                }
            }
        }
        clock.lap("copies");
        // Entities of the added articles.
        let window = rasd_fusion::resolve::resolve(&records);
        clock.lap("resolution");
        let mut assigned = canonical;
        let mut new_entities: Vec<CanonicalEntity> = Vec::new();
        // What the added articles bring to each stored canonical entity they name.
        let mut touched: HashMap<String, (BTreeSet<u32>, Vec<String>)> = HashMap::new();
        {
            // The stored canonical entities of each window group, most members first.
            let mut stored_of: HashMap<usize, HashMap<&str, usize>> = HashMap::new();
            for (p, ids) in assigned.iter().enumerate() {
                for (i, c) in ids.iter().enumerate() {
                    if let (Some(c), Some(g)) = (c, window.of(p, i)) {
                        *stored_of
                            .entry(g)
                            .or_default()
                            .entry(c.as_str())
                            .or_default() += 1;
                    }
                }
            }
            let choice: HashMap<usize, String> = stored_of
                .into_iter()
                .filter_map(|(g, ids)| {
                    ids.into_iter()
                        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                        .map(|(id, _)| (g, id.to_owned()))
                })
                .collect();
            let mut by_name = self.conn.prepare_cached(
                // Two lookups, each by its index (`name = ? OR name_en = ?` would read every
                // entity of the type).
                "SELECT id FROM (
                    SELECT id, articles FROM entities WHERE type = ?1 AND name = ?2
                    UNION ALL
                    SELECT id, articles FROM entities WHERE type = ?1 AND name_en = ?3)
                 ORDER BY articles DESC, id LIMIT 1",
            )?;
            let mut made: HashMap<usize, String> = HashMap::new();
            let mut made_new: HashSet<String> = HashSet::new();
            for (p, a) in records.iter().enumerate() {
                if !pending_ids.contains(&a.id) {
                    continue;
                }
                for (i, slot) in assigned[p].iter_mut().enumerate() {
                    let Some(g) = window.of(p, i) else { continue };
                    let id = match (choice.get(&g), made.get(&g)) {
                        (Some(id), _) | (None, Some(id)) => id.clone(),
                        (None, None) => {
                            let e = &window.entities[g];
                            let found: Option<String> = by_name
                                .query_row(params![e.ty, e.name, e.name_en], |r| r.get(0))
                                .optional()?;
                            let id = match found {
                                Some(id) => id,
                                None => {
                                    new_entities.push(e.clone());
                                    made_new.insert(e.id.clone());
                                    e.id.clone()
                                }
                            };
                            made.insert(g, id.clone());
                            id
                        }
                    };
                    if !made_new.contains(&id) {
                        let t = touched.entry(id.clone()).or_default();
                        t.0.insert(a.id);
                        let e = &a.entities[i];
                        t.1.extend(std::iter::once(&e.name).chain(&e.aliases).cloned());
                    }
                    *slot = Some(id);
                }
            }
        }
        let resolution = self.resolution_of(&records, &assigned, &new_entities)?;
        clock.lap("entities");
        // Stories, going on from the recorded steps.
        let mut inputs: Vec<StoryInput> = records
            .iter()
            .map(|a| rasd_fusion::stories::input(a.id, a, a.duplicate_of, &w))
            .collect();
        inputs.sort_by_key(StoryInput::order_key);
        let cut = inputs.partition_point(|i| i.order_key() < start);
        let mut recorded: Vec<(Step, &StoryInput)> = Vec::with_capacity(cut);
        let mut unrecorded = false;
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT story, merged_gone, merged_into FROM story_steps WHERE article = ?1",
            )?;
            for i in &inputs[..cut] {
                let step = stmt
                    .query_row([i.article], |r| {
                        let gone: Option<u32> = r.get(1)?;
                        let into: Option<u32> = r.get(2)?;
                        Ok(Step {
                            article: i.article,
                            story: r.get(0)?,
                            merged: gone.zip(into),
                        })
                    })
                    .optional()?;
                match step {
                    Some(s) => recorded.push((s, i)),
                    None => {
                        unrecorded = true;
                        break;
                    }
                }
            }
        }
        if unrecorded {
            return full(self, added);
        }
        let next_day = inputs.get(cut).and_then(|i| i.day);
        let Ok(mut clusterer) = Clusterer::replay(window_days, w, &recorded, next_day) else {
            return full(self, added);
        };
        drop(recorded);
        let steps: Vec<Step> = inputs[cut..].iter().map(|i| clusterer.add(i)).collect();
        let clusters = clusterer.finish();
        let stories = rasd_fusion::stories::stories_of(clusters, &records, &resolution);
        clock.lap("stories");
        // Fused events of the stories reached, over their articles (and the originals their
        // copies count as, without their events).
        let members: BTreeSet<u32> = stories.iter().flat_map(|s| s.articles.clone()).collect();
        let mut subset: Vec<usize> = members.iter().map(|a| position[a]).collect();
        for &a in &members {
            if let Some(o) = records[position[&a]].duplicate_of
                && !members.contains(&o)
                && let Some(&q) = position.get(&o)
            {
                subset.push(q);
            }
        }
        subset.sort_unstable();
        subset.dedup();
        let sub_records: Vec<ArticleRecord> = subset
            .iter()
            .map(|&p| {
                let mut r = records[p].clone();
                if !members.contains(&r.id) {
                    r.events.clear();
                }
                r
            })
            .collect();
        let sub_resolution = self.resolution_of(
            &sub_records,
            &subset
                .iter()
                .map(|&p| assigned[p].clone())
                .collect::<Vec<_>>(),
            &new_entities,
        )?;
        let fused: Vec<FusedEvent> =
            rasd_fusion::fuse::fuse(&sub_records, &sub_resolution, &stories)
                .into_iter()
                .filter(|f| f.story != "-")
                .collect();
        clock.lap("fusion");

        let tx = self.conn.transaction()?;
        let mut old_stories: BTreeSet<String> = BTreeSet::new();
        {
            let mut story_of = tx.prepare_cached("SELECT story FROM articles WHERE id = ?1")?;
            for &a in &members {
                if let Some(s) = story_of.query_row([a], |r| r.get::<_, Option<String>>(0))? {
                    old_stories.insert(s);
                }
            }
        }
        old_stories.extend(stories.iter().map(|s| s.id.clone()));
        {
            let mut del_mentions = tx.prepare_cached(
                "DELETE FROM fused_mentions WHERE fused IN (SELECT id FROM fused_events WHERE story = ?1)",
            )?;
            let mut del_fused = tx.prepare_cached("DELETE FROM fused_events WHERE story = ?1")?;
            let mut del_story = tx.prepare_cached("DELETE FROM stories WHERE id = ?1")?;
            for s in &old_stories {
                del_mentions.execute([s])?;
                del_fused.execute([s])?;
                del_story.execute([s])?;
            }
            let mut del_copy = tx.prepare_cached("DELETE FROM duplicates WHERE article = ?1")?;
            let mut no_copy =
                tx.prepare_cached("UPDATE articles SET duplicate_of = NULL WHERE id = ?1")?;
            for &a in &replayed {
                del_copy.execute([a])?;
                no_copy.execute([a])?;
            }
        }
        for (a, c, m) in &copies {
            insert_duplicate(&tx, *a, *c, m)?;
        }
        for e in &new_entities {
            insert_entity(&tx, e)?;
        }
        {
            let mut canonical = tx.prepare_cached(
                "UPDATE article_entities SET canonical = ?3 WHERE article = ?1 AND idx = ?2",
            )?;
            for (p, a) in records.iter().enumerate() {
                if pending_ids.contains(&a.id) {
                    for (i, c) in assigned[p].iter().enumerate() {
                        canonical.execute(params![a.id, i, c])?;
                    }
                }
            }
        }
        extend_entities(&tx, &touched)?;
        clock.lap("write copies, entities");
        insert_linked(&tx, &stories, &steps, &fused)?;
        set_stale(&tx, false)?;
        let derived = counts(&tx)?;
        tx.commit()?;
        clock.lap("write stories, fused events");
        Ok(Update {
            derived,
            full: false,
            added,
            read: records.len(),
            stories: stories.len(),
            seconds: clock.laps,
        })
    }

    /// The resolution the stored (or just assigned) canonical entities of `records` make.
    fn resolution_of(
        &self,
        records: &[ArticleRecord],
        assigned: &[Vec<Option<String>>],
        new_entities: &[CanonicalEntity],
    ) -> Result<Resolution, StoreError> {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut entities: Vec<CanonicalEntity> = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT type, name, name_en, actor, aliases FROM entities WHERE id = ?1",
        )?;
        let mut by_article = Vec::with_capacity(records.len());
        for ids in assigned {
            let mut row = Vec::with_capacity(ids.len());
            for id in ids {
                let Some(id) = id else {
                    row.push(None);
                    continue;
                };
                if let Some(&c) = index.get(id.as_str()) {
                    row.push(Some(c));
                    continue;
                }
                let e = match new_entities.iter().find(|e| &e.id == id) {
                    Some(e) => Some(e.clone()),
                    None => stmt
                        .query_row([id], |r| {
                            let aliases: String = r.get(4)?;
                            Ok(CanonicalEntity {
                                id: id.clone(),
                                ty: r.get(0)?,
                                name: r.get(1)?,
                                name_en: r.get(2)?,
                                actor: r.get(3)?,
                                aliases: serde_json::from_str(&aliases).unwrap_or_default(),
                                articles: Vec::new(),
                            })
                        })
                        .optional()?,
                };
                match e {
                    Some(e) => {
                        index.insert(id.as_str(), entities.len());
                        row.push(Some(entities.len()));
                        entities.push(e);
                    }
                    None => row.push(None),
                }
            }
            by_article.push(row);
        }
        Ok(Resolution::assigned(entities, by_article))
    }
}

/// Adds to stored canonical entities what the added articles bring: the articles naming them
/// and the spellings not seen yet (after the others: a recompute orders them by use).
fn extend_entities(
    tx: &Transaction<'_>,
    added: &HashMap<String, (BTreeSet<u32>, Vec<String>)>,
) -> Result<(), StoreError> {
    let mut row =
        tx.prepare_cached("SELECT name, name_en, aliases, articles FROM entities WHERE id = ?1")?;
    let mut update = tx.prepare_cached(
        "UPDATE entities SET articles = ?2, aliases = ?3, keys = ?4 WHERE id = ?1",
    )?;
    for (id, (articles, spellings)) in added {
        let Some((name, name_en, aliases, count)) = row
            .query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })
            .optional()?
        else {
            continue;
        };
        let mut aliases: Vec<String> = serde_json::from_str(&aliases)?;
        for s in spellings {
            if !aliases.contains(s) {
                aliases.push(s.clone());
            }
        }
        let e = CanonicalEntity {
            id: id.clone(),
            ty: String::new(),
            name,
            name_en,
            actor: None,
            aliases,
            articles: Vec::new(),
        };
        update.execute(params![
            id,
            count + articles.len() as i64,
            serde_json::to_string(&e.aliases)?,
            entity_keys(&e)
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use rasd_fusion::{EntityRecord, EventRecord, Slot};

    use crate::tests::article;
    use crate::{NewArticle, NewEntity, NewEvent, Store};

    /// A report of subject `subject` by outlet `outlet` on day `day` of May 2023: a meeting of
    /// two invented people in an invented place, told in words that vary by outlet, with an
    /// exact reprint when `outlet` is 9.
    fn report(n: usize, subject: usize, outlet: usize, day: u32) -> NewArticle {
        let people = [
            ("ماريا أوليفيرا", "BRAGOV", "يوهان ليندكفيست", "SWEGOV"),
            ("تاكيشي موراتا", "JPNGOV", "أمارا أوكونكو", "NGAGOV"),
            ("لوكاس فيرمولن", "NLDGOV", "إيلينا ماركوفا", "BGRGOV"),
        ];
        let places = ["بورتو أليغري", "ناغويا", "روتردام"];
        let verbs = ["استقبل", "التقى", "اجتمع مع"];
        let (a, ac, b, bc) = people[subject];
        let place = places[(subject + usize::from(outlet == 2)) % places.len()];
        let verb = verbs[outlet % verbs.len()];
        let title = format!("{a} و{b} يبحثان التعاون في {}", places[subject]);
        let body = if outlet == 9 {
            format!(
                "{verb} {a} نظيره {b} في {place} وبحثا التعاون بين البلدين وملفات الطاقة والنقل \
                 والتجارة والاستثمار والتعليم والصحة والزراعة والمياه والبيئة. نسخة {n}"
            )
        } else {
            format!("{verb} {a} {b} في {place} وبحثا التعاون والطاقة، بحسب مصدر رقم {n}.")
        };
        let text = format!("{title}\n{body}");
        let mut x = NewArticle::new(&format!("{n}.txt"), &format!("in/{n}.txt"), &text);
        x.title = Some(title.clone());
        x.outlet = Some(format!("outlet {}", outlet % 3));
        x.published = Some(format!("2023-05-{day:02}"));
        let chars = |s: &str| s.chars().count();
        let title_end = chars(&title);
        x.blocks = vec![(0, title_end), (title_end + 1, chars(&text))];
        let at = |w: &str| {
            let from = text.find('\n').unwrap();
            let i = from + text[from..].find(w).unwrap();
            let s = text[..i].chars().count();
            (s, s + chars(w))
        };
        x.entities = vec![
            NewEntity::new(EntityRecord::new("PER", a, Some(ac)), &[at(a)], &text),
            NewEntity::new(EntityRecord::new("PER", b, Some(bc)), &[at(b)], &text),
            NewEntity::new(EntityRecord::new("LOC", place, None), &[at(place)], &text),
        ];
        let mut record =
            EventRecord::new("CONSULT", "042", Slot::entity(0, ac), Slot::entity(1, bc));
        record.location = Some(place.to_owned());
        record.evidence = body.clone();
        (record.start, record.end) = (title_end + 1, chars(&text));
        x.events = vec![NewEvent {
            record,
            trigger: at(verb),
        }];
        x
    }

    /// Every row of the cross-article layer, as text, in a fixed order.
    fn layer(store: &Store) -> Vec<String> {
        let c = store.connection();
        let mut out = Vec::new();
        for sql in [
            "SELECT id, story, duplicate_of FROM articles ORDER BY id",
            "SELECT * FROM stories ORDER BY id",
            "SELECT * FROM duplicates ORDER BY article",
            "SELECT article, idx, canonical FROM article_entities ORDER BY article, idx",
            "SELECT id, type, name, name_en, actor, aliases, articles, keys FROM entities ORDER BY id",
            "SELECT * FROM fused_events ORDER BY id",
            "SELECT * FROM fused_mentions ORDER BY fused, article, event",
            "SELECT * FROM story_steps ORDER BY article",
        ] {
            let mut stmt = c.prepare(sql).unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    let cells: Vec<String> = (0..n)
                        .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                        .collect();
                    Ok(cells.join("|"))
                })
                .unwrap();
            for row in rows {
                out.push(format!("{sql}: {}", row.unwrap()));
            }
        }
        out
    }

    #[test]
    fn adding_in_batches_equals_a_recompute() {
        // Three meetings over a month, each told by several outlets over some days, with
        // reprints; the batches come in date order, then one reaches back in time.
        let mut all = Vec::new();
        for n in 0..36 {
            let subject = n % 3;
            let day = 1 + (subject as u32) * 9 + (n as u32 / 3) % 4;
            let outlet = if n % 7 == 6 { 9 } else { n % 4 };
            all.push(report(n, subject, outlet, day));
        }
        all.sort_by_key(|a| a.published.clone());
        let late = all.remove(5); // stored last, though of the first days
        all.push(late);
        let mut whole = Store::open_in_memory().unwrap();
        whole.add_batch(&all).unwrap();
        let first = whole.update(3).unwrap();
        assert!(first.full, "a store without steps is recomputed whole");
        let expected = layer(&whole);
        assert!(
            first.derived.stories >= 3 && first.derived.fused_events >= 3,
            "{first:?}"
        );
        assert!(first.derived.duplicates > 0, "{first:?}");

        let mut parts = Store::open_in_memory().unwrap();
        let mut incremental = 0;
        for batch in all.chunks(5) {
            let stored = parts.add_batch(batch).unwrap();
            let u = parts.update(3).unwrap();
            incremental += usize::from(!u.full);
            assert_eq!(u.added.len(), stored.added);
        }
        assert_eq!(incremental, all.chunks(5).count() - 1);
        assert_eq!(layer(&parts), expected);
        // Nothing added: nothing done.
        let again = parts.update(3).unwrap();
        assert!(again.added.is_empty() && !again.full);
        assert_eq!(layer(&parts), expected);
    }

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
