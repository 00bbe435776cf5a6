//! Turning command-line paths into what is read: news files, and the records of JSON Lines
//! dumps, alike for `extract`, `analyze` and `ingest`.

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

/// What the commands read in directories: news files, and JSON Lines dumps (one article per
/// line with at least `text`; optionally `id`, `title`, `outlet`, `date`, `url`; gzipped or
/// not), as `rasd_reader::corpus` reads them.
pub const READ: &[&str] = &["txt", "jsonl", "jsonl.gz", "ndjson"];

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

/// One thing to analyse: a news file, or one record of a dump.
pub enum Source {
    /// A news file.
    File(PathBuf),
    /// A record of a dump.
    Record {
        /// `dump.jsonl.gz#id` (the record's id, else its line in the dump).
        name: String,
        /// The record.
        record: rasd_reader::corpus::Record,
    },
    /// A dump that cannot be opened, or a line of one that is not a record.
    Bad(String),
}

impl Source {
    /// The source in messages: the file's path, or `dump#id`.
    pub fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Record { name, .. } => name.clone(),
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
            Source::Record { name, .. } => name.rsplit('/').next().unwrap_or(name).to_owned(),
            Source::Bad(e) => e.clone(),
        }
    }

    /// Read the source into a document: a file by the reader, a record with its metadata
    /// (its date the reference of relative dates).
    pub fn read(&self, reader: &Reader) -> Result<Document, String> {
        match self {
            Source::File(path) => reader.read_path(path).map_err(|e| e.to_string()),
            Source::Record { name, record } => reader
                .read_record(record, name)
                .map_err(|e: ReadError| e.to_string()),
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
