//! Reading the cross-article layer back: canonical entities and fused events.

use std::collections::HashMap;

use serde::Serialize;

use crate::{Store, StoreError};

/// A canonical entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityRow {
    /// Identifier (`c10003`: named after its first mention, so it stays when articles are added).
    pub id: String,
    /// `PER`, `LOC`, `ORG` or `MISC`.
    #[serde(rename = "type")]
    pub ty: String,
    /// The full name written most often.
    pub name: String,
    /// English name.
    pub name_en: Option<String>,
    /// CAMEO actor code.
    pub actor: Option<String>,
    /// Every spelling seen, most frequent first.
    pub aliases: Vec<String>,
    /// How many articles name it.
    pub articles: u64,
}

/// A party of a fused event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartyRow {
    /// Canonical entity id.
    pub entity: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// English name.
    pub name_en: Option<String>,
    /// CAMEO actor code.
    pub actor: Option<String>,
}

/// A report of a fused event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FusedMentionRow {
    /// The article's row id.
    pub article: i64,
    /// Its file.
    pub file: String,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Its publication date.
    pub published: Option<String>,
    /// Modality of this report.
    pub modality: String,
    /// CAMEO code of this report.
    pub cameo: String,
    /// The sentence.
    pub evidence: String,
    /// Character offsets of the sentence in the file's text.
    pub start: i64,
    /// End of the sentence.
    pub end: i64,
    /// The date this report gives.
    pub date: Option<String>,
    /// The place this report gives.
    pub location: Option<String>,
    /// The amount this report gives.
    pub quantity: Option<String>,
}

/// A fused event with its reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FusedEventRow {
    /// Identifier (`f10000`: named after its first report, so it stays when articles are added).
    pub id: String,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub ty: String,
    /// CAMEO code.
    pub cameo: String,
    /// Its story.
    pub story: String,
    /// Source.
    pub source: PartyRow,
    /// Target.
    pub target: PartyRow,
    /// Date.
    pub date: Option<String>,
    /// Place.
    pub location: Option<String>,
    /// Independent outlets reporting it.
    pub corroboration: i64,
    /// Earliest report.
    pub first_reported: Option<String>,
    /// Where the reports disagree (`[{field, values: [{value, outlets, files}]}]`).
    pub contradictions: serde_json::Value,
    /// Figures reported higher later on (a toll that rose), earliest first: JSON as stored.
    pub updates: serde_json::Value,
    /// Its reports.
    pub mentions: Vec<FusedMentionRow>,
}

impl Store {
    /// The canonical entities, most widely named first.
    pub fn entities(&self) -> Result<Vec<EntityRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, type, name, name_en, actor, aliases, articles FROM entities
             ORDER BY articles DESC, rowid",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(crate::query::entity_row(r)?);
        }
        Ok(out)
    }

    /// The fused events (of PLOVER type `ty` when given), most corroborated first.
    pub fn fused_events(&self, ty: Option<&str>) -> Result<Vec<FusedEventRow>, StoreError> {
        let mut mentions: HashMap<String, Vec<FusedMentionRow>> = HashMap::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT m.fused, m.article, f.name, a.outlet, a.published, m.modality, m.cameo,
                        m.evidence, m.evidence_start, m.evidence_end, m.date, m.location, m.quantity
                 FROM fused_mentions m
                 JOIN fused_events e ON e.id = m.fused
                 JOIN articles a ON a.id = m.article
                 JOIN files f ON f.id = a.file_id
                 WHERE ?1 IS NULL OR e.type = ?1
                 ORDER BY m.rowid",
            )?;
            let mut rows = stmt.query([ty])?;
            while let Some(r) = rows.next()? {
                mentions
                    .entry(r.get(0)?)
                    .or_default()
                    .push(crate::query::mention_row(r, 1)?);
            }
        }
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {} FROM fused_events WHERE ?1 IS NULL OR type = ?1
             ORDER BY corroboration DESC, rowid",
            crate::query::FUSED_COLUMNS
        ))?;
        let mut rows = stmt.query([ty])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = crate::query::fused_row(r)?;
            row.mentions = mentions.remove(&row.id).unwrap_or_default();
            out.push(row);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;
    use crate::tests::article;

    #[test]
    fn lists_what_was_fused() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .add_batch(&[article(0, "موسكو"), article(1, "بونتا أريناس")])
            .unwrap();
        store.recompute(3).unwrap();
        let entities = store.entities().unwrap();
        assert_eq!(entities.len(), 2);
        assert!(entities.iter().all(|e| e.articles == 2));
        let events = store.fused_events(Some("CONSULT")).unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].mentions.len(), 2);
        assert_eq!(events[0].mentions[0].file, "0.txt");
        assert_eq!(events[0].contradictions[0]["field"], "location");
        assert!(store.fused_events(Some("ASSAULT")).unwrap().is_empty());
    }
}
