//! Web inputs as documents: HTML pages (main text and metadata), WARC archives, feeds, and
//! the pages `rasd watch` fetches.
//!
//! The plain-text reader (`rasd-reader`) turns a news file's bytes into a [`Document`]; this
//! crate does the same for what analysts save from the web. A page's [`Document::text`] is its
//! extracted text (title, byline, then paragraphs and headings one per line), so every span
//! points into what the user reads. It is a crate apart from the reader because the HTML
//! parser and the feed parser are large, and the crates that only read text need neither.
//!
//! ```
//! let html = "<html><head><meta property='og:title' content='عنوان'></head><body><article>\
//!   <p>فقرة طويلة بما يكفي من نص المقال، فيها فاصلة وكلمات كثيرة تجعلها تبدو مثل نص حقيقي.</p>\
//!   </article></body></html>";
//! let doc = rasd_web::read_html(html.as_bytes())?;
//! assert_eq!(doc.articles[0].title.as_ref().unwrap().text, "عنوان");
//! assert_eq!(doc.articles[0].blocks.len(), 1);
//! # Ok::<(), rasd_reader::ReadError>(())
//! ```
#![deny(missing_docs)]

pub mod eval;
pub mod feed;
pub mod html;
pub mod meta;
pub mod page;
pub mod warc;

use std::path::PathBuf;

use rasd_reader::{Document, ReadError};

pub use meta::PageMeta;
pub use page::{Page, extract};

/// Whether bytes look like an HTML page, whatever the file's name: a doctype or an `<html>`,
/// `<head>` or `<body>` tag near the start.
pub fn is_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    has(b"<!doctype html") || has(b"<html") || has(b"<head>") || has(b"<body")
}

/// Read a web page's bytes into a document (see [`page`]).
pub fn read_html(bytes: &[u8]) -> Result<Document, ReadError> {
    read_html_declared(bytes, None)
}

/// [`read_html`] with the charset an HTTP header declares.
pub fn read_html_declared(bytes: &[u8], charset: Option<&str>) -> Result<Document, ReadError> {
    let decoded = rasd_reader::decode_declared(bytes, charset);
    let page = extract(&decoded.text);
    non_empty(page.into_document(decoded.warnings))
}

fn non_empty(doc: Document) -> Result<Document, ReadError> {
    if doc.articles.iter().all(|a| a.blocks.is_empty()) {
        return Err(ReadError::Empty {
            path: PathBuf::new(),
        });
    }
    Ok(doc)
}

/// A WARC response's page as a document: its target URI is its address (unless the page names
/// a canonical one) and its fetch date the publication date when the page states none (the
/// reference of relative dates either way).
pub fn read_warc_page(page: &warc::WarcPage) -> Result<Document, ReadError> {
    let mut doc = read_html_declared(&page.body, page.charset.as_deref())?;
    let mut record = doc.record.take().unwrap_or_default();
    record.url = record.url.or(page.uri.clone());
    record.fetched = page.fetched.clone();
    if record.published.is_none() {
        record.published = page.fetched.as_deref().and_then(meta::parse_date);
    }
    doc.set_record(record);
    Ok(doc)
}

/// A feed item as a document.
pub fn read_feed_item(item: &feed::FeedItem) -> Result<Document, ReadError> {
    non_empty(item.page.clone().into_document(Vec::new()))
}

/// A page fetched from `url` (the address it was fetched from, after redirects) as a
/// document, `charset` the one its `Content-Type` declares: `url` is its address unless the
/// page names a canonical one.
pub fn read_fetched_page(
    bytes: &[u8],
    charset: Option<&str>,
    url: &str,
) -> Result<Document, ReadError> {
    fetched_page(bytes, charset, url, &PageMeta::default())
}

/// The page a feed item links to, fetched from `url`, as the item's document: the page's text
/// and metadata, with the item's title, date, author, outlet and language filling what the
/// page lacks (an item that carries only a summary is read this way).
pub fn read_feed_item_page(
    item: &feed::FeedItem,
    bytes: &[u8],
    charset: Option<&str>,
    url: &str,
) -> Result<Document, ReadError> {
    fetched_page(bytes, charset, url, &item.page.meta)
}

fn fetched_page(
    bytes: &[u8],
    charset: Option<&str>,
    url: &str,
    fallback: &PageMeta,
) -> Result<Document, ReadError> {
    let decoded = rasd_reader::decode_declared(bytes, charset);
    let mut page = extract(&decoded.text);
    let meta = &mut page.meta;
    fill(&mut meta.title, &fallback.title);
    fill(&mut meta.published, &fallback.published);
    fill(&mut meta.author, &fallback.author);
    fill(&mut meta.outlet, &fallback.outlet);
    fill(&mut meta.lang, &fallback.lang);
    fill(&mut meta.url, &Some(url.to_owned()));
    non_empty(page.into_document(decoded.warnings))
}

fn fill<T: Clone>(mine: &mut Option<T>, theirs: &Option<T>) {
    if mine.is_none() {
        mine.clone_from(theirs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_recognised_by_content() {
        assert!(is_html(
            b"\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0\">"
        ));
        assert!(is_html(b"<HTML><BODY>x"));
        assert!(!is_html("قال الوزير إن <b> ليست وسما".as_bytes()));
    }

    #[test]
    fn a_feed_item_fills_what_its_page_lacks() {
        let rss = r#"<rss version="2.0"><channel><title>الموقع</title><item><title>عنوان البند</title>
<link>https://example.invalid/1</link><pubDate>Tue, 02 Mar 2021 10:00:00 GMT</pubDate>
<author>كاتب البند</author><description>ملخص</description></item></channel></rss>"#;
        let item = &feed::items(rss.as_bytes()).unwrap()[0];
        let prose =
            "جملة طويلة بما يكفي لتكون فقرة من نص المقال، فيها فاصلة ونقطة في آخرها وكلمات كثيرة.";
        let page = format!(
            "<html><head><meta name='author' content='كاتب الصفحة'></head><body><article><p>{prose}</p></article></body></html>"
        );
        let doc = read_feed_item_page(item, page.as_bytes(), None, "https://example.invalid/1?r")
            .unwrap();
        let a = &doc.articles[0];
        assert_eq!(a.title.as_ref().unwrap().text, "عنوان البند");
        assert_eq!(a.byline.as_ref().unwrap().text, "كاتب الصفحة");
        assert_eq!(a.published.as_ref().unwrap().date, "2021-03-02");
        let record = doc.record.as_ref().unwrap();
        assert_eq!(record.url.as_deref(), Some("https://example.invalid/1?r"));
        assert_eq!(record.outlet.as_deref(), Some("الموقع"));
        assert_eq!(a.body(&doc.text), prose);
    }

    #[test]
    fn a_page_without_text_is_an_error() {
        assert!(matches!(
            read_html(b"<html><body><nav>x</nav></body></html>"),
            Err(ReadError::Empty { .. })
        ));
    }
}
