//! What every answer passes through: the `Host` check (a DNS-rebinding defence: a page of
//! another site whose name was pointed at this machine sends its own name as `Host`, and is
//! refused) and the security headers of every answer.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{ApiError, AppState};

/// The page's Content-Security-Policy: everything from this server only, no inline script,
/// no framing. (The UI sets styles through the CSSOM, which `style-src 'self'` allows.)
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The `Host` headers a server answers.
///
/// A request without `Host` (not from a browser: HTTP/1.0 tools) is answered; a `Host` with a
/// port must name the server's port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPolicy {
    /// Host names (lower case; IPv6 addresses in brackets), with the port they must come with
    /// (`None`: any).
    names: Vec<(String, Option<u16>)>,
    /// Any IP address literal is answered (bound to all interfaces: an address cannot be
    /// rebound, only a name can).
    any_ip: bool,
    /// The server's port (for address literals when `any_ip`).
    port: Option<u16>,
    /// Every host is answered (`--allow-host '*'`).
    any: bool,
}

impl HostPolicy {
    /// `localhost`, `127.0.0.1` and `[::1]`, any port: what a server built by hand (tests)
    /// answers.
    pub fn loopback() -> HostPolicy {
        HostPolicy {
            names: ["localhost", "127.0.0.1", "[::1]"]
                .iter()
                .map(|n| ((*n).to_owned(), None))
                .collect(),
            any_ip: false,
            port: None,
            any: false,
        }
    }

    /// For a server bound to `addr`: its address and the loopback names on its port (any
    /// address literal when bound to all interfaces), and each of `allowed` (`NAME` or
    /// `NAME:PORT`; `*` answers every host).
    pub fn bound(addr: SocketAddr, allowed: &[String]) -> HostPolicy {
        let port = Some(addr.port());
        let mut names: Vec<(String, Option<u16>)> = ["localhost", "127.0.0.1", "[::1]"]
            .iter()
            .map(|n| ((*n).to_owned(), port))
            .collect();
        names.push((ip_name(addr.ip()), port));
        let mut any = false;
        for a in allowed {
            if a.trim() == "*" {
                any = true;
            } else if let Some((name, port)) = split_host(a.trim()) {
                names.push((name, port));
            }
        }
        HostPolicy {
            names,
            any_ip: addr.ip().is_unspecified(),
            port,
            any,
        }
    }

    /// Whether a `Host` header value is answered.
    pub fn allows(&self, host: &str) -> bool {
        if self.any {
            return true;
        }
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        let port_ok = |want: Option<u16>| port.is_none() || want.is_none() || port == want;
        if self.any_ip
            && name
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
                .is_ok()
        {
            return port_ok(self.port);
        }
        self.names.iter().any(|(n, p)| *n == name && port_ok(*p))
    }

    /// The names answered, for the error message.
    fn describe(&self) -> String {
        let mut names: Vec<&str> = self.names.iter().map(|(n, _)| n.as_str()).collect();
        names.dedup();
        names.join(", ")
    }
}

/// An address as a `Host` names it: IPv6 in brackets.
fn ip_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// `name[:port]` or `[v6][:port]` → the lower-cased name (without a final dot) and the port;
/// `None` when malformed.
fn split_host(host: &str) -> Option<(String, Option<u16>)> {
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let close = rest.find(']')?;
        let name = &host[..close + 2];
        match &rest[close + 1..] {
            "" => (name, None),
            p => (name, Some(p.strip_prefix(':')?)),
        }
    } else {
        match host.split_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (host, None),
        }
    };
    let port = match port {
        None => None,
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => Some(p.parse().ok()?),
        Some(_) => return None,
    };
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    let ok = !name.is_empty()
        && name.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'[' | b']' | b':')
        });
    ok.then_some((name, port))
}

/// Refuses a request whose `Host` the server does not answer for (421, the JSON error).
pub(crate) async fn check_host(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let policy = state.hosts();
    let host = request
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("\u{fffd}"))
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    match host {
        Some(host) if !policy.allows(host) => ApiError {
            status: StatusCode::MISDIRECTED_REQUEST,
            message: format!(
                "this server answers for {} (start it with `--allow-host NAME` to answer for \
                 another name), not for the host {host:?}",
                policy.describe()
            ),
        }
        .into_response(),
        _ => next.run(request).await,
    }
}

/// Adds the security headers to every answer: the CSP, no framing, no type sniffing, no
/// referrer.
pub(crate) async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_split_into_name_and_port() {
        assert_eq!(
            split_host("LocalHost:7878"),
            Some(("localhost".into(), Some(7878)))
        );
        assert_eq!(split_host("[::1]:80"), Some(("[::1]".into(), Some(80))));
        assert_eq!(split_host("[::1]"), Some(("[::1]".into(), None)));
        assert_eq!(
            split_host("example.org."),
            Some(("example.org".into(), None))
        );
        for bad in [
            "", ":80", "a:b", "a:99999", "[::1", "[::1]x", "a b", "a/b", "a:",
        ] {
            assert_eq!(split_host(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_bound_server_answers_its_address_loopback_and_the_allowed_names() {
        let addr: SocketAddr = "127.0.0.1:7878".parse().unwrap();
        let p = HostPolicy::bound(addr, &["news.example:7878".into(), "box.lan".into()]);
        for ok in [
            "127.0.0.1:7878",
            "localhost:7878",
            "localhost",
            "[::1]:7878",
            "news.example:7878",
            "box.lan:9000",
        ] {
            assert!(p.allows(ok), "{ok}");
        }
        for refused in [
            "evil.example:7878",
            "localhost:7879",
            "news.example:80",
            "10.0.0.1:7878",
            "localhost.evil.example",
        ] {
            assert!(!p.allows(refused), "{refused}");
        }
        let all: SocketAddr = "0.0.0.0:7878".parse().unwrap();
        let p = HostPolicy::bound(all, &[]);
        assert!(p.allows("192.168.1.20:7878") && p.allows("[fe80::1]:7878"));
        assert!(!p.allows("192.168.1.20:80") && !p.allows("rebound.example:7878"));
        assert!(HostPolicy::bound(all, &["*".into()]).allows("anything.example"));
    }
}
