//! `rasd-bench --search`: building the search index over corpus articles, and query latency.

use std::time::Instant;

use anyhow::Context;
use rasd_search::{SearchIndex, SearchQuery};
use rasd_store::{NewArticle, Store};

/// A fixed list of Arabic queries: names, one word and several, with and without the article.
const QUERIES: &[&str] = &[
    "المفاوضات",
    "الرئيس الأمريكي",
    "وزير الخارجية",
    "روسيا",
    "أوكرانيا",
    "كوريا الشمالية",
    "بيونغ يانغ",
    "العقوبات الاقتصادية",
    "الانتخابات",
    "غزة",
    "الأمم المتحدة",
    "مجلس الأمن",
    "أسعار النفط",
    "الصواريخ",
    "القمة العربية",
    "اتفاق",
    "الحكومة",
    "كرة القدم",
    "فيروس كورونا",
    "البنك المركزي",
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Stores the records (text only: no analysis) in a scratch store, times [`rasd_search::rebuild`]
/// over them, and the queries' latency (top 10 with snippets).
pub fn bench_search(records: &[rasd_reader::corpus::Record], runs: usize) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("rasd-bench-search-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut store = Store::open(&dir).context("scratch store")?;
    let mut batch = Vec::with_capacity(1000);
    for (i, r) in records.iter().enumerate() {
        let title = r.title.clone().unwrap_or_default();
        let text = format!("{title}\n{}", r.text);
        let name = format!("{i}.txt");
        let mut a = NewArticle::new(&name, &name, &text);
        let t = title.chars().count();
        a.title = r.title.clone();
        a.outlet = r.outlet.clone();
        a.published = r.date.as_ref().map(|d| d.chars().take(10).collect());
        a.blocks = vec![(0, t), (t + 1, text.chars().count())];
        batch.push(a);
        if batch.len() == 1000 {
            store.add_batch(&batch)?;
            batch.clear();
        }
    }
    store.add_batch(&batch)?;
    let stored = store.counts()?.articles;
    let index_dir = rasd_search::index_dir(&dir);
    let mut secs = Vec::new();
    let mut stats = None;
    for _ in 0..runs.clamp(1, 3) {
        let t0 = Instant::now();
        let s = rasd_search::rebuild(&store, &index_dir)?;
        secs.push(t0.elapsed().as_secs_f64());
        anyhow::ensure!(stats.is_none_or(|x| x == s), "rebuilds differ");
        stats = Some(s);
    }
    let stats = stats.unwrap_or_default();
    secs.sort_by(f64::total_cmp);
    let s = secs[secs.len() / 2];
    let index_bytes: u64 = std::fs::read_dir(&index_dir)?
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "search index: {} articles ({} stored of {} read), {:.1} MB of text: built in {s:.2} s ({:.0} articles/s, {:.1} MB/s); index {:.1} MB = {:.2}× the text (the text is stored in it for snippets)",
        stats.articles,
        stored,
        records.len(),
        stats.text_bytes as f64 / 1e6,
        stats.articles as f64 / s,
        stats.text_bytes as f64 / 1e6 / s,
        index_bytes as f64 / 1e6,
        index_bytes as f64 / stats.text_bytes.max(1) as f64,
    );
    let index = SearchIndex::open(&index_dir)?;
    let mut lat = Vec::new();
    let mut hits_per_query = Vec::new();
    for run in 0..runs.max(1) {
        for q in QUERIES {
            let query = SearchQuery {
                text: (*q).to_owned(),
                limit: 10,
                ..Default::default()
            };
            let t0 = Instant::now();
            let hits = index.search(&query)?;
            lat.push(t0.elapsed().as_secs_f64() * 1000.0);
            if run == 0 {
                hits_per_query.push(hits.len());
            }
        }
    }
    lat.sort_by(f64::total_cmp);
    println!(
        "search latency over {} queries × {} runs (top 10 with snippets, one thread): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms; queries with 10 hits: {}/{}",
        QUERIES.len(),
        runs.max(1),
        percentile(&lat, 0.5),
        percentile(&lat, 0.95),
        lat.last().copied().unwrap_or_default(),
        hits_per_query.iter().filter(|&&n| n == 10).count(),
        QUERIES.len()
    );
    drop(index);
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
