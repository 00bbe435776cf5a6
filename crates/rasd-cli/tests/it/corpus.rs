//! The whole pipeline over real articles of the news corpus (`../shared`, present in CI):
//! every file is read and analysed, and every span points at its text. Skipped, saying so,
//! without the corpus.

use std::io::BufRead;

use crate::util::{json_lines, rasd, scratch, stderr};

#[test]
fn news_corpus_articles_go_through_the_whole_pipeline() {
    let Some(corpus) = crate::util::shared("data/news-corpus") else {
        return;
    };
    let dir = scratch("corpus");
    let mut texts = Vec::new();
    for name in [
        "ant-jawharafm.jsonl.gz",
        "ant-multisource.jsonl.gz",
        "saudinewsnet.jsonl.gz",
    ] {
        let path = corpus.join(name);
        let Ok(file) = std::fs::File::open(&path) else {
            eprintln!("skipped: {} not found", path.display());
            return;
        };
        let reader = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(file));
        // Every 25th article of each file: about 2,800, from every outlet.
        for (n, line) in reader.lines().enumerate() {
            if n % 25 != 0 {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            let text = format!(
                "{}\n{}",
                v["title"].as_str().unwrap_or(""),
                v["text"].as_str().unwrap()
            );
            let file_name = format!("{}-{n:06}.txt", &name[..name.find('.').unwrap()]);
            std::fs::write(dir.join(&file_name), &text).unwrap();
            texts.push((file_name, text));
        }
    }
    texts.sort();
    let out = rasd(&["extract", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs = json_lines(&out);
    assert_eq!(docs.len(), texts.len());
    for (doc, (name, text)) in docs.iter().zip(&texts) {
        assert_eq!(doc["file"], name.as_str());
        // Offsets count the text as decoded: without a leading BOM or NUL bytes.
        let decoded: String = text
            .trim_start_matches('\u{FEFF}')
            .chars()
            .filter(|&c| c != '\0')
            .collect();
        let chars: Vec<char> = decoded.chars().collect();
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
