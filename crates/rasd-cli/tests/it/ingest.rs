//! `rasd ingest`, `rasd events`, `rasd entities`: the store across runs and crashes.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::util::{json_lines, rasd, repo, scratch, stderr};

/// Ingests `input` into `data`, checks the exit code, and returns the summary.
fn ingest(input: &Path, data: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "ingest",
        input.to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = rasd(&args);
    assert!(run.status.success(), "{}", stderr(&run));
    serde_json::from_slice(&run.stdout).unwrap()
}

/// What must be the same for two stores to be the same: the row counts of every table and
/// the set of content hashes.
fn state(data: &Path) -> (rasd_store::Counts, Vec<String>) {
    let store = rasd_store::Store::open(data).unwrap();
    assert!(
        !store.is_stale().unwrap(),
        "the cross-article layer is up to date"
    );
    (store.counts().unwrap(), store.content_hashes().unwrap())
}

#[test]
fn reingesting_the_samples_adds_nothing() {
    let data = scratch("ingest-samples");
    let samples = repo().join("samples");
    let first = ingest(&samples, &data, &[]);
    assert_eq!(first["files"], 5, "{first}");
    assert_eq!(first["new_articles"], 6, "{first}");
    assert_eq!(first["already_stored"], 0, "{first}");
    assert_eq!(first["articles_total"], 6, "{first}");
    assert!(first["fused_events"].as_u64().unwrap() > 10, "{first}");
    assert!(data.join(rasd_store::DB_FILE).is_file());
    let before = state(&data);
    assert_eq!(before.0.articles, 6);
    assert!(before.0.mentions > before.0.article_entities);

    let again = ingest(&samples, &data, &[]);
    assert_eq!(again["new_articles"], 0, "{again}");
    assert_eq!(again["already_stored"], 6, "{again}");
    assert_eq!(again["articles_total"], 6, "{again}");
    assert_eq!(again["fused_events"], first["fused_events"], "{again}");
    assert_eq!(state(&data), before);

    // The listings read the store.
    let events = rasd(&[
        "events",
        "--data-dir",
        data.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(events.status.success(), "{}", stderr(&events));
    let events = json_lines(&events);
    assert_eq!(events.len() as u64, before.0.fused_events);
    let summit = events
        .iter()
        .find(|e| {
            e["type"] == "CONSULT"
                && e["contradictions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|c| c["field"] == "location")
        })
        .expect("the summit, its place in dispute");
    // Its evidence spans point into the stored file text.
    let m = &summit["mentions"][0];
    let store = rasd_store::Store::open(&data).unwrap();
    let text: String = store
        .connection()
        .query_row(
            "SELECT f.text FROM articles a JOIN files f ON f.id = a.file_id WHERE a.id = ?1",
            [m["article"].as_i64().unwrap()],
            |r| r.get(0),
        )
        .unwrap();
    let (s, e) = (
        m["start"].as_u64().unwrap() as usize,
        m["end"].as_u64().unwrap() as usize,
    );
    let shown: String = text.chars().skip(s).take(e - s).collect();
    assert_eq!(shown, m["evidence"].as_str().unwrap());

    let consult = rasd(&[
        "events",
        "--data-dir",
        data.to_str().unwrap(),
        "--type",
        "consult",
        "--format",
        "json",
    ]);
    let consult = json_lines(&consult);
    assert!(!consult.is_empty() && consult.len() < events.len());
    assert!(consult.iter().all(|e| e["type"] == "CONSULT"));

    let entities = rasd(&[
        "entities",
        "--data-dir",
        data.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let entities = json_lines(&entities);
    assert_eq!(entities.len() as u64, before.0.entities);
    assert!(
        entities
            .iter()
            .any(|e| e["name_en"] == "Kim Jong Un" && e["articles"].as_u64().unwrap() >= 4),
        "{entities:?}"
    );
}

#[test]
fn listing_without_a_store_is_an_error() {
    let data = scratch("ingest-no-store");
    let run = rasd(&["events", "--data-dir", data.join("none").to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("no store"), "{}", stderr(&run));
    assert!(!data.join("none").exists(), "listing never creates a store");
}

#[test]
fn a_bad_file_is_reported_and_the_rest_stored() {
    let input = scratch("ingest-bad-input");
    let data = input.join("data");
    let samples = repo().join("samples");
    let sample = std::fs::read_dir(&samples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "txt"))
        .unwrap();
    std::fs::copy(&sample, input.join("good.txt")).unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    let run = rasd(&[
        "ingest",
        input.to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("empty.txt"), "{}", stderr(&run));
    let summary: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(summary["failed"], 1, "{summary}");
    assert_eq!(summary["files"], 1, "{summary}");
    assert!(summary["new_articles"].as_u64().unwrap() >= 1, "{summary}");
}

#[test]
fn json_lines_dumps_are_ingested_record_by_record() {
    use std::io::Write;
    let input = scratch("ingest-jsonl");
    let data = input.join("data");
    let sample = |i: usize| -> String {
        let mut paths: Vec<_> = std::fs::read_dir(repo().join("samples"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        std::fs::read_to_string(&paths[i]).unwrap()
    };
    // Records carry the outlet and date the plain text of a dump lacks: the body alone.
    let record = |i: usize, outlet: &str, date: &str| -> String {
        let body: String = sample(i)
            .lines()
            .filter(|l| l.chars().count() > 80)
            .collect::<Vec<_>>()
            .join("\n");
        serde_json::json!({"id": format!("r{i}"), "outlet": outlet, "date": date, "title": "عنوان", "text": body})
            .to_string()
    };
    std::fs::write(
        input.join("dump.jsonl"),
        format!(
            "{}\nnot a record\n{}\n",
            record(0, "wire-a", "2023-09-13T08:00:00+03:00"),
            record(1, "wire-b", "2023-09-14")
        ),
    )
    .unwrap();
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(input.join("more.jsonl.gz")).unwrap(),
        flate2::Compression::fast(),
    );
    writeln!(gz, "{}", record(3, "wire-c", "not a date")).unwrap();
    gz.finish().unwrap();

    let run = rasd(&[
        "ingest",
        input.to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("dump.jsonl:2"), "{}", stderr(&run));
    let summary: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(summary["failed"], 1, "{summary}");
    assert_eq!(summary["new_articles"], 3, "{summary}");
    let store = rasd_store::Store::open(&data).unwrap();
    let mut rows: Vec<(String, Option<String>, Option<String>)> = store
        .connection()
        .prepare(
            "SELECT f.name, a.outlet, a.published FROM articles a JOIN files f ON f.id = a.file_id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows.sort();
    assert_eq!(
        rows,
        [
            (
                "dump.jsonl#r0".into(),
                Some("wire-a".into()),
                Some("2023-09-13".into())
            ),
            (
                "dump.jsonl#r1".into(),
                Some("wire-b".into()),
                Some("2023-09-14".into())
            ),
            ("more.jsonl.gz#r3".into(), Some("wire-c".into()), None),
        ]
    );
    let again = rasd(&[
        "ingest",
        input.join("dump.jsonl").to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
    ]);
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again["new_articles"], 0, "{again}");
    assert_eq!(again["already_stored"], 2, "{again}");
}

/// Many edited copies of the sample articles: a paragraph added to each makes every copy a
/// new article (and a near-duplicate of its sample).
fn edited_copies(dir: &Path, per_sample: usize) -> usize {
    let samples = repo().join("samples");
    let mut texts: Vec<(String, String)> = std::fs::read_dir(&samples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    texts.sort();
    let mut n = 0;
    for (stem, text) in &texts {
        for i in 0..per_sample {
            let edited = format!(
                "{}\n\nوأضاف المتحدث باسم الوزارة أن الاجتماع رقم {i} سيعقد في موعد لاحق من هذا الأسبوع بحضور {} وفدا.\n",
                text.trim_end(),
                i + 2
            );
            std::fs::write(dir.join(format!("{stem}_{i:03}.txt")), edited).unwrap();
            n += 1;
        }
    }
    n
}

#[test]
fn a_killed_ingest_is_completed_by_the_next_run() {
    let root = scratch("ingest-kill");
    let input = root.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let files = edited_copies(&input, 40);
    let batch = ["--batch-size", "8"];

    // The uninterrupted run.
    let whole = root.join("whole");
    let clock = Instant::now();
    let summary = ingest(&input, &whole, &batch);
    let took = clock.elapsed();
    assert_eq!(summary["files"], files, "{summary}");
    let new = summary["new_articles"].as_u64().unwrap();
    assert!(
        new as usize > files / 2,
        "the edits make new articles: {summary}"
    );
    let expected = state(&whole);

    // Kill a run part-way (SIGKILL: no clean-up of any kind), then run again. If the kill
    // comes too late (the run had finished), try again sooner.
    let mut delay = took / 2;
    for attempt in 0..4 {
        let data = root.join(format!("killed-{attempt}"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_rasd"))
            .args(["ingest", input.to_str().unwrap(), "--data-dir"])
            .arg(&data)
            .args(batch)
            .env("RASD_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok();
        child.wait().unwrap();
        if finished {
            delay /= 2;
            continue;
        }
        let stored_before = rasd_store::Store::open(&data)
            .map(|s| s.counts().unwrap().articles)
            .unwrap_or(0);
        eprintln!("killed after {delay:?} with {stored_before} of {new} articles stored");
        let rerun = ingest(&input, &data, &batch);
        assert_eq!(
            rerun["new_articles"].as_u64().unwrap() + stored_before,
            new,
            "{rerun}"
        );
        assert_eq!(rerun["articles_total"], new, "{rerun}");
        assert_eq!(
            state(&data),
            expected,
            "the same store as the uninterrupted run"
        );
        // And a third run has nothing left to do.
        let third = ingest(&input, &data, &batch);
        assert_eq!(third["new_articles"], 0, "{third}");
        assert_eq!(state(&data), expected);
        return;
    }
    panic!("every run finished before it could be killed ({took:?} uninterrupted)");
}

/// Title-only news files: `n` distinct one-line articles in `dir`, numbered from `from`.
fn title_only_files(dir: &Path, from: usize, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in from..from + n {
        std::fs::write(
            dir.join(format!("t{i}.txt")),
            format!("نشرة موجزة عن الطقس في المدينة رقم {i}\n"),
        )
        .unwrap();
    }
}

/// Issue 14: one-line articles shared the hash of the empty body, and all but one were
/// "already stored".
#[test]
fn distinct_title_only_articles_are_all_stored() {
    let root = scratch("ingest-title-only");
    let input = root.join("in");
    title_only_files(&input, 0, 12);
    let data = root.join("data");
    let first = ingest(&input, &data, &[]);
    assert_eq!(first["new_articles"], 12, "{first}");
    assert_eq!(first["articles_total"], 12, "{first}");
    let again = ingest(&input, &data, &[]);
    assert_eq!(again["new_articles"], 0, "{again}");
    assert_eq!(again["already_stored"], 12, "{again}");
}

/// Articles the search index holds.
fn indexed(data: &Path) -> u64 {
    rasd_search::SearchIndex::open(rasd_search::index_dir(data))
        .unwrap()
        .num_articles()
}

/// Issue 14: a writer killed after its last batch was committed (during the cross-article
/// recompute or the index rebuild) left the index stale for good, since the next run added
/// nothing. What is pending is recorded in the store and the next run completes it.
#[test]
fn pending_work_of_a_killed_writer_is_completed_by_the_next_run() {
    let root = scratch("ingest-pending");
    let input = root.join("in");
    title_only_files(&input, 0, 5);
    let data = root.join("data");
    ingest(&input, &data, &[]);
    assert_eq!(indexed(&data), 5);
    title_only_files(&root.join("more"), 100, 9);
    // Killed after the last commit, before the index was rebuilt: the batch is stored, the
    // index still has the first five, and the store says the index is pending.
    {
        let mut store = rasd_store::Store::open(&data).unwrap();
        let before = store.counts().unwrap().articles;
        assert_eq!(before, 5);
        drop(store);
        let index_copy = root.join("index-before");
        copy_dir(&rasd_search::index_dir(&data), &index_copy);
        ingest(&root.join("more"), &data, &[]);
        std::fs::remove_dir_all(rasd_search::index_dir(&data)).unwrap();
        copy_dir(&index_copy, &rasd_search::index_dir(&data));
        store = rasd_store::Store::open(&data).unwrap();
        store.set_index_pending(true).unwrap();
    }
    assert_eq!(indexed(&data), 5, "the stale index");
    let rerun = ingest(&input, &data, &[]);
    assert_eq!(rerun["new_articles"], 0, "{rerun}");
    assert_eq!(indexed(&data), 14, "the index completed: {rerun}");
    let store = rasd_store::Store::open(&data).unwrap();
    assert!(!store.index_pending().unwrap());
    drop(store);
    // Killed during the cross-article recompute: the next run recomputes, then re-indexes.
    let store = rasd_store::Store::open(&data).unwrap();
    store
        .connection()
        .execute(
            "UPDATE meta SET value = '1' WHERE key IN ('derived_stale', 'index_pending')",
            [],
        )
        .unwrap();
    drop(store);
    std::fs::remove_dir_all(rasd_search::index_dir(&data)).unwrap();
    ingest(&input, &data, &[]);
    assert_eq!(indexed(&data), 14);
    state(&data);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Issue 14: two ingests into one store failed part-way ("database is locked", a missing
/// index file). The second waits for the first, then does its work: both exit 0 and every
/// article of both inputs is stored and searchable.
#[test]
fn two_writers_at_once_both_store_everything() {
    let root = scratch("ingest-two-writers");
    let (a, b) = (root.join("a"), root.join("b"));
    title_only_files(&a, 0, 6);
    std::fs::create_dir_all(&b).unwrap();
    for i in 0..6 {
        std::fs::write(
            b.join(format!("u{i}.txt")),
            format!("تقرير قصير عن حركة المرور في الشارع رقم {i}\n"),
        )
        .unwrap();
    }
    let data = root.join("data");
    let spawn = |input: &Path| {
        Command::new(env!("CARGO_BIN_EXE_rasd"))
            .args(["ingest", input.to_str().unwrap(), "--data-dir"])
            .arg(&data)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (spawn(&a), spawn(&b));
    let (first, second) = (
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    );
    for run in [&first, &second] {
        assert!(run.status.success(), "{}", stderr(run));
    }
    let waited = [&first, &second]
        .iter()
        .filter(|r| stderr(r).contains("waiting for another rasd writer on"))
        .count();
    eprintln!("{waited} of the two waited");
    let store = rasd_store::Store::open(&data).unwrap();
    assert_eq!(store.counts().unwrap().articles, 12);
    assert!(!store.index_pending().unwrap());
    drop(store);
    assert_eq!(indexed(&data), 12);
}

/// Issue 12: a batch updates the cross-article layer (what it reaches) instead of recomputing
/// it, the summary says which ran, and the store ends as one recompute of everything would.
#[test]
fn a_batch_updates_the_layer_and_ends_as_a_recompute() {
    let root = scratch("ingest-update");
    let record = |i: usize, outlet: &str, day: u32| -> String {
        let text = format!(
            "استقبل الرئيس ماتيو فالدرينو نظيره أوسكار لينديبرغ في مدينة كارافيل اليوم، وبحث \
             الجانبان التعاون في مجالات الطاقة والنقل والتجارة. وقال فالدرينو إن اللقاء رقم {i} \
             كان مثمرا، فيما أعلن لينديبرغ عن اتفاق جديد بين البلدين."
        );
        serde_json::json!({"id": format!("r{i}"), "outlet": outlet, "date": format!("2023-05-{day:02}"),
            "title": format!("فالدرينو يستقبل لينديبرغ في كارافيل ({i})"), "text": text})
        .to_string()
    };
    let first = root.join("first");
    let second = root.join("second");
    std::fs::create_dir_all(&first).unwrap();
    std::fs::create_dir_all(&second).unwrap();
    std::fs::write(
        first.join("a.jsonl"),
        [
            record(0, "wire-a", 1),
            record(1, "wire-b", 2),
            record(2, "wire-c", 2),
        ]
        .join("\n"),
    )
    .unwrap();
    std::fs::write(
        second.join("b.jsonl"),
        [record(3, "wire-a", 3), record(4, "wire-d", 3)].join("\n"),
    )
    .unwrap();
    let data = root.join("data");
    let one = ingest(&first, &data, &[]);
    assert_eq!(one["linked"], "recompute", "a store's first linking: {one}");
    let two = ingest(&second, &data, &[]);
    assert_eq!(two["new_articles"], 2, "{two}");
    assert_eq!(two["linked"], "update", "{two}");
    assert_eq!(two["articles_read_again"], 5, "{two}");
    let again = ingest(&second, &data, &[]);
    assert_eq!(
        again["linked"],
        serde_json::Value::Null,
        "nothing pending: {again}"
    );
    // The same articles in one run, recomputed: the same layer.
    let both = root.join("both");
    std::fs::create_dir_all(&both).unwrap();
    for f in [first.join("a.jsonl"), second.join("b.jsonl")] {
        std::fs::copy(&f, both.join(f.file_name().unwrap())).unwrap();
    }
    let whole = root.join("whole");
    let all = ingest(&both, &whole, &["--recompute"]);
    assert_eq!(all["linked"], "recompute", "{all}");
    let layer = |d: &Path| {
        let store = rasd_store::Store::open(d).unwrap();
        let c = store.counts().unwrap();
        let stories: Vec<(String, i64)> = {
            let mut stmt = store
                .connection()
                .prepare("SELECT id, articles FROM stories ORDER BY id")
                .unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        (
            c.stories,
            c.fused_events,
            c.fused_mentions,
            c.entities,
            stories,
        )
    };
    let (updated, recomputed) = (layer(&data), layer(&whole));
    assert_eq!(updated, recomputed);
    assert!(updated.1 >= 1 && updated.2 >= 2, "{updated:?}");
}
