//! `rasd train …`: build the data files rasd ships from the corpora in `../shared/data`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};

#[derive(Subcommand)]
pub enum TrainCommand {
    /// Word-frequency lexicon used by the clitic analyzer (data/text/lexicon.tsv).
    Lexicon(LexiconArgs),
    /// Gazetteer of places, organizations and names for the NER features (data/ner/gazetteer.tsv).
    Gazetteer(GazetteerArgs),
    /// Distributional word clusters for the NER features (data/ner/clusters.tsv).
    Clusters(ClustersArgs),
    /// The named-entity model (data/ner/model.bin).
    Ner(NerArgs),
    /// The actor knowledge base: CAMEO actor codes of countries, capitals, PETRARCH actors and
    /// agents (data/actors/actors.tsv; hand-written entries stay in data/actors/additions.toml).
    Actors(ActorsArgs),
    /// The learned event model — triggers, parties, modality — from the annotated news corpus
    /// (data/extract/event_model.bin).
    Events(super::train_events::EventsArgs),
    /// How rare each word of news titles and leads is, for story clustering
    /// (data/fusion/word_df.tsv): document frequencies over the news corpus.
    Stories(StoriesArgs),
}

#[derive(Args)]
pub struct StoriesArgs {
    /// Folder of JSONL news dumps (*.jsonl or *.jsonl.gz, fields `title` and `text`).
    #[arg(long, default_value = "../shared/data/news-corpus")]
    corpus: PathBuf,
    /// Where to write the table.
    #[arg(long, default_value = "data/fusion/word_df.tsv")]
    out: PathBuf,
}

#[derive(Args)]
pub struct ActorsArgs {
    /// The shared data folder (`../shared/data`, with petrarch-arabic/ and gazetteers/).
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// Where to write.
    #[arg(long, default_value = "data/actors/actors.tsv")]
    out: PathBuf,
}

#[derive(Args)]
pub struct GazetteerArgs {
    /// The gazetteers folder (`../shared/data/gazetteers`).
    #[arg(long, default_value = "../shared/data/gazetteers")]
    data: PathBuf,
    /// Where to write.
    #[arg(long, default_value = "data/ner/gazetteer.tsv")]
    out: PathBuf,
}

#[derive(Args)]
pub struct ClustersArgs {
    /// Folder of JSONL news dumps (*.jsonl.gz, field `text`).
    #[arg(long, default_value = "../shared/data/news-corpus")]
    corpus: PathBuf,
    /// Where to write.
    #[arg(long, default_value = "data/ner/clusters.tsv")]
    out: PathBuf,
}

#[derive(Args)]
pub struct NerArgs {
    /// ANERcorp training file (`token TAG` lines).
    #[arg(long, default_value = "../shared/data/anercorp/train.txt")]
    train: PathBuf,
    /// Extra training corpora as SCHEME:PATH, SCHEME = coarse (PER/LOC/ORG/MISC tags, e.g. AQMAR) or fane (NewsFANE/WikiFANE classes).
    #[arg(long)]
    extra: Vec<String>,
    /// Passes over the data.
    #[arg(long, default_value_t = rasd_ner::TrainParams::default().epochs)]
    epochs: usize,
    /// Seed of the sentence shuffle.
    #[arg(long, default_value_t = rasd_ner::TrainParams::default().seed)]
    seed: u64,
    /// Models (sentence orders) whose weights are averaged.
    #[arg(long, default_value_t = rasd_ner::TrainParams::default().bags)]
    bags: usize,
    /// Instead of writing a model, report K-fold cross-validated F1 over the training file
    /// (contiguous folds), for choosing features and settings.
    #[arg(long)]
    cv: Option<usize>,
    /// The project's annotated news corpus (`data/annotated`): the articles of its train split
    /// are added to the training data, their gold entities tagged in their text.
    #[arg(long)]
    annotated: Option<PathBuf>,
    /// Hold out the last tenth of the training file as dev, report dev F1 after each epoch, and train only on the rest.
    #[arg(long)]
    dev: bool,
    /// Where to write the model.
    #[arg(long, default_value = "data/ner/model.bin")]
    out: PathBuf,
}

#[derive(Args)]
pub struct LexiconArgs {
    /// Folder of JSONL news dumps (*.jsonl or *.jsonl.gz, field `text`).
    #[arg(long)]
    corpus: PathBuf,
    /// Where to write the lexicon.
    #[arg(long, default_value = "data/text/lexicon.tsv")]
    out: PathBuf,
    /// Keep words seen at least this often.
    #[arg(long, default_value_t = 5)]
    min_count: u64,
    /// Keep at most this many words (the most frequent).
    #[arg(long, default_value_t = 60_000)]
    max_words: usize,
}

pub fn run(cmd: TrainCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        TrainCommand::Lexicon(args) => lexicon(args),
        TrainCommand::Gazetteer(args) => gazetteer(args),
        TrainCommand::Clusters(args) => clusters(args),
        TrainCommand::Ner(args) => ner(args),
        TrainCommand::Events(args) => super::train_events::run(args),
        TrainCommand::Actors(args) => actors(args),
        TrainCommand::Stories(args) => stories(args),
    }
}

/// Document frequencies of title-and-lead stems over the news corpus.
fn stories(args: StoriesArgs) -> anyhow::Result<ExitCode> {
    let documents: Vec<String> = crate::inputs::dump_records(&args.corpus, |_| true)?
        .into_iter()
        .map(|r| {
            format!(
                "{}\n{}",
                r.title.unwrap_or_default(),
                rasd_fusion::lead_of(&r.text)
            )
        })
        .collect();
    anyhow::ensure!(
        !documents.is_empty(),
        "no records found under {}",
        args.corpus.display()
    );
    let table = rasd_fusion::words::WordRarity::build(documents.iter().map(String::as_str));
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&args.out, &table).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "rasd: wrote {} ({} stems over {} articles)",
        args.out.display(),
        table.lines().count() - 1,
        documents.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn corpus_texts(dir: &std::path::Path) -> anyhow::Result<Vec<String>> {
    let texts: Vec<String> = crate::inputs::dump_records(dir, |_| true)?
        .into_iter()
        .map(|r| r.text)
        .collect();
    anyhow::ensure!(
        !texts.is_empty(),
        "no records found under {}",
        dir.display()
    );
    Ok(texts)
}

fn gazetteer(args: GazetteerArgs) -> anyhow::Result<ExitCode> {
    let tsv = rasd_ner::gazetteer::build(&args.data)
        .with_context(|| format!("reading {}", args.data.display()))?;
    std::fs::write(&args.out, &tsv).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "rasd: wrote {} ({} entries)",
        args.out.display(),
        tsv.lines().count() - 1
    );
    Ok(ExitCode::SUCCESS)
}

fn actors(args: ActorsArgs) -> anyhow::Result<ExitCode> {
    let tsv = rasd_actors::build::build(&args.data)
        .with_context(|| format!("building from {}", args.data.display()))?;
    std::fs::write(&args.out, &tsv).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "rasd: wrote {} ({} entries)",
        args.out.display(),
        tsv.lines().filter(|l| !l.starts_with('#')).count()
    );
    Ok(ExitCode::SUCCESS)
}

fn clusters(args: ClustersArgs) -> anyhow::Result<ExitCode> {
    let texts = corpus_texts(&args.corpus)?;
    eprintln!("rasd: clustering words of {} articles", texts.len());
    let params = rasd_ner::clusters::ClusterParams::default();
    let clusters =
        rasd_ner::clusters::WordClusters::train(texts.iter().map(String::as_str), &params);
    let file = std::fs::File::create(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let mut w = std::io::BufWriter::new(file);
    clusters.write_tsv(&mut w)?;
    w.flush()?;
    eprintln!(
        "rasd: wrote {} ({} words)",
        args.out.display(),
        clusters.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn ner(args: NerArgs) -> anyhow::Result<ExitCode> {
    use rasd_ner::conll::{self, TagScheme};
    let (sentences, _) =
        conll::read(&args.train).with_context(|| format!("reading {}", args.train.display()))?;
    anyhow::ensure!(
        !sentences.is_empty(),
        "{}: no sentences",
        args.train.display()
    );
    let (train, dev) = if args.dev {
        conll::split_dev(&sentences)
    } else {
        (&sentences[..], &sentences[..0])
    };
    let mut extra = Vec::new();
    for spec in &args.extra {
        let (scheme, path) = spec.split_once(':').context("--extra takes SCHEME:PATH")?;
        let scheme = match scheme {
            "coarse" => TagScheme::Coarse,
            "fane" => TagScheme::Fane,
            other => anyhow::bail!("unknown tag scheme `{other}` (coarse or fane)"),
        };
        let (mut s, _) =
            conll::read(std::path::Path::new(path)).with_context(|| format!("reading {path}"))?;
        if args.dev {
            // NewsFANE re-annotates ANERcorp's own text: keep the dev sentences out of training.
            let before = s.len();
            s = rasd_ner::conll::without_overlap(s, dev);
            eprintln!(
                "rasd: {path}: {} of {before} sentences overlap the dev part and are left out",
                before - s.len()
            );
        }
        extra.push((path.to_owned(), s, scheme));
    }
    if let Some(dir) = &args.annotated {
        let s = annotated_sentences(dir)?;
        eprintln!(
            "rasd: {}: {} sentences of the train split",
            dir.display(),
            s.len()
        );
        extra.push((dir.display().to_string(), s, TagScheme::Coarse));
    }
    if let Some(k) = args.cv {
        return cross_validate(
            &sentences,
            &extra,
            k,
            &rasd_ner::TrainParams {
                epochs: args.epochs,
                seed: args.seed,
                bags: args.bags,
            },
        );
    }
    let mut sets = vec![rasd_ner::TrainingSet {
        name: args
            .train
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        sentences: train,
        scheme: TagScheme::Coarse,
    }];
    for (name, s, scheme) in &extra {
        sets.push(rasd_ner::TrainingSet {
            name: name.clone(),
            sentences: s,
            scheme: *scheme,
        });
    }
    eprintln!(
        "rasd: training on {} sentences{}",
        sets.iter().map(|s| s.sentences.len()).sum::<usize>(),
        if args.dev {
            format!(", dev {} sentences", dev.len())
        } else {
            String::new()
        }
    );
    let params = rasd_ner::TrainParams {
        epochs: args.epochs,
        seed: args.seed,
        bags: args.bags,
    };
    let t0 = std::time::Instant::now();
    let model = rasd_ner::train(
        &sets,
        args.dev.then_some(dev),
        &params,
        |epoch, errors, scores| match scores {
            Some(s) => eprintln!(
                "epoch {epoch:>2}: {errors} sentences wrong; dev P {:.4} R {:.4} F1 {:.4}  {}",
                s.micro.precision,
                s.micro.recall,
                s.micro.f1,
                s.per_type
                    .iter()
                    .map(|(k, v)| format!("{k} {:.3}", v.f1))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            None => eprintln!("epoch {epoch:>2}: {errors} sentences wrong"),
        },
    );
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "rasd: wrote {} ({:.1} MB, {} features) in {:.0} s",
        args.out.display(),
        bytes.len() as f64 / 1e6,
        model.meta().features,
        t0.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn lexicon(args: LexiconArgs) -> anyhow::Result<ExitCode> {
    let texts = corpus_texts(&args.corpus)?;
    eprintln!("rasd: counting words in {} articles", texts.len());
    let counts = rasd_text::count_words(texts.iter().map(String::as_str));
    let file = std::fs::File::create(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let mut w = std::io::BufWriter::new(file);
    rasd_text::write_lexicon(&counts, args.min_count, args.max_words, &mut w)?;
    w.flush()?;
    eprintln!("rasd: wrote {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

type ExtraCorpus = (
    String,
    Vec<rasd_ner::conll::Sentence>,
    rasd_ner::conll::TagScheme,
);

fn cross_validate(
    sentences: &[rasd_ner::conll::Sentence],
    extra: &[ExtraCorpus],
    k: usize,
    params: &rasd_ner::TrainParams,
) -> anyhow::Result<ExitCode> {
    use rasd_ner::conll::TagScheme;
    anyhow::ensure!(k >= 2, "--cv needs at least 2 folds");
    let n = sentences.len();
    let mut f1s = Vec::new();
    let mut scorer_all = (0usize, 0usize, 0usize);
    for f in 0..k {
        let (lo, hi) = (f * n / k, (f + 1) * n / k);
        let train: Vec<rasd_ner::conll::Sentence> = sentences[..lo]
            .iter()
            .chain(&sentences[hi..])
            .cloned()
            .collect();
        let test = &sentences[lo..hi];
        let mut sets = vec![rasd_ner::TrainingSet {
            name: "train".into(),
            sentences: &train,
            scheme: TagScheme::Coarse,
        }];
        let filtered: Vec<(String, Vec<rasd_ner::conll::Sentence>, TagScheme)> = extra
            .iter()
            .map(|(name, s, scheme)| {
                (
                    name.clone(),
                    rasd_ner::conll::without_overlap(s.clone(), test),
                    *scheme,
                )
            })
            .collect();
        for (name, s, scheme) in &filtered {
            sets.push(rasd_ner::TrainingSet {
                name: name.clone(),
                sentences: s,
                scheme: *scheme,
            });
        }
        let model = rasd_ner::train(&sets, None, params, |_, _, _| {});
        let s = rasd_ner::evaluate(&model, test, TagScheme::Coarse);
        eprintln!(
            "fold {}: P {:.4} R {:.4} F1 {:.4}  {}",
            f + 1,
            s.micro.precision,
            s.micro.recall,
            s.micro.f1,
            s.per_type
                .iter()
                .map(|(t, v)| format!("{t} {:.3}", v.f1))
                .collect::<Vec<_>>()
                .join(" ")
        );
        scorer_all.0 += s.micro.tp;
        scorer_all.1 += s.micro.fp;
        scorer_all.2 += s.micro.r#fn;
        f1s.push(s.micro.f1);
    }
    let (tp, fp, fn_) = scorer_all;
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "cross-validated ({k} folds): pooled P {:.4} R {:.4} F1 {:.4}; mean fold F1 {:.4}",
        p,
        r,
        2.0 * p * r / (p + r).max(1e-12),
        f1s.iter().sum::<f64>() / k as f64
    );
    Ok(ExitCode::SUCCESS)
}

/// The annotated corpus's train split as tagged sentences (`gold/`, `texts/`, `manifest.tsv`
/// in `dir`).
fn annotated_sentences(dir: &std::path::Path) -> anyhow::Result<Vec<rasd_ner::conll::Sentence>> {
    let manifest = super::eval_extract::read_manifest(&dir.join("manifest.tsv"))?;
    let golds = super::eval_extract::load_gold(&dir.join("gold"), &dir.join("texts"))?;
    let mut out = Vec::new();
    for (g, text) in &golds {
        if manifest.get(&g.file).and_then(|r| r.split.as_deref()) != Some("train") {
            continue;
        }
        for s in rasd_eval::tagging::tagged_sentences(g, text) {
            out.push(rasd_ner::conll::Sentence {
                tokens: s.tokens,
                tags: s.tags,
            });
        }
    }
    anyhow::ensure!(
        !out.is_empty(),
        "{}: no train-split sentences",
        dir.display()
    );
    Ok(out)
}
