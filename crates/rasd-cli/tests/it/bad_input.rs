//! Bad input: every case gives a clear per-file message, the other files are still read, and
//! the exit code says whether anything failed (0 ok, 2 some files failed, 1 nothing read).

use crate::util::{json_lines, rasd, scratch, stderr};

const GOOD: &str = "عنوان الخبر\nقال الوزير إن الاجتماع سيعقد غدا في العاصمة لبحث التعاون بين البلدين في مجالات عدة.\n";

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_owned()
}

#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning_naming_file_and_offset() {
    let dir = scratch("invalid-utf8");
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes.insert(4, 0xFF);
    let f = write(&dir, "bad.txt", &bytes);
    let out = rasd(&["extract", &f, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains("bad.txt") && err.contains("invalid UTF-8 at byte 4"),
        "{err}"
    );
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 1);
    assert!(docs[0]["warnings"][0].as_str().unwrap().contains("byte 4"));
}

#[test]
fn utf16_with_bom_reads_like_utf8() {
    let dir = scratch("utf16");
    let mut le = vec![0xFF, 0xFE];
    for u in GOOD.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
    }
    let f16 = write(&dir, "le.txt", &le);
    let f8 = write(&dir, "plain.txt", GOOD.as_bytes());
    let a = json_lines(&rasd(&["extract", &f16, "--format", "json"]));
    let b = json_lines(&rasd(&["extract", &f8, "--format", "json"]));
    assert_eq!(a[0]["articles"], b[0]["articles"]);
    assert!(a[0]["warnings"][0].as_str().unwrap().contains("UTF-16"));
}

#[test]
fn utf8_bom_is_invisible() {
    let dir = scratch("bom");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(GOOD.as_bytes());
    let f = write(&dir, "bom.txt", &bytes);
    let docs = json_lines(&rasd(&["extract", &f, "--format", "json"]));
    assert_eq!(docs[0]["articles"][0]["title"], "عنوان الخبر");
    assert_eq!(docs[0]["articles"][0]["title_span"]["start"], 0);
}

#[test]
fn crlf_gives_the_same_articles_as_lf() {
    let dir = scratch("crlf");
    let crlf = GOOD.replace('\n', "\r\n");
    let a = json_lines(&rasd(&[
        "extract",
        &write(&dir, "crlf.txt", crlf.as_bytes()),
        "--format",
        "json",
    ]));
    let b = json_lines(&rasd(&[
        "extract",
        &write(&dir, "lf.txt", GOOD.as_bytes()),
        "--format",
        "json",
    ]));
    assert_eq!(a[0]["articles"][0]["body"], b[0]["articles"][0]["body"]);
    assert_eq!(a[0]["articles"][0]["title"], b[0]["articles"][0]["title"]);
    // Offsets count the \r characters of the file as read.
    assert_eq!(a[0]["articles"][0]["paragraphs"][0]["start"], 13);
    assert_eq!(b[0]["articles"][0]["paragraphs"][0]["start"], 12);
}

#[test]
fn nul_bytes_are_removed_with_a_warning() {
    let dir = scratch("nul");
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes.insert(2, 0);
    let f = write(&dir, "nul.txt", &bytes);
    let out = rasd(&["extract", &f, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("NUL byte"));
    assert_eq!(json_lines(&out)[0]["articles"][0]["title"], "عنوان الخبر");
}

#[test]
fn empty_file_fails_alone_and_the_batch_goes_on() {
    let dir = scratch("empty");
    let empty = write(&dir, "empty.txt", b"");
    let blank = write(&dir, "blank.txt", b" \n\r\n\t");
    let good = write(&dir, "good.txt", GOOD.as_bytes());
    let out = rasd(&["extract", &empty, &blank, &good, "--format", "json"]);
    assert_eq!(out.status.code(), Some(2), "some files failed");
    let err = stderr(&out);
    assert!(err.contains("empty.txt: file is empty"), "{err}");
    assert!(err.contains("blank.txt: file is empty"), "{err}");
    assert_eq!(json_lines(&out).len(), 1);
    let only = rasd(&["extract", &empty, "--format", "json"]);
    assert_eq!(only.status.code(), Some(1), "nothing processed");
}

#[test]
fn huge_file_is_refused_with_its_size_and_the_limit() {
    let dir = scratch("huge");
    let big = write(&dir, "big.txt", GOOD.repeat(50).as_bytes());
    let good = write(&dir, "good.txt", GOOD.as_bytes());
    let out = rasd(&[
        "extract",
        &big,
        &good,
        "--format",
        "json",
        "--max-file-size",
        "1000",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("big.txt") && err.contains("over the limit of 1000 bytes"),
        "{err}"
    );
    assert_eq!(json_lines(&out).len(), 1);
}

#[test]
fn unreadable_paths_are_reported_and_skipped() {
    let dir = scratch("missing");
    let good = write(&dir, "good.txt", GOOD.as_bytes());
    let missing = dir.join("no-such-file.txt");
    let out = rasd(&[
        "extract",
        missing.to_str().unwrap(),
        &good,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no-such-file.txt"));
    assert_eq!(json_lines(&out).len(), 1);
}

#[test]
fn binary_data_is_not_text() {
    let dir = scratch("binary");
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 32) as u8).collect();
    let f = write(&dir, "image.txt", &bytes);
    let out = rasd(&["extract", &f, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("image.txt: not a text file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn hostile_lines_do_not_break_the_reader() {
    let dir = scratch("hostile");
    let mut text = String::new();
    text.push_str(&"ب".repeat(200_000));
    text.push('\n');
    text.push_str(&"(رويترز) ".repeat(5000));
    text.push('\n');
    text.push_str(&"\u{200F}\u{064E}\u{0640}\n".repeat(1000));
    // One paragraph of thousands of quotes and repeated names (quadratic traps for the quote
    // and entity stages), and thousands of byline- and link-like lines.
    text.push_str(&"قال الوزير محمد: \"نعم نعم نعم\" ".repeat(5000));
    text.push('\n');
    text.push_str(&"كتب: محمد علي\nاقرأ أيضا:\nعنوان قصير\n".repeat(3000));
    text.push_str(GOOD);
    let f = write(&dir, "hostile.txt", text.as_bytes());
    let out = rasd(&["extract", &f, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json_lines(&out).len(), 1);
}

#[test]
fn directories_are_walked_for_txt_files() {
    let dir = scratch("walk");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    write(&dir, "a.txt", GOOD.as_bytes());
    write(&dir.join("sub"), "b.txt", GOOD.as_bytes());
    write(&dir, "notes.md", b"# not news");
    let out = rasd(&["extract", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let files: Vec<String> = json_lines(&out)
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(files, ["a.txt", "b.txt"]);
}

/// A JSON Lines record with this text and title.
fn record(title: &str, text: &str) -> String {
    serde_json::json!({ "title": title, "text": text }).to_string()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// Issue 14: a truncated `.jsonl.gz` repeated "incomplete deflate stream" forever and nothing
/// after it was read. One error names the dump and the line; the batch goes on.
#[test]
fn a_truncated_or_trailing_garbage_dump_ends_with_one_error() {
    let dir = scratch("dump-truncated");
    let body = GOOD.lines().nth(1).unwrap();
    let lines = (0..200)
        .map(|i| record(&format!("عنوان {i}"), body))
        .collect::<Vec<_>>()
        .join("\n");
    let mut gz = gzip(lines.as_bytes());
    gz.truncate(gz.len() / 2);
    let truncated = write(&dir, "cut.jsonl.gz", &gz);
    let mut garbage = gzip(format!("{}\n", record("عنوان", body)).as_bytes());
    garbage.extend_from_slice(b"\x1f\x8b\x08 not deflate at all");
    let garbage = write(&dir, "tail.jsonl.gz", &garbage);
    let good = write(&dir, "good.txt", GOOD.as_bytes());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rasd"))
        .args(["extract", &truncated, &garbage, &good, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains("error")).collect();
    assert_eq!(errors.len(), 2, "{err}");
    assert!(errors[0].contains("cut.jsonl.gz:"), "{err}");
    assert!(errors[1].contains("tail.jsonl.gz:2"), "{err}");
    let docs = json_lines(&out);
    assert!(
        docs.len() > 2,
        "the records before the cut, and the file after"
    );
    assert_eq!(docs.last().unwrap()["file"], "good.txt");
}

/// Records over `--max-file-size` are refused one by one (the rest of the dump is read); a
/// BOM on the first line is accepted.
#[test]
fn record_size_is_capped_and_a_bom_is_accepted() {
    let dir = scratch("dump-records");
    let body = GOOD.lines().nth(1).unwrap();
    let long = record("عنوان طويل", &format!("{body} ").repeat(200));
    let dump = format!(
        "\u{FEFF}{}\n{long}\n{}\n",
        record("عنوان أول", body),
        record("عنوان ثالث", body)
    );
    let f = write(&dir, "d.jsonl", dump.as_bytes());
    let out = rasd(&["extract", &f, "--format", "json", "--max-file-size", "4000"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("d.jsonl:2: record is over the limit of 4000 bytes"),
        "{err}"
    );
    let docs = json_lines(&out);
    let titles: Vec<&str> = docs
        .iter()
        .map(|d| d["articles"][0]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["عنوان أول", "عنوان ثالث"]);
}

#[test]
fn a_dump_over_the_decompressed_limit_ends_with_an_error() {
    let dir = scratch("dump-bomb");
    let f = write(&dir, "blank.jsonl.gz", &gzip(&b"\n".repeat(1 << 20)));
    let good = write(&dir, "good.txt", GOOD.as_bytes());
    let out = rasd(&[
        "extract",
        &f,
        &good,
        "--format",
        "json",
        "--max-dump-size",
        "10000",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json_lines(&out).len(), 1, "the good file is read");
    let err = stderr(&out);
    assert!(
        err.contains("blank.jsonl.gz:")
            && err.contains("over the limit of 10000 bytes decompressed"),
        "{err}"
    );
}

#[test]
fn utf32_is_reported_as_utf32() {
    let dir = scratch("utf32");
    let mut le = vec![0xFF, 0xFE, 0, 0];
    for c in GOOD.chars() {
        le.extend_from_slice(&(c as u32).to_le_bytes());
    }
    let f = write(&dir, "u32.txt", &le);
    let out = rasd(&["extract", &f, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let docs = json_lines(&out);
    assert_eq!(docs[0]["articles"][0]["title"], "عنوان الخبر");
    assert!(
        docs[0]["warnings"][0]
            .as_str()
            .unwrap()
            .contains("UTF-32 LE")
    );
}

#[test]
fn only_marks_and_invisible_characters_is_an_empty_article() {
    let dir = scratch("only-marks");
    let f = write(
        &dir,
        "marks.txt",
        "\u{0640}\u{0640}\u{064E}\u{200B}\n\u{0651}\u{200D}".as_bytes(),
    );
    let out = rasd(&["extract", &f, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("marks.txt: empty article"),
        "{}",
        stderr(&out)
    );
}
