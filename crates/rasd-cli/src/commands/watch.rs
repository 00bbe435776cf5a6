//! `rasd watch`: keeps a store current from folders, feeds and pages, one cycle every
//! `--every`; `rasd serve --watch` runs the same loop beside the server.
//!
//! Each cycle polls every source (`rasd_watch`), ingests what is new through the ingest path
//! `rasd ingest` uses ([`rasd_ingest::store_sources`], then [`rasd_ingest::complete_pending`]),
//! then remembers what it stored, and logs one line on stderr.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context;
use clap::Args;
use rasd_ingest::{Linking, Source};
use rasd_store::Store;
use rasd_watch::fetch::FetchConfig;
use rasd_watch::{Harvest, StopSignal, WatchSource, Watcher};

use crate::inputs;
use crate::progress::Shown;

#[derive(Args)]
pub struct WatchArgs {
    /// Folders (their new or changed files are read as `rasd ingest` reads files), and http(s)
    /// URLs of feeds (RSS, Atom, JSON Feed) or pages.
    #[arg(required = true, value_name = "SOURCE")]
    sources: Vec<String>,
    /// The data directory holding the store (and what the watcher remembers, `watch.json`).
    #[arg(long, default_value = rasd_store::DEFAULT_DATA_DIR)]
    data_dir: PathBuf,
    /// Run one cycle and exit (0: no source failed, 2: some did).
    #[arg(long)]
    once: bool,
    #[command(flatten)]
    options: WatchOptions,
}

/// How often and how politely sources are polled (shared by `rasd watch` and `rasd serve
/// --watch`).
#[derive(Args, Clone, Debug)]
pub struct WatchOptions {
    /// Time between the starts of two cycles (`90s`, `15m`, `1h`; a bare number is seconds).
    #[arg(long, default_value = "15m", value_name = "DURATION")]
    every: HumanDuration,
    /// Shortest time between two requests to one host (a robots.txt Crawl-delay asking for
    /// more is honoured).
    #[arg(long, default_value = "1s", value_name = "DURATION")]
    host_interval: HumanDuration,
    /// Longest wait for a server to accept a connection or send the next part of an answer.
    #[arg(long, default_value = "30s", value_name = "DURATION")]
    timeout: HumanDuration,
    /// Days after its last article a story still takes new ones.
    #[arg(long, default_value_t = 3)]
    window: i64,
}

/// A duration as typed: a number and a unit (`ms`, `s`, `m`, `h`, `d`; seconds without one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HumanDuration(pub Duration);

impl FromStr for HumanDuration {
    type Err = String;

    fn from_str(s: &str) -> Result<HumanDuration, String> {
        let s = s.trim();
        let split = s
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(s.len());
        let (number, unit) = s.split_at(split);
        let value: f64 = number
            .parse()
            .map_err(|_| format!("`{s}` is not a duration (write 90s, 15m, 1h)"))?;
        let seconds = match unit.trim() {
            "" | "s" | "sec" => 1.0,
            "ms" => 0.001,
            "m" | "min" => 60.0,
            "h" => 3600.0,
            "d" => 86_400.0,
            other => return Err(format!("unknown unit `{other}` in `{s}` (ms, s, m, h, d)")),
        };
        Duration::try_from_secs_f64(value * seconds)
            .map(HumanDuration)
            .map_err(|e| format!("`{s}`: {e}"))
    }
}

pub fn run(args: WatchArgs) -> anyhow::Result<ExitCode> {
    let mut watcher = watcher(&args.sources, &args.data_dir, &args.options)?;
    let stop = StopSignal::new();
    if args.once {
        let report = run_cycle(&mut watcher, &args.data_dir, &args.options, &stop)?;
        return Ok(if report.errors == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        });
    }
    stop_on_ctrl_c(stop.clone());
    eprintln!(
        "rasd: watching {} source(s) into {} every {} (Ctrl-C stops between cycles)",
        watcher.sources().len(),
        args.data_dir.display(),
        show(args.options.every.0)
    );
    run_loop(watcher, &args.data_dir, &args.options, &stop);
    Ok(ExitCode::SUCCESS)
}

/// The watcher of `sources` for `data_dir`: every source is checked first, and all the bad
/// ones are named at once.
pub(crate) fn watcher(
    sources: &[String],
    data_dir: &Path,
    options: &WatchOptions,
) -> anyhow::Result<Watcher> {
    let (parsed, bad): (Vec<_>, Vec<_>) = sources
        .iter()
        .map(|s| s.parse::<WatchSource>())
        .partition(Result::is_ok);
    if !bad.is_empty() {
        let bad: Vec<String> = bad
            .into_iter()
            .filter_map(Result::err)
            .map(|e| e.to_string())
            .collect();
        anyhow::bail!("{}", bad.join("; "));
    }
    let sources = parsed.into_iter().filter_map(Result::ok).collect();
    let mut fetch = FetchConfig::new(user_agent());
    fetch.host_interval = options.host_interval.0;
    fetch.connect_timeout = options.timeout.0;
    fetch.read_timeout = options.timeout.0;
    fetch.request_timeout = fetch.request_timeout.max(options.timeout.0 * 4);
    Watcher::new(sources, data_dir, fetch)
        .with_context(|| format!("watching into {}", data_dir.display()))
}

/// `rasd/<version> (+<repository>)`.
pub(crate) fn user_agent() -> String {
    format!(
        "rasd/{} (+{})",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_REPOSITORY")
    )
}

/// Cycles until `stop` is asked (between cycles, or between items of a poll). A cycle that
/// fails as a whole (the store cannot be written) is logged and the next one tries again.
pub(crate) fn run_loop(
    mut watcher: Watcher,
    data_dir: &Path,
    options: &WatchOptions,
    stop: &StopSignal,
) {
    loop {
        let started = Instant::now();
        if let Err(e) = run_cycle(&mut watcher, data_dir, options, stop) {
            eprintln!("rasd: error: watch cycle: {e:#}");
        }
        if stop.is_stopped() {
            break;
        }
        let wait = options.every.0.saturating_sub(started.elapsed());
        if stop.wait(wait) {
            break;
        }
    }
}

/// What a cycle did.
pub(crate) struct CycleReport {
    pub errors: usize,
}

/// One cycle: poll, ingest what is new, remember it, log one line.
pub(crate) fn run_cycle(
    watcher: &mut Watcher,
    data_dir: &Path,
    options: &WatchOptions,
    stop: &StopSignal,
) -> anyhow::Result<CycleReport> {
    let started = Instant::now();
    let at = utc_timestamp(SystemTime::now());
    let mut listing_errors = 0;
    let harvest = watcher.poll(
        &mut |folder| {
            let listing = rasd_ingest::expand(&[folder.to_owned()], rasd_ingest::READ);
            listing_errors += inputs::report(&listing);
            listing.files
        },
        stop,
    );
    let Harvest {
        polled,
        files,
        documents,
        errors: failures,
        notes,
        update,
    } = harvest;
    for note in &notes {
        eprintln!("rasd: note: {note}");
    }
    for failure in &failures {
        eprintln!("rasd: error: {}", error_chain(failure));
    }
    let mut errors = listing_errors + failures.len();
    let mut added = 0;
    if !files.is_empty() || !documents.is_empty() {
        let limits = rasd_ingest::SizeLimits::default();
        let progress = Shown::hidden();
        let _lock = rasd_ingest::lock_writer(data_dir, &progress)?;
        let mut store = Store::open(data_dir)
            .with_context(|| format!("opening the store in {}", data_dir.display()))?;
        let fetched = documents.into_iter().map(|d| Source::Read {
            name: d.name,
            document: Box::new(d.document),
        });
        let sources = rasd_ingest::sources(&files, limits, &progress).chain(fetched);
        let tally = rasd_ingest::store_sources(
            &mut store,
            sources,
            &limits.reader(),
            rasd_ingest::DEFAULT_BATCH_SIZE,
            &progress,
        )?;
        rasd_ingest::complete_pending(
            &mut store,
            data_dir,
            options.window,
            Linking::Update,
            &progress,
        )?;
        errors += tally.failed;
        added = tally.added;
    }
    // Remembered only now that it is stored: a crash before refetches rather than loses.
    watcher.commit(update)?;
    eprintln!(
        "rasd: watch {at}: {polled} source{} polled, {added} new article{}, {errors} error{}, {:.1} s",
        plural(polled),
        plural(added),
        plural(errors),
        started.elapsed().as_secs_f64()
    );
    Ok(CycleReport { errors })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// An error and its causes, `a: b: c`.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

/// `15m`, `90s`, `1h`: a duration as `--every` takes it.
fn show(d: Duration) -> String {
    let s = d.as_secs();
    match (d.subsec_nanos(), s % 3600, s % 60) {
        (0, 0, _) if s > 0 => format!("{}h", s / 3600),
        (0, _, 0) if s > 0 => format!("{}m", s / 60),
        _ => {
            let secs = format!("{:.3}", d.as_secs_f64());
            format!("{}s", secs.trim_end_matches('0').trim_end_matches('.'))
        }
    }
}

/// A time as `2024-05-01T10:00:00Z` (UTC, seconds).
fn utc_timestamp(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let rest = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Ctrl-C asks the watcher to stop after its cycle; a second one ends the process at once
/// (the store loses at most the batch in flight, as after any crash).
fn stop_on_ctrl_c(stop: StopSignal) {
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        runtime.block_on(async {
            if tokio::signal::ctrl_c().await.is_err() {
                return;
            }
            eprintln!("rasd: stopping after this cycle (Ctrl-C again stops now)");
            stop.stop();
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(130);
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let d = |s: &str| s.parse::<HumanDuration>().map(|d| d.0);
        assert_eq!(d("90"), Ok(Duration::from_secs(90)));
        assert_eq!(d("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(d("1.5h"), Ok(Duration::from_secs(5400)));
        assert_eq!(d("250ms"), Ok(Duration::from_millis(250)));
        assert!(d("soon").is_err());
        assert!(d("5 weeks").is_err());
        assert_eq!(show(Duration::from_secs(900)), "15m");
        assert_eq!(show(Duration::from_millis(1500)), "1.5s");
    }

    #[test]
    fn timestamps() {
        let t = |s: u64| utc_timestamp(SystemTime::UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(t(0), "1970-01-01T00:00:00Z");
        assert_eq!(t(951_782_400 + 3_723), "2000-02-29T01:02:03Z");
        assert_eq!(t(1_709_251_199), "2024-02-29T23:59:59Z");
    }
}
