//! The API over a small store built by hand: answers, and a JSON 4xx for every kind of bad
//! request.

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use rasd_fusion::{EntityRecord, EventRecord, Slot};
use rasd_server::{AppState, router};
use rasd_store::{NewArticle, NewEntity, NewEvent, NewQuote, Store};
use serde_json::Value;
use tower::ServiceExt;

/// An article: a title line and one sentence in which Erdogan receives Aliyev in `place`.
fn article(n: usize, outlet: &str, place: &str) -> NewArticle {
    let text =
        format!("قمة رقم {n}\nاستقبل أردوغان علييف في {place}. وقال أردوغان «نحن جاهزون للتعاون».");
    let mut a = NewArticle::new(&format!("{n}.txt"), &format!("in/{n}.txt"), &text);
    a.title = Some(format!("قمة رقم {n}"));
    a.outlet = Some(outlet.to_owned());
    a.published = Some(format!("2023-09-1{n}"));
    let start = |w: &str| text[..text.find(w).unwrap()].chars().count();
    let span = |w: &str| (start(w), start(w) + w.chars().count());
    let title_end = text[..text.find('\n').unwrap()].chars().count();
    a.blocks = vec![(0, title_end), (title_end + 1, text.chars().count())];
    a.entities = vec![
        NewEntity::new(
            EntityRecord::new("PER", "أردوغان", Some("TURGOV")),
            &[span("أردوغان")],
            &text,
        ),
        NewEntity::new(
            EntityRecord::new("PER", "علييف", Some("AZEGOV")),
            &[span("علييف")],
            &text,
        ),
    ];
    let mut record = EventRecord::new(
        "CONSULT",
        "042",
        Slot::entity(0, "TURGOV"),
        Slot::entity(1, "AZEGOV"),
    );
    record.location = Some(place.to_owned());
    let sentence_end = start(".") + 1;
    record.evidence = text
        .chars()
        .skip(start("استقبل"))
        .take(sentence_end - start("استقبل"))
        .collect();
    (record.start, record.end) = (start("استقبل"), sentence_end);
    a.events = vec![NewEvent {
        record,
        trigger: span("استقبل"),
    }];
    let quoted = "نحن جاهزون للتعاون";
    a.quotes = vec![NewQuote {
        kind: "direct".into(),
        span: rasd_store::MentionSpan {
            start: start(quoted),
            end: start(quoted) + quoted.chars().count(),
            text: quoted.into(),
        },
        speaker: Some(0),
        speaker_span: None,
        cue: Some(span("وقال")),
    }];
    a
}

/// A data directory holding two reports of one summit that disagree on its place.
pub(crate) fn data_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rasd-server-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut store = Store::open(&dir).unwrap();
    store
        .add_batch(&[
            article(1, "الشرق الأوسط", "أنقرة"),
            article(2, "الأهرام", "باكو"),
        ])
        .unwrap();
    store.recompute(3).unwrap();
    rasd_search::rebuild(&store, rasd_search::index_dir(&dir)).unwrap();
    dir
}

struct Api {
    app: axum::Router,
    dir: PathBuf,
}

impl Drop for Api {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Api {
    fn new(name: &str) -> Api {
        let dir = data_dir(name);
        let state = AppState::open(&dir, 2).unwrap();
        Api {
            app: router(Arc::new(state)),
            dir,
        }
    }

    async fn response(
        &self,
        method: Method,
        uri: &str,
        host: Option<&str>,
    ) -> axum::response::Response {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(host) = host {
            request = request.header("host", host);
        }
        self.app
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap()
    }

    async fn call(&self, method: Method, uri: &str) -> (StatusCode, String, Vec<u8>) {
        let response = self.response(method, uri, None).await;
        let status = response.status();
        let ty = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let body = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        (status, ty, body)
    }

    async fn get(&self, uri: &str) -> (StatusCode, Value) {
        let (status, ty, body) = self.call(Method::GET, uri).await;
        assert!(ty.starts_with("application/json"), "{uri}: {ty}");
        (status, serde_json::from_slice(&body).unwrap())
    }

    async fn ok(&self, uri: &str) -> Value {
        let (status, v) = self.get(uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {v}");
        v
    }

    /// A 4xx with the error shape and a message.
    async fn refused(&self, method: Method, uri: &str, want: StatusCode) -> String {
        let (status, ty, body) = self.call(method, uri).await;
        assert_eq!(status, want, "{uri}: {}", String::from_utf8_lossy(&body));
        assert!(ty.starts_with("application/json"), "{uri}: {ty}");
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["error"]["status"], want.as_u16(), "{uri}: {v}");
        let message = v["error"]["message"].as_str().unwrap().to_owned();
        assert!(!message.is_empty());
        message
    }
}

pub(crate) fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn every_endpoint_answers_on_a_small_store() {
    let api = Api::new("endpoints");
    let status = api.ok("/api/v1/status").await;
    assert_eq!(status["articles"], 2);
    assert_eq!(status["indexed_articles"], 2);
    assert_eq!(status["quotes"], 2);

    // Search: any clitic form, facets over all matches, a highlighted snippet.
    let s = api
        .ok(&format!("/api/v1/search?q={}", enc("وأردوغان")))
        .await;
    assert_eq!(s["total"], 2);
    assert!(
        s["hits"][0]["snippet"]
            .as_str()
            .unwrap()
            .contains("«أردوغان»"),
        "{s}"
    );
    assert_eq!(s["facets"]["outlets"].as_array().unwrap().len(), 2);
    assert_eq!(s["facets"]["types"][0]["value"], "CONSULT");
    assert!(s["facets"]["entities"][0]["name"].is_string(), "{s}");
    let one = api
        .ok(&format!(
            "/api/v1/search?q={}&outlet={}",
            enc("أردوغان"),
            enc("الأهرام")
        ))
        .await;
    assert_eq!(one["total"], 1);

    // The article: spans slice its text.
    let a = api.ok("/api/v1/articles/1").await;
    let text: Vec<char> = a["text"].as_str().unwrap().chars().collect();
    let slice = |v: &Value| -> String {
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        text[s..e].iter().collect()
    };
    let m = &a["entities"][0]["mentions"][0];
    assert_eq!(slice(m), m["text"].as_str().unwrap());
    let e = &a["events"][0];
    assert_eq!(
        slice(&e["evidence"]),
        e["evidence"]["text"].as_str().unwrap()
    );
    assert_eq!(e["trigger"]["text"], "استقبل");
    assert_eq!(e["source"]["canonical"], a["entities"][0]["canonical"]);
    let fused_id = e["fused"].as_str().unwrap().to_owned();
    let q = &a["quotes"][0];
    assert_eq!(slice(q), "نحن جاهزون للتعاون");
    assert_eq!(q["speaker"]["name"], "أردوغان");

    // Events and fused events with filters; the disagreement on the place.
    assert_eq!(api.ok("/api/v1/events").await["total"], 2);
    assert_eq!(
        api.ok("/api/v1/events?type=consult&actor=TUR").await["total"],
        2
    );
    assert_eq!(api.ok("/api/v1/events?from=2023-09-12").await["total"], 1);
    let f = api.ok("/api/v1/fused-events?contradicted=true").await;
    assert_eq!(f["total"], 1);
    assert_eq!(f["fused_events"][0]["id"], fused_id.as_str());
    assert_eq!(
        f["fused_events"][0]["contradictions"][0]["field"],
        "location"
    );
    assert_eq!(f["fused_events"][0]["corroboration"], 2);
    let one = api.ok(&format!("/api/v1/fused-events/{fused_id}")).await;
    assert_eq!(one["mentions"].as_array().unwrap().len(), 2);

    // Entities, stories, timeline, network.
    let ents = api
        .ok(&format!("/api/v1/entities?q={}", enc("علييف")))
        .await;
    assert_eq!(ents["total"], 1);
    let id = ents["entities"][0]["id"].as_str().unwrap().to_owned();
    let ent = api.ok(&format!("/api/v1/entities/{id}")).await;
    assert_eq!(ent["article_list"].as_array().unwrap().len(), 2);
    assert_eq!(ent["articles"], 2, "the count is not shadowed by the list");
    assert_eq!(ent["timeline"].as_array().unwrap().len(), 2);
    assert_eq!(ent["related"][0]["weight"], 2);
    let stories = api.ok("/api/v1/stories").await;
    assert_eq!(stories["total"], 1);
    assert_eq!(stories["stories"][0]["outlets"], 2);
    let sid = stories["stories"][0]["id"].as_str().unwrap().to_owned();
    let story = api.ok(&format!("/api/v1/stories/{sid}")).await;
    assert_eq!(story["article_list"].as_array().unwrap().len(), 2);
    assert_eq!(
        story["fused_event_list"][0]["contradictions"][0]["field"],
        "location"
    );
    let days = api.ok("/api/v1/timeline?type=CONSULT").await;
    assert_eq!(days["days"].as_array().unwrap().len(), 2);
    assert_eq!(days["days"][0]["types"]["CONSULT"], 1);
    let net = api.ok("/api/v1/network").await;
    assert_eq!(net["nodes"].as_array().unwrap().len(), 2);
    assert_eq!(net["edges"][0]["weight"], 1);
}

#[tokio::test]
async fn bad_requests_get_a_json_4xx() {
    let api = Api::new("bad");
    use StatusCode as S;
    let cases: &[(&str, StatusCode, &str)] = &[
        ("/api/v1/articles/abc", S::BAD_REQUEST, "number"),
        ("/api/v1/articles/-3", S::BAD_REQUEST, "number"),
        ("/api/v1/articles/99999", S::NOT_FOUND, "no article"),
        ("/api/v1/entities/c99999", S::NOT_FOUND, "no entity"),
        ("/api/v1/entities/x';DROP", S::BAD_REQUEST, "ids look like"),
        ("/api/v1/stories/s99999", S::NOT_FOUND, "no story"),
        (
            "/api/v1/fused-events/f99999",
            S::NOT_FOUND,
            "no fused event",
        ),
        ("/api/v1/search", S::BAD_REQUEST, "words"),
        ("/api/v1/search?q=", S::BAD_REQUEST, "words"),
        (
            "/api/v1/search?q=a&from=2023-13-01",
            S::BAD_REQUEST,
            "YYYY-MM-DD",
        ),
        ("/api/v1/search?q=a&limit=0", S::BAD_REQUEST, "between"),
        (
            "/api/v1/search?q=a&limit=many",
            S::BAD_REQUEST,
            "whole number",
        ),
        ("/api/v1/search?q=a&q=b", S::BAD_REQUEST, "more than once"),
        (
            "/api/v1/search?query=a",
            S::BAD_REQUEST,
            "unknown parameter",
        ),
        ("/api/v1/search?q=%FF%FE", S::BAD_REQUEST, "malformed"),
        ("/api/v1/events?limit=501", S::BAD_REQUEST, "between"),
        (
            "/api/v1/events?type=CONSULT%27%20OR%201%3D1",
            S::BAD_REQUEST,
            "PLOVER",
        ),
        ("/api/v1/events?entity=42", S::BAD_REQUEST, "ids look like"),
        (
            "/api/v1/fused-events?contradicted=maybe",
            S::BAD_REQUEST,
            "true or false",
        ),
        ("/api/v1/network?min_weight=0", S::BAD_REQUEST, "between"),
        ("/api/v1/nothing", S::NOT_FOUND, "no such path"),
        ("/nothing", S::NOT_FOUND, "no such path"),
        ("/assets/../Cargo.toml", S::BAD_REQUEST, ".."),
        ("/assets/%2e%2e/%2e%2e/etc/passwd", S::BAD_REQUEST, ".."),
        ("/assets/fonts/..%2F..%2Fsrc/lib.rs", S::BAD_REQUEST, ".."),
        ("/assets/no-such-file.js", S::NOT_FOUND, "no asset"),
        // Issue 14: values that cannot match are refused, not answered with nothing.
        ("/api/v1/events?type=NOPE", S::BAD_REQUEST, "PLOVER"),
        ("/api/v1/fused-events?type=NOPE", S::BAD_REQUEST, "PLOVER"),
        ("/api/v1/timeline?type=NOPE", S::BAD_REQUEST, "PLOVER"),
        ("/api/v1/network?type=NOPE", S::BAD_REQUEST, "PLOVER"),
        ("/api/v1/search?q=a&type=NOPE", S::BAD_REQUEST, "PLOVER"),
        ("/api/v1/events?modality=maybe", S::BAD_REQUEST, "modality"),
        (
            "/api/v1/entities?type=PERSONS",
            S::BAD_REQUEST,
            "entity type",
        ),
        (
            "/api/v1/events?from=2023-02-31",
            S::BAD_REQUEST,
            "YYYY-MM-DD",
        ),
        ("/api/v1/events?to=2023-04-31", S::BAD_REQUEST, "YYYY-MM-DD"),
        (
            "/api/v1/timeline?from=2023-02-29",
            S::BAD_REQUEST,
            "YYYY-MM-DD",
        ),
        (
            "/api/v1/search?q=a&to=2023-00-10",
            S::BAD_REQUEST,
            "YYYY-MM-DD",
        ),
    ];
    for &(uri, status, words) in cases {
        let message = api.refused(Method::GET, uri, status).await;
        assert!(message.contains(words), "{uri}: {message}");
    }
    let long = "ب".repeat(600);
    let message = api
        .refused(
            Method::GET,
            &format!("/api/v1/search?q={}", enc(&long)),
            S::BAD_REQUEST,
        )
        .await;
    assert!(message.contains("longer than"), "{message}");
    let huge = "a".repeat(10_000);
    api.refused(
        Method::GET,
        &format!("/api/v1/search?q={huge}"),
        S::URI_TOO_LONG,
    )
    .await;
    for method in [Method::POST, Method::DELETE, Method::PUT, Method::PATCH] {
        api.refused(method.clone(), "/api/v1/status", S::METHOD_NOT_ALLOWED)
            .await;
        let response = api.response(method, "/api/v1/events", None).await;
        assert_eq!(response.headers()["allow"], "GET, HEAD");
    }
    // Valid values still answer: a leap day, any case of a type or modality.
    for uri in [
        "/api/v1/events?from=2024-02-29&type=consult&modality=ASSERTED",
        "/api/v1/entities?type=per",
        "/api/v1/search?q=a&type=Consult",
    ] {
        api.ok(uri).await;
    }
}

/// Issue 14: `_` and `%` are characters in a filter, not wildcards matching everything.
#[tokio::test]
async fn like_wildcards_match_themselves() {
    let api = Api::new("like");
    assert_eq!(api.ok("/api/v1/events?actor=TUR").await["total"], 2);
    // An actor code may hold `_` (and nothing else but letters and digits).
    for wild in ["_", "T_R", "__"] {
        let events = api.ok(&format!("/api/v1/events?actor={wild}")).await;
        assert_eq!(events["total"], 0, "actor={wild}: {events}");
    }
    for wild in ["_", "%25", "%25%25", "%5C", "%D8%A3%25"] {
        let entities = api.ok(&format!("/api/v1/entities?q={wild}")).await;
        assert_eq!(entities["total"], 0, "q={wild}: {entities}");
    }
}

/// Issue 14: HEAD is GET without the body; every answer carries the security headers.
#[tokio::test]
async fn head_and_security_headers() {
    let api = Api::new("head");
    for uri in ["/api/v1/status", "/", "/assets/app.js"] {
        let (status, _, get) = api.call(Method::GET, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let head = api.response(Method::HEAD, uri, None).await;
        assert_eq!(head.status(), StatusCode::OK, "{uri}");
        if let Some(length) = head.headers().get("content-length") {
            assert_eq!(length.to_str().unwrap(), get.len().to_string(), "{uri}");
        }
        let body = head.into_body().collect().await.unwrap().to_bytes();
        assert!(body.is_empty(), "{uri}: HEAD has no body");
    }
    for uri in [
        "/",
        "/assets/style.css",
        "/api/v1/status",
        "/api/v1/nothing",
    ] {
        let response = api.response(Method::GET, uri, None).await;
        let h = response.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'"), "{uri}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{uri}: {csp}");
        assert_eq!(h["x-frame-options"], "DENY", "{uri}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{uri}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{uri}");
    }
    // The page relies on no inline script or style (the CSP would block them).
    let (_, _, page) = api.call(Method::GET, "/").await;
    let page = String::from_utf8(page).unwrap();
    assert!(
        !page.contains("<style") && !page.contains(" style="),
        "inline style"
    );
    for script in page.split("<script").skip(1) {
        assert!(script.contains("src="), "inline script: {script}");
    }
}

/// Issue 14: a `Host` other than a loopback name is refused (DNS rebinding); a request
/// without one is answered.
#[tokio::test]
async fn a_foreign_host_is_refused() {
    let api = Api::new("host");
    for host in ["localhost:7878", "127.0.0.1", "[::1]:9", "LOCALHOST"] {
        let response = api
            .response(Method::GET, "/api/v1/status", Some(host))
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{host}");
    }
    for host in [
        "evil.example",
        "evil.example:7878",
        "localhost.evil.example",
        "10.1.2.3",
    ] {
        for uri in ["/api/v1/status", "/", "/assets/app.js"] {
            let response = api.response(Method::GET, uri, Some(host)).await;
            assert_eq!(response.status(), StatusCode::MISDIRECTED_REQUEST, "{host}");
            assert_eq!(response.headers()["x-frame-options"], "DENY");
            let body = response.into_body().collect().await.unwrap().to_bytes();
            let v: Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(v["error"]["status"], 421);
            assert!(
                v["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("--allow-host"),
                "{v}"
            );
        }
    }
}

/// Issue 14: the article view shows the path it was ingested from only when relative.
#[tokio::test]
async fn answers_carry_relative_paths_only() {
    let api = Api::new("paths");
    assert_eq!(api.ok("/api/v1/articles/1").await["path"], "in/1.txt");
    let mut far = article(3, "الخليج", "إسطنبول");
    far.path = "/home/someone/private/news/3.txt".to_owned();
    let mut store = Store::open(&api.dir).unwrap();
    store.add_batch(&[far]).unwrap();
    let a = api.ok("/api/v1/articles/3").await;
    assert_eq!(a["path"], "3.txt", "{}", a["path"]);
    let all = serde_json::to_string(&a).unwrap();
    assert!(!all.contains("/home/"), "no absolute path in the answer");
}

#[tokio::test]
async fn the_ui_and_the_openapi_document_are_served() {
    let api = Api::new("ui");
    let (status, ty, body) = api.call(Method::GET, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ty.starts_with("text/html"), "{ty}");
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains("dir=\"rtl\""), "the UI is right-to-left");
    // Every asset the page names is served.
    for name in html
        .split(['"', '\''])
        .filter(|s| s.starts_with("/assets/"))
    {
        let (status, _, body) = api.call(Method::GET, name).await;
        assert_eq!(status, StatusCode::OK, "{name}");
        assert!(!body.is_empty(), "{name}");
    }
    let (status, ty, body) = api.call(Method::GET, "/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ty.starts_with("application/json"));
    let doc: Value = serde_json::from_slice(&body).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    // The document describes every route, and every route it describes answers.
    let paths = doc["paths"].as_object().unwrap();
    for route in [
        "/status",
        "/search",
        "/articles/{id}",
        "/events",
        "/fused-events",
        "/fused-events/{id}",
        "/entities",
        "/entities/{id}",
        "/stories",
        "/stories/{id}",
        "/timeline",
        "/network",
        "/openapi.json",
    ] {
        assert!(paths.contains_key(route), "{route} is not in openapi.json");
    }
    for (path, item) in paths {
        let uri = format!("/api/v1{}", path.replace("{id}", "1"));
        let (status, _, body) = api.call(Method::GET, &uri).await;
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{uri}");
        let text = String::from_utf8_lossy(&body);
        assert!(!text.contains("no such path"), "{uri}: {text}");
        assert!(item["get"]["responses"].is_object(), "{path}");
        // Its parameters are the ones the endpoint takes: an unknown one is refused, each
        // documented one is accepted by name.
        for p in item["get"]["parameters"].as_array().into_iter().flatten() {
            if p["in"] == "query" {
                let name = p["name"].as_str().unwrap();
                let uri = format!("/api/v1{}?{name}=", path.replace("{id}", "1"));
                let (_, _, body) = api.call(Method::GET, &uri).await;
                let text = String::from_utf8_lossy(&body);
                assert!(!text.contains("unknown parameter"), "{uri}: {text}");
                // A parameter with listed values takes each of them and refuses others.
                for value in p["schema"]["enum"].as_array().into_iter().flatten() {
                    let uri = format!(
                        "/api/v1{}?q=a&{name}={}",
                        path.replace("{id}", "1"),
                        value.as_str().unwrap()
                    );
                    let uri = if path == "/search" {
                        uri
                    } else {
                        uri.replace("?q=a&", "?")
                    };
                    let (status, _, body) = api.call(Method::GET, &uri).await;
                    assert_ne!(
                        status,
                        StatusCode::BAD_REQUEST,
                        "{uri}: {}",
                        String::from_utf8_lossy(&body)
                    );
                }
                if p["schema"]["enum"].is_array() {
                    let uri = format!("/api/v1{}?{name}=NOT_ONE", path.replace("{id}", "1"));
                    let (status, _, _) = api.call(Method::GET, &uri).await;
                    assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
                }
            }
        }
    }
}

#[tokio::test]
async fn a_missing_store_is_an_error_not_a_new_store() {
    let dir = std::env::temp_dir().join(format!("rasd-server-test-{}-none", std::process::id()));
    let err = AppState::open(&dir, 1).err().expect("no store there");
    assert!(format!("{err:#}").contains("store") || err.to_string().contains("store"));
    assert!(!dir.exists());
}

#[tokio::test]
async fn answers_are_kept_until_the_store_changes() {
    let api = Api::new("cache");
    let call = |uri: &'static str| {
        let app = api.app.clone();
        async move {
            let response = app
                .oneshot(Request::builder().uri(uri).body(Body::empty()).unwrap())
                .await
                .unwrap();
            let how = response.headers()["x-rasd-cache"]
                .to_str()
                .unwrap()
                .to_owned();
            let body = response.into_body().collect().await.unwrap().to_bytes();
            (how, serde_json::from_slice::<Value>(&body).unwrap())
        }
    };
    let (first, a) = call("/api/v1/events").await;
    let (second, b) = call("/api/v1/events").await;
    assert_eq!((first.as_str(), second.as_str()), ("miss", "hit"));
    assert_eq!(a, b);
    assert_eq!(a["total"], 2);
    // Errors are never kept.
    let (status, _) = api.get("/api/v1/articles/77").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        api.app
            .clone()
            .oneshot(
                Request::builder()
                    .uri("/api/v1/articles/77")
                    .body(Body::empty())
                    .unwrap()
            )
            .await
            .unwrap()
            .headers()
            .get("x-rasd-cache")
            .is_none()
    );

    // A new article: after the next check the answer is computed again.
    let mut store = Store::open(&api.dir).unwrap();
    store.add_batch(&[article(3, "الخليج", "إسطنبول")]).unwrap();
    store.recompute(3).unwrap();
    tokio::time::sleep(rasd_server::cache::RECHECK + std::time::Duration::from_millis(100)).await;
    let (how, c) = call("/api/v1/events").await;
    assert_eq!(how, "miss");
    assert_eq!(c["total"], 3);
}
