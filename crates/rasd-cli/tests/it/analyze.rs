//! `rasd analyze`: the whole pipeline across the sample articles.

use crate::util::{rasd, repo, scratch};

fn lines(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn the_summit_is_one_event_with_its_places_in_dispute() {
    let out = scratch("analyze-samples");
    let samples = repo().join("samples");
    let run = rasd(&[
        "analyze",
        samples.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(summary["articles"], 6, "{summary}");
    for f in [
        "articles.jsonl",
        "entities.jsonl",
        "stories.jsonl",
        "duplicates.jsonl",
        "fused_events.jsonl",
        "events.csv",
        "entities.csv",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    // The five articles on the summit are one story; the appended DMZ article another.
    let stories = lines(&out.join("stories.jsonl"));
    assert_eq!(
        stories[0]["articles"].as_array().unwrap().len(),
        5,
        "{stories:?}"
    );
    // Kim Jong Un is one entity across the articles, whatever the spelling.
    let entities = lines(&out.join("entities.jsonl"));
    let kim: Vec<&serde_json::Value> = entities
        .iter()
        .filter(|e| e["name_en"] == "Kim Jong Un")
        .collect();
    assert_eq!(kim.len(), 1, "{kim:?}");
    assert!(kim[0]["articles"].as_array().unwrap().len() >= 4);
    // The summit: one fused meeting of North Korea and Russia reported by several outlets, the
    // place disputed (Vladivostok against the Vostochny base).
    let fused = lines(&out.join("fused_events.jsonl"));
    let summit = fused
        .iter()
        .filter(|f| f["type"] == "CONSULT")
        .max_by_key(|f| f["mentions"].as_array().unwrap().len())
        .unwrap();
    assert!(summit["corroboration"].as_u64().unwrap() >= 2, "{summit}");
    let places = summit["contradictions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "location")
        .expect("the summit's place is disputed");
    let values: Vec<&str> = places["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_str().unwrap())
        .collect();
    assert!(
        values.iter().any(|v| v.contains("فلاديفوستوك")),
        "{values:?}"
    );
    assert!(values.iter().any(|v| v.contains("فوستوشني")), "{values:?}");
    // Every mention points at its sentence in its file.
    for f in &fused {
        for m in f["mentions"].as_array().unwrap() {
            let text: Vec<char> =
                std::fs::read_to_string(samples.join(m["file"].as_str().unwrap()))
                    .unwrap()
                    .chars()
                    .collect();
            let (s, e) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                text[s..e].iter().collect::<String>(),
                m["evidence"].as_str().unwrap()
            );
        }
    }
    let csv = std::fs::read_to_string(out.join("events.csv")).unwrap();
    assert!(csv.starts_with("id,type,cameo,story,"));
    assert_eq!(csv.lines().count(), fused.len() + 1);
}

#[test]
fn a_copy_is_a_duplicate_and_not_a_second_source() {
    let dir = scratch("analyze-copy");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let sample = repo().join("samples/003_c5c637e4f4a0846f.txt");
    std::fs::copy(&sample, input.join("a.txt")).unwrap();
    std::fs::copy(&sample, input.join("b.txt")).unwrap();
    let out = dir.join("out");
    let run = rasd(&[
        "analyze",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "text",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let digest = String::from_utf8(run.stdout).unwrap();
    assert!(digest.contains("1 copies of others"), "{digest}");
    let groups = lines(&out.join("duplicates.jsonl"));
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["members"].as_array().unwrap().len(), 2);
    for f in lines(&out.join("fused_events.jsonl")) {
        // One outlet at most (none when the event is only expected or speculated).
        assert!(
            f["corroboration"].as_u64().unwrap() <= 1,
            "a copy is not a second outlet: {f}"
        );
    }
}
