//! The web UI's files, embedded at build time from `assets/` (see build.rs).

use std::sync::Arc;

use axum::Router;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::{ApiError, AppState};

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The file at `path` under `assets/`, with its content type.
pub fn asset(path: &str) -> Option<(&'static str, &'static [u8])> {
    ASSETS
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|&(_, ty, bytes)| (ty, bytes))
}

/// `/` (the UI's page) and `/assets/…`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(|| async { file("index.html") }))
        .route("/assets/{*path}", get(by_path))
}

async fn by_path(Path(path): Path<String>) -> Result<Response, ApiError> {
    if path
        .split(['/', '\\'])
        .any(|segment| segment == ".." || segment == ".")
        || path.starts_with('/')
    {
        return Err(ApiError::bad_request(format!(
            "asset paths may not hold `..` or `.` segments: {path:?}"
        )));
    }
    Ok(file(&path))
}

fn file(path: &str) -> Response {
    match asset(path) {
        Some((ty, bytes)) => (
            [
                (header::CONTENT_TYPE, ty),
                (header::CACHE_CONTROL, "no-cache"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            bytes,
        )
            .into_response(),
        None => ApiError::not_found(format!("no asset {path:?}")).into_response(),
    }
}
