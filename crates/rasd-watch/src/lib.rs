//! Keeping a rasd store current: polling folders, feeds and pages, politely, and remembering
//! what was seen across runs.
//!
//! # Brief overview
//! - A [`WatchSource`] is a folder (or file) or an http(s) URL, parsed from what the user
//!   typed. A URL is a feed (RSS, Atom, JSON Feed) or a page, told apart by its content.
//! - A [`Watcher`] polls its sources once per [`Watcher::poll`] and hands back a [`Harvest`]:
//!   the folders' new or changed files, the documents of new feed items and changed pages,
//!   the errors (each naming its source) and notes (robots.txt refusals), and the
//!   [`StateUpdate`] to remember. The caller ingests, then calls [`Watcher::commit`]: what
//!   was harvested is remembered only once it is stored, so a crash in between refetches
//!   rather than loses.
//! - The [`fetch::Fetcher`] sends every request: conditional (ETag / Last-Modified, 304
//!   understood), robots.txt read once per host per run ([`robots::Robots`]), a minimum
//!   interval between requests to one host, retries with exponential backoff on 5xx,
//!   timeouts and broken connections (never on 4xx), a size cap on bodies, redirects followed
//!   by hand and bounded. It is made only when a source is a URL: without URLs nothing
//!   touches the network.
//! - [`state::WatchState`] is what is remembered, in `<data-dir>/watch.json`.
//!
//! A feed item that carries its content is read as it is; one that carries only a summary
//! is replaced by the page it links to (read by `rasd-web`'s extraction, the item's title,
//! date and author filling what the page lacks).
//!
//! ```
//! use rasd_watch::{WatchSource, Watcher, StopSignal, fetch::FetchConfig};
//! let dir = std::env::temp_dir().join(format!("rasd-watch-doc-{}", std::process::id()));
//! let news = dir.join("news");
//! std::fs::create_dir_all(&news)?;
//! std::fs::write(news.join("a.txt"), "عنوان\n\nنص الخبر.")?;
//! assert!(matches!("https://example.invalid/feed".parse()?, WatchSource::Url(_)));
//! let sources = vec![WatchSource::Folder(news.clone())];
//! let mut watcher = Watcher::new(sources, &dir, FetchConfig::new("rasd/0 (+https://example.invalid)"))?;
//! let list = |folder: &std::path::Path| vec![folder.join("a.txt")];
//! let harvest = watcher.poll(&mut { list }, &StopSignal::new());
//! assert_eq!(harvest.files.len(), 1);
//! watcher.commit(harvest.update)?; // after storing what was harvested
//! assert!(watcher.poll(&mut { list }, &StopSignal::new()).files.is_empty());
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod fetch;
pub mod robots;
pub mod state;
#[cfg(test)]
mod testing;

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use rasd_reader::{Document, ReadError};
use rasd_web::feed::{FeedError, FeedItem};
use url::Url;

use crate::fetch::{FetchConfig, FetchError, FetchOutcome, Fetched, Fetcher};
use crate::state::{BodyHash, FileFingerprint, StateError, UrlState, WatchState};

/// The lock file that keeps two watchers off one data directory.
pub const LOCK_FILE: &str = "watch.lock";

/// What is watched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WatchSource {
    /// A folder (its new or changed files are read) or a single file.
    Folder(PathBuf),
    /// A feed or a page.
    Url(Url),
}

impl FromStr for WatchSource {
    type Err = WatchError;

    /// `http://…` and `https://…` are URLs; anything else with `://` is refused; the rest are
    /// paths.
    fn from_str(s: &str) -> Result<WatchSource, WatchError> {
        let lower = s.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return Url::parse(s)
                .map(WatchSource::Url)
                .map_err(|source| WatchError::BadUrl {
                    given: s.to_owned(),
                    source,
                });
        }
        if s.contains("://") {
            return Err(WatchError::UnsupportedScheme {
                given: s.to_owned(),
            });
        }
        Ok(WatchSource::Folder(PathBuf::from(s)))
    }
}

impl fmt::Display for WatchSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WatchSource::Folder(p) => write!(f, "{}", p.display()),
            WatchSource::Url(u) => write!(f, "{u}"),
        }
    }
}

/// Everything that can go wrong while watching; each names its source.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WatchError {
    /// A source that looks like a URL but is not one.
    #[error("{given}: not a URL")]
    BadUrl {
        /// What was given.
        given: String,
        /// Why.
        #[source]
        source: url::ParseError,
    },
    /// A URL of another scheme than http or https.
    #[error("{given}: only http and https URLs (and paths) can be watched")]
    UnsupportedScheme {
        /// What was given.
        given: String,
    },
    /// A request failed.
    #[error("{url}")]
    Fetch {
        /// The address.
        url: Url,
        /// Why.
        #[source]
        source: Box<FetchError>,
    },
    /// What looked like a feed could not be read as one.
    #[error("{url}")]
    Feed {
        /// The feed's address.
        url: Url,
        /// Why.
        #[source]
        source: FeedError,
    },
    /// A page or feed item without article text.
    #[error("{reason}")]
    Page {
        /// The address.
        url: Url,
        /// Why (naming the address).
        reason: Box<ReadError>,
    },
    /// An answer that is neither a feed nor an HTML page.
    #[error("{url}: neither a feed nor an HTML page ({})", media_type.as_deref().unwrap_or("no Content-Type"))]
    NotFeedOrPage {
        /// The address.
        url: Url,
        /// The answer's media type.
        media_type: Option<String>,
    },
    /// A file whose fingerprint could not be taken.
    #[error("{}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Another watcher holds the data directory.
    #[error("another `rasd watch` keeps {} current already", dir.display())]
    AlreadyWatched {
        /// The data directory.
        dir: PathBuf,
    },
    /// The watch lock could not be taken.
    #[error("locking {}", path.display())]
    Lock {
        /// The lock file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The state could not be read or written.
    #[error("the watch state")]
    State(#[from] StateError),
}

/// Something worth a log line that is no error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// robots.txt disallows the address; it was not fetched (said once per run).
    Disallowed {
        /// The address.
        url: Url,
    },
    /// A summary-only feed item whose page could not be fetched or read for a reason that
    /// will not pass: the item's summary was kept instead.
    SummaryKept {
        /// The item's link.
        url: Url,
        /// Why the page was not used.
        reason: String,
    },
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::Disallowed { url } => write!(f, "{url}: disallowed by robots.txt; skipped"),
            Note::SummaryKept { url, reason } => {
                write!(f, "{url}: {reason}; the feed's summary is kept instead")
            }
        }
    }
}

/// A document made from what was fetched: a feed item, or a page.
#[derive(Clone, Debug)]
pub struct FetchedDocument {
    /// Its name in messages and in the store: the article's address (else `feed#item`).
    pub name: String,
    /// The document.
    pub document: Document,
}

/// What to remember once a harvest is stored ([`Watcher::commit`]).
#[derive(Clone, Debug, Default)]
pub struct StateUpdate {
    urls: Vec<(String, UrlState)>,
    folders: Vec<(PathBuf, BTreeMap<PathBuf, FileFingerprint>)>,
}

impl StateUpdate {
    /// Whether there is nothing to remember.
    pub fn is_empty(&self) -> bool {
        self.urls.is_empty() && self.folders.is_empty()
    }
}

/// What one poll found.
#[derive(Debug, Default)]
pub struct Harvest {
    /// Sources polled.
    pub polled: usize,
    /// New or changed files of the folders, to read as `rasd ingest` reads files.
    pub files: Vec<PathBuf>,
    /// Documents of new feed items and changed pages.
    pub documents: Vec<FetchedDocument>,
    /// What failed; the other sources were polled all the same.
    pub errors: Vec<WatchError>,
    /// Log lines that are no errors.
    pub notes: Vec<Note>,
    /// What to remember once the harvest is stored.
    pub update: StateUpdate,
}

/// A request to stop, shared between the thread that watches and the one that asks (Ctrl-C,
/// a server shutting down): polls stop between items, and the wait between cycles ends.
#[derive(Clone, Debug, Default)]
pub struct StopSignal(Arc<(Mutex<bool>, Condvar)>);

impl StopSignal {
    /// Not stopped.
    pub fn new() -> StopSignal {
        StopSignal::default()
    }

    /// Asks to stop.
    pub fn stop(&self) {
        let (flag, wake) = &*self.0;
        if let Ok(mut stopped) = flag.lock() {
            *stopped = true;
        }
        wake.notify_all();
    }

    /// Whether stopping was asked.
    pub fn is_stopped(&self) -> bool {
        self.0.0.lock().map_or(true, |s| *s)
    }

    /// Waits `duration` or until stopping is asked; whether it was.
    pub fn wait(&self, duration: Duration) -> bool {
        let (flag, wake) = &*self.0;
        let Ok(guard) = flag.lock() else {
            return true;
        };
        wake.wait_timeout_while(guard, duration, |stopped| !*stopped)
            .map_or(true, |(stopped, _)| *stopped)
    }
}

/// Keeps a data directory's store current from its sources (see the crate's overview).
pub struct Watcher {
    sources: Vec<WatchSource>,
    data_dir: PathBuf,
    state: WatchState,
    fetcher: Option<Fetcher>,
    /// Disallowed addresses already noted this run.
    noted: HashSet<Url>,
    _lock: std::fs::File,
}

impl Watcher {
    /// A watcher of `sources` for the store in `data_dir` (created if needed), remembering
    /// what it sees in `data_dir`'s [`state::STATE_FILE`]. Only one watcher may hold a data
    /// directory; the fetcher is made only when a source is a URL.
    pub fn new(
        sources: Vec<WatchSource>,
        data_dir: &Path,
        fetch: FetchConfig,
    ) -> Result<Watcher, WatchError> {
        use fs4::fs_std::FileExt;
        let path = data_dir.join(LOCK_FILE);
        let lock_err = |source| WatchError::Lock {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(data_dir).map_err(lock_err)?;
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(lock_err)?;
        if !FileExt::try_lock_exclusive(&lock).map_err(lock_err)? {
            return Err(WatchError::AlreadyWatched {
                dir: data_dir.to_owned(),
            });
        }
        let state = WatchState::load(data_dir)?;
        let fetcher = sources
            .iter()
            .any(|s| matches!(s, WatchSource::Url(_)))
            .then(|| Fetcher::new(fetch));
        Ok(Watcher {
            sources,
            data_dir: data_dir.to_owned(),
            state,
            fetcher,
            noted: HashSet::new(),
            _lock: lock,
        })
    }

    /// The sources watched.
    pub fn sources(&self) -> &[WatchSource] {
        &self.sources
    }

    /// Whether this watcher may touch the network (some source is a URL).
    pub fn uses_network(&self) -> bool {
        self.fetcher.is_some()
    }

    /// Polls every source once. `list_folder` lists a folder's files to read (the caller's
    /// listing, so that watching reads exactly what `rasd ingest` would; it reports its own
    /// listing errors). Stops early, between items, when `stop` is asked; what was not
    /// reached is polled again next time.
    pub fn poll(
        &mut self,
        list_folder: &mut dyn FnMut(&Path) -> Vec<PathBuf>,
        stop: &StopSignal,
    ) -> Harvest {
        let mut harvest = Harvest::default();
        for source in self.sources.clone() {
            if stop.is_stopped() {
                break;
            }
            harvest.polled += 1;
            match source {
                WatchSource::Folder(folder) => self.poll_folder(&folder, list_folder, &mut harvest),
                WatchSource::Url(url) => self.poll_url(&url, stop, &mut harvest),
            }
        }
        harvest
    }

    /// Remembers what a harvest found, once it is stored, in the state file.
    pub fn commit(&mut self, update: StateUpdate) -> Result<(), WatchError> {
        for (url, state) in update.urls {
            self.state.urls.insert(url, state);
        }
        for (folder, files) in update.folders {
            self.state
                .files
                .retain(|path, _| !path.starts_with(&folder));
            self.state.files.extend(files);
        }
        self.state.save(&self.data_dir)?;
        Ok(())
    }

    fn poll_folder(
        &mut self,
        folder: &Path,
        list_folder: &mut dyn FnMut(&Path) -> Vec<PathBuf>,
        harvest: &mut Harvest,
    ) {
        let root = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_owned());
        let mut seen = BTreeMap::new();
        for file in list_folder(folder) {
            let key = std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
            match FileFingerprint::of(&file) {
                Ok(fingerprint) => {
                    if self.state.files.get(&key) != Some(&fingerprint) {
                        harvest.files.push(file);
                    }
                    seen.insert(key, fingerprint);
                }
                Err(source) => harvest.errors.push(WatchError::File { path: file, source }),
            }
        }
        harvest.update.folders.push((root, seen));
    }

    fn poll_url(&mut self, url: &Url, stop: &StopSignal, harvest: &mut Harvest) {
        let Some(fetcher) = self.fetcher.as_mut() else {
            return;
        };
        let old = self
            .state
            .urls
            .get(url.as_str())
            .cloned()
            .unwrap_or_default();
        let fetched = match fetcher.get(url, &old.validators) {
            Ok(FetchOutcome::NotModified) => return,
            Ok(FetchOutcome::Disallowed { url: refused }) => {
                if self.noted.insert(refused.clone()) {
                    harvest.notes.push(Note::Disallowed { url: refused });
                }
                return;
            }
            Ok(FetchOutcome::Fetched(f)) => f,
            Err(source) => {
                harvest.errors.push(WatchError::Fetch {
                    url: url.clone(),
                    source: Box::new(source),
                });
                return;
            }
        };
        let body = BodyHash::of(&fetched.body);
        let mut new = UrlState {
            validators: fetched.validators.clone(),
            body: Some(body.clone()),
            seen_items: old.seen_items.clone(),
        };
        if old.body.as_ref() == Some(&body) {
            // The server sent no validators (or new ones for the same bytes): nothing new.
            harvest.update.urls.push((url.to_string(), new));
            return;
        }
        if looks_like_feed(&fetched) {
            match rasd_web::feed::items(&fetched.body) {
                Ok(items) => {
                    let complete = self.feed_items(&fetched.url, items, &mut new, stop, harvest);
                    if !complete {
                        // An item to try again: the feed must be read whole next time, so
                        // its validators and hash are not remembered.
                        new.validators = old.validators;
                        new.body = old.body;
                    }
                    harvest.update.urls.push((url.to_string(), new));
                }
                Err(source) => harvest.errors.push(WatchError::Feed {
                    url: url.clone(),
                    source,
                }),
            }
        } else if rasd_web::is_html(&fetched.body)
            || fetched.media_type.as_deref() == Some("text/html")
        {
            match rasd_web::read_fetched_page(
                &fetched.body,
                fetched.charset.as_deref(),
                fetched.url.as_str(),
            ) {
                Ok(document) => {
                    harvest.documents.push(FetchedDocument {
                        name: fetched.url.to_string(),
                        document,
                    });
                    harvest.update.urls.push((url.to_string(), new));
                }
                Err(e) => {
                    harvest.errors.push(WatchError::Page {
                        url: url.clone(),
                        reason: Box::new(e.with_path(Path::new(url.as_str()))),
                    });
                    // The same bytes would fail the same way: remember them.
                    harvest.update.urls.push((url.to_string(), new));
                }
            }
        } else {
            harvest.errors.push(WatchError::NotFeedOrPage {
                url: url.clone(),
                media_type: fetched.media_type,
            });
        }
    }

    /// Harvests a feed's new items; `state.seen_items` becomes the ids of the feed's items
    /// done (new or seen before). Whether every item was done.
    fn feed_items(
        &mut self,
        feed_url: &Url,
        items: Vec<FeedItem>,
        state: &mut UrlState,
        stop: &StopSignal,
        harvest: &mut Harvest,
    ) -> bool {
        let before = std::mem::take(&mut state.seen_items);
        let mut complete = true;
        for (n, item) in items.into_iter().enumerate() {
            let key = item_key(&item);
            if before.contains(&key) {
                state.seen_items.insert(key);
                continue;
            }
            if stop.is_stopped() {
                complete = false;
                continue;
            }
            let link = item
                .page
                .meta
                .url
                .as_deref()
                .and_then(|l| feed_url.join(l).ok());
            let name = link
                .as_ref()
                .map_or_else(|| format!("{feed_url}#{}", n + 1), Url::to_string);
            let document = match (&link, item.summary_only) {
                (Some(link), true) if matches!(link.scheme(), "http" | "https") => {
                    match self.item_page(&item, link, harvest) {
                        Some(doc) => doc,
                        None => {
                            complete = false;
                            continue;
                        }
                    }
                }
                _ => rasd_web::read_feed_item(&item),
            };
            match document {
                Ok(document) => harvest.documents.push(FetchedDocument { name, document }),
                Err(e) => harvest.errors.push(WatchError::Page {
                    url: link.unwrap_or_else(|| feed_url.clone()),
                    reason: Box::new(e.with_path(Path::new(&name))),
                }),
            }
            state.seen_items.insert(key);
        }
        complete
    }

    /// The document of a summary-only item: its page, else its summary when the page will
    /// not be had (disallowed, refused with 4xx, without text). `None` when the failure may
    /// pass (the item is tried again next time), after noting the error.
    fn item_page(
        &mut self,
        item: &FeedItem,
        link: &Url,
        harvest: &mut Harvest,
    ) -> Option<Result<Document, ReadError>> {
        let fetcher = self.fetcher.as_mut()?;
        let summary = |reason: String, harvest: &mut Harvest| {
            harvest.notes.push(Note::SummaryKept {
                url: link.clone(),
                reason,
            });
            Some(rasd_web::read_feed_item(item))
        };
        match fetcher.get(link, &fetch::Validators::none()) {
            Ok(FetchOutcome::Fetched(page)) => match rasd_web::read_feed_item_page(
                item,
                &page.body,
                page.charset.as_deref(),
                page.url.as_str(),
            ) {
                Ok(doc) => Some(Ok(doc)),
                Err(_) => summary("no article text in the page".to_owned(), harvest),
            },
            Ok(FetchOutcome::Disallowed { url }) => {
                if self.noted.insert(url.clone()) {
                    harvest.notes.push(Note::Disallowed { url });
                }
                Some(rasd_web::read_feed_item(item))
            }
            // Unconditional requests are never answered 304; take it as no page.
            Ok(FetchOutcome::NotModified) => Some(rasd_web::read_feed_item(item)),
            Err(FetchError::Status { status, .. }) if (400..500).contains(&status) => {
                summary(format!("HTTP status {status}"), harvest)
            }
            Err(source) => {
                harvest.errors.push(WatchError::Fetch {
                    url: link.clone(),
                    source: Box::new(source),
                });
                None
            }
        }
    }
}

/// Whether a fetched body is a feed: by its content, else by its media type.
fn looks_like_feed(fetched: &Fetched) -> bool {
    rasd_web::feed::is_feed(&fetched.body)
        || fetched.media_type.as_deref().is_some_and(|m| {
            m.contains("rss") || m.contains("atom") || m == "application/feed+json"
        })
}

/// An item's identity in its feed: its id (the guid, else the link), else a hash of its title
/// and text.
fn item_key(item: &FeedItem) -> String {
    if !item.id.is_empty() {
        return item.id.clone();
    }
    let mut text = item.page.meta.title.clone().unwrap_or_default();
    for (_, block) in &item.page.main.blocks {
        text.push('\n');
        text.push_str(block);
    }
    format!("sha256:{}", BodyHash::of(text.as_bytes()).as_str())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;
    use crate::testing::{Reply, Server, config};

    const PROSE: &str =
        "جملة طويلة بما يكفي لتكون فقرة من نص المقال، فيها فاصلة ونقطة في آخرها وكلمات كثيرة.";

    fn rss(base: &Url) -> String {
        format!(
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>الموقع</title>
<item><guid>full</guid><title>خبر كامل</title><link>{base}full</link>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>نص الخبر الكامل في الخلاصة.</p>]]></content:encoded></item>
<item><guid>short</guid><title>عنوان من الخلاصة</title><link>/article/1</link>
<pubDate>Tue, 02 Mar 2021 10:00:00 GMT</pubDate><description>ملخص</description></item>
<item><guid>closed</guid><title>خبر محجوب</title><link>/private/2</link><description>ملخص المحجوب</description></item>
<item><guid>flaky</guid><title>خبر متعثر</title><link>/flaky/3</link><description>ملخص المتعثر</description></item>
</channel></rss>"#
        )
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("rasd-watch-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn no_folders(_: &Path) -> Vec<PathBuf> {
        Vec::new()
    }

    #[test]
    fn a_feed_its_pages_then_304_and_a_restart() {
        // /flaky/3 fails until `healed`; the feed answers 304 to its ETag.
        let healed = Arc::new(AtomicBool::new(false));
        let server = {
            let healed = healed.clone();
            let base = Arc::new(Mutex::new(None::<Url>));
            let server_base = base.clone();
            let server = Server::start(move |req, _| {
                let base = server_base.lock().unwrap().clone().unwrap();
                match req.path.as_str() {
                    "/robots.txt" => Reply::new(200, "User-agent: *\nDisallow: /private/\n"),
                    "/feed.xml" if req.header("if-none-match") == Some("\"v1\"") => {
                        Reply::new(304, "")
                    }
                    "/feed.xml" => Reply::new(200, rss(&base)).header("ETag", "\"v1\""),
                    "/article/1" => Reply::new(
                        200,
                        format!("<html><body><article><p>{PROSE}</p></article></body></html>"),
                    )
                    .header("Content-Type", "text/html"),
                    "/flaky/3" if !healed.load(Ordering::SeqCst) => Reply::new(503, ""),
                    "/flaky/3" => Reply::new(
                        200,
                        format!("<html><body><article><p>{PROSE} ثالث</p></article></body></html>"),
                    ),
                    _ => Reply::new(404, ""),
                }
            });
            *base.lock().unwrap() = Some(server.url("/"));
            server
        };
        let dir = scratch("feed");
        let sources = vec![WatchSource::Url(server.url("/feed.xml"))];
        let mut watcher = Watcher::new(sources.clone(), &dir, config()).unwrap();
        assert!(watcher.uses_network());
        let stop = StopSignal::new();

        let harvest = watcher.poll(&mut no_folders, &stop);
        assert_eq!(harvest.polled, 1);
        let names: Vec<&str> = harvest.documents.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            [
                server.url("/full").as_str(),
                server.url("/article/1").as_str(),
                server.url("/private/2").as_str()
            ]
        );
        // The summary-only item became its page, the item's title and date filling in.
        let page = &harvest.documents[1].document;
        let article = &page.articles[0];
        assert_eq!(article.title.as_ref().unwrap().text, "عنوان من الخلاصة");
        assert_eq!(article.published.as_ref().unwrap().date, "2021-03-02");
        assert_eq!(article.body(&page.text), PROSE);
        // The disallowed page was not fetched: its summary stands, with a note.
        assert!(server.requests("/private/2").is_empty());
        assert_eq!(
            harvest.notes,
            [Note::Disallowed {
                url: server.url("/private/2")
            }]
        );
        // The flaky page failed after its retries, naming its address.
        assert_eq!(harvest.errors.len(), 1, "{:?}", harvest.errors);
        assert!(harvest.errors[0].to_string().contains("/flaky/3"));
        assert_eq!(server.requests("/flaky/3").len(), 3);
        watcher.commit(harvest.update).unwrap();

        // The flaky item is still to do, so the feed is read whole again (no validators
        // sent) and only that item is fetched.
        healed.store(true, Ordering::SeqCst);
        let harvest = watcher.poll(&mut no_folders, &stop);
        assert!(harvest.errors.is_empty(), "{:?}", harvest.errors);
        assert_eq!(harvest.documents.len(), 1);
        assert_eq!(harvest.documents[0].name, server.url("/flaky/3").as_str());
        assert_eq!(
            server.requests("/feed.xml")[1].header("if-none-match"),
            None
        );
        assert_eq!(server.requests("/article/1").len(), 1);
        watcher.commit(harvest.update).unwrap();

        // Now the feed is asked conditionally and answers 304.
        let harvest = watcher.poll(&mut no_folders, &stop);
        assert!(harvest.documents.is_empty() && harvest.errors.is_empty());
        assert_eq!(
            server.requests("/feed.xml")[2].header("if-none-match"),
            Some("\"v1\"")
        );
        watcher.commit(harvest.update).unwrap();
        assert_eq!(server.requests("/robots.txt").len(), 1);

        // A restart remembers the validators and the items seen.
        drop(watcher);
        let mut watcher = Watcher::new(sources, &dir, config()).unwrap();
        let harvest = watcher.poll(&mut no_folders, &stop);
        assert!(harvest.documents.is_empty() && harvest.errors.is_empty());
        assert_eq!(server.requests("/feed.xml").len(), 4);
        assert_eq!(server.requests("/robots.txt").len(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_page_url_is_read_when_it_changes() {
        let version = Arc::new(Mutex::new(1));
        let server = {
            let version = version.clone();
            Server::start(move |req, _| match req.path.as_str() {
                "/robots.txt" => Reply::new(404, ""),
                "/story" => {
                    let v = *version.lock().unwrap();
                    Reply::new(
                        200,
                        format!("<html><body><article><p>{PROSE} {v}</p></article></body></html>"),
                    )
                }
                "/data.bin" => Reply::new(200, vec![0u8, 1, 2])
                    .header("Content-Type", "application/octet-stream"),
                _ => Reply::new(404, ""),
            })
        };
        let dir = scratch("page");
        let sources = vec![
            WatchSource::Url(server.url("/story")),
            WatchSource::Url(server.url("/gone")),
            WatchSource::Url(server.url("/data.bin")),
        ];
        let mut watcher = Watcher::new(sources, &dir, config()).unwrap();
        let stop = StopSignal::new();
        let harvest = watcher.poll(&mut no_folders, &stop);
        assert_eq!(harvest.polled, 3);
        assert_eq!(harvest.documents.len(), 1);
        let errors: Vec<String> = harvest.errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("/gone"), "{errors:?}");
        assert!(
            errors[1].contains("/data.bin") && errors[1].contains("application/octet-stream"),
            "{errors:?}"
        );
        watcher.commit(harvest.update).unwrap();
        // Unchanged bytes (no validators from this server): nothing new.
        assert!(watcher.poll(&mut no_folders, &stop).documents.is_empty());
        *version.lock().unwrap() = 2;
        assert_eq!(watcher.poll(&mut no_folders, &stop).documents.len(), 1);
        // Two watchers cannot share a data directory.
        assert!(matches!(
            Watcher::new(Vec::new(), &dir, config()),
            Err(WatchError::AlreadyWatched { .. })
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn folders_yield_new_and_changed_files_and_never_touch_the_network() {
        let dir = scratch("folder");
        let news = dir.join("news");
        std::fs::create_dir_all(&news).unwrap();
        std::fs::write(news.join("a.txt"), "أ").unwrap();
        let mut list = |folder: &Path| {
            let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            files
        };
        let data = dir.join("data");
        let mut watcher =
            Watcher::new(vec![WatchSource::Folder(news.clone())], &data, config()).unwrap();
        assert!(!watcher.uses_network());
        let stop = StopSignal::new();
        let harvest = watcher.poll(&mut list, &stop);
        assert_eq!(harvest.files, [news.join("a.txt")]);
        watcher.commit(harvest.update).unwrap();
        assert!(watcher.poll(&mut list, &stop).files.is_empty());
        std::fs::write(news.join("b.txt"), "ب").unwrap();
        std::fs::write(news.join("a.txt"), "أأ").unwrap();
        let harvest = watcher.poll(&mut list, &stop);
        assert_eq!(harvest.files, [news.join("a.txt"), news.join("b.txt")]);
        // Not committed (as when storing failed): offered again.
        assert_eq!(watcher.poll(&mut list, &stop).files.len(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn sources_parse() {
        assert!(matches!(
            "HTTPS://x.invalid/f".parse(),
            Ok(WatchSource::Url(_))
        ));
        assert!(matches!("news/ar".parse(), Ok(WatchSource::Folder(_))));
        assert!(matches!(
            "ftp://x.invalid/f".parse::<WatchSource>(),
            Err(WatchError::UnsupportedScheme { .. })
        ));
        assert!(matches!(
            "http://".parse::<WatchSource>(),
            Err(WatchError::BadUrl { .. })
        ));
    }

    #[test]
    fn a_stop_ends_the_wait() {
        let stop = StopSignal::new();
        assert!(!stop.wait(Duration::from_millis(1)));
        let other = stop.clone();
        let t = std::thread::spawn(move || other.wait(Duration::from_secs(600)));
        stop.stop();
        assert!(t.join().unwrap());
        assert!(stop.is_stopped());
    }
}
