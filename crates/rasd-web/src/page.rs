//! A web page as a [`Document`]: its extracted text is the document's text.
//!
//! The text is the title on the first line, the author on the next when the page names one,
//! then one line per paragraph or heading of the main text. Every span of the article (title,
//! byline, blocks) and of every later stage points into it, so highlights land on the words
//! the user reads. The page's metadata goes to the document as a source record's does
//! ([`Document::set_record`]): its date is then the reference of relative dates.

use rasd_reader::{
    Article, ArticleRole, Block, BlockKind, Document, DropReason, DroppedLine, Field, RecordMeta,
};
use rasd_text::Span;
use scraper::Html;

use crate::html::{MainText, main_text};
use crate::meta::{PageMeta, page_meta};

/// A page's main text and metadata, before they become a [`Document`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    /// What the page says of itself.
    pub meta: PageMeta,
    /// Its paragraphs and headings.
    pub main: MainText,
}

/// Extract a page's metadata and main text from its HTML.
pub fn extract(html: &str) -> Page {
    let doc = Html::parse_document(html);
    let meta = page_meta(&doc);
    let mut main = main_text(&doc);
    // The headline repeated at the top of the main text is the title, not body.
    if let Some(title) = &meta.title {
        let key = crate::html::collapse(title);
        main.blocks
            .retain(|(_, t)| !(t == &key || (key.len() > 20 && key.starts_with(t.as_str()))));
    }
    Page { meta, main }
}

impl Page {
    /// The page as a document: the extracted text, one article, the metadata as its record.
    /// `warnings` are the decoder's.
    pub fn into_document(self, warnings: Vec<rasd_reader::DecodeWarning>) -> Document {
        let mut text = String::new();
        let line = |text: &mut String, s: &str| -> Span {
            let start = text.len();
            text.push_str(s);
            let span = Span::new(start, text.len());
            text.push('\n');
            span
        };
        let mut article = Article {
            role: ArticleRole::Main,
            title: None,
            subtitle: None,
            outlet: None,
            outlet_en: None,
            published: None,
            byline: None,
            blocks: Vec::new(),
            dropped: Vec::new(),
        };
        if let Some(t) = &self.meta.title {
            let span = line(&mut text, t);
            article.title = Some(Field {
                text: t.clone(),
                span,
            });
        }
        if let Some(a) = &self.meta.author {
            let span = line(&mut text, a);
            article.byline = Some(Field {
                text: a.clone(),
                span,
            });
            article.dropped.push(DroppedLine {
                span,
                reason: DropReason::Byline,
            });
        }
        for (heading, t) in &self.main.blocks {
            let span = line(&mut text, t);
            article.blocks.push(Block {
                kind: if *heading {
                    BlockKind::Heading
                } else {
                    BlockKind::Paragraph
                },
                span,
            });
        }
        let mut doc = Document {
            text,
            warnings,
            articles: vec![article],
            record: None,
        };
        let m = self.meta;
        doc.set_record(RecordMeta {
            outlet: m.outlet,
            published: m.published,
            url: m.url,
            author: m.author,
            lang: m.lang,
            ..RecordMeta::default()
        });
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_span_lands_on_its_words() {
        let prose =
            "جملة طويلة بما يكفي لتكون فقرة من نص المقال، فيها فاصلة ونقطة في آخرها وكلمات كثيرة.";
        let html = format!(
            r#"<html><head><meta property="og:title" content="عنوان الخبر">
            <meta name="author" content="اسم الكاتب"><meta property="og:site_name" content="الموقع">
            <meta property="article:published_time" content="2022-03-04"></head>
            <body><article><h1>عنوان الخبر</h1><p>{prose}</p><h2>فرع</h2><p>{prose}</p></article></body></html>"#
        );
        let doc = extract(&html).into_document(Vec::new());
        let a = &doc.articles[0];
        assert_eq!(
            a.title.as_ref().unwrap().span.text(&doc.text),
            "عنوان الخبر"
        );
        assert_eq!(
            a.byline.as_ref().unwrap().span.text(&doc.text),
            "اسم الكاتب"
        );
        let blocks: Vec<(BlockKind, &str)> = a
            .blocks
            .iter()
            .map(|b| (b.kind, b.span.text(&doc.text)))
            .collect();
        assert_eq!(
            blocks,
            vec![
                (BlockKind::Paragraph, prose),
                (BlockKind::Heading, "فرع"),
                (BlockKind::Paragraph, prose)
            ]
        );
        assert_eq!(a.published.as_ref().unwrap().date, "2022-03-04");
        assert_eq!(doc.outlet_of(a), Some("الموقع"));
        assert_eq!(a.body(&doc.text), format!("{prose}\n{prose}"));
    }
}
