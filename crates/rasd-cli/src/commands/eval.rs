//! `rasd eval …`: score rasd's stages against annotated data.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Subcommand};
use rasd_ner::Recognizer;
use rasd_ner::conll::{self, TagScheme};

use crate::commands::extract::Format;

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Named entities: CoNLL entity-level precision, recall and F1 on a `token TAG` file.
    Ner(NerArgs),
    /// Time expressions: detection precision, recall and F1 on TimeML files (inline TIMEX3).
    Timex(TimexArgs),
    /// Events: detection of the records' PLOVER categories (PROTEST, ASSAULT …) and the
    /// country of their source and target, on UniversalPetrarch gold standard records.
    Gsr(GsrArgs),
    /// Duplicates: exact and near-duplicate groups on a news corpus, scored on its identical
    /// texts and on synthetic edited copies.
    Dedup(super::eval_dedup::DedupArgs),
    /// Extraction against annotated articles (the annotation guide's gold): entities, events
    /// (by type), quotes, time expressions; source, target, modality, date and speaker
    /// accuracy; metadata and article bounds — `score_seeds.py`'s numbers and more.
    Extract(super::eval_extract::ExtractEvalArgs),
    /// Agreement of two independent annotations of the same articles, scored as extraction
    /// is (the first as gold).
    Agreement(super::eval_extract::AgreementArgs),
    /// Web pages: main text against gold text (bag-of-words F1 per page and averaged, on a
    /// tuning and a dev half), publication date and title accuracy, pages per second.
    Html(super::eval_html::HtmlEvalArgs),
    /// Story clusters against hand-made groupings of news-corpus records: pairwise
    /// precision, recall and F1 of same-story links, and B-cubed.
    Stories(super::eval_stories::StoriesEvalArgs),
    /// Entity resolution against pairs of names that must or must not be one referent:
    /// precision, recall and F1 of the "same" decisions, and the pairs decided wrongly.
    Resolution(super::eval_resolution::ResolutionEvalArgs),
}

#[derive(Args)]
pub struct GsrArgs {
    /// A `<Validation>` XML file of gold standard records.
    file: PathBuf,
    /// `json` prints one object; `text` a table.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Also list every missed and spurious event with its sentence (text format).
    #[arg(long)]
    errors: bool,
    /// The event coder: the learned model (every command's default) or the rules alone.
    #[arg(long, value_enum, default_value = "learned")]
    events: super::eval_extract::Coder,
}

#[derive(Args)]
pub struct TimexArgs {
    /// A folder of TimeML files (*.tml), or files.
    paths: Vec<PathBuf>,
    /// The documents' creation date (YYYY-MM-DD), to resolve relative expressions; without
    /// it, their values are not scored as right.
    #[arg(long)]
    dct: Option<String>,
    /// `json` prints one object; `text` a summary.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Also list every missed and spurious expression.
    #[arg(long)]
    errors: bool,
}

#[derive(Args)]
pub struct NerArgs {
    /// A file of `token TAG` lines, blank lines between sentences (IOB; I- after O starts an entity).
    file: PathBuf,
    /// A model file instead of the bundled one.
    #[arg(long)]
    model: Option<PathBuf>,
    /// `json` prints one object; `text` a table.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Also list every missed and spurious entity with its sentence (text format).
    #[arg(long)]
    errors: bool,
}

pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCommand::Ner(args) => ner(args),
        EvalCommand::Timex(args) => timex(args),
        EvalCommand::Gsr(args) => gsr(args),
        EvalCommand::Dedup(args) => super::eval_dedup::run(args),
        EvalCommand::Extract(args) => super::eval_extract::extract(args),
        EvalCommand::Agreement(args) => super::eval_extract::agreement(args),
        EvalCommand::Html(args) => super::eval_html::run(args),
        EvalCommand::Stories(args) => super::eval_stories::run(args),
        EvalCommand::Resolution(args) => super::eval_resolution::run(args),
    }
}

/// Counts of one PLOVER type.
#[derive(Default, serde::Serialize)]
struct TypeCounts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

fn prf(tp: usize, fp: usize, fn_: usize) -> serde_json::Value {
    serde_json::to_value(rasd_ner::eval::Prf::from_counts(tp, fp, fn_)).unwrap_or_default()
}

/// Each record is one sentence chosen for one category. A category is detected when rasd codes
/// an event of that type in the sentence; an event of another of the file's categories is a
/// false positive. Actor accuracy: over detected records whose gold actor has a country, the
/// share where rasd's actor of the first event of that type has the same country.
fn gsr(args: GsrArgs) -> anyhow::Result<ExitCode> {
    use std::collections::BTreeMap;
    let xml = std::fs::read_to_string(&args.file)
        .with_context(|| format!("reading {}", args.file.display()))?;
    let records: Vec<_> = rasd_extract::gsr::parse(&xml)
        .into_iter()
        .filter(|r| r.evaluate)
        .collect();
    anyhow::ensure!(!records.is_empty(), "{}: no records", args.file.display());
    let categories: Vec<String> = {
        let mut c: Vec<String> = records.iter().map(|r| r.category.clone()).collect();
        c.sort();
        c.dedup();
        c
    };
    let ner = Recognizer::bundled().context("loading the NER model")?;
    let started = Instant::now();
    let mut counts: BTreeMap<String, TypeCounts> = categories
        .iter()
        .map(|c| (c.clone(), TypeCounts::default()))
        .collect();
    let (mut src_ok, mut src_n, mut tgt_ok, mut tgt_n) = (0, 0, 0, 0);
    for r in &records {
        let parts = rasd_pipeline::Parts::whole(&r.text);
        let ann = rasd_pipeline::analyse_with(&r.text, &parts, Some(ner), args.events.coder());
        let country = |a: Option<usize>| {
            a.and_then(|a| ann.actors[a].code.as_deref())
                .filter(|c| c.len() >= 3 && c.is_char_boundary(3))
                .map(|c| c[..3].to_owned())
        };
        for c in &categories {
            let first = ann.events.iter().find(|e| e.plover == *c);
            let counts = counts.get_mut(c).expect("every category is counted");
            match (first, *c == r.category) {
                (Some(e), true) => {
                    counts.tp += 1;
                    if let Some(g) = r.codings.iter().find(|g| g.plover == *c) {
                        if let Some(gc) = &g.source.country {
                            src_n += 1;
                            src_ok += usize::from(country(e.source).as_ref() == Some(gc));
                        }
                        if let Some(gc) = &g.target.country {
                            tgt_n += 1;
                            tgt_ok += usize::from(country(e.target).as_ref() == Some(gc));
                        }
                    }
                }
                (Some(e), false) => {
                    counts.fp += 1;
                    if args.errors && args.format == Format::Text {
                        println!(
                            "SPURIOUS {c} ({} «{}») in {} record: {}",
                            e.cameo,
                            e.trigger.text(&r.text),
                            r.category,
                            r.text
                        );
                    }
                }
                (None, true) => {
                    counts.fn_ += 1;
                    if args.errors && args.format == Format::Text {
                        println!("MISSED {c}: {}", r.text);
                    }
                }
                (None, false) => {}
            }
        }
    }
    let elapsed = started.elapsed();
    let (tp, fp, fn_) = counts
        .values()
        .fold((0, 0, 0), |a, c| (a.0 + c.tp, a.1 + c.fp, a.2 + c.fn_));
    let acc = |ok: usize, n: usize| if n > 0 { ok as f64 / n as f64 } else { 0.0 };
    let report = serde_json::json!({
        "file": args.file.display().to_string(),
        "records": records.len(),
        "micro": prf(tp, fp, fn_),
        "per_type": counts
            .iter()
            .map(|(k, c)| (k.clone(), prf(c.tp, c.fp, c.fn_)))
            .collect::<serde_json::Map<_, _>>(),
        "actor_accuracy": {
            "source": acc(src_ok, src_n), "source_n": src_n,
            "target": acc(tgt_ok, tgt_n), "target_n": tgt_n,
            "both": acc(src_ok + tgt_ok, src_n + tgt_n),
        },
        "seconds": elapsed.as_secs_f64(),
    });
    let mut out = std::io::stdout().lock();
    if args.format == Format::Json {
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} records from {}",
            records.len(),
            args.file.display()
        )?;
        writeln!(
            out,
            "{:<10} {:>9} {:>9} {:>9}",
            "type", "precision", "recall", "F1"
        )?;
        let row = |name: &str, v: &serde_json::Value| {
            format!(
                "{name:<10} {:>9.3} {:>9.3} {:>9.3}",
                v["precision"].as_f64().unwrap_or(0.0),
                v["recall"].as_f64().unwrap_or(0.0),
                v["f1"].as_f64().unwrap_or(0.0)
            )
        };
        for (k, v) in report["per_type"].as_object().into_iter().flatten() {
            writeln!(out, "{}", row(k, v))?;
        }
        writeln!(out, "{}", row("micro", &report["micro"]))?;
        writeln!(
            out,
            "actor country accuracy: source {:.3} (n={src_n}), target {:.3} (n={tgt_n})",
            acc(src_ok, src_n),
            acc(tgt_ok, tgt_n)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn timex(args: TimexArgs) -> anyhow::Result<ExitCode> {
    use rasd_extract::dates::{TimeRules, find_times};
    use rasd_extract::timeml::{self, TimexScores};
    let dct = match &args.dct {
        Some(d) => Some(
            rasd_reader::calendar::Date::parse_iso(d)
                .with_context(|| format!("--dct {d}: not a YYYY-MM-DD date"))?,
        ),
        None => None,
    };
    let listing = rasd_ingest::expand(&args.paths, &["tml"]);
    if let Some(e) = listing.errors.first() {
        anyhow::bail!("{e}");
    }
    let files = listing.files;
    anyhow::ensure!(!files.is_empty(), "no .tml files found");
    let mut scores = TimexScores::default();
    for f in &files {
        let xml = std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
        let doc = timeml::parse(&xml);
        let found = find_times(&doc.text, dct, TimeRules::bundled());
        if args.errors {
            for g in &doc.timexes {
                if !found
                    .iter()
                    .any(|s| (s.span.start as usize) < g.end && g.start < s.span.end as usize)
                {
                    println!(
                        "MISSED {} {} «{}» ({})",
                        g.ty,
                        g.value,
                        &doc.text[g.start..g.end],
                        f.display()
                    );
                }
            }
            for s in &found {
                if !doc
                    .timexes
                    .iter()
                    .any(|g| (s.span.start as usize) < g.end && g.start < s.span.end as usize)
                {
                    println!(
                        "SPURIOUS {:?} {:?} «{}» ({})",
                        s.ty,
                        s.value,
                        s.span.text(&doc.text),
                        f.display()
                    );
                }
            }
        }
        scores.add(&doc.timexes, &found, &doc.text);
    }
    let (p, r, f1) = scores.prf(scores.relaxed_matches);
    let (sp, sr, sf) = scores.prf(scores.strict_matches);
    let frac = |n: usize| {
        if scores.relaxed_matches > 0 {
            n as f64 / scores.relaxed_matches as f64
        } else {
            0.0
        }
    };
    match args.format {
        Format::Json => {
            let out = serde_json::json!({
                "micro": {"precision": p, "recall": r, "f1": f1},
                "strict": {"precision": sp, "recall": sr, "f1": sf},
                "type_accuracy": frac(scores.type_matches),
                "value_accuracy": frac(scores.value_matches),
                "counts": scores,
                "documents": files.len(),
            });
            println!("{out}");
        }
        Format::Text => {
            println!(
                "{} documents, {} gold, {} found",
                files.len(),
                scores.gold,
                scores.system
            );
            println!("relaxed (overlap): P {p:.4} R {r:.4} F1 {f1:.4}");
            println!("strict (exact):    P {sp:.4} R {sr:.4} F1 {sf:.4}");
            println!(
                "type accuracy {:.4}, value accuracy {:.4} (of relaxed matches)",
                frac(scores.type_matches),
                frac(scores.value_matches)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn ner(args: NerArgs) -> anyhow::Result<ExitCode> {
    let owned;
    let recognizer: &Recognizer = match &args.model {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            owned = Recognizer::from_bytes(&bytes)
                .with_context(|| format!("loading {}", p.display()))?;
            &owned
        }
        None => Recognizer::bundled()?,
    };
    let (sentences, skipped) =
        conll::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    anyhow::ensure!(
        !sentences.is_empty(),
        "{}: no sentences",
        args.file.display()
    );
    if skipped > 0 {
        eprintln!(
            "rasd: warning: {}: {skipped} lines are not `token TAG` and were skipped",
            args.file.display()
        );
    }
    // Tagging is timed on its own (features included), one thread.
    let tokens: usize = sentences.iter().map(|s| s.tokens.len()).sum();
    recognizer.warm_up();
    let t0 = Instant::now();
    let predicted = rasd_ner::tag_sentences(recognizer, &sentences);
    let secs = t0.elapsed().as_secs_f64();
    let mut scorer = rasd_ner::eval::Scorer::new();
    for (s, p) in sentences.iter().zip(&predicted) {
        scorer.add(&s.labels(TagScheme::Coarse), p);
    }
    let scores = scorer.scores();
    if args.errors {
        for (s, p) in sentences.iter().zip(&predicted) {
            let gold = rasd_ner::eval::spans(&s.labels(TagScheme::Coarse));
            let pred = rasd_ner::eval::spans(p);
            let show = |e: &rasd_ner::eval::LabeledSpan| s.tokens[e.start..e.end].join(" ");
            for g in gold.iter().filter(|g| !pred.contains(g)) {
                let got = pred
                    .iter()
                    .find(|x| x.start < g.end && g.start < x.end)
                    .map(|x| format!("{} {}", x.ty.as_str(), show(x)));
                println!(
                    "MISSED {} «{}» got {:?} | {}",
                    g.ty.as_str(),
                    show(g),
                    got,
                    s.tokens.join(" ")
                );
            }
            for x in pred.iter().filter(|x| {
                !gold.contains(x) && !gold.iter().any(|g| x.start < g.end && g.start < x.end)
            }) {
                println!(
                    "SPURIOUS {} «{}» | {}",
                    x.ty.as_str(),
                    show(x),
                    s.tokens.join(" ")
                );
            }
        }
    }
    // Name the types as the file does (ANERcorp writes PERS).
    let pers = sentences
        .iter()
        .flat_map(|s| &s.tags)
        .any(|t| t.ends_with("-PERS"));
    let type_name = |t: &str| {
        if pers && t == "PER" {
            "PERS".to_owned()
        } else {
            t.to_owned()
        }
    };
    let tps = tokens as f64 / secs.max(1e-9);
    match args.format {
        Format::Json => {
            let per_type: serde_json::Map<String, serde_json::Value> = scores
                .per_type
                .iter()
                .map(|(k, v)| {
                    (
                        type_name(k),
                        serde_json::to_value(v).expect("scores serialize"),
                    )
                })
                .collect();
            let out = serde_json::json!({
                "micro": scores.micro,
                "per_type": per_type,
                "tokens": tokens,
                "sentences": sentences.len(),
                "tokens_per_second": tps,
            });
            println!("{out}");
        }
        Format::Text => {
            println!(
                "{:<6} {:>9} {:>9} {:>9} {:>6} {:>6} {:>6}",
                "type", "precision", "recall", "F1", "tp", "fp", "fn"
            );
            for (k, v) in &scores.per_type {
                println!(
                    "{:<6} {:>9.4} {:>9.4} {:>9.4} {:>6} {:>6} {:>6}",
                    type_name(k),
                    v.precision,
                    v.recall,
                    v.f1,
                    v.tp,
                    v.fp,
                    v.r#fn
                );
            }
            let m = scores.micro;
            println!(
                "{:<6} {:>9.4} {:>9.4} {:>9.4} {:>6} {:>6} {:>6}",
                "micro", m.precision, m.recall, m.f1, m.tp, m.fp, m.r#fn
            );
            println!(
                "{tokens} tokens in {} sentences, {:.0} tokens/s (one thread, features included)",
                sentences.len(),
                tps
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
