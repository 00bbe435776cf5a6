//! Answers kept between requests: the store changes only when a writer (`rasd ingest`, `rasd
//! watch`, the watcher of `rasd serve --watch`) stores articles, so an answer holds until the
//! store's generation ([`rasd_store::Store::generation`]) moves on.
//!
//! The cache is a layer over `/api/v1`: a successful GET is kept by its path and query, up to
//! [`MAX_ENTRIES`] answers and [`MAX_BYTES`] in all (the oldest go first). The generation is
//! read again at most every [`RECHECK`] (and the search index reopened if it was rebuilt); when
//! either has moved, everything is dropped.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// Answers kept at most.
pub const MAX_ENTRIES: usize = 1024;
/// Bytes of answers kept at most.
pub const MAX_BYTES: usize = 64 << 20;
/// How often the store's generation is read.
pub const RECHECK: Duration = Duration::from_secs(1);
/// The largest answer kept (larger ones are sent, not kept).
const MAX_ANSWER_BYTES: usize = 8 << 20;

/// The kept answers.
#[derive(Default)]
pub struct ResponseCache {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    generation: Option<u64>,
    checked: Option<Instant>,
    answers: HashMap<String, Bytes>,
    order: VecDeque<String>,
    bytes: usize,
}

impl Inner {
    fn clear(&mut self) {
        self.answers.clear();
        self.order.clear();
        self.bytes = 0;
    }

    fn put(&mut self, key: String, body: Bytes) {
        if body.len() > MAX_ANSWER_BYTES || self.answers.contains_key(&key) {
            return;
        }
        self.bytes += body.len();
        self.order.push_back(key.clone());
        self.answers.insert(key, body);
        while self.order.len() > MAX_ENTRIES || self.bytes > MAX_BYTES {
            let Some(old) = self.order.pop_front() else {
                break;
            };
            if let Some(b) = self.answers.remove(&old) {
                self.bytes -= b.len();
            }
        }
    }
}

impl ResponseCache {
    /// Answers kept now.
    pub fn len(&self) -> usize {
        self.inner.lock().map_or(0, |i| i.answers.len())
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The middleware: answers a GET from the cache, or runs the handler and keeps a 200 answer.
pub async fn layer(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET || !state.caching() {
        // Without the cache the index is still reopened once rebuilt (by `rasd ingest`, or
        // the watcher of `rasd serve --watch`).
        state.refresh_index();
        return next.run(request).await;
    }
    let key = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |p| p.as_str().to_owned(),
    );
    let cache = state.cache();
    let due = cache
        .inner
        .lock()
        .map(|i| i.checked.is_none_or(|t| t.elapsed() >= RECHECK))
        .unwrap_or(true);
    if due {
        // A failed read keeps the old generation: the handler will say what is wrong.
        let reindexed = state.refresh_index();
        if let Ok(generation) = state.read(|store| Ok(store.generation()?)).await
            && let Ok(mut inner) = cache.inner.lock()
        {
            if inner.generation != Some(generation) || reindexed {
                inner.clear();
                inner.generation = Some(generation);
            }
            inner.checked = Some(Instant::now());
        }
    }
    let hit = cache
        .inner
        .lock()
        .ok()
        .and_then(|i| i.answers.get(&key).cloned());
    if let Some(body) = hit {
        return json(body, "hit");
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, MAX_ANSWER_BYTES * 4).await {
        Ok(bytes) => {
            if let Ok(mut inner) = cache.inner.lock() {
                inner.put(key, bytes.clone());
            }
            let mut response = Response::from_parts(parts, Body::from(bytes));
            response
                .headers_mut()
                .insert("x-rasd-cache", HeaderValue::from_static("miss"));
            response
        }
        Err(e) => crate::ApiError::internal("buffering an answer", &e).into_response(),
    }
}

fn json(body: Bytes, how: &'static str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::HeaderName::from_static("x-rasd-cache"),
                HeaderValue::from_static(how),
            ),
        ],
        body,
    )
        .into_response()
}
