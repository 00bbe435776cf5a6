//! `rasd analyze`: the whole pipeline over a set of articles — per-article extraction, then
//! near-duplicates, entity resolution, story clusters and fused events across them.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use rasd_fusion::ArticleRecord;
use rasd_fusion::fuse::FusedEvent;
use rasd_fusion::resolve::Resolution;
use rasd_fusion::stories::Story;
use rasd_pipeline::{ArticleAnnotations, Parts};
use rayon::prelude::*;
use serde::Serialize;

use crate::commands::extract::Format;
use rasd_ingest::{Source, records};

use crate::inputs;
use crate::progress::Shown;

#[derive(Args)]
pub struct AnalyzeArgs {
    /// Files or directories (directories are searched recursively for *.txt).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Where to write articles.jsonl, entities.jsonl, stories.jsonl, duplicates.jsonl,
    /// fused_events.jsonl, events.csv and entities.csv.
    #[arg(long)]
    out: PathBuf,
    /// `text` prints a digest (top stories, fused events with their sources, contradictions)
    /// [default: text on a terminal, json otherwise: the output directory's summary].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Days after its last article a story still takes new ones.
    #[arg(long, default_value_t = 3)]
    window: i64,
    #[command(flatten)]
    limits: inputs::SizeArgs,
}

/// One analysed file: its articles as the fusion stage sees them, and the body text of each
/// (to find copies).
struct Analysed {
    path: PathBuf,
    warnings: Vec<String>,
    records: Vec<ArticleRecord>,
    bodies: Vec<String>,
}

pub fn run(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let format = Format::or_for_stdout(args.format);
    let reader = args.limits.reader();
    let listing = rasd_ingest::expand(&args.paths, rasd_ingest::READ);
    let mut failed = inputs::report(&listing);
    let files = listing.files;
    let ner = rasd_ner::Recognizer::bundled().context("loading the named-entity model")?;
    let started = std::time::Instant::now();
    // Per-article stages, files and records in parallel; a panic costs one of them.
    let sources: Vec<Source> =
        rasd_ingest::sources(&files, args.limits.limits(), &Shown::hidden()).collect();
    let results: Vec<Result<Analysed, String>> = sources
        .par_iter()
        .map(|source| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let doc = source.read(&reader).map_err(|e| e.to_string())?;
                let annotations: Vec<ArticleAnnotations> = doc
                    .articles
                    .iter()
                    .map(|a| rasd_pipeline::analyse(&doc.text, &Parts::of(a), Some(ner)))
                    .collect();
                Ok(Analysed {
                    path: PathBuf::from(source.name()),
                    warnings: (doc.warnings.iter().map(ToString::to_string))
                        .chain(crate::output::cut_warnings(&annotations))
                        .collect(),
                    records: records::article_records(&source.file_name(), &doc, &annotations),
                    bodies: doc
                        .articles
                        .iter()
                        .map(|a| records::body(&doc.text, a))
                        .collect(),
                })
            }))
            .unwrap_or_else(|_| {
                Err(format!(
                    "{}: internal error while analysing this (please report it)",
                    source.name()
                ))
            })
        })
        .collect();
    let mut analysed: Vec<Analysed> = Vec::new();
    for r in results {
        match r {
            Ok(a) => {
                for w in &a.warnings {
                    eprintln!("rasd: warning: {}: {w}", a.path.display());
                }
                analysed.push(a);
            }
            Err(e) => {
                eprintln!("rasd: error: {e}");
                failed += 1;
            }
        }
    }
    if analysed.is_empty() {
        if files.is_empty() && failed == 0 {
            eprintln!(
                "rasd: error: no {} found under the given paths",
                rasd_ingest::READ_KINDS
            );
        }
        return Ok(ExitCode::from(1));
    }
    let extracted = started.elapsed().as_secs_f64();
    let clock = std::time::Instant::now();
    let mut articles: Vec<ArticleRecord> = Vec::new();
    let mut bodies: Vec<String> = Vec::new();
    for file in analysed.iter_mut() {
        for mut r in std::mem::take(&mut file.records) {
            r.id = articles.len() as u32;
            articles.push(r);
        }
        bodies.append(&mut file.bodies);
    }
    let rasd_fusion::link::Linked {
        duplicates,
        resolution,
        stories,
        fused,
        ..
    } = rasd_fusion::link::link(&mut articles, &bodies, args.window)?;
    let duplicates = duplicate_groups(duplicates, &articles);
    let t_link = clock.elapsed().as_secs_f64();
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    write_outputs(
        &args.out,
        &articles,
        &resolution,
        &stories,
        &duplicates,
        &fused,
    )?;
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        Format::Text => digest(&mut out, &articles, &resolution, &stories, &fused)?,
        Format::Json => {
            let summary = serde_json::json!({
                "out": args.out.display().to_string(),
                "files": analysed.len(),
                "failed": failed,
                "articles": articles.len(),
                "entities": resolution.entities.len(),
                "stories": stories.len(),
                "duplicate_groups": duplicates.len(),
                "fused_events": fused.len(),
                "contradictions": fused.iter().filter(|f| !f.contradictions.is_empty()).count(),
                "seconds": {
                    "extraction": extracted,
                    "linking": t_link,
                },
            });
            serde_json::to_writer(&mut out, &summary)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// A group of copies of one article.
#[derive(Serialize)]
struct DuplicateGroup {
    canonical: u32,
    canonical_file: String,
    members: Vec<DuplicateMember>,
}

#[derive(Serialize)]
struct DuplicateMember {
    article: u32,
    file: String,
    similarity: f64,
    exact: bool,
}

/// Copies and near-copies of one text as `duplicates.jsonl` lists them, with file names.
fn duplicate_groups(
    groups: Vec<rasd_dedup::DupGroup>,
    articles: &[ArticleRecord],
) -> Vec<DuplicateGroup> {
    groups
        .into_iter()
        .map(|g| DuplicateGroup {
            canonical: g.canonical,
            canonical_file: articles[g.canonical as usize].file.clone(),
            members: g
                .members
                .iter()
                .map(|m| DuplicateMember {
                    article: m.id,
                    file: articles[m.id as usize].file.clone(),
                    similarity: m.similarity,
                    exact: m.exact,
                })
                .collect(),
        })
        .collect()
}

/// An article as `articles.jsonl` has it: the record with its story and canonical entities.
#[derive(Serialize)]
struct ArticleLine<'a> {
    #[serde(flatten)]
    record: &'a ArticleRecord,
    story: Option<&'a str>,
    canonical_entities: Vec<Option<&'a str>>,
}

fn write_outputs(
    dir: &Path,
    articles: &[ArticleRecord],
    resolution: &Resolution,
    stories: &[Story],
    duplicates: &[DuplicateGroup],
    fused: &[FusedEvent],
) -> anyhow::Result<()> {
    let story_of: HashMap<u32, &str> = stories
        .iter()
        .flat_map(|s| s.articles.iter().map(move |&a| (a, s.id.as_str())))
        .collect();
    let jsonl = |name: &str, lines: &mut dyn Iterator<Item = serde_json::Result<String>>| {
        let path = dir.join(name);
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?,
        );
        for line in lines {
            writeln!(f, "{}", line?)?;
        }
        f.flush()?;
        anyhow::Ok(())
    };
    jsonl(
        "articles.jsonl",
        &mut articles.iter().enumerate().map(|(p, a)| {
            serde_json::to_string(&ArticleLine {
                record: a,
                story: story_of.get(&a.id).copied(),
                canonical_entities: (0..a.entities.len())
                    .map(|e| {
                        resolution
                            .of(p, e)
                            .map(|c| resolution.entities[c].id.as_str())
                    })
                    .collect(),
            })
        }),
    )?;
    jsonl(
        "entities.jsonl",
        &mut resolution.entities.iter().map(serde_json::to_string),
    )?;
    jsonl(
        "stories.jsonl",
        &mut stories.iter().map(serde_json::to_string),
    )?;
    jsonl(
        "duplicates.jsonl",
        &mut duplicates.iter().map(serde_json::to_string),
    )?;
    jsonl(
        "fused_events.jsonl",
        &mut fused.iter().map(serde_json::to_string),
    )?;
    // CSV tables beside them.
    let mut w = csv::Writer::from_path(dir.join("events.csv"))?;
    w.write_record([
        "id",
        "type",
        "cameo",
        "story",
        "source",
        "source_name",
        "source_actor",
        "target",
        "target_name",
        "target_actor",
        "date",
        "location",
        "mentions",
        "corroboration",
        "first_reported",
        "contradictions",
    ])?;
    for f in fused {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        w.write_record([
            f.id.clone(),
            f.ty.clone(),
            f.cameo.clone(),
            f.story.clone(),
            opt(&f.source.entity),
            opt(&f.source.name),
            opt(&f.source.actor),
            opt(&f.target.entity),
            opt(&f.target.name),
            opt(&f.target.actor),
            opt(&f.date),
            opt(&f.location),
            f.mentions.len().to_string(),
            f.corroboration.to_string(),
            opt(&f.first_reported),
            f.contradictions
                .iter()
                .map(|c| c.field.clone())
                .collect::<Vec<_>>()
                .join(";"),
        ])?;
    }
    w.flush()?;
    let mut w = csv::Writer::from_path(dir.join("entities.csv"))?;
    w.write_record([
        "id", "type", "name", "name_en", "actor", "aliases", "articles",
    ])?;
    for e in &resolution.entities {
        w.write_record([
            e.id.clone(),
            e.ty.clone(),
            e.name.clone(),
            e.name_en.clone().unwrap_or_default(),
            e.actor.clone().unwrap_or_default(),
            e.aliases.join("|"),
            e.articles.len().to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// The readable digest: stories by size, their fused events with sources, contradictions.
fn digest(
    out: &mut dyn Write,
    articles: &[ArticleRecord],
    resolution: &Resolution,
    stories: &[Story],
    fused: &[FusedEvent],
) -> std::io::Result<()> {
    let copies = articles.iter().filter(|a| a.duplicate_of.is_some()).count();
    writeln!(
        out,
        "{} articles ({} copies of others), {} entities, {} stories, {} fused events",
        articles.len(),
        copies,
        resolution.entities.len(),
        stories.len(),
        fused.len()
    )?;
    let mut by_size: Vec<&Story> = stories.iter().collect();
    by_size.sort_by_key(|s| std::cmp::Reverse(s.articles.len()));
    let entity_name = |id: &str| {
        resolution
            .entities
            .iter()
            .find(|e| e.id == id)
            .map(|e| match &e.name_en {
                Some(en) => format!("{} ({en})", e.name),
                None => e.name.clone(),
            })
            .unwrap_or_default()
    };
    for s in by_size.iter().take(10) {
        writeln!(out)?;
        writeln!(
            out,
            "── story {} · {} articles · {} – {}",
            s.id,
            s.articles.len(),
            s.first.as_deref().unwrap_or("?"),
            s.last.as_deref().unwrap_or("?")
        )?;
        if let Some(t) = &s.title {
            writeln!(out, "   {t}")?;
        }
        let names: Vec<String> = s.entities.iter().map(|e| entity_name(e)).collect();
        writeln!(out, "   who: {}", names.join(" · "))?;
        let mut events: Vec<&FusedEvent> = fused.iter().filter(|f| f.story == s.id).collect();
        events.sort_by_key(|f| {
            (
                std::cmp::Reverse(f.corroboration),
                std::cmp::Reverse(f.mentions.len()),
            )
        });
        for f in events.iter().take(12) {
            let party = |p: &rasd_fusion::fuse::Party| match (&p.name, &p.actor) {
                (Some(n), Some(c)) => format!("{n} ({c})"),
                (Some(n), None) => n.clone(),
                (None, Some(c)) => c.clone(),
                (None, None) => "—".to_owned(),
            };
            writeln!(
                out,
                "   ⚑ {} {} {} → {} · {} report(s), {} independent outlet(s){}",
                f.ty,
                f.cameo,
                party(&f.source),
                party(&f.target),
                f.mentions.len(),
                f.corroboration,
                f.location
                    .as_deref()
                    .map(|l| format!(" · at {l}"))
                    .unwrap_or_default()
            )?;
            for c in &f.contradictions {
                let values: Vec<String> = c
                    .values
                    .iter()
                    .map(|v| {
                        let sources = if v.sources.is_empty() {
                            String::new()
                        } else {
                            format!("; according to {}", v.sources.join(", "))
                        };
                        format!("«{}» ({}{sources})", v.value, v.outlets.join(", "))
                    })
                    .collect();
                writeln!(out, "     ≠ {}: {}", c.field, values.join(" vs "))?;
            }
            for u in &f.updates {
                let values: Vec<String> = u
                    .values
                    .iter()
                    .map(|v| format!("«{}» ({})", v.value, v.outlets.join(", ")))
                    .collect();
                writeln!(out, "     ↗ {} updated: {}", u.field, values.join(" → "))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn spans_convert() {
        let t = "أب ج";
        let i = rasd_text::CharIndex::new(t);
        assert_eq!(i.char_span(rasd_text::Span::new(5, 7)), (3, 4));
    }
}
