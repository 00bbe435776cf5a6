//! A polite HTTP fetcher: conditional requests, robots.txt, a per-host rate limit, retries with
//! exponential backoff, timeouts, a size cap on bodies, and redirects followed by hand (each hop
//! is checked against its host's robots.txt and rate limit).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use url::Url;

use crate::robots::Robots;

/// The largest robots.txt read (RFC 9309 asks crawlers to read at least 500 KiB).
pub const MAX_ROBOTS_BYTES: u64 = 512 * 1024;
/// Redirects followed to reach a robots.txt (RFC 9309: at least five).
const MAX_ROBOTS_REDIRECTS: u32 = 5;
/// The longest `Crawl-delay` honoured (a larger one would stall a watch cycle).
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

/// How the fetcher behaves: who it says it is, how long it waits, how often it tries, how
/// much it reads.
#[derive(Clone, Debug)]
pub struct FetchConfig {
    /// The `User-Agent` header; its product token (before the first `/`) is the name
    /// robots.txt groups are matched against.
    pub user_agent: String,
    /// Longest wait to establish a connection.
    pub connect_timeout: Duration,
    /// Longest wait for any one read (the answer's headers, each part of its body).
    pub read_timeout: Duration,
    /// Longest one request may take, from connecting to the end of its body.
    pub request_timeout: Duration,
    /// Tries after the first on a transient failure (a 5xx status, a timeout, a refused or
    /// broken connection). A 4xx status is never retried.
    pub retries: u32,
    /// The wait before the first retry; it doubles with each further one.
    pub backoff: Duration,
    /// The longest wait between two tries (a `Retry-After` asking for more is cut to it).
    pub max_backoff: Duration,
    /// The shortest interval between two requests to one host (a robots.txt `Crawl-delay`
    /// asking for more, up to [`MAX_CRAWL_DELAY`], is honoured).
    pub host_interval: Duration,
    /// The largest body read; a larger one is an error.
    pub max_body_bytes: u64,
    /// Redirects followed at most.
    pub max_redirects: u32,
    /// Whether a proxy named by the environment (`HTTPS_PROXY`, `ALL_PROXY`, …) is used.
    pub proxy_from_env: bool,
}

impl FetchConfig {
    /// The defaults: 10 s to connect, 30 s per read, 120 s per request, 3 retries from 1 s
    /// (up to 30 s), 1 s between requests to a host, 10 MiB bodies, 5 redirects, the
    /// environment's proxy.
    pub fn new(user_agent: impl Into<String>) -> FetchConfig {
        FetchConfig {
            user_agent: user_agent.into(),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(120),
            retries: 3,
            backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(30),
            host_interval: Duration::from_secs(1),
            max_body_bytes: 10 << 20,
            max_redirects: 5,
            proxy_from_env: true,
        }
    }

    /// The product token robots.txt groups are matched against: the user agent up to its
    /// first `/` (`rasd` for `rasd/0.1 (+…)`).
    pub fn product_token(&self) -> &str {
        self.user_agent
            .split(['/', ' '])
            .next()
            .unwrap_or(&self.user_agent)
    }
}

/// What a server said of a resource's version, sent back to ask only for a newer one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    /// The `ETag` header (sent back as `If-None-Match`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The `Last-Modified` header (sent back as `If-Modified-Since`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

impl Validators {
    /// None known: the request is unconditional.
    pub fn none() -> Validators {
        Validators::default()
    }
}

/// A resource fetched.
#[derive(Clone, Debug)]
pub struct Fetched {
    /// Its address after redirects.
    pub url: Url,
    /// Its validators, for the next request.
    pub validators: Validators,
    /// Its media type (`text/html`), lower-cased, without parameters.
    pub media_type: Option<String>,
    /// The charset its `Content-Type` declares.
    pub charset: Option<String>,
    /// The body (decompressed).
    pub body: Vec<u8>,
}

/// What a request came to.
#[derive(Clone, Debug)]
pub enum FetchOutcome {
    /// A 2xx answer.
    Fetched(Fetched),
    /// 304: unchanged since the validators sent.
    NotModified,
    /// The site's robots.txt disallows this address (or one it redirects to): not fetched.
    Disallowed {
        /// The disallowed address.
        url: Url,
    },
}

/// Why a fetch failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// Not an http or https URL.
    #[error("only http and https URLs are fetched, not `{scheme}:`")]
    Scheme {
        /// The URL's scheme.
        scheme: String,
    },
    /// The server answered with an error status (after retries, for a 5xx).
    #[error("HTTP status {status}{}", attempts_note(*attempts))]
    Status {
        /// The status.
        status: u16,
        /// Tries made.
        attempts: u32,
    },
    /// No answer: a timeout, a connection refused or broken, a name not found, a TLS failure.
    #[error("no answer{}", attempts_note(*attempts))]
    Transport {
        /// Tries made.
        attempts: u32,
        /// What the HTTP client saw.
        #[source]
        source: Box<ureq::Error>,
    },
    /// The body is larger than [`FetchConfig::max_body_bytes`].
    #[error("the body is larger than {limit} bytes; not read")]
    TooLarge {
        /// The cap.
        limit: u64,
    },
    /// More redirects than [`FetchConfig::max_redirects`].
    #[error("more than {limit} redirects")]
    TooManyRedirects {
        /// The cap.
        limit: u32,
    },
    /// A redirect without a `Location` that makes an address.
    #[error("a redirect ({status}) without a usable Location ({location:?})")]
    BadRedirect {
        /// The redirect's status.
        status: u16,
        /// Its `Location`, if any.
        location: Option<String>,
    },
    /// The host's robots.txt could not be had for a server or network failure: its rules
    /// are unknown, so nothing is fetched from it (RFC 9309) until a later try succeeds.
    #[error("robots.txt of {origin} is unavailable, so nothing is fetched there for now")]
    RobotsUnavailable {
        /// `scheme://host[:port]`.
        origin: String,
        /// Why.
        #[source]
        source: Box<FetchError>,
    },
}

fn attempts_note(attempts: u32) -> String {
    if attempts > 1 {
        format!(" after {attempts} tries")
    } else {
        String::new()
    }
}

/// One HTTP answer, its body read when it has one that matters.
struct Answer {
    status: u16,
    location: Option<String>,
    validators: Validators,
    media_type: Option<String>,
    charset: Option<String>,
    retry_after: Option<Duration>,
    body: Vec<u8>,
}

/// Where a chain of redirects ended.
enum Exchange {
    /// The final answer (not a redirect) at `url`, after `attempts` tries of its last hop.
    Answer {
        url: Url,
        answer: Answer,
        attempts: u32,
    },
    /// A hop robots.txt disallows.
    Disallowed(Url),
}

/// The HTTP client of one watch run: it remembers each host's robots.txt (fetched once per
/// host per run) and the time of its last request to each host.
pub struct Fetcher {
    config: FetchConfig,
    agent: ureq::Agent,
    robots: HashMap<String, Robots>,
    last_request: HashMap<String, Instant>,
    requests: u64,
}

impl Fetcher {
    /// A fetcher; nothing is sent until [`Fetcher::get`] is called.
    pub fn new(config: FetchConfig) -> Fetcher {
        let mut builder = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(config.user_agent.as_str())
            .timeout_connect(Some(config.connect_timeout))
            .timeout_per_read(Some(config.read_timeout))
            .timeout_per_call(Some(config.request_timeout));
        if !config.proxy_from_env {
            builder = builder.proxy(None);
        }
        Fetcher {
            agent: builder.build().into(),
            config,
            robots: HashMap::new(),
            last_request: HashMap::new(),
            requests: 0,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// Requests sent so far (robots.txt and retries included).
    pub fn requests(&self) -> u64 {
        self.requests
    }

    /// GETs `url`, conditionally on `validators`, following redirects; the host's robots.txt
    /// is read first (once per host per run) and every hop waits its host's turn.
    pub fn get(&mut self, url: &Url, validators: &Validators) -> Result<FetchOutcome, FetchError> {
        let limit = self.config.max_body_bytes;
        let max_redirects = self.config.max_redirects;
        match self.exchange(url, validators, limit, max_redirects, true)? {
            Exchange::Disallowed(url) => Ok(FetchOutcome::Disallowed { url }),
            Exchange::Answer {
                url,
                answer,
                attempts,
            } => match answer.status {
                304 => Ok(FetchOutcome::NotModified),
                200..=299 => Ok(FetchOutcome::Fetched(Fetched {
                    url,
                    validators: answer.validators,
                    media_type: answer.media_type,
                    charset: answer.charset,
                    body: answer.body,
                })),
                status => Err(FetchError::Status { status, attempts }),
            },
        }
    }

    /// Sends `url` and the hops it redirects to.
    fn exchange(
        &mut self,
        url: &Url,
        validators: &Validators,
        limit: u64,
        max_redirects: u32,
        check_robots: bool,
    ) -> Result<Exchange, FetchError> {
        let mut current = url.clone();
        for _ in 0..=max_redirects {
            if !matches!(current.scheme(), "http" | "https") {
                return Err(FetchError::Scheme {
                    scheme: current.scheme().to_owned(),
                });
            }
            if check_robots && !self.robots_allow(&current)? {
                return Ok(Exchange::Disallowed(current));
            }
            let (answer, attempts) = self.send_with_retries(&current, validators, limit)?;
            if matches!(answer.status, 301 | 302 | 303 | 307 | 308) {
                let next = answer
                    .location
                    .as_deref()
                    .and_then(|l| current.join(l).ok());
                current = next.ok_or(FetchError::BadRedirect {
                    status: answer.status,
                    location: answer.location,
                })?;
                continue;
            }
            return Ok(Exchange::Answer {
                url: current,
                answer,
                attempts,
            });
        }
        Err(FetchError::TooManyRedirects {
            limit: max_redirects,
        })
    }

    /// Whether the robots.txt of `url`'s origin allows it, fetching that file the first time
    /// the origin is seen. A robots.txt answering 4xx allows everything; a 5xx or no answer
    /// is an error (and is asked again next time).
    fn robots_allow(&mut self, url: &Url) -> Result<bool, FetchError> {
        let origin = url.origin().ascii_serialization();
        if !self.robots.contains_key(&origin) {
            let robots = self.fetch_robots(url, &origin)?;
            self.robots.insert(origin.clone(), robots);
        }
        let path = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        };
        Ok(self.robots[&origin].allows(&path))
    }

    fn fetch_robots(&mut self, url: &Url, origin: &str) -> Result<Robots, FetchError> {
        let unavailable = |source: FetchError| FetchError::RobotsUnavailable {
            origin: origin.to_owned(),
            source: Box::new(source),
        };
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        robots_url.set_fragment(None);
        let limit = MAX_ROBOTS_BYTES;
        let exchange = match self.exchange(
            &robots_url,
            &Validators::none(),
            limit,
            MAX_ROBOTS_REDIRECTS,
            false,
        ) {
            Ok(e) => e,
            // No answer, or a robots.txt over [`MAX_ROBOTS_BYTES`] (whose rules past the cap
            // would be unknown): unavailable.
            Err(e) => return Err(unavailable(e)),
        };
        let Exchange::Answer {
            answer, attempts, ..
        } = exchange
        else {
            return Ok(Robots::allow_all());
        };
        match answer.status {
            200..=299 => Ok(Robots::parse(
                &String::from_utf8_lossy(&answer.body),
                self.config.product_token(),
            )),
            400..=499 => Ok(Robots::allow_all()),
            status => Err(unavailable(FetchError::Status { status, attempts })),
        }
    }

    /// Sends one request, trying again after a transient failure; the answer and the tries
    /// made.
    fn send_with_retries(
        &mut self,
        url: &Url,
        validators: &Validators,
        limit: u64,
    ) -> Result<(Answer, u32), FetchError> {
        let tries = self.config.retries + 1;
        let mut attempt = 1;
        loop {
            let wait = match self.send_once(url, validators, limit) {
                Ok(answer) if answer.status >= 500 && attempt < tries => self
                    .backoff(attempt)
                    .max(answer.retry_after.unwrap_or_default()),
                Ok(answer) => return Ok((answer, attempt)),
                Err(SendError::TooLarge) => return Err(FetchError::TooLarge { limit }),
                Err(SendError::Client(e)) if is_transient(&e) && attempt < tries => {
                    self.backoff(attempt)
                }
                Err(SendError::Client(source)) => {
                    return Err(FetchError::Transport {
                        attempts: attempt,
                        source: Box::new(source),
                    });
                }
            };
            std::thread::sleep(wait.min(self.config.max_backoff));
            attempt += 1;
        }
    }

    /// The wait before try `attempt + 1`.
    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.config
            .backoff
            .saturating_mul(factor)
            .min(self.config.max_backoff)
    }

    /// Waits until `url`'s host may be sent a request again.
    fn wait_turn(&mut self, url: &Url) {
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let origin = url.origin().ascii_serialization();
        let delay = self
            .robots
            .get(&origin)
            .and_then(Robots::crawl_delay)
            .map_or(Duration::ZERO, |d| d.min(MAX_CRAWL_DELAY));
        let interval = self.config.host_interval.max(delay);
        if let Some(last) = self.last_request.get(&host) {
            let since = last.elapsed();
            if since < interval {
                std::thread::sleep(interval - since);
            }
        }
        self.last_request.insert(host, Instant::now());
    }

    fn send_once(
        &mut self,
        url: &Url,
        validators: &Validators,
        limit: u64,
    ) -> Result<Answer, SendError> {
        self.wait_turn(url);
        self.requests += 1;
        let mut request = self.agent.get(url.as_str());
        if let Some(etag) = &validators.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(date) = &validators.last_modified {
            request = request.header("If-Modified-Since", date);
        }
        let mut response = request.call().map_err(SendError::Client)?;
        let header = |name: &str| -> Option<String> {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let status = response.status().as_u16();
        let content_type = header("content-type");
        let (media_type, charset) = content_type
            .as_deref()
            .map(split_content_type)
            .unwrap_or_default();
        let mut answer = Answer {
            status,
            location: header("location"),
            validators: Validators {
                etag: header("etag"),
                last_modified: header("last-modified"),
            },
            media_type,
            charset,
            retry_after: header("retry-after")
                .and_then(|s| s.trim().parse::<u64>().ok())
                .map(Duration::from_secs),
            body: Vec::new(),
        };
        if (200..300).contains(&status) {
            answer.body = response
                .body_mut()
                .with_config()
                .limit(limit)
                .read_to_vec()
                .map_err(|e| match e {
                    ureq::Error::BodyExceedsLimit(_) => SendError::TooLarge,
                    e => SendError::Client(e),
                })?;
        }
        Ok(answer)
    }
}

enum SendError {
    TooLarge,
    Client(ureq::Error),
}

/// Whether a failure may pass: a timeout, a connection refused, reset or cut short.
fn is_transient(e: &ureq::Error) -> bool {
    matches!(
        e,
        ureq::Error::Timeout(_) | ureq::Error::Io(_) | ureq::Error::ConnectionFailed
    )
}

/// `text/html; charset=windows-1256` → (`text/html`, `windows-1256`).
fn split_content_type(value: &str) -> (Option<String>, Option<String>) {
    let mut parts = value.split(';');
    let media = parts
        .next()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset"))
            .then(|| v.trim().trim_matches('"').to_owned())
            .filter(|v| !v.is_empty())
    });
    (media, charset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Reply, Server, config};

    fn page(n: usize) -> Reply {
        Reply::new(200, format!("<html><body><p>page {n}</p></body></html>"))
            .header("Content-Type", "text/html; charset=utf-8")
    }

    fn fetched(outcome: Result<FetchOutcome, FetchError>) -> Fetched {
        match outcome {
            Ok(FetchOutcome::Fetched(f)) => f,
            other => panic!("not fetched: {other:?}"),
        }
    }

    #[test]
    fn a_conditional_request_is_answered_304() {
        let server = Server::start(|req, _| match req.path.as_str() {
            "/feed" if req.header("if-none-match") == Some("\"v1\"") => Reply::new(304, ""),
            "/feed" => Reply::new(200, "<rss/>")
                .header("ETag", "\"v1\"")
                .header("Last-Modified", "Tue, 02 Mar 2021 10:00:00 GMT"),
            _ => Reply::new(404, ""),
        });
        let mut f = Fetcher::new(config());
        let first = fetched(f.get(&server.url("/feed"), &Validators::none()));
        assert_eq!(first.validators.etag.as_deref(), Some("\"v1\""));
        assert_eq!(first.body, b"<rss/>");
        let second = f.get(&server.url("/feed"), &first.validators).unwrap();
        assert!(matches!(second, FetchOutcome::NotModified), "{second:?}");
        let sent = server.requests("/feed");
        assert_eq!(
            sent[1].header("if-modified-since"),
            Some("Tue, 02 Mar 2021 10:00:00 GMT")
        );
        assert!(sent[0].header("user-agent").unwrap().starts_with("rasd/"));
        // robots.txt was asked once for the host (a 404: everything allowed).
        assert_eq!(server.requests("/robots.txt").len(), 1);
    }

    #[test]
    fn redirects_are_followed_and_bounded() {
        let server = Server::start(|req, _| match req.path.as_str() {
            "/old" => Reply::new(301, "").header("Location", "/new?x=1"),
            "/new?x=1" => page(1),
            "/loop" => Reply::new(302, "").header("Location", "/loop"),
            "/nowhere" => Reply::new(302, ""),
            _ => Reply::new(404, ""),
        });
        let mut f = Fetcher::new(config());
        let got = fetched(f.get(&server.url("/old"), &Validators::none()));
        assert_eq!(got.url, server.url("/new?x=1"));
        assert_eq!(got.media_type.as_deref(), Some("text/html"));
        assert_eq!(got.charset.as_deref(), Some("utf-8"));
        let err = f
            .get(&server.url("/loop"), &Validators::none())
            .unwrap_err();
        assert!(
            matches!(err, FetchError::TooManyRedirects { limit: 5 }),
            "{err}"
        );
        assert_eq!(server.requests("/loop").len(), 6);
        let err = f
            .get(&server.url("/nowhere"), &Validators::none())
            .unwrap_err();
        assert!(
            matches!(err, FetchError::BadRedirect { status: 302, .. }),
            "{err}"
        );
    }

    #[test]
    fn a_503_is_retried_a_404_is_not() {
        let server = Server::start(|req, before| match req.path.as_str() {
            "/flaky" if before == 0 => Reply::new(503, "busy"),
            "/flaky" => page(2),
            "/down" => Reply::new(500, ""),
            _ => Reply::new(404, ""),
        });
        let mut f = Fetcher::new(config());
        fetched(f.get(&server.url("/flaky"), &Validators::none()));
        assert_eq!(server.requests("/flaky").len(), 2);
        let err = f
            .get(&server.url("/missing"), &Validators::none())
            .unwrap_err();
        assert!(
            matches!(
                err,
                FetchError::Status {
                    status: 404,
                    attempts: 1
                }
            ),
            "{err}"
        );
        assert_eq!(server.requests("/missing").len(), 1);
        let err = f
            .get(&server.url("/down"), &Validators::none())
            .unwrap_err();
        assert!(
            matches!(
                err,
                FetchError::Status {
                    status: 500,
                    attempts: 3
                }
            ),
            "{err}"
        );
        assert_eq!(err.to_string(), "HTTP status 500 after 3 tries");
    }

    #[test]
    fn a_slow_host_times_out_and_is_retried() {
        let server = Server::start(|req, _| match req.path.as_str() {
            "/slow" => {
                let mut r = page(3);
                r.delay = Duration::from_secs(5);
                r
            }
            _ => Reply::new(404, ""),
        });
        let mut c = config();
        c.read_timeout = Duration::from_millis(200);
        c.retries = 1;
        let mut f = Fetcher::new(c);
        let err = f
            .get(&server.url("/slow"), &Validators::none())
            .unwrap_err();
        match &err {
            FetchError::Transport {
                attempts: 2,
                source,
            } => {
                assert!(matches!(**source, ureq::Error::Timeout(_)), "{source}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(server.requests("/slow").len(), 2);
    }

    #[test]
    fn robots_txt_is_read_once_and_obeyed() {
        let server = Server::start(|req, _| match req.path.as_str() {
            "/robots.txt" => Reply::new(
                200,
                "User-agent: *\nDisallow: /private\n\nUser-agent: rasd\nDisallow: /drafts\n",
            ),
            "/to-drafts" => Reply::new(302, "").header("Location", "/drafts/1"),
            _ => page(4),
        });
        let mut f = Fetcher::new(config());
        fetched(f.get(&server.url("/private/1"), &Validators::none()));
        let refused = f
            .get(&server.url("/drafts/1"), &Validators::none())
            .unwrap();
        assert!(
            matches!(refused, FetchOutcome::Disallowed { .. }),
            "{refused:?}"
        );
        // A redirect into a disallowed path is refused at that hop.
        let refused = f
            .get(&server.url("/to-drafts"), &Validators::none())
            .unwrap();
        match refused {
            FetchOutcome::Disallowed { url } => assert_eq!(url.path(), "/drafts/1"),
            other => panic!("{other:?}"),
        }
        assert!(server.requests("/drafts/1").is_empty());
        assert_eq!(server.requests("/robots.txt").len(), 1);
    }

    #[test]
    fn an_unavailable_robots_txt_blocks_the_host_for_now() {
        let server = Server::start(|req, _| match req.path.as_str() {
            "/robots.txt" => Reply::new(503, ""),
            _ => page(5),
        });
        let mut f = Fetcher::new(config());
        let err = f.get(&server.url("/a"), &Validators::none()).unwrap_err();
        assert!(matches!(err, FetchError::RobotsUnavailable { .. }), "{err}");
        assert!(server.requests("/a").is_empty());
        // Asked again next time (not cached as a refusal).
        let _ = f.get(&server.url("/a"), &Validators::none());
        assert_eq!(server.requests("/robots.txt").len(), 6);
    }

    #[test]
    fn bodies_are_capped() {
        let server = Server::start(|req, _| match req.path.as_str() {
            "/robots.txt" => Reply::new(200, "User-agent: *\nAllow: /\n"),
            _ => Reply::new(200, vec![b'x'; 5000]),
        });
        let mut c = config();
        c.max_body_bytes = 1000;
        let mut f = Fetcher::new(c);
        let err = f.get(&server.url("/big"), &Validators::none()).unwrap_err();
        assert!(matches!(err, FetchError::TooLarge { limit: 1000 }), "{err}");
    }

    #[test]
    fn requests_to_one_host_keep_their_interval() {
        let server = Server::start(|_, _| page(6));
        let mut c = config();
        c.host_interval = Duration::from_millis(200);
        let mut f = Fetcher::new(c);
        fetched(f.get(&server.url("/a"), &Validators::none()));
        fetched(f.get(&server.url("/b"), &Validators::none()));
        let (robots, a, b) = (
            server.requests("/robots.txt")[0].at,
            server.requests("/a")[0].at,
            server.requests("/b")[0].at,
        );
        // Lower bounds only: a loaded machine may be slower, never faster.
        assert!(a.duration_since(robots) >= Duration::from_millis(190));
        assert!(b.duration_since(a) >= Duration::from_millis(190));
        assert_eq!(f.requests(), 3);
    }

    #[test]
    fn content_types() {
        assert_eq!(
            split_content_type("Text/HTML; charset=\"windows-1256\""),
            (Some("text/html".into()), Some("windows-1256".into()))
        );
        assert_eq!(
            split_content_type("application/rss+xml"),
            (Some("application/rss+xml".into()), None)
        );
    }

    #[test]
    fn backoff_doubles_up_to_its_cap() {
        let mut config = FetchConfig::new("rasd/0 (+x)");
        config.backoff = Duration::from_millis(100);
        config.max_backoff = Duration::from_millis(350);
        let f = Fetcher::new(config);
        let waits: Vec<u128> = (1..=4).map(|a| f.backoff(a).as_millis()).collect();
        assert_eq!(waits, [100, 200, 350, 350]);
        assert_eq!(f.config().product_token(), "rasd");
    }
}
