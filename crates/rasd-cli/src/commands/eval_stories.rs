//! `rasd eval stories`: story clusters against a hand-made grouping of news-corpus records.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use rasd_eval::clusters::{Grouping, GroupingScore, score};
use rasd_eval::fusion::{
    self, DisagreementScore, EventsFile, FusionScore, SystemDispute, SystemReport, SystemSide,
};
use rasd_fusion::ArticleRecord;
use rasd_fusion::fuse::DisputedValue;
use rasd_pipeline::{ArticleAnnotations, Parts};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::commands::extract::Format;

#[derive(Args)]
pub struct StoriesEvalArgs {
    /// Gold groupings of a dump's records into stories (`data/stories/*_stories.json`, the
    /// shape of `../shared/tools/README.md`).
    #[arg(required = true)]
    gold: Vec<PathBuf>,
    /// The JSON Lines dump holding the records, or a folder of dumps (the one a gold file
    /// names is read when the folder has it).
    #[arg(long, default_value = "../shared/data/news-corpus")]
    corpus: PathBuf,
    /// Days after its last article a story still takes new ones.
    #[arg(long, default_value_t = 3)]
    window: i64,
    /// A folder keeping each gold file's analysed records, so that another run scores the
    /// cross-article stages alone (delete it after changing the per-article stages).
    #[arg(long)]
    cache: Option<PathBuf>,
    /// `json` prints one object per gold file; `text` a table.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Story weights other than the defaults, for tuning: `title=2,lead=1,actor=1,place=1,join=0.26`.
    #[arg(long, default_value = "")]
    weights: rasd_fusion::stories::Weights,
    /// (A gold events file beside a stories file, `X_events.json` beside `X_stories.json`, is
    /// read too: the fused events are scored against it.)
    /// Also list the gold stories split apart and the system stories joining gold ones.
    #[arg(long)]
    errors: bool,
}

/// A record analysed: what the cross-article stages take, and its body.
#[derive(Serialize, Deserialize)]
struct Analysed {
    id: String,
    record: ArticleRecord,
    body: String,
}

pub fn run(args: StoriesEvalArgs) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let mut total: Vec<(String, GroupingScore)> = Vec::new();
    let mut fusion: Vec<(String, FusionScore, DisagreementScore)> = Vec::new();
    for path in &args.gold {
        let gold = Grouping::read(path).map_err(anyhow::Error::msg)?;
        let analysed = analysed(&args, path, &gold)?;
        let missing = gold.ids.len() - analysed.len();
        if missing > 0 {
            eprintln!(
                "rasd: warning: {}: {missing} of its records are not in {}",
                path.display(),
                args.corpus.display()
            );
        }
        let events_path = events_file(path);
        let (system, titles, reports, disputes) = cluster(analysed, args.window, &args.weights)?;
        let s = score(&gold, &system);
        if let Some(events_path) = events_path {
            let events = EventsFile::read(&events_path).map_err(anyhow::Error::msg)?;
            let d = fusion::score_disagreements(&events, &reports, &disputes);
            if args.errors {
                writeln!(out, "== {}: disagreements", events_path.display())?;
                for line in fusion::explain_disagreements(&events, &reports, &disputes) {
                    writeln!(out, "{line}")?;
                }
            }
            fusion.push((
                events_path.display().to_string(),
                fusion::score(&events, &reports),
                d,
            ));
        }
        if args.errors {
            errors(&mut out, path, &gold, &system, &titles)?;
        }
        total.push((path.display().to_string(), s));
    }
    match args.format {
        Format::Json => {
            for (name, s) in &total {
                serde_json::to_writer(&mut out, &serde_json::json!({"gold": name, "score": s}))?;
                writeln!(out)?;
            }
            for (name, s, d) in &fusion {
                serde_json::to_writer(
                    &mut out,
                    &serde_json::json!({"gold": name, "fusion": s, "disagreements": d}),
                )?;
                writeln!(out)?;
            }
        }
        Format::Text => {
            writeln!(
                out,
                "{:<34} {:>5} {:>6} {:>6}  {:>17}  {:>17}",
                "gold", "arts", "g.grp", "s.grp", "pairs P/R/F1", "B-cubed P/R/F1"
            )?;
            for (name, s) in &total {
                let short = Path::new(name)
                    .file_stem()
                    .map_or(name.clone(), |f| f.to_string_lossy().into_owned());
                writeln!(
                    out,
                    "{:<34} {:>5} {:>6} {:>6}  {:.3}/{:.3}/{:.3}  {:.3}/{:.3}/{:.3}",
                    short,
                    s.articles,
                    s.gold_groups,
                    s.system_groups,
                    s.pairwise.precision,
                    s.pairwise.recall,
                    s.pairwise.f1,
                    s.bcubed.precision,
                    s.bcubed.recall,
                    s.bcubed.f1
                )?;
            }
            if !fusion.is_empty() {
                writeln!(
                    out,
                    "\n{:<34} {:>6} {:>9} {:>7} {:>7}  {:>17}  {:>20}",
                    "fused events",
                    "events",
                    "mentions",
                    "g.pairs",
                    "s.pairs",
                    "pairs P/R/F1",
                    "found/story/type"
                )?;
            }
            for (name, s, _) in &fusion {
                let short = Path::new(name)
                    .file_stem()
                    .map_or(name.clone(), |f| f.to_string_lossy().into_owned());
                writeln!(
                    out,
                    "{:<34} {:>6} {:>4}/{:<4} {:>7} {:>7}  {:.3}/{:.3}/{:.3}  {:>6}/{:>6}/{:>6}",
                    short,
                    s.gold_events,
                    s.found_mentions,
                    s.gold_mentions,
                    s.gold_pairs,
                    s.system_pairs,
                    s.pairs.precision,
                    s.pairs.recall,
                    s.pairs.f1,
                    s.found_pairs,
                    s.same_story_pairs,
                    s.same_type_pairs
                )?;
            }
            if !fusion.is_empty() {
                writeln!(
                    out,
                    "\n{:<34} {:>6} {:>6} {:>6} {:>6}  {:>22}  {:>7}",
                    "disagreements",
                    "gold",
                    "reach.",
                    "shown",
                    "update",
                    "contra. between outlets",
                    "updates"
                )?;
            }
            for (name, _, d) in &fusion {
                let short = Path::new(name)
                    .file_stem()
                    .map_or(name.clone(), |f| f.to_string_lossy().into_owned());
                writeln!(
                    out,
                    "{:<34} {:>6} {:>6} {:>6} {:>6}  {:>9}/{:<5} = {:.3}  {:>7}",
                    short,
                    d.gold,
                    d.reachable,
                    d.shown,
                    d.shown_as_update,
                    d.between_outlets,
                    d.contradictions,
                    d.between_outlets_share,
                    d.updates
                )?;
                let fields: Vec<String> = d
                    .by_field
                    .iter()
                    .map(|(f, (n, c, u))| format!("{f} {c}+{u}/{n}"))
                    .collect();
                writeln!(out, "{:<34} shown+update/gold: {}", "", fields.join(", "))?;
                let fields: Vec<String> = d
                    .contradictions_by_field
                    .iter()
                    .map(|(f, n)| format!("{f} {n}"))
                    .collect();
                writeln!(out, "{:<34} contradictions: {}", "", fields.join(", "))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The gold's records analysed, from the cache when it has them.
fn analysed(
    args: &StoriesEvalArgs,
    gold_path: &Path,
    gold: &Grouping,
) -> anyhow::Result<Vec<Analysed>> {
    let cache_file = args.cache.as_ref().map(|dir| {
        dir.join(format!(
            "{}.jsonl",
            gold_path.file_stem().unwrap_or_default().to_string_lossy()
        ))
    });
    if let Some(f) = cache_file.as_ref().filter(|f| f.exists()) {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
        return text
            .lines()
            .map(|l| serde_json::from_str(l).with_context(|| format!("reading {}", f.display())))
            .collect();
    }
    let wanted: HashSet<&str> = gold.ids.iter().map(String::as_str).collect();
    // The dump the gold names, when the corpus folder has it; else every dump there.
    let named = gold
        .corpus
        .as_ref()
        .map(|c| args.corpus.join(c))
        .filter(|p| p.is_file());
    let records = crate::inputs::dump_records(named.as_ref().unwrap_or(&args.corpus), |r| {
        r.id.as_deref().is_some_and(|id| wanted.contains(id))
    })?;
    let ner = rasd_ner::Recognizer::bundled().context("loading the named-entity model")?;
    let reader = rasd_reader::ReaderBuilder::new().build();
    let mut analysed: Vec<Analysed> = records
        .par_iter()
        .filter_map(|r| {
            let id = r.id.clone()?;
            let doc = reader.read_record(r, &id).ok()?;
            let annotations: Vec<ArticleAnnotations> = doc
                .articles
                .iter()
                .map(|a| rasd_pipeline::analyse(&doc.text, &Parts::of(a), Some(ner)))
                .collect();
            let mut records = rasd_ingest::records::article_records(&id, &doc, &annotations);
            let body = rasd_ingest::records::body(&doc.text, doc.articles.first()?);
            (!records.is_empty()).then(|| Analysed {
                id,
                record: records.swap_remove(0),
                body,
            })
        })
        .collect();
    analysed.sort_by(|a, b| a.id.cmp(&b.id));
    if let Some(f) = &cache_file {
        if let Some(dir) = f.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut w = std::io::BufWriter::new(std::fs::File::create(f)?);
        for a in &analysed {
            serde_json::to_writer(&mut w, a)?;
            writeln!(w)?;
        }
        w.flush()?;
    }
    Ok(analysed)
}

/// The gold events file beside a stories file (`X_stories.json` → `X_events.json`), if any.
fn events_file(stories: &Path) -> Option<PathBuf> {
    let name = stories.file_name()?.to_str()?;
    let events =
        stories.with_file_name(name.strip_suffix("_stories.json")?.to_owned() + "_events.json");
    events.is_file().then_some(events)
}

/// What the cross-article stages found, as the evaluation takes it: the system's grouping,
/// each id's title, every event with the fused event it is in, and the fused events'
/// contradictions and updates.
type Clustered = (
    Grouping,
    HashMap<String, String>,
    Vec<SystemReport>,
    Vec<SystemDispute>,
);

/// The cross-article stages over the records.
fn cluster(
    analysed: Vec<Analysed>,
    window: i64,
    weights: &rasd_fusion::stories::Weights,
) -> anyhow::Result<Clustered> {
    let mut ids = Vec::new();
    let mut records = Vec::new();
    let mut bodies = Vec::new();
    let mut titles = HashMap::new();
    for (n, a) in analysed.into_iter().enumerate() {
        let mut r = a.record;
        r.id = n as u32;
        titles.insert(
            a.id.clone(),
            format!(
                "{} | {} | {}",
                r.outlet.as_deref().unwrap_or("?"),
                r.published.as_deref().unwrap_or("?"),
                r.title.as_deref().unwrap_or("")
            ),
        );
        ids.push(a.id);
        records.push(r);
        bodies.push(a.body);
    }
    let linked = rasd_fusion::link::link_with(&mut records, &bodies, window, weights)?;
    let grouping = Grouping::from_groups(linked.stories.iter().map(|s| {
        s.articles
            .iter()
            .map(|&a| ids[a as usize].as_str())
            .collect()
    }));
    let story_of: HashMap<u32, usize> = linked
        .stories
        .iter()
        .enumerate()
        .flat_map(|(n, s)| s.articles.iter().map(move |&a| (a, n)))
        .collect();
    let reports = linked
        .fused
        .iter()
        .enumerate()
        .flat_map(|(n, f)| f.mentions.iter().map(move |m| (n, f.ty.clone(), m)))
        .map(|(n, ty, m)| SystemReport {
            article: ids[m.article as usize].clone(),
            ty,
            evidence: m.evidence.clone(),
            fused: n,
            story: story_of[&m.article],
            says: format!(
                "[{} {}] date={} place={} qty={}",
                m.published.as_deref().unwrap_or("?"),
                m.modality,
                m.date.as_deref().unwrap_or("-"),
                m.location.as_deref().unwrap_or("-"),
                m.quantity.as_deref().unwrap_or("-")
            ),
            states: [
                ("place", m.location.is_some()),
                (
                    "date",
                    m.date
                        .as_deref()
                        .is_some_and(|d| d.starts_with(|c: char| c.is_ascii_digit())),
                ),
                ("quantity", m.quantity.is_some()),
            ]
            .iter()
            .filter(|s| s.1)
            .map(|s| s.0.to_owned())
            .collect(),
        })
        .collect();
    // A value's files are record ids here (each record is its own file); the gold names the
    // place field `place`.
    let dispute = |n: usize, field: &str, update: bool, values: &[DisputedValue]| SystemDispute {
        fused: n,
        field: match field {
            "location" => "place".to_owned(),
            other => other.to_owned(),
        },
        update,
        sides: values
            .iter()
            .map(|v| SystemSide {
                value: v.value.clone(),
                articles: v.files.clone(),
                outlets: v.outlets.clone(),
            })
            .collect(),
    };
    let disputes = linked
        .fused
        .iter()
        .enumerate()
        .flat_map(|(n, f)| {
            let contradictions = f
                .contradictions
                .iter()
                .map(move |c| dispute(n, &c.field, false, &c.values));
            let updates = f
                .updates
                .iter()
                .map(move |u| dispute(n, &u.field, true, &u.values));
            contradictions.chain(updates)
        })
        .collect();
    Ok((grouping, titles, reports, disputes))
}

/// Gold stories the system split, and system stories joining several gold ones.
fn errors(
    out: &mut impl Write,
    path: &Path,
    gold: &Grouping,
    system: &Grouping,
    titles: &HashMap<String, String>,
) -> std::io::Result<()> {
    let groups = |g: &Grouping| {
        let mut m: HashMap<usize, Vec<&str>> = HashMap::new();
        for id in &gold.ids {
            if let Some(&x) = g.group.get(id) {
                m.entry(x).or_default().push(id);
            }
        }
        let mut v: Vec<Vec<&str>> = m.into_values().filter(|v| v.len() > 1).collect();
        v.sort();
        v
    };
    let show = |id: &str| {
        titles
            .get(id)
            .map_or("(not read)", String::as_str)
            .to_owned()
    };
    writeln!(out, "== {}: gold stories split", path.display())?;
    for members in groups(gold) {
        let parts: HashSet<Option<usize>> = members
            .iter()
            .map(|id| system.group.get(*id).copied())
            .collect();
        if parts.len() > 1 {
            writeln!(out, "-- split into {}", parts.len())?;
            for id in members {
                writeln!(out, "  [{:?}] {id} {}", system.group.get(id), show(id))?;
            }
        }
    }
    writeln!(
        out,
        "== {}: system stories joining gold ones",
        path.display()
    )?;
    for members in groups(system) {
        let parts: HashSet<usize> = members.iter().map(|id| gold.group[*id]).collect();
        if parts.len() > 1 {
            writeln!(out, "-- joins {}", parts.len())?;
            for id in members {
                writeln!(out, "  [{}] {id} {}", gold.group[id], show(id))?;
            }
        }
    }
    Ok(())
}
