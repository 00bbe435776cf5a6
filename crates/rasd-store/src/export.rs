//! Reading the store for export: every article event with its article, its parties' canonical
//! entities and the fused event it is a report of.

use std::collections::HashMap;

use serde::Serialize;

use crate::{Store, StoreError};

/// A participant of an article event.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ExportParty {
    /// The words naming it in the article.
    pub text: Option<String>,
    /// CAMEO actor code: the event's own, else its canonical entity's.
    pub actor: Option<String>,
    /// Canonical entity id (`c1` …), when the participant is a named entity.
    pub entity: Option<String>,
    /// The canonical entity's name.
    pub name: Option<String>,
    /// The canonical entity's English name.
    pub name_en: Option<String>,
}

/// An article event with everything an export row needs. Offsets are character (code point)
/// offsets into the text of the article's file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExportEvent {
    /// The article's row id.
    pub article: i64,
    /// Its file's name.
    pub file: String,
    /// The path the file was read from.
    pub path: String,
    /// Its outlet, as written.
    pub outlet: Option<String>,
    /// The outlet's English name.
    pub outlet_en: Option<String>,
    /// Publication date (YYYY-MM-DD).
    pub published: Option<String>,
    /// The article's title.
    pub title: Option<String>,
    /// The article's story (`s1` …).
    pub story: Option<String>,
    /// The event's position among the article's events.
    pub idx: i64,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub ty: String,
    /// CAMEO code.
    pub cameo: String,
    /// The trigger word.
    pub trigger: String,
    /// Start of the trigger.
    pub trigger_start: i64,
    /// End of the trigger.
    pub trigger_end: i64,
    /// Source.
    pub source: ExportParty,
    /// Target.
    pub target: ExportParty,
    /// TIMEX3 value of the event's time.
    pub date: Option<String>,
    /// Place.
    pub location: Option<String>,
    /// Whether the place is a country.
    pub location_is_country: bool,
    /// The amount's value.
    pub quantity_value: Option<f64>,
    /// What it counts (`soldier`, `USD` …).
    pub quantity_unit: Option<String>,
    /// The amount as written.
    pub quantity_text: Option<String>,
    /// `asserted`, `reported`, `expected`, `speculated` or `negated`.
    pub modality: String,
    /// The sentence stating the event.
    pub evidence: String,
    /// Start of the sentence.
    pub evidence_start: i64,
    /// End of the sentence.
    pub evidence_end: i64,
    /// The fused event it is a report of (`f1` …).
    pub fused: Option<String>,
    /// That fused event's corroboration (independent outlets).
    pub corroboration: Option<i64>,
}

/// A report of a fused event, as a candidate for the article event it comes from.
struct Report {
    fused: String,
    corroboration: i64,
    /// The article event's index, when the store records it.
    event: Option<i64>,
    modality: String,
    date: Option<String>,
    location: Option<String>,
    quantity: Option<String>,
    source: (Option<String>, Option<String>),
    target: (Option<String>, Option<String>),
}

impl Report {
    /// How well the report fits an article event with its key (higher is better).
    fn fit(&self, e: &ExportEvent) -> u32 {
        if let Some(k) = self.event {
            return if k == e.idx { 1000 } else { 0 };
        }
        let mut score = 1;
        score += u32::from(self.modality == e.modality);
        score += u32::from(self.date == e.date);
        score += u32::from(self.location == e.location);
        score += u32::from(self.quantity == e.quantity_text);
        // The parties decide between events of one sentence: each the same code's country, or
        // the same canonical entity, in either order.
        let same = |(actor, entity): &(Option<String>, Option<String>), p: &ExportParty| {
            (actor.is_some() && country(actor) == country(&p.actor))
                || (entity.is_some() && *entity == p.entity)
        };
        let straight =
            u32::from(same(&self.source, &e.source)) + u32::from(same(&self.target, &e.target));
        let crossed =
            u32::from(same(&self.source, &e.target)) + u32::from(same(&self.target, &e.source));
        score + 4 * straight.max(crossed)
    }
}

/// The country part of a CAMEO actor code (its first three letters).
fn country(code: &Option<String>) -> Option<&str> {
    code.as_deref().and_then(|c| c.get(..3))
}

/// Article, evidence start, evidence end, CAMEO code.
type ReportKey = (i64, i64, i64, String);

impl Store {
    /// Calls `f` on every article event, in article then event order, and returns how many
    /// there were.
    ///
    /// Each event comes with the fused event it is a report of: the report of its article with
    /// the same evidence span and CAMEO code (by the event's index where the store records it;
    /// among several events of one sentence, the report that agrees with it on parties, date,
    /// place, amount and modality). Events are read one at a time: memory holds the reports'
    /// keys, not the events.
    pub fn export_events<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(ExportEvent) -> Result<(), E>,
    ) -> Result<usize, E> {
        let mut reports = self.reports_by_key()?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.id, f.name, f.path, a.outlet, a.outlet_en, a.published, a.title, a.story,
                    e.idx, e.type, e.cameo, e.trigger_start, e.trigger_end,
                    substr(f.text, e.trigger_start + 1, e.trigger_end - e.trigger_start),
                    e.source_text, coalesce(e.source_actor, sc.actor), sc.id, sc.name, sc.name_en,
                    e.target_text, coalesce(e.target_actor, tc.actor), tc.id, tc.name, tc.name_en,
                    e.date, e.location, e.location_is_country, e.quantity_value, e.quantity_unit,
                    e.quantity_text, e.modality, e.evidence, e.evidence_start, e.evidence_end
                 FROM events e
                 JOIN articles a ON a.id = e.article
                 JOIN files f ON f.id = a.file_id
                 LEFT JOIN article_entities se
                        ON se.article = e.article AND se.idx = e.source_entity
                 LEFT JOIN entities sc ON sc.id = se.canonical
                 LEFT JOIN article_entities te
                        ON te.article = e.article AND te.idx = e.target_entity
                 LEFT JOIN entities tc ON tc.id = te.canonical
                 ORDER BY e.article, e.idx",
            )
            .map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            let mut e = read_event(r).map_err(StoreError::from)?;
            let key = (e.article, e.evidence_start, e.evidence_end, e.cameo.clone());
            if let Some(candidates) = reports.get_mut(&key) {
                let best = candidates
                    .iter()
                    .enumerate()
                    .max_by_key(|(i, c)| (c.fit(&e), std::cmp::Reverse(*i)))
                    .filter(|(_, c)| c.fit(&e) > 0)
                    .map(|(i, _)| i);
                if let Some(i) = best {
                    let report = candidates.swap_remove(i);
                    e.fused = Some(report.fused);
                    e.corroboration = Some(report.corroboration);
                }
            }
            f(e)?;
            n += 1;
        }
        Ok(n)
    }

    /// The reports of fused events by article, evidence span and CAMEO code.
    fn reports_by_key(&self) -> Result<HashMap<ReportKey, Vec<Report>>, StoreError> {
        // Stores from schema 2 on record which article event a report is.
        let has_event: bool = self.conn.query_row(
            "SELECT count(*) > 0 FROM pragma_table_info('fused_mentions') WHERE name = 'event'",
            [],
            |r| r.get(0),
        )?;
        let sql = format!(
            "SELECT m.article, m.evidence_start, m.evidence_end, m.cameo, m.fused,
                    e.corroboration, {}, m.modality, m.date, m.location, m.quantity,
                    e.source_actor, e.source_entity, e.target_actor, e.target_entity
             FROM fused_mentions m JOIN fused_events e ON e.id = m.fused
             ORDER BY m.rowid",
            if has_event { "m.event" } else { "NULL" }
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        let mut out: HashMap<ReportKey, Vec<Report>> = HashMap::new();
        while let Some(r) = rows.next()? {
            out.entry((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                .or_default()
                .push(Report {
                    fused: r.get(4)?,
                    corroboration: r.get(5)?,
                    event: r.get(6)?,
                    modality: r.get(7)?,
                    date: r.get(8)?,
                    location: r.get(9)?,
                    quantity: r.get(10)?,
                    source: (r.get(11)?, r.get(12)?),
                    target: (r.get(13)?, r.get(14)?),
                });
        }
        Ok(out)
    }
}

fn read_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<ExportEvent> {
    Ok(ExportEvent {
        article: r.get(0)?,
        file: r.get(1)?,
        path: r.get(2)?,
        outlet: r.get(3)?,
        outlet_en: r.get(4)?,
        published: r.get(5)?,
        title: r.get(6)?,
        story: r.get(7)?,
        idx: r.get(8)?,
        ty: r.get(9)?,
        cameo: r.get(10)?,
        trigger_start: r.get(11)?,
        trigger_end: r.get(12)?,
        trigger: r.get::<_, Option<String>>(13)?.unwrap_or_default(),
        source: ExportParty {
            text: r.get(14)?,
            actor: r.get(15)?,
            entity: r.get(16)?,
            name: r.get(17)?,
            name_en: r.get(18)?,
        },
        target: ExportParty {
            text: r.get(19)?,
            actor: r.get(20)?,
            entity: r.get(21)?,
            name: r.get(22)?,
            name_en: r.get(23)?,
        },
        date: r.get(24)?,
        location: r.get(25)?,
        location_is_country: r.get(26)?,
        quantity_value: r.get(27)?,
        quantity_unit: r.get(28)?,
        quantity_text: r.get(29)?,
        modality: r.get(30)?,
        evidence: r.get(31)?,
        evidence_start: r.get(32)?,
        evidence_end: r.get(33)?,
        fused: None,
        corroboration: None,
    })
}

#[cfg(test)]
mod tests {
    use rasd_fusion::{EntityRecord, EventRecord, Slot};

    use super::ExportEvent;
    use crate::tests::article;
    use crate::{NewEntity, NewEvent, Store, StoreError};

    fn export(store: &Store) -> Vec<ExportEvent> {
        let mut out = Vec::new();
        let n = store
            .export_events(|e| {
                out.push(e);
                Ok::<_, StoreError>(())
            })
            .unwrap();
        assert_eq!(n, out.len());
        out
    }

    /// The text of a character span.
    fn slice(text: &str, start: i64, end: i64) -> String {
        text.chars()
            .skip(start as usize)
            .take((end - start) as usize)
            .collect()
    }

    #[test]
    fn every_event_with_its_parties_and_fused_event() {
        let mut store = Store::open_in_memory().unwrap();
        let (a, b) = (article(0, "موسكو"), article(1, "بونتا أريناس"));
        let text = a.file_text.clone();
        store.add_batch(&[a, b]).unwrap();
        store.recompute(3).unwrap();
        let events = export(&store);
        assert_eq!(events.len() as u64, store.counts().unwrap().events);
        let fused = store.fused_events(None).unwrap();
        assert_eq!(fused.len(), 1);
        let e = &events[0];
        assert_eq!(
            (e.file.as_str(), e.idx, e.cameo.as_str()),
            ("0.txt", 0, "042")
        );
        assert_eq!(e.trigger, "استقبل");
        assert_eq!(slice(&text, e.trigger_start, e.trigger_end), e.trigger);
        assert_eq!(slice(&text, e.evidence_start, e.evidence_end), e.evidence);
        assert_eq!(e.source.name.as_deref(), Some("بوتين"));
        assert_eq!(e.source.actor.as_deref(), Some("RUSGOV"));
        assert!(e.source.entity.is_some() && e.source.entity != e.target.entity);
        assert_eq!(e.location.as_deref(), Some("موسكو"));
        assert_eq!(e.outlet.as_deref(), Some("outlet 0"));
        assert!(e.story.is_some());
        for e in &events {
            assert_eq!(e.fused.as_deref(), Some(fused[0].id.as_str()));
            assert_eq!(e.corroboration, Some(2));
        }
    }

    #[test]
    fn events_of_one_sentence_find_their_own_fused_event() {
        let mut a = article(0, "موسكو");
        let text = a.file_text.clone();
        let xi = text.find("كيم").unwrap();
        let xi = text[..xi].chars().count();
        a.entities.push(NewEntity::new(
            EntityRecord::new("PER", "شي", Some("CHNGOV")),
            &[(xi, xi + 3)],
            &text,
        ));
        // A second meeting in the same sentence with the same code: Putin and a Chinese leader.
        let mut record = EventRecord::new(
            "CONSULT",
            "042",
            Slot::entity(2, "CHNGOV"),
            Slot::entity(0, "RUSGOV"),
        );
        let first = &a.events[0].record;
        record.evidence = first.evidence.clone();
        (record.start, record.end) = (first.start, first.end);
        record.location = first.location.clone();
        a.events.push(NewEvent {
            record,
            trigger: a.events[0].trigger,
        });
        let mut store = Store::open_in_memory().unwrap();
        store.add_batch(&[a]).unwrap();
        store.recompute(3).unwrap();
        let fused = store.fused_events(None).unwrap();
        assert_eq!(fused.len(), 2);
        let events = export(&store);
        assert_eq!(events.len(), 2);
        assert_ne!(events[0].fused, events[1].fused);
        // Without the recorded event index (stores of schema 1), the parties tell them apart.
        let has_event: bool = store
            .connection()
            .query_row(
                "SELECT count(*) > 0 FROM pragma_table_info('fused_mentions') WHERE name = 'event'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        if has_event {
            store
                .connection()
                .execute("UPDATE fused_mentions SET event = NULL", [])
                .unwrap();
            assert_eq!(export(&store), events);
        }
        for e in &events {
            let f = fused
                .iter()
                .find(|f| Some(&f.id) == e.fused.as_ref())
                .unwrap();
            let mut theirs = [f.source.actor.clone(), f.target.actor.clone()];
            let mut ours = [e.source.actor.clone(), e.target.actor.clone()];
            theirs.sort();
            ours.sort();
            assert_eq!(theirs, ours, "{e:?}");
        }
    }

    #[test]
    fn an_empty_store_exports_nothing() {
        let store = Store::open_in_memory().unwrap();
        assert!(export(&store).is_empty());
    }
}
