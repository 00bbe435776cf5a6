//! `rasd eval dedup`: near-duplicate groups scored on a bundled fixture and, when present, on
//! the shared news corpus.

use crate::util::{rasd, repo, stderr};

fn fixture() -> String {
    repo()
        .join("crates/rasd-cli/tests/fixtures/dedup")
        .to_string_lossy()
        .into_owned()
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = rasd(args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[test]
fn eval_dedup_scores_the_fixture() {
    let v = json(&[
        "eval",
        "dedup",
        &fixture(),
        "--synthetic",
        "4",
        "--format",
        "json",
    ]);
    // Two groups: the wire story with its identical copy and its reprint, and the other
    // story with its copy; the short bodies are left alone.
    assert_eq!(v["articles"], 11, "{v}");
    assert_eq!(v["corpus_groups"]["groups"], 2, "{v}");
    assert_eq!(v["corpus_groups"]["articles"], 5, "{v}");
    assert_eq!(v["corpus_groups"]["near_members"], 1, "{v}");
    assert_eq!(v["known_groups"]["gold_groups"], 2, "{v}");
    assert_eq!(
        v["known_groups"]["short_identical_groups_excluded"], 1,
        "{v}"
    );
    assert_eq!(v["known_groups"]["pairs"]["tp"], 2, "{v}");
    assert_eq!(v["synthetic"]["originals"], 4, "{v}");
    for key in ["precision", "recall", "f1"] {
        assert_eq!(v["micro"][key].as_f64(), Some(1.0), "{key}: {v}");
    }
    let kinds = v["synthetic"]["per_kind"].as_object().unwrap();
    assert_eq!(kinds.len(), 7);
    // No text of the fixture has a paragraph small enough to remove.
    assert!(kinds["remove_paragraph"]["recall"].is_null(), "{v}");
    assert_eq!(
        kinds["orthography"]["similarity"]["min"].as_f64(),
        Some(1.0)
    );
    assert!(v["timings"]["dedup_seconds"].as_f64().is_some());
}

#[test]
fn eval_dedup_is_deterministic_and_writes_its_groups() {
    let dir = crate::util::scratch("eval-dedup");
    let groups = dir.join("groups.jsonl");
    let args = [
        "eval",
        "dedup",
        &fixture(),
        "--format",
        "json",
        "--groups",
        groups.to_str().unwrap(),
    ];
    let mut first = json(&args);
    let mut second = json(&args);
    first["timings"] = serde_json::Value::Null;
    second["timings"] = serde_json::Value::Null;
    assert_eq!(first, second);
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&groups)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    // The wire story (first in the file, earliest) is the canonical one of its group.
    assert_eq!(lines[0]["canonical"], 0);
    let ids: Vec<u64> = lines[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [0, 1, 2]);
    assert_eq!(lines[0]["members"][1]["exact"], true);
    assert_eq!(lines[0]["members"][2]["exact"], false);
}

#[test]
fn eval_dedup_text_report_and_bad_parameters() {
    let out = rasd(&[
        "eval",
        "dedup",
        &fixture(),
        "--synthetic",
        "2",
        "--show",
        "2",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("known groups"), "{text}");
    assert!(text.contains("micro: P 1.0000 R 1.0000"), "{text}");

    let out = rasd(&["eval", "dedup", &fixture(), "--bands", "7"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("bands"), "{}", stderr(&out));
}

#[test]
fn eval_dedup_on_the_shared_corpus() {
    let Some(corpus) = crate::util::shared("data/news-corpus") else {
        return;
    };
    // The Jawhara FM file and a third of the multi-source one.
    let v = json(&[
        "eval",
        "dedup",
        corpus.to_str().unwrap(),
        "--limit",
        "20000",
        "--synthetic",
        "500",
        "--format",
        "json",
    ]);
    eprintln!("dedup on 20,000 corpus articles: {}", v["micro"]);
    // Regression guards (1.000 / 1.000 and 0.999+ when written).
    let known = &v["known_groups"]["pairs"];
    assert!(known["recall"].as_f64().unwrap() >= 0.99, "{v}");
    assert!(known["precision"].as_f64().unwrap() >= 0.95, "{v}");
    let syn = &v["synthetic"]["pairs"];
    assert!(syn["recall"].as_f64().unwrap() >= 0.98, "{v}");
    assert!(syn["precision"].as_f64().unwrap() >= 0.99, "{v}");
}
