//! A page's metadata: title, publication date, author, outlet, canonical URL, language.
//!
//! Sources, most trusted first: JSON-LD (`NewsArticle` and its kin), OpenGraph and
//! `article:` meta tags (and the common `author`/`date` names), `<time datetime>`, then the
//! visible page (`<h1>`, `<title>`, `<html lang>`). Each field takes the first source that
//! has it.

use rasd_reader::calendar::{self, Date};
use scraper::{ElementRef, Html};
use serde_json::Value;

/// What a page says of itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// The headline.
    pub title: Option<String>,
    /// The publication date.
    pub published: Option<Date>,
    /// The author(s), joined with "، ".
    pub author: Option<String>,
    /// The outlet (site name).
    pub outlet: Option<String>,
    /// The canonical URL.
    pub url: Option<String>,
    /// The language (BCP 47 tag as the page gives it).
    pub lang: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "Article",
    "BlogPosting",
    "Report",
];

fn clean(s: &str) -> Option<String> {
    let s = crate::html::collapse(&decode_entities(s));
    (!s.is_empty()).then_some(s)
}

/// JSON-LD strings sometimes carry HTML entities (`&quot;`); the common ones.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// A date in a string: ISO-like at its start (`2020-06-03…`, `2020/06/03`, `20200603`), else
/// written out as the text reader reads dates (`الأربعاء، 07 أكتوبر 2020`, `13-09-2023`).
pub(crate) fn parse_date(s: &str) -> Option<Date> {
    machine_date(s).or_else(|| written_date(s))
}

/// A date written out in words or digits anywhere in a short text.
pub(crate) fn written_date(s: &str) -> Option<Date> {
    if s.chars().count() > 200 {
        return None;
    }
    let key = rasd_reader::line_key(s);
    calendar::find_date(&key, calendar::Calendar::bundled()).map(|f| f.date)
}

/// A date in a URL's path: `/2013/08/03/`, `/2013-08-03/`, `/20130803/`, or a year, a section
/// and then month and day (`/2013/middle_east/8/3/`).
fn url_date(url: &str) -> Option<Date> {
    let parts: Vec<&str> = url.split(['/', '?', '#']).collect();
    let small = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    let year = |p: &str| {
        p.len() == 4
            && p.bytes().all(|b| b.is_ascii_digit())
            && (p.starts_with("19") || p.starts_with("20"))
    };
    let ymd = |y: &str, m: &str, d: &str| Date::parse_iso(&format!("{y}-{m:0>2}-{d:0>2}"));
    (0..parts.len())
        .filter(|&i| year(parts[i]))
        .find_map(|i| {
            // Month and day right after the year, or after one section name.
            (i + 1..=i + 2).find_map(|j| {
                let (m, d) = (parts.get(j)?, parts.get(j + 1)?);
                (small(m) && small(d))
                    .then(|| ymd(parts[i], m, d))
                    .flatten()
            })
        })
        .or_else(|| {
            parts.iter().find_map(|p| match p.len() {
                10 => Date::parse_iso(p),
                8 if p.bytes().all(|b| b.is_ascii_digit()) && year(&p[..4]) => {
                    ymd(&p[..4], &p[4..6], &p[6..8])
                }
                _ => None,
            })
        })
}

fn machine_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let digits: String = s
        .chars()
        .take(10)
        .map(|c| if c == '/' { '-' } else { c })
        .collect();
    if let Some(d) = Date::parse_iso(&digits) {
        return Some(d);
    }
    let compact = s.get(..8)?;
    if compact.bytes().all(|b| b.is_ascii_digit()) {
        return Date::parse_iso(&format!(
            "{}-{}-{}",
            &compact[..4],
            &compact[4..6],
            &compact[6..8]
        ));
    }
    None
}

fn has_article_type(v: &Value) -> bool {
    match v.get("@type") {
        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts
            .iter()
            .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
        _ => false,
    }
}

/// Every object of a JSON-LD value that is an article, `@graph`s and lists opened.
fn articles_in<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| articles_in(i, out)),
        Value::Object(map) => {
            if has_article_type(v) {
                out.push(v);
            }
            if let Some(g) = map.get("@graph") {
                articles_in(g, out);
            }
        }
        _ => {}
    }
}

fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.starts_with("http") => clean(s),
        Value::Object(m) => m.get("name").and_then(name_of),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(name_of).collect();
            (!names.is_empty()).then(|| names.join("، "))
        }
        _ => None,
    }
}

fn url_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => clean(s),
        Value::Object(m) => m.get("@id").or(m.get("url")).and_then(url_of),
        _ => None,
    }
}

fn from_json_ld(page: &Gathered<'_>, meta: &mut PageMeta) {
    for script in &page.json_ld {
        let raw: String = script.text().collect();
        let Ok(v) = serde_json::from_str::<Value>(raw.trim()) else {
            continue;
        };
        let mut found = Vec::new();
        articles_in(&v, &mut found);
        for a in found {
            let get = |k: &str| a.get(k);
            fill(
                &mut meta.title,
                get("headline").or(get("name")).and_then(name_of),
            );
            fill(
                &mut meta.published,
                get("datePublished")
                    .or(get("dateCreated"))
                    .and_then(Value::as_str)
                    .and_then(parse_date),
            );
            fill(&mut meta.author, get("author").and_then(name_of));
            fill(&mut meta.outlet, get("publisher").and_then(name_of));
            fill(
                &mut meta.url,
                get("mainEntityOfPage").or(get("url")).and_then(url_of),
            );
            fill(&mut meta.lang, get("inLanguage").and_then(name_of));
        }
    }
}

fn fill<T>(slot: &mut Option<T>, value: Option<T>) {
    if slot.is_none() {
        *slot = value;
    }
}

fn from_meta_tags(page: &Gathered<'_>, meta: &mut PageMeta) {
    let tags = &page.meta_tags;
    let first = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            tags.iter()
                .find(|(key, v)| key == k && !v.trim().is_empty())
                .map(|(_, v)| *v)
        })
    };
    fill(
        &mut meta.title,
        first(&["og:title", "twitter:title"]).and_then(clean),
    );
    fill(
        &mut meta.published,
        first(&[
            "article:published_time",
            "og:article:published_time",
            "datepublished",
            "pubdate",
            "publishdate",
            "publish-date",
            "dc.date.issued",
            "dc.date",
            "date",
            "sailthru.date",
            "parsely-pub-date",
        ])
        .and_then(parse_date),
    );
    fill(
        &mut meta.author,
        first(&["article:author", "author", "dc.creator", "parsely-author"])
            .filter(|a| !a.starts_with("http"))
            .and_then(clean),
    );
    fill(
        &mut meta.outlet,
        first(&["og:site_name", "application-name"]).and_then(clean),
    );
    fill(&mut meta.url, first(&["og:url"]).and_then(clean));
    fill(
        &mut meta.lang,
        first(&["og:locale", "language", "content-language"]).and_then(clean),
    );
}

fn from_page(page: &Gathered<'_>, meta: &mut PageMeta) {
    if let Some(href) = page.canonical.and_then(clean) {
        // The canonical link is more trusted than og:url.
        meta.url = Some(href);
    }
    fill(&mut meta.published, page.time.and_then(parse_date));
    let text_of = |e: &ElementRef<'_>| clean(&e.text().collect::<String>());
    // Visible dates: an element whose class, id or itemprop says it holds a date.
    if meta.published.is_none() {
        meta.published = page
            .dated
            .iter()
            .filter_map(text_of)
            .find_map(|t| written_date(&t));
    }
    if meta.published.is_none() {
        meta.published = meta.url.as_deref().and_then(url_date);
    }
    fill(&mut meta.title, page.h1.iter().find_map(text_of));
    fill(&mut meta.title, page.title.as_ref().and_then(text_of));
    fill(&mut meta.lang, page.lang.and_then(clean));
}

/// The elements metadata is read from, gathered in one walk over the page (it was one
/// selector query over the whole tree per kind).
#[derive(Default)]
struct Gathered<'a> {
    /// `<script type="application/ld+json">`.
    json_ld: Vec<ElementRef<'a>>,
    /// `<meta content>` by `property`, `name` or `itemprop` (lowercased), in page order.
    meta_tags: Vec<(String, &'a str)>,
    /// The first `<link rel="canonical">`'s `href`.
    canonical: Option<&'a str>,
    /// The first `<time datetime>`'s value.
    time: Option<&'a str>,
    /// Elements whose itemprop, class or id says they hold a date, in page order.
    dated: Vec<ElementRef<'a>>,
    /// The `<h1>`s.
    h1: Vec<ElementRef<'a>>,
    /// The first `<title>`.
    title: Option<ElementRef<'a>>,
    /// `<html lang>`.
    lang: Option<&'a str>,
}

fn gather(doc: &Html) -> Gathered<'_> {
    let mut g = Gathered {
        lang: doc.root_element().attr("lang"),
        ..Gathered::default()
    };
    for node in doc.tree.nodes() {
        let Some(e) = ElementRef::wrap(node) else {
            continue;
        };
        let el = e.value();
        let (mut class, mut id, mut itemprop, mut content, mut key) = ("", "", "", None, None);
        let (mut rel, mut href, mut datetime, mut kind) = (None, None, None, None);
        for (name, value) in el.attrs() {
            match name {
                "class" => class = value,
                "id" => id = value,
                "itemprop" => {
                    itemprop = value;
                    key = key.or(Some((2, value)));
                }
                "property" => key = Some((0, value)),
                "name" if key.is_none_or(|k| k.0 > 1) => key = Some((1, value)),
                "content" => content = Some(value),
                "rel" => rel = Some(value),
                "href" => href = Some(value),
                "datetime" => datetime = Some(value),
                "type" => kind = Some(value),
                _ => {}
            }
        }
        match el.name() {
            "script" if kind == Some("application/ld+json") => g.json_ld.push(e),
            "meta" => {
                if let (Some(content), Some((_, key))) = (content, key) {
                    g.meta_tags.push((key.to_ascii_lowercase(), content));
                }
            }
            "link" if g.canonical.is_none() && rel == Some("canonical") => g.canonical = href,
            "time" if g.time.is_none() => g.time = datetime,
            "h1" => g.h1.push(e),
            "title" if g.title.is_none() => g.title = Some(e),
            _ => {}
        }
        if itemprop == "datePublished"
            || class.contains("date")
            || id.contains("date")
            || class.contains("time")
            || class.contains("publish")
        {
            g.dated.push(e);
        }
    }
    g
}

/// The metadata of a parsed page.
pub(crate) fn page_meta(doc: &Html) -> PageMeta {
    let mut meta = PageMeta::default();
    let page = gather(doc);
    from_json_ld(&page, &mut meta);
    from_meta_tags(&page, &mut meta);
    from_page(&page, &mut meta);
    if let Some(title) = &meta.title {
        let headings: Vec<String> = page
            .h1
            .iter()
            .filter_map(|e| clean(&e.text().collect::<String>()))
            .collect();
        meta.title = Some(strip_site_name(title, meta.outlet.as_deref(), &headings));
    }
    meta
}

/// A title without the site's name that pages add to it (`Headline - Site`, `Site | Headline`):
/// the part left when one end is the outlet's name, or the part that is the page's `<h1>`.
fn strip_site_name(title: &str, outlet: Option<&str>, headings: &[String]) -> String {
    const SEPARATORS: &[&str] = &[" - ", " | ", " – ", " — ", " :: ", " « ", " » "];
    let key = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
    for sep in SEPARATORS {
        let Some((head, tail)) = title
            .split_once(sep)
            .map(|(h, _)| (h, title.rsplit_once(sep).map_or("", |x| x.1)))
        else {
            continue;
        };
        let is_site = |part: &str| {
            let k = key(part);
            !k.is_empty() && outlet.is_some_and(|o| key(o) == k || key(o).contains(&k))
        };
        if is_site(tail) {
            return title[..title.len() - tail.len() - sep.len()]
                .trim()
                .to_owned();
        }
        if is_site(head) {
            return title[head.len() + sep.len()..].trim().to_owned();
        }
        if let Some(h) = headings.iter().find(|h| {
            let k = key(h);
            !k.is_empty()
                && k != key(title)
                && (k == key(head) || k == key(tail) || key(title).contains(&k))
        }) {
            return h.clone();
        }
    }
    title.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_wins_over_meta_tags_and_the_page() {
        let html = r#"<html lang="ar"><head>
            <title>عنوان الصفحة | الموقع</title>
            <meta property="og:title" content="عنوان أوبن غراف">
            <meta property="og:site_name" content="الموقع">
            <meta property="article:published_time" content="2021-01-02T10:00:00Z">
            <link rel="canonical" href="https://example.invalid/a/1">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"غير مقال"},
              {"@type":"NewsArticle","headline":"العنوان الموثوق","datePublished":"2021-01-01T23:00:00+03:00",
               "author":[{"@type":"Person","name":"كاتب أول"},{"@type":"Person","name":"كاتب ثان"}],
               "publisher":{"@type":"Organization","name":"الناشر"}}]}</script>
            </head><body><h1>عنوان مرئي</h1><time datetime="2020-05-05">أمس</time></body></html>"#;
        let m = page_meta(&Html::parse_document(html));
        assert_eq!(m.title.as_deref(), Some("العنوان الموثوق"));
        assert_eq!(m.published.map(|d| d.iso()).as_deref(), Some("2021-01-01"));
        assert_eq!(m.author.as_deref(), Some("كاتب أول، كاتب ثان"));
        assert_eq!(m.outlet.as_deref(), Some("الناشر"));
        assert_eq!(m.url.as_deref(), Some("https://example.invalid/a/1"));
        assert_eq!(m.lang.as_deref(), Some("ar"));
    }

    #[test]
    fn falls_back_to_time_and_h1() {
        let html = r#"<html><body><h1> عنوان   مرئي </h1><time datetime="2020/05/05 10:00">أمس</time></body></html>"#;
        let m = page_meta(&Html::parse_document(html));
        assert_eq!(m.title.as_deref(), Some("عنوان مرئي"));
        assert_eq!(m.published.map(|d| d.iso()).as_deref(), Some("2020-05-05"));
        assert_eq!(m.author, None);
    }

    #[test]
    fn dates_written_out_in_meta_classes_and_urls() {
        let html = r#"<html><head><meta property="article:published_time" content="الأربعاء، 07 أكتوبر 2020 - 12:09 م"></head></html>"#;
        let m = page_meta(&Html::parse_document(html));
        assert_eq!(m.published.map(|d| d.iso()).as_deref(), Some("2020-10-07"));
        let html = r#"<html><body><div class="post-date">نشر في 3 مايو 2019</div></body></html>"#;
        let m = page_meta(&Html::parse_document(html));
        assert_eq!(m.published.map(|d| d.iso()).as_deref(), Some("2019-05-03"));
        let html = r#"<html><head><link rel="canonical" href="https://example.invalid/2013/08/03/world/x.html"></head></html>"#;
        let m = page_meta(&Html::parse_document(html));
        assert_eq!(m.published.map(|d| d.iso()).as_deref(), Some("2013-08-03"));
    }

    #[test]
    fn dates_in_url_paths() {
        let iso = |u: &str| url_date(u).map(|d| d.iso());
        assert_eq!(
            iso("https://x.invalid/2013/08/03/a.html").as_deref(),
            Some("2013-08-03")
        );
        // A section between the year and the month and day, which are not padded.
        assert_eq!(
            iso("http://x.invalid/2013/world/8/3/a/index.html").as_deref(),
            Some("2013-08-03")
        );
        assert_eq!(
            iso("https://x.invalid/news/20190503/a").as_deref(),
            Some("2019-05-03")
        );
        assert_eq!(
            iso("https://x.invalid/news/2019-05-03/a").as_deref(),
            Some("2019-05-03")
        );
        // Ids and numbers that are not dates.
        assert_eq!(iso("https://x.invalid/news/4512/12/a"), None);
        assert_eq!(iso("https://x.invalid/2019/a/b/c/12/4"), None);
        assert_eq!(iso("https://x.invalid/2019/13/40/a"), None);
        assert_eq!(iso("https://x.invalid/article/12345678"), None);
    }

    #[test]
    fn the_site_name_leaves_the_title() {
        let strip = |t: &str, o: Option<&str>, h: &[&str]| {
            let h: Vec<String> = h.iter().map(|s| s.to_string()).collect();
            strip_site_name(t, o, &h)
        };
        assert_eq!(strip("خبر مهم - الموقع", Some("الموقع"), &[]), "خبر مهم");
        assert_eq!(
            strip("وكالة الأنباء | خبر مهم", Some("وكالة الأنباء"), &[]),
            "خبر مهم"
        );
        assert_eq!(strip("خبر مهم - اسم ما", None, &["خبر مهم"]), "خبر مهم");
        assert_eq!(
            strip("خبر - فيه شرطة", None, &["عنوان آخر"]),
            "خبر - فيه شرطة"
        );
    }

    #[test]
    fn meta_keys_by_property_then_name_then_itemprop() {
        let html = r#"<html><head>
            <meta itemprop="og:title" name="twitter:title" content="بالاسم">
            <meta name="og:title" property="x" content="ليس عنوانا">
            <link rel="canonical"><link rel="canonical" href="https://example.invalid/b">
            </head><body><time>بلا قيمة</time><time datetime="2019-02-03">أمس</time></body></html>"#;
        let m = page_meta(&Html::parse_document(html));
        // The first tag's key is its name (twitter:title), the second's its property (x).
        assert_eq!(m.title.as_deref(), Some("بالاسم"));
        assert_eq!(m.url.as_deref(), Some("https://example.invalid/b"));
        assert_eq!(m.published.map(|d| d.iso()).as_deref(), Some("2019-02-03"));
    }

    #[test]
    fn dates_in_several_shapes() {
        assert_eq!(
            parse_date("20200603").map(|d| d.iso()).as_deref(),
            Some("2020-06-03")
        );
        assert_eq!(
            parse_date(" 2020-06-03T00:00").map(|d| d.iso()).as_deref(),
            Some("2020-06-03")
        );
        assert_eq!(parse_date("June 3"), None);
    }
}
