//! WARC archives (`.warc`, `.warc.gz`): every HTML response record is a page.
//!
//! A small reader of WARC/1.0 and 1.1 (ISO 28500): a version line, named fields up to a blank
//! line, a block of `Content-Length` bytes, then a blank line. A gzipped archive (one gzip
//! member per record, as Common Crawl writes them, or one for the whole file) is read through
//! a multi-member decoder. A `response` record's block is an HTTP response: its status line
//! and headers are read, and its body is a page when the response is HTML (by its
//! Content-Type, else by its content). Every other record is skipped and counted by type.
//!
//! ## Known misses
//! Chunked or content-encoded (gzip) HTTP bodies are skipped as not HTML; `revisit` records
//! (deduplicated payloads) are skipped.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};

/// Why an archive could not be read further.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WarcError {
    /// Reading or decompressing failed.
    #[error("cannot read the archive: {0}")]
    Io(#[from] std::io::Error),
    /// A record does not start with a `WARC/` version line.
    #[error("record {record}: not a WARC record (no WARC/ version line)")]
    NotWarc {
        /// The record's number, from 1.
        record: usize,
    },
    /// A record has no usable `Content-Length`.
    #[error("record {record}: no Content-Length")]
    NoLength {
        /// The record's number, from 1.
        record: usize,
    },
}

/// One record of an archive.
#[derive(Clone, Debug, Default)]
pub struct Record {
    /// `WARC-Type` (`response`, `request`, `warcinfo`, `metadata`…).
    pub kind: String,
    /// `WARC-Target-URI`.
    pub target_uri: Option<String>,
    /// `WARC-Date` (when it was fetched, ISO 8601).
    pub date: Option<String>,
    /// The record's `Content-Type`.
    pub content_type: Option<String>,
    /// The record's block.
    pub block: Vec<u8>,
}

/// The HTML page of a response record.
#[derive(Clone, Debug)]
pub struct WarcPage {
    /// Its address.
    pub uri: Option<String>,
    /// When it was fetched.
    pub fetched: Option<String>,
    /// The charset the HTTP Content-Type declares.
    pub charset: Option<String>,
    /// The HTML bytes.
    pub body: Vec<u8>,
}

/// The records of an archive, in order; gzipped or not (by its first bytes).
pub fn records(input: impl Read + 'static) -> impl Iterator<Item = Result<Record, WarcError>> {
    let mut buffered = BufReader::new(input);
    let gz = buffered
        .fill_buf()
        .is_ok_and(|b| b.starts_with(&[0x1f, 0x8b]));
    let reader: Box<dyn BufRead> = if gz {
        Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(
            buffered,
        )))
    } else {
        Box::new(buffered)
    };
    Records {
        reader,
        n: 0,
        done: false,
    }
}

struct Records {
    reader: Box<dyn BufRead>,
    n: usize,
    done: bool,
}

impl Records {
    fn next_record(&mut self) -> Result<Option<Record>, WarcError> {
        let mut line = String::new();
        // Blank lines between records.
        loop {
            line.clear();
            if self.reader.read_line(&mut line)? == 0 {
                return Ok(None);
            }
            if !line.trim().is_empty() {
                break;
            }
        }
        self.n += 1;
        if !line.starts_with("WARC/") {
            return Err(WarcError::NotWarc { record: self.n });
        }
        let mut fields = BTreeMap::new();
        loop {
            line.clear();
            if self.reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                fields.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
            }
        }
        let length: u64 = (fields.get("content-length"))
            .and_then(|l| l.parse().ok())
            .ok_or(WarcError::NoLength { record: self.n })?;
        let mut block = Vec::with_capacity(length.min(1 << 24) as usize);
        (&mut self.reader).take(length).read_to_end(&mut block)?;
        Ok(Some(Record {
            kind: fields.remove("warc-type").unwrap_or_default(),
            target_uri: fields
                .remove("warc-target-uri")
                .map(|u| u.trim_matches(['<', '>']).to_owned()),
            date: fields.remove("warc-date"),
            content_type: fields.remove("content-type"),
            block,
        }))
    }
}

impl Iterator for Records {
    type Item = Result<Record, WarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let r = self.next_record().transpose();
        // An error ends the archive: what follows a broken record cannot be found reliably.
        if matches!(r, Some(Err(_)) | None) {
            self.done = true;
        }
        r
    }
}

impl Record {
    /// The HTML page this record holds, when it is a response with an HTML body.
    pub fn page(&self) -> Option<WarcPage> {
        if self.kind != "response" {
            return None;
        }
        let is_http = (self.content_type.as_deref())
            .is_none_or(|c| c.to_ascii_lowercase().starts_with("application/http"));
        if !is_http {
            return None;
        }
        let split = self.block.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&self.block[..split]);
        let body = &self.block[split + 4..];
        let mut lines = head.lines();
        let status: u16 = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
        if !(200..300).contains(&status) {
            return None;
        }
        let mut content_type = None;
        for l in lines {
            let Some((k, v)) = l.split_once(':') else {
                continue;
            };
            let k = k.trim().to_ascii_lowercase();
            let v = v.trim().to_ascii_lowercase();
            match k.as_str() {
                "content-type" => content_type = Some(v),
                "transfer-encoding" if v.contains("chunked") => return None,
                "content-encoding" if v != "identity" => return None,
                _ => {}
            }
        }
        let html = match content_type.as_deref() {
            Some(c) if c.contains("html") => true,
            Some(_) => false,
            None => crate::is_html(body),
        };
        if !html {
            return None;
        }
        let charset = content_type
            .as_deref()
            .and_then(|c| c.split_once("charset="))
            .map(|(_, cs)| cs.trim_matches(['"', ' ', ';']).to_owned());
        Some(WarcPage {
            uri: self.target_uri.clone(),
            fetched: self.date.clone(),
            charset,
            body: body.to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2021-02-03T12:00:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn response(http_type: &str, body: &str) -> Vec<u8> {
        format!("HTTP/1.1 200 OK\r\nContent-Type: {http_type}\r\n\r\n{body}").into_bytes()
    }

    fn archive() -> Vec<u8> {
        let mut a = record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        );
        a.extend(record(
            "response",
            "https://example.invalid/a",
            "application/http; msgtype=response",
            &response(
                "text/html; charset=windows-1256",
                "<html><body>x</body></html>",
            ),
        ));
        a.extend(record(
            "response",
            "https://example.invalid/b.css",
            "application/http; msgtype=response",
            &response("text/css", "body{}"),
        ));
        a.extend(record(
            "request",
            "https://example.invalid/a",
            "application/http; msgtype=request",
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        a
    }

    #[test]
    fn html_responses_are_pages_and_the_rest_is_skipped() {
        let recs: Vec<Record> = records(std::io::Cursor::new(archive()))
            .collect::<Result<_, _>>()
            .unwrap();
        let kinds: Vec<&str> = recs.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, ["warcinfo", "response", "response", "request"]);
        let pages: Vec<WarcPage> = recs.iter().filter_map(Record::page).collect();
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].uri.as_deref(), Some("https://example.invalid/a"));
        assert_eq!(pages[0].fetched.as_deref(), Some("2021-02-03T12:00:00Z"));
        assert_eq!(pages[0].charset.as_deref(), Some("windows-1256"));
        assert_eq!(pages[0].body, b"<html><body>x</body></html>");
    }

    #[test]
    fn gzip_members_per_record_read_alike() {
        use std::io::Write;
        // Two gzip members, one after the other.
        let mut gz = Vec::new();
        for _ in 0..2 {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&archive()).unwrap();
            gz.extend(e.finish().unwrap());
        }
        assert_eq!(records(std::io::Cursor::new(gz)).count(), 8);
    }

    #[test]
    fn a_non_warc_file_is_an_error() {
        let r: Vec<_> = records(std::io::Cursor::new(b"hello\n".to_vec())).collect();
        assert!(matches!(r[..], [Err(WarcError::NotWarc { record: 1 })]));
    }
}
