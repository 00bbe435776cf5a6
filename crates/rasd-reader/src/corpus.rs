//! JSON Lines news dumps (optionally gzipped): one article per line with at least a `text`
//! field, as in the news corpus of `../shared/data/news-corpus` and common crawl exports.
//!
//! Reading a dump always ends and its memory is bounded: a line is read at most up to the
//! record limit (a longer line is skipped, and reported, without being held whole), the dump's
//! decompressed size is capped, and a read error (a truncated `.gz`, trailing garbage) ends the
//! dump with one error naming it and the line.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One record of a JSONL news dump. Unknown fields are ignored.
#[derive(Clone, Debug, Deserialize)]
pub struct Record {
    /// Stable identifier, when the dump has one.
    #[serde(default)]
    pub id: Option<String>,
    /// Outlet name or id.
    #[serde(default)]
    pub outlet: Option<String>,
    /// Publication date (ISO 8601).
    #[serde(default)]
    pub date: Option<String>,
    /// Title.
    #[serde(default)]
    pub title: Option<String>,
    /// Address of the article.
    #[serde(default)]
    pub url: Option<String>,
    /// Article text, one paragraph per line.
    pub text: String,
}

/// Default largest decompressed dump: 4 GiB (the news corpus dumps are about 100 MB).
pub const DEFAULT_MAX_DUMP_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// How much of a dump is read.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest record line, in bytes (the reader's largest file).
    pub max_record_bytes: u64,
    /// Largest dump, decompressed, in bytes.
    pub max_dump_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_record_bytes: crate::DEFAULT_MAX_FILE_BYTES,
            max_dump_bytes: DEFAULT_MAX_DUMP_BYTES,
        }
    }
}

/// Why a line of a dump gave no record. Each names the dump and the line.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// The line is not a JSON record with a `text`.
    #[error("{dump}:{line}: not a record: {source}")]
    Json {
        /// The dump.
        dump: PathBuf,
        /// The line, from 1.
        line: usize,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// The line is longer than a record may be; it was skipped.
    #[error(
        "{dump}:{line}: record is over the limit of {limit} bytes (raise it with --max-file-size); skipped"
    )]
    TooLong {
        /// The dump.
        dump: PathBuf,
        /// The line, from 1.
        line: usize,
        /// The limit.
        limit: u64,
    },
    /// Reading failed (a truncated or corrupt `.gz`); the rest of the dump is not read.
    #[error("{dump}:{line}: cannot read further: {source}; the rest of this dump is not read")]
    Io {
        /// The dump.
        dump: PathBuf,
        /// The line the error came in, from 1.
        line: usize,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The dump decompresses to more than the limit; the rest is not read.
    #[error(
        "{dump}:{line}: dump is over the limit of {limit} bytes decompressed (raise it with --max-dump-size); the rest of this dump is not read"
    )]
    DumpTooLarge {
        /// The dump.
        dump: PathBuf,
        /// The line the limit was reached in, from 1.
        line: usize,
        /// The limit.
        limit: u64,
    },
}

/// Open a JSONL file (gzipped when its name ends in `.gz`) and iterate its records with the
/// default [`Limits`]. A line that is not a record yields an error naming its line number and
/// iteration goes on; a read error ends the dump after one error.
pub fn records(path: &Path) -> std::io::Result<Records> {
    records_with(path, Limits::default())
}

/// [`records`] with these limits.
pub fn records_with(path: &Path, limits: Limits) -> std::io::Result<Records> {
    let file = File::open(path)?;
    let inner: Box<dyn Read + Send> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Ok(Records::new(inner, path, limits))
}

/// The records of a dump ([`records`]).
pub struct Records {
    input: BufReader<Box<dyn Read + Send>>,
    dump: PathBuf,
    limits: Limits,
    /// Lines read so far.
    line: usize,
    /// Decompressed bytes read so far.
    bytes: u64,
    buf: Vec<u8>,
    done: bool,
}

impl Records {
    /// Records read from any reader; `dump` names it in errors.
    pub fn new(input: Box<dyn Read + Send>, dump: &Path, limits: Limits) -> Records {
        Records {
            input: BufReader::with_capacity(1 << 16, input),
            dump: dump.to_owned(),
            limits,
            line: 0,
            bytes: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    /// Reads the next line into `buf`, at most the record limit plus one byte. `Ok(false)` at
    /// the end; `Ok(true)` with a line, or with an over-long line's first bytes, the rest of it
    /// consumed but not kept.
    fn next_line(&mut self) -> Result<bool, RecordError> {
        self.buf.clear();
        self.line += 1;
        let cap = self.limits.max_record_bytes.saturating_add(1);
        let n = (&mut self.input)
            .take(cap)
            .read_until(b'\n', &mut self.buf)
            .map_err(|source| self.io(source))? as u64;
        self.count(n)?;
        if n == 0 {
            return Ok(false);
        }
        if self.buf.last() != Some(&b'\n') && n == cap {
            // Over-long: skip to the end of the line without keeping it.
            loop {
                let (used, end) = match self.input.fill_buf() {
                    Ok([]) => break,
                    Ok(chunk) => match memchr::memchr(b'\n', chunk) {
                        Some(i) => (i + 1, true),
                        None => (chunk.len(), false),
                    },
                    Err(source) => return Err(self.io(source)),
                };
                self.input.consume(used);
                self.count(used as u64)?;
                if end {
                    break;
                }
            }
        }
        Ok(true)
    }

    fn io(&self, source: std::io::Error) -> RecordError {
        RecordError::Io {
            dump: self.dump.clone(),
            line: self.line,
            source,
        }
    }

    fn count(&mut self, n: u64) -> Result<(), RecordError> {
        self.bytes += n;
        if self.bytes > self.limits.max_dump_bytes {
            return Err(RecordError::DumpTooLarge {
                dump: self.dump.clone(),
                line: self.line,
                limit: self.limits.max_dump_bytes,
            });
        }
        Ok(())
    }
}

impl Iterator for Records {
    type Item = Result<Record, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.next_line() {
                Ok(false) => self.done = true,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
                Ok(true) => {
                    let content = self.buf.strip_suffix(b"\n").unwrap_or(&self.buf);
                    if content.len() as u64 > self.limits.max_record_bytes {
                        return Some(Err(RecordError::TooLong {
                            dump: self.dump.clone(),
                            line: self.line,
                            limit: self.limits.max_record_bytes,
                        }));
                    }
                    let mut line = self.buf.as_slice();
                    if self.line == 1 {
                        line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
                    }
                    if line.trim_ascii().is_empty() {
                        continue;
                    }
                    return Some(serde_json::from_slice::<Record>(line).map_err(|source| {
                        RecordError::Json {
                            dump: self.dump.clone(),
                            line: self.line,
                            source,
                        }
                    }));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn read(bytes: Vec<u8>, limits: Limits) -> Vec<Result<Record, RecordError>> {
        Records::new(
            Box::new(std::io::Cursor::new(bytes)),
            Path::new("d.jsonl"),
            limits,
        )
        .collect()
    }

    fn line(text: &str) -> String {
        format!("{}\n", serde_json::json!({ "text": text }))
    }

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn records_bad_lines_and_blank_lines() {
        let bytes = format!("{}\nnot json\n{}", line("أ"), line("ب")).into_bytes();
        let got = read(bytes, Limits::default());
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].as_ref().unwrap().text, "أ");
        let err = got[1].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("d.jsonl:3: not a record"), "{err}");
        assert_eq!(got[2].as_ref().unwrap().text, "ب");
    }

    #[test]
    fn a_bom_on_the_first_line_is_accepted() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(line("نص").as_bytes());
        let got = read(bytes, Limits::default());
        assert_eq!(got[0].as_ref().unwrap().text, "نص");
    }

    #[test]
    fn an_over_long_line_is_skipped_with_an_error_naming_it() {
        let long = line(&"س".repeat(500));
        let bytes = format!("{}{long}{}", line("أ"), line("ب")).into_bytes();
        let limits = Limits {
            max_record_bytes: 100,
            ..Limits::default()
        };
        let got = read(bytes, limits);
        assert_eq!(got.len(), 3);
        let err = got[1].as_ref().unwrap_err().to_string();
        assert!(
            err.starts_with("d.jsonl:2: record is over the limit of 100 bytes"),
            "{err}"
        );
        assert_eq!(got[2].as_ref().unwrap().text, "ب");
    }

    #[test]
    fn a_long_line_is_not_held_whole() {
        let mut r = Records::new(
            Box::new(std::io::Cursor::new(
                line(&"x".repeat(1 << 20)).into_bytes(),
            )),
            Path::new("d.jsonl"),
            Limits {
                max_record_bytes: 1000,
                ..Limits::default()
            },
        );
        assert!(r.next().unwrap().is_err());
        assert!(r.buf.capacity() < 4096, "{}", r.buf.capacity());
        assert!(r.next().is_none());
    }

    #[test]
    fn a_truncated_gz_ends_with_one_error_naming_the_line() {
        let mut bytes = gz(format!("{}{}", line("أ"), line("ب").repeat(50)).as_bytes());
        bytes.truncate(bytes.len() - 12);
        let got = read_gz(bytes);
        let errors: Vec<String> = got
            .iter()
            .filter_map(|r| r.as_ref().err().map(ToString::to_string))
            .collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("d.jsonl.gz:"), "{}", errors[0]);
        assert!(got[0].is_ok());
    }

    #[test]
    fn trailing_garbage_after_a_gz_ends_the_dump() {
        let mut bytes = gz(line("أ").as_bytes());
        bytes.extend_from_slice(b"\x1f\x8bgarbage that is not deflate");
        let got = read_gz(bytes);
        assert!(got.len() <= 2, "{}", got.len());
        assert!(got.last().unwrap().is_err());
    }

    fn read_gz(bytes: Vec<u8>) -> Vec<Result<Record, RecordError>> {
        let input = flate2::read::MultiGzDecoder::new(std::io::Cursor::new(bytes));
        Records::new(Box::new(input), Path::new("d.jsonl.gz"), Limits::default()).collect()
    }

    #[test]
    fn the_decompressed_size_is_capped() {
        let bytes = gz(&b"\n".repeat(1 << 20));
        let input = flate2::read::MultiGzDecoder::new(std::io::Cursor::new(bytes));
        let limits = Limits {
            max_dump_bytes: 1000,
            ..Limits::default()
        };
        let got: Vec<_> = Records::new(Box::new(input), Path::new("d.jsonl.gz"), limits).collect();
        assert_eq!(got.len(), 1);
        let err = got[0].as_ref().unwrap_err().to_string();
        assert!(
            err.contains("over the limit of 1000 bytes decompressed"),
            "{err}"
        );
    }
}
