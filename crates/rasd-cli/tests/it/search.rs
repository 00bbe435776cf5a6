//! `rasd index` and `rasd search` over the ingested samples.

use std::path::Path;

use crate::util::{json_lines, rasd, repo, scratch, stderr};

/// `rasd search` with these arguments in `data`, as JSON hits.
fn search(data: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--data-dir", data.to_str().unwrap(), "--format", "json"]);
    let run = rasd(&all);
    assert!(run.status.success(), "{args:?}: {}", stderr(&run));
    json_lines(&run)
}

fn articles(hits: &[serde_json::Value]) -> Vec<i64> {
    let mut a: Vec<i64> = hits
        .iter()
        .map(|h| h["article"].as_i64().unwrap())
        .collect();
    a.sort();
    a
}

#[test]
fn search_the_ingested_samples() {
    let data = scratch("search-samples");
    let d = data.to_str().unwrap();

    // Before there is an index: a clear error, exit 1.
    let none = rasd(&["search", "مفاوضات", "--data-dir", d]);
    assert_eq!(none.status.code(), Some(1));
    assert!(stderr(&none).contains("rasd index"), "{}", stderr(&none));

    let ingest = rasd(&[
        "ingest",
        repo().join("samples").to_str().unwrap(),
        "--data-dir",
        d,
    ]);
    assert!(ingest.status.success(), "{}", stderr(&ingest));
    let index = rasd(&["index", "--data-dir", d]);
    assert!(index.status.success(), "{}", stderr(&index));
    let summary: serde_json::Value = serde_json::from_slice(&index.stdout).unwrap();
    assert_eq!(summary["articles"], 6, "{summary}");
    assert!(data.join("index").is_dir());

    // All five files name Pyongyang; the snippet highlights the name as one phrase.
    let pyongyang = search(&data, &["بيونغ يانغ"]);
    assert!(pyongyang.len() >= 5, "{pyongyang:?}");
    for h in &pyongyang {
        assert!(
            h["snippet"].as_str().unwrap().contains("«بيونغ يانغ»"),
            "{h}"
        );
        assert!(h["score"].as_f64().unwrap() > 0.0);
        assert!(h["file"].as_str().unwrap().ends_with(".txt"));
    }
    let scores: Vec<f64> = pyongyang
        .iter()
        .map(|h| h["score"].as_f64().unwrap())
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );

    // A word with or without its article and clitics: the same hits.
    let defined = search(&data, &["المفاوضات"]);
    assert!(!defined.is_empty());
    for variant in ["مفاوضات", "والمفاوضات", "بالمفاوضات"] {
        assert_eq!(
            articles(&search(&data, &[variant])),
            articles(&defined),
            "{variant}"
        );
    }

    // Filters: event type, and a type no article has.
    let consult = search(&data, &["روسيا", "--type", "CONSULT"]);
    assert!(!consult.is_empty());
    let all = search(&data, &["روسيا", "--limit", "100"]);
    assert!(consult.len() <= all.len());
    assert!(search(&data, &["روسيا", "--type", "NOSUCHTYPE"]).is_empty());
    let mowaten = search(&data, &["روسيا", "--outlet", "المواطن"]);
    assert!(!mowaten.is_empty());
    assert!(
        mowaten.iter().all(|h| h["outlet"] == "المواطن"),
        "{mowaten:?}"
    );
    let september = search(
        &data,
        &["روسيا", "--from", "2023-09-01", "--to", "2023-09-30"],
    );
    assert!(!september.is_empty());
    for h in &september {
        assert!(
            h["published"].as_str().unwrap().starts_with("2023-09"),
            "{h}"
        );
    }
    assert!(search(&data, &["روسيا", "--to", "2000-01-01"]).is_empty());
    // An entity by its canonical id (from `rasd entities`) and by its name.
    let entities = rasd(&["entities", "--data-dir", d, "--format", "json"]);
    let top = &json_lines(&entities)[0];
    let by_id = search(
        &data,
        &[
            "",
            "--entity",
            top["id"].as_str().unwrap(),
            "--limit",
            "100",
        ],
    );
    assert_eq!(
        by_id.len() as u64,
        top["articles"].as_u64().unwrap(),
        "{top}"
    );
    let by_name = search(
        &data,
        &[
            "",
            "--entity",
            top["name"].as_str().unwrap(),
            "--limit",
            "100",
        ],
    );
    assert!(
        articles(&by_id)
            .iter()
            .all(|a| articles(&by_name).contains(a))
    );
    let limited = search(&data, &["روسيا", "--limit", "2"]);
    assert_eq!(limited.len(), 2);

    // Text output is readable.
    let text = rasd(&["search", "بيونغ يانغ", "--data-dir", d, "--format", "text"]);
    assert!(text.status.success());
    assert!(String::from_utf8_lossy(&text.stdout).starts_with("1. "));

    // A bad date is an error.
    let bad = rasd(&["search", "روسيا", "--from", "13/09/2023", "--data-dir", d]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("YYYY-MM-DD"), "{}", stderr(&bad));
    let _ = std::fs::remove_dir_all(&data);
}
