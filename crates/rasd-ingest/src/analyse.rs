//! A source's articles, analysed by the per-article stages (`rasd-pipeline` with `rasd-ner`'s
//! recognizer), as the store takes them ([`NewArticle`]): every span a pair of character
//! offsets into the file's text.

use std::collections::HashSet;

use rasd_pipeline::{ArticleAnnotations, Parts};
use rasd_reader::{ArticleRole, Document};
use rasd_store::{ContentHash, MentionSpan, NewArticle, NewEntity, NewEvent, NewQuote, NewTime};
use rasd_text::CharIndex;

use crate::records;
use crate::source::{Source, SourceError};

/// What became of one source.
#[derive(Debug)]
pub struct Analysed {
    /// The source in messages ([`Source::name`]).
    pub name: String,
    /// What the reader and the stages warned of (`article N: …` for an article's).
    pub warnings: Vec<String>,
    /// Its articles that were not stored yet, analysed.
    pub new: Vec<NewArticle>,
    /// How many of its articles were already stored.
    pub known: usize,
}

/// Reads a source, and analyses those of its articles whose [`ContentHash`] is not in `known`.
pub fn analyse_source(
    source: &Source,
    reader: &rasd_reader::Reader,
    ner: &rasd_ner::Recognizer,
    known: &HashSet<ContentHash>,
) -> Result<Analysed, SourceError> {
    let doc = source.read(reader)?;
    Ok(analyse_document(
        &source.file_name(),
        &source.name(),
        &doc,
        ner,
        known,
    ))
}

/// Analyses the articles of a read document whose [`ContentHash`] is not in `known`. `file` is
/// the short name the store gives the article's file ([`Source::file_name`]), `path` the
/// source in full ([`Source::name`]).
pub fn analyse_document(
    file: &str,
    path: &str,
    doc: &Document,
    ner: &rasd_ner::Recognizer,
    known: &HashSet<ContentHash>,
) -> Analysed {
    let index = CharIndex::new(&doc.text);
    let mut new = Vec::new();
    let mut seen = 0;
    let mut warnings: Vec<String> = doc.warnings.iter().map(ToString::to_string).collect();
    for (part, a) in doc.articles.iter().enumerate() {
        let body = records::body(&doc.text, a);
        let title = a.title.as_ref().map(|f| f.text.as_str());
        if known.contains(&ContentHash::of_article(title, &body)) {
            seen += 1;
            continue;
        }
        let ann = rasd_pipeline::analyse(&doc.text, &Parts::of(a), Some(ner));
        warnings.extend(
            ann.warnings
                .iter()
                .map(|w| format!("article {}: {w}", part + 1)),
        );
        let mut article = NewArticle::new(file, path, &doc.text);
        article.part = part as u32;
        article.role = match a.role {
            ArticleRole::Main => "main",
            ArticleRole::Related => "related",
        }
        .to_owned();
        // What a dump's record says of its source is its metadata (the reader has already
        // made the record's date the articles' date); an outlet the reader finds in the text
        // is a guess beside it.
        let record_outlet = doc.record.as_ref().and_then(|r| r.outlet.clone());
        article.outlet = doc.outlet_of(a).map(str::to_owned);
        article.outlet_en = record_outlet.or_else(|| a.outlet_en.clone());
        article.published = a.published.as_ref().map(|p| p.date.clone());
        article.title = a.title.as_ref().map(|f| f.text.clone());
        article.title_span = a.title.as_ref().map(|f| index.char_span(f.span));
        article.blocks = a.blocks.iter().map(|b| index.char_span(b.span)).collect();
        article.headings = (a.blocks.iter().enumerate())
            .filter(|(_, b)| b.kind == rasd_reader::BlockKind::Heading)
            .map(|(i, _)| i)
            .collect();
        article.entities = entities(&doc.text, &index, &ann);
        article.events = events(&doc.text, &index, &ann);
        article.quotes = quotes(&doc.text, &index, &ann);
        article.times = times(&doc.text, &index, &ann);
        new.push(article);
    }
    Analysed {
        name: path.to_owned(),
        warnings,
        new,
        known: seen,
    }
}

// The records `rasd analyze` builds (`crate::records`), plus the spans the store keeps:
// mention and trigger offsets.

fn entities(text: &str, index: &CharIndex, ann: &ArticleAnnotations) -> Vec<NewEntity> {
    ann.entities
        .iter()
        .map(|e| NewEntity {
            record: records::entity_record(text, e),
            mentions: e
                .mentions
                .iter()
                .map(|&m| mention(text, index, m))
                .collect(),
        })
        .collect()
}

fn events(text: &str, index: &CharIndex, ann: &ArticleAnnotations) -> Vec<NewEvent> {
    ann.events
        .iter()
        .map(|e| NewEvent {
            record: records::event_record(text, index, ann, e),
            trigger: index.char_span(e.trigger),
        })
        .collect()
}

/// Words and character offsets of a span.
fn mention(text: &str, index: &CharIndex, span: rasd_text::Span) -> MentionSpan {
    let (start, end) = index.char_span(span);
    MentionSpan {
        start,
        end,
        text: span.text(text).to_owned(),
    }
}

fn quotes(text: &str, index: &CharIndex, ann: &ArticleAnnotations) -> Vec<NewQuote> {
    let direct = ann.quotes.iter().map(|q| ("direct", q));
    let reported = ann.reported.iter().map(|q| ("reported", q));
    direct
        .chain(reported)
        .map(|(kind, q)| NewQuote {
            kind: kind.to_owned(),
            span: mention(text, index, q.text),
            speaker: q.speaker,
            speaker_span: q.speaker_span.map(|s| index.char_span(s)),
            cue: q.cue.map(|s| index.char_span(s)),
        })
        .collect()
}

fn times(text: &str, index: &CharIndex, ann: &ArticleAnnotations) -> Vec<NewTime> {
    ann.times
        .iter()
        .map(|t| NewTime {
            span: mention(text, index, t.span),
            ty: serde_json::to_value(t.ty)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            value: t.value.clone(),
        })
        .collect()
}
