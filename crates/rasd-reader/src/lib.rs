//! Reads raw news files into clean articles with their metadata.
//!
//! # Brief overview
//! A [`Reader`] (built by [`ReaderBuilder`]) turns a file's bytes into a [`Document`]: the
//! decoded text (the coordinate system of every later span) and its [`Article`]s. A file
//! holds a main article and possibly unrelated articles appended after it ("read also"
//! blocks). For each article the reader finds the title, outlet, publication date and byline,
//! keeps paragraphs and section headings as [`Block`]s and records every line it drops with a
//! [`DropReason`] (banners, app prompts, "read also" links, tag lines, captions, share rows…).
//! The rules are data: `data/reader/rules.toml` and the word lists beside it.
//!
//! ```
//! let reader = rasd_reader::ReaderBuilder::new().build();
//! let doc = reader.read_bytes("عنوان الخبر هنا\nقال الوزير إن الاجتماع سيعقد غدا في العاصمة لبحث التعاون بين البلدين.\nاقرأ أيضا: خبر آخر\n".as_bytes())?;
//! let article = &doc.articles[0];
//! assert_eq!(article.title.as_ref().unwrap().text, "عنوان الخبر هنا");
//! assert_eq!(article.body(&doc.text).lines().count(), 1);
//! # Ok::<(), rasd_reader::ReadError>(())
//! ```
#![deny(missing_docs)]

mod article;
mod assemble;
pub mod calendar;
pub mod corpus;
mod decode;
mod keys;
mod lines;
mod rules;

use std::io::Read;
use std::path::{Path, PathBuf};

pub use article::{
    Article, ArticleRole, Block, BlockKind, DropReason, DroppedLine, Field, Published,
};
pub use decode::{DecodeWarning, Decoded, decode, decode_declared};
pub use keys::line_key;
pub use rules::{BodyParams, Rules};

/// Why a file could not be read. Each names the file when there is one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is larger than the reader accepts.
    #[error(
        "{path}: file is {size} bytes, over the limit of {limit} bytes (raise it with --max-file-size)"
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file has no text.
    #[error("{path}: file is empty (no text after decoding)")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file has characters but none that can be read: only diacritics, tatweel, zero-width
    /// and other invisible characters.
    #[error(
        "{path}: empty article (the file holds only diacritics, tatweel or invisible characters)"
    )]
    NoLetters {
        /// The file.
        path: PathBuf,
    },
    /// The file is not text (mostly control characters or undecodable bytes).
    #[error(
        "{path}: not a text file ({share_percent}% of its characters are control characters or undecodable bytes)"
    )]
    NotText {
        /// The file.
        path: PathBuf,
        /// Share of bad characters.
        share_percent: u32,
    },
    /// The path is not a regular file (a FIFO, socket or device would block or never end).
    #[error("{path}: not a regular file ({kind}); skipped")]
    NotRegular {
        /// The path.
        path: PathBuf,
        /// What it is.
        kind: &'static str,
    },
    /// A rules file did not load.
    #[error("reader rules: {reason}")]
    BadRules {
        /// What is wrong.
        reason: String,
    },
}

/// A decoded file and its articles.
#[derive(Clone, Debug)]
pub struct Document {
    /// The decoded text; every span points into it.
    pub text: String,
    /// What decoding repaired.
    pub warnings: Vec<DecodeWarning>,
    /// The articles, main first.
    pub articles: Vec<Article>,
    /// What the record the text came from says of it (a JSON Lines dump's `id`, `outlet`,
    /// `date`, `url`); `None` for a plain file.
    pub record: Option<RecordMeta>,
}

/// Metadata a source record gives beside its text. It wins over what the reader finds in the
/// text (a date quoted in the body is not the publication date), and its date is the reference
/// date of relative time expressions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordMeta {
    /// The record's id in its dump.
    pub id: Option<String>,
    /// The outlet's name or id.
    pub outlet: Option<String>,
    /// The publication date.
    pub published: Option<calendar::Date>,
    /// The article's address.
    pub url: Option<String>,
    /// The author(s), when the source names them apart from the text (a web page's metadata).
    pub author: Option<String>,
    /// The language the source declares (a web page's `lang`), as it gives it.
    pub lang: Option<String>,
    /// When the source was fetched (a WARC record's date, ISO 8601), when it says.
    pub fetched: Option<String>,
}

impl Document {
    /// Take a source record's metadata: its date becomes every article's publication date.
    pub fn set_record(&mut self, meta: RecordMeta) {
        if let Some(date) = &meta.published {
            for a in &mut self.articles {
                a.published = Some(Published::from_record(date));
            }
        }
        self.record = Some(meta);
    }

    /// The outlet of an article: the record's, else the one the text names.
    pub fn outlet_of<'a>(&'a self, article: &'a Article) -> Option<&'a str> {
        (self.record.as_ref())
            .and_then(|r| r.outlet.as_deref())
            .or(article.outlet.as_ref().map(|f| f.text.as_str()))
    }
}

/// Default largest file the reader accepts: 32 MiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Builds a [`Reader`].
#[derive(Default)]
pub struct ReaderBuilder {
    rules: Option<Rules>,
    max_file_bytes: Option<u64>,
}

impl ReaderBuilder {
    /// A builder with the bundled rules and default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// Use these rules instead of the bundled ones.
    pub fn rules(mut self, rules: Rules) -> Self {
        self.rules = Some(rules);
        self
    }

    /// Refuse files larger than this.
    pub fn max_file_bytes(mut self, limit: u64) -> Self {
        self.max_file_bytes = Some(limit);
        self
    }

    /// The reader.
    pub fn build(self) -> Reader {
        Reader {
            rules: match self.rules {
                Some(r) => RulesRef::Owned(Box::new(r)),
                None => RulesRef::Bundled(Rules::bundled()),
            },
            max_file_bytes: self.max_file_bytes.unwrap_or(DEFAULT_MAX_FILE_BYTES),
        }
    }
}

enum RulesRef {
    Bundled(&'static Rules),
    Owned(Box<Rules>),
}

/// Reads files into articles. Immutable and `Send + Sync`: share one across threads.
pub struct Reader {
    rules: RulesRef,
    max_file_bytes: u64,
}

impl Reader {
    fn rules(&self) -> &Rules {
        match &self.rules {
            RulesRef::Bundled(r) => r,
            RulesRef::Owned(r) => r,
        }
    }

    /// Read a file from disk.
    pub fn read_path(&self, path: &Path) -> Result<Document, ReadError> {
        let bytes = self.load(path)?;
        self.read_bytes(&bytes).map_err(|e| e.with_path(path))
    }

    /// A file's bytes, as [`Reader::read_path`] takes them: only a regular file, and none
    /// larger than the limit (for callers that decide how to read them, e.g. as a web page).
    pub fn load(&self, path: &Path) -> Result<Vec<u8>, ReadError> {
        let io = |source| ReadError::Io {
            path: path.to_owned(),
            source,
        };
        // Only regular files are opened: opening a FIFO blocks until a writer comes.
        let meta = std::fs::metadata(path).map_err(io)?;
        if !meta.is_file() {
            return Err(ReadError::NotRegular {
                path: path.to_owned(),
                kind: file_kind(&meta),
            });
        }
        let file = std::fs::File::open(path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        if size > self.max_file_bytes {
            return Err(ReadError::TooLarge {
                path: path.to_owned(),
                size,
                limit: self.max_file_bytes,
            });
        }
        let mut bytes = Vec::with_capacity(size as usize);
        // Read one byte past the limit so that a file growing while we read is still caught.
        file.take(self.max_file_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        if bytes.len() as u64 > self.max_file_bytes {
            return Err(ReadError::TooLarge {
                path: path.to_owned(),
                size: bytes.len() as u64,
                limit: self.max_file_bytes,
            });
        }
        Ok(bytes)
    }

    /// Read a file's bytes.
    pub fn read_bytes(&self, bytes: &[u8]) -> Result<Document, ReadError> {
        if bytes.len() as u64 > self.max_file_bytes {
            return Err(ReadError::TooLarge {
                path: PathBuf::new(),
                size: bytes.len() as u64,
                limit: self.max_file_bytes,
            });
        }
        let Decoded { text, warnings } = decode(bytes);
        if text.trim().is_empty() {
            return Err(ReadError::Empty {
                path: PathBuf::new(),
            });
        }
        let total = text.chars().count();
        let bad = text
            .chars()
            .filter(|&c| c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t')))
            .count();
        if total >= 16 && bad * 10 > total * 3 {
            return Err(ReadError::NotText {
                path: PathBuf::new(),
                share_percent: (bad * 100 / total) as u32,
            });
        }
        if text.chars().all(invisible) {
            return Err(ReadError::NoLetters {
                path: PathBuf::new(),
            });
        }
        let articles = self.read_text(&text);
        Ok(Document {
            text,
            warnings,
            articles,
            record: None,
        })
    }

    /// Read a record of a JSON Lines dump: its title line, then its text, as a news file would
    /// hold them, with the record's metadata ([`Document::set_record`]).
    /// `name` names the record in errors (`dump.jsonl.gz#id`).
    pub fn read_record(&self, record: &corpus::Record, name: &str) -> Result<Document, ReadError> {
        let text = match record.title.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => format!("{t}\n{}", record.text),
            _ => record.text.clone(),
        };
        let mut doc = self
            .read_bytes(text.as_bytes())
            .map_err(|e| e.with_path(Path::new(name)))?;
        doc.set_record(RecordMeta {
            id: record.id.clone(),
            outlet: record.outlet.clone().filter(|o| !o.trim().is_empty()),
            published: (record.date.as_deref())
                .and_then(|d| d.get(..10))
                .and_then(calendar::Date::parse_iso),
            url: record.url.clone(),
            ..RecordMeta::default()
        });
        Ok(doc)
    }

    /// Read the articles of an already decoded text.
    pub fn read_text(&self, text: &str) -> Vec<Article> {
        assemble::assemble(text, self.rules())
    }
}

/// A character that shows nothing on its own: whitespace, controls, Arabic diacritics and
/// Quranic marks, tatweel, zero-width and bidi format characters, other combining marks.
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c as u32,
            0x0300..=0x036F | 0x00AD | 0x0610..=0x061A | 0x061C | 0x0640 | 0x064B..=0x065F
            | 0x0670 | 0x06D6..=0x06ED | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069
            | 0xFE00..=0xFE0F | 0xFEFF)
}

/// What a path that is not a regular file is, in words.
pub fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else if meta.is_file() {
        "a regular file"
    } else {
        "not a file"
    }
}

impl ReadError {
    /// The error, naming this path (errors of [`Reader::read_bytes`] name none).
    pub fn with_path(self, p: &Path) -> ReadError {
        match self {
            ReadError::TooLarge { size, limit, .. } => ReadError::TooLarge {
                path: p.to_owned(),
                size,
                limit,
            },
            ReadError::Empty { .. } => ReadError::Empty { path: p.to_owned() },
            ReadError::NoLetters { .. } => ReadError::NoLetters { path: p.to_owned() },
            ReadError::NotText { share_percent, .. } => ReadError::NotText {
                path: p.to_owned(),
                share_percent,
            },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_diacritics_tatweel_and_zero_width_is_an_empty_article() {
        let reader = ReaderBuilder::new().build();
        let text = "\u{064E}\u{0640}\u{0640}\u{200B}\u{200F}\n\u{0651}\u{FEFF}\u{0640}";
        let err = reader.read_bytes(text.as_bytes()).unwrap_err();
        assert!(matches!(err, ReadError::NoLetters { .. }), "{err}");
        assert!(err.to_string().contains("empty article"), "{err}");
        // One letter among them is text.
        assert!(reader.read_bytes("\u{0640}\u{0640}ب".as_bytes()).is_ok());
    }

    #[test]
    fn a_nul_inside_a_record_does_not_cut_its_title() {
        let record: corpus::Record = serde_json::from_str(
            r#"{"title": "عنوان\u0000 الخبر", "text": "نص طويل\u0000 عن موضوع ما في فقرة كاملة من الكلام المفيد."}"#,
        )
        .unwrap();
        let doc = ReaderBuilder::new()
            .build()
            .read_record(&record, "d.jsonl#1")
            .unwrap();
        assert!(!doc.text.contains('\0'));
        let title = doc.articles[0].title.as_ref().unwrap();
        assert_eq!(title.text, "عنوان الخبر");
        assert!(matches!(
            doc.warnings[0],
            DecodeWarning::NulBytes { count: 2, .. }
        ));
    }
}
