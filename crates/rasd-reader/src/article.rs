//! What the reader produces: articles with metadata, blocks and dropped lines.

use rasd_text::Span;
use serde::Serialize;

/// Where an article sits in its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArticleRole {
    /// The article the file is about.
    Main,
    /// An unrelated article appended after it ("read also" blocks and the like).
    Related,
}

/// A metadata value as found in the text: a cleaned value and the span it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The value (for an outlet, the name without "موقع" or "الإخباري").
    pub text: String,
    /// Where the value was found in the original text.
    pub span: Span,
}

/// A publication date: stated in the text, or given by the record the text came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Published {
    /// ISO 8601 date.
    pub date: String,
    /// The line that states it, as written; `None` when the source record gives the date.
    pub text: Option<String>,
    /// Where that line is; `None` when the source record gives the date.
    pub span: Option<Span>,
}

impl Published {
    /// A date the source record gives (a dump's `date`), not stated in the text.
    pub fn from_record(date: &crate::calendar::Date) -> Published {
        Published {
            date: date.iso(),
            text: None,
            span: None,
        }
    }
}

/// A kept line of an article body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// Running text.
    Paragraph,
    /// A section heading inside the article.
    Heading,
}

/// One kept line of an article, by span (trimmed of surrounding whitespace).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Block {
    /// Paragraph or heading.
    pub kind: BlockKind,
    /// The line in the original text.
    pub span: Span,
}

/// Why a line was left out of an article body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// The line is the article's title.
    Title,
    /// A subtitle under the title.
    Subtitle,
    /// The site's banner ("موقع … الإخباري").
    Banner,
    /// A breadcrumb or a section label.
    Navigation,
    /// The publication date line.
    DateLine,
    /// The author or translator line.
    Byline,
    /// A dateline credit on its own line ("أبوظبي - سكاي نيوز عربية").
    Dateline,
    /// "المصدر: …".
    SourceLine,
    /// A "read also" link or the headline it introduces.
    ReadAlso,
    /// A related-articles list header or one of its items.
    RelatedList,
    /// A headline of another story inserted between paragraphs.
    InsertedHeadline,
    /// A headline of another story after the article's last paragraph, without a marker.
    Teaser,
    /// App, newsletter or social-media prompt.
    Prompt,
    /// Tags or keywords.
    Tags,
    /// An image caption or photo credit.
    Caption,
    /// Copyright notice, opinion disclaimer, wire end mark, contact line.
    Notice,
    /// A line holding only a URL or an e-mail address.
    Link,
    /// Share buttons.
    Share,
    /// A line repeating an earlier one (a repeated subtitle, say).
    Repeated,
    /// A stray line outside any article.
    Stray,
}

/// A line left out of the body, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DroppedLine {
    /// The line in the original text.
    pub span: Span,
    /// Why it was dropped.
    pub reason: DropReason,
}

/// One article of a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Article {
    /// Main or related.
    pub role: ArticleRole,
    /// The title, when the file states one.
    pub title: Option<Field>,
    /// A subtitle (standfirst) under the title.
    pub subtitle: Option<Field>,
    /// The outlet as named in the text.
    pub outlet: Option<Field>,
    /// English name of the outlet when it is a known one.
    pub outlet_en: Option<String>,
    /// The publication date when the text states one.
    pub published: Option<Published>,
    /// Author or translator.
    pub byline: Option<Field>,
    /// Kept lines, in order.
    pub blocks: Vec<Block>,
    /// Lines left out, in order.
    pub dropped: Vec<DroppedLine>,
}

impl Article {
    pub(crate) fn new(role: ArticleRole) -> Article {
        Article {
            role,
            title: None,
            subtitle: None,
            outlet: None,
            outlet_en: None,
            published: None,
            byline: None,
            blocks: Vec::new(),
            dropped: Vec::new(),
        }
    }

    /// The body: the text of the paragraphs, one per line (headings are not body text).
    pub fn body(&self, text: &str) -> String {
        let mut out = String::new();
        for b in self
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
        {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(b.span.text(text));
        }
        out
    }

    /// Span of the article from its first to its last kept block.
    pub fn body_span(&self) -> Option<Span> {
        let first = self.blocks.first()?;
        let last = self.blocks.last()?;
        Some(Span::new(first.span.start as usize, last.span.end as usize))
    }
}
