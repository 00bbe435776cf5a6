//! `rasd-bench`: throughput of rasd's text layer and article reader on the news corpus, with
//! CAMeL Tools (the peer users know) timed on the same articles in the same run.
//!
//! Figures are medians over `--runs` runs on one core. Each run's output is checked (token
//! and sentence counts must be equal across runs), so a broken pipeline cannot pass for a
//! fast one.
#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Parser;
use rasd_reader::{DropReason, ReaderBuilder};
use rasd_text::{NormLevel, Token, normalize_into, split_sentences, tokenize_into};

mod search;

#[derive(Parser)]
#[command(about = "Benchmark rasd's text layer and reader on the news corpus")]
struct Args {
    /// Folder of *.jsonl.gz news dumps.
    #[arg(long, default_value = "../shared/data/news-corpus")]
    corpus: PathBuf,
    /// Use at most this many articles (0 = all).
    #[arg(long, default_value_t = 0)]
    limit: usize,
    /// Timed runs per measurement; the median is reported.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Skip the CAMeL Tools peer.
    #[arg(long)]
    no_peer: bool,
    /// Python interpreter for the peer.
    #[arg(long, default_value = "python3")]
    python: String,
    /// Also print what the reader drops from corpus articles, by reason, with examples.
    #[arg(long)]
    drops: bool,
    /// Articles to run named-entity recognition on (0 = skip).
    #[arg(long, default_value_t = 5000)]
    ner_articles: usize,
    /// Benchmark near-duplicate detection (rasd-dedup) only, on the whole corpus and on half
    /// of it, on all cores.
    #[arg(long)]
    dedup: bool,
    /// (Internal) run the dedup benchmark on `half` or `whole` of the corpus in this process.
    #[arg(long, hide = true)]
    dedup_part: Option<String>,
    /// Benchmark the search index (rasd-search) only: build time, size, query latency.
    #[arg(long)]
    search: bool,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&args.corpus)
        .with_context(|| format!("reading {}", args.corpus.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".jsonl.gz"))
        .collect();
    files.sort();
    let mut records = Vec::new();
    'files: for f in &files {
        for r in rasd_reader::corpus::records(f)? {
            if args.limit > 0 && records.len() >= args.limit {
                break 'files;
            }
            records.push(r.map_err(anyhow::Error::msg)?);
        }
    }
    if records.is_empty() {
        bail!("no articles found in {}", args.corpus.display());
    }
    if args.dedup || args.dedup_part.is_some() {
        return bench_dedup(&records, &args);
    }
    if args.search {
        return search::bench_search(&records, args.runs);
    }
    let bytes: usize = records.iter().map(|r| r.text.len()).sum();
    let mb = bytes as f64 / 1e6;
    println!(
        "corpus: {} articles, {:.1} MB from {} files; {} runs, medians, one core",
        records.len(),
        mb,
        files.len(),
        args.runs
    );

    // Text layer: normalization (Analysis) + tokenization + sentence splitting.
    let mut norm = String::new();
    let mut tokens: Vec<Token> = Vec::new();
    let mut secs = Vec::new();
    let mut counts = None;
    for _ in 0..args.runs {
        let (mut ntok, mut nsent, mut nnorm) = (0usize, 0usize, 0usize);
        let t0 = Instant::now();
        for r in &records {
            norm.clear();
            normalize_into(&r.text, NormLevel::Analysis, &mut norm);
            tokens.clear();
            tokenize_into(&r.text, &mut tokens);
            nsent += split_sentences(&r.text, &tokens).len();
            ntok += tokens.len();
            nnorm += norm.len();
        }
        secs.push(t0.elapsed().as_secs_f64());
        let c = (ntok, nsent, nnorm);
        assert!(
            counts.is_none_or(|p| p == c),
            "runs disagree: the pipeline is not deterministic"
        );
        counts = Some(c);
    }
    let text_s = median(secs);
    let (ntok, nsent, _) = counts.unwrap_or_default();
    println!(
        "rasd text layer (normalize Analysis + tokenize + sentences): {:.1} MB/s, {:.0} articles/s, {:.2} M tokens/s ({} tokens, {} sentences)",
        mb / text_s,
        records.len() as f64 / text_s,
        ntok as f64 / text_s / 1e6,
        ntok,
        nsent
    );

    // The same work at the Search level, which does what the CAMeL functions do.
    let mut secs = Vec::new();
    for _ in 0..args.runs {
        let t0 = Instant::now();
        for r in &records {
            norm.clear();
            normalize_into(&r.text, NormLevel::Search, &mut norm);
            tokens.clear();
            tokenize_into(&norm, &mut tokens);
        }
        secs.push(t0.elapsed().as_secs_f64());
    }
    let search_s = median(secs);
    println!(
        "rasd normalize Search + tokenize (CAMeL's work): {:.1} MB/s",
        mb / search_s
    );

    // The article reader over title + body, as a news file would hold them.
    let reader = ReaderBuilder::new().build();
    let files_text: Vec<String> = records
        .iter()
        .map(|r| format!("{}\n{}", r.title.as_deref().unwrap_or(""), r.text))
        .collect();
    let mut secs = Vec::new();
    let mut drops = std::collections::BTreeMap::<String, (usize, Vec<String>)>::new();
    for run in 0..args.runs {
        let t0 = Instant::now();
        let mut paragraphs = 0usize;
        for t in &files_text {
            let articles = reader.read_text(t);
            paragraphs += articles.iter().map(|a| a.blocks.len()).sum::<usize>();
            if run == 0 && args.drops {
                for a in &articles {
                    for d in &a.dropped {
                        if matches!(d.reason, DropReason::Title) {
                            continue;
                        }
                        let e = drops.entry(format!("{:?}", d.reason)).or_default();
                        e.0 += 1;
                        if e.1.len() < 12 && e.0 % 7 == 1 {
                            e.1.push(d.span.text(t).chars().take(120).collect());
                        }
                    }
                }
            }
        }
        assert!(paragraphs > 0);
        secs.push(t0.elapsed().as_secs_f64());
    }
    let reader_s = median(secs);
    let reader_mb = files_text.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    println!(
        "rasd reader (lines, rules, metadata, boilerplate): {:.1} MB/s, {:.0} articles/s",
        reader_mb / reader_s,
        records.len() as f64 / reader_s
    );
    if args.drops {
        for (reason, (n, examples)) in &drops {
            println!("  dropped {reason}: {n} lines");
            for e in examples {
                println!("      | {e}");
            }
        }
    }

    if args.ner_articles > 0 {
        bench_ner(&records[..args.ner_articles.min(records.len())], args.runs)?;
        bench_extraction(&records[..args.ner_articles.min(records.len())], args.runs)?;
    }

    if args.no_peer {
        return Ok(());
    }
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench/peers/camel_text.py");
    let peer_runs = args.runs.min(3).to_string();
    let out = Command::new(&args.python)
        .arg(&script)
        .args([
            "--corpus",
            &args.corpus.to_string_lossy(),
            "--limit",
            &args.limit.to_string(),
            "--runs",
            &peer_runs,
        ])
        .output();
    match out {
        Ok(o) if o.status.success() => {
            let v: serde_json::Value = serde_json::from_slice(&o.stdout)?;
            let peer = v["median_mb_s"].as_f64().unwrap_or(f64::NAN);
            println!(
                "CAMeL Tools 1.6 (dediac + alef/maksura/teh normalize + simple_word_tokenize): {peer:.2} MB/s"
            );
            println!(
                "ratio: rasd text layer {:.0}x CAMeL Tools; Search level + tokenize {:.0}x",
                (mb / text_s) / peer,
                (mb / search_s) / peer
            );
        }
        Ok(o) => println!(
            "CAMeL Tools peer skipped: {}",
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .unwrap_or("failed")
        ),
        Err(e) => println!("CAMeL Tools peer skipped: {e}"),
    }
    Ok(())
}

/// The stages after the reader over whole articles, one thread: the extraction stages alone
/// (quotes, reported speech, dates, quantities, actors, events — on entities found beforehand)
/// and the whole analysis with named-entity recognition.
fn bench_extraction(records: &[rasd_reader::corpus::Record], runs: usize) -> anyhow::Result<()> {
    use rasd_pipeline::Parts;
    let ner = rasd_ner::Recognizer::bundled()?;
    ner.warm_up();
    let parts: Vec<Parts> = records.iter().map(|r| Parts::whole(&r.text)).collect();
    let entities: Vec<Vec<rasd_ner::Entity>> = records
        .iter()
        .zip(&parts)
        .map(|(r, p)| rasd_pipeline::entities(&r.text, p, ner))
        .collect();
    let mut extract_secs = Vec::new();
    let mut all_secs = Vec::new();
    let mut counts = None;
    for _ in 0..runs {
        let t0 = Instant::now();
        let mut n = (0, 0, 0);
        for ((r, p), e) in records.iter().zip(&parts).zip(&entities) {
            let ann = rasd_pipeline::extract(&r.text, p, e.clone());
            n.0 += ann.events.len();
            n.1 += ann.quotes.len() + ann.reported.len();
            n.2 += ann.times.len();
        }
        extract_secs.push(t0.elapsed().as_secs_f64());
        assert!(counts.is_none_or(|c| c == n), "runs disagree");
        counts = Some(n);
        let t0 = Instant::now();
        let events: usize = records
            .iter()
            .zip(&parts)
            .map(|(r, p)| rasd_pipeline::analyse(&r.text, p, Some(ner)).events.len())
            .sum();
        all_secs.push(t0.elapsed().as_secs_f64());
        assert_eq!(events, n.0, "the whole analysis finds the same events");
    }
    let (events, quotes, times) = counts.unwrap_or_default();
    let n = records.len() as f64;
    // Each extraction stage alone (one run, after the timed ones), to see where time goes.
    let stage = |name: &str, f: &dyn Fn(&str, &Parts, &[rasd_ner::Entity]) -> usize| {
        let t0 = Instant::now();
        let k: usize = records
            .iter()
            .zip(&parts)
            .zip(&entities)
            .map(|((r, p), e)| f(&r.text, p, e))
            .sum();
        let s = t0.elapsed().as_secs_f64();
        format!("{name} {:.0}/s ({k})", n / s)
    };
    let mut shares = vec![
        stage("quotes", &|t, p, e| {
            let (q, r) = rasd_pipeline::quotes(t, p, e);
            q.len() + r.len()
        }),
        stage("dates", &|t, p, _| rasd_pipeline::times(t, p).len()),
        stage("quantities", &|t, p, _| {
            rasd_pipeline::quantities(t, p).len()
        }),
        stage("actor KB", &|t, p, _| {
            rasd_pipeline::actor_mentions(t, p).len()
        }),
    ];
    shares.push(stage("actors + events", &|t, p, e| {
        let mentions = rasd_pipeline::actor_mentions(t, p);
        let actors = rasd_pipeline::actors(t, p, e, &mentions);
        rasd_pipeline::events(
            t,
            p,
            &rasd_pipeline::EventContext {
                actors: &actors,
                times: &[],
                quantities: &[],
                quotes: &[],
                reported: &[],
            },
            rasd_pipeline::EventCoder::default(),
        )
        .len()
    }));
    println!("  stages alone, articles/s: {}", shares.join(" · "));
    println!(
        "rasd extraction (quotes + reported speech + dates + quantities + actors + events): {:.0} articles/s over {} articles ({events} events, {quotes} quotes, {times} time expressions)",
        n / median(extract_secs),
        records.len()
    );
    println!(
        "rasd whole analysis (NER + extraction): {:.0} articles/s per core",
        n / median(all_secs)
    );
    Ok(())
}

/// Named-entity recognition over whole articles: tokenization, sentence splitting, features
/// and both tagging stages, one thread.
fn bench_ner(records: &[rasd_reader::corpus::Record], runs: usize) -> anyhow::Result<()> {
    let ner = rasd_ner::Recognizer::bundled()?;
    ner.warm_up();
    let tokens: usize = records
        .iter()
        .map(|r| rasd_text::tokenize(&r.text).len())
        .sum();
    let mut secs = Vec::new();
    let mut mentions = None;
    for _ in 0..runs {
        let t0 = Instant::now();
        let n: usize = records
            .iter()
            .map(|r| ner.recognize_text(&r.text).len())
            .sum();
        secs.push(t0.elapsed().as_secs_f64());
        assert!(mentions.is_none_or(|m| m == n), "runs disagree");
        mentions = Some(n);
    }
    let s = median(secs);
    println!(
        "rasd NER (tokenize + sentences + features + two-stage tagging): {:.0} tokens/s, {:.0} articles/s over {} articles ({} mentions)",
        tokens as f64 / s,
        records.len() as f64 / s,
        records.len(),
        mentions.unwrap_or(0)
    );
    Ok(())
}

/// Near-duplicate detection (`rasd_dedup::find_groups`: fingerprints, MinHash, LSH,
/// verification, groups) on every other article and on the whole corpus, on all cores: wall
/// time (median of `--runs`), articles/s, and peak resident memory. Each size runs in a
/// process of its own, so that its peak (VmHWM) is not the other's: the peak includes the
/// loaded corpus, given as the memory in use before the first run.
fn bench_dedup(records: &[rasd_reader::corpus::Record], args: &Args) -> anyhow::Result<()> {
    use rasd_dedup::{DedupParams, Doc, find_groups};
    let params = DedupParams::default();
    let Some(part) = &args.dedup_part else {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        println!(
            "dedup: shingles of {} words, {} hashes in {} bands, threshold {}; {} runs, medians, {threads} threads",
            params.shingle, params.hashes, params.bands, params.threshold, args.runs
        );
        let mut medians = Vec::new();
        for part in ["half", "whole"] {
            let out = Command::new(std::env::current_exe()?)
                .args(["--corpus", &args.corpus.to_string_lossy()])
                .args(["--limit", &args.limit.to_string()])
                .args(["--runs", &args.runs.to_string(), "--dedup-part", part])
                .output()?;
            anyhow::ensure!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                match line.strip_prefix("median_seconds ") {
                    Some(s) => medians.push(s.parse::<f64>()?),
                    None => println!("{line}"),
                }
            }
        }
        if let [half, whole] = medians[..] {
            println!(
                "scaling: the whole corpus takes {:.2}x the time of half of it (2.00 = linear)",
                whole / half
            );
        }
        return Ok(());
    };
    let docs: Vec<Doc<'_>> = records
        .iter()
        .enumerate()
        .map(|(i, r)| Doc {
            id: u32::try_from(i).expect("fewer than 2^32 articles"),
            text: &r.text,
            date: r.date.as_deref(),
        })
        .collect();
    let docs: Vec<Doc<'_>> = if part == "half" {
        docs.into_iter().step_by(2).collect()
    } else {
        docs
    };
    let mb = docs.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
    let before = proc_status_mb("VmRSS:").unwrap_or(0.0);
    let mut secs = Vec::new();
    let mut found = None;
    for _ in 0..args.runs {
        let t0 = Instant::now();
        let groups = find_groups(&docs, &params)?;
        secs.push(t0.elapsed().as_secs_f64());
        let n = (
            groups.len(),
            groups.iter().map(|g| g.members.len()).sum::<usize>(),
        );
        assert!(found.is_none_or(|f| f == n), "runs disagree");
        found = Some(n);
    }
    let peak = proc_status_mb("VmHWM:").unwrap_or(0.0);
    let s = median(secs);
    let (groups, grouped) = found.unwrap_or_default();
    println!(
        "rasd dedup, {part} corpus ({} articles, {mb:.0} MB): {s:.2} s, {:.0} articles/s, {groups} groups of {grouped} articles; peak RSS {peak:.0} MB ({before:.0} MB with the corpus loaded, before the first run)",
        docs.len(),
        docs.len() as f64 / s,
    );
    println!("median_seconds {s}");
    Ok(())
}

/// A memory line of /proc/self/status (`VmRSS:`, `VmHWM:`) in MB.
fn proc_status_mb(key: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kb: f64 = line[key.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}
