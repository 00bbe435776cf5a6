//! Quick throughput check of normalize + tokenize + split_sentences on the news corpus.
//!
//! `cargo run --release -p rasd-text --example throughput -- ../shared/data/news-corpus/saudinewsnet.jsonl.gz 20000`

use std::io::BufRead;
use std::time::Instant;

use rasd_text::{NormLevel, normalize, normalize_into, split_sentences, tokenize_into};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = args
        .next()
        .unwrap_or_else(|| "../shared/data/news-corpus/saudinewsnet.jsonl.gz".into());
    let limit: usize = args.next().map_or(Ok(20_000), |s| s.parse())?;
    let r = std::io::BufReader::new(flate2::read::GzDecoder::new(std::fs::File::open(&file)?));
    let mut texts = Vec::new();
    for line in r.lines().take(limit) {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
            texts.push(t.to_owned());
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let mb = bytes as f64 / 1e6;
    let mut buf = String::new();
    let mut toks = Vec::new();
    let mut sink = 0usize;
    for round in 0..3 {
        let mut t_norm = 0.0;
        let mut t_tok = 0.0;
        let mut t_sent = 0.0;
        let mut t_align = 0.0;
        for text in &texts {
            let t0 = Instant::now();
            buf.clear();
            normalize_into(text, NormLevel::Analysis, &mut buf);
            let t1 = Instant::now();
            tokenize_into(text, &mut toks);
            let t2 = Instant::now();
            let s = split_sentences(text, &toks);
            let t3 = Instant::now();
            let a = normalize(text, NormLevel::Analysis);
            let t4 = Instant::now();
            sink += buf.len() + s.len() + a.normalized().len();
            t_norm += (t1 - t0).as_secs_f64();
            t_tok += (t2 - t1).as_secs_f64();
            t_sent += (t3 - t2).as_secs_f64();
            t_align += (t4 - t3).as_secs_f64();
        }
        let total = t_norm + t_tok + t_sent;
        eprintln!(
            "round {round}: {} texts, {mb:.1} MB | normalize_into {:.0} MB/s, tokenize {:.0} MB/s, split {:.0} MB/s, \
             all three {:.0} MB/s | normalize (aligned) {:.0} MB/s",
            texts.len(),
            mb / t_norm,
            mb / t_tok,
            mb / t_sent,
            mb / total,
            mb / t_align
        );
    }
    eprintln!("({sink})");
    Ok(())
}
