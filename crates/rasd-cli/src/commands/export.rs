//! `rasd export`: the store's article events, fused events or canonical entities as CSV or as
//! PLOVER/POLECAT-style JSON Lines.
//!
//! PLOVER fields (the PLOVER manual, "Data Fields", and the POLECAT data set's flat names):
//! `id`, `date` (the event's date when it states a day, else the article's publication date),
//! `event_type`, `mode`, `context`, `quad_code`, `actor`, `actor_country`, `actor_role`,
//! `recipient`, `recipient_country`, `recipient_role`, `location`, `source`,
//! `publication_date`, `language`, `event_text`. `mode` and `context` come from the CAMEO code
//! by PLOVER's CAMEO table (below), and rasd's modality adds PLOVER's auxiliary modes to the
//! context (`future`, `hypothetical`, `negation`). Everything else rasd knows is under its own
//! names: `cameo`, `modality`, `evidence`, `fused_event`, `corroboration`, `quantity` …

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use rasd_actors::ActorKb;
use rasd_store::{EntityRow, ExportEvent, FusedEventRow, Store};
use serde::Serialize;

/// Output formats of `rasd export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// CSV with a header row (UTF-8).
    Csv,
    /// JSON Lines, one PLOVER/POLECAT-style record per line.
    #[value(name = "plover-json")]
    PloverJson,
}

/// What `rasd export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum What {
    /// Every event of every article.
    Events,
    /// The fused events (one per event across its reports).
    FusedEvents,
    /// The canonical entities.
    Entities,
}

impl What {
    fn noun(self) -> &'static str {
        match self {
            What::Events => "events",
            What::FusedEvents => "fused events",
            What::Entities => "entities",
        }
    }
}

#[derive(Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// What to export.
    #[arg(long, value_enum, default_value_t = What::Events)]
    what: What,
    /// The data directory holding the store.
    #[arg(long, default_value = rasd_store::DEFAULT_DATA_DIR)]
    data_dir: PathBuf,
    /// Write to this file (replaced atomically) instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// `rasd export`: writes the store's events, fused events or entities to stdout or `--out`.
pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let store = super::ingest::open_existing(&args.data_dir)?;
    let write = |w: &mut dyn Write| -> anyhow::Result<usize> {
        let mut plover = Plover::default();
        match (args.format, args.what) {
            (ExportFormat::Csv, What::Events) => csv_events(&store, w),
            (ExportFormat::Csv, What::FusedEvents) => csv_fused(&store, w),
            (ExportFormat::Csv, What::Entities) => csv_entities(&store, w),
            (ExportFormat::PloverJson, What::Events) => plover.events(&store, w),
            (ExportFormat::PloverJson, What::FusedEvents) => plover.fused(&store, w),
            (ExportFormat::PloverJson, What::Entities) => plover.entities(&store, w),
        }
    };
    match &args.out {
        None => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            let written = write(&mut out).and_then(|_| Ok(out.flush()?));
            match written {
                // The reader stopped reading (`rasd export … | head`): nothing more to do.
                Err(e) if is_broken_pipe(&e) => {}
                other => {
                    other?;
                }
            }
        }
        Some(path) => {
            let n = write_atomically(path, write)?;
            eprintln!(
                "rasd: exported {n} {} to {}",
                args.what.noun(),
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether an error is a write to a closed pipe.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let broken = |k: std::io::ErrorKind| k == std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| broken(io.kind()))
            || c.downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                .is_some_and(broken)
            || c.downcast_ref::<csv::Error>()
                .is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(io) if broken(io.kind())))
    })
}

/// Writes a file beside `path` and renames it to `path` once complete, so that `path` is
/// either the old file or the whole new one.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<usize>,
) -> anyhow::Result<usize> {
    let name = path
        .file_name()
        .with_context(|| format!("--out {} names no file", path.display()))?;
    let tmp = path.with_file_name(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| -> anyhow::Result<usize> {
        let file = File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        let mut out = BufWriter::new(file);
        let n = write(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
            .with_context(|| format!("renaming {} to {}", tmp.display(), path.display()))?;
        Ok(n)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

// ---- CSV ----

/// Columns of `--what events`.
const EVENT_COLUMNS: &[&str] = &[
    "article",
    "file",
    "outlet",
    "outlet_en",
    "published",
    "title",
    "story",
    "event",
    "type",
    "cameo",
    "source_text",
    "source_actor",
    "source_entity",
    "source_name",
    "target_text",
    "target_actor",
    "target_entity",
    "target_name",
    "date",
    "location",
    "quantity_value",
    "quantity_unit",
    "quantity_text",
    "modality",
    "fused_event",
    "corroboration",
    "evidence",
    "evidence_start",
    "evidence_end",
    "trigger",
    "trigger_start",
    "trigger_end",
];

/// Columns of `--what fused-events`.
const FUSED_COLUMNS: &[&str] = &[
    "id",
    "type",
    "cameo",
    "story",
    "source_entity",
    "source_name",
    "source_name_en",
    "source_actor",
    "target_entity",
    "target_name",
    "target_name_en",
    "target_actor",
    "date",
    "location",
    "corroboration",
    "first_reported",
    "reports",
    "outlets",
    "contradiction_fields",
    "contradictions",
];

/// Columns of `--what entities`.
const ENTITY_COLUMNS: &[&str] = &[
    "id", "type", "name", "name_en", "actor", "aliases", "articles",
];

fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

fn num<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn csv_events(store: &Store, w: &mut dyn Write) -> anyhow::Result<usize> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(EVENT_COLUMNS)?;
    let n = store.export_events(|e: ExportEvent| -> anyhow::Result<()> {
        let record: [&str; 32] = [
            &e.article.to_string(),
            &e.file,
            opt(&e.outlet),
            opt(&e.outlet_en),
            opt(&e.published),
            opt(&e.title),
            opt(&e.story),
            &e.idx.to_string(),
            &e.ty,
            &e.cameo,
            opt(&e.source.text),
            opt(&e.source.actor),
            opt(&e.source.entity),
            opt(&e.source.name),
            opt(&e.target.text),
            opt(&e.target.actor),
            opt(&e.target.entity),
            opt(&e.target.name),
            opt(&e.date),
            opt(&e.location),
            &num(e.quantity_value),
            opt(&e.quantity_unit),
            opt(&e.quantity_text),
            &e.modality,
            opt(&e.fused),
            &num(e.corroboration),
            &e.evidence,
            &e.evidence_start.to_string(),
            &e.evidence_end.to_string(),
            &e.trigger,
            &e.trigger_start.to_string(),
            &e.trigger_end.to_string(),
        ];
        out.write_record(record)?;
        Ok(())
    })?;
    out.flush()?;
    Ok(n)
}

/// The outlets of a fused event's reports, each once, in report order (the file's name for
/// an article that names no outlet).
fn outlets(f: &FusedEventRow) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for m in &f.mentions {
        let o = m.outlet.as_deref().unwrap_or(&m.file);
        if !out.contains(&o) {
            out.push(o);
        }
    }
    out
}

/// The fields a fused event's reports disagree on.
fn contradiction_fields(f: &FusedEventRow) -> Vec<&str> {
    f.contradictions
        .as_array()
        .map(|cs| cs.iter().filter_map(|c| c["field"].as_str()).collect())
        .unwrap_or_default()
}

fn csv_fused(store: &Store, w: &mut dyn Write) -> anyhow::Result<usize> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(FUSED_COLUMNS)?;
    let fused = store.fused_events(None)?;
    for f in &fused {
        let record: [&str; 20] = [
            &f.id,
            &f.ty,
            &f.cameo,
            &f.story,
            opt(&f.source.entity),
            opt(&f.source.name),
            opt(&f.source.name_en),
            opt(&f.source.actor),
            opt(&f.target.entity),
            opt(&f.target.name),
            opt(&f.target.name_en),
            opt(&f.target.actor),
            opt(&f.date),
            opt(&f.location),
            &f.corroboration.to_string(),
            opt(&f.first_reported),
            &f.mentions.len().to_string(),
            &outlets(f).join("|"),
            &contradiction_fields(f).join("|"),
            &serde_json::to_string(&f.contradictions)?,
        ];
        out.write_record(record)?;
    }
    out.flush()?;
    Ok(fused.len())
}

fn csv_entities(store: &Store, w: &mut dyn Write) -> anyhow::Result<usize> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(ENTITY_COLUMNS)?;
    let entities = store.entities()?;
    for e in &entities {
        out.write_record([
            e.id.as_str(),
            &e.ty,
            &e.name,
            opt(&e.name_en),
            opt(&e.actor),
            &e.aliases.join("|"),
            &e.articles.to_string(),
        ])?;
    }
    out.flush()?;
    Ok(entities.len())
}

// ---- PLOVER JSON Lines ----

/// A PLOVER/POLECAT-style record of one article event.
#[derive(Serialize)]
struct PloverEvent<'a> {
    id: String,
    date: Option<&'a str>,
    event_type: &'a str,
    mode: Option<&'static str>,
    context: Vec<&'static str>,
    quad_code: Option<u8>,
    actor: Option<&'a str>,
    actor_country: Option<&'a str>,
    actor_role: Option<&'a str>,
    recipient: Option<&'a str>,
    recipient_country: Option<&'a str>,
    recipient_role: Option<&'a str>,
    location: Option<Location<'a>>,
    source: Option<&'a str>,
    publication_date: Option<&'a str>,
    language: &'static str,
    event_text: &'a str,
    // rasd's own fields.
    cameo: &'a str,
    modality: &'a str,
    event_date: Option<&'a str>,
    actor_code: Option<&'a str>,
    actor_entity: Option<&'a str>,
    actor_name_en: Option<&'a str>,
    recipient_code: Option<&'a str>,
    recipient_entity: Option<&'a str>,
    recipient_name_en: Option<&'a str>,
    source_en: Option<&'a str>,
    title: Option<&'a str>,
    story: Option<&'a str>,
    evidence: Evidence<'a>,
    trigger: Trigger<'a>,
    fused_event: Option<&'a str>,
    corroboration: Option<i64>,
    quantity: Option<Quantity<'a>>,
}

/// A PLOVER/POLECAT-style record of one fused event.
#[derive(Serialize)]
struct PloverFused<'a> {
    id: &'a str,
    date: Option<&'a str>,
    event_type: &'a str,
    mode: Option<&'static str>,
    context: Vec<&'static str>,
    quad_code: Option<u8>,
    actor: Option<&'a str>,
    actor_country: Option<&'a str>,
    actor_role: Option<&'a str>,
    recipient: Option<&'a str>,
    recipient_country: Option<&'a str>,
    recipient_role: Option<&'a str>,
    location: Option<Location<'a>>,
    publication_date: Option<&'a str>,
    language: &'static str,
    // rasd's own fields.
    cameo: &'a str,
    event_date: Option<&'a str>,
    story: &'a str,
    actor_code: Option<&'a str>,
    actor_entity: Option<&'a str>,
    actor_name_en: Option<&'a str>,
    recipient_code: Option<&'a str>,
    recipient_entity: Option<&'a str>,
    recipient_name_en: Option<&'a str>,
    sources: Vec<&'a str>,
    corroboration: i64,
    first_reported: Option<&'a str>,
    contradictions: &'a serde_json::Value,
    reports: Vec<Report<'a>>,
}

/// A report of a fused event.
#[derive(Serialize)]
struct Report<'a> {
    article: i64,
    outlet: Option<&'a str>,
    publication_date: Option<&'a str>,
    cameo: &'a str,
    modality: &'a str,
    date: Option<&'a str>,
    location: Option<&'a str>,
    quantity: Option<&'a str>,
    evidence: Evidence<'a>,
}

/// An entity record.
#[derive(Serialize)]
struct PloverEntity<'a> {
    #[serde(flatten)]
    entity: &'a EntityRow,
    country: Option<&'a str>,
    role: Option<&'a str>,
}

/// Where an event took place: the name as written and its country's code when known.
#[derive(Serialize)]
struct Location<'a> {
    name: &'a str,
    country: Option<String>,
}

/// The sentence stating an event, with its character offsets in the file's text.
#[derive(Serialize)]
struct Evidence<'a> {
    text: &'a str,
    start: i64,
    end: i64,
    file: &'a str,
    article: i64,
}

/// The trigger word, with its character offsets.
#[derive(Serialize)]
struct Trigger<'a> {
    text: &'a str,
    start: i64,
    end: i64,
}

/// An amount.
#[derive(Serialize)]
struct Quantity<'a> {
    value: Option<f64>,
    unit: Option<&'a str>,
    text: Option<&'a str>,
}

/// Converts rasd's records to PLOVER records, remembering the countries of places.
#[derive(Default)]
struct Plover {
    places: HashMap<String, Option<String>>,
}

impl Plover {
    /// The ISO code of the country a place is in, when the actor knowledge base knows the
    /// place (a country, a capital, a seat of government).
    fn place_country(&mut self, name: &str) -> Option<String> {
        if let Some(c) = self.places.get(name) {
            return c.clone();
        }
        let kb = ActorKb::bundled();
        let country = kb
            .lookup(name)
            .and_then(|a| split_code(kb, Some(&a.code)).0.map(str::to_owned))
            .filter(|c| kb.country_name(c).is_some());
        self.places.insert(name.to_owned(), country.clone());
        country
    }

    fn location<'a>(&mut self, name: Option<&'a str>) -> Option<Location<'a>> {
        name.map(|name| Location {
            name,
            country: self.place_country(name),
        })
    }

    fn events(&mut self, store: &Store, w: &mut dyn Write) -> anyhow::Result<usize> {
        let kb = ActorKb::bundled();
        store.export_events(|e: ExportEvent| -> anyhow::Result<()> {
            let (actor_country, actor_role) = split_code(kb, e.source.actor.as_deref());
            let (recipient_country, recipient_role) = split_code(kb, e.target.actor.as_deref());
            let record = PloverEvent {
                id: format!("a{}-e{}", e.article, e.idx),
                date: e
                    .date
                    .as_deref()
                    .filter(|d| is_day(d))
                    .or(e.published.as_deref()),
                event_type: &e.ty,
                mode: mode(&e.ty, &e.cameo),
                context: context(&e.cameo, Some(&e.modality)),
                quad_code: quad_code(&e.ty, &e.cameo),
                actor: party_name(&e.source.name, &e.source.text),
                actor_country,
                actor_role,
                recipient: party_name(&e.target.name, &e.target.text),
                recipient_country,
                recipient_role,
                location: self.location(e.location.as_deref()),
                source: e.outlet.as_deref().or(e.outlet_en.as_deref()),
                publication_date: e.published.as_deref(),
                language: "ar",
                event_text: &e.trigger,
                cameo: &e.cameo,
                modality: &e.modality,
                event_date: e.date.as_deref(),
                actor_code: e.source.actor.as_deref(),
                actor_entity: e.source.entity.as_deref(),
                actor_name_en: e.source.name_en.as_deref(),
                recipient_code: e.target.actor.as_deref(),
                recipient_entity: e.target.entity.as_deref(),
                recipient_name_en: e.target.name_en.as_deref(),
                source_en: e.outlet_en.as_deref(),
                title: e.title.as_deref(),
                story: e.story.as_deref(),
                evidence: Evidence {
                    text: &e.evidence,
                    start: e.evidence_start,
                    end: e.evidence_end,
                    file: &e.file,
                    article: e.article,
                },
                trigger: Trigger {
                    text: &e.trigger,
                    start: e.trigger_start,
                    end: e.trigger_end,
                },
                fused_event: e.fused.as_deref(),
                corroboration: e.corroboration,
                quantity: (e.quantity_value.is_some() || e.quantity_text.is_some()).then_some(
                    Quantity {
                        value: e.quantity_value,
                        unit: e.quantity_unit.as_deref(),
                        text: e.quantity_text.as_deref(),
                    },
                ),
            };
            serde_json::to_writer(&mut *w, &record)?;
            w.write_all(b"\n")?;
            Ok(())
        })
    }

    fn fused(&mut self, store: &Store, w: &mut dyn Write) -> anyhow::Result<usize> {
        let kb = ActorKb::bundled();
        let fused = store.fused_events(None)?;
        for f in &fused {
            let (actor_country, actor_role) = split_code(kb, f.source.actor.as_deref());
            let (recipient_country, recipient_role) = split_code(kb, f.target.actor.as_deref());
            // The reports' modality, when they all agree on it.
            let modality = f
                .mentions
                .first()
                .map(|m| m.modality.as_str())
                .filter(|&m| f.mentions.iter().all(|x| x.modality == m));
            let record = PloverFused {
                id: &f.id,
                date: f
                    .date
                    .as_deref()
                    .filter(|d| is_day(d))
                    .or(f.first_reported.as_deref()),
                event_type: &f.ty,
                mode: mode(&f.ty, &f.cameo),
                context: context(&f.cameo, modality),
                quad_code: quad_code(&f.ty, &f.cameo),
                actor: f.source.name.as_deref(),
                actor_country,
                actor_role,
                recipient: f.target.name.as_deref(),
                recipient_country,
                recipient_role,
                location: self.location(f.location.as_deref()),
                publication_date: f.first_reported.as_deref(),
                language: "ar",
                cameo: &f.cameo,
                event_date: f.date.as_deref(),
                story: &f.story,
                actor_code: f.source.actor.as_deref(),
                actor_entity: f.source.entity.as_deref(),
                actor_name_en: f.source.name_en.as_deref(),
                recipient_code: f.target.actor.as_deref(),
                recipient_entity: f.target.entity.as_deref(),
                recipient_name_en: f.target.name_en.as_deref(),
                sources: outlets(f),
                corroboration: f.corroboration,
                first_reported: f.first_reported.as_deref(),
                contradictions: &f.contradictions,
                reports: f
                    .mentions
                    .iter()
                    .map(|m| Report {
                        article: m.article,
                        outlet: m.outlet.as_deref(),
                        publication_date: m.published.as_deref(),
                        cameo: &m.cameo,
                        modality: &m.modality,
                        date: m.date.as_deref(),
                        location: m.location.as_deref(),
                        quantity: m.quantity.as_deref(),
                        evidence: Evidence {
                            text: &m.evidence,
                            start: m.start,
                            end: m.end,
                            file: &m.file,
                            article: m.article,
                        },
                    })
                    .collect(),
            };
            serde_json::to_writer(&mut *w, &record)?;
            w.write_all(b"\n")?;
        }
        Ok(fused.len())
    }

    fn entities(&mut self, store: &Store, w: &mut dyn Write) -> anyhow::Result<usize> {
        let kb = ActorKb::bundled();
        let entities = store.entities()?;
        for e in &entities {
            let (country, role) = split_code(kb, e.actor.as_deref());
            serde_json::to_writer(
                &mut *w,
                &PloverEntity {
                    entity: e,
                    country,
                    role,
                },
            )?;
            w.write_all(b"\n")?;
        }
        Ok(entities.len())
    }
}

/// A party's name: its canonical entity's, else the words naming it.
fn party_name<'a>(name: &'a Option<String>, text: &'a Option<String>) -> Option<&'a str> {
    name.as_deref().or(text.as_deref())
}

/// A TIMEX3 value that is a calendar day (YYYY-MM-DD), as PLOVER's `date` must be.
fn is_day(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// PLOVER's international non-state "countries" for CAMEO's international codes (PLOVER
/// manual, "Non-state international actors"), longest prefix first.
const NON_STATE: &[(&str, &str)] = &[
    ("IGOUNO", "UNO"),
    ("IGOEEC", "EUR"),
    ("IGO", "IGO"),
    ("NGO", "NGO"),
    ("NGM", "ISM"),
    ("IMG", "IMG"),
    ("MNC", "MNC"),
];

/// A CAMEO actor code as PLOVER's country and role: `RUSGOV` → (`RUS`, `GOV`),
/// `PRKGOVMIL` → (`PRK`, `GOVMIL`), `MIL` → (none, `MIL`). The country is the code's first
/// three letters when they are a country's ISO code, or PLOVER's code of an international
/// actor (`IGOUNO` → `UNO`, with no role).
fn split_code<'a>(kb: &ActorKb, code: Option<&'a str>) -> (Option<&'a str>, Option<&'a str>) {
    let Some(code) = code.filter(|c| !c.is_empty()) else {
        return (None, None);
    };
    if let Some(head) = code.get(..3)
        && kb.country_name(head).is_some()
    {
        return (Some(head), code.get(3..).filter(|r| !r.is_empty()));
    }
    match NON_STATE
        .iter()
        .find(|(prefix, _)| code.starts_with(prefix))
    {
        Some(&(_, plover)) => (Some(plover), None),
        None => (None, Some(code)),
    }
}

/// PLOVER's quad category: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
/// 4 material conflict (PLOVER README). rasd's ACCUSE holds PLOVER's INVESTIGATE (CAMEO 09,
/// material cooperation) and DISAPPROVE (verbal conflict); REQUEST holds DEMAND.
fn quad_code(ty: &str, cameo: &str) -> Option<u8> {
    Some(match ty {
        "AGREE" | "CONSULT" | "SUPPORT" | "CONCEDE" => 1,
        "COOPERATE" | "AID" | "RETREAT" | "INVESTIGATE" => 2,
        "ACCUSE" if cameo.starts_with("09") => 2,
        "REQUEST" | "DEMAND" | "ACCUSE" | "DISAPPROVE" | "REJECT" | "THREATEN" | "SANCTION" => 3,
        "PROTEST" | "CRIME" | "MOBILIZE" | "COERCE" | "ASSAULT" => 4,
        _ => return None,
    })
}

/// The row of the CAMEO → PLOVER table for a CAMEO code: the code itself, else its three-digit parent,
/// else its root's general code (`15` → `150`).
fn cameo_row(cameo: &str) -> Option<&'static CameoRow> {
    let rows = cameo_plover();
    let find = |c: &str| {
        rows.binary_search_by(|row| row.0.cmp(c))
            .ok()
            .map(|i| &rows[i])
    };
    find(cameo)
        .or_else(|| cameo.get(..3).and_then(find))
        .or_else(|| cameo.get(..2).and_then(|root| find(&format!("{root}0"))))
}

/// PLOVER's mode of an event: the CAMEO table's, when the table gives the code the same
/// PLOVER type as rasd.
fn mode(ty: &str, cameo: &str) -> Option<&'static str> {
    cameo_row(cameo)
        .filter(|row| row.1 == ty && !row.2.is_empty())
        .map(|row| row.2)
}

/// PLOVER's contexts of an event: the CAMEO table's, and the auxiliary mode its modality
/// gives (PLOVER manual, "Auxiliary modes": they go in the context).
fn context(cameo: &str, modality: Option<&str>) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = cameo_row(cameo)
        .map(|row| row.3.split(';').filter(|c| !c.is_empty()).collect())
        .unwrap_or_default();
    match modality {
        Some("expected") => out.push("future"),
        Some("speculated") => out.push("hypothetical"),
        Some("negated") => out.push("negation"),
        _ => {}
    }
    out
}

/// CAMEO code → PLOVER type, mode, contexts: `data/export/cameo_plover.tsv` (from PLOVER's CAMEO
/// table; see the file's header), sorted by code.
static CAMEO_PLOVER_TSV: &str = include_str!("../../../../data/export/cameo_plover.tsv");

/// One row of the CAMEO → PLOVER table: code, type, mode (may be empty), contexts.
type CameoRow = (&'static str, &'static str, &'static str, &'static str);

/// The rows of [`CAMEO_PLOVER_TSV`], sorted by code.
fn cameo_plover() -> &'static [CameoRow] {
    static ROWS: std::sync::OnceLock<Vec<CameoRow>> = std::sync::OnceLock::new();
    ROWS.get_or_init(|| {
        let mut rows: Vec<CameoRow> = CAMEO_PLOVER_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let mut f = l.split('\t');
                let mut next = || f.next().unwrap_or("").trim();
                (next(), next(), next(), next())
            })
            .collect();
        rows.sort_by_key(|r| r.0);
        rows.dedup_by_key(|r| r.0);
        rows
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cameo_table_loads_whole_and_sorted() {
        let rows = cameo_plover();
        assert!(rows.len() > 200, "{}", rows.len());
        assert!(rows.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(rows.iter().all(|r| !r.0.is_empty() && !r.1.is_empty()));
    }

    #[test]
    fn plover_fields_from_cameo() {
        assert_eq!(mode("CONSULT", "042"), Some("visit"));
        assert_eq!(mode("CONSULT", "040"), None);
        assert_eq!(mode("ASSAULT", "193"), Some("firearms"));
        // The table makes 163 a COERCE; rasd's SANCTION takes no COERCE mode.
        assert_eq!(mode("SANCTION", "163"), None);
        assert_eq!(context("163", None), ["diplomatic"]);
        assert_eq!(context("0874", Some("negated")), ["military", "negation"]);
        assert_eq!(context("15", Some("expected")), ["future"]);
        assert_eq!(quad_code("CONSULT", "042"), Some(1));
        assert_eq!(quad_code("ACCUSE", "090"), Some(2));
        assert_eq!(quad_code("ACCUSE", "112"), Some(3));
        assert_eq!(quad_code("ASSAULT", "190"), Some(4));
        assert!(is_day("2023-09-13"));
        assert!(!is_day("2023-09") && !is_day("2023-W37") && !is_day("PRESENT_REF"));
    }

    #[test]
    fn actor_codes_split_into_country_and_role() {
        let kb = ActorKb::bundled();
        assert_eq!(split_code(kb, Some("RUSGOV")), (Some("RUS"), Some("GOV")));
        assert_eq!(
            split_code(kb, Some("PRKGOVMIL")),
            (Some("PRK"), Some("GOVMIL"))
        );
        assert_eq!(split_code(kb, Some("PRK")), (Some("PRK"), None));
        assert_eq!(split_code(kb, Some("MIL")), (None, Some("MIL")));
        assert_eq!(split_code(kb, Some("IGOUNOWHO")), (Some("UNO"), None));
        assert_eq!(split_code(kb, Some("IGOARL")), (Some("IGO"), None));
        assert_eq!(split_code(kb, None), (None, None));
        let mut plover = Plover::default();
        assert_eq!(plover.place_country("موسكو").as_deref(), Some("RUS"));
        assert_eq!(plover.place_country("روسيا").as_deref(), Some("RUS"));
        assert_eq!(plover.place_country("قاعدة مجهولة"), None);
    }
}
