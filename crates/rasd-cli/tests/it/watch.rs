//! `rasd watch --once` end to end, over a folder and over a feed served on 127.0.0.1 by the
//! test; and `rasd serve --watch`, which must show new articles without a restart. Nothing
//! leaves the machine.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::util::{json_lines, rasd, repo, scratch, stderr};

/// The one line a cycle logs: (new articles, errors).
fn cycle_line(err: &str) -> (usize, usize) {
    let line = err
        .lines()
        .find(|l| l.starts_with("rasd: watch "))
        .unwrap_or_else(|| panic!("no cycle line in {err}"));
    let number_before = |word: &str| -> usize {
        let at = line
            .find(word)
            .unwrap_or_else(|| panic!("{word} in {line}"));
        line[..at]
            .trim_end()
            .rsplit(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    (number_before(" new article"), number_before(" error"))
}

fn sample(name: &str) -> std::path::PathBuf {
    let dir = repo().join("samples");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
        .unwrap()
}

#[test]
fn watch_once_over_a_folder_adds_new_files_only() {
    let dir = scratch("watch-folder");
    let (news, data) = (dir.join("news"), dir.join("data"));
    std::fs::create_dir_all(&news).unwrap();
    std::fs::copy(sample("000"), news.join("a.txt")).unwrap();
    std::fs::copy(sample("001"), news.join("b.txt")).unwrap();
    let watch = || {
        rasd(&[
            "watch",
            "--once",
            news.to_str().unwrap(),
            "--data-dir",
            data.to_str().unwrap(),
        ])
    };
    let first = watch();
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(cycle_line(&stderr(&first)), (2, 0), "{}", stderr(&first));
    assert!(stderr(&first).contains("1 source polled"));
    let again = watch();
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(cycle_line(&stderr(&again)), (0, 0), "{}", stderr(&again));
    // A new file: only it is read.
    std::fs::copy(sample("003"), news.join("c.txt")).unwrap();
    let third = watch();
    assert_eq!(cycle_line(&stderr(&third)), (1, 0), "{}", stderr(&third));
    let hits = rasd(&[
        "search",
        "كيم",
        "--data-dir",
        data.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(hits.status.success(), "{}", stderr(&hits));
    assert!(json_lines(&hits).len() >= 2);
    // A missing folder is an error naming it; the other sources are polled all the same.
    let missing = dir.join("missing");
    let out = rasd(&[
        "watch",
        "--once",
        missing.to_str().unwrap(),
        news.to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains(missing.to_str().unwrap()));
    assert_eq!(cycle_line(&stderr(&out)), (0, 1), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Paragraphs of a sample article as HTML.
fn paragraphs(sample_file: &Path) -> (String, String) {
    let text = std::fs::read_to_string(sample_file).unwrap();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.chars().count() > 80)
        .collect();
    let html: String = lines.iter().map(|l| format!("<p>{l}</p>")).collect();
    (html, lines[0].to_owned())
}

/// A feed and its pages on 127.0.0.1, answering 304 to its ETag; requests counted by path.
struct FeedServer {
    base: String,
    seen: Arc<Mutex<Vec<String>>>,
    done: Arc<AtomicBool>,
}

impl Drop for FeedServer {
    fn drop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.base.trim_start_matches("http://"));
    }
}

impl FeedServer {
    fn start() -> FeedServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (full, _) = paragraphs(&sample("000"));
        let (page, _) = paragraphs(&sample("001"));
        let rss = format!(
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>موقع الاختبار</title>
<item><guid>one</guid><title>زيارة زعيم كوريا الشمالية لروسيا</title><link>{base}/news/1</link>
<pubDate>Tue, 02 Mar 2021 10:00:00 GMT</pubDate>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[{full}]]></content:encoded></item>
<item><guid>two</guid><title>تحالف روسي كوري شمالي يثير قلقا</title><link>{base}/news/2</link>
<pubDate>Wed, 03 Mar 2021 10:00:00 GMT</pubDate><description>ملخص قصير</description></item>
</channel></rss>"#
        );
        let page = format!("<html><head></head><body><article>{page}</article></body></html>");
        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        let done = Arc::new(AtomicBool::new(false));
        {
            let (seen, done) = (seen.clone(), done.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if done.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(mut stream) = stream else { continue };
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut head = Vec::new();
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                            break;
                        }
                        head.push(line);
                    }
                    let path = head
                        .first()
                        .and_then(|l| l.split(' ').nth(1))
                        .unwrap_or("/")
                        .to_owned();
                    let conditional = head
                        .iter()
                        .any(|h| h.to_ascii_lowercase().starts_with("if-none-match: \"v1\""));
                    seen.lock().unwrap().push(path.clone());
                    let (status, kind, body) = match path.as_str() {
                        "/feed.xml" if conditional => (304, "application/rss+xml", String::new()),
                        "/feed.xml" => (200, "application/rss+xml", rss.clone()),
                        "/news/2" => (200, "text/html; charset=utf-8", page.clone()),
                        _ => (404, "text/plain", String::new()),
                    };
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nETag: \"v1\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                }
            });
        }
        FeedServer { base, seen, done }
    }

    fn requests(&self, path: &str) -> usize {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|p| *p == path)
            .count()
    }
}

#[test]
fn watch_once_over_a_loopback_feed() {
    let server = FeedServer::start();
    let data = scratch("watch-feed");
    let feed = format!("{}/feed.xml", server.base);
    let watch = || {
        rasd(&[
            "watch",
            "--once",
            &feed,
            "--data-dir",
            data.to_str().unwrap(),
            "--host-interval",
            "0",
        ])
    };
    let first = watch();
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(cycle_line(&stderr(&first)), (2, 0), "{}", stderr(&first));
    // The summary-only item was read from its page; the item with content was not fetched.
    assert_eq!(server.requests("/news/2"), 1);
    assert_eq!(server.requests("/news/1"), 0);
    assert_eq!(server.requests("/robots.txt"), 1);
    let hits = rasd(&[
        "search",
        "كورسك",
        "--data-dir",
        data.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let hits = json_lines(&hits);
    assert_eq!(hits.len(), 1, "{hits:?}");
    // The page had no headline of its own: the item's title stands.
    assert_eq!(hits[0]["title"], "تحالف روسي كوري شمالي يثير قلقا");
    assert_eq!(hits[0]["published"], "2021-03-03");
    assert_eq!(hits[0]["outlet"], "موقع الاختبار");

    // A second run asks conditionally (304) and adds nothing.
    let second = watch();
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(cycle_line(&stderr(&second)), (0, 0), "{}", stderr(&second));
    assert_eq!(server.requests("/feed.xml"), 2);
    assert_eq!(server.requests("/news/2"), 1);

    // A URL that fails is an error naming it, and the exit code says so.
    let missing = format!("{}/gone.xml", server.base);
    let out = rasd(&[
        "watch",
        "--once",
        &missing,
        "--data-dir",
        data.to_str().unwrap(),
        "--host-interval",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("{missing}: HTTP status 404")),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(&data);
}

/// A running `rasd serve --watch`, stopped when dropped.
struct Serving {
    child: Child,
    host: String,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serving {
    fn json(&self, path: &str) -> serde_json::Value {
        let mut stream = TcpStream::connect(&self.host).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.host
        )
        .unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 200"), "{path}: {raw}");
        assert!(!head.to_ascii_lowercase().contains("chunked"), "{head}");
        serde_json::from_str(body).unwrap()
    }

    /// Waits (generously) until `check` holds for `path`'s answer.
    fn wait_for(
        &self,
        path: &str,
        check: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let until = Instant::now() + Duration::from_secs(180);
        loop {
            let answer = self.json(path);
            if check(&answer) {
                return answer;
            }
            assert!(Instant::now() < until, "{path} never came to: {answer}");
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

#[test]
fn serve_watch_shows_new_articles_without_a_restart() {
    let dir = scratch("serve-watch");
    let (news, data) = (dir.join("news"), dir.join("data"));
    std::fs::create_dir_all(&news).unwrap();
    std::fs::copy(sample("000"), news.join("a.txt")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rasd"))
        .args([
            "serve",
            "--port",
            "0",
            "--data-dir",
            data.to_str().unwrap(),
            "--every",
            "1s",
            "--watch",
            news.to_str().unwrap(),
        ])
        .env("RASD_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("rasd serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let host = line
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let server = Serving { child, host };
    server.wait_for("/api/v1/status", |s| {
        s["articles"] == 1 && s["indexed_articles"] == 1
    });
    // The word is only in the second sample.
    let query = "/api/v1/search?q=%D9%83%D9%88%D8%B1%D8%B3%D9%83"; // كورسك
    assert_eq!(server.json(query)["total"], 0);
    std::fs::copy(sample("001"), news.join("b.txt")).unwrap();
    server.wait_for("/api/v1/status", |s| {
        s["articles"] == 2 && s["indexed_articles"] == 2
    });
    server.wait_for(query, |hits| hits["total"] == 1);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
