//! `rasd eval resolution`: entity resolution against pairs of names that must or must not be
//! one referent (`data/resolution/pairs.tsv`).
//!
//! Each pair becomes two tiny articles, one holding each name (with its type, and the context a
//! name may carry in brackets: `ولي العهد [السعودية|2018-03-01]` is an article dated 2018-03-01
//! that also names «السعودية»). The names get their English names and actor codes as the
//! per-article stages give them (the gazetteer, the actor knowledge base), the two articles go
//! through [`rasd_fusion::resolve::resolve`], and the pair is resolved "same" when the two
//! names end in one canonical entity. Precision, recall and F1 are those of the "same"
//! decisions.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Args;
use rasd_actors::ActorKb;
use rasd_fusion::ArticleRecord;
use rasd_ner::{EntityType, Mention};
use rasd_text::Span;

use crate::commands::extract::Format;

#[derive(Args)]
pub struct ResolutionEvalArgs {
    /// Pairs: `name_a<TAB>type_a<TAB>name_b<TAB>type_b<TAB>same|different<TAB>note`.
    #[arg(default_value = "data/resolution/pairs.tsv")]
    pairs: PathBuf,
    /// `json` prints one object; `text` the scores and the errors.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// One pair of the gold.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Pair {
    /// Line in the file (1-based).
    pub line: usize,
    /// The first name, with its context.
    pub a: (String, String),
    /// The second name.
    pub b: (String, String),
    /// Must they be one referent?
    pub same: bool,
    /// Why.
    pub note: String,
}

/// Read a pairs file; `#` lines and blank lines are skipped.
pub fn read_pairs(path: &Path) -> anyhow::Result<Vec<Pair>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut pairs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 5 {
            bail!("{}:{}: expected 5 or 6 columns", path.display(), i + 1);
        }
        for ty in [cols[1], cols[3]] {
            if EntityType::parse(ty).is_none() {
                bail!("{}:{}: unknown type {ty:?}", path.display(), i + 1);
            }
        }
        let same = match cols[4] {
            "same" => true,
            "different" => false,
            other => bail!(
                "{}:{}: expected same or different, not {other:?}",
                path.display(),
                i + 1
            ),
        };
        pairs.push(Pair {
            line: i + 1,
            a: (cols[0].to_owned(), cols[1].to_owned()),
            b: (cols[2].to_owned(), cols[3].to_owned()),
            same,
            note: cols.get(5).unwrap_or(&"").to_string(),
        });
    }
    Ok(pairs)
}

/// A tiny article holding `cell` (a name, optionally followed by `[context|…]`: places it also
/// names and its date) typed `ty`. Its first entity is the name.
fn tiny_article(id: u32, cell: &str, ty: &str) -> ArticleRecord {
    let (name, context) = match cell.split_once('[') {
        Some((n, c)) => (n.trim(), c.trim_end_matches(']')),
        None => (cell.trim(), ""),
    };
    let mut date = None;
    let mut names: Vec<(&str, EntityType)> = vec![(name, EntityType::parse(ty).expect("checked"))];
    for item in context.split('|').map(str::trim).filter(|s| !s.is_empty()) {
        if item.len() == 10 && item.as_bytes()[4] == b'-' && item.as_bytes()[7] == b'-' {
            date = Some(item.to_owned());
        } else {
            names.push((item, EntityType::Loc));
        }
    }
    // The names one per line, so that they are separate mentions.
    let mut text = String::new();
    let mut mentions = Vec::new();
    for (n, t) in &names {
        let start = text.len();
        text.push_str(n);
        mentions.push(Mention {
            span: Span::new(start, text.len()),
            ty: *t,
        });
        text.push('\n');
    }
    let mut entities = rasd_ner::group_mentions(&text, &mentions);
    let found = ActorKb::bundled().find(&text);
    rasd_pipeline::assign_actor_codes(&text, &mut entities, &found);
    // The pair's name first.
    entities.sort_by_key(|e| e.mentions.first().map_or(0, |s| s.start));
    ArticleRecord {
        id,
        file: format!("pair-{id}"),
        outlet: None,
        published: date,
        title: None,
        lead: String::new(),
        entities: entities
            .iter()
            .map(|e| rasd_ingest::records::entity_record(&text, e))
            .collect(),
        events: Vec::new(),
        duplicate_of: None,
    }
}

/// Is the pair resolved as one referent?
pub fn resolved_same(pair: &Pair) -> bool {
    let articles = [
        tiny_article(0, &pair.a.0, &pair.a.1),
        tiny_article(1, &pair.b.0, &pair.b.1),
    ];
    if articles.iter().any(|a| a.entities.is_empty()) {
        return false;
    }
    let r = rasd_fusion::resolve::resolve(&articles);
    r.of(0, 0).is_some() && r.of(0, 0) == r.of(1, 0)
}

/// Precision, recall and F1 of the "same" decisions, and the pairs decided wrongly.
#[derive(Debug, serde::Serialize)]
pub struct ResolutionScore {
    pub pairs: usize,
    pub same: usize,
    pub different: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Pairs wrongly merged (gold "different") and wrongly split (gold "same").
    pub errors: Vec<Pair>,
}

pub fn score(pairs: &[Pair]) -> ResolutionScore {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let mut errors = Vec::new();
    for p in pairs {
        let sys = resolved_same(p);
        match (p.same, sys) {
            (true, true) => tp += 1,
            (false, true) => {
                fp += 1;
                errors.push(p.clone());
            }
            (true, false) => {
                fn_ += 1;
                errors.push(p.clone());
            }
            (false, false) => {}
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fn_);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    ResolutionScore {
        pairs: pairs.len(),
        same: pairs.iter().filter(|p| p.same).count(),
        different: pairs.iter().filter(|p| !p.same).count(),
        tp,
        fp,
        fn_,
        precision,
        recall,
        f1,
        errors,
    }
}

pub fn run(args: ResolutionEvalArgs) -> anyhow::Result<ExitCode> {
    let pairs = read_pairs(&args.pairs)?;
    let s = score(&pairs);
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer(&mut out, &s)?;
            writeln!(out)?;
        }
        Format::Text => {
            writeln!(
                out,
                "{} pairs ({} same, {} different): \"same\" precision {:.3}, recall {:.3}, F1 {:.3} \
                 (tp {}, fp {}, fn {})",
                s.pairs, s.same, s.different, s.precision, s.recall, s.f1, s.tp, s.fp, s.fn_
            )?;
            for p in &s.errors {
                writeln!(
                    out,
                    "  {} line {}: {} ({}) ~ {} ({}) — {}",
                    if p.same { "split" } else { "merged" },
                    p.line,
                    p.a.0,
                    p.a.1,
                    p.b.0,
                    p.b.1,
                    p.note
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
