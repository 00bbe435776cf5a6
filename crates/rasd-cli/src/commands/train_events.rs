//! `rasd train events`: the learned event model (`data/extract/event_model.bin`) from the
//! annotated news corpus (`data/annotated`, its train split).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use rasd_eval::{GoldEvent, GoldFile};
use rasd_extract::event_model::{TrainingEvent, TrainingSet, modality_named};
use rasd_pipeline::{EventCoder, Parts};
use rasd_reader::{ReaderBuilder, RecordMeta};
use rasd_text::Span;

use super::eval_extract::{beside, load_gold, read_manifest};

#[derive(Args)]
pub struct EventsArgs {
    /// The folder of gold files.
    #[arg(long, default_value = "data/annotated/gold")]
    gold: PathBuf,
    /// The annotated texts [default: `texts/` beside the gold folder].
    #[arg(long)]
    texts: Option<PathBuf>,
    /// The manifest with each text's date and split [default: `manifest.tsv` beside the gold].
    #[arg(long)]
    manifest: Option<PathBuf>,
    /// The split trained on.
    #[arg(long, default_value = "train")]
    split: String,
    /// Passes over the data.
    #[arg(long, default_value_t = 10)]
    epochs: usize,
    /// Added to the event types' scores against `O` when tagging triggers (chosen by
    /// cross-validation on the train split: `--cv`).
    #[arg(long, default_value_t = 0.0)]
    trigger_bias: f32,
    /// Added to each sentence model's "yes" score (chosen by `--cv`).
    #[arg(long, default_value_t = 0.0)]
    sentence_bias: f32,
    /// Instead of writing a model, report K-fold cross-validation by article on the split.
    #[arg(long)]
    cv: Option<usize>,
    /// Where to write the model.
    #[arg(long, default_value = "data/extract/event_model.bin")]
    out: PathBuf,
}

/// The byte span of `part` inside `evidence`, itself found in `text` at `at`.
fn inside(text: &str, at: usize, evidence: &str, part: &str) -> Option<Span> {
    let _ = text;
    let k = evidence.find(part)?;
    Some(Span::new(at + k, at + k + part.len()))
}

/// Where a party of a gold event is named in its sentence: its words as annotated, else the
/// surface of its entity nearest to the trigger.
fn party(
    g: &GoldFile,
    text: &str,
    at: usize,
    ev: &GoldEvent,
    words: &Option<String>,
    id: &Option<String>,
    trigger: Span,
) -> Option<Span> {
    if let Some(w) = words
        && let Some(s) = inside(text, at, &ev.evidence, w)
    {
        return Some(s);
    }
    let e = g.entity(id.as_deref()?)?;
    e.surfaces
        .iter()
        .filter_map(|s| inside(text, at, &ev.evidence, s))
        .min_by_key(|s| s.start.abs_diff(trigger.start))
}

/// The gold events of a file whose trigger is found, as training events.
fn training_events(g: &GoldFile, text: &str) -> Vec<TrainingEvent> {
    g.events
        .iter()
        .filter_map(|ev| {
            let at = text.find(&ev.evidence)?;
            let trigger = inside(text, at, &ev.evidence, ev.trigger.as_deref()?)?;
            Some(TrainingEvent {
                trigger,
                plover: ev.ty.clone(),
                cameo: ev.cameo.clone(),
                source: party(g, text, at, ev, &ev.source_text, &ev.source, trigger),
                target: party(g, text, at, ev, &ev.target_text, &ev.target, trigger),
                modality: modality_named(ev.modality.as_deref().unwrap_or("asserted"))
                    .unwrap_or(rasd_extract::events::Modality::Asserted),
            })
        })
        .collect()
}

pub fn run(args: EventsArgs) -> anyhow::Result<ExitCode> {
    let texts = args
        .texts
        .clone()
        .unwrap_or_else(|| beside(&args.gold, "texts"));
    let manifest_path = args
        .manifest
        .clone()
        .unwrap_or_else(|| beside(&args.gold, "manifest.tsv"));
    let manifest = read_manifest(&manifest_path)?;
    let mut golds = load_gold(&args.gold, &texts)?;
    golds.retain(|(g, _)| {
        manifest
            .get(&g.file)
            .is_some_and(|r| r.split.as_deref() == Some(args.split.as_str()))
    });
    anyhow::ensure!(!golds.is_empty(), "no gold file of split {}", args.split);
    let reader = ReaderBuilder::new().build();
    let ner = rasd_ner::Recognizer::bundled().context("loading the named-entity model")?;
    let mut set = TrainingSet::default();
    let mut events = 0;
    for (g, _) in &golds {
        let path: &Path = &texts.join(&g.file);
        let mut doc = reader.read_path(path)?;
        if let Some(date) = (manifest.get(&g.file))
            .and_then(|r| r.date.as_deref())
            .and_then(rasd_reader::calendar::Date::parse_iso)
        {
            doc.set_record(RecordMeta {
                published: Some(date),
                ..RecordMeta::default()
            });
        }
        let Some(main) = doc.articles.first() else {
            continue;
        };
        let parts = Parts::of(main);
        let ann = rasd_pipeline::analyse_with(&doc.text, &parts, Some(ner), EventCoder::Rules);
        let gold = training_events(g, &doc.text);
        events += gold.len();
        rasd_pipeline::add_training_events(&doc.text, &parts, &ann, &gold, &mut set);
    }
    let (t, r, m) = set.sizes();
    eprintln!(
        "{} articles, {events} gold events; examples: {t} words, {r} candidate parties, {m} modalities",
        golds.len()
    );
    if let Some(k) = args.cv {
        let biases = [-5.0, -2.0, 0.0, 2.0, 5.0, 10.0, 20.0];
        let r = set.cross_validate(k.max(2), args.epochs, &biases);
        let prf = |tp: usize, fp: usize, fn_: usize| {
            let p = tp as f64 / (tp + fp).max(1) as f64;
            let rc = tp as f64 / (tp + fn_).max(1) as f64;
            let f = if p + rc > 0.0 {
                2.0 * p * rc / (p + rc)
            } else {
                0.0
            };
            format!("P {p:.3} R {rc:.3} F1 {f:.3} (tp {tp} fp {fp} fn {fn_})")
        };
        let [tp, fp, fn_] = r.rules;
        eprintln!("rule coder pairs: {}", prf(tp, fp, fn_));
        for (keep, add, [tp, fp, fn_]) in &r.hybrid {
            eprintln!(
                "hybrid keep {keep:>6} add {add:>6}: {}",
                prf(*tp, *fp, *fn_)
            );
        }
        for (b, [tp, fp, fn_]) in &r.sentence {
            eprintln!("sentence bias {b:>5}: {}", prf(*tp, *fp, *fn_));
        }
        for (b, [tp, fp, fn_]) in &r.trigger {
            eprintln!("trigger bias {b:>5}: {}", prf(*tp, *fp, *fn_));
        }
        for (name, (l, ru, n)) in [
            ("source", r.roles[0]),
            ("target", r.roles[1]),
            ("modality", r.modality),
        ] {
            eprintln!(
                "{name:<8} learned {:.3}  rules {:.3}  (of {n})",
                l as f64 / n.max(1) as f64,
                ru as f64 / n.max(1) as f64
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let model = set.train(args.epochs, args.trigger_bias, args.sentence_bias);
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!("wrote {} ({} bytes)", args.out.display(), bytes.len());
    Ok(ExitCode::SUCCESS)
}
