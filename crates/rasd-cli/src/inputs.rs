//! The command line's side of what is read (the sources themselves are `rasd_ingest::source`):
//! the size-limit flags, printing a listing's errors and warnings, and the records of dumps
//! that `train` and `eval` read.

use std::path::Path;

use clap::Args;
use rasd_reader::corpus::DEFAULT_MAX_DUMP_BYTES;
use rasd_reader::{DEFAULT_MAX_FILE_BYTES, Reader};

/// The size caps every command that reads news applies: to each file, each record of a dump,
/// and each dump decompressed.
#[derive(Args, Clone, Copy, Debug)]
pub struct SizeArgs {
    /// Largest file, and largest record of a JSON Lines dump, to read, in bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_FILE_BYTES)]
    pub max_file_size: u64,
    /// Largest JSON Lines dump to read, decompressed, in bytes (the rest of a larger one is
    /// not read, with an error).
    #[arg(long, default_value_t = DEFAULT_MAX_DUMP_BYTES)]
    pub max_dump_size: u64,
}

impl Default for SizeArgs {
    fn default() -> Self {
        let limits = rasd_ingest::SizeLimits::default();
        SizeArgs {
            max_file_size: limits.max_file_bytes,
            max_dump_size: limits.max_dump_bytes,
        }
    }
}

impl SizeArgs {
    /// The limits as the ingest library takes them.
    pub fn limits(&self) -> rasd_ingest::SizeLimits {
        rasd_ingest::SizeLimits {
            max_file_bytes: self.max_file_size,
            max_dump_bytes: self.max_dump_size,
        }
    }

    /// The reader, refusing larger files and records.
    pub fn reader(&self) -> Reader {
        self.limits().reader()
    }
}

/// Print a listing's errors and warnings on stderr; the number of errors.
pub fn report(listing: &rasd_ingest::Listing) -> usize {
    for w in &listing.warnings {
        eprintln!("rasd: warning: {w}");
    }
    for e in &listing.errors {
        eprintln!("rasd: error: {e}");
    }
    listing.errors.len()
}

/// The records of the JSON Lines dumps at `path` (a dump, or a folder searched for `.jsonl` and
/// `.jsonl.gz`) that `keep` takes, in file order; a bad line is a warning naming its dump and
/// line, a path that cannot be listed or opened an error.
pub fn dump_records(
    path: &Path,
    mut keep: impl FnMut(&rasd_reader::corpus::Record) -> bool,
) -> anyhow::Result<Vec<rasd_reader::corpus::Record>> {
    let listing = rasd_ingest::expand(std::slice::from_ref(&path.to_owned()), &["gz", "jsonl"]);
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
