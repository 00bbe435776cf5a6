//! The main text of a web page: its paragraphs and headings, boilerplate out.
//!
//! ## How
//! The page is parsed with html5ever (through `scraper`) and walked once into *text blocks*:
//! a block ends at every block-level element and at `<br>`, and remembers the elements it
//! sits in, how much of it is link text, and whether it is a heading. Subtrees that are never
//! article text are not walked: scripts, forms, navigation, `<aside>`, `<figure>` (captions),
//! and elements whose class or id says what they are (share, related, comments, tags,
//! breadcrumbs, cookie banners, newsletter prompts…).
//!
//! The article's container is chosen as readability does: every block that reads like prose
//! (long enough, few links) scores its length to its parent and half of it to its grandparent;
//! the best-scored element holds the article, joined by those of its siblings that score at
//! least a fifth of it or are prose paragraphs themselves (a lead paragraph beside the body's
//! container). Their blocks are kept unless they are mostly links; headings inside are kept as
//! headings. The text reader's line rules then run over the kept blocks ([`crate::page`]): a
//! byline, date line, "read also" link, caption or prompt with no telling class goes.
//!
//! ## Known misses
//! An article split over containers that are not siblings keeps only the best one; a
//! boilerplate line that the text reader's rules do not know stays.

use std::collections::HashMap;

use scraper::node::Node;
use scraper::{ElementRef, Html};

/// One block of visible text.
#[derive(Clone, Debug)]
pub(crate) struct TextBlock {
    /// The text, whitespace collapsed and trimmed.
    pub text: String,
    /// Characters of it inside links.
    pub link_chars: usize,
    /// `<h1>`..`<h6>`.
    pub heading: bool,
    /// Ids of the enclosing elements, innermost first.
    pub ancestors: Vec<ego_tree::NodeId>,
    /// Ids of the enclosing elements that can hold an article (not a paragraph, a heading or
    /// inline markup), innermost first: the candidates for the article's container.
    pub containers: Vec<ego_tree::NodeId>,
}

/// Elements that hold text but never a whole article.
const TEXT_TAGS: &[&str] = &[
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "span", "a", "b", "strong", "em", "i", "u",
    "font", "small", "sup", "sub", "mark", "q", "cite", "abbr", "time",
];

/// What the extractor keeps of a page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MainText {
    /// Paragraphs and headings, in order: `(is_heading, text)`.
    pub blocks: Vec<(bool, String)>,
    /// Blocks of the article's container that the text reader's line rules take for
    /// boilerplate (a byline, a date line, a "read also" link, a caption…): `(index, why,
    /// text)`, the index being that of the kept block they stood before.
    pub dropped: Vec<(usize, rasd_reader::DropReason, String)>,
}

const SKIP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "nav",
    "footer",
    "aside",
    "button",
    "select",
    "textarea",
    "figure",
    "figcaption",
    "picture",
    "video",
    "audio",
    "head",
    "object",
    "embed",
    "canvas",
    "map",
    "dialog",
    "menu",
    "input",
    "label",
];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "td",
    "th",
    "blockquote",
    "section",
    "article",
    "main",
    "pre",
    "dd",
    "dt",
    "dl",
    "header",
    "hr",
    "center",
    "address",
    "tbody",
    "thead",
];

/// Class or id words of subtrees that are never article text (readability's "unlikely
/// candidates" and the widgets news sites add).
const BOILERPLATE_WORDS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "related",
    "comment",
    "comments",
    "disqus",
    "tags",
    "tag",
    "keywords",
    "breadcrumb",
    "breadcrumbs",
    "menu",
    "navbar",
    "nav",
    "sidebar",
    "widget",
    "cookie",
    "cookies",
    "gdpr",
    "consent",
    "newsletter",
    "subscribe",
    "subscription",
    "banner",
    "advert",
    "advertisement",
    "ads",
    "ad",
    "sponsor",
    "sponsored",
    "promo",
    "popup",
    "modal",
    "caption",
    "credit",
    "pagination",
    "pager",
    "footer",
    "masthead",
    "toolbar",
    "mostread",
    "most-read",
    "popular",
    "trending",
    "readmore",
    "read-more",
    "recommended",
    "outbrain",
    "taboola",
    "print",
    "rss",
    "author",
    "byline",
    "dateline",
    "timestamp",
];

/// Class or id words that protect an element from [`BOILERPLATE_WORDS`] (readability's
/// "maybe candidate": an `article-share` is skipped, an `article-body` is not).
const CONTENT_WORDS: &[&str] = &[
    "body", "content", "article", "text", "story", "main", "entry",
];

/// Whether a class or id word (already lowercase) names boilerplate, and whether it names content.
fn word_kind(w: &str) -> (bool, bool) {
    (BOILERPLATE_WORDS.contains(&w), CONTENT_WORDS.contains(&w))
}

/// Whether an element's subtree is never article text: hidden, a landmark role that is not the
/// main content, or class/id words naming a widget and none naming content. The element's
/// attributes are read in one pass; `scratch` holds its class and id words lowercased.
fn is_boilerplate(el: &scraper::node::Element, scratch: &mut String) -> bool {
    let (mut class, mut id) = ("", "");
    for (name, value) in el.attrs() {
        match name {
            "hidden" => return true,
            "aria-hidden" if value == "true" => return true,
            "style" if value.contains("display") => {
                let squeezed: String = value.chars().filter(|c| *c != ' ').collect();
                if squeezed.contains("display:none") {
                    return true;
                }
            }
            "role" => {
                if matches!(
                    value,
                    "navigation" | "complementary" | "banner" | "contentinfo"
                ) {
                    return true;
                }
            }
            "class" => class = value,
            "id" => id = value,
            _ => {}
        }
    }
    if class.is_empty() && id.is_empty() {
        return false;
    }
    // The words, lowercased, one after another in `scratch`; the whole attribute joined
    // ("mostread", "readmore") is checked as well as its words.
    scratch.clear();
    let mut bad = false;
    for w in [class, id]
        .into_iter()
        .flat_map(|a| a.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
    {
        let at = scratch.len();
        scratch.extend(w.chars().map(|c| c.to_ascii_lowercase()));
        let (boilerplate, content) = word_kind(&scratch[at..]);
        if content {
            return false;
        }
        bad |= boilerplate;
    }
    bad || [
        "mostread",
        "readmore",
        "relatednews",
        "sharebar",
        "socialshare",
    ]
    .iter()
    .any(|b| scratch.contains(b))
}

struct Walker {
    blocks: Vec<TextBlock>,
    current: String,
    link_chars: usize,
    heading: bool,
    ancestors: Vec<(ego_tree::NodeId, bool)>,
    scratch: String,
}

impl Walker {
    fn flush(&mut self) {
        let text = collapse(&self.current);
        if !text.is_empty() {
            self.blocks.push(TextBlock {
                text,
                link_chars: self.link_chars,
                heading: self.heading,
                ancestors: self.ancestors.iter().rev().map(|a| a.0).collect(),
                containers: (self.ancestors.iter().rev())
                    .filter(|a| a.1)
                    .map(|a| a.0)
                    .collect(),
            });
        }
        self.current.clear();
        self.link_chars = 0;
        self.heading = false;
    }

    fn walk(&mut self, el: ElementRef<'_>, in_link: bool) {
        let name = el.value().name();
        // The page's root and body are never boilerplate, whatever their class says.
        let root = matches!(name, "html" | "body");
        if SKIP_TAGS.contains(&name) || (!root && is_boilerplate(el.value(), &mut self.scratch)) {
            return;
        }
        let block = BLOCK_TAGS.contains(&name);
        if block {
            self.flush();
        }
        self.ancestors.push((el.id(), !TEXT_TAGS.contains(&name)));
        let heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        let link = in_link || name == "a";
        for child in el.children() {
            match child.value() {
                Node::Text(t) => {
                    if heading {
                        self.heading = true;
                    }
                    if link {
                        self.link_chars += t.trim().chars().count();
                    }
                    self.current.push_str(t);
                }
                Node::Element(e) if e.name() == "br" => self.flush(),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.walk(child, link);
                    }
                }
                _ => {}
            }
        }
        if block {
            self.flush();
        }
        self.ancestors.pop();
    }
}

/// Whitespace runs to one space, trimmed.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The page's visible text blocks, in order.
pub(crate) fn text_blocks(doc: &Html) -> Vec<TextBlock> {
    let mut w = Walker {
        blocks: Vec::new(),
        current: String::new(),
        link_chars: 0,
        heading: false,
        ancestors: Vec::new(),
        scratch: String::new(),
    };
    let root = doc.root_element();
    let body = root
        .children()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "body")
        .unwrap_or(root);
    w.walk(body, false);
    w.flush();
    w.blocks
}

fn link_density(b: &TextBlock) -> f64 {
    b.link_chars as f64 / b.text.chars().count().max(1) as f64
}

/// A block that reads like running text: long enough, mostly not links, with a sentence in it.
fn is_prose(b: &TextBlock) -> bool {
    let chars = b.text.chars().count();
    !b.heading && chars >= 60 && link_density(b) < 0.3 && b.text.contains(' ')
}

/// The main text of a parsed page.
/// The best container and those of its siblings that hold the same article, as readability
/// joins them: a sibling scoring at least a fifth of the best (and 10), or a sibling that is
/// itself a prose paragraph (over 80 characters, under a quarter links). An article whose
/// lead paragraph or second half sits beside the container, not in it, is then whole.
fn with_siblings(
    doc: &Html,
    best: ego_tree::NodeId,
    scores: &HashMap<ego_tree::NodeId, f64>,
    blocks: &[TextBlock],
) -> Vec<ego_tree::NodeId> {
    let mut chosen = vec![best];
    let Some(parent) = doc.tree.get(best).and_then(|n| n.parent()) else {
        return chosen;
    };
    let threshold = (scores[&best] * 0.2).max(10.0);
    for sibling in parent.children().filter(|c| c.id() != best) {
        let scored = scores.get(&sibling.id()).is_some_and(|s| *s >= threshold);
        let prose_paragraph = || {
            sibling
                .value()
                .as_element()
                .is_some_and(|e| e.name() == "p")
                && blocks.iter().any(|b| {
                    b.ancestors.first() == Some(&sibling.id())
                        && !b.heading
                        && b.text.chars().count() > 80
                        && link_density(b) < 0.25
                })
        };
        if scored || prose_paragraph() {
            chosen.push(sibling.id());
        }
    }
    chosen
}

pub(crate) fn main_text(doc: &Html) -> MainText {
    let blocks = text_blocks(doc);
    // Readability's scoring: a prose block scores to its parent and half to its grandparent.
    let mut scores: HashMap<ego_tree::NodeId, f64> = HashMap::new();
    for b in blocks.iter().filter(|b| is_prose(b)) {
        let len = b.text.chars().count() as f64;
        let score = 1.0 + (len / 100.0).min(3.0) + b.text.matches(['،', ',', '.']).count() as f64;
        for (depth, id) in b.containers.iter().take(3).enumerate() {
            *scores.entry(*id).or_default() += score / (1 << depth) as f64;
        }
    }
    let Some(best) = scores
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(id, _)| *id)
    else {
        return MainText::default();
    };
    let chosen = with_siblings(doc, best, &scores, &blocks);
    let kept = blocks
        .into_iter()
        .filter(|b| b.ancestors.iter().any(|a| chosen.contains(a)))
        .filter(|b| link_density(b) < 0.5)
        .map(|b| (b.heading, b.text))
        .collect();
    MainText {
        blocks: kept,
        dropped: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract(html: &str) -> Vec<(bool, String)> {
        main_text(&Html::parse_document(html)).blocks
    }

    const PROSE: &str =
        "جملة طويلة بما يكفي لتكون فقرة من نص المقال، فيها فاصلة ونقطة في آخرها وكلمات كثيرة.";

    #[test]
    fn keeps_the_article_and_drops_menus_and_widgets() {
        let html = format!(
            "<html><body><nav><a href=/>الرئيسية</a></nav>\
             <div class=menu>قائمة الأقسام</div>\
             <div class=article-body><h1>العنوان</h1><p>{PROSE}</p><h2>عنوان فرعي</h2><p>{PROSE} ثانية</p>\
             <div class=share-buttons>شارك على فيسبوك</div></div>\
             <div class=related><p><a href=/x>{PROSE}</a></p></div>\
             <footer>حقوق النشر محفوظة</footer></body></html>"
        );
        let got = extract(&html);
        assert_eq!(
            got,
            vec![
                (true, "العنوان".to_owned()),
                (false, PROSE.to_owned()),
                (true, "عنوان فرعي".to_owned()),
                (false, format!("{PROSE} ثانية")),
            ]
        );
    }

    #[test]
    fn br_separates_paragraphs_and_whitespace_collapses() {
        let html =
            format!("<body><div id=story>{PROSE}<br><br>  سطر   ثان  <br>{PROSE}</div></body>");
        let got: Vec<String> = extract(&html).into_iter().map(|b| b.1).collect();
        assert_eq!(got, vec![PROSE, "سطر ثان", PROSE]);
    }

    #[test]
    fn class_words_protect_content() {
        let html = format!(
            "<body><div class='post-share'>x</div><div class='article-content share-aware'><p>{PROSE}</p></div></body>"
        );
        assert_eq!(extract(&html).len(), 1);
    }

    #[test]
    fn hidden_landmarks_and_joined_class_words_are_boilerplate() {
        let html = format!(
            "<body><div class=main-story><p>{PROSE}</p>\
             <div style='display: none'>نص مخفي</div><div hidden>نص مخفي</div>\
             <div aria-hidden=true>نص مخفي</div><div role=complementary>جانبي</div>\
             <div class=mostRead>الأكثر قراءة</div><div id=read_more_box>المزيد</div>\
             <div style='color: red'>نص ظاهر</div></div></body>"
        );
        let got: Vec<String> = extract(&html).into_iter().map(|b| b.1).collect();
        assert_eq!(got, vec![PROSE.to_owned(), "نص ظاهر".to_owned()]);
    }

    #[test]
    fn siblings_of_the_container_that_hold_the_article_join_it() {
        // The lead paragraph sits beside the body's container, and the article goes on in a
        // second container; a list of links and a short line beside them stay out, and so
        // does prose elsewhere on the page.
        let para = |w: &str| format!("<p>{PROSE} {w}</p>");
        let first: String = (1..=6).map(|n| para(&format!("أولى{n}"))).collect();
        let second: String = (1..=3).map(|n| para(&format!("ثانية{n}"))).collect();
        let html = format!(
            "<body><div class=page>{}<div class=c1>{first}</div><div class=c2>{second}</div>\
             <div class=c3><p><a href=/1>{PROSE}</a></p></div><div class=c4>سطر قصير</div></div>\
             <div class=elsewhere>{}</div></body>",
            para("المقدمة"),
            para("خارج")
        );
        let got: Vec<String> = extract(&html).into_iter().map(|b| b.1).collect();
        let want: Vec<String> = std::iter::once("المقدمة".to_owned())
            .chain((1..=6).map(|n| format!("أولى{n}")))
            .chain((1..=3).map(|n| format!("ثانية{n}")))
            .map(|w| format!("{PROSE} {w}"))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn empty_page_has_no_text() {
        assert!(extract("<html><body><nav>x</nav></body></html>").is_empty());
    }
}
