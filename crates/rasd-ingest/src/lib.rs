//! The ingest engine: what `rasd ingest`, `rasd serve PATH…` and `rasd watch` share to bring
//! news into a store.
//!
//! # Brief overview
//! 1. **Sources** ([`source`]): [`expand`] lists the paths given (directories walked once,
//!    sorted, only regular files whose names end in one of [`READ`]); [`sources`] turns the
//!    files into [`Source`]s lazily — a news file or web page, each record of a JSON Lines dump,
//!    each HTML page of a WARC archive, each item of a feed — and [`Source::read`] reads one
//!    into a [`rasd_reader::Document`] under the [`SizeLimits`]. A source that cannot be read
//!    is a [`SourceError`] naming it.
//! 2. **Analysis** ([`analyse`]): [`analyse_source`] runs the per-article stages
//!    (`rasd-pipeline`, with `rasd-ner`'s recognizer) over each article the store does not hold
//!    yet (known by its [`rasd_store::ContentHash`]) and turns what they found into
//!    [`rasd_store::NewArticle`]s, every span in character offsets. [`records`] holds the
//!    records `rasd-fusion` and the store share (and an article's [`records::body`]).
//! 3. **Batches** ([`store_sources`]): sources are analysed in parallel (rayon), a batch at a
//!    time, while a writer thread stores the previous batch in one transaction, so a crash
//!    loses at most the batch in flight; a source that fails (or panics) is reported, counted
//!    in the [`Tally`] and skipped.
//! 4. **Completion** ([`complete_pending`]): the cross-article layer is updated or recomputed
//!    ([`Linking`]) when the store says it is stale, then the search index catches up.
//!    A writer holds the data directory's lock ([`lock_writer`]) throughout.
//!
//! Nothing is printed: what happens is told to a [`Progress`] (progress, warnings and errors
//! naming their source, notes, a wait for another writer), which the CLI shows on stderr.
//!
//! ```
//! use rasd_ingest::{Linking, Progress, SizeLimits, SourceError};
//!
//! struct Log;
//! impl Progress for Log {
//!     fn warning(&self, source: &str, message: &str) { eprintln!("warning: {source}: {message}") }
//!     fn error(&self, error: &SourceError) { eprintln!("error: {error}") }
//! }
//!
//! let dir = std::env::temp_dir().join(format!("rasd-ingest-doc-{}", std::process::id()));
//! let (news, data_dir) = (dir.join("news"), dir.join("data"));
//! std::fs::create_dir_all(&news)?;
//! std::fs::write(news.join("a.txt"), "قمة في موسكو\n\nاستقبل بوتين كيم في موسكو أمس.\n")?;
//!
//! let _lock = rasd_ingest::lock_writer(&data_dir, &Log)?;
//! let mut store = rasd_store::Store::open(&data_dir)?;
//! let listing = rasd_ingest::expand(&[news], rasd_ingest::READ);
//! let limits = SizeLimits::default();
//! let sources = rasd_ingest::sources(&listing.files, limits, &Log);
//! let tally = rasd_ingest::store_sources(&mut store, sources, &limits.reader(), 64, &Log)?;
//! assert_eq!((tally.read, tally.added, tally.failed), (1, 1, 0));
//! rasd_ingest::complete_pending(&mut store, &data_dir, 3, Linking::Update, &Log)?;
//! assert!(!store.is_stale()?);
//! # drop(store);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod analyse;
mod batch;
mod pending;
pub mod records;
pub mod source;

use std::path::{Path, PathBuf};

pub use analyse::{Analysed, analyse_document, analyse_source};
pub use batch::{DEFAULT_BATCH_SIZE, Tally, store_sources};
pub use pending::{Completed, Linking, complete_pending, lock_writer, warn_long_words};
pub use source::{
    Listing, READ, READ_KINDS, SizeLimits, Source, SourceError, expand, is_dump, sources,
};

/// A long step of a writer that an observer may show (a spinner).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// Updating or recomputing the cross-article layer: entities resolved, stories clustered,
    /// events fused.
    CrossArticle,
}

/// What an ingest tells as it goes. The library prints nothing; the CLI shows this on stderr
/// (a progress bar, `rasd: warning: …`, `rasd: error: …`). Warnings and errors are required;
/// the rest default to doing nothing.
pub trait Progress {
    /// The number of sources to come changed by `n`: a dump, archive or feed counts as one
    /// until it is opened, then as its records, pages or items.
    fn grow(&self, n: i64) {
        let _ = n;
    }

    /// `n` more sources were read (or failed).
    fn sources_done(&self, n: usize) {
        let _ = n;
    }

    /// Something went wrong with a source that was read anyway (`source` names it: a path,
    /// `dump#id`, a URL).
    fn warning(&self, source: &str, message: &str);

    /// A source could not be read or analysed; it is skipped and counted as failed.
    fn error(&self, error: &SourceError);

    /// Something worth knowing about a source that is neither wrong nor a failure (a WARC
    /// archive's pages read and records skipped).
    fn note(&self, source: &str, message: &str) {
        let _ = (source, message);
    }

    /// Another writer holds the lock of `data_dir`; [`lock_writer`] waits for it.
    fn waiting_for_writer(&self, data_dir: &Path) {
        let _ = data_dir;
    }

    /// A long step begins (`running`) or ends.
    fn step(&self, step: Step, running: bool) {
        let _ = (step, running);
    }
}

/// A [`Progress`] that ignores everything (tests, callers that only want the [`Tally`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Progress for Silent {
    fn warning(&self, _: &str, _: &str) {}
    fn error(&self, _: &SourceError) {}
}

/// Why an ingest stopped (a source that fails is no such thing: it is reported and counted).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// Reading or writing the store failed.
    #[error(transparent)]
    Store(#[from] rasd_store::StoreError),
    /// The named-entity model did not load.
    #[error("loading the named-entity model")]
    Model(#[source] rasd_ner::NerError),
    /// A batch of articles could not be stored (its transaction was rolled back).
    #[error("storing a batch of articles")]
    StoreBatch(#[source] rasd_store::StoreError),
    /// The writer thread panicked.
    #[error("the store writer panicked")]
    WriterPanicked,
    /// The cross-article layer could not be updated.
    #[error("updating the cross-article layer")]
    Update(#[source] rasd_store::StoreError),
    /// The cross-article layer could not be recomputed.
    #[error("recomputing the cross-article layer")]
    Recompute(#[source] rasd_store::StoreError),
    /// New articles could not be added to the search index.
    #[error("adding articles to the search index in {dir}")]
    IndexAdd {
        /// The index directory.
        dir: PathBuf,
        /// Why.
        #[source]
        source: rasd_search::SearchError,
    },
    /// The search index could not be built.
    #[error("building the search index in {dir}")]
    IndexBuild {
        /// The index directory.
        dir: PathBuf,
        /// Why.
        #[source]
        source: rasd_search::SearchError,
    },
    /// The writer lock of a data directory could not be taken.
    #[error("locking the data directory {dir}")]
    Lock {
        /// The data directory.
        dir: PathBuf,
        /// Why.
        #[source]
        source: rasd_store::StoreError,
    },
}
