//! A web page as a [`Document`]: its extracted text is the document's text.
//!
//! The text is the title on the first line, the author on the next when the page names one,
//! then one line per paragraph or heading of the main text, and, where they stood, the
//! container's lines that the text reader's line rules drop (as dropped lines, with why). Every span of the article (title,
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
    line_rules(meta.title.as_deref(), &mut main);
    Page { meta, main }
}

/// Whether a reason the text reader gives for dropping a line says what the line is by its own
/// words (a byline, a date line, a "read also" link, a caption, a prompt…). Reasons that come
/// from a line's place in a plain-text file (a subtitle under the title, a headline between
/// paragraphs or after the last one, a stray line after the article's end, a repeat) are not
/// followed: in a page the container already says where the article is.
fn boilerplate_by_its_words(reason: DropReason) -> bool {
    use DropReason::*;
    matches!(
        reason,
        Banner
            | Navigation
            | DateLine
            | Byline
            | Dateline
            | SourceLine
            | ReadAlso
            | RelatedList
            | Prompt
            | Tags
            | Caption
            | Notice
            | Link
            | Share
    )
}

/// The text reader's line rules over the container's blocks: a block they drop for what it
/// says (see [`boilerplate_by_its_words`]) moves from `main.blocks` to `main.dropped`. The
/// reader sees the page as a news file: the title line, then one line per block.
fn line_rules(title: Option<&str>, main: &mut MainText) {
    if main.blocks.is_empty() {
        return;
    }
    let mut text = String::new();
    if let Some(t) = title {
        text.push_str(t);
        text.push('\n');
    }
    let mut starts = Vec::with_capacity(main.blocks.len());
    for (_, b) in &main.blocks {
        starts.push(text.len());
        text.push_str(b);
        text.push('\n');
    }
    let mut reasons: Vec<Option<DropReason>> = vec![None; starts.len()];
    for article in rasd_reader::ReaderBuilder::new().build().read_text(&text) {
        for d in article
            .dropped
            .iter()
            .filter(|d| boilerplate_by_its_words(d.reason))
        {
            let (from, to) = (d.span.start as usize, d.span.end as usize);
            for (n, s) in starts.iter().enumerate() {
                if from <= *s && *s < to.max(from + 1) {
                    reasons[n] = Some(d.reason);
                }
            }
        }
    }
    if reasons.iter().all(Option::is_none) {
        return;
    }
    let blocks = std::mem::take(&mut main.blocks);
    for ((heading, b), reason) in blocks.into_iter().zip(reasons) {
        match reason {
            Some(r) => main.dropped.push((main.blocks.len(), r, b)),
            None => main.blocks.push((heading, b)),
        }
    }
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
        let mut dropped = self.main.dropped.iter().peekable();
        for (n, (heading, t)) in self.main.blocks.iter().enumerate() {
            while let Some((_, reason, d)) = dropped.next_if(|d| d.0 <= n) {
                let span = line(&mut text, d);
                article.dropped.push(DroppedLine {
                    span,
                    reason: *reason,
                });
            }
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
        for (_, reason, d) in dropped {
            let span = line(&mut text, d);
            article.dropped.push(DroppedLine {
                span,
                reason: *reason,
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
    fn the_line_rules_drop_boilerplate_inside_the_container() {
        let prose =
            "جملة طويلة بما يكفي لتكون فقرة من نص المقال، فيها فاصلة ونقطة في آخرها وكلمات كثيرة.";
        // A "read also" link and an app prompt with no telling class, between and after the
        // paragraphs of the article's container.
        let html = format!(
            r#"<html><head><meta property="og:title" content="عنوان الخبر"></head>
            <body><div class="x1"><p>{prose}</p><p>اقرأ أيضا: عنوان خبر آخر عن موضوع مختلف تماما</p>
            <p>{prose} ثانية</p><p>حمل تطبيق الموقع لتصلك الأخبار أولا بأول</p></div></body></html>"#
        );
        let page = extract(&html);
        let kept: Vec<&str> = page.main.blocks.iter().map(|b| b.1.as_str()).collect();
        assert_eq!(kept, vec![prose.to_owned(), format!("{prose} ثانية")]);
        let why: Vec<DropReason> = page.main.dropped.iter().map(|d| d.1).collect();
        assert_eq!(why, vec![DropReason::ReadAlso, DropReason::Prompt]);
        // In the document the dropped lines stand where they were, with their reasons.
        let doc = page.into_document(Vec::new());
        let a = &doc.articles[0];
        let lines: Vec<&str> = doc.text.lines().collect();
        assert_eq!(lines.len(), 5);
        assert!(lines[2].starts_with("اقرأ أيضا"));
        assert_eq!(a.dropped[0].span.text(&doc.text), lines[2]);
        assert_eq!(a.dropped[1].span.text(&doc.text), lines[4]);
        assert_eq!(a.body(&doc.text), format!("{prose}\n{prose} ثانية"));
    }

    #[test]
    fn reasons_from_a_lines_place_are_not_followed() {
        // A short line between paragraphs is a subheading in a page, not another story's
        // headline, and the first paragraph under the title is not a subtitle to drop.
        let prose =
            "جملة طويلة بما يكفي لتكون فقرة من نص المقال، فيها فاصلة ونقطة في آخرها وكلمات كثيرة.";
        let html = format!(
            "<html><body><article><p>{prose}</p><p>عنوان قصير هنا</p><p>{prose} ثانية</p></article></body></html>"
        );
        let page = extract(&html);
        assert_eq!(page.main.blocks.len(), 3);
        assert!(page.main.dropped.is_empty());
        assert!(!boilerplate_by_its_words(DropReason::Subtitle));
        assert!(!boilerplate_by_its_words(DropReason::InsertedHeadline));
        assert!(boilerplate_by_its_words(DropReason::Byline));
    }

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
