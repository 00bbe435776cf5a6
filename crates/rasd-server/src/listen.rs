//! The accept loop, bounded: at most [`Limits::max_connections`] connections at once (the others
//! wait in the listen backlog until one closes), a request's head read within
//! [`Limits::header_timeout`] (hyper's header-read timer, which also runs while a kept-alive
//! connection waits for its next request, so an idle or silent connection ends too), and a
//! connection on which no byte moves either way for [`Limits::idle_timeout`] closed (a client
//! that stops reading its answer or trickles a body). While every place is taken, a connection
//! with no request running that has not started one for [`Limits::busy_idle_timeout`] is closed
//! too, so a crowd of idle or trickling connections cannot keep others waiting for long.
//!
//! `axum::serve` has none of these; this is the same hyper HTTP/1 connection it runs, with the
//! limits set.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::Instant;

/// How long requests in flight may take to finish once shutdown is asked for.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// What one client may hold of the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The longest a request's head (request line and headers) may take to arrive, counted
    /// from the first read of it: from the connection's start, or from the end of the previous
    /// answer on a kept-alive connection.
    pub header_timeout: Duration,
    /// The longest a connection may go with no byte read or written.
    pub idle_timeout: Duration,
    /// Connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// While all `max_connections` are taken: the longest a connection may hold its place with
    /// no request running (since it was accepted or its last request ended).
    pub busy_idle_timeout: Duration,
}

impl Default for Limits {
    /// 10 s for a head, 60 s idle, 256 connections (a browser opens about six), 1 s without a
    /// request when they are all taken.
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 256,
            busy_idle_timeout: Duration::from_secs(1),
        }
    }
}

/// What a connection is doing: when a byte last moved, when a request last started or ended
/// (both in milliseconds since it was accepted), and how many requests are running.
struct Activity {
    start: Instant,
    byte: AtomicU64,
    request: AtomicU64,
    running: AtomicUsize,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            start: Instant::now(),
            byte: AtomicU64::new(0),
            request: AtomicU64::new(0),
            running: AtomicUsize::new(0),
        }
    }

    fn now(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn touch(&self) {
        self.byte.store(self.now(), Ordering::Relaxed);
    }

    fn last_byte(&self) -> Instant {
        self.start + Duration::from_millis(self.byte.load(Ordering::Relaxed))
    }

    /// A request starts; the guard marks its end.
    fn begin(self: &Arc<Self>) -> Running {
        self.running.fetch_add(1, Ordering::Relaxed);
        self.request.store(self.now(), Ordering::Relaxed);
        Running(self.clone())
    }

    /// Since when the connection has had no request running (`None`: one is running).
    fn without_request_since(&self) -> Option<Instant> {
        (self.running.load(Ordering::Relaxed) == 0)
            .then(|| self.start + Duration::from_millis(self.request.load(Ordering::Relaxed)))
    }
}

/// A running request (ends when dropped).
struct Running(Arc<Activity>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.request.store(self.0.now(), Ordering::Relaxed);
        self.0.running.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A TCP stream that notes every byte moved.
struct Tracked {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Tracked {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let poll = Pin::new(&mut this.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.activity.touch();
        }
        poll
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.inner).poll_write(cx, buf);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            this.activity.touch();
        }
        poll
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            this.activity.touch();
        }
        poll
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

/// Serves `app` on `listener` within `limits` until `shutdown` completes, then lets requests
/// in flight finish (for at most a few seconds).
pub(crate) async fn run(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let open = Arc::new(AtomicUsize::new(0));
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break, // never closed
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(c) => c,
                Err(e) => {
                    // Out of file descriptors or the like: wait rather than spin.
                    tracing::warn!("accepting a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let activity = Arc::new(Activity::new());
        let io = TokioIo::new(Tracked {
            inner: stream,
            activity: activity.clone(),
        });
        let inner = TowerToHyperService::new(app.clone());
        let tracked = activity.clone();
        let service = hyper::service::service_fn(move |request| {
            let running = tracked.begin();
            let answer = hyper::service::Service::call(&inner, request);
            async move {
                let answer = answer.await;
                drop(running);
                answer
            }
        });
        let conn = graceful.watch(builder.serve_connection(io, service));
        let open = Open::count(&open);
        tokio::spawn(async move {
            let _permit = permit;
            connection(conn, &activity, &open, limits, peer).await;
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("requests still running after {SHUTDOWN_GRACE:?} were cut off");
        }
    }
}

/// One open connection, counted in the server's total while it lives.
struct Open(Arc<AtomicUsize>);

impl Open {
    fn count(total: &Arc<AtomicUsize>) -> Open {
        total.fetch_add(1, Ordering::Relaxed);
        Open(total.clone())
    }

    fn total(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Drives one connection until it ends, goes idle with no byte moving, or holds a place with no
/// request running while every place is taken.
async fn connection<E: std::fmt::Display>(
    conn: impl Future<Output = Result<(), E>>,
    activity: &Activity,
    open: &Open,
    limits: Limits,
    peer: SocketAddr,
) {
    tokio::pin!(conn);
    loop {
        // Looked at again at least every `busy_idle_timeout`, as the server may fill up.
        let deadline = (activity.last_byte() + limits.idle_timeout)
            .min(Instant::now() + limits.busy_idle_timeout);
        tokio::select! {
            done = conn.as_mut() => {
                if let Err(e) = done {
                    tracing::debug!("connection from {peer}: {e}");
                }
                return;
            }
            () = tokio::time::sleep_until(deadline) => {
                let now = Instant::now();
                if activity.last_byte() + limits.idle_timeout <= now {
                    tracing::debug!("connection from {peer}: idle, closed");
                    return;
                }
                let full = open.total() >= limits.max_connections.max(1);
                if full
                    && activity
                        .without_request_since()
                        .is_some_and(|since| since + limits.busy_idle_timeout <= now)
                {
                    tracing::debug!("connection from {peer}: no request while full, closed");
                    return;
                }
            }
        }
    }
}
