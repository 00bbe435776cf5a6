//! `rasd index`: (re)build the search index of a data directory from its store; `rasd search`:
//! full-text search over the stored articles.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use rasd_search::{SearchError, SearchIndex, SearchQuery};
use rasd_store::Store;

use crate::commands::extract::Format;

#[derive(Args)]
pub struct IndexArgs {
    /// The data directory holding the store; the index is written to its `index/`.
    #[arg(long, default_value = rasd_store::DEFAULT_DATA_DIR)]
    data_dir: PathBuf,
}

/// `rasd index`: rebuild `<data-dir>/index` from every article in the store; prints one line
/// of JSON `{"articles", "text_bytes", "index_bytes", "seconds"}`.
pub fn run_index(args: IndexArgs) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    if !args.data_dir.join(rasd_store::DB_FILE).is_file() {
        anyhow::bail!(
            "no store in {} (run `rasd ingest PATH... --data-dir {}` first)",
            args.data_dir.display(),
            args.data_dir.display()
        );
    }
    let progress = crate::progress::Shown::hidden();
    let _lock = rasd_ingest::lock_writer(&args.data_dir, &progress)?;
    let store = Store::open(&args.data_dir)
        .with_context(|| format!("opening the store in {}", args.data_dir.display()))?;
    let dir = rasd_search::index_dir(&args.data_dir);
    let stats = rasd_search::rebuild(&store, &dir)
        .with_context(|| format!("building the search index in {}", dir.display()))?;
    store.index_done()?;
    rasd_ingest::warn_long_words(&stats, &progress);
    let summary = serde_json::json!({
        "articles": stats.articles,
        "text_bytes": stats.text_bytes,
        "index_bytes": dir_size(&dir),
        "seconds": (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
    });
    println!("{summary}");
    Ok(ExitCode::SUCCESS)
}

/// Bytes of the files in a directory tree.
fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

#[derive(Args)]
pub struct SearchArgs {
    /// The words to find (every word, in any clitic form or spelling, in the title or body).
    /// May be empty ("") when a filter is given.
    query: String,
    /// Published on or after this day (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Published on or before this day (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    /// Only this outlet (its Arabic or English name).
    #[arg(long)]
    outlet: Option<String>,
    /// Only articles naming this entity: a canonical id (`c12`, see `rasd entities`) or a name.
    #[arg(long)]
    entity: Option<String>,
    /// Only articles with an event of this PLOVER type (CONSULT, ASSAULT…).
    #[arg(long = "type")]
    ty: Option<String>,
    /// The most hits to print.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Output format [default: text on a terminal, json otherwise: one hit per line].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// The data directory holding the store and its index.
    #[arg(long, default_value = rasd_store::DEFAULT_DATA_DIR)]
    data_dir: PathBuf,
}

/// `rasd search`: the best articles for a query, best first.
pub fn run_search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let dir = rasd_search::index_dir(&args.data_dir);
    let index = match SearchIndex::open(&dir) {
        Ok(index) => index,
        Err(SearchError::NoIndex { .. }) => anyhow::bail!(
            "no search index in {} (run `rasd index --data-dir {}` first)",
            args.data_dir.display(),
            args.data_dir.display()
        ),
        Err(e @ SearchError::Incompatible { .. }) => {
            return Err(anyhow::Error::new(e).context(format!(
                "rebuild it with `rasd index --data-dir {}`",
                args.data_dir.display()
            )));
        }
        Err(e) => {
            return Err(anyhow::Error::new(e)
                .context(format!("opening the search index in {}", dir.display())));
        }
    };
    let query = SearchQuery {
        text: args.query,
        from: args.from,
        to: args.to,
        outlet: args.outlet,
        entity: args.entity,
        event_type: args.ty,
        limit: args.limit.max(1),
        offset: 0,
    };
    let hits = index.search(&query)?;
    let format = Format::or_for_stdout(args.format);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        Format::Json => {
            for h in &hits {
                serde_json::to_writer(&mut out, h)?;
                writeln!(out)?;
            }
        }
        Format::Text => {
            if hits.is_empty() {
                writeln!(out, "no article found")?;
            }
            for (i, h) in hits.iter().enumerate() {
                writeln!(
                    out,
                    "{}. {} · {} · {} · {} (article {}, score {:.2})",
                    i + 1,
                    h.title.as_deref().unwrap_or("—"),
                    h.outlet.as_deref().unwrap_or("—"),
                    h.published.as_deref().unwrap_or("—"),
                    h.file,
                    h.article,
                    h.score
                )?;
                writeln!(out, "   {}", h.snippet)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
