//! Scores the seed articles against their gold annotations with the shared scorer. Needs
//! `../shared` (present in CI); skipped, and says so, when it is not there.

use crate::util::{rasd, repo};

#[test]
fn seed_metadata_bodies_and_boilerplate_match_gold() {
    let shared = repo().join("../shared");
    let scorer = shared.join("tools/score_seeds.py");
    let gold = shared.join("gold/seeds");
    if !scorer.exists() || !gold.exists() {
        eprintln!(
            "skipped: {} not found (the shared data is not beside this checkout)",
            shared.display()
        );
        return;
    }
    let seeds = shared.join("seeds");
    let out = rasd(&["extract", seeds.to_str().unwrap(), "--format", "json"]);
    assert!(out.status.success(), "{}", crate::util::stderr(&out));
    let dir = crate::util::scratch("seeds-gold");
    let system = dir.join("out.jsonl");
    std::fs::write(&system, &out.stdout).unwrap();
    let score = std::process::Command::new("python3")
        .arg(&scorer)
        .args([
            "--gold",
            gold.to_str().unwrap(),
            "--system",
            system.to_str().unwrap(),
            "--json",
        ])
        .output();
    let Ok(score) = score else {
        eprintln!(
            "skipped: python3 is not available to run {}",
            scorer.display()
        );
        return;
    };
    assert!(
        score.status.success(),
        "{}",
        String::from_utf8_lossy(&score.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&score.stdout).unwrap();
    let s = &report["summary"];
    eprintln!("seed scores: {}", serde_json::to_string(s).unwrap());
    assert_eq!(s["metadata_acc"].as_f64(), Some(1.0), "{report:#}");
    assert_eq!(s["body_bounds_acc"].as_f64(), Some(1.0), "{report:#}");
    assert_eq!(s["noise_leaked"].as_u64(), Some(0), "{report:#}");
    assert_eq!(s["article_count_ok"], s["files"], "{report:#}");
    // Regression guards: entities (0.81 when written), events (0.85) and quotes (1.0).
    assert!(s["entities"]["f1"].as_f64().unwrap() >= 0.75, "{report:#}");
    assert!(s["events"]["f1"].as_f64().unwrap() >= 0.8, "{report:#}");
    assert!(s["quotes"]["f1"].as_f64().unwrap() >= 0.95, "{report:#}");
    // Who did what to whom: the country of each event's source and target (the scorer gives it
    // per file; 0.81–1.0 when written, 0.88 over all slots), and the speakers of quotes.
    let per_file = |key: &str| -> Vec<f64> {
        report["files"]
            .as_object()
            .unwrap()
            .values()
            .filter_map(|f| f[key].as_f64())
            .collect()
    };
    let actors = per_file("event_actor_acc");
    assert!(!actors.is_empty(), "{report:#}");
    let mean = actors.iter().sum::<f64>() / actors.len() as f64;
    assert!(mean >= 0.8, "event actor accuracy {actors:?}");
    assert!(
        actors.iter().all(|&a| a >= 0.75),
        "event actor accuracy {actors:?}"
    );
    let speakers = per_file("quote_speaker_acc");
    assert!(
        speakers.iter().all(|&a| a >= 0.8),
        "speaker accuracy {speakers:?}"
    );
}
