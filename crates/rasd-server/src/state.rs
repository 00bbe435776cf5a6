//! What every request shares: a pool of read-only store connections and the search index.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rasd_search::{SearchError, SearchIndex};
use rasd_store::Store;
use tokio::sync::Semaphore;

use crate::{ApiError, ServerError};

/// The server's state.
pub struct AppState {
    data_dir: PathBuf,
    idle: Mutex<Vec<Store>>,
    readers: Semaphore,
    index: Option<SearchIndex>,
}

impl AppState {
    /// Opens the store of `data_dir` (migrating it if an older rasd wrote it; a missing store
    /// is an error) and its search index (rebuilt when missing or of another version).
    pub fn open(data_dir: &Path, readers: usize) -> Result<AppState, ServerError> {
        if !data_dir.join(rasd_store::DB_FILE).is_file() {
            return Err(rasd_store::StoreError::NoStore {
                dir: data_dir.to_owned(),
            }
            .into());
        }
        // Brings the schema up to date once; the pool's connections only read.
        let writer = Store::open(data_dir)?;
        let dir = rasd_search::index_dir(data_dir);
        let index = match SearchIndex::open(&dir) {
            Ok(index) => index,
            Err(SearchError::NoIndex { .. } | SearchError::Incompatible { .. }) => {
                tracing::warn!("building the search index in {}", dir.display());
                rasd_search::rebuild(&writer, &dir)?;
                SearchIndex::open(&dir)?
            }
            Err(e) => return Err(e.into()),
        };
        drop(writer);
        Ok(AppState {
            data_dir: data_dir.to_owned(),
            idle: Mutex::new(Vec::new()),
            readers: Semaphore::new(readers.max(1)),
            index: Some(index),
        })
    }

    /// A state whose store is `store` and that has no search index (for tests).
    pub fn without_index(data_dir: &Path, readers: usize) -> AppState {
        AppState {
            data_dir: data_dir.to_owned(),
            idle: Mutex::new(Vec::new()),
            readers: Semaphore::new(readers.max(1)),
            index: None,
        }
    }

    /// The search index, if any.
    pub fn index(&self) -> Option<&SearchIndex> {
        self.index.as_ref()
    }

    /// Runs `read` on a read-only connection on a blocking thread, at most `readers` at once.
    pub async fn read<T, F>(self: &std::sync::Arc<Self>, read: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let _permit = self
            .readers
            .acquire()
            .await
            .map_err(|e| ApiError::internal("waiting for a store reader", &e))?;
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let taken = state.idle.lock().map(|mut idle| idle.pop()).ok().flatten();
            let store = match taken {
                Some(s) => s,
                None => Store::open_read_only(&state.data_dir)?,
            };
            let out = read(&store);
            if let Ok(mut idle) = state.idle.lock() {
                idle.push(store);
            }
            out
        })
        .await
        .map_err(|e| ApiError::internal("reading the store", &e))?
    }
}
