//! The bundled sample articles, end to end, against a golden file.

use crate::util::{json_lines, rasd, repo};

#[test]
fn samples_extract_to_the_golden_output() {
    let samples = repo().join("samples");
    let out = rasd(&["extract", samples.to_str().unwrap(), "--format", "json"]);
    assert!(out.status.success(), "{}", crate::util::stderr(&out));
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 5, "one JSON object per sample file");
    // The golden file pins the whole output (metadata, bodies, spans, dropped lines).
    // Regenerate after an intended change with: RASD_BLESS=1 cargo test -p rasd-cli samples
    let golden_path = repo().join("crates/rasd-cli/tests/golden/samples.jsonl");
    let mut actual = String::new();
    for d in &docs {
        let mut d = d.clone();
        d["path"] = serde_json::Value::String(format!("samples/{}", d["file"].as_str().unwrap()));
        actual.push_str(&serde_json::to_string(&d).unwrap());
        actual.push('\n');
    }
    if std::env::var_os("RASD_BLESS").is_some() {
        std::fs::create_dir_all(golden_path.parent().unwrap()).unwrap();
        std::fs::write(&golden_path, &actual).unwrap();
    }
    let golden =
        std::fs::read_to_string(&golden_path).expect("golden file exists (RASD_BLESS=1 writes it)");
    for (a, g) in actual.lines().zip(golden.lines()) {
        assert_eq!(a, g, "output differs from {}", golden_path.display());
    }
    assert_eq!(actual.lines().count(), golden.lines().count());
}

#[test]
fn every_span_points_at_its_text() {
    let samples = repo().join("samples");
    let out = rasd(&["extract", samples.to_str().unwrap(), "--format", "json"]);
    for doc in json_lines(&out) {
        let path = samples.join(doc["file"].as_str().unwrap());
        let chars: Vec<char> = std::fs::read_to_string(&path).unwrap().chars().collect();
        let slice = |s: u64, e: u64| chars[s as usize..e as usize].iter().collect::<String>();
        for a in doc["articles"].as_array().unwrap() {
            let body_lines: Vec<&str> = a["body"].as_str().unwrap().lines().collect();
            let paragraphs = a["paragraphs"].as_array().unwrap();
            assert_eq!(body_lines.len(), paragraphs.len());
            for (line, p) in body_lines.iter().zip(paragraphs) {
                assert_eq!(
                    &slice(p["start"].as_u64().unwrap(), p["end"].as_u64().unwrap()),
                    line
                );
            }
            for h in a["headings"]
                .as_array()
                .unwrap()
                .iter()
                .chain(a["dropped"].as_array().unwrap())
            {
                assert_eq!(
                    slice(h["start"].as_u64().unwrap(), h["end"].as_u64().unwrap()),
                    h["text"].as_str().unwrap()
                );
            }
            // Events: the trigger, evidence and every participant point at their text, and
            // the evidence holds the trigger.
            for e in a["events"].as_array().unwrap() {
                let ev = slice(
                    e["evidence_start"].as_u64().unwrap(),
                    e["evidence_end"].as_u64().unwrap(),
                );
                assert_eq!(ev, e["evidence"].as_str().unwrap());
                for slot in [
                    "trigger",
                    "source_text",
                    "target_text",
                    "date_text",
                    "location_text",
                    "attributed_text",
                    "quantity",
                ] {
                    let x = &e[slot];
                    if x.is_null() {
                        continue;
                    }
                    assert_eq!(
                        slice(x["start"].as_u64().unwrap(), x["end"].as_u64().unwrap()),
                        x["text"].as_str().unwrap(),
                        "{slot} of {e}"
                    );
                }
                assert!(ev.contains(e["trigger"]["text"].as_str().unwrap()));
                assert!(
                    ["asserted", "reported", "expected", "speculated", "negated"]
                        .contains(&e["modality"].as_str().unwrap())
                );
            }
            if let Some(t) = a["title"].as_str() {
                let s = &a["title_span"];
                assert_eq!(
                    slice(s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap()),
                    t
                );
            }
        }
    }
}

#[test]
fn text_format_is_readable() {
    let sample = repo().join("samples/003_c5c637e4f4a0846f.txt");
    let out = rasd(&["extract", sample.to_str().unwrap(), "--format", "text"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("main article"));
    assert!(text.contains("published 2023-09-13"));
    assert!(text.contains("byline    هالة عبدالرحمن"));
    // Events read as English type and codes with the Arabic evidence.
    assert!(text.contains("⚑ CONSULT"), "{text}");
}

#[test]
fn samples_have_coded_events() {
    let samples = repo().join("samples");
    let out = rasd(&["extract", samples.to_str().unwrap(), "--format", "json"]);
    let mut types = std::collections::BTreeSet::new();
    let mut with_both = 0;
    for doc in json_lines(&out) {
        for a in doc["articles"].as_array().unwrap() {
            for e in a["events"].as_array().unwrap() {
                types.insert(e["type"].as_str().unwrap().to_owned());
                if e["source_actor"].is_string() && e["target_actor"].is_string() {
                    with_both += 1;
                }
            }
        }
    }
    for t in ["CONSULT", "AID", "SANCTION"] {
        assert!(types.contains(t), "no {t} event in the samples: {types:?}");
    }
    assert!(with_both >= 10, "{with_both} events with both actors coded");
}
