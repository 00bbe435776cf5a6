//! Turning command-line paths into what is read — news files, web pages, the records of JSON
//! Lines dumps, the HTML pages of WARC archives and the items of feeds — alike for `extract`,
//! `analyze`, `ingest`, `serve` and `watch` (which adds the documents it fetched).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use clap::Args;
use rasd_reader::corpus::{DEFAULT_MAX_DUMP_BYTES, Limits};
use rasd_reader::{DEFAULT_MAX_FILE_BYTES, Document, ReadError, Reader, ReaderBuilder};

/// The size caps every command that reads news applies: to each file, each record of a dump,
/// and each dump decompressed.
#[derive(Args, Clone, Copy, Debug)]
pub struct SizeLimits {
    /// Largest file, and largest record of a JSON Lines dump, to read, in bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_FILE_BYTES)]
    pub max_file_size: u64,
    /// Largest JSON Lines dump to read, decompressed, in bytes (the rest of a larger one is
    /// not read, with an error).
    #[arg(long, default_value_t = DEFAULT_MAX_DUMP_BYTES)]
    pub max_dump_size: u64,
}

impl Default for SizeLimits {
    fn default() -> Self {
        SizeLimits {
            max_file_size: DEFAULT_MAX_FILE_BYTES,
            max_dump_size: DEFAULT_MAX_DUMP_BYTES,
        }
    }
}

impl SizeLimits {
    /// The reader, refusing larger files and records.
    pub fn reader(&self) -> Reader {
        ReaderBuilder::new()
            .max_file_bytes(self.max_file_size)
            .build()
    }

    /// The limits of a dump's reading.
    pub fn dump(&self) -> Limits {
        Limits {
            max_record_bytes: self.max_file_size,
            max_dump_bytes: self.max_dump_size,
        }
    }
}

/// What the commands read in directories: news files; web pages; JSON Lines dumps (one
/// article per line with at least `text`; optionally `id`, `title`, `outlet`, `date`, `url`;
/// gzipped or not), as `rasd_reader::corpus` reads them; WARC archives; RSS/Atom feeds.
/// A file named on the command line is read whatever its name: a page or a feed is known by
/// its content.
/// The records of the JSON Lines dumps at `path` (a dump, or a folder searched for `.jsonl` and
/// `.jsonl.gz`) that `keep` takes, in file order; a bad line is a warning naming its dump and
/// line, a path that cannot be listed or opened an error.
pub fn dump_records(
    path: &Path,
    mut keep: impl FnMut(&rasd_reader::corpus::Record) -> bool,
) -> anyhow::Result<Vec<rasd_reader::corpus::Record>> {
    let listing = expand(std::slice::from_ref(&path.to_owned()), &["gz", "jsonl"]);
    if let Some(e) = listing.errors.first() {
        anyhow::bail!("{e}");
    }
    let mut kept = Vec::new();
    for f in &listing.files {
        let records = rasd_reader::corpus::records(f)
            .map_err(|e| anyhow::anyhow!("opening {}: {e}", f.display()))?;
        for rec in records {
            match rec {
                Ok(r) if keep(&r) => kept.push(r),
                Ok(_) => {}
                Err(e) => eprintln!("rasd: warning: {e}"),
            }
        }
    }
    Ok(kept)
}

pub const READ: &[&str] = &[
    "txt", "jsonl", "jsonl.gz", "ndjson", "html", "htm", "warc", "warc.gz", "rss", "atom", "xml",
];

/// The kinds of input, for messages.
pub const READ_KINDS: &str = "news files (.txt), web pages (.html, .htm), dumps (.jsonl, .jsonl.gz, .ndjson), WARC archives (.warc, .warc.gz) or feeds (.rss, .atom, .xml)";

/// The outcome of listing the command line's paths.
#[derive(Default)]
pub struct Listing {
    /// Files to read, in order.
    pub files: Vec<PathBuf>,
    /// Paths that could not be listed or are not files to read; each is an error to report.
    pub errors: Vec<String>,
    /// Things skipped on the way (a directory seen before through a link, a FIFO).
    pub warnings: Vec<String>,
}

impl Listing {
    /// Print the listing's errors and warnings on stderr; the number of errors.
    pub fn report(&self) -> usize {
        for w in &self.warnings {
            eprintln!("rasd: warning: {w}");
        }
        for e in &self.errors {
            eprintln!("rasd: error: {e}");
        }
        self.errors.len()
    }
}

/// Files named on the command line, directories expanded (recursively, sorted) to the files
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
    /// A dump that cannot be opened, or a line of one that is not a record.
    Bad(String),
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
            Source::Bad(e) => e.clone(),
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
            Source::Bad(e) => e.clone(),
        }
    }

    /// Read the source into a document: a news file by the reader, a web page by its main
    /// text, a record, page or feed item with its metadata (its date the reference of relative
    /// dates).
    pub fn read(&self, reader: &Reader) -> Result<Document, String> {
        match self {
            Source::File(path) => {
                let bytes = reader.load(path).map_err(|e| e.to_string())?;
                if rasd_web::is_html(&bytes) {
                    rasd_web::read_html(&bytes)
                } else {
                    reader.read_bytes(&bytes)
                }
                .map_err(|e| e.with_path(path).to_string())
            }
            Source::Page { name, page } => {
                rasd_web::read_warc_page(page).map_err(|e| e.with_path(Path::new(name)).to_string())
            }
            Source::FeedItem { name, item } => {
                rasd_web::read_feed_item(item).map_err(|e| e.with_path(Path::new(name)).to_string())
            }
            Source::Record { name, record } => reader
                .read_record(record, name)
                .map_err(|e: ReadError| e.to_string()),
            Source::Read { document, .. } => Ok((**document).clone()),
            Source::Bad(e) => Err(e.clone()),
        }
    }
}

/// The files, with each dump's records read lazily in its place. `on_dump_record` is called
/// with +1 for each record of a dump and -1 for the dump itself (a progress bar's length).
pub fn sources<'a>(
    files: &'a [PathBuf],
    limits: SizeLimits,
    on_count: impl Fn(i64) + Clone + 'a,
) -> impl Iterator<Item = Source> + 'a {
    files
        .iter()
        .flat_map(move |path| -> Box<dyn Iterator<Item = Source>> {
            if !is_dump(path) {
                let head = head(path);
                if is_warc(path, &head) {
                    return warc_pages(path, on_count.clone());
                }
                if rasd_web::feed::is_feed(&head) {
                    return feed_items(path, on_count.clone());
                }
                return Box::new(std::iter::once(Source::File(path.clone())));
            }
            match rasd_reader::corpus::records_with(path, limits.dump()) {
                Err(e) => Box::new(std::iter::once(Source::Bad(format!(
                    "{}: {e}",
                    path.display()
                )))),
                Ok(records) => {
                    on_count(-1);
                    let dump = path.display().to_string();
                    let on_count = on_count.clone();
                    Box::new(records.enumerate().map(move |(n, r)| {
                        on_count(1);
                        match r {
                            Ok(record) => Source::Record {
                                name: format!(
                                    "{dump}#{}",
                                    record.id.clone().unwrap_or_else(|| (n + 1).to_string())
                                ),
                                record,
                            },
                            Err(e) => Source::Bad(e.to_string()),
                        }
                    }))
                }
            }
        })
}

/// The HTML pages of a WARC archive, read lazily; when the archive ends, a note on stderr
/// counts its pages and the records skipped, by type.
fn warc_pages<'a>(
    path: &Path,
    on_count: impl Fn(i64) + 'a,
) -> Box<dyn Iterator<Item = Source> + 'a> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            return Box::new(std::iter::once(Source::Bad(format!(
                "{}: {e}",
                path.display()
            ))));
        }
    };
    on_count(-1);
    let archive = path.display().to_string();
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
                    eprintln!(
                        "rasd: note: {archive}: {pages} HTML page{} read, {skipped_n} record{} skipped{}",
                        if pages == 1 { "" } else { "s" },
                        if skipped_n == 1 { "" } else { "s" },
                        if kinds.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", kinds.join(", "))
                        }
                    );
                    return None;
                }
                Some((_, Err(e))) => {
                    return Some(Source::Bad(format!("{archive}: {e}")));
                }
                Some((n, Ok(record))) => match record.page() {
                    Some(page) => {
                        pages += 1;
                        on_count(1);
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
    on_count: impl Fn(i64) + 'a,
) -> Box<dyn Iterator<Item = Source> + 'a> {
    let bad = |e: String| -> Box<dyn Iterator<Item = Source>> {
        Box::new(std::iter::once(Source::Bad(format!(
            "{}: {e}",
            path.display()
        ))))
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return bad(e.to_string()),
    };
    let items = match rasd_web::feed::items(&bytes) {
        Ok(i) => i,
        Err(e) => return bad(e.to_string()),
    };
    on_count(items.len() as i64 - 1);
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
