//! Querying the index: analyzed terms ranked by BM25, filters, highlighted snippets.

use std::ops::Bound;
use std::path::Path;

use serde::Serialize;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::AggregationResults;
use tantivy::aggregation::{AggregationCollector, AggregationLimitsGuard};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, TantivyDocument, Term};

use crate::SearchError;
use crate::analyzer::search_keys;
use crate::index::{Fields, day_to_date, name_key, open_index, parse_day};

/// How much more a word in the title counts than one in the body.
const TITLE_BOOST: f32 = 2.0;

/// Characters of a snippet.
const SNIPPET_CHARS: usize = 220;

/// A search: words and filters.
#[derive(Clone, Debug, Default)]
pub struct SearchQuery {
    /// The words: each must occur (any clitic or spelling variant) in the title or the body.
    /// May be empty when a filter is given.
    pub text: String,
    /// Published on or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Published on or before this day (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// The outlet, in Arabic or English (any spelling variant, any case).
    pub outlet: Option<String>,
    /// A canonical entity id (`c12`) or a name the entity is written with.
    pub entity: Option<String>,
    /// A PLOVER event type (`CONSULT`, any case) one of its events has.
    pub event_type: Option<String>,
    /// The most hits to return (0: 10).
    pub limit: usize,
    /// Hits skipped (for pages after the first).
    pub offset: usize,
}

/// A count of matching articles sharing one value of a field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The value: an outlet, a PLOVER type, a canonical entity id, a month (`YYYY-MM`).
    pub value: String,
    /// Matching articles with it.
    pub count: u64,
}

/// Counts of all matching articles (not only the page) by outlet, event type, entity and month.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// By outlet, most first.
    pub outlets: Vec<FacetCount>,
    /// By PLOVER type of their events.
    pub types: Vec<FacetCount>,
    /// By canonical entity named.
    pub entities: Vec<FacetCount>,
    /// By month of publication, latest first.
    pub months: Vec<FacetCount>,
}

/// A page of hits, how many matched in all, and the facets of all matches.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchResults {
    /// Articles matching.
    pub total: u64,
    /// The page asked for, best first.
    pub hits: Vec<Hit>,
    /// Counts of the matching articles.
    pub facets: Facets,
}

/// How many values of each facet are counted.
const FACET_SIZE: u32 = 20;

/// One article found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    /// The article's row id in the store.
    pub article: i64,
    /// Its file.
    pub file: String,
    /// Title.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date (`YYYY-MM-DD`).
    pub published: Option<String>,
    /// BM25 score.
    pub score: f32,
    /// A passage of the body with the matched words in «guillemets».
    pub snippet: String,
    /// The byte ranges in `snippet` of the matched words (inside their guillemets).
    #[serde(skip)]
    pub highlights: Vec<std::ops::Range<usize>>,
}

/// An open index, ready for searches.
///
/// ```
/// # let dir = std::env::temp_dir().join(format!("rasd-search-doc-{}", std::process::id()));
/// let store = rasd_store::Store::open_in_memory()?;
/// let stats = rasd_search::rebuild(&store, &dir)?;
/// assert_eq!(stats.articles, 0);
/// let index = rasd_search::SearchIndex::open(&dir)?;
/// let hits = index.search(&rasd_search::SearchQuery { text: "المفاوضات".into(), ..Default::default() })?;
/// assert!(hits.is_empty());
/// # std::fs::remove_dir_all(&dir).ok();
/// # Ok::<(), rasd_search::SearchError>(())
/// ```
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl SearchIndex {
    /// Opens the index in `dir` ([`crate::index_dir`] of a data directory).
    pub fn open(dir: impl AsRef<Path>) -> Result<SearchIndex, SearchError> {
        let (index, fields) = open_index(dir.as_ref())?;
        let reader = index.reader()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
        })
    }

    /// Articles in the index.
    pub fn num_articles(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The underlying tantivy index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The best hits of a search, best first.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<Hit>, SearchError> {
        Ok(self.search_with_facets(q, false)?.hits)
    }

    /// A page of hits with the total and, when `facets`, the facet counts of all matches.
    pub fn search_with_facets(
        &self,
        q: &SearchQuery,
        facets: bool,
    ) -> Result<SearchResults, SearchError> {
        let f = self.fields;
        let terms = search_keys(&q.text);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for t in &terms {
            let title: Box<dyn Query> = Box::new(BoostQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(f.title, t),
                    IndexRecordOption::WithFreqs,
                )),
                TITLE_BOOST,
            ));
            let body: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(f.body, t),
                IndexRecordOption::WithFreqs,
            ));
            clauses.push((
                Occur::Must,
                Box::new(BooleanQuery::new(vec![
                    (Occur::Should, title),
                    (Occur::Should, body),
                ])),
            ));
        }
        let words = clauses.len();
        let day = |s: &Option<String>| -> Result<Option<i64>, SearchError> {
            s.as_deref()
                .map(|d| {
                    parse_day(d).ok_or_else(|| SearchError::BadDate {
                        value: d.to_owned(),
                    })
                })
                .transpose()
        };
        let (from, to) = (day(&q.from)?, day(&q.to)?);
        if from.is_some() || to.is_some() {
            let bound = |d: Option<i64>, upper: bool| match d {
                None => Bound::Unbounded,
                // The last second of the day is inside `--to`.
                Some(d) if upper => {
                    Bound::Excluded(Term::from_field_date(f.date, day_to_date(d + 1)))
                }
                Some(d) => Bound::Included(Term::from_field_date(f.date, day_to_date(d))),
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(from, false), bound(to, true))),
            ));
        }
        let exact = |field, value: String| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, &value),
                IndexRecordOption::Basic,
            ))
        };
        if let Some(o) = &q.outlet {
            clauses.push((Occur::Must, exact(f.outlet_key, name_key(o))));
        }
        if let Some(e) = &q.entity {
            let e = e.trim();
            let is_id =
                e.len() > 1 && e.starts_with('c') && e[1..].bytes().all(|b| b.is_ascii_digit());
            let q = if is_id {
                exact(f.entity, e.to_owned())
            } else {
                exact(f.entity_name, name_key(e))
            };
            clauses.push((Occur::Must, q));
        }
        if let Some(t) = &q.event_type {
            clauses.push((Occur::Must, exact(f.event_type, t.trim().to_uppercase())));
        }
        if clauses.is_empty() {
            return Err(SearchError::EmptyQuery);
        }
        if words == 0 {
            // Filters alone: every article that passes them.
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let limit = if q.limit == 0 { 10 } else { q.limit };
        let top_docs = TopDocs::with_limit(limit).and_offset(q.offset);
        let (top, total, facet_counts) = if facets {
            let (top, total, aggs) = searcher.search(
                &query,
                &(
                    top_docs,
                    Count,
                    AggregationCollector::from_aggs(
                        facet_request()?,
                        AggregationLimitsGuard::default(),
                    ),
                ),
            )?;
            (top, total, facets_of(&aggs)?)
        } else {
            let (top, total) = searcher.search(&query, &(top_docs, Count))?;
            (top, total, Facets::default())
        };
        let mut snippets = SnippetGenerator::create(&searcher, &query, f.body)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
            };
            let body = text(f.body).unwrap_or_default();
            let (snippet, highlights) = render_snippet(&snippets, &body);
            hits.push(Hit {
                article: doc
                    .get_first(f.article)
                    .and_then(|v| v.as_u64())
                    .unwrap_or_default() as i64,
                file: text(f.file).unwrap_or_default(),
                title: text(f.title),
                outlet: text(f.outlet),
                published: text(f.published),
                score,
                snippet,
                highlights,
            });
        }
        Ok(SearchResults {
            total: total as u64,
            hits,
            facets: facet_counts,
        })
    }
}

/// Terms aggregations over the fast fields the facets count.
fn facet_request() -> Result<Aggregations, SearchError> {
    let terms = |field: &str, by_key: bool| {
        let mut t = serde_json::json!({"terms": {"field": field, "size": FACET_SIZE}});
        if by_key {
            t["terms"]["size"] = serde_json::json!(600);
            t["terms"]["order"] = serde_json::json!({"_key": "desc"});
        }
        t
    };
    let request = serde_json::json!({
        "outlets": terms("outlet", false),
        "types": terms("type", false),
        "entities": terms("entity", false),
        "months": terms("month", true),
    });
    Ok(serde_json::from_value(request)?)
}

/// The buckets of the facet aggregations.
fn facets_of(aggs: &AggregationResults) -> Result<Facets, SearchError> {
    let value = serde_json::to_value(aggs)?;
    let buckets = |name: &str| -> Vec<FacetCount> {
        value[name]["buckets"]
            .as_array()
            .map(|b| {
                b.iter()
                    .filter_map(|b| {
                        Some(FacetCount {
                            value: b["key"].as_str()?.to_owned(),
                            count: b["doc_count"].as_u64()?,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(Facets {
        outlets: buckets("outlets"),
        types: buckets("types"),
        entities: buckets("entities"),
        months: buckets("months"),
    })
}

/// The snippet of a body with its highlighted words between « and », with … where the passage
/// is cut; the beginning of the body when no word of the query is in it.
fn render_snippet(
    generator: &SnippetGenerator,
    body: &str,
) -> (String, Vec<std::ops::Range<usize>>) {
    let snippet = generator.snippet(body);
    let (fragment, ranges) = if snippet.is_empty() || snippet.fragment().is_empty() {
        let end = body
            .char_indices()
            .nth(SNIPPET_CHARS / 2)
            .map_or(body.len(), |(b, _)| b);
        (&body[..end], Vec::new())
    } else {
        (snippet.fragment(), snippet.highlighted().to_vec())
    };
    // Words highlighted side by side are one highlight: «بيونغ يانغ», not «بيونغ» «يانغ».
    let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if fragment[last.end..r.start].chars().all(char::is_whitespace) => {
                last.end = r.end;
            }
            _ => merged.push(r),
        }
    }
    let ranges = merged;
    let mut out = String::new();
    let cut_before = !body.starts_with(fragment);
    let cut_after = !body.ends_with(fragment);
    if cut_before {
        out.push_str("… ");
    }
    let mut plain = Vec::new();
    let mut at = 0;
    for r in &ranges {
        out.push_str(&fragment[at..r.start]);
        out.push('«');
        let s = out.len();
        out.push_str(&fragment[r.clone()]);
        plain.push(s..out.len());
        out.push('»');
        at = r.end;
    }
    out.push_str(&fragment[at..]);
    if cut_after {
        out.push_str(" …");
    }
    // One line: paragraphs are separated by newlines in the body.
    let out = out.replace('\n', " ");
    (out, plain)
}

#[cfg(test)]
mod tests {
    use rasd_fusion::{EntityRecord, EventRecord, Slot};
    use rasd_store::{NewArticle, NewEntity, NewEvent, Store};

    use super::*;
    use crate::rebuild;

    /// An article whose text is its title line and one paragraph.
    fn article(file: &str, outlet: &str, date: &str, title: &str, para: &str) -> NewArticle {
        let text = format!("{title}\n{para}");
        let mut a = NewArticle::new(file, file, &text);
        let t = title.chars().count();
        a.title = Some(title.to_owned());
        a.outlet = Some(outlet.to_owned());
        a.published = Some(date.to_owned());
        a.blocks = vec![(0, t), (t + 1, text.chars().count())];
        a
    }

    /// Char span of the first `word` in the article's text.
    fn span(a: &NewArticle, word: &str) -> (usize, usize) {
        let b = a.file_text.find(word).unwrap();
        let s = a.file_text[..b].chars().count();
        (s, s + word.chars().count())
    }

    struct Fixture {
        dir: std::path::PathBuf,
        index: SearchIndex,
    }

    impl Drop for Fixture {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    fn fixture(name: &str) -> Fixture {
        let mut a = article(
            "a.txt",
            "المواطن",
            "2023-09-13",
            "قمة بين بوتين وكيم",
            "استقبل بوتين كيم في فلاديفوستوك وبحث الزعيمان المفاوضات العسكرية.",
        );
        let putin = span(&a, "بوتين");
        let kim = span(&a, "كيم");
        a.entities = vec![
            NewEntity::new(
                EntityRecord::new("PER", "بوتين", Some("RUSGOV")),
                &[putin],
                &a.file_text.clone(),
            ),
            NewEntity::new(
                EntityRecord::new("PER", "كيم", Some("PRKGOV")),
                &[kim],
                &a.file_text.clone(),
            ),
        ];
        a.events = vec![NewEvent {
            record: EventRecord::new(
                "CONSULT",
                "042",
                Slot::entity(0, "RUSGOV"),
                Slot::entity(1, "PRKGOV"),
            ),
            trigger: span(&a, "استقبل"),
        }];
        let b = article(
            "b.txt",
            "اليوم السابع",
            "2023-10-02",
            "جولة جديدة من مفاوضات السلام",
            "تبدأ غداً جولة جديدة من المُفاوضات بين الطرفين في الدوحة.",
        );
        let c = article(
            "c.txt",
            "الشرق الأوسط",
            "2023-08-01",
            "إعلان نتائج الانتخابات",
            "أعلنت اللجنة النتائج النهائية للانتخابات في المدينه.",
        );
        let mut store = Store::open_in_memory().unwrap();
        store.add_batch(&[a, b, c]).unwrap();
        store.recompute(3).unwrap();
        let dir =
            std::env::temp_dir().join(format!("rasd-search-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let stats = rebuild(&store, &dir).unwrap();
        assert_eq!(stats.articles, 3);
        let index = SearchIndex::open(&dir).unwrap();
        Fixture { dir, index }
    }

    fn files(index: &SearchIndex, q: SearchQuery) -> Vec<String> {
        let mut f: Vec<String> = index
            .search(&q)
            .unwrap()
            .into_iter()
            .map(|h| h.file)
            .collect();
        f.sort();
        f
    }

    fn text(t: &str) -> SearchQuery {
        SearchQuery {
            text: t.to_owned(),
            ..Default::default()
        }
    }

    /// Issue 14: a word over tantivy's term limit gave a colour-coded warning naming no
    /// article. rasd leaves such words out itself and names the file.
    #[test]
    fn over_long_words_are_left_out_and_their_file_named() {
        let long = "ب".repeat(crate::MAX_WORD_BYTES);
        let a = article(
            "long.txt",
            "المصدر",
            "2023-05-01",
            "عنوان قصير",
            &format!("كلمة {long} أخرى"),
        );
        let b = article("short.txt", "المصدر", "2023-05-01", "عنوان", "نص عادي");
        let mut store = Store::open_in_memory().unwrap();
        store.add_batch(&[a, b]).unwrap();
        let dir = std::env::temp_dir().join(format!("rasd-search-long-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let stats = rebuild(&store, &dir).unwrap();
        assert_eq!(stats.long_words, ["long.txt"]);
        let index = SearchIndex::open(&dir).unwrap();
        assert_eq!(files(&index, text("أخرى")), ["long.txt"]);
        assert!(
            index.search(&text(&long)).is_err(),
            "the long word is no search term"
        );
        drop(index);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn facets_count_every_match_and_pages_follow_each_other() {
        let fx = fixture("facets");
        let q = SearchQuery {
            text: "مفاوضات".into(),
            limit: 1,
            ..Default::default()
        };
        let first = fx.index.search_with_facets(&q, true).unwrap();
        assert_eq!((first.total, first.hits.len()), (2, 1));
        let outlets: Vec<(&str, u64)> = first
            .facets
            .outlets
            .iter()
            .map(|f| (f.value.as_str(), f.count))
            .collect();
        assert_eq!(outlets.len(), 2, "{outlets:?}");
        assert!(outlets.iter().all(|&(_, n)| n == 1));
        assert_eq!(
            first.facets.types,
            [FacetCount {
                value: "CONSULT".into(),
                count: 1
            }]
        );
        assert_eq!(first.facets.entities.len(), 2);
        let months: Vec<&str> = first
            .facets
            .months
            .iter()
            .map(|f| f.value.as_str())
            .collect();
        assert_eq!(months, ["2023-10", "2023-09"], "latest first");
        let second = fx
            .index
            .search_with_facets(
                &SearchQuery {
                    offset: 1,
                    ..q.clone()
                },
                false,
            )
            .unwrap();
        assert_eq!((second.total, second.hits.len()), (2, 1));
        assert_ne!(second.hits[0].article, first.hits[0].article);
        assert!(second.facets.outlets.is_empty(), "not asked for");
    }

    #[test]
    fn variants_find_the_same_articles() {
        let fx = fixture("variants");
        for q in [
            "المفاوضات",
            "والمفاوضات",
            "مفاوضات",
            "بالمفاوضات",
            "للمفاوضات",
        ] {
            assert_eq!(files(&fx.index, text(q)), ["a.txt", "b.txt"], "{q}");
        }
        // ة written ه, alef with hamza or without.
        assert_eq!(files(&fx.index, text("المدينة")), ["c.txt"]);
        assert_eq!(files(&fx.index, text("اعلان")), ["c.txt"]);
        // Every word must be there.
        assert_eq!(files(&fx.index, text("مفاوضات الدوحة")), ["b.txt"]);
        assert!(files(&fx.index, text("مفاوضات القاهرة")).is_empty());
    }

    #[test]
    fn title_words_rank_first_and_snippets_highlight_words_as_written() {
        let fx = fixture("rank");
        let hits = fx.index.search(&text("مفاوضات")).unwrap();
        assert_eq!(hits[0].file, "b.txt", "the title has the word");
        assert!(hits[0].score > hits[1].score);
        let b = &hits[0];
        assert!(b.snippet.contains("«المُفاوضات»"), "{}", b.snippet);
        assert!(b.snippet.contains("«مفاوضات»"), "{}", b.snippet);
        for r in &b.highlights {
            assert_eq!(search_keys(&b.snippet[r.clone()]), ["مفاوضات"]);
        }
        assert_eq!(b.outlet.as_deref(), Some("اليوم السابع"));
        assert_eq!(b.published.as_deref(), Some("2023-10-02"));
        assert!(!b.snippet.contains('\n'));
    }

    #[test]
    fn filters() {
        let fx = fixture("filters");
        let q = |f: &dyn Fn(&mut SearchQuery)| {
            let mut q = text("مفاوضات");
            f(&mut q);
            files(&fx.index, q)
        };
        assert_eq!(q(&|q| q.from = Some("2023-09-14".into())), ["b.txt"]);
        assert_eq!(q(&|q| q.to = Some("2023-09-13".into())), ["a.txt"]);
        assert_eq!(
            q(&|q| {
                q.from = Some("2023-09-13".into());
                q.to = Some("2023-09-13".into());
            }),
            ["a.txt"]
        );
        assert_eq!(q(&|q| q.outlet = Some("اليوم  السابع".into())), ["b.txt"]);
        assert_eq!(q(&|q| q.event_type = Some("consult".into())), ["a.txt"]);
        assert_eq!(q(&|q| q.entity = Some("بوتين".into())), ["a.txt"]);
        assert!(q(&|q| q.event_type = Some("ASSAULT".into())).is_empty());
        // Filters alone list every article that passes them.
        let mut only = SearchQuery {
            to: Some("2023-09-30".into()),
            ..Default::default()
        };
        assert_eq!(files(&fx.index, only.clone()), ["a.txt", "c.txt"]);
        only.limit = 1;
        assert_eq!(fx.index.search(&only).unwrap().len(), 1);
    }

    #[test]
    fn entity_ids_of_the_cross_article_layer() {
        let fx = fixture("entities");
        let hits = fx
            .index
            .search(&SearchQuery {
                entity: Some("بوتين".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(hits.len(), 1);
        let searcher = fx.index.reader.searcher();
        let doc: TantivyDocument = searcher
            .doc(
                searcher
                    .search(&AllQuery, &TopDocs::with_limit(10))
                    .unwrap()
                    .into_iter()
                    .map(|(_, a)| a)
                    .find(|a| {
                        let d: TantivyDocument = searcher.doc(*a).unwrap();
                        d.get_first(fx.index.fields.file).and_then(|v| v.as_str()) == Some("a.txt")
                    })
                    .unwrap(),
            )
            .unwrap();
        let ids: Vec<&str> = doc
            .get_all(fx.index.fields.entity)
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(ids.len(), 2, "{ids:?}");
        for id in ids {
            let by_id = SearchQuery {
                entity: Some(id.to_owned()),
                ..Default::default()
            };
            assert_eq!(files(&fx.index, by_id), ["a.txt"]);
        }
    }

    #[test]
    fn bad_queries() {
        let fx = fixture("bad");
        assert!(matches!(
            fx.index.search(&text("في من إلى")),
            Err(SearchError::EmptyQuery)
        ));
        assert!(matches!(
            fx.index.search(&SearchQuery {
                text: "مفاوضات".into(),
                from: Some("13/09/2023".into()),
                ..Default::default()
            }),
            Err(SearchError::BadDate { .. })
        ));
        let missing = fx.dir.join("nothing-here");
        assert!(matches!(
            SearchIndex::open(&missing),
            Err(SearchError::NoIndex { .. })
        ));
    }

    #[test]
    fn incremental_indexing_replaces_articles() {
        let dir = std::env::temp_dir().join(format!("rasd-search-incr-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut store = Store::open_in_memory().unwrap();
        let a = article("a.txt", "س", "2023-01-01", "عنوان أول", "بدأت المفاوضات.");
        store.add_batch(&[a]).unwrap();
        let s = crate::index_articles(&store, &dir, &[1]).unwrap();
        assert_eq!(s.articles, 1);
        // Twice: replaced, not duplicated.
        crate::index_articles(&store, &dir, &[1]).unwrap();
        let b = article("b.txt", "س", "2023-01-02", "عنوان ثان", "انتهت المفاوضات.");
        store.add_batch(&[b]).unwrap();
        crate::index_articles(&store, &dir, &[2]).unwrap();
        let index = SearchIndex::open(&dir).unwrap();
        assert_eq!(index.num_articles(), 2);
        assert_eq!(files(&index, text("مفاوضات")), ["a.txt", "b.txt"]);
        drop(index);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
