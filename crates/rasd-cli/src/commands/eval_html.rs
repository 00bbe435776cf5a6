//! `rasd eval html DIR`: main text and metadata of web pages against a gold text.
//!
//! DIR holds `<id>.html` pages with `<id>.txt` gold main text (one paragraph per line) and,
//! optionally, a `manifest.jsonl` with one object per page: `id`, `date` (the publication
//! date; its first 10 characters are compared), `title`. The pages are split, in name order,
//! into a tuning half (even positions) and a dev half (odd positions) that rules are not tuned
//! on; scores are given for each half and for all.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Args;

use crate::commands::extract::Format;

#[derive(Args)]
pub struct HtmlEvalArgs {
    /// A folder of `<id>.html` pages, `<id>.txt` gold texts and optionally `manifest.jsonl`.
    dir: PathBuf,
    /// `json` prints one object per page and a summary; `text` a table.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Extract every page this many times for the pages/s figure (scores are the same).
    #[arg(long, default_value_t = 1)]
    repeat: usize,
}

#[derive(serde::Serialize)]
struct PageScore {
    id: String,
    split: &'static str,
    precision: f64,
    recall: f64,
    f1: f64,
    title: Option<String>,
    title_right: Option<bool>,
    date: Option<String>,
    date_right: Option<bool>,
}

#[derive(serde::Deserialize)]
struct ManifestLine {
    id: String,
    date: Option<String>,
    title: Option<String>,
}

#[derive(Default, serde::Serialize)]
struct Summary {
    pages: usize,
    f1: f64,
    title_right: Option<f64>,
    date_right: Option<f64>,
}

fn summarise<'a>(scores: impl Iterator<Item = &'a PageScore>) -> Summary {
    let scores: Vec<&PageScore> = scores.collect();
    let share = |v: Vec<bool>| {
        (!v.is_empty()).then(|| v.iter().filter(|&&b| b).count() as f64 / v.len() as f64)
    };
    Summary {
        pages: scores.len(),
        f1: scores.iter().map(|s| s.f1).sum::<f64>() / scores.len().max(1) as f64,
        title_right: share(scores.iter().filter_map(|s| s.title_right).collect()),
        date_right: share(scores.iter().filter_map(|s| s.date_right).collect()),
    }
}

/// Compare titles loosely: whitespace and the common quote marks do not count.
fn same_title(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && !"\"'«»“”".contains(*c))
            .collect()
    };
    key(a) == key(b)
}

/// Seconds this thread has run on a CPU (Linux: `/proc/thread-self/schedstat`), which a busy
/// machine does not inflate as it does wall-clock time; `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e9)
}

pub fn run(args: HtmlEvalArgs) -> anyhow::Result<ExitCode> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&args.dir)
        .with_context(|| format!("reading {}", args.dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html" || x == "htm"))
        .collect();
    pages.sort();
    anyhow::ensure!(!pages.is_empty(), "{}: no .html pages", args.dir.display());
    let manifest: HashMap<String, ManifestLine> =
        std::fs::read_to_string(args.dir.join("manifest.jsonl"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str::<ManifestLine>(l).ok())
            .map(|m| (m.id.clone(), m))
            .collect();
    let inputs: Vec<(String, Vec<u8>, String)> = pages
        .iter()
        .map(|p| -> anyhow::Result<_> {
            let id = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let html = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            let gold = std::fs::read_to_string(p.with_extension("txt"))
                .with_context(|| format!("{}: no gold .txt beside it", p.display()))?;
            Ok((id, html, gold))
        })
        .collect::<anyhow::Result<_>>()?;
    let started = Instant::now();
    let cpu_started = thread_cpu_seconds();
    for _ in 1..args.repeat {
        for (_, html, _) in &inputs {
            std::hint::black_box(rasd_web::read_html(html).ok());
        }
    }
    let docs: Vec<_> = inputs
        .iter()
        .map(|(_, html, _)| rasd_web::read_html(html))
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let cpu_seconds = cpu_started.zip(thread_cpu_seconds()).map(|(a, b)| b - a);
    let scores: Vec<PageScore> = inputs
        .iter()
        .zip(docs)
        .enumerate()
        .map(|(n, ((id, _, gold), doc))| {
            let (body, title, date) = match &doc {
                Ok(d) => {
                    let a = &d.articles[0];
                    (
                        a.body(&d.text),
                        a.title.as_ref().map(|t| t.text.clone()),
                        a.published.as_ref().map(|p| p.date.clone()),
                    )
                }
                Err(_) => (String::new(), None, None),
            };
            let s = rasd_web::eval::bag_of_words(&body, gold);
            let m = manifest.get(id);
            let gold_date = m.and_then(|m| m.date.as_deref()).and_then(|d| d.get(..10));
            let gold_title = m.and_then(|m| m.title.as_deref());
            PageScore {
                id: id.clone(),
                split: if n % 2 == 0 { "tune" } else { "dev" },
                precision: s.precision,
                recall: s.recall,
                f1: s.f1,
                title_right: gold_title.map(|g| title.as_deref().is_some_and(|t| same_title(t, g))),
                title,
                date_right: gold_date.map(|g| date.as_deref() == Some(g)),
                date,
            }
        })
        .collect();
    let tune = summarise(scores.iter().filter(|s| s.split == "tune"));
    let dev = summarise(scores.iter().filter(|s| s.split == "dev"));
    let all = summarise(scores.iter());
    let pages_per_second = (scores.len() * args.repeat.max(1)) as f64 / seconds.max(1e-9);
    let cpu_pages_per_second =
        cpu_seconds.map(|s| (scores.len() * args.repeat.max(1)) as f64 / s.max(1e-9));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Json => {
            let v = serde_json::json!({
                "pages": scores, "tune": tune, "dev": dev, "all": all,
                "pages_per_second": pages_per_second,
                "cpu_pages_per_second": cpu_pages_per_second,
            });
            writeln!(out, "{v}")?;
        }
        Format::Text => {
            let yes_no = |b: Option<bool>| match b {
                Some(true) => "yes",
                Some(false) => "NO",
                None => "-",
            };
            writeln!(
                out,
                "{:<24} {:<5} {:>6} {:>6} {:>6}  date  title",
                "page", "split", "P", "R", "F1"
            )?;
            for s in &scores {
                writeln!(
                    out,
                    "{:<24} {:<5} {:>6.3} {:>6.3} {:>6.3}  {:<5} {:<5} {}",
                    s.id,
                    s.split,
                    s.precision,
                    s.recall,
                    s.f1,
                    yes_no(s.date_right),
                    yes_no(s.title_right),
                    s.title.as_deref().unwrap_or("(no title)")
                )?;
            }
            let pct = |x: Option<f64>| x.map_or("-".to_owned(), |x| format!("{:.0}%", x * 100.0));
            for (name, s) in [("tune", &tune), ("dev (not tuned on)", &dev), ("all", &all)] {
                writeln!(
                    out,
                    "{name}: {} pages, mean F1 {:.3}, date right {}, title right {}",
                    s.pages,
                    s.f1,
                    pct(s.date_right),
                    pct(s.title_right)
                )?;
            }
            let cpu = cpu_pages_per_second
                .map_or(String::new(), |c| format!(", {c:.0} pages per CPU second"));
            writeln!(
                out,
                "{pages_per_second:.0} pages/s{cpu} (decoding, parsing, extraction)"
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
