//! `rasd ingest`: analyse news files and keep what they say in the store; `rasd events` and
//! `rasd entities`: list what the store holds.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use rasd_ingest::Linking;
use rasd_store::Store;

use crate::commands::extract::Format;
use crate::inputs;
use crate::progress::Shown;

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
    limits: inputs::SizeArgs,
    /// Files per transaction: a crash loses at most the batch being stored.
    #[arg(long, default_value_t = rasd_ingest::DEFAULT_BATCH_SIZE, hide = true)]
    batch_size: usize,
    /// Recompute the cross-article layer over the whole store (entities resolved anew over
    /// every article) instead of updating what the new articles reach, and rebuild the index.
    #[arg(long)]
    recompute: bool,
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
        limits: inputs::SizeArgs::default(),
        batch_size: rasd_ingest::DEFAULT_BATCH_SIZE,
        recompute: false,
    };
    run_with_summary(args, &mut std::io::stderr().lock())
}

fn run_with_summary(args: IngestArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let _lock = rasd_ingest::lock_writer(&args.data_dir, &Shown::hidden())?;
    let mut store = Store::open(&args.data_dir)
        .with_context(|| format!("opening the store in {}", args.data_dir.display()))?;
    let reader = args.limits.reader();
    let listing = rasd_ingest::expand(&args.paths, rasd_ingest::READ);
    let listing_errors = inputs::report(&listing);
    let files = listing.files;
    let progress = Shown::bar(files.len());
    let sources = rasd_ingest::sources(&files, args.limits.limits(), &progress);
    let tally =
        rasd_ingest::store_sources(&mut store, sources, &reader, args.batch_size, &progress)?;
    let (read, failed) = (tally.read, tally.failed + listing_errors);
    progress.finish();
    let mode = if args.recompute {
        Linking::Recompute
    } else {
        Linking::Update
    };
    let completed =
        rasd_ingest::complete_pending(&mut store, &args.data_dir, args.window, mode, &progress)?;
    let counts = store.counts()?;
    let summary = serde_json::json!({
        "files": read,
        "new_articles": tally.added,
        "already_stored": tally.already_stored,
        "failed": failed,
        "articles_total": counts.articles,
        "fused_events": counts.fused_events,
        "data_dir": args.data_dir.display().to_string(),
        // How the cross-article layer followed: "update" (what the new articles reach),
        // "recompute" (the whole store), or null (nothing pending).
        "linked": completed.linked.map(|l| match l {
            Linking::Update => "update",
            Linking::Recompute => "recompute",
        }),
        "articles_read_again": completed.articles_read,
        "seconds": {
            "total": started.elapsed().as_secs_f64(),
            "analysis": tally.t_analysis,
            "store": tally.t_store,
            "cross_article": completed.cross_article,
            "index": completed.index,
        },
    });
    serde_json::to_writer(&mut *out, &summary)?;
    writeln!(out)?;
    out.flush()?;
    Ok(if read == 0 {
        if files.is_empty() && failed == 0 {
            eprintln!(
                "rasd: error: no {} found under the given paths",
                rasd_ingest::READ_KINDS
            );
        }
        ExitCode::from(1)
    } else if failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
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
