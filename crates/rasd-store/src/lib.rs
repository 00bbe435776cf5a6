//! The embedded store: articles, their annotations and the cross-article layer in one SQLite
//! file, kept across runs.
//!
//! # Brief overview
//! A [`Store`] is a data directory (by default [`DEFAULT_DATA_DIR`]) holding `rasd.sqlite`
//! ([`DB_FILE`]), opened in WAL mode and brought to the current schema by [`migrate`]'s
//! numbered migrations. What the per-article stages found comes in as [`NewArticle`]s:
//! - [`Store::add_batch`] stores a batch of articles in one transaction, skipping every article
//!   whose [`ContentHash`] (SHA-256 of its Search-normalized body) is already stored, so
//!   re-ingesting adds nothing and a crash mid-batch leaves the store as it was before it;
//! - [`Store::update`] brings the cross-article layer — copies (`rasd-dedup`), canonical
//!   entities, stories and fused events (`rasd-fusion`) — up to date with the articles added
//!   since, touching only what they reach (the articles of the [`LOOK_BACK_DAYS`] before the
//!   earliest of them, the stories they reach, the entities their names join); the stories,
//!   copies and fused events are those a whole recompute gives, since story clustering goes on
//!   from the steps recorded for each article;
//! - [`Store::recompute`] rebuilds the layer over every stored article and replaces it in one
//!   transaction (entities resolved anew over all articles). Until one of them has run after a
//!   batch, [`Store::is_stale`] says so.
//!
//! Every span stored is a pair of character (code point) offsets into the decoded text of the
//! article's file, which is stored too, so the UI can show each mention and evidence sentence at
//! its place.
//!
//! ```
//! use rasd_fusion::{EntityRecord, EventRecord, Slot};
//! use rasd_store::{NewArticle, NewEntity, NewEvent, Store};
//!
//! let text = "قمة في موسكو\nاستقبل بوتين كيم في موسكو.";
//! let mut article = NewArticle::new("a.txt", "news/a.txt", text);
//! article.title = Some("قمة في موسكو".to_owned());
//! article.blocks = vec![(0, 12), (13, 39)]; // the title line and the paragraph
//! article.entities = vec![
//!     NewEntity::new(EntityRecord::new("PER", "بوتين", Some("RUSGOV")), &[(20, 25)], text),
//!     NewEntity::new(EntityRecord::new("PER", "كيم", Some("PRKGOV")), &[(26, 29)], text),
//! ];
//! article.events = vec![NewEvent {
//!     record: EventRecord::new("CONSULT", "042", Slot::entity(0, "RUSGOV"), Slot::entity(1, "PRKGOV")),
//!     trigger: (13, 19),
//! }];
//!
//! let mut store = Store::open_in_memory()?;
//! let first = store.add_batch(std::slice::from_ref(&article))?;
//! let again = store.add_batch(&[article])?; // the same text: nothing new
//! assert_eq!((first.added, again.added, again.already_stored), (1, 0, 1));
//! assert!(store.is_stale()?);
//! let linked = store.update(3)?; // the first time: a recompute
//! assert_eq!((linked.derived.entities, linked.derived.fused_events), (2, 1));
//! assert_eq!(store.counts()?.mentions, 2);
//! # Ok::<(), rasd_store::StoreError>(())
//! ```
#![deny(missing_docs)]

mod derive;
mod export;
mod list;
mod migrate;
mod query;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rasd_fusion::{EntityRecord, EventRecord};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use derive::{Derived, LOOK_BACK_DAYS, Update};
pub use export::{ExportEvent, ExportParty};
pub use list::{EntityRow, FusedEventRow, FusedMentionRow, PartyRow};
pub use migrate::{MIGRATIONS, migrate};
pub use query::*;

/// The data directory used when none is given.
pub const DEFAULT_DATA_DIR: &str = "rasd-data";

/// The database file inside the data directory.
pub const DB_FILE: &str = "rasd.sqlite";

/// Everything that can go wrong with the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The data directory could not be created.
    #[error("cannot create the data directory {path}")]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The database was written by a newer rasd.
    #[error("the store has schema version {found}, newer than this rasd knows ({known})")]
    TooNew {
        /// The database's `user_version`.
        found: u32,
        /// The number of migrations this build has.
        known: u32,
    },
    /// The data directory holds no store.
    #[error("no store in {dir} (run `rasd ingest PATH... --data-dir {dir}` first)")]
    NoStore {
        /// The directory.
        dir: PathBuf,
    },
    /// A store opened read-only has another schema version than this rasd's.
    #[error(
        "the store has schema version {found}, this rasd reads version {known} (run `rasd ingest` to migrate it)"
    )]
    OtherVersion {
        /// The database's `user_version`.
        found: u32,
        /// The number of migrations this build has.
        known: u32,
    },
    /// A migration failed (and was rolled back).
    #[error("schema migration {version} failed")]
    Migration {
        /// The version it would have brought the store to.
        version: u32,
        /// The SQLite error.
        #[source]
        source: rusqlite::Error,
    },
    /// An article refers to an entity it does not have.
    #[error(
        "article {part} of {file}: {role} refers to entity {index}, but the article has {entities}"
    )]
    BadEntityRef {
        /// The file.
        file: String,
        /// The article's position in the file.
        part: u32,
        /// What refers to it (`event 3 source`).
        role: String,
        /// The index referred to.
        index: usize,
        /// How many entities the article has.
        entities: usize,
    },
    /// The writer lock of the data directory could not be taken.
    #[error("cannot lock {path}")]
    Lock {
        /// The lock file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A SQLite error.
    #[error("SQLite")]
    Sqlite(#[from] rusqlite::Error),
    /// A JSON column could not be written or read.
    #[error("a JSON column")]
    Json(#[from] serde_json::Error),
    /// Finding copies failed.
    #[error("finding copies")]
    Dedup(#[from] rasd_dedup::DedupError),
}

/// The identity of an article: SHA-256 of its Search-normalized title and text (its blocks),
/// whitespace collapsed, as 64 hex digits. Two articles with the same body and different
/// titles (title-only articles above all) are two articles.
///
/// Search-level normalization (no diacritics or tatweel, one alef, ya and ta marbuta, ASCII
/// digits) makes a re-encoded or re-spelled copy of a text the same article. SHA-256 (the
/// `sha2` crate, pure Rust, of the RustCrypto project) rather than a fast 64-bit hash: the hash
/// is a key kept across runs, so an accidental or crafted collision would silently drop an
/// article; hashing costs a few µs against the milliseconds of analysing it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ContentHash(String);

/// The version of [`ContentHash`]: a store whose hashes are older is rehashed when opened.
/// 1 hashed the body alone; 2 hashes the title and the body.
const HASH_VERSION: &str = "2";

impl ContentHash {
    /// The hash of a text with no title.
    ///
    /// ```
    /// use rasd_store::ContentHash;
    /// assert_eq!(ContentHash::of_text("أعلنت الوزارة"), ContentHash::of_text("اعلنت  الوزارة\n"));
    /// assert_ne!(ContentHash::of_text("أعلنت الوزارة"), ContentHash::of_text("أعلن الوزير"));
    /// ```
    pub fn of_text(text: &str) -> ContentHash {
        ContentHash::of_article(None, text)
    }

    /// The hash of an article: its title and its text.
    ///
    /// ```
    /// use rasd_store::ContentHash;
    /// let a = ContentHash::of_article(Some("خبر أول"), "");
    /// assert_ne!(a, ContentHash::of_article(Some("خبر ثان"), ""));
    /// assert_ne!(a, ContentHash::of_article(None, "خبر أول"));
    /// assert_eq!(a, ContentHash::of_article(Some("خبر  أوّل"), ""));
    /// ```
    pub fn of_article(title: Option<&str>, text: &str) -> ContentHash {
        let mut hasher = Sha256::new();
        // A tag: no hash of this version equals one of version 1 (rehashing never collides).
        hasher.update(b"rasd-article-2\0");
        let words = |hasher: &mut Sha256, part: &str| {
            let normalized = rasd_text::normalize_str(part, rasd_text::NormLevel::Search);
            for (i, word) in normalized.split_whitespace().enumerate() {
                if i > 0 {
                    hasher.update(b" ");
                }
                hasher.update(word.as_bytes());
            }
        };
        words(&mut hasher, title.unwrap_or(""));
        // The title and the text are separated by a byte no word holds.
        hasher.update(b"\x01");
        words(&mut hasher, text);
        ContentHash(hex(&hasher.finalize()))
    }

    /// The 64 hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ContentHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// An article to store: where it comes from, its metadata and what the per-article stages
/// found in it.
#[derive(Clone, Debug)]
pub struct NewArticle {
    /// The file's name.
    pub file: String,
    /// The path it was read from.
    pub path: String,
    /// The decoded text of the file: the coordinate system of every span.
    pub file_text: String,
    /// The article's position in its file (0: the main article).
    pub part: u32,
    /// `main` or `related`.
    pub role: String,
    /// The outlet, as written.
    pub outlet: Option<String>,
    /// The outlet's English name.
    pub outlet_en: Option<String>,
    /// Publication date (YYYY-MM-DD).
    pub published: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Where the title is in `file_text` (character offsets).
    pub title_span: Option<(usize, usize)>,
    /// Character spans in `file_text` of the article's headings and paragraphs: its
    /// text, which its content hash and copies are computed on (the text itself is not stored
    /// twice).
    pub blocks: Vec<(usize, usize)>,
    /// Which of `blocks` are section headings (indices).
    pub headings: Vec<usize>,
    /// Named entities, with their mentions.
    pub entities: Vec<NewEntity>,
    /// Coded events (their slots' `entity` are indices into `entities`).
    pub events: Vec<NewEvent>,
    /// Direct quotes and reported speech.
    pub quotes: Vec<NewQuote>,
    /// Time expressions.
    pub times: Vec<NewTime>,
}

impl NewArticle {
    /// The main article of a file, with no metadata, body or annotations yet.
    pub fn new(file: &str, path: &str, file_text: &str) -> NewArticle {
        NewArticle {
            file: file.to_owned(),
            path: path.to_owned(),
            file_text: file_text.to_owned(),
            part: 0,
            role: "main".to_owned(),
            outlet: None,
            outlet_en: None,
            published: None,
            title: None,
            title_span: None,
            blocks: Vec::new(),
            headings: Vec::new(),
            entities: Vec::new(),
            events: Vec::new(),
            quotes: Vec::new(),
            times: Vec::new(),
        }
    }

    /// The article's text: its blocks, one per line.
    pub fn body(&self) -> String {
        join_spans(&self.file_text, &self.blocks)
    }

    /// The hash that identifies the article: of its title and its text.
    pub fn content_hash(&self) -> ContentHash {
        ContentHash::of_article(self.title.as_deref(), &self.body())
    }

    /// Every entity an event refers to exists.
    fn check(&self) -> Result<(), StoreError> {
        let n = self.entities.len();
        for (i, e) in self.events.iter().enumerate() {
            for (role, slot) in [("source", &e.record.source), ("target", &e.record.target)] {
                if let Some(index) = slot.entity.filter(|&x| x >= n) {
                    return Err(StoreError::BadEntityRef {
                        file: self.file.clone(),
                        part: self.part,
                        role: format!("event {i} {role}"),
                        index,
                        entities: n,
                    });
                }
            }
        }
        for (i, q) in self.quotes.iter().enumerate() {
            if let Some(index) = q.speaker.filter(|&x| x >= n) {
                return Err(StoreError::BadEntityRef {
                    file: self.file.clone(),
                    part: self.part,
                    role: format!("quote {i} speaker"),
                    index,
                    entities: n,
                });
            }
        }
        Ok(())
    }
}

/// A named entity of an article with its mentions.
#[derive(Clone, Debug)]
pub struct NewEntity {
    /// What the fusion layer sees of it.
    pub record: EntityRecord,
    /// Its mentions.
    pub mentions: Vec<MentionSpan>,
}

impl NewEntity {
    /// An entity with mentions at character spans of `file_text`.
    pub fn new(record: EntityRecord, spans: &[(usize, usize)], file_text: &str) -> NewEntity {
        let mentions = spans
            .iter()
            .map(|&(start, end)| MentionSpan {
                start,
                end,
                text: file_text
                    .chars()
                    .skip(start)
                    .take(end.saturating_sub(start))
                    .collect(),
            })
            .collect();
        NewEntity { record, mentions }
    }
}

/// One mention: character offsets into the file's text and the words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MentionSpan {
    /// Start (character offset).
    pub start: usize,
    /// End (character offset).
    pub end: usize,
    /// The words.
    pub text: String,
}

/// A coded event of an article.
#[derive(Clone, Debug)]
pub struct NewEvent {
    /// What the fusion layer sees of it (its evidence span included).
    pub record: EventRecord,
    /// The trigger word's character offsets.
    pub trigger: (usize, usize),
}

/// A quote of an article: direct (between quotation marks) or reported speech.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewQuote {
    /// `direct` or `reported`.
    pub kind: String,
    /// The quoted words (without the marks).
    pub span: MentionSpan,
    /// The speaker: an index into the article's entities.
    pub speaker: Option<usize>,
    /// Where the speaker is named for this quote (absent when carried over from an earlier one).
    pub speaker_span: Option<(usize, usize)>,
    /// The speech verb.
    pub cue: Option<(usize, usize)>,
}

/// A time expression of an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewTime {
    /// Where it is and its words.
    pub span: MentionSpan,
    /// TIMEX3 type: `DATE`, `TIME`, `DURATION` or `SET`.
    pub ty: String,
    /// TIMEX3 value, when it can be given.
    pub value: Option<String>,
}

/// What a batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BatchOutcome {
    /// Articles stored.
    pub added: usize,
    /// Articles skipped because their content was already stored.
    pub already_stored: usize,
}

/// Rows in each table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Files.
    pub files: u64,
    /// Articles.
    pub articles: u64,
    /// Article entities.
    pub article_entities: u64,
    /// Entity mentions.
    pub mentions: u64,
    /// Article events.
    pub events: u64,
    /// Canonical entities.
    pub entities: u64,
    /// Stories.
    pub stories: u64,
    /// Articles that are copies of another.
    pub duplicates: u64,
    /// Fused events.
    pub fused_events: u64,
    /// Reports of fused events.
    pub fused_mentions: u64,
    /// Quotes.
    pub quotes: u64,
    /// Time expressions.
    pub times: u64,
}

/// What the search index needs to follow the store ([`Store::index_work`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexWork {
    /// It is up to date.
    Nothing,
    /// These articles (row ids) are to be added.
    Articles(Vec<i64>),
    /// It is to be rebuilt whole.
    Rebuild,
}

/// The store: one SQLite database in a data directory.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (creating it if needed) the store in data directory `dir`, and migrates it.
    pub fn open(dir: impl AsRef<Path>) -> Result<Store, StoreError> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            path: dir.to_owned(),
            source,
        })?;
        let path = dir.join(DB_FILE);
        let conn = Connection::open(&path)?;
        Store::init(conn, Some(path))
    }

    /// A store in memory (for tests and examples).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?, None)
    }

    fn init(mut conn: Connection, path: Option<PathBuf>) -> Result<Store, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // WAL: readers (a server) do not block the writer and a crash never corrupts the file;
        // NORMAL sync is durable against a process crash (only a power cut can lose the last
        // commits, never consistency).
        let _mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        rehash(&mut conn)?;
        Ok(Store { conn, path })
    }

    /// The database file (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version (the number of migrations applied).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// The content hashes of all stored articles, sorted.
    pub fn content_hashes(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT content_hash FROM articles ORDER BY content_hash")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The content hashes of all stored articles, as a set (to skip known articles before
    /// analysing them).
    pub fn known_hashes(&self) -> Result<HashSet<ContentHash>, StoreError> {
        Ok(self
            .content_hashes()?
            .into_iter()
            .map(ContentHash)
            .collect())
    }

    /// Stores a batch of articles in one transaction: all or none. An article whose content
    /// is already stored (or earlier in the batch) is skipped. After a batch that added
    /// articles, the cross-article layer is stale until [`Store::update`] or [`Store::recompute`].
    pub fn add_batch(&mut self, batch: &[NewArticle]) -> Result<BatchOutcome, StoreError> {
        let tx = self.conn.transaction()?;
        let mut outcome = BatchOutcome::default();
        {
            let mut exists = tx.prepare_cached("SELECT 1 FROM articles WHERE content_hash = ?1")?;
            let mut add_file = tx.prepare_cached(
                "INSERT INTO files (name, path, text_hash, text) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (text_hash) DO NOTHING",
            )?;
            let mut file_id = tx.prepare_cached("SELECT id FROM files WHERE text_hash = ?1")?;
            let mut add_article = tx.prepare_cached(
                "INSERT INTO articles (content_hash, file_id, part, role, outlet, outlet_en,
                                       published, title, blocks, title_start, title_end,
                                       headings)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?;
            let mut add_entity = tx.prepare_cached(
                "INSERT INTO article_entities (article, idx, type, name, name_en, actor, aliases)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut add_mention = tx.prepare_cached(
                "INSERT INTO mentions (article, entity, char_start, char_end, text)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut add_event = tx.prepare_cached(
                "INSERT INTO events (article, idx, type, cameo, trigger_start, trigger_end,
                    source_entity, source_actor, source_text, target_entity, target_actor,
                    target_text, date, location, location_is_country, quantity_value,
                    quantity_unit, quantity_text, modality, evidence, evidence_start, evidence_end)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                         ?17, ?18, ?19, ?20, ?21, ?22)",
            )?;
            let mut add_quote = tx.prepare_cached(
                "INSERT INTO quotes (article, idx, kind, char_start, char_end, text, speaker,
                    speaker_start, speaker_end, cue_start, cue_end)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            let mut add_time = tx.prepare_cached(
                "INSERT INTO times (article, idx, char_start, char_end, text, type, value)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for a in batch {
                let hash = a.content_hash();
                if exists
                    .query_row([hash.as_str()], |_| Ok(()))
                    .optional()?
                    .is_some()
                {
                    outcome.already_stored += 1;
                    continue;
                }
                a.check()?;
                let text_hash = hex(&Sha256::digest(a.file_text.as_bytes()));
                add_file.execute(params![a.file, a.path, text_hash, a.file_text])?;
                let file: i64 = file_id.query_row([&text_hash], |r| r.get(0))?;
                add_article.execute(params![
                    hash.as_str(),
                    file,
                    a.part,
                    a.role,
                    a.outlet,
                    a.outlet_en,
                    a.published,
                    a.title,
                    serde_json::to_string(&a.blocks)?,
                    a.title_span.map(|s| s.0),
                    a.title_span.map(|s| s.1),
                    serde_json::to_string(&a.headings)?
                ])?;
                let id = tx.last_insert_rowid();
                for (i, e) in a.entities.iter().enumerate() {
                    let r = &e.record;
                    add_entity.execute(params![
                        id,
                        i,
                        r.ty,
                        r.name,
                        r.name_en,
                        r.actor,
                        serde_json::to_string(&r.aliases)?
                    ])?;
                    for m in &e.mentions {
                        add_mention.execute(params![id, i, m.start, m.end, m.text])?;
                    }
                }
                for (i, e) in a.events.iter().enumerate() {
                    let r = &e.record;
                    let q = r.quantity.as_ref();
                    add_event.execute(params![
                        id,
                        i,
                        r.ty,
                        r.cameo,
                        e.trigger.0,
                        e.trigger.1,
                        r.source.entity,
                        r.source.actor,
                        r.source.text,
                        r.target.entity,
                        r.target.actor,
                        r.target.text,
                        r.date,
                        r.location,
                        r.location_is_country,
                        q.map(|q| q.value),
                        q.and_then(|q| q.unit.as_deref()),
                        q.map(|q| q.text.as_str()),
                        r.modality,
                        r.evidence,
                        r.start,
                        r.end
                    ])?;
                }
                for (i, q) in a.quotes.iter().enumerate() {
                    add_quote.execute(params![
                        id,
                        i,
                        q.kind,
                        q.span.start,
                        q.span.end,
                        q.span.text,
                        q.speaker,
                        q.speaker_span.map(|s| s.0),
                        q.speaker_span.map(|s| s.1),
                        q.cue.map(|s| s.0),
                        q.cue.map(|s| s.1)
                    ])?;
                }
                for (i, t) in a.times.iter().enumerate() {
                    add_time.execute(params![
                        id,
                        i,
                        t.span.start,
                        t.span.end,
                        t.span.text,
                        t.ty,
                        t.value
                    ])?;
                }
                outcome.added += 1;
            }
            if outcome.added > 0 {
                set_stale(&tx, true)?;
            }
        }
        tx.commit()?;
        Ok(outcome)
    }

    /// A number that changes whenever what the store holds changes (a batch adds articles, the
    /// cross-article layer is recomputed): answers computed at one generation hold until the
    /// next.
    pub fn generation(&self) -> Result<u64, StoreError> {
        let v: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'generation'", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(v.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    /// Whether articles were added since the cross-article layer was last computed.
    pub fn is_stale(&self) -> Result<bool, StoreError> {
        let v: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'derived_stale'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(v.as_deref() == Some("1"))
    }

    /// Whether the search index is behind the store: set with every change of what the store
    /// holds (in the transaction of the change), cleared by [`Store::index_done`] once the index
    /// is rebuilt. A writer killed before it rebuilt the index leaves it set, and the next one
    /// completes the work.
    pub fn index_pending(&self) -> Result<bool, StoreError> {
        let v: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'index_pending'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(v.as_deref() == Some("1"))
    }

    /// Records that the search index was rebuilt from the store as it is now (or, `false`, that
    /// it is pending: the index was lost or is of another version).
    pub fn set_index_pending(&self, pending: bool) -> Result<(), StoreError> {
        set_meta(&self.conn, "index_pending", if pending { "1" } else { "0" })?;
        if pending {
            // Lost or of another version: only a rebuild brings it back.
            set_meta(&self.conn, "index_whole", "1")?;
        }
        Ok(())
    }

    /// [`Store::set_index_pending`]`(false)`: the index was rebuilt.
    pub fn index_done(&self) -> Result<(), StoreError> {
        self.set_index_pending(false)?;
        let last: i64 =
            self.conn
                .query_row("SELECT coalesce(max(id), 0) FROM articles", [], |r| {
                    r.get(0)
                })?;
        set_meta(&self.conn, "indexed_through", &last.to_string())?;
        set_meta(&self.conn, "index_whole", "0")
    }

    /// What the search index needs to follow the store: nothing, the articles added since it
    /// was last brought up to date (an [`Store::update`] leaves the canonical entities of
    /// stored articles as they were), or a rebuild (a [`Store::recompute`] may have renamed
    /// them, or the index was never built by this version).
    pub fn index_work(&self) -> Result<IndexWork, StoreError> {
        if !self.index_pending()? {
            return Ok(IndexWork::Nothing);
        }
        let meta = |key: &str| -> Result<Option<String>, StoreError> {
            Ok(self
                .conn
                .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                .optional()?)
        };
        let through = meta("indexed_through")?.and_then(|v| v.parse::<i64>().ok());
        match (meta("index_whole")?.as_deref(), through) {
            (Some("0"), Some(through)) => {
                let mut stmt = self
                    .conn
                    .prepare("SELECT id FROM articles WHERE id > ?1 ORDER BY id")?;
                let ids = stmt
                    .query_map([through], |r| r.get(0))?
                    .collect::<Result<Vec<i64>, _>>()?;
                Ok(IndexWork::Articles(ids))
            }
            _ => Ok(IndexWork::Rebuild),
        }
    }

    /// Rows in each table.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        let n = |table: &str| -> Result<u64, StoreError> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        Ok(Counts {
            files: n("files")?,
            articles: n("articles")?,
            article_entities: n("article_entities")?,
            mentions: n("mentions")?,
            events: n("events")?,
            entities: n("entities")?,
            stories: n("stories")?,
            duplicates: n("duplicates")?,
            fused_events: n("fused_events")?,
            fused_mentions: n("fused_mentions")?,
            quotes: n("quotes")?,
            times: n("times")?,
        })
    }

    /// Opens the store of a data directory that already holds one, for reading: never creates
    /// it, never migrates it (a store of another schema version is an error: run any
    /// writing command, such as `rasd ingest`, to migrate it).
    pub fn open_read_only(dir: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = dir.as_ref().join(DB_FILE);
        if !path.is_file() {
            return Err(StoreError::NoStore {
                dir: dir.as_ref().to_owned(),
            });
        }
        // Opened read-write but `query_only`: a reader of a WAL database may have to create its
        // shared-memory file, which a read-only connection cannot.
        let conn = Connection::open_with_flags(
            &path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "query_only", true)?;
        let found: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let known = MIGRATIONS.len() as u32;
        if found != known {
            return Err(StoreError::OtherVersion { found, known });
        }
        Ok(Store {
            conn,
            path: Some(path),
        })
    }

    /// The connection, for queries this crate does not offer yet.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// The text of character spans of `text`, one per line (spans past the end are cut).
pub(crate) fn join_spans(text: &str, spans: &[(usize, usize)]) -> String {
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let at = |c: usize| bytes[c.min(bytes.len() - 1)];
    let mut out = String::new();
    for (i, &(start, end)) in spans.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&text[at(start)..at(end.max(start))]);
    }
    out
}

/// Marks the cross-article layer out of date (a batch added articles) or up to date (it was
/// recomputed), and counts the change in `generation`.
fn set_stale(conn: &Connection, stale: bool) -> Result<(), StoreError> {
    set_meta(conn, "derived_stale", if stale { "1" } else { "0" })?;
    // Whatever changed, the search index (articles, canonical entities) follows.
    set_meta(conn, "index_pending", "1")?;
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('generation', '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
        [],
    )?;
    Ok(())
}

fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// Brings the content hashes of a store written by an older rasd to [`HASH_VERSION`], in one
/// transaction (the articles' titles and text are in the store).
fn rehash(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let version: Option<String> = tx
        .query_row(
            "SELECT value FROM meta WHERE key = 'hash_version'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if version.as_deref() == Some(HASH_VERSION) {
        return Ok(());
    }
    {
        let mut rows = tx.prepare(
            "SELECT a.id, a.title, a.blocks, f.text FROM articles a JOIN files f ON f.id = a.file_id",
        )?;
        let mut update = tx.prepare("UPDATE articles SET content_hash = ?1 WHERE id = ?2")?;
        let all: Vec<(i64, Option<String>, String, String)> = rows
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        for (id, title, blocks, text) in all {
            let blocks: Vec<(usize, usize)> = serde_json::from_str(&blocks)?;
            let hash = ContentHash::of_article(title.as_deref(), &join_spans(&text, &blocks));
            update.execute(params![hash.as_str(), id])?;
        }
    }
    set_meta(&tx, "hash_version", HASH_VERSION)?;
    tx.commit()?;
    Ok(())
}

/// The one writer of a data directory: held while a command changes the store and its index
/// (`<data-dir>/rasd.lock`, an advisory lock through `fs4`), released when dropped or when the
/// process ends, however it ends.
pub struct WriterLock {
    _file: std::fs::File,
}

/// The lock file inside the data directory.
pub const LOCK_FILE: &str = "rasd.lock";

impl WriterLock {
    /// Takes the writer lock of data directory `dir` (creating it if needed). When another
    /// process holds it, `on_wait` is called once and the call waits until it is free.
    pub fn acquire(
        dir: impl AsRef<Path>,
        on_wait: impl FnOnce(),
    ) -> Result<WriterLock, StoreError> {
        use fs4::fs_std::FileExt;
        let dir = dir.as_ref();
        let io = |source| StoreError::CreateDir {
            path: dir.to_owned(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let path = dir.join(LOCK_FILE);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| StoreError::Lock {
                path: path.clone(),
                source,
            })?;
        let lock_err = |source| StoreError::Lock {
            path: path.clone(),
            source,
        };
        if !FileExt::try_lock_exclusive(&file).map_err(lock_err)? {
            on_wait();
            FileExt::lock_exclusive(&file).map_err(lock_err)?;
        }
        Ok(WriterLock { _file: file })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use rasd_fusion::{EntityRecord, EventRecord, Slot};

    use super::*;

    /// An article about a meeting of two leaders; `n` changes its text.
    pub(crate) fn article(n: usize, place: &str) -> NewArticle {
        let text = format!("قمة رقم {n}\nاستقبل بوتين كيم في {place} يوم {n}.");
        let mut a = NewArticle::new(&format!("{n}.txt"), &format!("in/{n}.txt"), &text);
        a.title = Some(format!("قمة رقم {n}"));
        a.outlet = Some(format!("outlet {}", n % 3));
        a.published = Some("2023-09-13".to_owned());
        let start = |w: &str| text[..text.find(w).unwrap()].chars().count();
        let span = |w: &str| (start(w), start(w) + w.chars().count());
        let title_end = text[..text.find('\n').unwrap()].chars().count();
        a.blocks = vec![(0, title_end), (title_end + 1, text.chars().count())];
        a.entities = vec![
            NewEntity::new(
                EntityRecord::new("PER", "بوتين", Some("RUSGOV")),
                &[span("بوتين")],
                &text,
            ),
            NewEntity::new(
                EntityRecord::new("PER", "كيم", Some("PRKGOV")),
                &[span("كيم")],
                &text,
            ),
        ];
        let mut record = EventRecord::new(
            "CONSULT",
            "042",
            Slot::entity(0, "RUSGOV"),
            Slot::entity(1, "PRKGOV"),
        );
        record.location = Some(place.to_owned());
        record.evidence = text.lines().nth(1).unwrap().to_owned();
        (record.start, record.end) = (start("استقبل"), text.chars().count());
        a.events = vec![NewEvent {
            record,
            trigger: span("استقبل"),
        }];
        a
    }

    #[test]
    fn migrations_apply_once() {
        let dir = std::env::temp_dir().join(format!("rasd-store-mig-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let store = Store::open(&dir).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as u32);
        assert!(dir.join(DB_FILE).exists());
        let mode: String = store
            .connection()
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(store);
        // Opening again applies nothing (a second CREATE TABLE would fail).
        let store = Store::open(&dir).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as u32);
        drop(store);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_newer_store_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    }

    #[test]
    fn ingesting_twice_stores_nothing_the_second_time() {
        let mut store = Store::open_in_memory().unwrap();
        let batch: Vec<NewArticle> = (0..4).map(|n| article(n, "موسكو")).collect();
        let first = store.add_batch(&batch).unwrap();
        assert_eq!(first.added, 4);
        store.recompute(3).unwrap();
        assert!(!store.is_stale().unwrap());
        let counts = store.counts().unwrap();
        let hashes = store.content_hashes().unwrap();
        let again = store.add_batch(&batch).unwrap();
        assert_eq!(
            again,
            BatchOutcome {
                added: 0,
                already_stored: 4
            }
        );
        assert!(!store.is_stale().unwrap(), "nothing added, nothing to redo");
        assert_eq!(store.counts().unwrap(), counts);
        assert_eq!(store.content_hashes().unwrap(), hashes);
        // The same text with other spacing is the same article.
        let mut respaced = article(1, "موسكو");
        respaced.file_text = respaced.file_text.replace('\n', "\n  ");
        respaced.blocks[1].1 += 2;
        assert_ne!(respaced.body(), article(1, "موسكو").body());
        assert_eq!(store.add_batch(&[respaced]).unwrap().added, 0);
    }

    #[test]
    fn a_failing_batch_rolls_back() {
        let mut store = Store::open_in_memory().unwrap();
        let mut bad = article(2, "موسكو");
        bad.events[0].record.target.entity = Some(7);
        let err = store
            .add_batch(&[article(0, "موسكو"), article(1, "موسكو"), bad])
            .unwrap_err();
        assert!(
            matches!(err, StoreError::BadEntityRef { index: 7, .. }),
            "{err}"
        );
        assert_eq!(store.counts().unwrap(), Counts::default());
        assert!(!store.is_stale().unwrap());
        // The next run completes the work.
        let batch: Vec<NewArticle> = (0..3).map(|n| article(n, "موسكو")).collect();
        assert_eq!(store.add_batch(&batch).unwrap().added, 3);
        assert_eq!(store.counts().unwrap().files, 3);
    }

    /// A title-only article: its title, and no blocks.
    fn title_only(n: usize) -> NewArticle {
        let title = format!("خبر عاجل رقم {n}");
        let mut a = NewArticle::new(&format!("t{n}.txt"), &format!("in/t{n}.txt"), &title);
        a.title = Some(title);
        a
    }

    /// Issue 14: articles with a title and no body all had the hash of the empty body.
    #[test]
    fn title_only_articles_are_distinct_and_stored_once() {
        let mut store = Store::open_in_memory().unwrap();
        let batch: Vec<NewArticle> = (0..20).map(title_only).collect();
        assert_eq!(store.add_batch(&batch).unwrap().added, 20);
        let again = store.add_batch(&batch).unwrap();
        assert_eq!((again.added, again.already_stored), (0, 20));
        assert_eq!(store.counts().unwrap().articles, 20);
        // The same body under two titles is two articles; a re-spelled title is the same one.
        let mut a = article(1, "موسكو");
        a.title = Some("عنوان آخر".to_owned());
        assert_ne!(a.content_hash(), article(1, "موسكو").content_hash());
        let mut b = title_only(3);
        b.title = Some("خبر عاجل رقم ٣".to_owned());
        assert_eq!(b.content_hash(), title_only(3).content_hash());
    }

    #[test]
    fn a_store_of_older_hashes_is_rehashed_when_opened() {
        let dir = std::env::temp_dir().join(format!("rasd-store-rehash-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut store = Store::open(&dir).unwrap();
        store
            .add_batch(&[title_only(1), article(2, "موسكو")])
            .unwrap();
        let current = store.content_hashes().unwrap();
        // As an older rasd left it: body-only hashes, no hash version.
        let conn = store.connection();
        conn.execute("DELETE FROM meta WHERE key = 'hash_version'", [])
            .unwrap();
        conn.execute("UPDATE articles SET content_hash = 'old' || id", [])
            .unwrap();
        drop(store);
        let mut store = Store::open(&dir).unwrap();
        assert_eq!(store.content_hashes().unwrap(), current);
        assert_eq!(store.add_batch(&[title_only(1)]).unwrap().added, 0);
        drop(store);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_index_is_pending_from_a_change_until_rebuilt() {
        let mut store = Store::open_in_memory().unwrap();
        assert!(!store.index_pending().unwrap());
        store.add_batch(&[article(1, "موسكو")]).unwrap();
        assert!(store.index_pending().unwrap(), "a batch added articles");
        store.index_done().unwrap();
        assert!(!store.index_pending().unwrap());
        store.add_batch(&[article(1, "موسكو")]).unwrap();
        assert!(
            !store.index_pending().unwrap(),
            "nothing added, nothing to do"
        );
        store.recompute(3).unwrap();
        assert!(
            store.index_pending().unwrap(),
            "the cross-article layer changed"
        );
    }

    #[test]
    fn a_second_writer_waits_for_the_first() {
        let dir = std::env::temp_dir().join(format!("rasd-store-lock-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let first = WriterLock::acquire(&dir, || panic!("nobody holds it yet")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let d = dir.clone();
        let second = std::thread::spawn(move || {
            let waited = std::cell::Cell::new(false);
            let lock = WriterLock::acquire(&d, || waited.set(true)).unwrap();
            tx.send(()).unwrap();
            drop(lock);
            waited.get()
        });
        // The second cannot take it while the first holds it.
        assert!(
            rx.recv_timeout(std::time::Duration::from_millis(300))
                .is_err()
        );
        drop(first);
        rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
        assert!(second.join().unwrap(), "it was told to wait");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
