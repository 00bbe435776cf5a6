//! Issue 14, the server's bounds on a real socket (loopback only, every wait bounded): a
//! slow-header client is cut off, a silent connection is closed, connections beyond the cap
//! wait, and the `Host` of the bound address or an allowed name is answered, another refused.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rasd_server::ServerConfig;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::api::data_dir;

struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    dir: PathBuf,
}

impl Server {
    async fn start(name: &str, set: impl FnOnce(&mut ServerConfig)) -> Server {
        let dir = data_dir(name);
        let mut config = ServerConfig::new(&dir, 0);
        config.readers = 2;
        set(&mut config);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            rasd_server::serve_on(listener, &config, |_| {}, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
        Server {
            addr,
            stop: Some(stop),
            task: Some(task),
            dir,
        }
    }

    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            tokio::time::timeout(Duration::from_secs(10), task)
                .await
                .expect("the server stops")
                .unwrap();
        }
    }

    /// A whole request on a new connection (`Connection: close`): the answer, or `None` if
    /// none came within `wait`.
    async fn get(&self, path: &str, host: &str, wait: Duration) -> Option<String> {
        let mut stream = TcpStream::connect(self.addr).await.unwrap();
        send(&mut stream, path, host).await;
        read_answer(&mut stream, wait).await
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn send(stream: &mut TcpStream, path: &str, host: &str) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
}

async fn read_answer(stream: &mut TcpStream, wait: Duration) -> Option<String> {
    let mut answer = Vec::new();
    match tokio::time::timeout(wait, stream.read_to_end(&mut answer)).await {
        Ok(Ok(_)) => Some(String::from_utf8_lossy(&answer).into_owned()),
        Ok(Err(e)) => panic!("reading the answer: {e}"),
        Err(_) => None,
    }
}

/// Whether the server closed `stream` within `wait` (end of stream or a reset).
async fn closed_within(stream: &mut TcpStream, wait: Duration) -> bool {
    let mut buf = [0u8; 256];
    let deadline = Instant::now() + wait;
    while Instant::now() < deadline {
        match tokio::time::timeout(deadline - Instant::now(), stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => {} // an error answer before closing
            Err(_) => return false,
        }
    }
    false
}

const LONG: Duration = Duration::from_secs(30);

#[tokio::test]
async fn a_slow_header_client_is_cut_off() {
    let server = Server::start("slow-header", |c| {
        *c = c.clone().with_timeouts(Duration::from_millis(400), LONG);
    })
    .await;
    let host = server.addr.to_string();
    // A normal request is answered.
    let answer = server
        .get("/api/v1/status", &host, Duration::from_secs(10))
        .await
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    // A client sending a header line every 50 ms never finishes its head: cut off after the
    // header timeout, though bytes keep coming (the idle timeout is not what ends it).
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let started = Instant::now();
    stream
        .write_all(b"GET /api/v1/status HTTP/1.1\r\n")
        .await
        .unwrap();
    let mut cut = false;
    for i in 0..100 {
        if stream
            .write_all(format!("X-Slow-{i}: a\r\n").as_bytes())
            .await
            .is_err()
            || closed_within(&mut stream, Duration::from_millis(50)).await
        {
            cut = true;
            break;
        }
    }
    let took = started.elapsed();
    assert!(cut, "a slow header client is never cut off");
    assert!(
        took >= Duration::from_millis(350) && took < Duration::from_secs(3),
        "cut off after {took:?}"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_silent_connection_is_closed_when_idle() {
    let server = Server::start("idle", |c| {
        *c = c.clone().with_timeouts(LONG, Duration::from_millis(400));
    })
    .await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let started = Instant::now();
    assert!(
        closed_within(&mut stream, Duration::from_secs(5)).await,
        "an idle connection stays open"
    );
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(350), "closed after {took:?}");
    // A kept-alive connection goes the same way once its answer is sent.
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let request = format!(
        "GET /api/v1/status HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut buf = [0u8; 64];
    let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf))
        .await
        .unwrap()
        .unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
    assert!(closed_within(&mut stream, Duration::from_secs(5)).await);
    server.stop().await;
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_their_turn() {
    let server = Server::start("cap", |c| {
        c.limits.max_connections = 2;
        c.limits.busy_idle_timeout = LONG;
    })
    .await;
    let host = server.addr.to_string();
    // Two connections hold the two places (they send nothing).
    let first = TcpStream::connect(server.addr).await.unwrap();
    let _second = TcpStream::connect(server.addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    // A third is not served while they are open…
    let mut third = TcpStream::connect(server.addr).await.unwrap();
    send(&mut third, "/api/v1/status", &host).await;
    let early = read_answer(&mut third, Duration::from_millis(700)).await;
    assert!(early.is_none(), "served beyond the cap: {early:?}");
    // …and is once one of them closes.
    drop(first);
    let answer = read_answer(&mut third, Duration::from_secs(10))
        .await
        .expect("served once a place is free");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    server.stop().await;
}

#[tokio::test]
async fn connections_holding_places_without_requests_give_way_when_full() {
    let server = Server::start("busy", |c| {
        *c = c.clone().with_timeouts(LONG, LONG);
        c.limits.max_connections = 2;
        c.limits.busy_idle_timeout = Duration::from_millis(300);
    })
    .await;
    let host = server.addr.to_string();
    // Below the cap, a silent connection keeps its place.
    let mut silent = TcpStream::connect(server.addr).await.unwrap();
    assert!(!closed_within(&mut silent, Duration::from_millis(900)).await);
    // At the cap, silent connections are closed and a waiting request is served.
    let mut other = TcpStream::connect(server.addr).await.unwrap();
    let started = Instant::now();
    let answer = server
        .get("/api/v1/status", &host, Duration::from_secs(10))
        .await
        .expect("served while silent connections hold the places");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // One of them gave its place (which one is a race; once the request is done the server is
    // no longer full and the other may stay).
    let gave_way = closed_within(&mut silent, Duration::from_millis(500)).await
        || closed_within(&mut other, Duration::from_millis(500)).await;
    assert!(gave_way);
    server.stop().await;
}

#[tokio::test]
async fn the_bound_address_and_allowed_names_are_answered_others_refused() {
    let server = Server::start("hosts", |c| {
        c.allowed_hosts = vec!["news.example".to_owned()];
    })
    .await;
    let port = server.addr.port();
    let wait = Duration::from_secs(10);
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("news.example:{port}"),
        "news.example".to_owned(),
    ] {
        let answer = server.get("/api/v1/status", &host, wait).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{host}: {answer}");
    }
    for host in [
        format!("rebound.example:{port}"),
        format!("localhost:{}", port.wrapping_add(1).max(1)),
        format!("192.0.2.7:{port}"),
    ] {
        for path in ["/api/v1/status", "/"] {
            let answer = server.get(path, &host, wait).await.unwrap();
            assert!(answer.starts_with("HTTP/1.1 421"), "{host}: {answer}");
            assert!(answer.contains(r#""status":421"#), "{answer}");
        }
    }
    server.stop().await;
}
