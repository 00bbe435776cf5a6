//! The JSON API, `/api/v1/…` (API.md beside the crate describes every answer).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use rasd_search::{SearchError, SearchQuery};
use rasd_store::{EventFilter, FusedFilter, Paging, Store};
use serde_json::{Value, json};

use crate::params::{ENTITY_TYPES, MAX_SEARCH_CHARS, MODALITIES, Params};
use crate::{ApiError, AppState, OPENAPI};

/// The most items of one page.
pub const MAX_LIMIT: u64 = 500;

/// The most search hits of one page.
pub const MAX_SEARCH_LIMIT: u64 = 100;

type Answer = Result<Json<Value>, ApiError>;

/// The routes under `/api/v1`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/status", get(status))
        .route("/search", get(search))
        .route("/articles/{id}", get(article))
        .route("/events", get(events))
        .route("/fused-events", get(fused_events))
        .route("/fused-events/{id}", get(fused_event))
        .route("/entities", get(entities))
        .route("/entities/{id}", get(entity))
        .route("/stories", get(stories))
        .route("/stories/{id}", get(story))
        .route("/timeline", get(timeline))
        .route("/network", get(network))
}

fn to_json(value: impl serde::Serialize) -> Answer {
    serde_json::to_value(value)
        .map(Json)
        .map_err(|e| ApiError::internal("writing JSON", &e))
}

fn paging(p: &Params, default: u64) -> Result<Paging, ApiError> {
    Ok(Paging {
        limit: p.int("limit", default, 1, MAX_LIMIT)? as u32,
        offset: p.int("offset", 0, 0, u64::from(u32::MAX))?,
    })
}

/// An id of the cross-article layer: a letter and digits (`c12`, `s3`, `f40`).
fn layer_id(id: &str, prefix: char, what: &str) -> Result<String, ApiError> {
    let ok = id.len() > 1
        && id.len() <= 20
        && id.starts_with(prefix)
        && id[1..].bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(id.to_owned())
    } else {
        Err(ApiError::bad_request(format!(
            "{what} ids look like {prefix}12, not {id:?}"
        )))
    }
}

async fn openapi() -> impl IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        OPENAPI,
    )
}

async fn status(State(state): State<Arc<AppState>>, p: Params) -> Answer {
    p.only(&[])?;
    let indexed = state.index().map(|i| i.num_articles());
    state
        .read(move |store: &Store| {
            let c = store.counts()?;
            Ok(json!({
                "version": env!("CARGO_PKG_VERSION"),
                "schema_version": store.schema_version()?,
                "files": c.files,
                "articles": c.articles,
                "entities": c.entities,
                "events": c.events,
                "fused_events": c.fused_events,
                "stories": c.stories,
                "duplicates": c.duplicates,
                "quotes": c.quotes,
                "indexed_articles": indexed,
            }))
        })
        .await
        .map(Json)
}

async fn search(State(state): State<Arc<AppState>>, p: Params) -> Answer {
    p.only(&[
        "q", "from", "to", "outlet", "entity", "type", "limit", "offset",
    ])?;
    let query = SearchQuery {
        text: p.bounded("q", MAX_SEARCH_CHARS)?.unwrap_or_default(),
        from: p.day("from")?,
        to: p.day("to")?,
        outlet: p.bounded("outlet", 200)?,
        entity: p.bounded("entity", 200)?,
        event_type: p.event_type("type")?,
        limit: p.int("limit", 20, 1, MAX_SEARCH_LIMIT)? as usize,
        offset: p.int("offset", 0, 0, 10_000)? as usize,
    };
    let Some(index) = state.index() else {
        return Err(ApiError {
            status: axum::http::StatusCode::SERVICE_UNAVAILABLE,
            message: "there is no search index (run `rasd index`)".to_owned(),
        });
    };
    let results = match index.search_with_facets(&query, true) {
        Ok(r) => r,
        Err(SearchError::EmptyQuery) => {
            return Err(ApiError::bad_request(
                "give words to search for (`q`) or a filter",
            ));
        }
        Err(SearchError::BadDate { value }) => {
            return Err(ApiError::bad_request(format!("{value:?} is not a day")));
        }
        Err(e) => return Err(ApiError::internal("searching", &e)),
    };
    // Entity facets by name.
    let ids: Vec<String> = results
        .facets
        .entities
        .iter()
        .map(|f| f.value.clone())
        .collect();
    let names = state
        .read(move |store: &Store| Ok(store.entity_summaries(&ids)?))
        .await?;
    let entities: Vec<Value> = results
        .facets
        .entities
        .iter()
        .map(|f| {
            let e = names.iter().find(|e| e.id == f.value);
            json!({
                "value": f.value,
                "name": e.map(|e| e.name.as_str()),
                "name_en": e.and_then(|e| e.name_en.as_deref()),
                "count": f.count,
            })
        })
        .collect();
    Ok(Json(json!({
        "total": results.total,
        "hits": results.hits,
        "facets": {
            "outlets": results.facets.outlets,
            "types": results.facets.types,
            "entities": entities,
            "months": results.facets.months,
        },
    })))
}

async fn article(State(state): State<Arc<AppState>>, Path(id): Path<String>, p: Params) -> Answer {
    p.only(&[])?;
    let id: i64 = id
        .parse()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| ApiError::bad_request(format!("article ids are numbers, not {id:?}")))?;
    let view = state
        .read(move |store: &Store| Ok(store.article(id)?))
        .await?;
    match view {
        Some(mut v) => {
            v.path = shown_path(&v.path, &v.file);
            to_json(v)
        }
        None => Err(ApiError::not_found(format!("no article {id}"))),
    }
}

/// A stored path as an answer shows it: relative, without `..`, as it was given to `rasd
/// ingest`; an absolute path (or one that climbs out of where it was read) shows as the file
/// name alone, so answers never tell the machine's directories.
fn shown_path(path: &str, file: &str) -> String {
    let b = path.as_bytes();
    let absolute = path.starts_with(['/', '\\', '~'])
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':');
    let climbs = path.split(['/', '\\']).any(|segment| segment == "..");
    if absolute || climbs || path.is_empty() {
        file.to_owned()
    } else {
        path.to_owned()
    }
}

fn event_filter(p: &Params) -> Result<EventFilter, ApiError> {
    Ok(EventFilter {
        ty: p.event_type("type")?,
        entity: p
            .text("entity")
            .map(|e| layer_id(&e, 'c', "entity"))
            .transpose()?,
        actor: p.code("actor")?,
        outlet: p.bounded("outlet", 200)?,
        from: p.day("from")?,
        to: p.day("to")?,
        modality: p
            .one_of("modality", "a modality", &MODALITIES)?
            .map(str::to_owned),
        story: p
            .text("story")
            .map(|s| layer_id(&s, 's', "story"))
            .transpose()?,
        article: p
            .text("article")
            .map(|a| {
                a.parse::<i64>()
                    .map_err(|_| ApiError::bad_request(format!("`article` is a number, not {a:?}")))
            })
            .transpose()?,
    })
}

async fn events(State(state): State<Arc<AppState>>, p: Params) -> Answer {
    p.only(&[
        "type", "entity", "actor", "outlet", "from", "to", "modality", "story", "article", "limit",
        "offset",
    ])?;
    let filter = event_filter(&p)?;
    let paging = paging(&p, 100)?;
    let page = state
        .read(move |store: &Store| Ok(store.events(&filter, paging)?))
        .await?;
    Ok(Json(json!({"total": page.total, "events": page.items})))
}

async fn fused_events(State(state): State<Arc<AppState>>, p: Params) -> Answer {
    p.only(&["type", "story", "entity", "contradicted", "limit", "offset"])?;
    let filter = FusedFilter {
        id: None,
        ty: p.event_type("type")?,
        story: p
            .text("story")
            .map(|s| layer_id(&s, 's', "story"))
            .transpose()?,
        entity: p
            .text("entity")
            .map(|e| layer_id(&e, 'c', "entity"))
            .transpose()?,
        contradicted: p.flag("contradicted")?,
    };
    let paging = paging(&p, 100)?;
    let page = state
        .read(move |store: &Store| Ok(store.fused_event_page(&filter, paging)?))
        .await?;
    Ok(Json(
        json!({"total": page.total, "fused_events": page.items}),
    ))
}

async fn fused_event(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    p: Params,
) -> Answer {
    p.only(&[])?;
    let id = layer_id(&id, 'f', "fused event")?;
    let key = id.clone();
    match state
        .read(move |store: &Store| Ok(store.fused_event(&key)?))
        .await?
    {
        Some(f) => to_json(f),
        None => Err(ApiError::not_found(format!("no fused event {id}"))),
    }
}

async fn entities(State(state): State<Arc<AppState>>, p: Params) -> Answer {
    p.only(&["q", "type", "limit", "offset"])?;
    let q = p.bounded("q", 200)?;
    let ty = p.one_of("type", "an entity type", &ENTITY_TYPES)?;
    let paging = paging(&p, 100)?;
    let page = state
        .read(move |store: &Store| Ok(store.entity_page(q.as_deref(), ty, paging)?))
        .await?;
    Ok(Json(json!({"total": page.total, "entities": page.items})))
}

async fn entity(State(state): State<Arc<AppState>>, Path(id): Path<String>, p: Params) -> Answer {
    p.only(&[])?;
    let id = layer_id(&id, 'c', "entity")?;
    let key = id.clone();
    match state
        .read(move |store: &Store| Ok(store.entity(&key)?))
        .await?
    {
        Some(e) => to_json(e),
        None => Err(ApiError::not_found(format!("no entity {id}"))),
    }
}

async fn stories(State(state): State<Arc<AppState>>, p: Params) -> Answer {
    p.only(&["limit", "offset"])?;
    let paging = paging(&p, 100)?;
    let page = state
        .read(move |store: &Store| Ok(store.story_page(paging)?))
        .await?;
    Ok(Json(json!({"total": page.total, "stories": page.items})))
}

async fn story(State(state): State<Arc<AppState>>, Path(id): Path<String>, p: Params) -> Answer {
    p.only(&[])?;
    let id = layer_id(&id, 's', "story")?;
    let key = id.clone();
    match state
        .read(move |store: &Store| Ok(store.story(&key)?))
        .await?
    {
        Some(s) => to_json(s),
        None => Err(ApiError::not_found(format!("no story {id}"))),
    }
}

async fn timeline(State(state): State<Arc<AppState>>, p: Params) -> Answer {
    p.only(&["type", "entity", "outlet", "from", "to", "story"])?;
    let filter = event_filter(&p)?;
    let days = state
        .read(move |store: &Store| Ok(store.timeline(&filter)?))
        .await?;
    Ok(Json(json!({ "days": days })))
}

async fn network(State(state): State<Arc<AppState>>, p: Params) -> Answer {
    p.only(&["type", "min_weight", "limit"])?;
    let ty = p.event_type("type")?;
    let min_weight = p.int("min_weight", 1, 1, 1_000_000)?;
    let limit = p.int("limit", 50, 1, MAX_LIMIT)? as usize;
    let net = state
        .read(move |store: &Store| Ok(store.network(ty.as_deref(), min_weight, limit)?))
        .await?;
    to_json(net)
}

#[cfg(test)]
mod tests {
    use super::shown_path;

    #[test]
    fn answers_show_relative_paths_only() {
        assert_eq!(shown_path("in/a.txt", "a.txt"), "in/a.txt");
        assert_eq!(shown_path("./in/a.txt", "a.txt"), "./in/a.txt");
        for absolute in [
            "/home/someone/news/a.txt",
            "~/news/a.txt",
            "../../news/a.txt",
            "in/../../a.txt",
            "C:\\news\\a.txt",
            "\\\\server\\a.txt",
        ] {
            assert_eq!(shown_path(absolute, "a.txt"), "a.txt", "{absolute}");
        }
    }
}
