//! Full-text search over the store's articles: tantivy with an Arabic analyzer built from
//! rasd's own text layer.
//!
//! # Brief overview
//! - The analyzer ([`analyzer`], registered as [`ANALYZER_NAME`]) is rasd's tokens
//!   ([`RasdTokenizer`]), each word folded to its *search key* by the [`ArabicFolding`] token
//!   filter — clitic stem ([`rasd_text::CliticAnalyzer`]), Search-level normalization, lower
//!   case — and the stop words of `data/search/stopwords.txt` ([`stop_words`]) removed. So
//!   «والمفاوضات», «المفاوضات», «مفاوضات» and «بالمفاوضات» are one term, and every token's
//!   offsets still cover the word as written, which is what snippets highlight.
//! - [`rebuild`] builds the index (by default in `<data-dir>/`[`INDEX_DIR`]) from every
//!   article of a [`rasd_store::Store`]: title, body, outlet, date, file, article id, canonical
//!   entity ids and entity names, event types ([`Fields`], [`schema`]); [`index_articles`]
//!   adds or replaces some articles.
//! - [`SearchIndex::search`] runs a [`SearchQuery`] — words through the same analyzer, each
//!   required in the title or the body, ranked by BM25, and filters by date range, outlet,
//!   entity and event type — and returns [`Hit`]s with highlighted snippets.
//!
//! ```
//! use rasd_search::{SearchIndex, SearchQuery, rebuild};
//! use rasd_store::{NewArticle, Store};
//!
//! let text = "استئناف المفاوضات\nقال الوزير إن المفاوضات ستستأنف في بيونغ يانغ.";
//! let mut article = NewArticle::new("a.txt", "news/a.txt", text);
//! article.title = Some("استئناف المفاوضات".to_owned());
//! article.published = Some("2023-09-13".to_owned());
//! article.blocks = vec![(0, 17), (18, 63)];
//! let mut store = Store::open_in_memory()?;
//! store.add_batch(&[article])?;
//!
//! let dir = std::env::temp_dir().join(format!("rasd-search-lib-{}", std::process::id()));
//! rebuild(&store, &dir)?;
//! let index = SearchIndex::open(&dir)?;
//! // Another clitic and spelling of the word finds it.
//! let hits = index.search(&SearchQuery { text: "والمفاوضات".into(), ..Default::default() })?;
//! assert_eq!(hits.len(), 1);
//! assert!(hits[0].snippet.contains("«المفاوضات»"), "{}", hits[0].snippet);
//! let later = SearchQuery { text: "مفاوضات".into(), from: Some("2023-10-01".into()), ..Default::default() };
//! assert!(index.search(&later)?.is_empty());
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod analyzer;
mod index;
#[cfg(test)]
mod retrieval_tests;
mod search;

use std::path::PathBuf;

pub use analyzer::{
    ANALYZER_NAME, ArabicFolding, ArabicFoldingStream, ArabicFoldingTokenizer, MAX_WORD_BYTES,
    RasdTokenStream, RasdTokenizer, analyzer, search_key, search_keys, stop_words,
};
pub use index::{
    Fields, INDEX_DIR, INDEX_VERSION, IndexStats, VERSION_FILE, index_articles, index_dir,
    name_key, rebuild, schema,
};
pub use search::{FacetCount, Facets, Hit, SearchIndex, SearchQuery, SearchResults};

/// Everything that can go wrong with the index.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// There is no index in the directory.
    #[error("no search index in {dir}")]
    NoIndex {
        /// The directory.
        dir: PathBuf,
    },
    /// The index was built by another version of rasd's analyzer or schema.
    #[error("the search index in {dir} has version {found}, this rasd builds version {expected}")]
    Incompatible {
        /// The directory.
        dir: PathBuf,
        /// Its version.
        found: u32,
        /// This build's [`INDEX_VERSION`].
        expected: u32,
    },
    /// A date that is not `YYYY-MM-DD`.
    #[error("`{value}` is not a date (YYYY-MM-DD)")]
    BadDate {
        /// What was given.
        value: String,
    },
    /// The query has no word to search for (only stop words or punctuation) and no filter.
    #[error("the query has no word to search for")]
    EmptyQuery,
    /// A file or directory could not be read or written.
    #[error("{path}")]
    Io {
        /// The path.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A tantivy error.
    #[error("tantivy")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The index directory could not be opened.
    #[error("opening the index directory")]
    OpenDirectory(#[from] tantivy::directory::error::OpenDirectoryError),
    /// Reading the store failed.
    #[error("SQLite")]
    Sqlite(#[from] rusqlite::Error),
    /// A JSON column or the version file could not be read or written.
    #[error("JSON")]
    Json(#[from] serde_json::Error),
    /// The store failed.
    #[error("the store")]
    Store(#[from] rasd_store::StoreError),
}
