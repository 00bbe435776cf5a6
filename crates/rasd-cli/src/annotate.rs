//! Runs the analysis stages over the articles the reader found.

use rasd_extract::quotes::{Quote, QuoteRules, SpeakerMention, find_quotes};
use rasd_ner::{Entity, EntityType, Mention, Recognizer};
use rasd_reader::{Article, BlockKind};
use rasd_text::Span;

/// The regions of an article that hold its text: the title, then every kept block.
fn regions(article: &Article) -> impl Iterator<Item = Span> + '_ {
    article
        .title
        .iter()
        .map(|f| f.span)
        .chain(article.blocks.iter().map(|b| b.span))
}

/// The spans of an article's paragraphs (headings and the title left out).
fn paragraphs(article: &Article) -> Vec<Span> {
    article
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .map(|b| b.span)
        .collect()
}

/// Entities of one article (spans into the file's text).
pub fn entities(text: &str, article: &Article, ner: &Recognizer) -> Vec<Entity> {
    let mut mentions: Vec<Mention> = Vec::new();
    for region in regions(article) {
        let part = region.text(text);
        for m in ner.recognize_text(part) {
            mentions.push(Mention {
                span: Span::new(
                    m.span.start as usize + region.start as usize,
                    m.span.end as usize + region.start as usize,
                ),
                ty: m.ty,
            });
        }
    }
    // Names in the speaker's seat that the tagger missed are persons.
    let paragraphs = paragraphs(article);
    let known: Vec<Span> = mentions.iter().map(|m| m.span).collect();
    let lexicon = rasd_text::CliticAnalyzer::bundled();
    // Rare, and carrying no clitic or pronoun suffix the analyzer would split off (names do not:
    // «عمامته», «ستحضرها», «لمتسابق» are not names).
    let rare = |w: &str| {
        lexicon.frequency(w) < RARE_WORD_COUNT
            && lexicon.segment(w, Span::new(0, w.len())).is_whole()
    };
    for span in
        rasd_extract::quotes::speaker_names(text, &paragraphs, &known, QuoteRules::bundled(), rare)
    {
        mentions.push(Mention {
            span,
            ty: EntityType::Per,
        });
    }
    rasd_ner::group_mentions(text, &mentions)
}

/// A word seen fewer times than this in 17M words of news is rare enough to be a name when it
/// stands in the speaker's seat.
const RARE_WORD_COUNT: u64 = 20;

/// Direct quotes and reported speech of one article; speakers are indexes into `entities`.
pub fn quotes(text: &str, article: &Article, entities: &[Entity]) -> (Vec<Quote>, Vec<Quote>) {
    let paragraphs = paragraphs(article);
    let mut speakers: Vec<SpeakerMention> = entities
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.ty, EntityType::Per | EntityType::Org))
        .flat_map(|(i, e)| {
            e.mentions
                .iter()
                .map(move |&span| SpeakerMention { span, entity: i })
        })
        .collect();
    speakers.sort_by_key(|m| m.span.start);
    let rules = QuoteRules::bundled();
    let speakers = rasd_extract::quotes::with_role_mentions(text, &speakers, rules);
    let direct = find_quotes(text, &paragraphs, &speakers, rules);
    let mut reported = rasd_extract::quotes::find_reported(text, &paragraphs, &speakers, rules);
    rasd_extract::quotes::continue_speakers(text, &paragraphs, &direct, &mut reported, rules);
    (direct, reported)
}

/// Time expressions of one article, resolved against its publication date when it has one.
pub fn times(text: &str, article: &Article) -> Vec<rasd_extract::dates::TimeExpr> {
    use rasd_extract::dates::{TimeRules, find_times};
    let dct = article
        .published
        .as_ref()
        .and_then(|p| rasd_reader::calendar::Date::parse_iso(&p.date));
    let mut out = Vec::new();
    for region in regions(article) {
        for mut t in find_times(region.text(text), dct, TimeRules::bundled()) {
            t.span = Span::new(
                t.span.start as usize + region.start as usize,
                t.span.end as usize + region.start as usize,
            );
            out.push(t);
        }
    }
    out
}

/// Quantities of one article.
pub fn quantities(text: &str, article: &Article) -> Vec<rasd_extract::quantities::Quantity> {
    use rasd_extract::quantities::{QuantityRules, find_quantities};
    let mut out = Vec::new();
    for region in regions(article) {
        for mut q in find_quantities(region.text(text), QuantityRules::bundled()) {
            q.span = Span::new(
                q.span.start as usize + region.start as usize,
                q.span.end as usize + region.start as usize,
            );
            out.push(q);
        }
    }
    out
}
