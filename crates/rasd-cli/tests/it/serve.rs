//! `rasd serve` end to end: ingest the samples, serve them, read the API over a socket, and
//! drive the web UI in a headless browser when one is installed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::util::{rasd, repo, scratch, stderr};

/// A running `rasd serve`, stopped when dropped.
struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/`
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(data: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rasd"))
            .args(["serve", "--port", "0", "--data-dir", data.to_str().unwrap()])
            .env("RASD_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("rasd serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "{url:?}");
        Server { child, url }
    }

    /// GET `path`: the status and the body.
    fn get(&self, path: &str) -> (u16, String) {
        let host = self.url.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = TcpStream::connect(host).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8(raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        let body = if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(body)
        } else {
            body.to_owned()
        };
        (status, body)
    }

    fn json(&self, path: &str) -> serde_json::Value {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "{path}: {body}");
        serde_json::from_str(&body).unwrap()
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    loop {
        let (size, rest) = body.split_once("\r\n").unwrap();
        let size = usize::from_str_radix(size.trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
}

fn ingested_samples(name: &str) -> std::path::PathBuf {
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

#[test]
fn serves_the_ingested_samples() {
    let data = ingested_samples("serve-api");
    let server = Server::start(&data);
    let status = server.json("/api/v1/status");
    assert_eq!(status["articles"], 6, "{status}");
    assert_eq!(status["indexed_articles"], 6, "{status}");

    // The summit: one fused event, its place in dispute between outlets.
    let fused = server.json("/api/v1/fused-events?contradicted=true&type=CONSULT");
    let summit = fused["fused_events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["contradictions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["field"] == "location")
        })
        .expect("the summit, its place in dispute");
    assert!(summit["corroboration"].as_u64().unwrap() >= 2, "{summit}");

    // Its reports point into their articles' text.
    for m in summit["mentions"].as_array().unwrap() {
        let article = server.json(&format!("/api/v1/articles/{}", m["article"]));
        let text: Vec<char> = article["text"].as_str().unwrap().chars().collect();
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            text[s..e].iter().collect::<String>(),
            m["evidence"].as_str().unwrap()
        );
        for q in article["quotes"].as_array().unwrap() {
            let (s, e) = (
                q["start"].as_u64().unwrap() as usize,
                q["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                text[s..e].iter().collect::<String>(),
                q["text"].as_str().unwrap()
            );
        }
    }

    // Search by a clitic form; the UI page; a JSON 404.
    let hits = server.json("/api/v1/search?q=%D9%88%D8%A8%D9%88%D8%AA%D9%8A%D9%86");
    assert!(hits["total"].as_u64().unwrap() >= 4, "{hits}");
    let (status, page) = server.get("/");
    assert_eq!(status, 200);
    assert!(page.contains("dir=\"rtl\""));
    let (status, body) = server.get("/api/v1/articles/424242");
    assert_eq!(status, 404);
    assert!(body.contains("\"error\""), "{body}");
}

/// Issue 14: a writer killed after its last commit leaves the cross-article layer and the
/// index pending; `rasd serve` completes both before it answers.
#[test]
fn serve_completes_what_a_killed_writer_left_pending() {
    let data = ingested_samples("serve-pending");
    {
        let store = rasd_store::Store::open(&data).unwrap();
        let conn = store.connection();
        conn.execute(
            "UPDATE meta SET value = '1' WHERE key IN ('derived_stale', 'index_pending')",
            [],
        )
        .unwrap();
        conn.execute("DELETE FROM fused_mentions", []).unwrap();
        conn.execute("DELETE FROM fused_events", []).unwrap();
    }
    std::fs::remove_dir_all(rasd_search::index_dir(&data)).unwrap();
    let server = Server::start(&data);
    let status = server.json("/api/v1/status");
    assert_eq!(status["articles"], 6, "{status}");
    assert_eq!(status["indexed_articles"], 6, "{status}");
    let fused = server.json("/api/v1/fused-events?contradicted=true&type=CONSULT");
    assert!(
        !fused["fused_events"].as_array().unwrap().is_empty(),
        "the cross-article layer recomputed: {fused}"
    );
    let hits = server.json("/api/v1/search?q=%D9%88%D8%A8%D9%88%D8%AA%D9%8A%D9%86");
    assert!(hits["total"].as_u64().unwrap() >= 4, "{hits}");
    drop(server);
    let store = rasd_store::Store::open(&data).unwrap();
    assert!(!store.index_pending().unwrap());
}

/// The browser test (tests/browser/ui.mjs) needs Node.js, Chromium and `npm ci` in
/// tests/browser. `.ci/run` installs them and sets RASD_REQUIRE_BROWSER=1, which makes their
/// absence a failure; elsewhere the test says it is skipped.
#[test]
fn the_web_ui_in_a_headless_browser() {
    let root = repo();
    let script = root.join("tests/browser/ui.mjs");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let missing: Vec<&str> = [
        (!node_ok).then_some("node"),
        (!Path::new(&chromium).exists()).then_some("chromium"),
        (!root
            .join("tests/browser/node_modules/playwright-core")
            .is_dir())
        .then_some("tests/browser/node_modules (npm ci)"),
        (!script.is_file()).then_some("tests/browser/ui.mjs"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !missing.is_empty() {
        assert!(
            std::env::var_os("RASD_REQUIRE_BROWSER").is_none(),
            "browser test required but missing: {missing:?}"
        );
        eprintln!("skipped: the browser test needs {missing:?}");
        return;
    }
    let data = ingested_samples("serve-ui");
    let server = Server::start(&data);
    let shots = root.join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let run = Command::new("node")
        .arg(&script)
        .args([
            "--url",
            &server.url,
            "--screenshots",
            shots.to_str().unwrap(),
        ])
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let out = String::from_utf8_lossy(&run.stdout);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "ui.mjs failed:\n{out}\n{err}");
    eprintln!("{out}screenshots in {}", shots.display());
}
