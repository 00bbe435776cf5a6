//! What is read: news files, web pages, the records of JSON Lines dumps, the HTML pages of
//! WARC archives and the items of feeds — alike for `rasd extract`, `analyze`, `ingest`,
//! `serve` and `watch` (which adds the documents it fetched) — and the paths that name them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rasd_reader::corpus::{DEFAULT_MAX_DUMP_BYTES, Limits, RecordError};
use rasd_reader::{DEFAULT_MAX_FILE_BYTES, Document, ReadError, Reader, ReaderBuilder};
use rasd_web::feed::FeedError;
use rasd_web::warc::WarcError;

use crate::Progress;

/// The size caps every reading of news applies: to each file, each record of a dump, and each
/// dump decompressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SizeLimits {
    /// Largest file, and largest record of a JSON Lines dump, to read, in bytes.
    pub max_file_bytes: u64,
    /// Largest JSON Lines dump to read, decompressed, in bytes (the rest of a larger one is
    /// not read, with an error).
    pub max_dump_bytes: u64,
}

impl Default for SizeLimits {
    fn default() -> Self {
        SizeLimits {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            max_dump_bytes: DEFAULT_MAX_DUMP_BYTES,
        }
    }
}

impl SizeLimits {
    /// The reader, refusing larger files and records.
    pub fn reader(&self) -> Reader {
        ReaderBuilder::new()
            .max_file_bytes(self.max_file_bytes)
            .build()
    }

    /// The limits of a dump's reading.
    pub fn dump(&self) -> Limits {
        Limits {
            max_record_bytes: self.max_file_bytes,
            max_dump_bytes: self.max_dump_bytes,
        }
    }
}

/// What is read in directories, by the ends of file names: news files; web pages; JSON Lines
/// dumps (one article per line with at least `text`; optionally `id`, `title`, `outlet`,
/// `date`, `url`; gzipped or not), as `rasd_reader::corpus` reads them; WARC archives;
/// RSS/Atom feeds. A file named on the command line is read whatever its name: a page or a
/// feed is known by its content.
pub const READ: &[&str] = &[
    "txt", "jsonl", "jsonl.gz", "ndjson", "html", "htm", "warc", "warc.gz", "rss", "atom", "xml",
];

/// The kinds of input, for messages.
pub const READ_KINDS: &str = "news files (.txt), web pages (.html, .htm), dumps (.jsonl, .jsonl.gz, .ndjson), WARC archives (.warc, .warc.gz) or feeds (.rss, .atom, .xml)";

/// The outcome of listing the paths given (a command line's).
#[derive(Default)]
pub struct Listing {
    /// Files to read, in order.
    pub files: Vec<PathBuf>,
    /// Paths that could not be listed or are not files to read; each is an error to report
    /// (a message naming the path).
    pub errors: Vec<String>,
    /// Things skipped on the way (a directory seen before through a link, a FIFO).
    pub warnings: Vec<String>,
}

/// Files named (on the command line), directories expanded (recursively, sorted) to the files
/// whose name ends in `.` and one of `extensions` (`txt`, `jsonl.gz`; any case).
///
/// A directory reached twice (through a symbolic link, or a link loop) is walked once, with a
/// warning; only regular files are listed (FIFOs, sockets and devices in a directory are
/// skipped with a warning, and named on the command line are an error), so that a listing
/// always ends and no read blocks.
pub fn expand(paths: &[PathBuf], extensions: &[&str]) -> Listing {
    let mut listing = Listing::default();
    let mut seen_dirs = HashSet::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, extensions, &mut seen_dirs, &mut listing),
            // A file named explicitly is read whatever its extension.
            Ok(m) if m.is_file() => listing.files.push(p.clone()),
            Ok(m) => listing.errors.push(format!(
                "{}: not a regular file ({}); skipped",
                p.display(),
                rasd_reader::file_kind(&m)
            )),
            Err(e) => listing.errors.push(format!("{}: {e}", p.display())),
        }
    }
    listing
}

fn walk(dir: &Path, extensions: &[&str], seen: &mut HashSet<PathBuf>, listing: &mut Listing) {
    // The directory's real path: a link to a directory already walked (an ancestor, in a
    // loop) is not walked again.
    match std::fs::canonicalize(dir) {
        Ok(real) => {
            if !seen.insert(real.clone()) {
                listing.warnings.push(format!(
                    "{}: the directory {} was read already (a symbolic link to it, or a link loop); not read again",
                    dir.display(),
                    real.display()
                ));
                return;
            }
        }
        Err(e) => {
            listing.errors.push(format!("{}: {e}", dir.display()));
            return;
        }
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            listing.errors.push(format!("{}: {e}", dir.display()));
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        let meta = match std::fs::metadata(&child) {
            Ok(m) => m,
            // A dangling link, or a file gone since the listing.
            Err(e) => {
                listing
                    .warnings
                    .push(format!("{}: {e}; skipped", child.display()));
                continue;
            }
        };
        if meta.is_dir() {
            walk(&child, extensions, seen, listing);
            continue;
        }
        let wanted = child
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .is_some_and(|n| {
                extensions
                    .iter()
                    .any(|x| n.ends_with(&format!(".{}", x.to_lowercase())))
            });
        if !wanted {
            continue;
        }
        if meta.is_file() {
            listing.files.push(child);
        } else {
            listing.warnings.push(format!(
                "{}: not a regular file ({}); skipped",
                child.display(),
                rasd_reader::file_kind(&meta)
            ));
        }
    }
}

/// Whether a path is a JSON Lines dump (by its name).
pub fn is_dump(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    [".jsonl", ".jsonl.gz", ".ndjson"]
        .iter()
        .any(|x| name.ends_with(x))
}

/// Whether a path is a WARC archive (by its name, else by its first bytes).
fn is_warc(path: &Path, head: &[u8]) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.ends_with(".warc") || name.ends_with(".warc.gz") || head.starts_with(b"WARC/")
}

/// The first KiB of a file (empty when it cannot be read: reading it later says why).
fn head(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut buf = Vec::with_capacity(1024);
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(1024).read_to_end(&mut buf);
    }
    buf
}

/// Why a source gave no document. Each names its source; the causes are shared (`Arc`) so that
/// an error can be both handed to an observer and returned.
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SourceError {
    /// A file, record, page or feed item could not be read as a document.
    #[error(transparent)]
    Read(Arc<ReadError>),
    /// A dump, archive or feed could not be opened or read.
    #[error("{path}: {source}")]
    Open {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: Arc<std::io::Error>,
    },
    /// A line of a dump is not a record, or the dump cannot be read further.
    #[error(transparent)]
    Record(Arc<RecordError>),
    /// A WARC archive cannot be read further.
    #[error("{archive}: {source}")]
    Warc {
        /// The archive.
        archive: PathBuf,
        /// The cause.
        #[source]
        source: Arc<WarcError>,
    },
    /// A feed cannot be parsed.
    #[error("{path}: {source}")]
    Feed {
        /// The feed.
        path: PathBuf,
        /// The cause.
        #[source]
        source: Arc<FeedError>,
    },
    /// Analysing the source panicked (a bug: the source is skipped, the run goes on).
    #[error("{name}: internal error while analysing this (please report it)")]
    Panicked {
        /// The source, as [`Source::name`] gives it.
        name: String,
    },
}

impl From<ReadError> for SourceError {
    fn from(e: ReadError) -> SourceError {
        SourceError::Read(Arc::new(e))
    }
}

impl SourceError {
    fn open(path: &Path, e: std::io::Error) -> SourceError {
        SourceError::Open {
            path: path.to_owned(),
            source: Arc::new(e),
        }
    }
}

/// One thing to analyse: a news file or web page, a record of a dump, a page of a WARC
/// archive, an item of a feed.
pub enum Source {
    /// A news file or a web page (told apart by content).
    File(PathBuf),
    /// An HTML response of a WARC archive.
    Page {
        /// `archive.warc.gz#N` (N the record's number in the archive).
        name: String,
        /// The page.
        page: rasd_web::warc::WarcPage,
    },
    /// An item of a feed.
    FeedItem {
        /// `feed.xml#N` (N the item's number in the feed).
        name: String,
        /// The item.
        item: rasd_web::feed::FeedItem,
    },
    /// A record of a dump.
    Record {
        /// `dump.jsonl.gz#id` (the record's id, else its line in the dump).
        name: String,
        /// The record.
        record: rasd_reader::corpus::Record,
    },
    /// A document read already: a page or feed item `rasd watch` fetched.
    Read {
        /// Its address (else `feed#N`).
        name: String,
        /// The document.
        document: Box<Document>,
    },
    /// A dump, archive or feed that cannot be opened or read, or a line of a dump that is not
    /// a record: what went wrong.
    Bad(SourceError),
}

impl Source {
    /// The source in messages: the file's path, or `dump#id`.
    pub fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Record { name, .. }
            | Source::Page { name, .. }
            | Source::FeedItem { name, .. }
            | Source::Read { name, .. } => name.clone(),
            Source::Bad(e) => e.to_string(),
        }
    }

    /// The source's short name, as outputs and the store name an article's file: the file
    /// name, or the record's id.
    pub fn file_name(&self) -> String {
        match self {
            Source::File(path) => path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            Source::Record { name, .. }
            | Source::Page { name, .. }
            | Source::FeedItem { name, .. } => name.rsplit('/').next().unwrap_or(name).to_owned(),
            // An address's last segment (`https://host/news/1.html` → `1.html`), else its host.
            Source::Read { name, .. } => {
                let trimmed = name.trim_end_matches('/');
                trimmed.rsplit('/').next().unwrap_or(trimmed).to_owned()
            }
            Source::Bad(e) => e.to_string(),
        }
    }

    /// Read the source into a document: a news file by the reader, a web page by its main
    /// text, a record, page or feed item with its metadata (its date the reference of relative
    /// dates).
    ///
    /// A [`Source::Bad`] gives back its error (once: a second read says it was taken).
    pub fn read(&self, reader: &Reader) -> Result<Document, SourceError> {
        match self {
            Source::File(path) => {
                let bytes = reader.load(path)?;
                if rasd_web::is_html(&bytes) {
                    rasd_web::read_html(&bytes)
                } else {
                    reader.read_bytes(&bytes)
                }
                .map_err(|e| e.with_path(path).into())
            }
            Source::Page { name, page } => {
                rasd_web::read_warc_page(page).map_err(|e| e.with_path(Path::new(name)).into())
            }
            Source::FeedItem { name, item } => {
                rasd_web::read_feed_item(item).map_err(|e| e.with_path(Path::new(name)).into())
            }
            Source::Record { name, record } => Ok(reader.read_record(record, name)?),
            Source::Read { document, .. } => Ok((**document).clone()),
            Source::Bad(e) => Err(e.clone()),
        }
    }
}

/// The files, with each dump's records, archive's pages and feed's items read lazily in its
/// place. `progress` hears [`Progress::grow`] with +1 for each record, page or item and -1
/// for its dump, archive or feed (a progress bar's length), and [`Progress::note`] when an
/// archive ends (its pages read and the records skipped, by type).
pub fn sources<'a>(
    files: &'a [PathBuf],
    limits: SizeLimits,
    progress: &'a dyn Progress,
) -> impl Iterator<Item = Source> + 'a {
    files
        .iter()
        .flat_map(move |path| -> Box<dyn Iterator<Item = Source>> {
            if !is_dump(path) {
                let head = head(path);
                if is_warc(path, &head) {
                    return warc_pages(path, progress);
                }
                if rasd_web::feed::is_feed(&head) {
                    return feed_items(path, progress);
                }
                return Box::new(std::iter::once(Source::File(path.clone())));
            }
            match rasd_reader::corpus::records_with(path, limits.dump()) {
                Err(e) => Box::new(std::iter::once(Source::Bad(SourceError::open(path, e)))),
                Ok(records) => {
                    progress.grow(-1);
                    let dump = path.display().to_string();
                    Box::new(records.enumerate().map(move |(n, r)| {
                        progress.grow(1);
                        match r {
                            Ok(record) => Source::Record {
                                name: format!(
                                    "{dump}#{}",
                                    record.id.clone().unwrap_or_else(|| (n + 1).to_string())
                                ),
                                record,
                            },
                            Err(e) => Source::Bad(SourceError::Record(Arc::new(e))),
                        }
                    }))
                }
            }
        })
}

/// The HTML pages of a WARC archive, read lazily; when the archive ends, a note counts its
/// pages and the records skipped, by type.
fn warc_pages<'a>(
    path: &Path,
    progress: &'a dyn Progress,
) -> Box<dyn Iterator<Item = Source> + 'a> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return Box::new(std::iter::once(Source::Bad(SourceError::open(path, e)))),
    };
    progress.grow(-1);
    let archive = path.display().to_string();
    let archive_path = path.to_owned();
    let mut records = rasd_web::warc::records(file).enumerate();
    let mut pages = 0usize;
    let mut skipped: std::collections::BTreeMap<String, usize> = Default::default();
    let mut done = false;
    Box::new(std::iter::from_fn(move || {
        if done {
            return None;
        }
        loop {
            match records.next() {
                None => {
                    done = true;
                    let skipped_n: usize = skipped.values().sum();
                    let kinds: Vec<String> =
                        skipped.iter().map(|(k, n)| format!("{k} {n}")).collect();
                    progress.note(
                        &archive,
                        &format!(
                            "{pages} HTML page{} read, {skipped_n} record{} skipped{}",
                            if pages == 1 { "" } else { "s" },
                            if skipped_n == 1 { "" } else { "s" },
                            if kinds.is_empty() {
                                String::new()
                            } else {
                                format!(" ({})", kinds.join(", "))
                            }
                        ),
                    );
                    return None;
                }
                Some((_, Err(e))) => {
                    return Some(Source::Bad(SourceError::Warc {
                        archive: archive_path.clone(),
                        source: Arc::new(e),
                    }));
                }
                Some((n, Ok(record))) => match record.page() {
                    Some(page) => {
                        pages += 1;
                        progress.grow(1);
                        return Some(Source::Page {
                            name: format!("{archive}#{}", n + 1),
                            page,
                        });
                    }
                    None => {
                        let kind = if record.kind == "response" {
                            "response not HTML".to_owned()
                        } else {
                            record.kind.clone()
                        };
                        *skipped.entry(kind).or_default() += 1;
                    }
                },
            }
        }
    }))
}

/// The items of a feed.
fn feed_items<'a>(
    path: &Path,
    progress: &'a dyn Progress,
) -> Box<dyn Iterator<Item = Source> + 'a> {
    let bad = |e: SourceError| -> Box<dyn Iterator<Item = Source>> {
        Box::new(std::iter::once(Source::Bad(e)))
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return bad(SourceError::open(path, e)),
    };
    let items = match rasd_web::feed::items(&bytes) {
        Ok(i) => i,
        Err(e) => {
            return bad(SourceError::Feed {
                path: path.to_owned(),
                source: Arc::new(e),
            });
        }
    };
    progress.grow(items.len() as i64 - 1);
    let feed = path.display().to_string();
    Box::new(
        items
            .into_iter()
            .enumerate()
            .map(move |(n, item)| Source::FeedItem {
                name: format!("{feed}#{}", n + 1),
                item,
            }),
    )
}

#[cfg(test)]
mod tests {
    use std::cell::{Cell, RefCell};

    use super::*;

    /// A scratch directory of this test, empty.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("rasd-ingest-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[derive(Default)]
    struct Heard {
        length: Cell<i64>,
        notes: RefCell<Vec<String>>,
    }

    impl Progress for Heard {
        fn grow(&self, n: i64) {
            self.length.set(self.length.get() + n);
        }
        fn warning(&self, _: &str, _: &str) {}
        fn error(&self, _: &SourceError) {}
        fn note(&self, source: &str, message: &str) {
            self.notes.borrow_mut().push(format!("{source}: {message}"));
        }
    }

    #[test]
    fn expand_walks_sorted_keeps_wanted_names_and_named_files() {
        let dir = scratch("expand");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        for f in ["b.txt", "a.TXT", "notes.md", "sub/d.jsonl.gz"] {
            std::fs::write(dir.join(f), "x").unwrap();
        }
        let named = dir.join("notes.md");
        let missing = dir.join("missing.txt");
        let listing = expand(&[dir.clone(), named.clone(), missing], READ);
        assert_eq!(
            listing.files,
            vec![
                dir.join("a.TXT"),
                dir.join("b.txt"),
                dir.join("sub/d.jsonl.gz"),
                named
            ]
        );
        assert_eq!(listing.errors.len(), 1, "{:?}", listing.errors);
        assert!(listing.errors[0].contains("missing.txt"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_link_loop_is_walked_once() {
        let dir = scratch("loop");
        std::fs::write(dir.join("a.txt"), "x").unwrap();
        std::os::unix::fs::symlink(&dir, dir.join("again")).unwrap();
        let listing = expand(std::slice::from_ref(&dir), READ);
        assert_eq!(listing.files, vec![dir.join("a.txt")]);
        assert_eq!(listing.warnings.len(), 1, "{:?}", listing.warnings);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_dump_gives_its_records_lazily_and_a_bad_line_as_an_error() {
        let dir = scratch("dump");
        let dump = dir.join("news.jsonl");
        std::fs::write(
            &dump,
            "{\"id\": \"one\", \"text\": \"نص\"}\nnot json\n{\"text\": \"نص آخر\"}\n",
        )
        .unwrap();
        let heard = Heard::default();
        let files = [dump.clone(), dir.join("a.txt")];
        let got: Vec<Source> = sources(&files, SizeLimits::default(), &heard).collect();
        let names: Vec<String> = got.iter().map(Source::name).collect();
        let d = dump.display();
        assert_eq!(names[0], format!("{d}#one"));
        assert!(matches!(&got[1], Source::Bad(SourceError::Record(_))));
        assert!(
            names[1].starts_with(&format!("{d}:2: not a record")),
            "{}",
            names[1]
        );
        assert_eq!(names[2], format!("{d}#3"));
        assert!(matches!(&got[3], Source::File(_)));
        assert_eq!(got[0].file_name(), "news.jsonl#one");
        // The dump counted as one until opened, then as its three lines.
        assert_eq!(heard.length.get(), 2);
        assert!(heard.notes.borrow().is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_dump_is_one_bad_source_naming_it() {
        let dir = scratch("missing-dump");
        let dump = dir.join("gone.jsonl");
        let got: Vec<Source> = sources(
            std::slice::from_ref(&dump),
            SizeLimits::default(),
            &Heard::default(),
        )
        .collect();
        assert_eq!(got.len(), 1);
        let err = got[0].read(&SizeLimits::default().reader()).unwrap_err();
        assert!(matches!(err, SourceError::Open { .. }));
        assert!(
            err.to_string()
                .starts_with(&format!("{}: ", dump.display()))
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_fetched_document_is_named_by_its_address() {
        let reader = SizeLimits::default().reader();
        let document = reader.read_bytes("عنوان\n\nنص الخبر.".as_bytes()).unwrap();
        let source = Source::Read {
            name: "https://example.invalid/news/1.html".to_owned(),
            document: Box::new(document),
        };
        assert_eq!(source.file_name(), "1.html");
        assert_eq!(source.name(), "https://example.invalid/news/1.html");
        assert!(source.read(&reader).is_ok());
    }

    #[test]
    fn a_file_over_the_limit_is_refused_naming_it() {
        let dir = scratch("limit");
        let path = dir.join("big.txt");
        std::fs::write(&path, "نص ".repeat(100)).unwrap();
        let limits = SizeLimits {
            max_file_bytes: 10,
            ..SizeLimits::default()
        };
        let err = Source::File(path.clone())
            .read(&limits.reader())
            .unwrap_err();
        assert!(matches!(&err, SourceError::Read(e) if matches!(**e, ReadError::TooLarge { .. })));
        assert!(err.to_string().starts_with(&path.display().to_string()));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
