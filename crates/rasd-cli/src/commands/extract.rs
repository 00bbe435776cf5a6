//! `rasd extract`: read news files and print their articles.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use rasd_ingest::Source;

use crate::inputs;
use crate::output::FileReport;
use crate::progress::Shown;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON object per input file per line.
    Json,
    /// A readable report.
    Text,
}

impl Format {
    /// The format asked for, else text on a terminal and JSON otherwise.
    pub fn or_for_stdout(asked: Option<Format>) -> Format {
        asked.unwrap_or(if std::io::stdout().is_terminal() {
            Format::Text
        } else {
            Format::Json
        })
    }
}

#[derive(Args)]
pub struct ExtractArgs {
    /// Files or directories (directories are searched recursively for *.txt and JSON Lines
    /// dumps: *.jsonl, *.jsonl.gz, *.ndjson).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format [default: text on a terminal, json otherwise].
    #[arg(long, value_enum)]
    format: Option<Format>,
    #[command(flatten)]
    limits: inputs::SizeArgs,
}

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let format = Format::or_for_stdout(args.format);
    let reader = args.limits.reader();
    let listing = rasd_ingest::expand(&args.paths, rasd_ingest::READ);
    let mut failed = inputs::report(&listing);
    let files = listing.files;
    let ner = match rasd_ner::Recognizer::bundled() {
        Ok(r) => Some(r),
        Err(e) => {
            eprintln!("rasd: warning: {e}; entities are left out (run `rasd train ner`)");
            None
        }
    };
    let mut ok = 0usize;
    let mut out = std::io::BufWriter::new(stdout.lock());
    // Files are analysed in parallel, a chunk at a time, and printed in input order.
    let progress = Shown::hidden();
    let mut sources = rasd_ingest::sources(&files, args.limits.limits(), &progress);
    loop {
        let chunk: Vec<Source> = sources.by_ref().take(64).collect();
        if chunk.is_empty() {
            break;
        }
        let results: Vec<FileOutcome> = chunk
            .par_iter()
            .map(|source| {
                // A bug must cost one file, not the batch: a panic becomes that file's error.
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    analyse_source(source, &reader, ner, format)
                }))
                .unwrap_or_else(|_| {
                    Err(format!(
                        "{}: internal error while analysing this (please report it)",
                        source.name()
                    ))
                })
            })
            .collect();
        for result in results {
            match result {
                Ok((warnings, rendered)) => {
                    for w in warnings {
                        eprintln!("rasd: warning: {w}");
                    }
                    out.write_all(&rendered)?;
                    ok += 1;
                }
                Err(err) => {
                    eprintln!("rasd: error: {err}");
                    failed += 1;
                }
            }
        }
    }
    out.flush()?;
    Ok(if ok == 0 {
        if files.is_empty() && failed == 0 {
            eprintln!(
                "rasd: error: no {} found under the given paths",
                rasd_ingest::READ_KINDS
            );
        }
        ExitCode::from(1)
    } else if failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// What became of one file: its warnings and rendered output, or why it failed.
type FileOutcome = Result<(Vec<String>, Vec<u8>), String>;

/// Read, analyse and render one file or record: its warnings and its output, or why it failed.
fn analyse_source(
    source: &Source,
    reader: &rasd_reader::Reader,
    ner: Option<&rasd_ner::Recognizer>,
    format: Format,
) -> FileOutcome {
    let doc = source.read(reader).map_err(|e| e.to_string())?;
    let annotations: Vec<_> = doc
        .articles
        .iter()
        .map(|a| rasd_pipeline::analyse(&doc.text, &rasd_pipeline::Parts::of(a), ner))
        .collect();
    let warnings = (doc.warnings.iter().map(ToString::to_string))
        .chain(crate::output::cut_warnings(&annotations))
        .map(|w| format!("{}: {w}", source.name()))
        .collect();
    let report = FileReport::new(source.file_name(), source.name(), &doc, annotations);
    let mut rendered = Vec::new();
    let written = match format {
        Format::Json => serde_json::to_writer(&mut rendered, &report)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(rendered)),
        Format::Text => write_text(&mut rendered, &report),
    };
    written.map_err(|e| format!("{}: rendering output: {e}", source.name()))?;
    Ok((warnings, rendered))
}

fn write_text(out: &mut impl Write, r: &FileReport<'_>) -> std::io::Result<()> {
    writeln!(out, "══ {} ({} characters)", r.file, r.chars)?;
    for w in &r.warnings {
        writeln!(out, "   warning: {w}")?;
    }
    for a in &r.articles {
        let role = match a.role {
            rasd_reader::ArticleRole::Main => "main article",
            rasd_reader::ArticleRole::Related => "appended article",
        };
        writeln!(out, "── {role}")?;
        let show = |v: Option<&str>| v.unwrap_or("—").to_owned();
        writeln!(out, "   title     {}", show(a.title))?;
        if let Some(s) = a.subtitle {
            writeln!(out, "   subtitle  {s}")?;
        }
        let outlet = match (a.outlet, a.outlet_en) {
            (Some(o), Some(en)) => format!("{o} ({en})"),
            (o, _) => show(o),
        };
        writeln!(out, "   outlet    {outlet}")?;
        writeln!(out, "   published {}", show(a.published))?;
        writeln!(out, "   byline    {}", show(a.byline))?;
        writeln!(
            out,
            "   body      {} paragraphs, {} headings, {} lines dropped",
            a.paragraphs.len(),
            a.headings.len(),
            a.dropped.len()
        )?;
        for h in &a.headings {
            writeln!(out, "   § {}", h.text)?;
        }
        if !a.dates.is_empty() {
            let shown: Vec<String> = a
                .dates
                .iter()
                .map(|d| format!("{} = {}", d.text, d.value.as_deref().unwrap_or("?")))
                .collect();
            writeln!(out, "   dates     {}", shown.join(" · "))?;
        }
        if !a.quantities.is_empty() {
            let shown: Vec<String> = a
                .quantities
                .iter()
                .map(|q| {
                    format!(
                        "{} = {}{}",
                        q.text,
                        q.value,
                        q.unit
                            .as_deref()
                            .map(|u| format!(" {u}"))
                            .unwrap_or_default()
                    )
                })
                .collect();
            writeln!(out, "   amounts   {}", shown.join(" · "))?;
        }
        if !a.events.is_empty() {
            writeln!(out, "   events    {}", a.events.len())?;
        }
        for e in &a.events {
            // English gloss first: TYPE cameo  SOURCE(code) → TARGET(code) [modality, date, place].
            // «كيم جونغ أون» (Kim Jong Un, PRKGOV)
            let actor = |text: &Option<crate::output::ActorSlot>,
                         en: &Option<String>,
                         code: &Option<String>| {
                let gloss: Vec<&str> = [en.as_deref(), code.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect();
                match (text, gloss.is_empty()) {
                    (Some(t), false) => format!("{} ({})", t.text, gloss.join(", ")),
                    (Some(t), true) => t.text.clone(),
                    (None, false) => gloss.join(", "),
                    (None, true) => "—".to_owned(),
                }
            };
            let mut notes = vec![
                serde_json::to_value(e.modality)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
            ];
            if let Some(d) = &e.date_text {
                notes.push(format!(
                    "when {} = {}",
                    d.text,
                    e.date.as_deref().unwrap_or("?")
                ));
            }
            if let Some(l) = &e.location_text {
                notes.push(format!("where {}", l.text));
            }
            if let Some(q) = &e.quantity {
                notes.push(format!("amount {}", q.text));
            }
            if let Some(a) = &e.attributed_text {
                notes.push(format!("according to {}", a.text));
            }
            writeln!(
                out,
                "   ⚑ {} {}  {} → {}  [{}]",
                e.ty,
                e.cameo,
                actor(&e.source_text, &e.source_name_en, &e.source_actor),
                actor(&e.target_text, &e.target_name_en, &e.target_actor),
                notes.join("; ")
            )?;
            writeln!(out, "     «{}» ({})", e.trigger.text, e.evidence)?;
        }
        for (mark, quotes) in [("❝", &a.quotes), ("↪", &a.reported)] {
            for q in quotes {
                let who = q.speaker_name.as_deref().unwrap_or("(unnamed)");
                writeln!(
                    out,
                    "   {mark} {who} [{}]: {}",
                    q.cue.as_deref().unwrap_or("—"),
                    q.text
                )?;
            }
        }
        if !a.entities.is_empty() {
            writeln!(out, "   entities  {}", a.entities.len())?;
            for e in &a.entities {
                let extra = match (&e.name_en, &e.actor) {
                    (Some(en), Some(code)) => format!(" ({en}, {code})"),
                    (Some(en), None) => format!(" ({en})"),
                    (None, Some(code)) => format!(" ({code})"),
                    (None, None) => String::new(),
                };
                writeln!(
                    out,
                    "   · {:<4} {}{extra} ×{}",
                    e.ty.as_str(),
                    e.name,
                    e.mentions.len()
                )?;
            }
        }
        for d in &a.dropped {
            writeln!(
                out,
                "   ✗ [{}] {}",
                serde_json::to_value(d.reason)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                d.text
            )?;
        }
    }
    writeln!(out)
}
