//! `rasd eval …`: score rasd's stages against annotated data.

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
    }
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
    let (files, errors) = crate::inputs::expand(&args.paths, &["tml"]);
    if let Some((p, e)) = errors.first() {
        anyhow::bail!("{}: {e}", p.display());
    }
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
