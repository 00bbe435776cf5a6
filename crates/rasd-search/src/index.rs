//! The index: its schema, and building it from the store.

use std::path::{Path, PathBuf};

use rasd_store::Store;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    FAST, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{DateTime, Index, IndexWriter, TantivyDocument, Term};

use crate::SearchError;
use crate::analyzer::{ANALYZER_NAME, analyzer};

/// The index directory inside a data directory.
pub const INDEX_DIR: &str = "index";

/// The file in the index directory that says which analyzer and schema built it.
/// The file in an index directory that says which analyzer and schema built it; written last.
pub const VERSION_FILE: &str = "rasd-search.json";

/// Bumped whenever the analyzer or the schema changes: an index built by another version is
/// refused (rebuild it with `rasd index`).
pub const INDEX_VERSION: u32 = 2;

/// Memory the index writer may use before it writes a segment.
const WRITER_MEMORY: usize = 64 << 20;

/// The index directory of a data directory.
pub fn index_dir(data_dir: impl AsRef<Path>) -> PathBuf {
    data_dir.as_ref().join(INDEX_DIR)
}

#[derive(Serialize, Deserialize)]
struct VersionFile {
    version: u32,
    analyzer: String,
}

/// The fields of the index.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// The article's row id in the store (stored, indexed, fast).
    pub article: tantivy::schema::Field,
    /// The file's name (stored, exact).
    pub file: tantivy::schema::Field,
    /// Title (analyzed, stored).
    pub title: tantivy::schema::Field,
    /// The article's text: its title, headings and paragraphs (analyzed, stored for snippets).
    pub body: tantivy::schema::Field,
    /// The outlet as written (stored, fast: for facets).
    pub outlet: tantivy::schema::Field,
    /// Keys of the outlet's Arabic and English names (exact, for filters).
    pub outlet_key: tantivy::schema::Field,
    /// Publication date, `YYYY-MM-DD` (stored).
    pub published: tantivy::schema::Field,
    /// Publication date as a date (indexed, fast: for ranges).
    pub date: tantivy::schema::Field,
    /// Canonical entity ids (`c12`) of the entities it names (exact, stored, fast: for facets).
    pub entity: tantivy::schema::Field,
    /// Keys of the names and spellings of its entities (exact).
    pub entity_name: tantivy::schema::Field,
    /// PLOVER types of its events (exact, stored, fast: for facets).
    pub event_type: tantivy::schema::Field,
    /// Publication month, `YYYY-MM` (fast: for facets).
    pub month: tantivy::schema::Field,
}

impl Fields {
    fn of(schema: &Schema) -> Result<Fields, SearchError> {
        let f = |name: &str| schema.get_field(name).map_err(SearchError::from);
        Ok(Fields {
            article: f("article")?,
            file: f("file")?,
            title: f("title")?,
            body: f("body")?,
            outlet: f("outlet")?,
            outlet_key: f("outlet_key")?,
            published: f("published")?,
            date: f("date")?,
            entity: f("entity")?,
            entity_name: f("entity_name")?,
            event_type: f("type")?,
            month: f("month")?,
        })
    }
}

/// The schema of a rasd index.
pub fn schema() -> Schema {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    b.add_u64_field("article", INDEXED | STORED | FAST);
    b.add_text_field("file", STRING | STORED);
    b.add_text_field("title", text.clone());
    b.add_text_field("body", text);
    b.add_text_field("outlet", STORED | FAST);
    b.add_text_field("outlet_key", STRING);
    b.add_text_field("published", STORED);
    b.add_date_field("date", INDEXED | FAST);
    b.add_text_field("entity", STRING | STORED | FAST);
    b.add_text_field("entity_name", STRING);
    b.add_text_field("type", STRING | STORED | FAST);
    b.add_text_field("month", STRING | FAST);
    b.build()
}

/// The key of a name for exact filters (outlets, entity names): the store's
/// ([`rasd_store::name_key`]), so that a filter and the store's name lists agree.
pub use rasd_store::name_key;

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian), or `None` when it is
/// not one.
pub(crate) fn parse_day(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s[..4].parse().ok()?;
    let m: i64 = s[5..7].parse().ok()?;
    let d: i64 = s[8..10].parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > days_in[(m - 1) as usize] {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The tantivy date of a `YYYY-MM-DD` day.
pub(crate) fn day_to_date(day: i64) -> DateTime {
    DateTime::from_timestamp_secs(day * 86_400)
}

/// Registers the Arabic analyzer on an index.
pub(crate) fn register(index: &Index) {
    index.tokenizers().register(ANALYZER_NAME, analyzer());
}

/// Opens the index in `dir`, checking that this rasd built it.
pub(crate) fn open_index(dir: &Path) -> Result<(Index, Fields), SearchError> {
    let version_path = dir.join(VERSION_FILE);
    if !version_path.is_file() {
        return Err(SearchError::NoIndex {
            dir: dir.to_owned(),
        });
    }
    let raw = std::fs::read_to_string(&version_path).map_err(|source| SearchError::Io {
        path: version_path.clone(),
        source,
    })?;
    let v: VersionFile = serde_json::from_str(&raw)?;
    if v.version != INDEX_VERSION {
        return Err(SearchError::Incompatible {
            dir: dir.to_owned(),
            found: v.version,
            expected: INDEX_VERSION,
        });
    }
    let index = Index::open_in_dir(dir)?;
    register(&index);
    let fields = Fields::of(&index.schema())?;
    Ok((index, fields))
}

/// What building the index did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IndexStats {
    /// Articles indexed.
    pub articles: u64,
    /// Bytes of article text (titles and bodies) indexed.
    pub text_bytes: u64,
    /// Files of articles with words over [`crate::MAX_WORD_BYTES`], which are not searchable.
    pub long_words: Vec<String>,
}

/// Rebuilds the index in `dir` (normally [`index_dir`] of the store's data directory) from
/// every article in the store.
///
/// The new index is built beside it (`<dir>.tmp`) and then takes its place, so a reader never
/// sees a half-built index and a failed rebuild leaves the old one. Call it after
/// [`Store::recompute`]: it indexes the canonical entity ids of that layer.
pub fn rebuild(store: &Store, dir: impl AsRef<Path>) -> Result<IndexStats, SearchError> {
    let dir = dir.as_ref();
    let tmp = sibling(dir, "tmp");
    let old = sibling(dir, "old");
    for d in [&tmp, &old] {
        remove_dir(d)?;
    }
    std::fs::create_dir_all(&tmp).map_err(|source| SearchError::Io {
        path: tmp.clone(),
        source,
    })?;
    let index = Index::create_in_dir(&tmp, schema())?;
    register(&index);
    let fields = Fields::of(&index.schema())?;
    let mut writer: IndexWriter = index.writer(WRITER_MEMORY)?;
    let stats = add_articles(store, &writer, fields, None)?;
    writer.commit()?;
    writer.wait_merging_threads()?;
    write_version(&tmp)?;
    if dir.exists() {
        std::fs::rename(dir, &old).map_err(|source| SearchError::Io {
            path: dir.to_owned(),
            source,
        })?;
    }
    std::fs::rename(&tmp, dir).map_err(|source| SearchError::Io {
        path: tmp.clone(),
        source,
    })?;
    remove_dir(&old)?;
    Ok(stats)
}

/// Adds (or replaces) the articles with these row ids in the index in `dir`, creating the
/// index when there is none: the incremental form of [`rebuild`] for newly stored articles.
///
/// Articles stored before keep the canonical entity ids they were indexed with; after
/// [`Store::recompute`] has renumbered them, [`rebuild`] brings them up to date.
pub fn index_articles(
    store: &Store,
    dir: impl AsRef<Path>,
    ids: &[i64],
) -> Result<IndexStats, SearchError> {
    let dir = dir.as_ref();
    let (index, fields) = match open_index(dir) {
        Ok(x) => x,
        Err(SearchError::NoIndex { .. }) => {
            std::fs::create_dir_all(dir).map_err(|source| SearchError::Io {
                path: dir.to_owned(),
                source,
            })?;
            let index = Index::create_in_dir(dir, schema())?;
            register(&index);
            write_version(dir)?;
            let fields = Fields::of(&index.schema())?;
            (index, fields)
        }
        Err(e) => return Err(e),
    };
    let mut writer: IndexWriter = index.writer(WRITER_MEMORY)?;
    for &id in ids {
        writer.delete_term(Term::from_field_u64(fields.article, id as u64));
    }
    let stats = add_articles(store, &writer, fields, Some(ids))?;
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(stats)
}

fn sibling(dir: &Path, ext: &str) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(ext);
    dir.with_file_name(name)
}

fn remove_dir(d: &Path) -> Result<(), SearchError> {
    if d.exists() {
        std::fs::remove_dir_all(d).map_err(|source| SearchError::Io {
            path: d.to_owned(),
            source,
        })?;
    }
    Ok(())
}

fn write_version(dir: &Path) -> Result<(), SearchError> {
    let path = dir.join(VERSION_FILE);
    let v = VersionFile {
        version: INDEX_VERSION,
        analyzer: ANALYZER_NAME.to_owned(),
    };
    std::fs::write(&path, serde_json::to_string(&v)?)
        .map_err(|source| SearchError::Io { path, source })
}

/// Reads the articles (all, or those of `only`) from the store and adds them to the writer.
fn add_articles(
    store: &Store,
    writer: &IndexWriter,
    f: Fields,
    only: Option<&[i64]>,
) -> Result<IndexStats, SearchError> {
    let conn = store.connection();
    let mut entities = conn.prepare(
        "SELECT canonical, name, aliases FROM article_entities WHERE article = ?1 ORDER BY idx",
    )?;
    let mut types = conn.prepare("SELECT DISTINCT type FROM events WHERE article = ?1")?;
    // Two statements rather than `?1 IS NULL OR …`, which would scan every article to add a
    // few.
    let which = if only.is_some() {
        "WHERE a.id IN (SELECT value FROM json_each(?1))"
    } else {
        "WHERE ?1 IS NULL"
    };
    let mut articles = conn.prepare(&format!(
        "SELECT a.id, f.name, a.outlet, a.outlet_en, a.published, a.title, a.blocks, f.text
         FROM articles a JOIN files f ON f.id = a.file_id {which} ORDER BY a.id"
    ))?;
    let only = only.map(serde_json::to_string).transpose()?;
    let mut rows = articles.query(params![only])?;
    let mut stats = IndexStats::default();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let file: String = r.get(1)?;
        let outlet: Option<String> = r.get(2)?;
        let outlet_en: Option<String> = r.get(3)?;
        let published: Option<String> = r.get(4)?;
        let title: Option<String> = r.get(5)?;
        let blocks: Vec<(usize, usize)> = serde_json::from_str(&r.get::<_, String>(6)?)?;
        let text: String = r.get(7)?;
        let body = join_char_spans(&text, &blocks);

        let mut doc = TantivyDocument::default();
        doc.add_u64(f.article, id as u64);
        doc.add_text(f.file, &file);
        if let Some(t) = &title {
            doc.add_text(f.title, t);
            stats.text_bytes += t.len() as u64;
        }
        stats.text_bytes += body.len() as u64;
        let long = |t: &str| {
            t.split_whitespace()
                .any(|w| w.len() > crate::analyzer::MAX_WORD_BYTES)
        };
        if long(&body) || title.as_deref().is_some_and(long) {
            stats.long_words.push(file.clone());
        }
        doc.add_text(f.body, &body);
        if let Some(o) = &outlet {
            doc.add_text(f.outlet, o);
        }
        for o in [&outlet, &outlet_en].into_iter().flatten() {
            doc.add_text(f.outlet_key, name_key(o));
        }
        if let Some(p) = &published {
            doc.add_text(f.published, p);
            if let Some(day) = parse_day(p) {
                doc.add_date(f.date, day_to_date(day));
                doc.add_text(f.month, &p[..7]);
            }
        }
        let mut ents = entities.query(params![id])?;
        while let Some(e) = ents.next()? {
            if let Some(c) = e.get::<_, Option<String>>(0)? {
                doc.add_text(f.entity, c);
            }
            doc.add_text(f.entity_name, name_key(&e.get::<_, String>(1)?));
            let aliases: Vec<String> = serde_json::from_str(&e.get::<_, String>(2)?)?;
            for a in aliases {
                doc.add_text(f.entity_name, name_key(&a));
            }
        }
        let mut ts = types.query(params![id])?;
        while let Some(t) = ts.next()? {
            doc.add_text(f.event_type, t.get::<_, String>(0)?);
        }
        writer.add_document(doc)?;
        stats.articles += 1;
    }
    Ok(stats)
}

/// The text of character spans of `text`, one per line (spans past the end are cut).
fn join_char_spans(text: &str, spans: &[(usize, usize)]) -> String {
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let at = |c: usize| bytes[c.min(bytes.len() - 1)];
    let mut out = String::new();
    for &(s, e) in spans {
        let (s, e) = (at(s), at(e.max(s)));
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&text[s..e]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days() {
        assert_eq!(parse_day("1970-01-01"), Some(0));
        assert_eq!(parse_day("2023-09-13"), Some(19_613));
        assert_eq!(parse_day("2024-02-29"), Some(19_782));
        assert_eq!(parse_day("2023-02-29"), None);
        assert_eq!(parse_day("2023-9-13"), None);
        assert_eq!(parse_day("13/09/2023"), None);
    }

    #[test]
    fn spans_join() {
        let text = "عنوان\nفقرة أولى\nتعليق";
        assert_eq!(
            join_char_spans(text, &[(0, 5), (6, 15)]),
            "عنوان\nفقرة أولى"
        );
        assert_eq!(join_char_spans(text, &[(16, 99)]), "تعليق");
    }
}
