//! `rasd serve`: the HTTP API over the store and the search index, and the web UI.
//!
//! # Brief overview
//! - [`router`] builds the axum [`Router`]: the JSON API under `/api/v1` ([`api`]; described by
//!   the OpenAPI document at `/api/v1/openapi.json`), the UI's `index.html` at `/` and its files
//!   under `/assets/` ([`assets`], embedded in the binary at build time).
//! - [`serve`] binds (127.0.0.1 by default) and runs it until Ctrl-C; [`serve_on`] serves on a
//!   bound listener until a future completes. Both are bounded ([`Limits`], the [`listen`]
//!   module): a header-read timeout, an idle timeout and a connection cap.
//! - Every answer carries a Content-Security-Policy, `X-Frame-Options: DENY`,
//!   `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`; a request whose
//!   `Host` is not the server's address (or a loopback name, or one allowed by
//!   [`ServerConfig::allowed_hosts`]) is refused with 421 ([`HostPolicy`]).
//!
//! Every answer of the API is JSON; every failure is `{"error": {"status", "message"}}` with a
//! 4xx status for what the client got wrong (malformed or missing parameters, values outside
//! their closed sets, impossible days, oversized queries, unknown ids or paths, other methods
//! than GET and HEAD, a foreign `Host` (421), `..` in asset paths) — never a panic: a read of
//! the store that panics answers 500 and the server carries on.
//!
//! Successful answers are kept until the store changes ([`cache`]).
//!
//! Store reads are blocking SQLite calls: they run on tokio's blocking threads, each on a
//! read-only connection taken from a small pool ([`state::AppState`]), at most
//! [`ServerConfig::readers`] at once.
#![deny(missing_docs)]

pub mod api;
pub mod assets;
pub mod cache;
mod error;
pub mod guard;
pub mod listen;
mod params;
pub mod state;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;

pub use error::ApiError;
pub use guard::HostPolicy;
pub use listen::Limits;
pub use state::AppState;

/// The OpenAPI 3.1 document of the API.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// The largest request body accepted (the API takes none).
const MAX_BODY_BYTES: usize = 16 * 1024;

/// What `rasd serve` serves and where.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// The data directory holding the store and its index.
    pub data_dir: PathBuf,
    /// Address to bind.
    pub host: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// Store reads running at once.
    pub readers: usize,
    /// Keep answers until the store changes ([`cache`]); off only to measure the queries.
    pub cache: bool,
    /// Host names answered besides the bound address and the loopback names (`NAME` or
    /// `NAME:PORT`; `*`: any), as `--allow-host` gives them.
    pub allowed_hosts: Vec<String>,
    /// Timeouts and the connection cap.
    pub limits: Limits,
}

impl ServerConfig {
    /// Loopback, port `port`, readers by the machine's cores.
    pub fn new(data_dir: impl Into<PathBuf>, port: u16) -> ServerConfig {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ServerConfig {
            data_dir: data_dir.into(),
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port,
            readers: (cores * 2).max(4),
            cache: true,
            allowed_hosts: Vec::new(),
            limits: Limits::default(),
        }
    }

    /// Sets the header-read and idle timeouts (short ones for tests).
    pub fn with_timeouts(mut self, header: Duration, idle: Duration) -> ServerConfig {
        self.limits.header_timeout = header;
        self.limits.idle_timeout = idle;
        self
    }
}

/// Everything that can stop the server from starting.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// The store could not be opened.
    #[error("opening the store")]
    Store(#[from] rasd_store::StoreError),
    /// The search index could not be opened or built.
    #[error("opening the search index")]
    Search(#[from] rasd_search::SearchError),
    /// Binding or serving failed.
    #[error("serving on {addr}")]
    Io {
        /// The address.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// The whole application: API, OpenAPI document, UI.
pub fn router(state: Arc<AppState>) -> Router {
    let api = api::routes().layer(axum::middleware::from_fn_with_state(
        state.clone(),
        cache::layer,
    ));
    Router::new()
        .nest("/api/v1", api)
        .merge(assets::routes())
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::check_host,
        ))
        .layer(axum::middleware::from_fn(guard::security_headers))
        .with_state(state)
}

/// Opens the data directory, binds, calls `ready` with the bound address, and serves until
/// Ctrl-C.
pub async fn serve(
    config: ServerConfig,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServerError> {
    let addr = SocketAddr::new(config.host, config.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Io { addr, source })?;
    serve_on(listener, &config, ready, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// Opens the data directory of `config`, calls `ready` with the address of `listener`, and
/// serves on it (within `config.limits`, answering the `Host` names of that address and of
/// `config.allowed_hosts`) until `shutdown` completes.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    config: &ServerConfig,
    ready: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), ServerError> {
    let addr = SocketAddr::new(config.host, config.port);
    let bound = listener
        .local_addr()
        .map_err(|source| ServerError::Io { addr, source })?;
    let mut state = AppState::open(&config.data_dir, config.readers)?;
    state.set_caching(config.cache);
    state.set_hosts(HostPolicy::bound(bound, &config.allowed_hosts));
    let app = router(Arc::new(state));
    ready(bound);
    listen::run(listener, app, config.limits, shutdown).await;
    Ok(())
}
