//! What a writer completes after storing: the cross-article layer, then the search index; and
//! the writer lock of a data directory.

use std::path::Path;
use std::time::Instant;

use rasd_store::{IndexWork, Store, WriterLock};

use crate::{IngestError, Progress, Step};

/// How the cross-article layer follows the store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Linking {
    /// Update what the new articles reach ([`Store::update`]).
    #[default]
    Update,
    /// Recompute it over the whole store ([`Store::recompute`]).
    Recompute,
}

/// What completing did, and how long it took.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Completed {
    /// How the cross-article layer was brought up to date (an update falls back to a recompute
    /// for a store without recorded steps or an added article without a date); `None` when
    /// nothing was pending.
    pub linked: Option<Linking>,
    /// Stored articles the cross-article layer read (the look-back window of an update, every
    /// article for a recompute).
    pub articles_read: usize,
    /// Seconds on the cross-article layer (0 when nothing was pending).
    pub cross_article: f64,
    /// Seconds on the search index.
    pub index: f64,
}

/// Completes what the store records as pending, whether or not this run added articles (a
/// writer killed after its last batch leaves it): the cross-article layer (when the store is
/// stale, or always with [`Linking::Recompute`]), then the search index in `data_dir` — the
/// articles added since it was last brought up to date, or rebuilt whole after a recompute
/// (which may rename canonical entities) or when there is none. `window` is the days after
/// its last article a story still takes new ones.
///
/// `progress` hears [`Step::CrossArticle`] begin and end, and a warning for each file whose
/// over-long words the index leaves out. The caller holds the writer lock.
pub fn complete_pending(
    store: &mut Store,
    data_dir: &Path,
    window: i64,
    mode: Linking,
    progress: &dyn Progress,
) -> Result<Completed, IngestError> {
    let clock = Instant::now();
    let (mut linked, mut articles_read) = (None, 0);
    if store.is_stale()? || mode == Linking::Recompute {
        progress.step(Step::CrossArticle, true);
        let done = match mode {
            Linking::Update => store
                .update(window)
                .map(|u| {
                    let how = if u.full {
                        Linking::Recompute
                    } else {
                        Linking::Update
                    };
                    (how, u.read)
                })
                .map_err(IngestError::Update),
            Linking::Recompute => store
                .recompute(window)
                .map(|d| (Linking::Recompute, d.articles))
                .map_err(IngestError::Recompute),
        };
        progress.step(Step::CrossArticle, false);
        let (how, read) = done?;
        (linked, articles_read) = (Some(how), read);
    }
    let cross_article = clock.elapsed().as_secs_f64();
    let clock = Instant::now();
    let index_dir = rasd_search::index_dir(data_dir);
    let work = if index_dir.join("rasd-search.json").exists() {
        store.index_work()?
    } else {
        IndexWork::Rebuild
    };
    let stats = match work {
        IndexWork::Nothing => None,
        IndexWork::Articles(ids) => Some(
            rasd_search::index_articles(store, &index_dir, &ids).map_err(|source| {
                IngestError::IndexAdd {
                    dir: index_dir.clone(),
                    source,
                }
            })?,
        ),
        IndexWork::Rebuild => Some(rasd_search::rebuild(store, &index_dir).map_err(|source| {
            IngestError::IndexBuild {
                dir: index_dir.clone(),
                source,
            }
        })?),
    };
    if let Some(stats) = stats {
        warn_long_words(&stats, progress);
        store.index_done()?;
    }
    Ok(Completed {
        linked,
        articles_read,
        cross_article,
        index: clock.elapsed().as_secs_f64(),
    })
}

/// Tells `progress` of each file whose over-long words (over
/// [`rasd_search::MAX_WORD_BYTES`]) the index leaves out, as a warning naming it.
pub fn warn_long_words(stats: &rasd_search::IndexStats, progress: &dyn Progress) {
    for file in &stats.long_words {
        progress.warning(
            file,
            &format!(
                "words over {} bytes are not searchable",
                rasd_search::MAX_WORD_BYTES
            ),
        );
    }
}

/// Takes the writer lock of a data directory (creating the directory), telling
/// [`Progress::waiting_for_writer`] when another writer holds it. The lock is released when
/// the guard is dropped, or the process ends however it ends.
pub fn lock_writer(data_dir: &Path, progress: &dyn Progress) -> Result<WriterLock, IngestError> {
    WriterLock::acquire(data_dir, || progress.waiting_for_writer(data_dir)).map_err(|source| {
        IngestError::Lock {
            dir: data_dir.to_owned(),
            source,
        }
    })
}
