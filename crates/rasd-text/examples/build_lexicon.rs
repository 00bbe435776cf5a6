//! Build `data/text/lexicon.tsv` from the news corpus (gzipped JSONL, field `text`).
//!
//! `cargo run --release -p rasd-text --example build_lexicon -- ../shared/data/news-corpus data/text/lexicon.tsv`
//!
//! The `rasd train lexicon` command of the CLI does the same through `count_words` and
//! `write_lexicon`; this example exists so the crate can regenerate its data on its own.

use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let corpus = args
        .next()
        .unwrap_or_else(|| "../shared/data/news-corpus".into());
    let out = args
        .next()
        .unwrap_or_else(|| "data/text/lexicon.tsv".into());
    let min_count: u64 = args.next().map_or(Ok(5), |s| s.parse())?;
    let max_words: usize = args.next().map_or(Ok(60_000), |s| s.parse())?;
    let mut files: Vec<_> = std::fs::read_dir(&corpus)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".jsonl.gz"))
        .collect();
    files.sort();
    let mut texts = Vec::new();
    for f in &files {
        let r = std::io::BufReader::new(flate2::read::GzDecoder::new(std::fs::File::open(f)?));
        for line in r.lines() {
            let v: serde_json::Value = serde_json::from_str(&line?)?;
            if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                texts.push(t.to_owned());
            }
        }
    }
    let counts = rasd_text::count_words(texts.iter().map(String::as_str));
    rasd_text::write_lexicon(&counts, min_count, max_words, std::fs::File::create(&out)?)?;
    eprintln!(
        "{} texts, {} distinct words, wrote {out}",
        texts.len(),
        counts.len()
    );
    Ok(())
}
