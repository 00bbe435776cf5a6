//! Learn the word clusters from the news corpus and write them as TSV; print the clusters of
//! a few probe words; optionally score how well the clusters predict entity types of words
//! unseen in a training half of a CoNLL-style NER file.
//!
//! ```text
//! cargo run --release -p rasd-ner --example train_clusters -- \
//!     --corpus ../shared/data/news-corpus --out data/ner/clusters.tsv \
//!     [--load clusters.tsv] [--eval ../shared/data/anercorp/train.txt] \
//!     [--dims N] [--fine N] [--coarse N] [--iterations N] [--vocab N] [--context N] \
//!     [--min-count N] [--seed N] [probe words…]
//! ```

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;
use std::time::Instant;

use rasd_ner::clusters::{ClusterParams, WordClusters, cluster_key};

const PROBES: [&str; 16] = [
    "بوتين",
    "أوباما",
    "ترامب",
    "لندن",
    "الرياض",
    "روسيا",
    "الجيش",
    "وزارة",
    "رويترز",
    "محمد",
    "فلاديمير",
    "الهلال",
    "ميسي",
    "سامسونج",
    "2015",
    "وبوتين",
];

type Error = Box<dyn std::error::Error>;

fn main() -> Result<(), Error> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("RASD_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let mut corpus = PathBuf::from("/work/shared/data/news-corpus");
    let (mut out, mut load, mut eval) = (None, None, None);
    let mut params = ClusterParams::default();
    let mut probes: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--corpus" => corpus = val()?.into(),
            "--out" => out = Some(val()?),
            "--load" => load = Some(val()?),
            "--eval" => eval = Some(val()?),
            "--dims" => params.dims = val()?.parse()?,
            "--fine" => params.fine = val()?.parse()?,
            "--coarse" => params.coarse = val()?.parse()?,
            "--iterations" => params.iterations = val()?.parse()?,
            "--vocab" => params.vocab = val()?.parse()?,
            "--context" => params.context = val()?.parse()?,
            "--min-count" => params.min_count = val()?.parse()?,
            "--seed" => params.seed = val()?.parse()?,
            _ => probes.push(a),
        }
    }
    if probes.is_empty() {
        probes = PROBES.iter().map(|s| s.to_string()).collect();
    }

    let wc = match load {
        Some(path) => WordClusters::from_tsv(BufReader::new(File::open(path)?))?,
        None => train(&corpus, &params)?,
    };
    if let Some(out) = out {
        wc.write_tsv(File::create(&out)?)?;
        eprintln!("wrote {out}");
    }
    show(&wc, &probes);
    if let Some(path) = eval {
        evaluate(&wc, &path)?;
    }
    Ok(())
}

fn train(dir: &PathBuf, params: &ClusterParams) -> Result<WordClusters, Error> {
    let t = Instant::now();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|p| p.to_string_lossy().ends_with(".jsonl.gz"));
    files.sort();
    let mut texts = Vec::new();
    for f in &files {
        for rec in rasd_reader::corpus::records(f)? {
            texts.push(rec?.text);
        }
    }
    eprintln!(
        "read {} articles from {} files in {:.1}s",
        texts.len(),
        files.len(),
        t.elapsed().as_secs_f32()
    );
    let t = Instant::now();
    let wc = WordClusters::train(texts.iter().map(String::as_str), params);
    eprintln!(
        "trained {} words, {} fine / {} coarse clusters in {:.1}s",
        wc.len(),
        wc.fine_count(),
        wc.coarse_count(),
        t.elapsed().as_secs_f32()
    );
    Ok(wc)
}

fn show(wc: &WordClusters, probes: &[String]) {
    let mut fine_members: HashMap<u16, Vec<&str>> = HashMap::new();
    let mut coarse_members: HashMap<u16, Vec<&str>> = HashMap::new();
    for (k, f, c) in wc.iter() {
        fine_members.entry(f).or_default().push(k);
        coarse_members.entry(c).or_default().push(k);
    }
    for p in probes {
        let key = cluster_key(p);
        match wc.get(&key) {
            None => eprintln!("\n{p}: not clustered"),
            Some((f, c)) => {
                let fm = &fine_members[&f];
                let cm = &coarse_members[&c];
                eprintln!(
                    "\n{p} ({key}): fine {f} ({} words): {}",
                    fm.len(),
                    fm.iter().take(40).copied().collect::<Vec<_>>().join(" ")
                );
                eprintln!(
                    "  coarse {c} ({} words): {}",
                    cm.len(),
                    cm.iter().take(30).copied().collect::<Vec<_>>().join(" ")
                );
            }
        }
    }
}

/// How well clusters predict the entity type (PER/LOC/ORG/MISC or O) of words unseen in
/// training, on a `token label` file split into two halves (each half predicts the other):
/// typed P/R/F1 of the cluster-majority type, and mean log2-probability of the gold type
/// (add-one smoothed type distribution of the cluster) over unseen entity and O tokens.
fn evaluate(wc: &WordClusters, path: &str) -> Result<(), Error> {
    const TYPES: [&str; 5] = ["O", "PER", "LOC", "ORG", "MISC"];
    let text = std::fs::read_to_string(path)?;
    let toks: Vec<(String, usize)> = text
        .lines()
        .filter_map(|l| {
            let (w, lab) = l.trim().rsplit_once([' ', '\t'])?;
            let ty = lab.rsplit('-').next().unwrap_or("O");
            let ty = TYPES.iter().position(|t| ty.starts_with(t)).unwrap_or(0);
            Some((cluster_key(w), ty))
        })
        .collect();
    let half = toks.len() / 2;
    let (a, b) = toks.split_at(half);
    for level in ["fine", "coarse"] {
        let cl = |k: &str| wc.get(k).map(|(f, c)| if level == "fine" { f } else { c });
        let (mut tp, mut fp, mut fne) = (0usize, 0usize, 0usize);
        let (mut ll_ent, mut n_ent, mut ll_o, mut n_o) = (0f64, 0usize, 0f64, 0usize);
        for (train, test) in [(a, b), (b, a)] {
            let seen: std::collections::HashSet<&str> =
                train.iter().map(|t| t.0.as_str()).collect();
            let mut votes: HashMap<u16, [usize; 5]> = HashMap::new();
            let mut prior = [0usize; 5];
            for (k, ty) in train {
                prior[*ty] += 1;
                if let Some(c) = cl(k) {
                    votes.entry(c).or_default()[*ty] += 1;
                }
            }
            for (k, gold) in test {
                if seen.contains(k.as_str()) {
                    continue;
                }
                let v = cl(k).and_then(|c| votes.get(&c)).copied().unwrap_or([0; 5]);
                let pred = (0..5)
                    .max_by_key(|&t| (v[t], usize::from(t == 0)))
                    .unwrap_or(0);
                let pred = if v.iter().sum::<usize>() == 0 {
                    0
                } else {
                    pred
                };
                let total: usize = v.iter().sum();
                let lp = ((v[*gold] + 1) as f64 / (total + 5) as f64).log2();
                if *gold == 0 {
                    ll_o += lp;
                    n_o += 1;
                } else {
                    ll_ent += lp;
                    n_ent += 1;
                }
                if pred != 0 && pred == *gold {
                    tp += 1;
                } else {
                    fp += usize::from(pred != 0);
                    fne += usize::from(*gold != 0);
                }
            }
        }
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fne).max(1) as f64;
        eprintln!(
            "eval {level}: {n_ent} unseen entity, {n_o} O tokens: typed P {:.3} R {:.3} F1 \
             {:.3} logp ent {:.3} O {:.3}",
            p,
            r,
            2.0 * p * r / (p + r).max(1e-9),
            ll_ent / n_ent.max(1) as f64,
            ll_o / n_o.max(1) as f64,
        );
    }
    Ok(())
}
