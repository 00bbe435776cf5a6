//! `rasd eval dedup`: near-duplicate detection scored on a news corpus.
//!
//! Two measurements in one run:
//!
//! 1. **Known groups.** Articles whose Search-normalized texts are identical (whitespace
//!    collapsed; texts of at least `min_words` words) form the gold groups. Pairwise scores of
//!    rasd's groups restricted to those articles: a pair in one rasd group is right when both
//!    are in one gold group. Pairs rasd groups beyond them (near-copies that are not identical)
//!    have no gold; they are counted by similarity and `--show` prints a sample to check by eye.
//! 2. **Synthetic near-duplicates.** A fixed-seed sample of articles gets edited copies, one
//!    per edit kind, mixed back into the corpus. Recall: an (original, copy) pair in one group.
//!    Precision: a copy grouped with a corpus article that is neither its original nor related
//!    to it (same gold group, or same rasd group when the corpus is deduplicated without the
//!    copies), or with a copy of an unrelated original, is a false pair. Pairs of a copy with
//!    an article related to its original are neither right nor wrong.
//!
//! `micro` adds the pair counts of both.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use rasd_dedup::{DedupParams, DedupStats, Deduper, Doc, DupGroup};
use rasd_text::{NormLevel, TokenKind};
use rayon::prelude::*;

use crate::commands::extract::Format;

#[derive(Args)]
pub struct DedupArgs {
    /// A folder of JSON Lines news dumps (*.jsonl, *.jsonl.gz), or one such file.
    #[arg(default_value = "../shared/data/news-corpus")]
    corpus: PathBuf,
    /// Use the first N articles only (0 = all).
    #[arg(long, default_value_t = 0)]
    limit: usize,
    /// `json` prints one object; `text` a report.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Articles that get synthetic edited copies (one copy per edit kind each).
    #[arg(long, default_value_t = 2000)]
    synthetic: usize,
    /// Seed of the synthetic sample and edits.
    #[arg(long, default_value_t = 5)]
    seed: u64,
    /// Print this many grouped non-identical corpus pairs and missed synthetic pairs (text).
    #[arg(long, default_value_t = 0)]
    show: usize,
    /// Also write the groups found in the corpus (without the synthetic copies) to this file,
    /// one JSON object per line; ids are the articles' positions in the corpus files' order.
    #[arg(long)]
    groups: Option<PathBuf>,
    /// Words per shingle (default: the library's).
    #[arg(long)]
    shingle: Option<usize>,
    /// MinHash functions.
    #[arg(long)]
    hashes: Option<usize>,
    /// LSH bands.
    #[arg(long)]
    bands: Option<usize>,
    /// Least Jaccard similarity of duplicates.
    #[arg(long)]
    threshold: Option<f64>,
    /// Texts with fewer words are never grouped.
    #[arg(long)]
    min_words: Option<usize>,
    /// Least similarity to another member through which an article joins a group.
    #[arg(long)]
    link_threshold: Option<f64>,
    /// Days after the canonical article within which a near-copy joins its group (0 = no limit).
    #[arg(long)]
    window_days: Option<u32>,
}

/// One corpus article.
struct Article {
    text: String,
    title: Option<String>,
    date: Option<String>,
    outlet: Option<String>,
}

/// The kinds of synthetic edits.
const KINDS: [&str; 7] = [
    "headline",
    "add_paragraph",
    "remove_paragraph",
    "substitute_words",
    "delete_words",
    "orthography",
    "truncate",
];

/// A synthetic copy.
struct Copy {
    original: usize,
    kind: usize,
    text: String,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn json(self) -> serde_json::Value {
        let p = ratio(self.tp, self.tp + self.fp);
        let r = ratio(self.tp, self.tp + self.fn_);
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        serde_json::json!({"precision": p, "recall": r, "f1": f, "tp": self.tp, "fp": self.fp, "fn": self.fn_})
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

pub fn run(args: DedupArgs) -> anyhow::Result<ExitCode> {
    let params = params(&args)?;
    let t0 = Instant::now();
    let articles = read_corpus(&args.corpus, args.limit)?;
    anyhow::ensure!(
        u32::try_from(articles.len() + KINDS.len() * args.synthetic).is_ok(),
        "too many articles"
    );
    let read_secs = t0.elapsed().as_secs_f64();
    let gold = Gold::new(&articles, params.min_words);

    // 1. The corpus alone.
    let docs: Vec<Doc<'_>> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| Doc {
            id: i as u32,
            text: &a.text,
            date: a.date.as_deref(),
        })
        .collect();
    let t0 = Instant::now();
    let (base_groups, base_stats) = dedup(&docs, &params)?;
    let base_secs = t0.elapsed().as_secs_f64();
    if let Some(path) = &args.groups {
        let mut w = std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        );
        for g in &base_groups {
            serde_json::to_writer(&mut w, g)?;
            writeln!(w)?;
        }
        w.flush()?;
    }
    let known = Known::score(&base_groups, &gold);

    // 2. Synthetic copies mixed in.
    let copies = make_copies(&articles, &gold.words, &params, args.synthetic, args.seed);
    let sims: Vec<f64> = copies
        .par_iter()
        .map(|c| rasd_dedup::similarity(&articles[c.original].text, &c.text, &params))
        .collect();
    let mut all_docs = docs.clone();
    for (n, c) in copies.iter().enumerate() {
        all_docs.push(Doc {
            id: (articles.len() + n) as u32,
            text: &c.text,
            date: articles[c.original].date.as_deref(),
        });
    }
    let t0 = Instant::now();
    let (all_groups, all_stats) = dedup(&all_docs, &params)?;
    let all_secs = t0.elapsed().as_secs_f64();
    let synthetic = Synthetic::score(&all_groups, &copies, &gold, &base_groups);

    let micro = Counts {
        tp: known.pairs.tp + synthetic.pairs.tp,
        fp: known.pairs.fp + synthetic.pairs.fp,
        fn_: known.pairs.fn_ + synthetic.pairs.fn_,
    };
    let originals = {
        let mut o: Vec<usize> = copies.iter().map(|c| c.original).collect();
        o.sort_unstable();
        o.dedup();
        o.len()
    };
    let sizes: Vec<usize> = base_groups.iter().map(|g| g.members.len()).collect();
    let report = serde_json::json!({
        "corpus": args.corpus.display().to_string(),
        "articles": articles.len(),
        "params": params,
        "micro": micro.json(),
        "known_groups": {
            "pairs": known.pairs.json(),
            "gold_groups": gold.groups,
            "gold_articles": gold.of.iter().filter(|&&g| g != usize::MAX).count(),
            "groups_joining_several": known.merging.len(),
            "short_identical_groups_excluded": gold.short_groups,
        },
        "corpus_groups": {
            "groups": base_groups.len(),
            "articles": sizes.iter().sum::<usize>(),
            "largest": sizes.iter().max().copied().unwrap_or(0),
            "pairs_beyond_identical": known.extra_pairs,
            "near_members": known.near.len(),
            "near_members_by_similarity": known.histogram(),
            "stats": base_stats,
        },
        "synthetic": {
            "originals": originals,
            "copies": copies.len(),
            "pairs": synthetic.pairs.json(),
            "per_kind": per_kind_json(&synthetic, &copies, &sims, params.threshold),
            "stats": all_stats,
        },
        "timings": {
            "read_seconds": read_secs,
            "dedup_seconds": base_secs,
            "articles_per_second": articles.len() as f64 / base_secs,
            "dedup_with_copies_seconds": all_secs,
            "threads": rayon::current_num_threads(),
        },
    });
    let mut out = std::io::stdout().lock();
    if args.format == Format::Json {
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
    } else {
        print_summary(&mut out, &report)?;
        if args.show > 0 {
            let examples = Examples {
                articles: &articles,
                docs: &all_docs,
                copies: &copies,
                sims: &sims,
                gold: &gold,
            };
            examples.print(&mut out, args.show, &known, &synthetic)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The library's parameters, with those given on the command line.
fn params(args: &DedupArgs) -> anyhow::Result<DedupParams> {
    let defaults = DedupParams::default();
    let params = DedupParams {
        shingle: args.shingle.unwrap_or(defaults.shingle),
        hashes: args.hashes.unwrap_or(defaults.hashes),
        bands: args.bands.unwrap_or(defaults.bands),
        threshold: args.threshold.unwrap_or(defaults.threshold),
        min_words: args.min_words.unwrap_or(defaults.min_words),
        link_threshold: args.link_threshold.unwrap_or(defaults.link_threshold),
        window_days: match args.window_days {
            Some(0) => None,
            Some(d) => Some(d),
            None => defaults.window_days,
        },
    };
    params.validate()?;
    Ok(params)
}

/// The gold groups: articles with identical normalized texts.
struct Gold {
    /// Each article's gold group (`usize::MAX`: none).
    of: Vec<usize>,
    groups: usize,
    pairs: usize,
    /// Groups of identical texts too short to count.
    short_groups: usize,
    /// Each article's words.
    words: Vec<usize>,
}

impl Gold {
    fn new(articles: &[Article], min_words: usize) -> Self {
        let keys: Vec<(String, usize)> = articles
            .par_iter()
            .map(|a| {
                let norm = rasd_text::normalize_str(&a.text, NormLevel::Search);
                let words = rasd_text::tokenize(&norm)
                    .iter()
                    .filter(|t| {
                        matches!(
                            t.kind,
                            TokenKind::Word | TokenKind::Latin | TokenKind::Number
                        )
                    })
                    .count();
                (norm.split_whitespace().collect::<Vec<_>>().join(" "), words)
            })
            .collect();
        let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, (k, _)) in keys.iter().enumerate() {
            by_key.entry(k.as_str()).or_default().push(i);
        }
        let mut gold = Gold {
            of: vec![usize::MAX; articles.len()],
            groups: 0,
            pairs: 0,
            short_groups: 0,
            words: keys.iter().map(|k| k.1).collect(),
        };
        let mut lists: Vec<&Vec<usize>> = by_key.values().filter(|v| v.len() >= 2).collect();
        lists.sort();
        for v in lists {
            if gold.words[v[0]] < min_words {
                gold.short_groups += 1;
                continue;
            }
            for &i in v {
                gold.of[i] = gold.groups;
            }
            gold.groups += 1;
            gold.pairs += v.len() * (v.len() - 1) / 2;
        }
        gold
    }

    fn same(&self, a: usize, b: usize) -> bool {
        self.of[a] != usize::MAX && self.of[a] == self.of[b]
    }
}

/// rasd's groups of the corpus against the gold groups.
struct Known<'a> {
    pairs: Counts,
    /// Pairs of rasd's groups that are not two articles of one gold group.
    extra_pairs: usize,
    /// Groups that join articles of different gold groups (the false pairs), to check by eye:
    /// reprint variants of one report, or different stories.
    merging: Vec<&'a DupGroup>,
    /// Members that are not exact copies of their canonical article: (similarity to it,
    /// canonical, member), by similarity.
    near: Vec<(f64, u32, u32)>,
}

impl<'a> Known<'a> {
    fn score(groups: &'a [DupGroup], gold: &Gold) -> Self {
        let mut known = Known {
            pairs: Counts::default(),
            extra_pairs: 0,
            merging: Vec::new(),
            near: Vec::new(),
        };
        for g in groups {
            let mut per_gold: HashMap<usize, usize> = HashMap::new();
            for m in &g.members {
                let of = gold.of[m.id as usize];
                if of != usize::MAX {
                    *per_gold.entry(of).or_default() += 1;
                }
                if !m.exact {
                    known.near.push((m.similarity, g.canonical, m.id));
                }
            }
            if per_gold.len() >= 2 {
                known.merging.push(g);
            }
            let n = g.members.len();
            let in_gold: usize = per_gold.values().sum();
            let tp: usize = per_gold.values().map(|&c| c * (c - 1) / 2).sum();
            known.pairs.tp += tp;
            known.pairs.fp += in_gold * in_gold.saturating_sub(1) / 2 - tp;
            known.extra_pairs += n * (n - 1) / 2 - tp;
        }
        known.pairs.fn_ = gold.pairs - known.pairs.tp;
        known
            .near
            .sort_by(|a, b| a.0.total_cmp(&b.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        known
    }

    /// Near members by similarity to their canonical article (bins named by their lower
    /// bound; the first holds everything below 0.3).
    fn histogram(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut hist = serde_json::Map::new();
        for lo in [0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0] {
            let hi = if lo == 0.0 { 0.3 } else { lo + 0.1 };
            let n = self
                .near
                .iter()
                .filter(|x| x.0 >= lo && (x.0 < hi || lo == 1.0))
                .count();
            hist.insert(format!("{lo:.1}"), n.into());
        }
        hist
    }
}

/// rasd's groups of the corpus mixed with synthetic copies: recall of (original, copy) pairs,
/// false pairs of a copy with an unrelated article.
struct Synthetic {
    pairs: Counts,
    per_kind: Vec<Counts>,
    /// Copies not grouped with their original (indices into the copies).
    missed: Vec<usize>,
    /// False pairs (ids of the mixed corpus: the copies after the articles).
    false_pairs: Vec<(usize, usize)>,
}

impl Synthetic {
    fn score(groups: &[DupGroup], copies: &[Copy], gold: &Gold, base_groups: &[DupGroup]) -> Self {
        let base_n = gold.of.len();
        let mut base_of = vec![usize::MAX; base_n];
        for (g, group) in base_groups.iter().enumerate() {
            for m in &group.members {
                base_of[m.id as usize] = g;
            }
        }
        let related = |a: usize, b: usize| {
            a == b || gold.same(a, b) || (base_of[a] != usize::MAX && base_of[a] == base_of[b])
        };
        let mut group_of = vec![usize::MAX; base_n + copies.len()];
        for (g, group) in groups.iter().enumerate() {
            for m in &group.members {
                group_of[m.id as usize] = g;
            }
        }
        let mut syn = Synthetic {
            pairs: Counts::default(),
            per_kind: vec![Counts::default(); KINDS.len()],
            missed: Vec::new(),
            false_pairs: Vec::new(),
        };
        for (n, c) in copies.iter().enumerate() {
            let g = group_of[base_n + n];
            if g != usize::MAX && g == group_of[c.original] {
                syn.per_kind[c.kind].tp += 1;
            } else {
                syn.per_kind[c.kind].fn_ += 1;
                syn.missed.push(n);
            }
        }
        for g in groups {
            let ids: Vec<usize> = g.members.iter().map(|m| m.id as usize).collect();
            for (i, &x) in ids.iter().enumerate() {
                for &y in &ids[i + 1..] {
                    let (x, y) = (x.min(y), x.max(y));
                    if y < base_n {
                        continue; // two corpus articles: scored as known groups
                    }
                    let cy = &copies[y - base_n];
                    let wrong = if x < base_n {
                        !related(cy.original, x)
                    } else {
                        !related(copies[x - base_n].original, cy.original)
                    };
                    if wrong {
                        syn.false_pairs.push((x, y));
                        syn.pairs.fp += 1;
                        syn.per_kind[cy.kind].fp += 1;
                        if x >= base_n {
                            syn.per_kind[copies[x - base_n].kind].fp += 1;
                        }
                    }
                }
            }
        }
        for k in &syn.per_kind {
            syn.pairs.tp += k.tp;
            syn.pairs.fn_ += k.fn_;
        }
        syn
    }
}

/// Scores and similarity quantiles of each edit kind.
fn per_kind_json(
    synthetic: &Synthetic,
    copies: &[Copy],
    sims: &[f64],
    threshold: f64,
) -> serde_json::Map<String, serde_json::Value> {
    KINDS
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let mut s: Vec<f64> = copies
                .iter()
                .zip(sims)
                .filter(|(c, _)| c.kind == k)
                .map(|(_, &s)| s)
                .collect();
            s.sort_by(f64::total_cmp);
            let q = |p: f64| {
                s.get(((s.len() as f64 - 1.0) * p).round() as usize)
                    .copied()
                    .unwrap_or(0.0)
            };
            let mut v = synthetic.per_kind[k].json();
            if s.is_empty() {
                // No text of the sample allows this edit.
                v["recall"] = serde_json::Value::Null;
                v["f1"] = serde_json::Value::Null;
            }
            v["copies"] = s.len().into();
            v["similarity"] = serde_json::json!({"min": q(0.0), "p01": q(0.01), "p05": q(0.05), "median": q(0.5)});
            v["above_threshold"] =
                ratio(s.iter().filter(|&&x| x >= threshold).count(), s.len()).into();
            ((*name).to_owned(), v)
        })
        .collect()
}

fn print_summary(out: &mut impl Write, report: &serde_json::Value) -> std::io::Result<()> {
    let prf = |v: &serde_json::Value| {
        format!(
            "P {:.4} R {:.4} F1 {:.4} (tp {}, fp {}, fn {})",
            v["precision"].as_f64().unwrap_or(0.0),
            v["recall"].as_f64().unwrap_or(0.0),
            v["f1"].as_f64().unwrap_or(0.0),
            v["tp"],
            v["fp"],
            v["fn"]
        )
    };
    let (p, c, k, s, t) = (
        &report["params"],
        &report["corpus_groups"],
        &report["known_groups"],
        &report["synthetic"],
        &report["timings"],
    );
    writeln!(
        out,
        "{} articles from {}; shingle {}, {} hashes in {} bands, threshold {}, link threshold {}, window {} days, min words {}",
        report["articles"],
        report["corpus"].as_str().unwrap_or(""),
        p["shingle"],
        p["hashes"],
        p["bands"],
        p["threshold"],
        p["link_threshold"],
        p["window_days"],
        p["min_words"]
    )?;
    writeln!(
        out,
        "dedup: {:.2} s ({:.0} articles/s, {} threads); {} groups of {} articles (largest {}); {} candidate pairs, largest bucket {}",
        t["dedup_seconds"].as_f64().unwrap_or(0.0),
        t["articles_per_second"].as_f64().unwrap_or(0.0),
        t["threads"],
        c["groups"],
        c["articles"],
        c["largest"],
        c["stats"]["candidates"],
        c["stats"]["largest_bucket"]
    )?;
    writeln!(
        out,
        "known groups ({} groups of identical texts; {} left out as too short): {}",
        k["gold_groups"],
        k["short_identical_groups_excluded"],
        prf(&k["pairs"])
    )?;
    writeln!(
        out,
        "beyond identical texts: {} pairs; {} members not exact copies of their canonical, by similarity: {}",
        c["pairs_beyond_identical"], c["near_members"], c["near_members_by_similarity"]
    )?;
    writeln!(
        out,
        "synthetic ({} originals, {} copies, dedup {:.2} s): {}",
        s["originals"],
        s["copies"],
        t["dedup_with_copies_seconds"].as_f64().unwrap_or(0.0),
        prf(&s["pairs"])
    )?;
    writeln!(
        out,
        "  {:<17} {:>6} {:>8} {:>6} {:>8} {:>8} {:>8}",
        "kind", "copies", "recall", "fp", "sim min", "sim p05", "sim p50"
    )?;
    for name in KINDS {
        let v = &s["per_kind"][name];
        writeln!(
            out,
            "  {name:<17} {:>6} {:>8} {:>6} {:>8.3} {:>8.3} {:>8.3}",
            v["copies"],
            v["recall"]
                .as_f64()
                .map_or_else(|| "-".to_owned(), |r| format!("{r:.4}")),
            v["fp"],
            v["similarity"]["min"].as_f64().unwrap_or(0.0),
            v["similarity"]["p05"].as_f64().unwrap_or(0.0),
            v["similarity"]["median"].as_f64().unwrap_or(0.0)
        )?;
    }
    writeln!(out, "micro: {}", prf(&report["micro"]))
}

/// What `--show` prints: pairs to check by eye.
struct Examples<'a> {
    articles: &'a [Article],
    /// The corpus and then the copies.
    docs: &'a [Doc<'a>],
    copies: &'a [Copy],
    sims: &'a [f64],
    gold: &'a Gold,
}

impl Examples<'_> {
    fn snippet(&self, i: usize) -> String {
        self.docs[i]
            .text
            .split_whitespace()
            .take(40)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// An article of the corpus, or the original of a copy.
    fn label(&self, i: usize) -> String {
        let i = self.original(i);
        let a = &self.articles[i];
        format!(
            "#{i} {} {} ({} words)",
            a.outlet.as_deref().unwrap_or("?"),
            a.date.as_deref().unwrap_or("?"),
            self.gold.words[i]
        )
    }

    fn original(&self, i: usize) -> usize {
        let n = self.articles.len();
        if i < n {
            i
        } else {
            self.copies[i - n].original
        }
    }

    fn kind(&self, i: usize) -> &'static str {
        let n = self.articles.len();
        if i < n {
            "corpus"
        } else {
            KINDS[self.copies[i - n].kind]
        }
    }

    fn print(
        &self,
        out: &mut impl Write,
        show: usize,
        known: &Known<'_>,
        synthetic: &Synthetic,
    ) -> std::io::Result<()> {
        writeln!(
            out,
            "\ngrouped corpus articles that are not identical (spread over similarity):"
        )?;
        let step = known.near.len().checked_div(show).unwrap_or(0).max(1);
        for &(sim, canon, member) in known.near.iter().step_by(step).take(show) {
            writeln!(out, "--- similarity {sim:.3}")?;
            for i in [canon as usize, member as usize] {
                writeln!(out, "  {} | {}", self.label(i), self.snippet(i))?;
            }
        }
        writeln!(
            out,
            "\ngroups joining different identical-text groups ({}; one article of each):",
            known.merging.len()
        )?;
        for g in known.merging.iter().take(show) {
            writeln!(out, "--- group of {}", g.members.len())?;
            let mut seen = Vec::new();
            for m in &g.members {
                let (i, of) = (m.id as usize, self.gold.of[m.id as usize]);
                if of != usize::MAX && !seen.contains(&of) {
                    seen.push(of);
                    let sim = m.similarity;
                    writeln!(out, "  {sim:.3} {} | {}", self.label(i), self.snippet(i))?;
                }
            }
        }
        writeln!(out, "\nsynthetic copies grouped with an unrelated article:")?;
        for &(x, y) in synthetic.false_pairs.iter().take(show) {
            writeln!(out, "--- {} / {}", self.kind(x), self.kind(y))?;
            for i in [x, y] {
                writeln!(out, "  {} | {}", self.label(i), self.snippet(i))?;
            }
        }
        writeln!(out, "\nmissed synthetic pairs:")?;
        for &n in synthetic.missed.iter().take(show) {
            let c = &self.copies[n];
            let copy = self.articles.len() + n;
            writeln!(
                out,
                "--- {} similarity {:.3}: {}",
                KINDS[c.kind],
                self.sims[n],
                self.label(c.original)
            )?;
            writeln!(out, "  original | {}", self.snippet(c.original))?;
            writeln!(out, "  copy     | {}", self.snippet(copy))?;
        }
        Ok(())
    }
}

fn dedup(docs: &[Doc<'_>], params: &DedupParams) -> anyhow::Result<(Vec<DupGroup>, DedupStats)> {
    let mut d = Deduper::new(params.clone())?;
    d.add_all(docs);
    Ok(d.groups_with_stats())
}

fn read_corpus(path: &std::path::Path, limit: usize) -> anyhow::Result<Vec<Article>> {
    let listing = rasd_ingest::expand(std::slice::from_ref(&path.to_path_buf()), &["gz", "jsonl"]);
    if let Some(e) = listing.errors.first() {
        anyhow::bail!("{e}");
    }
    let files = listing.files;
    let files: Vec<PathBuf> = files
        .into_iter()
        .filter(|f| {
            let name = f.to_string_lossy();
            name.ends_with(".jsonl") || name.ends_with(".jsonl.gz") || path.is_file()
        })
        .collect();
    anyhow::ensure!(
        !files.is_empty(),
        "{}: no *.jsonl(.gz) files",
        path.display()
    );
    let mut articles = Vec::new();
    'files: for f in &files {
        for r in
            rasd_reader::corpus::records(f).with_context(|| format!("reading {}", f.display()))?
        {
            if limit > 0 && articles.len() >= limit {
                break 'files;
            }
            let r = r.map_err(anyhow::Error::msg)?;
            articles.push(Article {
                text: r.text,
                title: r.title,
                date: r.date,
                outlet: r.outlet,
            });
        }
    }
    anyhow::ensure!(!articles.is_empty(), "{}: no articles", path.display());
    Ok(articles)
}

/// A small fixed-seed generator (SplitMix64) for the sample and the edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// One copy of each kind for `n` articles sampled (fixed seed) among those long enough to group.
fn make_copies(
    articles: &[Article],
    words: &[usize],
    params: &DedupParams,
    n: usize,
    seed: u64,
) -> Vec<Copy> {
    let mut rng = Rng(seed);
    let mut pool: Vec<usize> = (0..articles.len())
        .filter(|&i| words[i] >= params.min_words)
        .collect();
    let n = n.min(pool.len());
    for i in 0..n {
        let j = i + rng.below(pool.len() - i);
        pool.swap(i, j);
    }
    let sample = pool[..n].to_vec();
    let mut copies = Vec::new();
    for &o in &sample {
        for kind in 0..KINDS.len() {
            // Another article to take a headline, a paragraph or words from.
            let donor = &articles[pool[rng.below(pool.len())]];
            if let Some(text) = edit(&articles[o].text, kind, donor, &mut rng) {
                copies.push(Copy {
                    original: o,
                    kind,
                    text,
                });
            }
        }
    }
    copies
}

fn lines_words(text: &str) -> Vec<Vec<&str>> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|l| !l.is_empty())
        .collect()
}

fn join(lines: &[Vec<&str>]) -> String {
    lines
        .iter()
        .map(|l| l.join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The copy of `text` edited by `kind`, or `None` when the edit does not apply (a text of
/// fewer than three paragraphs has none to remove).
fn edit(text: &str, kind: usize, donor: &Article, rng: &mut Rng) -> Option<String> {
    let mut lines = lines_words(text);
    let total: usize = lines.iter().map(Vec::len).sum();
    let donor_lines = lines_words(&donor.text);
    let donor_words: Vec<&str> = donor_lines.iter().flatten().copied().collect();
    if donor_words.is_empty() || total == 0 {
        return None;
    }
    match KINDS[kind] {
        // Another headline: another article's title replaces the first line when that line
        // is a headline (at most 15 words, and not the whole text), or goes above the text.
        "headline" => {
            let title: Vec<&str> = match donor.title.as_deref() {
                Some(t) if !t.trim().is_empty() => t.split_whitespace().collect(),
                _ => donor_words.iter().take(12).copied().collect(),
            };
            if lines.len() >= 2 && lines[0].len() <= 15 {
                lines[0] = title;
            } else {
                lines.insert(0, title);
            }
        }
        // A paragraph of another article (at most a fifth of the text's words, at least ten)
        // inserted after the first line.
        "add_paragraph" => {
            let para = &donor_lines[rng.below(donor_lines.len())];
            let max = (total / 5).max(10);
            let para: Vec<&str> = para.iter().take(max).copied().collect();
            let at = 1 + rng.below(lines.len());
            lines.insert(at, para);
        }
        // A paragraph other than the first, of at most a quarter of the words, removed.
        "remove_paragraph" => {
            let candidates: Vec<usize> = (1..lines.len())
                .filter(|&i| lines[i].len() * 4 <= total)
                .collect();
            if lines.len() < 3 || candidates.is_empty() {
                return None;
            }
            lines.remove(candidates[rng.below(candidates.len())]);
        }
        // About 5% of the words (at least one) replaced by words of another article.
        "substitute_words" | "delete_words" => {
            let m = ((total as f64 * 0.05).round() as usize).max(1);
            let mut positions: Vec<usize> = (0..total).collect();
            for i in 0..m {
                let j = i + rng.below(total - i);
                positions.swap(i, j);
            }
            let mut chosen = positions[..m].to_vec();
            chosen.sort_unstable();
            let delete = KINDS[kind] == "delete_words";
            let mut pos = 0;
            let mut next = chosen.iter().peekable();
            for line in &mut lines {
                let mut kept = Vec::with_capacity(line.len());
                for &w in line.iter() {
                    if next.peek() == Some(&&pos) {
                        next.next();
                        if !delete {
                            kept.push(donor_words[rng.below(donor_words.len())]);
                        }
                    } else {
                        kept.push(w);
                    }
                    pos += 1;
                }
                *line = kept;
            }
            lines.retain(|l| !l.is_empty());
        }
        // Other spellings: hamza on alef added or dropped, ة/ه and ى/ي swapped at word ends,
        // diacritics and tatweel added, digits in Arabic-Indic, punctuation dropped or changed.
        "orthography" => return Some(respell(text, rng)),
        // The first 80% of the words.
        "truncate" => {
            let mut keep = (total as f64 * 0.8).round() as usize;
            for line in &mut lines {
                let k = keep.min(line.len());
                line.truncate(k);
                keep -= k;
            }
            lines.retain(|l| !l.is_empty());
        }
        _ => unreachable!("every kind has an edit"),
    }
    Some(join(&lines))
}

fn respell(text: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut word_start = true;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let at_end = chars.get(i + 1).is_none_or(|n| !is_arabic_letter(*n));
        match c {
            'ا' if word_start && rng.chance(0.5) => {
                out.push(if rng.chance(0.5) { 'أ' } else { 'إ' })
            }
            'أ' | 'إ' | 'آ' if rng.chance(0.6) => out.push('ا'),
            'ة' if at_end && rng.chance(0.5) => out.push('ه'),
            'ى' if at_end && rng.chance(0.5) => out.push('ي'),
            'ي' if at_end && rng.chance(0.3) => out.push('ى'),
            '0'..='9' if rng.chance(0.7) => {
                out.push(char::from_u32(0x0660 + (c as u32 - '0' as u32)).unwrap_or(c));
            }
            '،' | ',' | '.' | '؛' | ':' | '«' | '»' | '"' if rng.chance(0.3) => {}
            '،' if rng.chance(0.3) => out.push(','),
            _ => out.push(c),
        }
        if is_arabic_letter(c) && !at_end {
            if rng.chance(0.08) {
                out.push(['\u{064E}', '\u{064F}', '\u{0650}', '\u{0652}'][rng.below(4)]);
            } else if rng.chance(0.01) {
                out.push('\u{0640}');
            }
        }
        word_start = !is_arabic_letter(c);
    }
    out
}

fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c) && c != '\u{0640}'
}
