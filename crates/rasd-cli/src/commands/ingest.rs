//! `rasd ingest`: analyse news files and keep what they say in the store; `rasd events` and
//! `rasd entities`: list what the store holds.

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use rasd_pipeline::{ArticleAnnotations, Parts};
use rasd_reader::{ArticleRole, Document};
use rasd_store::{
    BatchOutcome, ContentHash, MentionSpan, NewArticle, NewEntity, NewEvent, NewQuote, NewTime,
    Store,
};
use rasd_text::CharIndex;
use rayon::prelude::*;

use crate::commands::extract::Format;
use crate::inputs::{self, Source};

#[derive(Args)]
pub struct IngestArgs {
    /// Files or directories (directories are searched recursively for *.txt).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The data directory holding the store (rasd.sqlite).
    #[arg(long, default_value = rasd_store::DEFAULT_DATA_DIR)]
    data_dir: PathBuf,
    /// Days after its last article a story still takes new ones.
    #[arg(long, default_value_t = 3)]
    window: i64,
    #[command(flatten)]
    limits: inputs::SizeLimits,
    /// Files per transaction: a crash loses at most the batch being stored.
    #[arg(long, default_value_t = 64, hide = true)]
    batch_size: usize,
    /// Recompute the cross-article layer over the whole store (entities resolved anew over
    /// every article) instead of updating what the new articles reach, and rebuild the index.
    #[arg(long)]
    recompute: bool,
}

/// What became of one file.
struct Ingested {
    path: PathBuf,
    warnings: Vec<String>,
    /// Its articles that were not stored yet, analysed.
    new: Vec<NewArticle>,
    /// How many of its articles were already stored.
    known: usize,
}

pub fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    run_with_summary(args, &mut std::io::stdout().lock())
}

/// `rasd serve PATH...`: ingests the paths into `data_dir` with the default settings, the
/// summary on stderr (stdout's first line is the server's URL). The exit code of the ingest.
pub fn before_serving(paths: Vec<PathBuf>, data_dir: PathBuf) -> anyhow::Result<ExitCode> {
    let args = IngestArgs {
        paths,
        data_dir,
        window: 3,
        limits: inputs::SizeLimits::default(),
        batch_size: 64,
        recompute: false,
    };
    run_with_summary(args, &mut std::io::stderr().lock())
}

fn run_with_summary(args: IngestArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let _lock = lock_writer(&args.data_dir)?;
    let mut store = Store::open(&args.data_dir)
        .with_context(|| format!("opening the store in {}", args.data_dir.display()))?;
    let reader = args.limits.reader();
    let listing = inputs::expand(&args.paths, inputs::READ);
    let listing_errors = listing.report();
    let files = listing.files;
    let progress = if std::io::stderr().is_terminal() {
        // Dumps count as one until their records are read.
        let bar = ProgressBar::new(files.len() as u64);
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} ingesting [{bar:30}] {pos}/{len} files and records · {per_sec} · eta {eta} {msg}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let sources = inputs::sources(&files, args.limits, |n| {
        if n > 0 {
            progress.inc_length(n as u64)
        } else {
            progress.dec_length(n.unsigned_abs())
        }
    });
    let tally = store_sources(&mut store, sources, &reader, args.batch_size, &progress)?;
    let (read, failed) = (tally.read, tally.failed + listing_errors);
    progress.finish_and_clear();
    let mode = if args.recompute {
        Linking::Recompute
    } else {
        Linking::Update
    };
    let (t_cross, t_index) = complete_pending(&mut store, &args.data_dir, args.window, mode)?;
    let counts = store.counts()?;
    let summary = serde_json::json!({
        "files": read,
        "new_articles": tally.added,
        "already_stored": tally.already_stored,
        "failed": failed,
        "articles_total": counts.articles,
        "fused_events": counts.fused_events,
        "data_dir": args.data_dir.display().to_string(),
        "seconds": {
            "total": started.elapsed().as_secs_f64(),
            "analysis": tally.t_analysis,
            "store": tally.t_store,
            "cross_article": t_cross,
            "index": t_index,
        },
    });
    serde_json::to_writer(&mut *out, &summary)?;
    writeln!(out)?;
    out.flush()?;
    Ok(if read == 0 {
        if files.is_empty() && failed == 0 {
            eprintln!(
                "rasd: error: no {} found under the given paths",
                inputs::READ_KINDS
            );
        }
        ExitCode::from(1)
    } else if failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// What storing a run of sources did.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    /// Sources read.
    pub read: usize,
    /// Sources that failed (each error printed on stderr).
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

/// The ingest path every writer shares (`rasd ingest`, `rasd serve PATH`, `rasd watch`): reads
/// and analyses the sources in parallel, a batch at a time, skipping articles the store holds
/// already, while a writer thread stores each batch in one transaction. Errors and warnings go
/// to stderr, naming their source. The cross-article layer and the index are left pending
/// ([`complete_pending`]).
pub(crate) fn store_sources(
    store: &mut Store,
    mut sources: impl Iterator<Item = Source>,
    reader: &rasd_reader::Reader,
    batch_size: usize,
    progress: &ProgressBar,
) -> anyhow::Result<Tally> {
    let mut known: HashSet<ContentHash> = store.known_hashes()?;
    let ner = rasd_ner::Recognizer::bundled().context("loading the named-entity model")?;
    let mut tally = Tally::default();
    // A writer thread stores each batch (one transaction) while the next one is analysed.
    let (sender, batches) = std::sync::mpsc::sync_channel::<Vec<NewArticle>>(1);
    let (stored, t_store) = std::thread::scope(|scope| -> anyhow::Result<(BatchOutcome, f64)> {
        let writer = scope.spawn(move || -> anyhow::Result<(BatchOutcome, f64)> {
            let (mut total, mut seconds) = (BatchOutcome::default(), 0f64);
            for batch in batches {
                let clock = std::time::Instant::now();
                let outcome = store
                    .add_batch(&batch)
                    .context("storing a batch of articles")?;
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
            let clock = std::time::Instant::now();
            let results: Vec<Result<Ingested, String>> = chunk
                .par_iter()
                .map(|source| {
                    // A bug must cost one file, not the batch: a panic becomes that file's error.
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        ingest_source(source, reader, ner, &known)
                    }))
                    .unwrap_or_else(|_| {
                        Err(format!(
                            "{}: internal error while analysing this (please report it)",
                            source.name()
                        ))
                    })
                })
                .collect();
            let mut batch = Vec::new();
            for r in results {
                match r {
                    Ok(file) => {
                        progress.suspend(|| {
                            for w in &file.warnings {
                                eprintln!("rasd: warning: {}: {w}", file.path.display());
                            }
                        });
                        tally.read += 1;
                        tally.already_stored += file.known;
                        batch.extend(file.new);
                    }
                    Err(e) => {
                        progress.suspend(|| eprintln!("rasd: error: {e}"));
                        tally.failed += 1;
                    }
                }
            }
            tally.t_analysis += clock.elapsed().as_secs_f64();
            known.extend(batch.iter().map(NewArticle::content_hash));
            if sender.send(batch).is_err() {
                break; // the writer failed: its error is returned below
            }
            progress.inc(chunk.len() as u64);
        }
        drop(sender);
        writer
            .join()
            .map_err(|_| anyhow::anyhow!("the store writer panicked"))?
    })?;
    tally.added = stored.added;
    tally.already_stored += stored.already_stored;
    tally.t_store = t_store;
    Ok(tally)
}

/// Takes the writer lock of a data directory, saying so on stderr when another writer holds it
/// (the lock is released when the guard is dropped, or the process ends however it ends).
pub(crate) fn lock_writer(data_dir: &Path) -> anyhow::Result<rasd_store::WriterLock> {
    rasd_store::WriterLock::acquire(data_dir, || {
        eprintln!(
            "rasd: waiting for another rasd writer on {}…",
            data_dir.display()
        );
    })
    .with_context(|| format!("locking the data directory {}", data_dir.display()))
}

/// How the cross-article layer follows the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Linking {
    /// Update what the new articles reach ([`Store::update`]).
    Update,
    /// Recompute it over the whole store ([`Store::recompute`]).
    Recompute,
}

/// Completes what the store records as pending, whether or not this run added articles (a
/// writer killed after its last batch leaves it): the cross-article layer, then the search
/// index. The seconds each took.
pub(crate) fn complete_pending(
    store: &mut Store,
    data_dir: &Path,
    window: i64,
    mode: Linking,
) -> anyhow::Result<(f64, f64)> {
    let clock = std::time::Instant::now();
    if store.is_stale()? || mode == Linking::Recompute {
        let spinner = if std::io::stderr().is_terminal() {
            let s = ProgressBar::new_spinner();
            s.set_message("resolving entities, clustering stories, fusing events");
            s.enable_steady_tick(std::time::Duration::from_millis(120));
            s
        } else {
            ProgressBar::hidden()
        };
        match mode {
            Linking::Update => {
                store
                    .update(window)
                    .context("updating the cross-article layer")?;
            }
            Linking::Recompute => {
                store
                    .recompute(window)
                    .context("recomputing the cross-article layer")?;
            }
        }
        spinner.finish_and_clear();
    }
    let t_cross = clock.elapsed().as_secs_f64();
    // The search index follows the store: the articles added since it was last brought up to
    // date, or rebuilt whole after a recompute (which may rename canonical entities) or when
    // there is none.
    let clock = std::time::Instant::now();
    let index_dir = rasd_search::index_dir(data_dir);
    let work = if index_dir.join("rasd-search.json").exists() {
        store.index_work()?
    } else {
        rasd_store::IndexWork::Rebuild
    };
    let stats = match work {
        rasd_store::IndexWork::Nothing => None,
        rasd_store::IndexWork::Articles(ids) => Some(
            rasd_search::index_articles(store, &index_dir, &ids).with_context(|| {
                format!(
                    "adding articles to the search index in {}",
                    index_dir.display()
                )
            })?,
        ),
        rasd_store::IndexWork::Rebuild => Some(
            rasd_search::rebuild(store, &index_dir)
                .with_context(|| format!("building the search index in {}", index_dir.display()))?,
        ),
    };
    if let Some(stats) = stats {
        warn_long_words(&stats);
        store.index_done()?;
    }
    Ok((t_cross, clock.elapsed().as_secs_f64()))
}

/// Names the files whose over-long words the index leaves out.
pub(crate) fn warn_long_words(stats: &rasd_search::IndexStats) {
    for file in &stats.long_words {
        eprintln!(
            "rasd: warning: {file}: words over {} bytes are not searchable",
            rasd_search::MAX_WORD_BYTES
        );
    }
}

/// Reads a file or a record, and analyses those of its articles the store does not hold yet.
fn ingest_source(
    source: &Source,
    reader: &rasd_reader::Reader,
    ner: &rasd_ner::Recognizer,
    known: &HashSet<ContentHash>,
) -> Result<Ingested, String> {
    let doc = source.read(reader)?;
    let path = match source {
        Source::File(path) => path.clone(),
        _ => PathBuf::from(source.name()),
    };
    ingest_document(&source.file_name(), &path, &doc, ner, known)
}

/// Analyses the articles of a read document that the store does not hold yet.
fn ingest_document(
    name: &str,
    path: &Path,
    doc: &Document,
    ner: &rasd_ner::Recognizer,
    known: &HashSet<ContentHash>,
) -> Result<Ingested, String> {
    let index = CharIndex::new(&doc.text);
    let mut new = Vec::new();
    let mut seen = 0;
    let mut warnings: Vec<String> = doc.warnings.iter().map(ToString::to_string).collect();
    for (part, a) in doc.articles.iter().enumerate() {
        let body = crate::records::body(&doc.text, a);
        let title = a.title.as_ref().map(|f| f.text.as_str());
        if known.contains(&ContentHash::of_article(title, &body)) {
            seen += 1;
            continue;
        }
        let ann = rasd_pipeline::analyse(&doc.text, &Parts::of(a), Some(ner));
        warnings.extend(
            ann.warnings
                .iter()
                .map(|w| format!("article {}: {w}", part + 1)),
        );
        let mut article = NewArticle::new(name, &path.display().to_string(), &doc.text);
        article.part = part as u32;
        article.role = match a.role {
            ArticleRole::Main => "main",
            ArticleRole::Related => "related",
        }
        .to_owned();
        // What a dump's record says of its source is its metadata (the reader has already
        // made the record's date the articles' date); an outlet the reader finds in the text
        // is a guess beside it.
        let record_outlet = doc.record.as_ref().and_then(|r| r.outlet.clone());
        article.outlet = doc.outlet_of(a).map(str::to_owned);
        article.outlet_en = record_outlet.or_else(|| a.outlet_en.clone());
        article.published = a.published.as_ref().map(|p| p.date.clone());
        article.title = a.title.as_ref().map(|f| f.text.clone());
        article.title_span = a.title.as_ref().map(|f| index.char_span(f.span));
        article.blocks = a.blocks.iter().map(|b| index.char_span(b.span)).collect();
        article.headings = (a.blocks.iter().enumerate())
            .filter(|(_, b)| b.kind == rasd_reader::BlockKind::Heading)
            .map(|(i, _)| i)
            .collect();
        article.entities = entities(&doc.text, &index, &ann);
        article.events = events(&doc.text, &index, &ann);
        article.quotes = quotes(&doc.text, &index, &ann);
        article.times = times(&doc.text, &index, &ann);
        new.push(article);
    }
    Ok(Ingested {
        path: path.to_owned(),
        warnings,
        new,
        known: seen,
    })
}

// The records `rasd analyze` builds (`crate::records`), plus the spans the store keeps:
// mention and trigger offsets.

fn entities(text: &str, index: &CharIndex, ann: &ArticleAnnotations) -> Vec<NewEntity> {
    ann.entities
        .iter()
        .map(|e| NewEntity {
            record: crate::records::entity_record(text, e),
            mentions: e
                .mentions
                .iter()
                .map(|&m| mention(text, index, m))
                .collect(),
        })
        .collect()
}

fn events(text: &str, index: &CharIndex, ann: &ArticleAnnotations) -> Vec<NewEvent> {
    ann.events
        .iter()
        .map(|e| NewEvent {
            record: crate::records::event_record(text, index, ann, e),
            trigger: index.char_span(e.trigger),
        })
        .collect()
}

/// Words and character offsets of a span.
fn mention(text: &str, index: &CharIndex, span: rasd_text::Span) -> MentionSpan {
    let (start, end) = index.char_span(span);
    MentionSpan {
        start,
        end,
        text: span.text(text).to_owned(),
    }
}

fn quotes(text: &str, index: &CharIndex, ann: &ArticleAnnotations) -> Vec<NewQuote> {
    let direct = ann.quotes.iter().map(|q| ("direct", q));
    let reported = ann.reported.iter().map(|q| ("reported", q));
    direct
        .chain(reported)
        .map(|(kind, q)| NewQuote {
            kind: kind.to_owned(),
            span: mention(text, index, q.text),
            speaker: q.speaker,
            speaker_span: q.speaker_span.map(|s| index.char_span(s)),
            cue: q.cue.map(|s| index.char_span(s)),
        })
        .collect()
}

fn times(text: &str, index: &CharIndex, ann: &ArticleAnnotations) -> Vec<NewTime> {
    ann.times
        .iter()
        .map(|t| NewTime {
            span: mention(text, index, t.span),
            ty: serde_json::to_value(t.ty)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            value: t.value.clone(),
        })
        .collect()
}

#[derive(Args)]
pub struct EventsArgs {
    /// The data directory holding the store.
    #[arg(long, default_value = rasd_store::DEFAULT_DATA_DIR)]
    data_dir: PathBuf,
    /// Only events of this PLOVER type (ASSAULT, CONSULT …).
    #[arg(long = "type")]
    ty: Option<String>,
    /// Output format [default: text on a terminal, json otherwise: one fused event per line].
    #[arg(long, value_enum)]
    format: Option<Format>,
}

/// `rasd events`: the fused events in the store, most corroborated first.
pub fn run_events(args: EventsArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&args.data_dir)?;
    let ty = args.ty.map(|t| t.to_uppercase());
    let events = store.fused_events(ty.as_deref())?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match Format::or_for_stdout(args.format) {
        Format::Json => {
            for e in &events {
                serde_json::to_writer(&mut out, e)?;
                writeln!(out)?;
            }
        }
        Format::Text => {
            let party = |p: &rasd_store::PartyRow| match (&p.name, &p.actor) {
                (Some(n), Some(c)) => format!("{n} ({c})"),
                (Some(n), None) => n.clone(),
                (None, Some(c)) => c.clone(),
                (None, None) => "—".to_owned(),
            };
            for e in &events {
                writeln!(
                    out,
                    "{} {} {} {} → {} · {} report(s), {} independent outlet(s){}{}",
                    e.id,
                    e.ty,
                    e.cameo,
                    party(&e.source),
                    party(&e.target),
                    e.mentions.len(),
                    e.corroboration,
                    e.date
                        .as_deref()
                        .map(|d| format!(" · {d}"))
                        .unwrap_or_default(),
                    e.location
                        .as_deref()
                        .map(|l| format!(" · at {l}"))
                        .unwrap_or_default(),
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct EntitiesArgs {
    /// The data directory holding the store.
    #[arg(long, default_value = rasd_store::DEFAULT_DATA_DIR)]
    data_dir: PathBuf,
    /// Output format [default: text on a terminal, json otherwise: one entity per line].
    #[arg(long, value_enum)]
    format: Option<Format>,
}

/// `rasd entities`: the canonical entities in the store, most widely named first.
pub fn run_entities(args: EntitiesArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&args.data_dir)?;
    let entities = store.entities()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match Format::or_for_stdout(args.format) {
        Format::Json => {
            for e in &entities {
                serde_json::to_writer(&mut out, e)?;
                writeln!(out)?;
            }
        }
        Format::Text => {
            for e in &entities {
                writeln!(
                    out,
                    "{}\t{}\t{}{}{}\t{} article(s)",
                    e.id,
                    e.ty,
                    e.name,
                    e.name_en
                        .as_deref()
                        .map(|n| format!(" ({n})"))
                        .unwrap_or_default(),
                    e.actor
                        .as_deref()
                        .map(|c| format!(" [{c}]"))
                        .unwrap_or_default(),
                    e.articles
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The store of a data directory that must already hold one (listing and exporting never
/// create it).
pub(crate) fn open_existing(dir: &Path) -> anyhow::Result<Store> {
    if !dir.join(rasd_store::DB_FILE).is_file() {
        anyhow::bail!(
            "no store in {} (run `rasd ingest PATH... --data-dir {}` first)",
            dir.display(),
            dir.display()
        );
    }
    Store::open(dir).with_context(|| format!("opening the store in {}", dir.display()))
}
