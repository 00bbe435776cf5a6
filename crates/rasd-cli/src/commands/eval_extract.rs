//! `rasd eval extract` and `rasd eval agreement`: extraction scored against annotated articles
//! (the gold schema of the annotation guide), with `score_seeds.py`'s matching.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use rasd_eval::score::{Counts, FileScore, Ratio, Summary, score_all};
use rasd_eval::{CameoTable, GoldFile, SystemDoc};
use rasd_reader::{ReaderBuilder, RecordMeta};
use rayon::prelude::*;

use crate::commands::extract::Format;
use crate::output::FileReport;

#[derive(Args)]
pub struct ExtractEvalArgs {
    /// A folder of gold files (`<name>.json`, one per annotated text).
    gold: PathBuf,
    /// The folder of the annotated texts [default: `texts/` beside the gold folder].
    #[arg(long)]
    texts: Option<PathBuf>,
    /// A manifest (`manifest.tsv`: `file`, `date`, `split` columns) giving each text's record
    /// date, the reference of its relative dates [default: `manifest.tsv` beside the gold
    /// folder, when there is one].
    #[arg(long)]
    manifest: Option<PathBuf>,
    /// Score only the files of this split of the manifest (train, dev, test).
    #[arg(long)]
    split: Option<String>,
    /// `json` prints one object; `text` a summary.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Also print each file's scores (text format).
    #[arg(long)]
    files: bool,
    /// The event coder: the learned model (every command's default) or the rules alone.
    #[arg(long, value_enum, default_value = "learned")]
    events: Coder,
}

/// Which event coder an evaluation runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Coder {
    /// The learned event model (falls back to the rules when none is shipped).
    Learned,
    /// The trigger lexicon and positional rules.
    Rules,
}

impl Coder {
    /// The pipeline's coder.
    pub fn coder(self) -> rasd_pipeline::EventCoder {
        match self {
            Coder::Learned => rasd_pipeline::EventCoder::learned(),
            Coder::Rules => rasd_pipeline::EventCoder::Rules,
        }
    }
}

#[derive(Args)]
pub struct AgreementArgs {
    /// The first annotation of the articles (a folder of gold files).
    first: PathBuf,
    /// The second, independent annotation (only articles in both are compared).
    second: PathBuf,
    /// The folder of the annotated texts [default: `texts/` beside the first folder].
    #[arg(long)]
    texts: Option<PathBuf>,
    /// `json` prints one object; `text` a summary.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// A manifest row: the record's date and split.
pub(crate) struct ManifestRow {
    pub date: Option<String>,
    pub split: Option<String>,
}

pub(crate) fn read_manifest(path: &Path) -> anyhow::Result<HashMap<String, ManifestRow>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let file = col("file").with_context(|| format!("{}: no `file` column", path.display()))?;
    let (date, split) = (col("date"), col("split"));
    Ok(lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let get = |i: Option<usize>| {
                i.and_then(|i| f.get(i))
                    .map(|s| s.to_string())
                    .filter(|s| !s.is_empty())
            };
            (
                f.get(file).copied().unwrap_or_default().to_owned(),
                ManifestRow {
                    date: get(date),
                    split: get(split),
                },
            )
        })
        .collect())
}

pub(crate) fn beside(dir: &Path, name: &str) -> PathBuf {
    dir.parent().unwrap_or(Path::new(".")).join(name)
}

pub(crate) fn load_gold(dir: &Path, texts: &Path) -> anyhow::Result<Vec<(GoldFile, String)>> {
    let golds = rasd_eval::gold::read_dir(dir)?;
    anyhow::ensure!(
        !golds.is_empty(),
        "{}: no gold files (*.json)",
        dir.display()
    );
    golds
        .into_iter()
        .map(|(_, g)| {
            let path = texts.join(&g.file);
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("{}: the text of a gold file", path.display()))?;
            Ok((g, text))
        })
        .collect()
}

/// Validate gold files; print each problem. The number of problems.
fn check(golds: &[(GoldFile, String)]) -> usize {
    let table = CameoTable::bundled();
    let mut n = 0;
    for (g, text) in golds {
        for p in rasd_eval::validate::validate(g, text, table) {
            eprintln!("rasd: warning: gold {p}");
            n += 1;
        }
    }
    n
}

pub fn extract(args: ExtractEvalArgs) -> anyhow::Result<ExitCode> {
    let texts = args
        .texts
        .clone()
        .unwrap_or_else(|| beside(&args.gold, "texts"));
    let manifest_path = args.manifest.clone().or_else(|| {
        let p = beside(&args.gold, "manifest.tsv");
        p.exists().then_some(p)
    });
    let manifest = match &manifest_path {
        Some(p) => read_manifest(p)?,
        None => HashMap::new(),
    };
    let mut golds = load_gold(&args.gold, &texts)?;
    if let Some(split) = &args.split {
        anyhow::ensure!(manifest_path.is_some(), "--split needs a manifest");
        golds.retain(|(g, _)| {
            manifest
                .get(&g.file)
                .is_some_and(|r| r.split.as_deref() == Some(split.as_str()))
        });
        anyhow::ensure!(!golds.is_empty(), "no gold file of split {split}");
    }
    let problems = check(&golds);
    let reader = ReaderBuilder::new().build();
    let ner = rasd_ner::Recognizer::bundled().context("loading the named-entity model")?;
    let systems: Vec<SystemDoc> = golds
        .par_iter()
        .map(|(g, _)| -> anyhow::Result<SystemDoc> {
            let path = texts.join(&g.file);
            let mut doc = reader.read_path(&path)?;
            // The record's date is the reference of the text's relative dates.
            let date = manifest.get(&g.file).and_then(|r| r.date.as_deref());
            if let Some(date) = date.and_then(rasd_reader::calendar::Date::parse_iso) {
                doc.set_record(RecordMeta {
                    published: Some(date),
                    ..RecordMeta::default()
                });
            }
            let annotations = doc
                .articles
                .iter()
                .map(|a| {
                    let coder = args.events.coder();
                    rasd_pipeline::analyse_with(
                        &doc.text,
                        &rasd_pipeline::Parts::of(a),
                        Some(ner),
                        coder,
                    )
                })
                .collect();
            let report = FileReport::new(
                g.file.clone(),
                path.display().to_string(),
                &doc,
                annotations,
            );
            // Scored as `score_seeds.py` reads it: through the printed JSON.
            Ok(serde_json::from_value(serde_json::to_value(&report)?)?)
        })
        .collect::<anyhow::Result<_>>()?;
    let gold_files: Vec<GoldFile> = golds.into_iter().map(|(g, _)| g).collect();
    let scores = score_all(&gold_files, &systems);
    print_scores(&scores, args.format, args.files, problems)?;
    Ok(ExitCode::SUCCESS)
}

pub fn agreement(args: AgreementArgs) -> anyhow::Result<ExitCode> {
    let texts = args
        .texts
        .clone()
        .unwrap_or_else(|| beside(&args.first, "texts"));
    let first = load_gold(&args.first, &texts)?;
    let second = load_gold(&args.second, &texts)?;
    let problems = check(&first) + check(&second);
    let by_file: HashMap<&str, &(GoldFile, String)> =
        second.iter().map(|x| (x.0.file.as_str(), x)).collect();
    let pairs: Vec<(&GoldFile, SystemDoc)> = first
        .iter()
        .filter_map(|(g, _)| {
            let (other, text) = by_file.get(g.file.as_str())?;
            Some((g, SystemDoc::from_gold(other, text)))
        })
        .collect();
    anyhow::ensure!(!pairs.is_empty(), "no article is annotated in both folders");
    let golds: Vec<GoldFile> = pairs.iter().map(|(g, _)| (*g).clone()).collect();
    let systems: Vec<SystemDoc> = pairs.into_iter().map(|(_, s)| s).collect();
    let scores = score_all(&golds, &systems);
    print_scores(&scores, args.format, false, problems)?;
    Ok(ExitCode::SUCCESS)
}

fn prf(c: &Counts) -> String {
    format!(
        "{:.3}/{:.3}/{:.3} (tp {} fp {} fn {})",
        c.precision(),
        c.recall(),
        c.f1(),
        c.tp,
        c.fp,
        c.fn_
    )
}

fn ratio(r: &Ratio) -> String {
    match r.value() {
        Some(v) => format!("{v:.3} ({}/{})", r.ok, r.n),
        None => "—".to_owned(),
    }
}

fn print_scores(
    scores: &[FileScore],
    format: Format,
    per_file: bool,
    problems: usize,
) -> anyhow::Result<()> {
    let summary = Summary::of(scores);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if format == Format::Json {
        let f1 = |c: &Counts| serde_json::json!({"p": c.precision(), "r": c.recall(), "f1": c.f1(), "tp": c.tp, "fp": c.fp, "fn": c.fn_});
        let by_type: serde_json::Map<String, serde_json::Value> = summary
            .events_by_type
            .iter()
            .map(|(t, c)| (t.clone(), f1(c)))
            .collect();
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({
                "summary": {
                    "files": summary.files,
                    "gold_problems": problems,
                    "entities": f1(&summary.entities),
                    "events": f1(&summary.events),
                    "events_by_type": by_type,
                    "event_actor_acc": summary.event_actor.value(),
                    "event_source_acc": summary.event_source.value(),
                    "event_target_acc": summary.event_target.value(),
                    "event_modality_acc": summary.event_modality.value(),
                    "event_date_acc": summary.event_date.value(),
                    "quotes": f1(&summary.quotes),
                    "quote_speaker_acc": summary.quote_speaker.value(),
                    "times": f1(&summary.times),
                    "time_value_acc": summary.time_value.value(),
                    "metadata_acc": summary.metadata_acc,
                    "body_bounds_acc": summary.body_bounds_acc,
                    "variant_merge_acc": summary.variant_merge_acc,
                    "noise_leaked": summary.noise_leaked,
                    "article_count_ok": summary.article_count_ok,
                },
                "files": scores,
            }),
        )?;
        writeln!(out)?;
        return Ok(());
    }
    if per_file {
        for f in scores {
            writeln!(
                out,
                "{}: entities F1 {:.3}  events F1 {:.3}  quotes F1 {:.3}{}",
                f.file,
                f.entities.f1(),
                f.events.f1(),
                f.quotes.f1(),
                if f.missing_from_output {
                    "  (MISSING)"
                } else {
                    ""
                }
            )?;
        }
    }
    let s = &summary;
    writeln!(
        out,
        "files            {}{}",
        s.files,
        if problems > 0 {
            format!("  ({problems} gold problems, see warnings)")
        } else {
            String::new()
        }
    )?;
    writeln!(out, "entities P/R/F1  {}", prf(&s.entities))?;
    writeln!(out, "events P/R/F1    {}", prf(&s.events))?;
    for (t, c) in &s.events_by_type {
        writeln!(out, "  {t:<12}   {}", prf(c))?;
    }
    writeln!(
        out,
        "event actors     {}   (country of source and target, as score_seeds.py)",
        ratio(&s.event_actor)
    )?;
    writeln!(out, "  source         {}", ratio(&s.event_source))?;
    writeln!(out, "  target         {}", ratio(&s.event_target))?;
    writeln!(out, "  modality       {}", ratio(&s.event_modality))?;
    writeln!(out, "  date           {}", ratio(&s.event_date))?;
    writeln!(out, "quotes P/R/F1    {}", prf(&s.quotes))?;
    writeln!(out, "  speaker        {}", ratio(&s.quote_speaker))?;
    if s.times.tp + s.times.fn_ > 0 {
        writeln!(out, "times P/R/F1     {}", prf(&s.times))?;
        writeln!(out, "  value          {}", ratio(&s.time_value))?;
    }
    writeln!(
        out,
        "metadata {:.3}  bounds {:.3}  merge {:.3}  noise leaked {}  articles ok {}/{}",
        s.metadata_acc,
        s.body_bounds_acc,
        s.variant_merge_acc,
        s.noise_leaked,
        s.article_count_ok,
        s.files
    )?;
    Ok(())
}
