//! `rasd export`: the store's events, fused events and entities as CSV and PLOVER JSON Lines.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Instant;

use crate::util::{json_lines, rasd, repo, scratch, stderr};

/// A data directory holding the ingested samples.
fn ingested(name: &str) -> PathBuf {
    let data = scratch(name);
    let run = rasd(&[
        "ingest",
        repo().join("samples").to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    data
}

/// `rasd export` to stdout; it must succeed.
fn export(data: &Path, format: &str, what: &str) -> Output {
    let run = rasd(&[
        "export",
        "--format",
        format,
        "--what",
        what,
        "--data-dir",
        data.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{format} {what}: {}", stderr(&run));
    run
}

/// CSV output as the header and the rows, each a map from column to value.
fn csv_rows(out: &Output) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("each row is CSV with the header's columns");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

/// The stored text of each article's file.
fn file_texts(data: &Path) -> HashMap<i64, String> {
    let store = rasd_store::Store::open(data).unwrap();
    let mut stmt = store
        .connection()
        .prepare("SELECT a.id, f.text FROM articles a JOIN files f ON f.id = a.file_id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The characters `start..end` of a text.
fn slice(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take(end.saturating_sub(start) as usize)
        .collect()
}

fn int(row: &HashMap<String, String>, column: &str) -> u64 {
    row[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column} is a number: {row:?}"))
}

/// The fused meeting of the samples whose place the outlets dispute.
fn is_summit(ty: &str, fields: &[&str]) -> bool {
    ty == "CONSULT" && fields.contains(&"location")
}

#[test]
fn export_the_samples_as_csv() {
    let data = ingested("export-csv");
    let counts = rasd_store::Store::open(&data).unwrap().counts().unwrap();
    let texts = file_texts(&data);
    assert!(counts.events > 0 && counts.fused_events > 0 && counts.entities > 0);

    // Article events: one row each, their spans exact.
    let clock = Instant::now();
    let run = export(&data, "csv", "events");
    eprintln!(
        "exported the samples' events as CSV in {:?}",
        clock.elapsed()
    );
    let (header, events) = csv_rows(&run);
    for column in [
        "article",
        "file",
        "outlet",
        "outlet_en",
        "published",
        "title",
        "event",
        "type",
        "cameo",
        "source_text",
        "source_actor",
        "source_entity",
        "source_name",
        "target_text",
        "target_actor",
        "target_entity",
        "target_name",
        "date",
        "location",
        "quantity_value",
        "quantity_unit",
        "quantity_text",
        "modality",
        "fused_event",
        "corroboration",
        "evidence",
        "evidence_start",
        "evidence_end",
        "trigger_start",
        "trigger_end",
    ] {
        assert!(header.iter().any(|h| h == column), "column {column}");
    }
    assert_eq!(events.len() as u64, counts.events);
    for e in &events {
        let text = &texts[&(int(e, "article") as i64)];
        assert_eq!(
            slice(text, int(e, "evidence_start"), int(e, "evidence_end")),
            e["evidence"],
            "{e:?}"
        );
        assert_eq!(
            slice(text, int(e, "trigger_start"), int(e, "trigger_end")),
            e["trigger"],
            "{e:?}"
        );
        assert!(
            e["fused_event"].starts_with('f'),
            "every event is fused: {e:?}"
        );
        // Outlets that state it (asserted or reported): none for an event only expected.
        let stated = matches!(e["modality"].as_str(), "asserted" | "reported");
        assert!(!stated || int(e, "corroboration") >= 1, "{e:?}");
    }
    assert!(
        events
            .iter()
            .any(|e| e["source_entity"].starts_with('c') && !e["source_name"].is_empty()),
        "parties carry their canonical entities"
    );

    // Fused events: one row each; the summit with its disputed place.
    let (_, fused) = csv_rows(&export(&data, "csv", "fused-events"));
    assert_eq!(fused.len() as u64, counts.fused_events);
    for f in &fused {
        // As many reports as article events that name it.
        let reports = events
            .iter()
            .filter(|e| e["fused_event"] == f["id"])
            .count();
        assert_eq!(int(f, "reports") as usize, reports, "{f:?}");
        let contradictions: serde_json::Value = serde_json::from_str(&f["contradictions"]).unwrap();
        let fields: Vec<&str> = contradictions
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["field"].as_str().unwrap())
            .collect();
        let listed: Vec<&str> = f["contradiction_fields"]
            .split('|')
            .filter(|s| !s.is_empty())
            .collect();
        assert_eq!(listed, fields, "{f:?}");
    }
    let summit = fused
        .iter()
        .find(|f| {
            is_summit(
                &f["type"],
                &f["contradiction_fields"].split('|').collect::<Vec<_>>(),
            )
        })
        .expect("the summit, its place in dispute");
    assert!(summit["outlets"].split('|').count() >= 2, "{summit:?}");
    assert!(int(summit, "corroboration") >= 2, "{summit:?}");
    assert!(
        summit["contradictions"].contains("فلاديفوستوك"),
        "{summit:?}"
    );

    // Entities.
    let (_, entities) = csv_rows(&export(&data, "csv", "entities"));
    assert_eq!(entities.len() as u64, counts.entities);
    let kim = entities
        .iter()
        .find(|e| e["name_en"] == "Kim Jong Un")
        .expect("Kim Jong Un");
    assert!(kim["aliases"].split('|').count() >= 2, "{kim:?}");
    assert!(int(kim, "articles") >= 4, "{kim:?}");
}

#[test]
fn export_the_samples_as_plover_json() {
    let data = ingested("export-plover");
    let counts = rasd_store::Store::open(&data).unwrap().counts().unwrap();
    let texts = file_texts(&data);

    let clock = Instant::now();
    let run = export(&data, "plover-json", "events");
    eprintln!(
        "exported the samples' events as PLOVER JSON in {:?}",
        clock.elapsed()
    );
    let events = json_lines(&run);
    assert_eq!(events.len() as u64, counts.events);
    let mut ids = std::collections::HashSet::new();
    for e in &events {
        assert!(
            ids.insert(e["id"].as_str().unwrap().to_owned()),
            "ids are unique"
        );
        for field in [
            "date",
            "event_type",
            "mode",
            "context",
            "actor",
            "actor_country",
            "actor_role",
            "recipient",
            "recipient_country",
            "recipient_role",
            "location",
            "source",
            "publication_date",
            "cameo",
            "modality",
            "evidence",
            "fused_event",
            "corroboration",
            "quantity",
        ] {
            assert!(e.get(field).is_some(), "{field} in {e}");
        }
        let ev = &e["evidence"];
        let text = &texts[&ev["article"].as_i64().unwrap()];
        assert_eq!(
            slice(
                text,
                ev["start"].as_u64().unwrap(),
                ev["end"].as_u64().unwrap()
            ),
            ev["text"].as_str().unwrap(),
            "{e}"
        );
        if let Some(date) = e["date"].as_str() {
            assert!(
                date.len() == 10 && date.as_bytes()[4] == b'-',
                "PLOVER dates are days: {e}"
            );
        }
        assert!(e["context"].is_array());
        // A CAMEO actor code splits into PLOVER's country and role.
        for (code, country, role) in [
            ("actor_code", "actor_country", "actor_role"),
            ("recipient_code", "recipient_country", "recipient_role"),
        ] {
            if e[code] == "RUSGOV" {
                assert_eq!(
                    (&e[country], &e[role]),
                    (&"RUS".into(), &"GOV".into()),
                    "{e}"
                );
            }
        }
    }
    assert!(
        events
            .iter()
            .any(|e| e["actor_code"] == "RUSGOV" || e["recipient_code"] == "RUSGOV"),
        "the samples have a Russian government actor"
    );
    assert!(
        events.iter().any(|e| e["mode"] == "visit"),
        "a visit: CAMEO 042"
    );

    // Fused events, with their sources, contradictions and reports.
    let fused = json_lines(&export(&data, "plover-json", "fused-events"));
    assert_eq!(fused.len() as u64, counts.fused_events);
    let total_reports: usize = fused
        .iter()
        .map(|f| f["reports"].as_array().unwrap().len())
        .sum();
    assert_eq!(total_reports as u64, counts.fused_mentions);
    let summit = fused
        .iter()
        .find(|f| {
            let fields: Vec<&str> = f["contradictions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["field"].as_str().unwrap())
                .collect();
            is_summit(f["event_type"].as_str().unwrap(), &fields)
        })
        .expect("the summit, its place in dispute");
    assert!(summit["sources"].as_array().unwrap().len() >= 2, "{summit}");
    assert!(summit["corroboration"].as_u64().unwrap() >= 2, "{summit}");
    for r in summit["reports"].as_array().unwrap() {
        let ev = &r["evidence"];
        let text = &texts[&ev["article"].as_i64().unwrap()];
        assert_eq!(
            slice(
                text,
                ev["start"].as_u64().unwrap(),
                ev["end"].as_u64().unwrap()
            ),
            ev["text"].as_str().unwrap()
        );
        // Each report is one of the article events the per-event export ties to it.
        assert!(
            events
                .iter()
                .any(|e| e["fused_event"] == summit["id"] && e["evidence"] == *ev),
            "{r}"
        );
    }

    // Entities.
    let entities = json_lines(&export(&data, "plover-json", "entities"));
    assert_eq!(entities.len() as u64, counts.entities);
    assert!(
        entities
            .iter()
            .any(|e| e["actor"] == "RUS" && e["country"] == "RUS" && e["name_en"] == "Russia"),
        "{entities:?}"
    );
}

#[test]
fn export_to_a_file() {
    let data = ingested("export-out");
    let counts = rasd_store::Store::open(&data).unwrap().counts().unwrap();
    let d = data.to_str().unwrap();
    let out = data.join("events.csv");
    std::fs::write(&out, "an older export").unwrap();
    let run = rasd(&[
        "export",
        "--format",
        "csv",
        "--data-dir",
        d,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(run.stdout.is_empty(), "the rows go to the file");
    assert!(
        stderr(&run).contains(&format!(
            "rasd: exported {} events to {}",
            counts.events,
            out.display()
        )),
        "{}",
        stderr(&run)
    );
    // The file replaced the old one and holds what stdout would.
    let written = std::fs::read(&out).unwrap();
    assert_eq!(written, export(&data, "csv", "events").stdout);
    let leftovers: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let jsonl = data.join("fused.jsonl");
    let run = rasd(&[
        "export",
        "--format",
        "plover-json",
        "--what",
        "fused-events",
        "--data-dir",
        d,
        "--out",
        jsonl.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).contains(&format!("exported {} fused events", counts.fused_events)),
        "{}",
        stderr(&run)
    );
    assert_eq!(
        std::fs::read_to_string(&jsonl).unwrap().lines().count() as u64,
        counts.fused_events
    );
}

#[test]
fn an_empty_store_exports_a_header_or_nothing() {
    let data = scratch("export-empty");
    drop(rasd_store::Store::open(&data).unwrap());
    for what in ["events", "fused-events", "entities"] {
        let (header, rows) = csv_rows(&export(&data, "csv", what));
        assert!(!header.is_empty() && rows.is_empty(), "{what}");
        assert!(
            export(&data, "plover-json", what).stdout.is_empty(),
            "{what}"
        );
    }
}

#[test]
fn exporting_without_a_store_is_an_error() {
    let data = scratch("export-no-store");
    let none = data.join("none");
    let out = data.join("out.csv");
    let run = rasd(&[
        "export",
        "--format",
        "csv",
        "--data-dir",
        none.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("no store"), "{}", stderr(&run));
    assert!(!none.exists(), "exporting never creates a store");
    assert!(!out.exists(), "nor an output file");
}
