//! JSON Lines news dumps (optionally gzipped): one article per line with at least a `text`
//! field, as in the news corpus of `../shared/data/news-corpus` and common crawl exports.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

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

/// Open a JSONL file (gzipped when its name ends in `.gz`) and iterate its records. A line
/// that is not a record yields an error naming its line number; iteration goes on.
pub fn records(path: &Path) -> std::io::Result<impl Iterator<Item = Result<Record, String>>> {
    let file = File::open(path)?;
    let reader: Box<dyn BufRead> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(BufReader::with_capacity(
            1 << 20,
            flate2::read::MultiGzDecoder::new(file),
        ))
    } else {
        Box::new(BufReader::with_capacity(1 << 20, file))
    };
    let name = path.display().to_string();
    Ok(reader
        .lines()
        .enumerate()
        .filter_map(move |(n, line)| match line {
            Ok(l) if l.trim().is_empty() => None,
            Ok(l) => Some(
                serde_json::from_str::<Record>(&l).map_err(|e| format!("{name}:{}: {e}", n + 1)),
            ),
            Err(e) => Some(Err(format!("{name}:{}: {e}", n + 1))),
        }))
}
