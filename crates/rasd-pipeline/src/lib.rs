//! Runs rasd's analysis stages over an article the reader found (or over a plain text).
//!
//! # Brief overview
//! [`Parts`] says where an article's text is; [`analyse`] runs named-entity recognition,
//! quotes, dates, quantities, actors and the event coder over it and returns
//! [`ArticleAnnotations`], every result a span of the original text.
//!
//! ```
//! let text = "وسلمت ألمانيا دبابات وذخائر إلى أوكرانيا.";
//! let ner = rasd_ner::Recognizer::bundled()?;
//! let ann = rasd_pipeline::analyse(text, &rasd_pipeline::Parts::whole(text), Some(ner));
//! assert_eq!(ann.events[0].plover, "AID");
//! # Ok::<(), rasd_ner::NerError>(())
//! ```
#![deny(missing_docs)]

use rasd_actors::{ActorKb, ActorKind, ActorMention};
use rasd_extract::events::{ActorRef, EventRules};
use rasd_extract::quotes::{Quote, QuoteRules, SpeakerMention, find_speech};
use rasd_ner::{Entity, EntityType, Mention, Recognizer};
use rasd_reader::{Article, BlockKind};
use rasd_text::Span;

/// What the stages found in one article. Indexes (a quote's speaker, an event's actors) point
/// into these vectors.
#[derive(Default)]
pub struct ArticleAnnotations {
    /// Named entities.
    pub entities: Vec<Entity>,
    /// Direct quotes.
    pub quotes: Vec<Quote>,
    /// Reported speech.
    pub reported: Vec<Quote>,
    /// Time expressions.
    pub times: Vec<rasd_extract::dates::TimeExpr>,
    /// Quantities.
    pub quantities: Vec<rasd_extract::quantities::Quantity>,
    /// Actor mentions (entities and descriptors), sorted by position.
    pub actors: Vec<rasd_extract::events::ActorRef>,
    /// Coded events.
    pub events: Vec<rasd_extract::events::Event>,
    /// What was cut: an article over a cap ([`Caps`]) keeps its first annotations.
    pub warnings: Vec<String>,
}

/// The most annotations of each kind one article keeps: a hostile or degenerate text (one
/// sentence repeated for megabytes) must cost bounded output. Real news articles stay far
/// below (the news corpus's largest has a few hundred entities and events).
pub struct Caps;

impl Caps {
    /// Entities.
    pub const ENTITIES: usize = 2_000;
    /// Direct quotes, and reported clauses (each).
    pub const QUOTES: usize = 500;
    /// Time expressions, and quantities (each).
    pub const TIMES: usize = 2_000;
    /// Events.
    pub const EVENTS: usize = 2_000;
}

/// Keeps the first `cap` of `items`, saying so in `warnings`.
fn cap<T>(items: &mut Vec<T>, cap: usize, what: &str, warnings: &mut Vec<String>) {
    if items.len() > cap {
        warnings.push(format!(
            "{} {what} found, only the first {cap} kept (the cap per article)",
            items.len()
        ));
        items.truncate(cap);
    }
}

/// Where an article's text is: the regions the names and dates are looked for in (title,
/// headings, paragraphs) and the paragraphs that quotes and events are looked for in.
pub struct Parts {
    regions: Vec<Span>,
    paragraphs: Vec<Span>,
    /// The publication date, which relative dates are resolved against.
    published: Option<rasd_reader::calendar::Date>,
}

impl Parts {
    /// The parts of an article the reader found: the title, then every kept block.
    pub fn of(article: &Article) -> Parts {
        Parts {
            regions: article
                .title
                .iter()
                .map(|f| f.span)
                .chain(article.blocks.iter().map(|b| b.span))
                .collect(),
            paragraphs: article
                .blocks
                .iter()
                .filter(|b| b.kind == BlockKind::Paragraph)
                .map(|b| b.span)
                .collect(),
            published: article
                .published
                .as_ref()
                .and_then(|p| rasd_reader::calendar::Date::parse_iso(&p.date)),
        }
    }

    /// A plain text taken as one paragraph (a sentence of an evaluation set).
    pub fn whole(text: &str) -> Parts {
        let all = Span::new(0, text.len());
        Parts {
            regions: vec![all],
            paragraphs: vec![all],
            published: None,
        }
    }

    fn regions(&self) -> impl Iterator<Item = Span> + '_ {
        self.regions.iter().copied()
    }
}

/// Every stage after the reader, over one article's parts.
pub fn analyse(text: &str, parts: &Parts, ner: Option<&Recognizer>) -> ArticleAnnotations {
    analyse_with(text, parts, ner, EventCoder::default())
}

/// Every stage after the reader, with the given event coder.
pub fn analyse_with(
    text: &str,
    parts: &Parts,
    ner: Option<&Recognizer>,
    coder: EventCoder,
) -> ArticleAnnotations {
    let entities = ner.map(|n| entities(text, parts, n)).unwrap_or_default();
    extract_with(text, parts, entities, coder)
}

/// The stages after named-entity recognition, given the article's entities.
pub fn extract(text: &str, parts: &Parts, entities: Vec<Entity>) -> ArticleAnnotations {
    extract_with(text, parts, entities, EventCoder::default())
}

/// The stages after named-entity recognition, with the given event coder.
pub fn extract_with(
    text: &str,
    parts: &Parts,
    mut entities: Vec<Entity>,
    coder: EventCoder,
) -> ArticleAnnotations {
    // Caps apply before later stages index into what is kept.
    let mut warnings = Vec::new();
    cap(&mut entities, Caps::ENTITIES, "entities", &mut warnings);
    let mentions = actor_mentions(text, parts);
    assign_actor_codes(text, &mut entities, &mentions);
    let (mut quotes, mut reported) = quotes(text, parts, &entities);
    cap(&mut quotes, Caps::QUOTES, "quotes", &mut warnings);
    cap(
        &mut reported,
        Caps::QUOTES,
        "reported clauses",
        &mut warnings,
    );
    let (mut times, mut quantities) = times_and_quantities(text, parts);
    cap(&mut times, Caps::TIMES, "time expressions", &mut warnings);
    cap(&mut quantities, Caps::TIMES, "quantities", &mut warnings);
    let actors = actors(text, parts, &entities, &mentions);
    let cx = EventContext {
        actors: &actors,
        times: &times,
        quantities: &quantities,
        quotes: &quotes,
        reported: &reported,
    };
    let mut events = events(text, parts, &cx, coder);
    cap(&mut events, Caps::EVENTS, "events", &mut warnings);
    ArticleAnnotations {
        entities,
        quotes,
        reported,
        times,
        quantities,
        actors,
        events,
        warnings,
    }
}

/// Entities of one article (spans into the file's text).
pub fn entities(text: &str, parts: &Parts, ner: &Recognizer) -> Vec<Entity> {
    let mut mentions: Vec<Mention> = Vec::new();
    for region in parts.regions() {
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
    // God and religious formulae, currencies: never names (a closed list).
    let not_names = rasd_ner::NotNames::bundled();
    mentions.retain(|m| !not_names.contains(m.span.text(text)));
    // Names in the speaker's seat that the tagger missed are persons.
    let paragraphs = &parts.paragraphs;
    let known: Vec<Span> = mentions.iter().map(|m| m.span).collect();
    let lexicon = rasd_text::CliticAnalyzer::bundled();
    // Rare, and carrying no clitic or pronoun suffix the analyzer would split off (names do not:
    // «عمامته», «ستحضرها», «لمتسابق» are not names).
    let rare = |w: &str| {
        lexicon.frequency(w) < RARE_WORD_COUNT
            && lexicon.segment(w, Span::new(0, w.len())).is_whole()
    };
    for span in
        rasd_extract::quotes::speaker_names(text, paragraphs, &known, QuoteRules::bundled(), rare)
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
pub fn quotes(text: &str, parts: &Parts, entities: &[Entity]) -> (Vec<Quote>, Vec<Quote>) {
    let paragraphs = &parts.paragraphs;
    let mut speakers: Vec<SpeakerMention> = entities
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.ty, EntityType::Per | EntityType::Org))
        .flat_map(|(i, e)| {
            let person = e.ty == EntityType::Per;
            e.mentions.iter().map(move |&span| SpeakerMention {
                span,
                entity: i,
                person,
            })
        })
        .collect();
    speakers.sort_by_key(|m| m.span.start);
    let rules = QuoteRules::bundled();
    // The article's extent: its roles are looked for there, not in the whole file.
    let within = (parts.regions())
        .chain(paragraphs.iter().copied())
        .reduce(|a, b| Span::new(a.start.min(b.start) as usize, a.end.max(b.end) as usize))
        .unwrap_or(Span::new(0, 0));
    let speakers = rasd_extract::quotes::with_role_mentions(text, within, &speakers, rules);
    let (direct, mut reported) = find_speech(text, paragraphs, &speakers, rules);
    rasd_extract::quotes::continue_speakers(text, paragraphs, &direct, &mut reported, rules);
    (direct, reported)
}

/// Time expressions of one article, resolved against its publication date when it has one.
pub fn times(text: &str, parts: &Parts) -> Vec<rasd_extract::dates::TimeExpr> {
    use rasd_extract::dates::{TimeRules, find_times};
    let dct = parts.published;
    let mut out = Vec::new();
    for region in parts.regions() {
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

/// Time expressions and quantities of one article, its tokens keyed once for both.
pub fn times_and_quantities(
    text: &str,
    parts: &Parts,
) -> (
    Vec<rasd_extract::dates::TimeExpr>,
    Vec<rasd_extract::quantities::Quantity>,
) {
    use rasd_extract::dates::TimeRules;
    use rasd_extract::quantities::QuantityRules;
    let mut times = Vec::new();
    let mut quantities = Vec::new();
    for region in parts.regions() {
        let shift = |s: Span| {
            Span::new(
                s.start as usize + region.start as usize,
                s.end as usize + region.start as usize,
            )
        };
        let (t, q) = rasd_extract::find_times_and_quantities(
            region.text(text),
            parts.published,
            TimeRules::bundled(),
            QuantityRules::bundled(),
        );
        times.extend(t.into_iter().map(|mut t| {
            t.span = shift(t.span);
            t
        }));
        quantities.extend(q.into_iter().map(|mut q| {
            q.span = shift(q.span);
            q
        }));
    }
    (times, quantities)
}

/// Quantities of one article.
pub fn quantities(text: &str, parts: &Parts) -> Vec<rasd_extract::quantities::Quantity> {
    use rasd_extract::quantities::{QuantityRules, find_quantities};
    let mut out = Vec::new();
    for region in parts.regions() {
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

/// Actor phrases of the knowledge base in an article's regions (spans into the text).
pub fn actor_mentions(text: &str, parts: &Parts) -> Vec<ActorMention> {
    let kb = ActorKb::bundled();
    let mut out = Vec::new();
    for region in parts.regions() {
        for mut m in kb.find(region.text(text)) {
            m.span = Span::new(
                m.span.start as usize + region.start as usize,
                m.span.end as usize + region.start as usize,
            );
            out.push(m);
        }
    }
    out
}

/// Is `s` one proclitic letter (و ف ب ل ك), perhaps with a conjunction before it («ول»)?
fn is_proclitic(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| !('\u{64b}'..='\u{652}').contains(c));
    let clitic = |c: char| matches!(c, 'و' | 'ف' | 'ب' | 'ل' | 'ك');
    match (letters.next(), letters.next(), letters.next()) {
        (Some(a), None, _) => clitic(a),
        (Some(a), Some(b), None) => matches!(a, 'و' | 'ف') && clitic(b),
        _ => false,
    }
}

/// Is the text between two spans only spaces, quote marks or a comma (an apposition)?
fn adjoining(text: &str, left: Span, right: Span) -> bool {
    left.end <= right.start
        && text[left.end as usize..right.start as usize]
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, '"' | '“' | '”' | '«' | '»' | '،' | ','))
        && right.start - left.end <= 6
}

/// A role set off by a comma after a name («أردوغان، الرئيس التركي»): without the comma the
/// role introduces the next name («التقى دوق كامبريدج رئيس السلطة الفلسطينية محمود عباس»).
fn apposition(text: &str, name: Span, role: Span) -> bool {
    adjoining(text, name, role) && text[name.end as usize..role.start as usize].contains(['،', ','])
}

/// Give entities their actor codes: the knowledge base's code for the name («روسيا» → RUS,
/// «فلاديمير بوتين» → RUSGOV), else the code of a role phrase standing right before or after
/// a mention of a person or organization («الرئيس الروسي فلاديمير بوتين» → RUSGOV,
/// «أردوغان، الرئيس التركي» → TURGOV).
///
/// A name the tagger took for a person or organization that is exactly a country or capital
/// of the knowledge base («زار بيونغ يانغ …») becomes a place.
pub fn assign_actor_codes(text: &str, entities: &mut [Entity], mentions: &[ActorMention]) {
    let kb = ActorKb::bundled();
    for e in entities.iter_mut() {
        if e.ty != EntityType::Loc
            && e.mentions.iter().any(|m| {
                mentions.iter().any(|k| {
                    k.span == *m && matches!(k.kind, ActorKind::Country | ActorKind::Capital)
                })
            })
        {
            e.ty = EntityType::Loc;
        }
        if e.actor.is_some() {
            continue;
        }
        let known = std::iter::once(e.name.as_str())
            .chain(e.mentions.iter().map(|m| m.text(text)))
            .find_map(|n| kb.lookup(n));
        if let Some(actor) = known {
            e.actor = Some(actor.code);
            if e.name_en.is_none() {
                e.name_en = actor.name_en;
            }
            continue;
        }
        if !matches!(e.ty, EntityType::Per | EntityType::Org) {
            continue;
        }
        let role = e.mentions.iter().find_map(|&m| {
            mentions.iter().find(|r| {
                matches!(r.kind, ActorKind::Descriptor | ActorKind::Named)
                    && (adjoining(text, r.span, m) || apposition(text, m, r.span))
            })
        });
        if let Some(r) = role {
            e.actor = Some(r.actor.code.clone());
        }
    }
}

/// The actors of one article: every mention of a named entity, the knowledge base's phrases
/// that are not names («الجيش الروسي»، «مسؤولون أمريكيون»، «المتظاهرون»), and analysts
/// («محللون»، «خبراء») whose words are opinions. A role phrase right before a person's name
/// («وزير الدفاع الروسي سيرغي شويغو») joins the name's mention. Sorted, non-overlapping.
pub fn actors(
    text: &str,
    parts: &Parts,
    entities: &[Entity],
    mentions: &[ActorMention],
) -> Vec<ActorRef> {
    let mut named: Vec<ActorRef> = entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            e.mentions.iter().map(move |&span| ActorRef {
                span,
                entity: Some(i),
                code: e.actor.clone(),
                place: e.ty == EntityType::Loc,
                analyst: false,
                specific: true,
                person: e.ty == EntityType::Per,
            })
        })
        .collect();
    named.sort_by_key(|a| a.span.start);
    let mut out: Vec<ActorRef> = Vec::with_capacity(named.len() + mentions.len());
    for m in mentions {
        let overlaps = |a: &ActorRef| a.span.start < m.span.end && m.span.start < a.span.end;
        if let Some(a) = named.iter_mut().find(|a| overlaps(a)) {
            // The name's entity is the actor; the phrase may know its code.
            if a.code.is_none() {
                a.code = Some(m.actor.code.clone());
            }
            // A mention the tagger took with its preposition («لكييف»): the actor starts
            // where the phrase does, so that the preposition is seen before it.
            if a.span.start < m.span.start
                && m.span.start < a.span.end
                && is_proclitic(&text[a.span.start as usize..m.span.start as usize])
            {
                a.span = Span::new(m.span.start as usize, a.span.end as usize);
            }
            continue;
        }
        let joined = (!matches!(m.kind, ActorKind::Country | ActorKind::Capital))
            .then(|| {
                named.iter_mut().find(|a| {
                    a.entity.is_some_and(|e| {
                        matches!(entities[e].ty, EntityType::Per | EntityType::Org)
                    }) && adjoining(text, m.span, a.span)
                })
            })
            .flatten();
        if let Some(a) = joined {
            a.span = Span::new(m.span.start as usize, a.span.end as usize);
            if a.code.is_none() {
                a.code = Some(m.actor.code.clone());
            }
            continue;
        }
        out.push(ActorRef {
            span: m.span,
            entity: None,
            code: Some(m.actor.code.clone()),
            place: matches!(m.kind, ActorKind::Country | ActorKind::Capital),
            analyst: false,
            specific: m.kind != ActorKind::Agent,
            person: false,
        });
    }
    with_sides(text, entities, &mut out);
    out.extend(named);
    let mut analysts = EventRules::bundled().analyst_mentions(text, &parts.paragraphs);
    // «مراقبون عسكريون», «خبراء روس»: the role or country after an analyst word describes
    // the analysts, who are not participants.
    for span in analysts.iter_mut() {
        out.retain(|a| {
            let describes = a.entity.is_none() && adjoining(text, *span, a.span);
            if describes {
                *span = Span::new(span.start as usize, a.span.end as usize);
            }
            !describes
        });
    }
    for a in out.iter_mut() {
        if analysts
            .iter()
            .any(|s| a.span.start <= s.start && s.end <= a.span.end)
        {
            a.analyst = true;
        }
    }
    for span in analysts {
        out.push(ActorRef {
            span,
            entity: None,
            code: None,
            place: false,
            analyst: true,
            specific: false,
            person: false,
        });
    }
    out.sort_by_key(|a| (a.span.start, std::cmp::Reverse(a.span.end)));
    // Keep the first (longest) of overlapping mentions.
    let mut kept: Vec<ActorRef> = Vec::with_capacity(out.len());
    for a in out {
        if kept.last().is_none_or(|k| k.span.end <= a.span.start) {
            kept.push(a);
        }
    }
    kept
}

/// «القوات الجنوبية»: a role alone followed by the adjective of a side is of the one country the
/// article names with that side («كوريا الجنوبية»، «جنوب السودان»); the phrase takes the
/// country's code with its role and the adjective.
fn with_sides(text: &str, entities: &[Entity], roles: &mut [ActorRef]) {
    let kb = ActorKb::bundled();
    // (side, country) of the article's countries whose names carry a side, and of the
    // countries named as their other sides («كوريا الشمالية» → «كوريا الجنوبية»).
    let mut sided: Vec<(&str, String)> = Vec::new();
    for e in entities {
        let Some(code) = e.actor.as_deref() else {
            continue;
        };
        if e.ty != EntityType::Loc || code.len() != 3 || kb.country_name(code).is_none() {
            continue;
        }
        let Some(side) = e.name.split_whitespace().find_map(|w| kb.side_of(w)) else {
            continue;
        };
        let mut add = |side: &'static str, code: String| {
            if !sided.iter().any(|(s, c)| *s == side && *c == code) {
                sided.push((side, code));
            }
        };
        add(side, code.to_owned());
        let name = rasd_text::normalize_str(&e.name, rasd_text::NormLevel::Search);
        for other in kb.sides() {
            if other != side
                && let Some(actor) = kb.lookup(&name.replace(side, other))
                && actor.code.len() == 3
            {
                add(other, actor.code);
            }
        }
    }
    if sided.is_empty() {
        return;
    }
    for a in roles.iter_mut() {
        let Some(role) = a.code.as_deref() else {
            continue;
        };
        if a.entity.is_some() || a.specific || a.place {
            continue;
        }
        let rest = &text[a.span.end as usize..];
        let gap = rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len();
        if gap == 0 {
            continue;
        }
        let word_len = rest[gap..]
            .find(|c: char| !c.is_alphabetic() && !('\u{64b}'..='\u{652}').contains(&c))
            .unwrap_or(rest.len() - gap);
        let Some(side) = kb.side_of(&rest[gap..gap + word_len]) else {
            continue;
        };
        let mut countries = sided.iter().filter(|(s, _)| *s == side).map(|(_, c)| c);
        if let (Some(country), None) = (countries.next(), countries.next()) {
            a.code = Some(format!("{country}{role}"));
            a.specific = true;
            a.span = Span::new(a.span.start as usize, a.span.end as usize + gap + word_len);
        }
    }
}

/// What the event coders read of an article besides its text: the other stages' findings.
pub struct EventContext<'a> {
    /// Actor mentions.
    pub actors: &'a [rasd_extract::events::ActorRef],
    /// Time expressions.
    pub times: &'a [rasd_extract::dates::TimeExpr],
    /// Quantities.
    pub quantities: &'a [rasd_extract::quantities::Quantity],
    /// Direct quotes.
    pub quotes: &'a [Quote],
    /// Reported speech.
    pub reported: &'a [Quote],
}

/// Events of one article.
pub fn events(
    text: &str,
    parts: &Parts,
    cx: &EventContext<'_>,
    coder: EventCoder,
) -> Vec<rasd_extract::events::Event> {
    use rasd_extract::events::{EventInput, EventRules, find_events};
    let EventContext {
        actors,
        times,
        quantities,
        quotes,
        reported,
    } = *cx;
    let paragraphs = &parts.paragraphs;
    let mut speech: Vec<Quote> = quotes.iter().chain(reported).cloned().collect();
    speech.sort_by_key(|q| q.text.start);
    let input = EventInput {
        text,
        paragraphs,
        actors,
        times,
        quantities,
        speech: &speech,
    };
    let rules = EventRules::bundled();
    let coded = find_events(&input, rules);
    match coder {
        EventCoder::Learned(model) => model.find(&input, rules, &coded),
        EventCoder::Rules => coded,
    }
}

/// Which coder finds an article's events.
#[derive(Clone, Copy)]
pub enum EventCoder {
    /// The trigger lexicon and positional rules alone (`rasd_extract::events`).
    Rules,
    /// The learned event model, with the rule coder's events as its features.
    Learned(&'static rasd_extract::event_model::EventModel),
}

impl Default for EventCoder {
    /// The learned model when the binary ships one, else the rules.
    fn default() -> Self {
        EventCoder::learned()
    }
}

impl EventCoder {
    /// The learned model when the binary ships one, else the rules.
    pub fn learned() -> Self {
        rasd_extract::event_model::EventModel::bundled()
            .map_or(EventCoder::Rules, EventCoder::Learned)
    }
}

/// Add an analysed article's gold events to an event model's training set: the model's
/// features come from the rule coder's events, found anew here.
pub fn add_training_events(
    text: &str,
    parts: &Parts,
    ann: &ArticleAnnotations,
    gold: &[rasd_extract::event_model::TrainingEvent],
    set: &mut rasd_extract::event_model::TrainingSet,
) {
    use rasd_extract::events::{EventInput, EventRules, find_events};
    let mut speech: Vec<Quote> = ann.quotes.iter().chain(&ann.reported).cloned().collect();
    speech.sort_by_key(|q| q.text.start);
    let input = EventInput {
        text,
        paragraphs: &parts.paragraphs,
        actors: &ann.actors,
        times: &ann.times,
        quantities: &ann.quantities,
        speech: &speech,
    };
    let rules = EventRules::bundled();
    let coded = find_events(&input, rules);
    set.add(&input, rules, &coded, gold);
}
