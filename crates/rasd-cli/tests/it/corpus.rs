//! The whole pipeline over real articles of the news corpus (`../shared`, present in CI):
//! every file is read and analysed, and every span points at its text. Skipped, saying so,
//! without the corpus.

use std::io::BufRead;

use crate::util::{json_lines, rasd, repo, scratch, stderr};

#[test]
fn news_corpus_articles_go_through_the_whole_pipeline() {
    let path = repo().join("../shared/data/news-corpus/ant-multisource.jsonl.gz");
    let Ok(file) = std::fs::File::open(&path) else {
        eprintln!("skipped: {} not found", path.display());
        return;
    };
    let dir = scratch("corpus");
    let reader = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(file));
    let mut texts = Vec::new();
    // Every 15th article: about 2,000, from every outlet of the file.
    for (n, line) in reader.lines().enumerate() {
        if n % 15 != 0 {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let text = format!(
            "{}\n{}",
            v["title"].as_str().unwrap_or(""),
            v["text"].as_str().unwrap()
        );
        std::fs::write(dir.join(format!("{n:06}.txt")), &text).unwrap();
        texts.push((format!("{n:06}.txt"), text));
    }
    let out = rasd(&["extract", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs = json_lines(&out);
    assert_eq!(docs.len(), texts.len());
    for (doc, (name, text)) in docs.iter().zip(&texts) {
        assert_eq!(doc["file"], name.as_str());
        let chars: Vec<char> = text.chars().collect();
        for a in doc["articles"].as_array().unwrap() {
            let spans = a["entities"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|e| e["mentions"].as_array().unwrap().iter());
            let others = ["quotes", "reported", "dates", "quantities"]
                .into_iter()
                .flat_map(|k| a[k].as_array().unwrap().iter());
            for s in spans.chain(others) {
                let (b, e) = (
                    s["start"].as_u64().unwrap() as usize,
                    s["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(
                    chars[b..e].iter().collect::<String>(),
                    s["text"].as_str().unwrap(),
                    "{name}"
                );
            }
        }
    }
}
