//! What a watcher remembers across runs, in `<data-dir>/watch.json`: each URL's validators and
//! the hash of its last body, each feed's items already ingested, each file's fingerprint.
//!
//! The file is rewritten whole (to a temporary file renamed over it, so a crash leaves the old
//! or the new one, never half of one). Losing it costs refetching, never duplicates: the store
//! knows its articles by content hash.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::fetch::Validators;

/// The state file's name in the data directory.
pub const STATE_FILE: &str = "watch.json";
/// The state file's format.
const STATE_VERSION: u32 = 1;

/// A body's SHA-256, in hex: an unchanged body is known even when its server sends no
/// validators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BodyHash(String);

impl BodyHash {
    /// The hash of `body`.
    pub fn of(body: &[u8]) -> BodyHash {
        let digest = Sha256::digest(body);
        BodyHash(digest.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The hash in hex.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What is remembered of one URL (a feed or a page: a URL is told by its content).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrlState {
    /// The validators of its last answer.
    #[serde(default)]
    pub validators: Validators,
    /// The hash of its last body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<BodyHash>,
    /// For a feed: the ids of its items already ingested (those still in the feed).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub seen_items: BTreeSet<String>,
}

/// A file's size and modification time: a file whose fingerprint changed is read again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFingerprint {
    /// Bytes.
    pub len: u64,
    /// Modification time, nanoseconds since the Unix epoch (0 when the system gives none).
    pub modified_ns: u128,
}

impl FileFingerprint {
    /// The fingerprint of the file at `path` now.
    pub fn of(path: &Path) -> std::io::Result<FileFingerprint> {
        let meta = std::fs::metadata(path)?;
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        Ok(FileFingerprint {
            len: meta.len(),
            modified_ns,
        })
    }
}

/// Everything a watcher remembers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatchState {
    version: u32,
    /// By URL (as given, normalized by the URL parser).
    #[serde(default)]
    pub urls: BTreeMap<String, UrlState>,
    /// By file path (canonical when it can be made so).
    #[serde(default)]
    pub files: BTreeMap<PathBuf, FileFingerprint>,
}

/// Why the state could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StateError {
    /// Reading or writing the file failed.
    #[error("{}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a watch state this rasd can read.
    #[error("{} is not a watch state rasd can read (delete it to start afresh)", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
}

impl WatchState {
    /// The state kept in `data_dir`, or an empty one when there is none yet.
    pub fn load(data_dir: &Path) -> Result<WatchState, StateError> {
        let path = data_dir.join(STATE_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(WatchState {
                    version: STATE_VERSION,
                    ..WatchState::default()
                });
            }
            Err(source) => return Err(StateError::Io { path, source }),
        };
        let state: WatchState =
            serde_json::from_slice(&bytes).map_err(|source| StateError::Format {
                path: path.clone(),
                source,
            })?;
        Ok(state)
    }

    /// Writes the state to `data_dir` (a temporary file renamed over the old one).
    pub fn save(&self, data_dir: &Path) -> Result<(), StateError> {
        let path = data_dir.join(STATE_FILE);
        let tmp = data_dir.join(format!("{STATE_FILE}.tmp"));
        let io = |source| StateError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(data_dir).map_err(io)?;
        let mut state = self.clone();
        state.version = STATE_VERSION;
        let json = serde_json::to_vec(&state).map_err(|source| StateError::Format {
            path: path.clone(),
            source,
        })?;
        std::fs::write(&tmp, json).map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_through_the_data_directory() {
        let dir = std::env::temp_dir().join(format!("rasd-watch-state-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(WatchState::load(&dir).unwrap().urls.len(), 0);
        let mut state = WatchState::default();
        state.urls.insert(
            "http://example.invalid/feed".into(),
            UrlState {
                validators: Validators {
                    etag: Some("\"v1\"".into()),
                    last_modified: None,
                },
                body: Some(BodyHash::of(b"<rss/>")),
                seen_items: ["a".to_owned(), "b".to_owned()].into(),
            },
        );
        state.files.insert(
            PathBuf::from("/x/a.txt"),
            FileFingerprint {
                len: 3,
                modified_ns: 7,
            },
        );
        state.save(&dir).unwrap();
        let mut loaded = WatchState::load(&dir).unwrap();
        loaded.version = 0;
        assert_eq!(loaded, state);
        std::fs::write(dir.join(STATE_FILE), b"{").unwrap();
        assert!(matches!(
            WatchState::load(&dir),
            Err(StateError::Format { .. })
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
