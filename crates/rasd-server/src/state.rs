//! What every request shares: a pool of read-only store connections and the search index.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use rasd_search::{SearchError, SearchIndex};
use rasd_store::Store;
use tokio::sync::Semaphore;

use crate::{ApiError, ServerError};

/// The server's state.
pub struct AppState {
    data_dir: PathBuf,
    idle: Mutex<Vec<Store>>,
    readers: Semaphore,
    /// The index and the time its version file was written (a rebuild writes a new one).
    index: RwLock<Option<(Arc<SearchIndex>, Option<SystemTime>)>>,
    cache: crate::cache::ResponseCache,
    caching: bool,
    hosts: crate::guard::HostPolicy,
}

/// When the version file of the index in `dir` was written.
fn built_at(dir: &Path) -> Option<SystemTime> {
    std::fs::metadata(dir.join(rasd_search::VERSION_FILE))
        .and_then(|m| m.modified())
        .ok()
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
            index: RwLock::new(Some((Arc::new(index), built_at(&dir)))),
            cache: Default::default(),
            caching: true,
            hosts: crate::guard::HostPolicy::loopback(),
        })
    }

    /// Whether answers are kept between requests (on unless turned off).
    pub fn caching(&self) -> bool {
        self.caching
    }

    /// Turns keeping answers on or off.
    pub fn set_caching(&mut self, on: bool) {
        self.caching = on;
    }

    /// The `Host` headers answered ([`HostPolicy::loopback`](crate::HostPolicy::loopback)
    /// unless set).
    pub fn hosts(&self) -> &crate::guard::HostPolicy {
        &self.hosts
    }

    /// Sets the `Host` headers answered.
    pub fn set_hosts(&mut self, hosts: crate::guard::HostPolicy) {
        self.hosts = hosts;
    }

    /// The answers kept between requests.
    pub fn cache(&self) -> &crate::cache::ResponseCache {
        &self.cache
    }

    /// The search index, if any.
    pub fn index(&self) -> Option<Arc<SearchIndex>> {
        self.index
            .read()
            .ok()
            .and_then(|i| i.as_ref().map(|(index, _)| index.clone()))
    }

    /// Opens the index again if it was rebuilt since it was opened (`rasd ingest` or `rasd
    /// index` ran); whether it was.
    pub fn refresh_index(&self) -> bool {
        let dir = rasd_search::index_dir(&self.data_dir);
        let now = built_at(&dir);
        let opened = self
            .index
            .read()
            .ok()
            .and_then(|i| i.as_ref().map(|(_, at)| *at));
        if now.is_none() || opened == Some(now) {
            return false;
        }
        match SearchIndex::open(&dir) {
            Ok(index) => {
                if let Ok(mut slot) = self.index.write() {
                    *slot = Some((Arc::new(index), now));
                }
                tracing::info!("reopened the search index in {}", dir.display());
                true
            }
            Err(e) => {
                tracing::warn!(
                    "the search index in {} could not be reopened: {e}",
                    dir.display()
                );
                false
            }
        }
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
