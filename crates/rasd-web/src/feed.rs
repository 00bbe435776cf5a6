//! Feeds (RSS 2.0, Atom, JSON Feed, read by `feed-rs`): each item is an article.
//!
//! An item's title, link, date and authors are its metadata; its content (else its summary)
//! is HTML or text, read into paragraphs as a page's main text is, without choosing a
//! container (an item's content is all article). The feed's title is the outlet. An item
//! that carries only a summary stays a short article (fetching the linked page is `rasd
//! watch`'s job).

use scraper::Html;

use crate::html::{MainText, collapse, text_blocks};
use crate::meta::{PageMeta, parse_date};
use crate::page::Page;

/// Why a feed could not be read.
#[derive(Debug, thiserror::Error)]
#[error("not a feed (RSS, Atom or JSON Feed): {0}")]
pub struct FeedError(String);

/// One item of a feed, as a page: its metadata and its text.
#[derive(Clone, Debug)]
pub struct FeedItem {
    /// The item's id in its feed (the guid, else the link).
    pub id: String,
    /// Its metadata and text.
    pub page: Page,
    /// Whether the item gave only a summary, not its content.
    pub summary_only: bool,
}

/// Whether bytes look like a feed: an XML `<rss`, `<feed` or RDF root near the start, or a
/// JSON Feed's version.
pub fn is_feed(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    head.contains("<rss")
        || head.contains("<feed")
        || head.contains("<rdf:rdf")
        || head.contains("jsonfeed.org/version")
}

/// The items of a feed, in the feed's order.
pub fn items(bytes: &[u8]) -> Result<Vec<FeedItem>, FeedError> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| FeedError(e.to_string()))?;
    let outlet = feed.title.as_ref().map(|t| collapse(&t.content));
    let lang = feed.language.clone();
    Ok(feed
        .entries
        .into_iter()
        .map(|e| {
            let content = e.content.as_ref().and_then(|c| c.body.clone());
            let summary_only = content.is_none();
            let html = content
                .or(e.summary.as_ref().map(|s| s.content.clone()))
                .unwrap_or_default();
            let link = e.links.first().map(|l| l.href.clone());
            let authors: Vec<String> = e.authors.iter().map(|p| collapse(&p.name)).collect();
            let meta = PageMeta {
                title: e
                    .title
                    .as_ref()
                    .map(|t| collapse(&t.content))
                    .filter(|t| !t.is_empty()),
                published: e
                    .published
                    .or(e.updated)
                    .and_then(|d| parse_date(&d.to_rfc3339())),
                author: (!authors.is_empty()).then(|| authors.join("، ")),
                outlet: outlet.clone().filter(|o| !o.is_empty()),
                url: link.clone(),
                lang: e.language.clone().or(lang.clone()),
            };
            FeedItem {
                id: if e.id.is_empty() {
                    link.unwrap_or_default()
                } else {
                    e.id
                },
                page: Page {
                    meta,
                    main: fragment_text(&html),
                },
                summary_only,
            }
        })
        .collect())
}

/// The paragraphs of an HTML fragment (or plain text: one paragraph per line).
fn fragment_text(html: &str) -> MainText {
    let doc = Html::parse_fragment(html);
    MainText {
        blocks: text_blocks(&doc)
            .into_iter()
            .map(|b| (b.heading, b.text))
            .collect(),
        dropped: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>موقع تجريبي</title><language>ar</language>
<item><title>الخبر الأول</title><link>https://example.invalid/1</link>
<pubDate>Tue, 02 Mar 2021 10:00:00 GMT</pubDate><author>كاتب</author>
<description>ملخص قصير</description>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>الفقرة الأولى من الخبر.</p><p>الفقرة <b>الثانية</b>.</p><script>x()</script>]]></content:encoded></item>
<item><title>الخبر الثاني</title><link>https://example.invalid/2</link><description>&lt;p&gt;ملخص فقط&lt;/p&gt;</description></item>
</channel></rss>"#;

    #[test]
    fn rss_items_are_articles() {
        assert!(is_feed(RSS.as_bytes()));
        let items = items(RSS.as_bytes()).unwrap();
        assert_eq!(items.len(), 2);
        let first = &items[0];
        assert_eq!(first.page.meta.title.as_deref(), Some("الخبر الأول"));
        assert_eq!(
            first.page.meta.url.as_deref(),
            Some("https://example.invalid/1")
        );
        assert_eq!(first.page.meta.outlet.as_deref(), Some("موقع تجريبي"));
        assert_eq!(
            first.page.meta.published.map(|d| d.iso()).as_deref(),
            Some("2021-03-02")
        );
        assert!(!first.summary_only);
        let texts: Vec<&str> = first
            .page
            .main
            .blocks
            .iter()
            .map(|b| b.1.as_str())
            .collect();
        assert_eq!(texts, ["الفقرة الأولى من الخبر.", "الفقرة الثانية."]);
        assert!(items[1].summary_only);
        assert_eq!(items[1].page.main.blocks[0].1, "ملخص فقط");
    }

    #[test]
    fn atom_and_json_feed() {
        let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>أتوم</title><id>x</id><updated>2021-01-01T00:00:00Z</updated>
<entry><id>e1</id><title>عنوان</title><link href="https://example.invalid/e1"/><published>2021-01-05T08:00:00Z</published><updated>2021-01-06T08:00:00Z</updated>
<author><name>مراسل</name></author><content type="html">&lt;p&gt;نص&lt;/p&gt;</content></entry></feed>"#;
        let a = items(atom.as_bytes()).unwrap();
        assert_eq!(a[0].id, "e1");
        assert_eq!(a[0].page.meta.author.as_deref(), Some("مراسل"));
        assert_eq!(
            a[0].page.meta.published.map(|d| d.iso()).as_deref(),
            Some("2021-01-05")
        );
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"جيسون","items":[{"id":"j1","url":"https://example.invalid/j1","title":"عنوان","content_text":"سطر أول\nسطر ثان","date_published":"2022-02-02T00:00:00Z"}]}"#;
        assert!(is_feed(json.as_bytes()));
        let j = items(json.as_bytes()).unwrap();
        assert_eq!(j[0].page.meta.title.as_deref(), Some("عنوان"));
        assert!(!j[0].page.main.blocks.is_empty());
    }

    #[test]
    fn not_a_feed_is_an_error() {
        assert!(items(b"hello").is_err());
        assert!(!is_feed(b"<html><body>x</body></html>"));
    }
}
