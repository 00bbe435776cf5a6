//! Invariants over the real news corpus (`../shared/data/news-corpus`, next to the repo).
//! Runs whenever the corpus is there (as in CI, in release mode: about 10 s); says it is
//! skipped otherwise. Debug builds read every 20th article to stay quick.

use std::io::BufRead;
use std::path::Path;

use rasd_text::{CliticAnalyzer, NormLevel, TokenKind, analyze, normalize, normalize_str};

fn corpus_texts(limit: usize) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/news-corpus");
    let mut texts = Vec::new();
    let Ok(rd) = std::fs::read_dir(&dir) else {
        // CI sets RASD_REQUIRE_SHARED=1: a missing corpus fails there instead of skipping.
        assert!(
            std::env::var_os("RASD_REQUIRE_SHARED").is_none_or(|v| v != "1"),
            "{} is required (RASD_REQUIRE_SHARED=1) but not found",
            dir.display()
        );
        eprintln!("skipped: no corpus at {}", dir.display());
        return texts;
    };
    let mut files: Vec<_> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".jsonl.gz"))
        .collect();
    files.sort();
    for f in files {
        let r = std::io::BufReader::new(flate2::read::GzDecoder::new(
            std::fs::File::open(f).unwrap(),
        ));
        for line in r.lines() {
            let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            texts.push(v["text"].as_str().unwrap_or_default().to_owned());
            if texts.len() >= limit {
                return texts;
            }
        }
    }
    texts
}

#[test]
fn corpus_invariants() {
    let mut texts = corpus_texts(usize::MAX);
    if cfg!(debug_assertions) {
        texts = texts.into_iter().step_by(20).collect();
    }
    let clitics = CliticAnalyzer::bundled();
    let (mut words, mut split, mut sentences) = (0usize, 0usize, 0usize);
    for text in &texts {
        let a = analyze(text);
        sentences += a.sentences.len();
        for level in [NormLevel::Display, NormLevel::Analysis, NormLevel::Search] {
            let n = normalize(text, level);
            assert_eq!(n.normalized(), normalize_str(text, level));
            assert_eq!(
                n.to_original(0..n.normalized().len()).end as usize,
                text.len()
            );
        }
        let n = normalize(text, NormLevel::Analysis);
        for t in rasd_text::tokenize(n.normalized())
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
        {
            let o = n.to_original(t.span.range());
            let back = normalize_str(o.text(text), NormLevel::Analysis);
            assert!(
                back.contains(t.span.text(n.normalized())),
                "{:?} -> {:?}",
                t.span.text(n.normalized()),
                o.text(text)
            );
        }
        for t in a.tokens.iter().filter(|t| t.kind == TokenKind::Word) {
            words += 1;
            let s = clitics.segment(text, t.span);
            if !s.is_whole() {
                split += 1;
            }
            let mut at = t.span.start;
            for sp in s.spans() {
                assert_eq!(sp.start, at);
                at = sp.end;
            }
            assert_eq!(at, t.span.end);
        }
    }
    eprintln!(
        "{} texts, {sentences} sentences, {words} words, {split} segmented",
        texts.len()
    );
}
