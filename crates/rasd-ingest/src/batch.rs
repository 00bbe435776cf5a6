//! The batch loop every writer shares: sources read and analysed in parallel, a batch at a
//! time, while a writer thread stores the previous batch in one transaction.

use std::collections::HashSet;
use std::time::Instant;

use rasd_store::{BatchOutcome, ContentHash, NewArticle, Store};
use rayon::prelude::*;

use crate::analyse::{Analysed, analyse_source};
use crate::source::{Source, SourceError};
use crate::{IngestError, Progress};

/// Sources per transaction when the caller has no reason to choose: a crash loses at most the
/// batch being stored.
pub const DEFAULT_BATCH_SIZE: usize = 64;

/// What storing a run of sources did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    /// Sources read.
    pub read: usize,
    /// Sources that failed (each told to [`Progress::error`]).
    pub failed: usize,
    /// Articles added to the store.
    pub added: usize,
    /// Articles the store held already.
    pub already_stored: usize,
    /// Seconds analysing.
    pub t_analysis: f64,
    /// Seconds storing (overlapped with analysis).
    pub t_store: f64,
}

/// Reads and analyses the sources in parallel, `batch_size` at a time, skipping articles the
/// store holds already (by [`ContentHash`], including those of earlier batches of this run),
/// while a writer thread stores each batch in one transaction. A source that fails — or whose
/// analysis panics — is told to `progress` and counted, and the run goes on; warnings are told
/// naming their source, and [`Progress::sources_done`] follows each batch.
///
/// The cross-article layer and the search index are left pending: [`crate::complete_pending`]
/// completes them. The caller holds the writer lock ([`crate::lock_writer`]).
pub fn store_sources(
    store: &mut Store,
    mut sources: impl Iterator<Item = Source>,
    reader: &rasd_reader::Reader,
    batch_size: usize,
    progress: &dyn Progress,
) -> Result<Tally, IngestError> {
    let mut known: HashSet<ContentHash> = store.known_hashes()?;
    let ner = rasd_ner::Recognizer::bundled().map_err(IngestError::Model)?;
    let mut tally = Tally::default();
    // A writer thread stores each batch (one transaction) while the next one is analysed.
    let (sender, batches) = std::sync::mpsc::sync_channel::<Vec<NewArticle>>(1);
    let (stored, t_store) =
        std::thread::scope(|scope| -> Result<(BatchOutcome, f64), IngestError> {
            let writer = scope.spawn(move || -> Result<(BatchOutcome, f64), IngestError> {
                let (mut total, mut seconds) = (BatchOutcome::default(), 0f64);
                for batch in batches {
                    let clock = Instant::now();
                    let outcome = store.add_batch(&batch).map_err(IngestError::StoreBatch)?;
                    total.added += outcome.added;
                    total.already_stored += outcome.already_stored;
                    seconds += clock.elapsed().as_secs_f64();
                }
                Ok((total, seconds))
            });
            loop {
                let chunk: Vec<Source> = sources.by_ref().take(batch_size.max(1)).collect();
                if chunk.is_empty() {
                    break;
                }
                let clock = Instant::now();
                let results: Vec<Result<Analysed, SourceError>> = chunk
                    .par_iter()
                    .map(|source| {
                        // A bug must cost one source, not the batch: a panic becomes its error.
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            analyse_source(source, reader, ner, &known)
                        }))
                        .unwrap_or_else(|_| {
                            Err(SourceError::Panicked {
                                name: source.name(),
                            })
                        })
                    })
                    .collect();
                let mut batch = Vec::new();
                for r in results {
                    match r {
                        Ok(source) => {
                            for w in &source.warnings {
                                progress.warning(&source.name, w);
                            }
                            tally.read += 1;
                            tally.already_stored += source.known;
                            batch.extend(source.new);
                        }
                        Err(e) => {
                            progress.error(&e);
                            tally.failed += 1;
                        }
                    }
                }
                tally.t_analysis += clock.elapsed().as_secs_f64();
                known.extend(batch.iter().map(NewArticle::content_hash));
                if sender.send(batch).is_err() {
                    break; // the writer failed: its error is returned below
                }
                progress.sources_done(chunk.len());
            }
            drop(sender);
            writer.join().map_err(|_| IngestError::WriterPanicked)?
        })?;
    tally.added = stored.added;
    tally.already_stored += stored.already_stored;
    tally.t_store = t_store;
    Ok(tally)
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::path::PathBuf;

    use super::*;
    use crate::{Linking, SizeLimits, Step, complete_pending, lock_writer};

    #[derive(Default)]
    struct Heard {
        errors: RefCell<Vec<String>>,
        done: RefCell<usize>,
        steps: RefCell<Vec<(Step, bool)>>,
    }

    impl Progress for Heard {
        fn sources_done(&self, n: usize) {
            *self.done.borrow_mut() += n;
        }
        fn warning(&self, _: &str, _: &str) {}
        fn error(&self, error: &SourceError) {
            self.errors.borrow_mut().push(error.to_string());
        }
        fn step(&self, step: Step, running: bool) {
            self.steps.borrow_mut().push((step, running));
        }
    }

    const NEWS: &str =
        "موسكو تستضيف قمة\n\nاستقبل الرئيس الروسي فلاديمير بوتين نظيره الكوري في موسكو أمس.\n";
    const OTHER: &str = "القاهرة تعلن خطة\n\nأعلنت الحكومة المصرية في القاهرة خطة جديدة للنقل.\n";

    #[test]
    fn sources_are_stored_once_failures_counted_and_the_layer_completed() {
        let dir = std::env::temp_dir().join(format!("rasd-ingest-{}-batch", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let news = dir.join("news");
        std::fs::create_dir_all(&news).unwrap();
        std::fs::write(news.join("a.txt"), NEWS).unwrap();
        std::fs::write(news.join("b.txt"), NEWS).unwrap(); // a copy: stored once
        std::fs::write(news.join("c.txt"), OTHER).unwrap();
        let data = dir.join("data");
        let heard = Heard::default();
        let _lock = lock_writer(&data, &heard).unwrap();
        let mut store = Store::open(&data).unwrap();
        let limits = SizeLimits::default();
        let mut files = crate::expand(std::slice::from_ref(&news), crate::READ).files;
        files.push(news.join("gone.txt"));
        let run = |store: &mut Store| {
            let sources = files.iter().cloned().map(Source::File);
            store_sources(store, sources, &limits.reader(), 2, &heard).unwrap()
        };
        let first = run(&mut store);
        assert_eq!((first.read, first.failed), (3, 1));
        assert_eq!((first.added, first.already_stored), (2, 1));
        assert_eq!(*heard.done.borrow(), 4);
        assert_eq!(heard.errors.borrow().len(), 1);
        assert!(heard.errors.borrow()[0].contains("gone.txt"));
        assert!(store.is_stale().unwrap());

        complete_pending(&mut store, &data, 3, Linking::Update, &heard).unwrap();
        assert!(!store.is_stale().unwrap());
        assert_eq!(
            *heard.steps.borrow(),
            vec![(Step::CrossArticle, true), (Step::CrossArticle, false)]
        );
        assert!(
            rasd_search::index_dir(&data)
                .join("rasd-search.json")
                .exists()
        );

        // Again: nothing new, and nothing pending but what Recompute asks for.
        let again = run(&mut store);
        assert_eq!((again.added, again.already_stored), (0, 3));
        complete_pending(&mut store, &data, 3, Linking::Update, &heard).unwrap();
        assert_eq!(heard.steps.borrow().len(), 2);
        complete_pending(&mut store, &data, 3, Linking::Recompute, &heard).unwrap();
        assert_eq!(heard.steps.borrow().len(), 4);
        drop(store);
        let _ = std::fs::remove_dir_all(PathBuf::from(&dir));
    }
}
