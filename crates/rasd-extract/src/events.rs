//! Events: who did what to whom, coded in PLOVER with a CAMEO code.
//!
//! ## How an event is found
//! A trigger word — a verb («زار»، «سلمت»، «سيزور») or a noun («زيارة»، «عقوبات»، «مظاهرة») from
//! `data/extract/events.toml` — states the event. Its participants are the actors of the same
//! sentence ([`ActorRef`]: the article's named entities and the descriptors the actor knowledge
//! base finds, such as «الجيش الروسي»):
//! - **source**: for a verb, the actor right after it (Arabic puts the subject after the verb),
//!   else the one right before it («ألمانيا سلمت …»); for a noun, the actor right after
//!   it in the genitive («زيارة أردوغان»), else the one before it («وقام الوزير بزيارة …»);
//!   «بين X و Y» gives both source and target.
//! - **target**: the actor after one of the trigger's prepositions («إلى روسيا»، «على إيران»),
//!   else, for a verb, the next actor after the source (its object).
//! - **place**: an actor after «في», «ب» or «قرب» is where the event happened, not a participant.
//!
//! An event needs at least one participant with an actor code, so a trigger with no actors
//! around it («الزيارة كانت ناجحة») is not an event.
//!
//! ## Modality and attribution
//! Negation right before the trigger («لم يزر»، «عدم عقد») makes it `negated`; an analyst's voice
//! or «يمكن»، «ربما» `speculated`; the future prefix سـ, «قد», «من المقرر», «المحتملة» `expected`;
//! a report cue («بحسب»، «وفقا لـ»، «ذكرت»، «قال … إن») or a place inside reported speech
//! `reported`, with `attribution` pointing at the reporting actor or the quote's speaker.
//!
//! ## Known limits
//! No parser: the subject and object are found by position, so long appositions and relative
//! clauses between a verb and its subject can mislead it; one event per type and sentence.

use std::collections::HashMap;
use std::sync::OnceLock;

use rasd_text::hash::{FxMap, FxSet};
use rasd_text::{Span, Token, TokenKind, split_sentences, tokenize};
use serde::{Deserialize, Serialize};

use crate::ExtractError;
use crate::dates::TimeExpr;
use crate::quantities::Quantity;
use crate::quotes::Quote;
use crate::scan::{Item, items_from, key};

const EVENTS_TOML: &str = include_str!("../../../data/extract/events.toml");

#[derive(Deserialize)]
struct EventFile {
    plover: HashMap<String, String>,
    modality: ModalityFile,
    trigger: Vec<TriggerFile>,
}

#[derive(Deserialize)]
struct ModalityFile {
    negation: Vec<String>,
    future: Vec<String>,
    speculation: Vec<String>,
    report: Vec<String>,
    analysts: Vec<String>,
    place: Vec<String>,
    generic_types: Vec<String>,
    anonymous_types: Vec<String>,
    dyadic_types: Vec<String>,
    object_types: Vec<String>,
    light_verbs: Vec<String>,
    beneficiary: Vec<String>,
    purpose: Vec<String>,
    according: Vec<String>,
    dual_persons: Vec<String>,
    dual_sides: Vec<String>,
    place_nouns: Vec<String>,
    modal: Vec<String>,
    agent_markers: Vec<String>,
    led_by: Vec<String>,
    non_country_codes: Vec<String>,
    complementizers: Vec<String>,
}

/// One trigger entry as written in the rules file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerFile {
    /// CAMEO code.
    pub cameo: String,
    /// "past/present" verb pairs.
    #[serde(default)]
    pub verbs: Vec<String>,
    /// Nouns.
    #[serde(default)]
    pub nouns: Vec<String>,
    /// Words one of which must follow within `within` words.
    #[serde(default)]
    pub with: Vec<String>,
    /// Words one of which must follow as well (within `within` words).
    #[serde(default)]
    pub also_with: Vec<String>,
    /// How far `with` looks (six words unless set).
    #[serde(default = "default_within")]
    pub within: usize,
    /// Words one of which must come right before.
    #[serde(default)]
    pub before: Vec<String>,
    /// Words none of which may come right before.
    #[serde(default)]
    pub unless_before: Vec<String>,
    /// Words none of which may come right after.
    #[serde(default)]
    pub unless_after: Vec<String>,
    /// Prepositions introducing the target.
    #[serde(default)]
    pub target: Vec<String>,
    /// A place right after the verb may be its object («زار طهران وزير الخارجية»).
    #[serde(default)]
    pub place_object: bool,
    /// The subject receives («حصل على»): the giver, after «من», is the source.
    #[serde(default)]
    pub receive: bool,
    /// The noun's genitive is its object, not its subject («تزويد كييف بالأسلحة»).
    #[serde(default)]
    pub genitive_target: bool,
    /// The `with` words name what the event moves (weapons, troops): a role among them after
    /// the trigger («إرسال قوات إلى …») is that thing, not a party.
    #[serde(default)]
    pub theme: bool,
    /// The noun's genitive is the one it befell («مقتل الصحفي»، «اغتيال القائد»): the target;
    /// the doer only after an agent marker («على يد …»).
    #[serde(default)]
    pub victim_genitive: bool,
    /// The verb's object is the one supplied, the thing follows with ب («زودت إيران الحوثيين
    /// بصواريخ»): a lone actor right before the ب is the target.
    #[serde(default)]
    pub recipient_object: bool,
    /// Sentences the entry must code (run as tests).
    #[serde(default)]
    pub examples: Vec<String>,
}

fn default_within() -> usize {
    6
}

struct Trigger {
    cameo: String,
    plover: String,
    with: Vec<String>,
    also_with: Vec<String>,
    within: usize,
    before: Vec<String>,
    unless_before: Vec<String>,
    unless_after: Vec<String>,
    target: Vec<String>,
    place_object: bool,
    receive: bool,
    genitive_target: bool,
    theme: bool,
    victim_genitive: bool,
    recipient_object: bool,
}

/// How a word form matched a trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FormKind {
    Verb,
    /// A present-tense verb with the future prefix سـ.
    FutureVerb,
    /// A jussive form («يزر», «يلتق»): a verb only right after لم or لا.
    Jussive,
    Noun,
}

/// The trigger lexicon and modality words (`data/extract/events.toml`).
pub struct EventRules {
    triggers: Vec<Trigger>,
    /// Word key → (trigger index, kind), in file order.
    forms: FxMap<String, Vec<(usize, FormKind)>>,
    negation: WordSet,
    future: WordSet,
    speculation: WordSet,
    report: WordSet,
    analysts: WordSet,
    /// The first four letters of each analyst word as written (a cheap filter).
    analyst_stems: Vec<String>,
    place: WordSet,
    /// Types whose participants may be roles alone.
    generic_types: Vec<String>,
    /// Types coded even with no participant named.
    anonymous_types: Vec<String>,
    /// Types between two parties, whose empty slot takes the sentence's nearest other party.
    dyadic_types: Vec<String>,
    /// Types whose empty target takes the nearest party after the trigger.
    object_types: Vec<String>,
    /// Verbs that take an event noun back as a pronoun («يقوم بها»، «يجريها»).
    light_verbs: WordSet,
    /// Words before the one helped («لدعم كييف»).
    beneficiary: WordSet,
    /// Words of purpose before a noun that make it an aim («نحو»، «بهدف»).
    purpose: WordSet,
    /// Words that cite a source («بحسب»، «وفقا لـ»): the actor after them reports the event.
    according: WordSet,
    /// «الزعيمان»، «زعيمي البلدين»: the two persons last named.
    dual_persons: WordSet,
    /// «الجانبان»، «البلدين»: the two parties last named.
    dual_sides: WordSet,
    /// Nouns of places («قاعدة»، «مدينة»، «جامعة») that name an event's place with what follows.
    place_nouns: WordSet,
    /// «يمكن لـ X أن …»: words after which «لـ X أن» + verb makes X the verb's subject.
    modal: WordSet,
    /// «الصادرة عن»، «من قبل»: phrases after an event noun that introduce its doer.
    agent_markers: Vec<Vec<String>>,
    /// «بقيادة»: an actor after these is on the doer's side, not a target.
    led_by: WordSet,
    /// Code prefixes that are roles or bodies, not countries.
    non_country_codes: Vec<String>,
    /// «إن»، «أن»: words that open a clause with its own subject.
    complementizers: WordSet,
}

/// Inflected forms of a verb given as "past/present" (Search-level keys).
fn verb_forms(past: &str, present: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut pasts = vec![past.to_owned()];
    let drop_last = |s: &str| {
        let mut c = s.chars();
        c.next_back();
        c.as_str().to_owned()
    };
    // Third persons only: news reports others («نشيد» is an anthem before it is "we praise").
    for suffix in ["ت", "وا", "ا", "تا", "ن"] {
        pasts.push(format!("{past}{suffix}"));
    }
    // Defective verbs: دعا → دعت، دعوا; التقى → التقت، التقوا.
    if past.ends_with('ا') || past.ends_with('ي') {
        let stem = drop_last(past);
        for suffix in ["ت", "وا", "تا"] {
            pasts.push(format!("{stem}{suffix}"));
        }
    }
    let mut presents = Vec::new();
    let mut jussives = Vec::new();
    let stem: String = present.chars().skip(1).collect();
    if stem.chars().count() >= 2 {
        for prefix in ["ي", "ت"] {
            let base = format!("{prefix}{stem}");
            presents.push(base.clone());
            for suffix in ["ون", "ان", "وا", "ن"] {
                presents.push(format!("{base}{suffix}"));
            }
            if base.ends_with('و') || base.ends_with('ي') {
                let short = drop_last(&base);
                presents.push(format!("{short}ون"));
                presents.push(format!("{short}وا"));
                // Jussive after لم: يلتقي → يلتق.
                jussives.push(short);
            }
            // Jussive of a hollow verb after لم: يزور → يزر.
            let chars: Vec<char> = base.chars().collect();
            if chars.len() == 4 && matches!(chars[2], 'و' | 'ي' | 'ا') {
                jussives.push([chars[0], chars[1], chars[3]].iter().collect());
            }
        }
    }
    (pasts, presents, jussives)
}

/// The CAMEO code's PLOVER type by the longest prefix in the table.
fn plover_of(table: &HashMap<String, String>, cameo: &str) -> Option<String> {
    (1..=cameo.len())
        .rev()
        .find_map(|n| table.get(&cameo[..n]))
        .cloned()
}

impl EventRules {
    /// The bundled rules.
    pub fn bundled() -> &'static EventRules {
        static R: OnceLock<EventRules> = OnceLock::new();
        R.get_or_init(|| EventRules::from_toml(EVENTS_TOML).expect("bundled event rules are valid"))
    }

    /// The trigger entries of the bundled rules file, as written (their examples are tests).
    pub fn bundled_entries() -> Vec<TriggerFile> {
        let f: EventFile = toml::from_str(EVENTS_TOML).expect("bundled event rules are valid");
        f.trigger
    }

    /// Rules from a TOML file of the bundled schema.
    pub fn from_toml(text: &str) -> Result<EventRules, ExtractError> {
        let bad = |reason: String| ExtractError::BadRules { reason };
        let f: EventFile = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        let keys = |v: Vec<String>| v.iter().map(|w| key(w)).collect::<Vec<_>>();
        let mut triggers = Vec::new();
        let mut forms: FxMap<String, Vec<(usize, FormKind)>> = FxMap::default();
        for (i, t) in f.trigger.into_iter().enumerate() {
            let plover = plover_of(&f.plover, &t.cameo)
                .ok_or_else(|| bad(format!("no PLOVER type for CAMEO {}", t.cameo)))?;
            if t.verbs.is_empty() && t.nouns.is_empty() {
                return Err(bad(format!("trigger {} has no words", t.cameo)));
            }
            let mut add = |k: String, kind: FormKind| {
                let slot = forms.entry(k).or_default();
                if !slot.iter().any(|&(j, _)| j == i) {
                    slot.push((i, kind));
                }
            };
            for v in &t.verbs {
                let (past, present) = v
                    .split_once('/')
                    .ok_or_else(|| bad(format!("verb {v:?} is not \"past/present\"")))?;
                let (pasts, presents, jussives) = verb_forms(&key(past), &key(present));
                for j in jussives {
                    add(j, FormKind::Jussive);
                }
                for p in pasts {
                    add(p, FormKind::Verb);
                }
                for p in presents {
                    add(format!("س{p}"), FormKind::FutureVerb);
                    add(p, FormKind::Verb);
                }
            }
            for n in &t.nouns {
                let k = key(n);
                let k = k.strip_prefix("ال").unwrap_or(&k).to_owned();
                add(k, FormKind::Noun);
            }
            triggers.push(Trigger {
                cameo: t.cameo,
                plover,
                with: keys(t.with),
                also_with: keys(t.also_with),
                within: t.within,
                before: keys(t.before),
                unless_before: keys(t.unless_before),
                unless_after: keys(t.unless_after),
                target: keys(t.target),
                place_object: t.place_object,
                receive: t.receive,
                genitive_target: t.genitive_target,
                theme: t.theme,
                victim_genitive: t.victim_genitive,
                recipient_object: t.recipient_object,
            });
        }
        let m = f.modality;
        Ok(EventRules {
            triggers,
            forms,
            negation: WordSet::new(&m.negation),
            future: WordSet::new(&m.future),
            speculation: WordSet::new(&m.speculation),
            report: WordSet::new(&m.report),
            analysts: WordSet::new(&m.analysts),
            analyst_stems: {
                let mut stems: Vec<String> = m
                    .analysts
                    .iter()
                    .map(|w| {
                        let w = w.strip_prefix("ال").unwrap_or(w);
                        w.chars().take(4).collect()
                    })
                    .collect();
                stems.sort();
                stems.dedup();
                stems
            },
            place: WordSet::new(&m.place),
            generic_types: m.generic_types,
            anonymous_types: m.anonymous_types,
            dyadic_types: m.dyadic_types,
            object_types: m.object_types,
            light_verbs: WordSet::new(&m.light_verbs),
            beneficiary: WordSet::new(&m.beneficiary),
            purpose: WordSet::new(&m.purpose),
            according: WordSet::new(&m.according),
            dual_persons: WordSet::new(&m.dual_persons),
            dual_sides: WordSet::new(&m.dual_sides),
            place_nouns: WordSet::new(&m.place_nouns),
            modal: WordSet::new(&m.modal),
            agent_markers: m
                .agent_markers
                .iter()
                .map(|p| p.split(' ').map(key).collect())
                .collect(),
            led_by: WordSet::new(&m.led_by),
            non_country_codes: m.non_country_codes,
            complementizers: WordSet::new(&m.complementizers),
        })
    }

    /// The country of an actor code: its first three letters, unless they name a role or a
    /// body («RUSMIL» → RUS, «IGOUNO» → none).
    fn country<'a>(&self, code: &'a str) -> Option<&'a str> {
        let c = code.get(..3)?;
        (!self.non_country_codes.iter().any(|x| x == c)).then_some(c)
    }

    /// Words naming analysts, experts or observers («محللون»، «الخبراء») in the paragraphs.
    pub fn analyst_mentions(&self, text: &str, paragraphs: &[Span]) -> Vec<Span> {
        let mut out = Vec::new();
        for para in paragraphs {
            let p = para.text(text);
            // Only paragraphs holding a stem of an analyst word are keyed word by word.
            if !self
                .analyst_stems
                .iter()
                .any(|stem| p.contains(stem.as_str()))
            {
                continue;
            }
            for it in crate::scan::items(p) {
                if self.analysts.has(&it) {
                    out.push(Span::new(
                        it.span.start as usize + para.start as usize,
                        it.span.end as usize + para.start as usize,
                    ));
                }
            }
        }
        out
    }

    /// The forms a word may be a trigger under: as written, without its clitic, without ال,
    /// without an attached pronoun (ة written ت before it: «زيارته»).
    fn lookup(&self, item: &Item) -> Vec<(usize, FormKind)> {
        self.lookup_forms(item, true)
    }

    /// The PLOVER types and CAMEO codes of the trigger entries a word's form matches, whatever
    /// its context (a feature of the learned event model).
    pub(crate) fn lexicon_entries(&self, item: &Item) -> Vec<(&str, &str)> {
        self.lookup(item)
            .into_iter()
            .map(|(t, _)| {
                (
                    self.triggers[t].plover.as_str(),
                    self.triggers[t].cameo.as_str(),
                )
            })
            .collect()
    }

    /// Is the word a trigger only with an attached pronoun taken off («اتصالاتها»، «زيارته»)?
    fn possessed(&self, item: &Item) -> bool {
        !self.lookup_forms(item, true).is_empty() && self.lookup_forms(item, false).is_empty()
    }

    fn lookup_forms(&self, item: &Item, suffixes: bool) -> Vec<(usize, FormKind)> {
        // Candidate keys, slices of the word's keys (no allocation but for ت → ه), each with
        // whether only a noun may have it (ال or a preposition was taken off).
        let long = |s: &str| s.chars().count() >= 3;
        let mut cands: Vec<(&str, bool)> = Vec::with_capacity(16);
        cands.push((&item.full, false));
        if item.bare != item.full {
            cands.push((&item.bare, false));
        }
        // «وبزيارة», «لزيارة»: a preposition left on after the conjunction.
        if let Some(rest) = item.bare.strip_prefix(['ب', 'ل', 'ك'])
            && long(rest)
        {
            cands.push((rest, true));
        }
        // «اتصالا», «إضرابا»: the accusative ending of an indefinite noun.
        for k in 0..cands.len() {
            if let Some(rest) = cands[k].0.strip_suffix('ا')
                && long(rest)
            {
                cands.push((rest, true));
            }
        }
        for k in 0..cands.len() {
            if let Some(rest) = cands[k].0.strip_prefix("ال")
                && long(rest)
            {
                cands.push((rest, true));
            }
        }
        let mut owned: Vec<String> = Vec::new();
        if suffixes {
            for k in 0..cands.len() {
                let (c, noun) = cands[k];
                for suffix in ["هما", "ها", "هم", "ه", "نا", "كم"] {
                    // «فرقة» is not «فرق» with a pronoun.
                    if suffix == "ه" && item.ta_marbuta {
                        continue;
                    }
                    if let Some(stem) = c.strip_suffix(suffix)
                        && long(stem)
                    {
                        cands.push((stem, noun));
                        if let Some(s) = stem.strip_suffix('ت') {
                            owned.push(format!("{s}ه"));
                        }
                    }
                }
            }
        }
        let mut out: Vec<(usize, FormKind)> = Vec::new();
        let all = cands
            .iter()
            .copied()
            .chain(owned.iter().map(|o| (o.as_str(), true)));
        for (c, noun_only) in all {
            if let Some(v) = self.forms.get(c) {
                for &x in v {
                    if (!noun_only || x.1 == FormKind::Noun) && !out.iter().any(|y| y.0 == x.0) {
                        out.push(x);
                    }
                }
            }
        }
        out.sort_by_key(|x| x.0);
        out
    }
}

/// An actor in the article: a mention of a named entity or a descriptor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorRef {
    /// Where it is (bytes of the text).
    pub span: Span,
    /// The article's entity it mentions, if any.
    pub entity: Option<usize>,
    /// CAMEO actor code, when known.
    pub code: Option<String>,
    /// A place (it can be where an event happens).
    pub place: bool,
    /// The actor is an analyst, expert or observer (their statements are opinions).
    pub analyst: bool,
    /// The actor is a named entity or has a country («الجيش الروسي»), not just a role
    /// («المتظاهرون»، «الشرطة»).
    pub specific: bool,
    /// The actor is a person (a named person, or a role phrase joined to one).
    pub person: bool,
}

/// How sure the text is that the event happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Stated as fact.
    Asserted,
    /// Stated by a named source.
    Reported,
    /// Planned, expected or possible in the future.
    Expected,
    /// An opinion or a possibility.
    Speculated,
    /// Said not to have happened or not to be going to.
    Negated,
}

/// Who an event is attributed to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribution {
    /// The words naming the source (bytes).
    pub span: Span,
    /// The actor, when the source is one.
    pub actor: Option<usize>,
    /// The speaker entity, when the event lies in a quote or reported speech.
    pub entity: Option<usize>,
}

/// A coded event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// PLOVER type.
    pub plover: String,
    /// CAMEO code.
    pub cameo: String,
    /// The trigger word (bytes).
    pub trigger: Span,
    /// The sentence stating the event (bytes).
    pub evidence: Span,
    /// Who did it (index into the actors).
    pub source: Option<usize>,
    /// To whom (index into the actors).
    pub target: Option<usize>,
    /// Where (index into the actors).
    pub place: Option<usize>,
    /// Where, as written: the place actor, or a place noun and its name after «في»
    /// («في قاعدة إنجرليك») when the name is no known actor.
    pub place_span: Option<Span>,
    /// When (index into the times).
    pub time: Option<usize>,
    /// How much (index into the quantities).
    pub quantity: Option<usize>,
    /// Modality.
    pub modality: Modality,
    /// Who says so.
    pub attribution: Option<Attribution>,
}

/// What the coder reads of an article. Every slice is sorted by position.
pub struct EventInput<'a> {
    /// The file's text.
    pub text: &'a str,
    /// The paragraphs to code.
    pub paragraphs: &'a [Span],
    /// Actor mentions.
    pub actors: &'a [ActorRef],
    /// Time expressions.
    pub times: &'a [TimeExpr],
    /// Quantities.
    pub quantities: &'a [Quantity],
    /// Quotes and reported speech.
    pub speech: &'a [Quote],
}

/// A word of a sentence with the actor that starts or covers it.
struct Word {
    item: Item,
    /// Index into the actors of the actor this word belongs to.
    actor: Option<usize>,
    /// The triggers the word may be, in rules order.
    hits: Vec<(usize, FormKind)>,
    /// Punctuation stands between this word and the one before (a clause may end there).
    break_before: bool,
    /// A comma, semicolon, colon or full stop stands before this word (quote marks and
    /// dashes do not count: «اجتياح "داعش"»).
    clause_before: bool,
    /// A trigger with an attached pronoun: it says whose it is («اتصالاتها»).
    possessed: bool,
    /// The word carries the preposition ل («للقتال»، «لدعم»): a purpose or a recipient.
    lam: bool,
}

impl Word {
    /// Could the word be a verb trigger?
    fn verb_like(&self) -> bool {
        self.hits
            .iter()
            .any(|&(_, k)| matches!(k, FormKind::Verb | FormKind::FutureVerb))
    }
}

/// A set of word keys (Search level).
struct WordSet(FxSet<String>);

impl WordSet {
    fn new(words: &[String]) -> WordSet {
        WordSet(words.iter().map(|w| key(w)).collect())
    }

    /// Is the word in the set, as written, without its clitic, or without a leading و ف?
    fn has(&self, item: &Item) -> bool {
        self.0.contains(&item.full)
            || self.0.contains(&item.bare)
            || item
                .full
                .strip_prefix(['و', 'ف'])
                .is_some_and(|s| self.0.contains(s))
    }
}

/// Is `w` one of `list` (as written, without its clitic, or without a leading و ف)?
fn is_in(item: &Item, list: &[String]) -> bool {
    let short = item.full.strip_prefix(['و', 'ف']);
    list.iter()
        .any(|k| item.is(k) || short.is_some_and(|s| s == k))
}

/// Code the events of an article.
pub fn find_events(input: &EventInput<'_>, rules: &EventRules) -> Vec<Event> {
    let mut out = Vec::new();
    for para in input.paragraphs {
        let p = para.text(input.text);
        let base = para.start as usize;
        let tokens = tokenize(p);
        let sentences = split_sentences(p, &tokens);
        // The subject of the paragraph's last coded event, for a next sentence that opens with
        // a verb and names no subject («ووصل … إلى العاصمة»).
        let mut previous_subject: Option<usize> = None;
        // Tokens are keyed once per paragraph and handed to their sentences in order.
        let mut keyed = items_from(p, &tokens)
            .into_iter()
            .zip(tokens.iter())
            .peekable();
        for sentence in sentences {
            let mut chunk: Vec<(Item, &Token)> = Vec::new();
            while let Some((_, t)) = keyed.peek() {
                if t.span.end > sentence.end {
                    break;
                }
                let (item, t) = keyed.next().expect("peeked");
                if t.span.start >= sentence.start {
                    chunk.push((item, t));
                }
            }
            let sentence = Span::new(sentence.start as usize + base, sentence.end as usize + base);
            let ctx = Context {
                base,
                sentence,
                previous_subject,
            };
            previous_subject =
                code_sentence(input, rules, &ctx, chunk, &mut out).or(previous_subject);
        }
    }
    fill_from_discourse(input, rules, &mut out);
    out
}

/// How many events back an event missing a party looks for the other party of its one.
const DISCOURSE_REACH: usize = 12;

/// An event between two parties that names only one («ويرى خبراء أن تركيا قد تقدم القمح»،
/// «زيارة أردوغان كانت ناجحة») continues the article's dealings of that party: its
/// empty slot takes the other party of the latest event before it that has both parties and
/// names that one (the same actor or its country), when it is of another country.
fn fill_from_discourse(input: &EventInput<'_>, rules: &EventRules, events: &mut [Event]) {
    for k in 0..events.len() {
        let e = &events[k];
        if !rules.dyadic_types.contains(&e.plover) {
            continue;
        }
        let (have, missing_target) = match (e.source, e.target) {
            (Some(s), None) => (s, true),
            (None, Some(t)) => (t, false),
            _ => continue,
        };
        let r = &input.actors[have];
        if r.code.is_none() || !r.specific {
            continue;
        }
        let same = |a: usize| {
            same_actor(input.actors, Some(a), Some(have))
                || same_country(input, rules, Some(a), Some(have))
        };
        let other = events[..k]
            .iter()
            .rev()
            .take(DISCOURSE_REACH)
            .find_map(|p| {
                let (s, t) = (p.source?, p.target?);
                if same(s) {
                    Some(t)
                } else if same(t) {
                    Some(s)
                } else {
                    None
                }
            })
            .filter(|&o| input.actors[o].code.is_some() && !same(o));
        if let Some(o) = other {
            if missing_target {
                events[k].target = Some(o);
            } else {
                events[k].source = Some(o);
            }
        }
    }
}

/// Are two actors of one country (the first three letters of their codes, when a country)?
fn same_country(
    input: &EventInput<'_>,
    rules: &EventRules,
    a: Option<usize>,
    b: Option<usize>,
) -> bool {
    let country = |x: Option<usize>| {
        x.and_then(|x| input.actors[x].code.as_deref())
            .and_then(|c| rules.country(c))
    };
    country(a).is_some() && country(a) == country(b)
}

/// The actor each token belongs to.
fn actor_of(actors: &[ActorRef], span: Span) -> Option<usize> {
    // Actors are sorted by start; a token belongs to one that overlaps it.
    let i = actors.partition_point(|a| a.span.end <= span.start);
    actors.get(i).filter(|a| a.span.start < span.end).map(|_| i)
}

#[allow(clippy::too_many_arguments)]
/// Where a sentence is and what the sentences before it said.
struct Context {
    /// Where the paragraph starts (bytes).
    base: usize,
    /// The sentence (bytes of the text).
    sentence: Span,
    /// The source of the last event coded in the paragraph.
    previous_subject: Option<usize>,
}

/// Code the events of a sentence; returns the source of the last one coded.
fn code_sentence(
    input: &EventInput<'_>,
    rules: &EventRules,
    ctx: &Context,
    keyed: Vec<(Item, &Token)>,
    out: &mut Vec<Event>,
) -> Option<usize> {
    let (base, sentence) = (ctx.base, ctx.sentence);
    let mut last_source = None;
    // Word tokens (numbers too) and the punctuation that ends a clause.
    let mut words: Vec<Word> = Vec::with_capacity(keyed.len());
    let mut pending_break = false;
    let mut pending_clause = false;
    for (item, t) in keyed {
        if !matches!(
            t.kind,
            TokenKind::Word | TokenKind::Latin | TokenKind::Number
        ) {
            pending_break |= item.breaks;
            pending_clause |= CLAUSE_MARKS.contains(&item.full.as_str());
            continue;
        }
        let abs = Span::new(t.span.start as usize + base, t.span.end as usize + base);
        let actor = actor_of(input.actors, abs);
        // A word inside an actor can only be a noun trigger naming the participants
        // themselves («المتظاهرون»).
        let mut hits = rules.lookup(&item);
        if actor.is_some() {
            hits.retain(|&(_, k)| k == FormKind::Noun);
        }
        let possessed = !hits.is_empty() && rules.possessed(&item);
        let lam = {
            let k = item.full.trim_start_matches(['و', 'ف']);
            k.starts_with('ل') && item.bare != item.full && !item.bare.starts_with('ل')
        };
        words.push(Word {
            actor,
            hits,
            possessed,
            lam,
            break_before: std::mem::take(&mut pending_break),
            clause_before: std::mem::take(&mut pending_clause),
            item: Item { span: abs, ..item },
        });
    }
    let words = words;
    let mut events = 0;
    let mut anonymous_event = None;
    // (type, word, source, target) of the events coded in this sentence.
    let mut coded: Vec<(String, usize, Option<usize>, Option<usize>)> = Vec::new();
    for (w, word) in words.iter().enumerate() {
        if word.actor.is_some() && word.hits.is_empty() {
            continue;
        }
        let after_negation = w > 0 && rules.negation.has(&words[w - 1].item);
        let Some((t, kind)) = word
            .hits
            .iter()
            .copied()
            .filter(|&(_, k)| k != FormKind::Jussive || after_negation)
            .find(|&(t, _)| fits(&rules.triggers[t], &words, w))
        else {
            continue;
        };
        let trigger = &rules.triggers[t];
        // A verb whose object is a noun trigger of the same type takes the noun's, more
        // specific, code («شنت غارات» → 195, «قدمت مساعدات مالية» → 071); the verb still
        // decides who is source and target.
        let mut cameo = &trigger.cameo;
        if kind != FormKind::Noun
            && let Some(u) = (w + 1..(w + 1 + trigger.within).min(words.len())).find_map(|i| {
                words[i].hits.iter().find_map(|&(u, k)| {
                    (k == FormKind::Noun
                        && words[i].actor.is_none()
                        && rules.triggers[u].plover == trigger.plover
                        && rules.triggers[u].cameo != trigger.cameo
                        && fits(&rules.triggers[u], &words, i))
                    .then_some(u)
                })
            })
        {
            cameo = &rules.triggers[u].cameo;
        }
        // A noun after a word of purpose («نحو تعزيز العلاقات»، «بهدف تطوير التعاون») is an
        // aim, not an event.
        if kind == FormKind::Noun
            && words[w.saturating_sub(2)..w]
                .iter()
                .any(|x| rules.purpose.has(&x.item))
        {
            continue;
        }
        // A noun right after a verb trigger is that verb's object («تعارض تشديد العقوبات»),
        // not an event of its own.
        if kind == FormKind::Noun
            && words[w.saturating_sub(4)..w]
                .iter()
                .enumerate()
                .any(|(k, x)| {
                    let at = w.saturating_sub(4) + k;
                    x.hits.iter().any(|&(u, kk)| {
                        matches!(kk, FormKind::Verb | FormKind::FutureVerb)
                            && fits(&rules.triggers[u], &words, at)
                    })
                })
        {
            continue;
        }
        let Some((mut source, mut target)) = participants(input, rules, trigger, kind, &words, w)
        else {
            continue;
        };
        if trigger.receive {
            std::mem::swap(&mut source, &mut target);
        }
        // A sentence that opens with its verb and names no subject continues the subject of
        // the sentence before.
        if source.is_none() && kind != FormKind::Noun && w == 0 {
            source = ctx.previous_subject.filter(|&a| Some(a) != target);
        }
        // One event per type and participants: a second trigger of the same type is another
        // event only some words on, with other participants, in another clause or with
        // another source.
        let same = |a: Option<usize>, b: Option<usize>| same_actor(input.actors, a, b);
        let clause_between = |at: usize| words[at + 1..=w].iter().any(|x| x.break_before);
        let other_source = |s: Option<usize>| s.is_some() && source.is_some() && !same(s, source);
        if coded.iter().any(|(ty, at, s, t)| {
            *ty == trigger.plover
                && (w < at + SAME_EVENT_WORDS
                    || !(clause_between(*at) || other_source(*s))
                    || (same(*s, source) && same(*t, target)))
        }) {
            continue;
        }
        // Participants: one named or with a country; a role alone («المتظاهرون») is enough
        // for the types whose actors are often anonymous (protesters, police, gunmen).
        let specific = |a: Option<usize>| {
            a.is_some_and(|a| input.actors[a].specific && input.actors[a].code.is_some())
        };
        let anyone = |a: Option<usize>| a.is_some_and(|a| input.actors[a].code.is_some());
        let generic = rules.generic_types.contains(&trigger.plover);
        // «الاجتماع قد يعقد …»: a definite event noun with no party of its own is the event of
        // its type told just before (in the last few hundred characters). A noun that ends
        // its clause («بعد انتهاء المحادثات، …») only refers to it.
        if source.is_none()
            && target.is_none()
            && kind == FormKind::Noun
            && word.item.bare.starts_with("ال")
            && words.get(w + 1).is_some_and(|x| !x.clause_before)
            && let Some(prev) = out.iter().rev().find(|e| {
                e.plover == trigger.plover
                    && e.source.is_some()
                    && (word.item.span.start as usize).saturating_sub(e.evidence.end as usize)
                        < ANAPHOR_REACH
            })
        {
            source = prev.source;
            target = prev.target;
        }
        let known =
            specific(source) || specific(target) || generic && (anyone(source) || anyone(target));
        // With no participant at all: only an event the sentence states alone, its
        // participants unknown rather than missed («انفجرت سيارة مفخخة»).
        let anonymous = !known && !word.lam && rules.anonymous_types.contains(&trigger.plover);
        if !known && !anonymous {
            continue;
        }
        // Events between two parties: a slot the syntax left empty takes the nearest other
        // party the sentence names (after the trigger for the target, before it for the
        // source), a country or body with a code, not a place of the event.
        if known && rules.dyadic_types.contains(&trigger.plover) {
            if target.is_none() {
                target = nearest_party(input, rules, &words, w, source, true, &[]);
            }
            if source.is_none() {
                // Not someone's recipient («ما يمكن بيعه لأنقرة»).
                source = nearest_party(input, rules, &words, w, target, false, &trigger.target);
            }
        }
        if known && target.is_none() && rules.object_types.contains(&trigger.plover) {
            target = nearest_party(input, rules, &words, w, source, true, &[]);
        }
        let place = place_of(input, rules, &words, source, target);
        let place_span = place
            .map(|p| input.actors[p].span)
            .or_else(|| place_phrase(input.text, rules, &words));
        // A meeting or visit in a country is hosted by it: with no other target, the place
        // (a country or capital, that is its government) is the target.
        if target.is_none()
            && trigger.plover == "CONSULT"
            && let Some(p) = place
            && input.actors[p].code.is_some()
            && input.actors[p].span.start > word.item.span.start
            && !same_actor(input.actors, Some(p), source)
        {
            target = Some(p);
        }
        let (modality, attribution) = modality_of(
            input,
            rules,
            &words,
            w,
            kind,
            source,
            sentence,
            word.item.span,
        );
        // The event's own time: a calendar date of its sentence — never a duration («استمر ست
        // ساعات»), a recurrence or a vague reference («قريبا») — the one nearest the trigger.
        let time = (input.times.iter().enumerate())
            .filter(|(_, x)| {
                x.is_calendar_date() && x.span.start >= sentence.start && x.span.end <= sentence.end
            })
            .min_by_key(|(_, x)| x.span.start.abs_diff(word.item.span.start))
            .map(|(k, _)| k);
        // A counted amount among the next words («إرسال نحو ١١ ألف جندي»).
        let reach = words
            .get((w + QUANTITY_REACH).min(words.len() - 1))
            .map_or(sentence.end, |x| x.item.span.end);
        let quantity = input.quantities.iter().position(|q| {
            q.span.start >= word.item.span.end && q.span.end <= reach && q.unit.is_some()
        });
        coded.push((trigger.plover.clone(), w, source, target));
        // The evidence is the whole sentence: tried against the seed gold, clauses cut the
        // evidence of events whose participants are named in another clause.
        let evidence = sentence;
        let event = Event {
            plover: trigger.plover.clone(),
            cameo: cameo.clone(),
            trigger: word.item.span,
            evidence,
            source,
            target,
            place,
            place_span,
            time,
            quantity,
            modality,
            attribution,
        };
        if anonymous {
            anonymous_event.get_or_insert(event);
            continue;
        }
        events += 1;
        last_source = source.or(last_source);
        out.push(event);
    }
    if events == 0
        && let Some(e) = anonymous_event
    {
        out.push(e);
    }
    last_source
}

/// The nearest specific actor with a code after (or before) word `w`, other than `other`
/// and of another country, not a place of the event nor behind one of `skip` (prepositions).
#[allow(clippy::too_many_arguments)]
fn nearest_party(
    input: &EventInput<'_>,
    rules: &EventRules,
    words: &[Word],
    w: usize,
    other: Option<usize>,
    after: bool,
    skip: &[String],
) -> Option<usize> {
    let fits = |i: usize| {
        let a = words[i].actor?;
        let r = &input.actors[a];
        let first = i == 0 || words[i - 1].actor != Some(a);
        (first
            && r.specific
            && r.code.is_some()
            && !r.analyst
            && !same_actor(input.actors, Some(a), other)
            && !same_country(input, rules, Some(a), other)
            && !not_participant(input, rules, words, i)
            && (skip.is_empty() || prep_before(input, words, i).is_none_or(|p| !skip.contains(&p))))
        .then_some(a)
    };
    if after {
        (w + 1..words.len()).find_map(fits)
    } else {
        (0..w).rev().find_map(fits)
    }
}

/// Do two actor slots name the same actor (the same entity, or the same code)?
fn same_actor(actors: &[ActorRef], a: Option<usize>, b: Option<usize>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            let (a, b) = (&actors[a], &actors[b]);
            (a.entity.is_some() && a.entity == b.entity) || (a.code.is_some() && a.code == b.code)
        }
        _ => false,
    }
}

/// Does the trigger's context allow it (`with`, `before`, `unless_before`)?
fn fits(trigger: &Trigger, words: &[Word], w: usize) -> bool {
    if !trigger.with.is_empty() {
        let end = (w + 1 + trigger.within).min(words.len());
        // A `with` entry of several words matches them in a row.
        let at = |i: usize, phrase: &str| {
            phrase.split(' ').enumerate().all(|(k, p)| {
                words
                    .get(i + k)
                    .is_some_and(|x| is_in(&x.item, &[p.to_owned()]))
            })
        };
        if !(w + 1..end).any(|i| trigger.with.iter().any(|p| at(i, p))) {
            return false;
        }
    }
    if !trigger.also_with.is_empty() {
        let after = &words[w + 1..(w + 1 + trigger.within).min(words.len())];
        if !after.iter().any(|x| is_in(&x.item, &trigger.also_with)) {
            return false;
        }
    }
    let before = &words[w.saturating_sub(2)..w];
    if !trigger.before.is_empty() && !before.iter().any(|x| is_in(&x.item, &trigger.before)) {
        return false;
    }
    if w > 0 && is_in(&words[w - 1].item, &trigger.unless_before) {
        return false;
    }
    if words
        .get(w + 1)
        .is_some_and(|x| is_in(&x.item, &trigger.unless_after))
    {
        return false;
    }
    true
}

/// The actor starting at word `i` and the index of the first word after it.
fn actor_at(words: &[Word], i: usize) -> Option<(usize, usize)> {
    let a = words.get(i)?.actor?;
    let mut end = i + 1;
    while end < words.len() && words[end].actor == Some(a) {
        end += 1;
    }
    Some((a, end))
}

/// The preposition in front of the actor starting at word `i`: a clitic of its first word
/// («لروسيا»), or the word before («إلى روسيا»).
fn prep_before(input: &EventInput<'_>, words: &[Word], i: usize) -> Option<String> {
    let word = &words[i];
    let a = word.actor?;
    let (from, to) = (word.item.span.start, input.actors[a].span.start);
    let lead = if from < to {
        key(&input.text[from as usize..to as usize])
    } else {
        String::new()
    };
    let lead = lead.trim_start_matches(['و', 'ف']);
    if !lead.is_empty() {
        return Some(if lead.starts_with('ل') {
            "ل".to_owned()
        } else {
            lead.to_owned()
        });
    }
    let prev = words.get(i.checked_sub(1)?)?;
    let k = prev.item.full.as_str();
    let k = k
        .strip_prefix(['و', 'ف'])
        .filter(|r| PREPOSITIONS.contains(r))
        .unwrap_or(k);
    (prev.actor.is_none() && PREPOSITIONS.contains(&k)).then(|| k.to_owned())
}

/// Punctuation that ends a clause.
const CLAUSE_MARKS: &[&str] = &["،", ",", "؛", ";", ".", "!", "؟", "?"];

/// Two triggers of one type closer than this many words state one event («إرسال جنود
/// وشحنات أسلحة»).
const SAME_EVENT_WORDS: usize = 8;

/// How many words after the source (or the trigger) a target behind a preposition may stand.
const TARGET_REACH: usize = 12;

/// How far back (bytes) a definite event noun («الاجتماع») looks for the event it names again.
const ANAPHOR_REACH: usize = 600;

/// How many words after its trigger a quantity may stand.
const QUANTITY_REACH: usize = 8;

/// How many words back a noun trigger looks for its source when none follows it: when it has
/// a possessive pronoun or a light verb's ب, and otherwise.
const NOUN_REACH: usize = 12;
const NOUN_REACH_BARE: usize = 4;

/// Prepositions that may stand before an actor (Search-level keys).
const PREPOSITIONS: &[&str] = &[
    "الي", "مع", "علي", "ضد", "من", "عن", "بين", "في", "لدي", "قرب", "داخل", "امام", "نحو", "تجاه",
    "حول", "عبر",
];

/// Is the actor at word `i` out of the event's parties: its place, or the source it is
/// reported from («بحسب شبكة سي إن إن»)?
fn not_participant(input: &EventInput<'_>, rules: &EventRules, words: &[Word], i: usize) -> bool {
    if is_place_slot(input, rules, words, i) {
        return true;
    }
    // «بقيادة فرنسا»: on the doer's side.
    if i > 0 && words[i - 1].actor.is_none() && rules.led_by.has(&words[i - 1].item) {
        return true;
    }
    // «بحسب» and its kind within three words before, with no other actor between.
    (i.saturating_sub(3)..i)
        .rev()
        .take_while(|&j| words[j].actor.is_none() || words[j].actor == words[i].actor)
        .any(|j| rules.according.has(&words[j].item))
}

/// Is the actor at word `i` a place of the event (after «في», «ب» …)?
fn is_place_slot(input: &EventInput<'_>, rules: &EventRules, words: &[Word], i: usize) -> bool {
    let Some(a) = words[i].actor else {
        return false;
    };
    if !input.actors[a].place {
        return false;
    }
    if prep_before(input, words, i).is_some_and(|p| rules.place.0.contains(&p)) {
        return true;
    }
    // «بمدينة حمص»، «في قرية الباغوز»: a place noun with its preposition before the name.
    let Some(n) = i.checked_sub(1).map(|j| &words[j]) else {
        return false;
    };
    n.actor.is_none()
        && ((n.item.full.trim_start_matches(['و', 'ف']).starts_with('ب')
            && rules.place_nouns.0.contains(&n.item.bare))
            || (i >= 2 && rules.place_nouns.has(&n.item) && rules.place.has(&words[i - 2].item)))
}

/// Source and target of the trigger at word `w`.
fn participants(
    input: &EventInput<'_>,
    rules: &EventRules,
    trigger: &Trigger,
    kind: FormKind,
    words: &[Word],
    w: usize,
) -> Option<(Option<usize>, Option<usize>)> {
    // «والتقى الزعيمان», «لقاء الزعيمين», «قمة بين زعيمي البلدين»: the two last named.
    let near = w.saturating_sub(2)..(w + 4).min(words.len());
    if let Some(i) = near
        .clone()
        .find(|&i| rules.dual_persons.has(&words[i].item))
        && let Some((a, b)) = dual(input, words[w].item.span.start, true)
    {
        let _ = i;
        return Some((Some(a), Some(b)));
    }
    if near.clone().any(|i| rules.dual_sides.has(&words[i].item))
        && let Some((a, b)) = dual(input, words[w].item.span.start, false)
    {
        return Some((Some(a), Some(b)));
    }
    // «المتظاهرون»: the trigger names its own participants.
    if let Some(a) = words[w].actor {
        return Some((
            Some(a),
            after_prep(input, rules, trigger, words, w + 1, Some(a)),
        ));
    }
    // «بين X و Y»
    if let Some(b) = (w + 1..(w + 4).min(words.len())).find(|&i| words[i].item.is("بين"))
        && let Some((x, after_x)) = actor_at(words, b + 1)
    {
        let y = (after_x..(after_x + 3).min(words.len()))
            .find_map(|i| actor_at(words, i).filter(|&(y, _)| y != x))
            .map(|(y, _)| y);
        return Some((Some(x), y));
    }
    // The first actor after the trigger within a few words that is not a place or a target.
    let noun = kind == FormKind::Noun;
    let mut right: Option<(usize, usize)> = None;
    let mut right_at = w;
    let mut i = w + 1;
    let limit = (w + 5).min(words.len());
    while i < limit {
        // A noun's genitive follows it in the same clause.
        if noun && words[i].clause_before {
            break;
        }
        if let Some((a, end)) = actor_at(words, i) {
            let prep = prep_before(input, words, i);
            let is_target = prep
                .as_deref()
                .is_some_and(|p| trigger.target.iter().any(|t| t == p));
            // «إرسال قوات إلى …»: a role alone that is the thing the trigger needs is what is
            // sent or supplied, not a party.
            let theme =
                trigger.theme && !input.actors[a].specific && is_in(&words[i].item, &trigger.with);
            // «زيارة لوزير الخارجية التركي إلى …»: ل marks the noun's genitive when the target
            // follows behind another preposition.
            let lam_genitive =
                noun && prep.as_deref() == Some("ل") && target_follows(input, trigger, words, end);
            if !not_participant(input, rules, words, i)
                && !theme
                && (lam_genitive || !is_target && prep.is_none_or(|p| p == "و"))
            {
                right = Some((a, end));
                right_at = i;
            }
            break;
        }
        // A noun's genitive does not lie beyond another trigger («تحقيق في مقتل الصحفي»).
        if words[i].verb_like() || kind == FormKind::Noun && !words[i].hits.is_empty() {
            break;
        }
        i += 1;
    }
    // «القيود المفروضة من قبل الاتحاد الأوروبي على …»: the doer after a marker.
    if noun && let Some(a) = agent_after(rules, words, w) {
        let target = after_prep(input, rules, trigger, words, w + 1, Some(a));
        return Some((Some(a), target));
    }
    // «زيارة يقوم بها وزير الخارجية إلى …», «زيارة يجريها الأول»: the doer follows a light
    // verb that takes the noun back as a pronoun.
    if noun
        && right.is_none()
        && words
            .get(w + 1)
            .is_some_and(|x| rules.light_verbs.has(&x.item))
    {
        let mut j = w + 2;
        if words
            .get(j)
            .is_some_and(|x| is_in(&x.item, &["بها".to_owned(), "به".to_owned()]))
        {
            j += 1;
        }
        let doer = actor_at(words, j).map(|(a, _)| a).or_else(|| {
            words
                .get(j)
                .and_then(|x| anaphor(input, rules, words, w, &x.item))
        });
        if let Some(a) = doer {
            let target = after_prep(input, rules, trigger, words, j + 1, Some(a));
            return Some((Some(a), target));
        }
    }
    // A noun's genitive follows it at once (a word or two of title between at most).
    let right = right.filter(|&(_, _)| !noun || i <= w + 3);
    // «مقتل الصحفي»: the genitive is the victim.
    if noun && trigger.victim_genitive {
        return Some((None, right.map(|(a, _)| a)));
    }
    // «تزويد كييف بالأسلحة»: the genitive of this noun is its object.
    if noun
        && trigger.genitive_target
        && let Some((a, _)) = right
    {
        let left = (w.saturating_sub(NOUN_REACH)..w).rev().find_map(|i| {
            let a = words[i].actor?;
            (!not_participant(input, rules, words, i)
                && prep_before(input, words, i).is_none_or(|p| p == "و"))
            .then_some(a)
        });
        return Some((left.filter(|&l| l != a), Some(a)));
    }
    // The nearest actor before the trigger that is not behind a preposition (a subject),
    // not crossing another verb trigger (whose object the trigger would be).
    let mut left = None;
    let mut left_at = w;
    // A noun looks back far only when it says whose it is («اتصالاتها») or follows a light
    // verb («قام الوزير بزيارة»); never across a clause break.
    // A noun with ل («للعقوبات»، «لدعم») is a purpose or a recipient: its source is not the
    // subject before it.
    let owned = words[w].possessed || words[w].item.bare.starts_with('ب');
    // «من خلال إرسال …», «عبر مناقشات …»: the means of the main clause, whose subject did it.
    let means = (w >= 2 && words[w - 2].item.is("من") && words[w - 1].item.is("خلال"))
        || (w >= 1 && words[w - 1].item.is("عبر"));
    let reach = match (noun, owned) {
        (false, _) => 0,
        (true, _) if means => 0,
        (true, _) if words[w].lam => w,
        (true, true) => w.saturating_sub(NOUN_REACH),
        (true, false) => w.saturating_sub(NOUN_REACH_BARE),
    };
    for i in (reach..w).rev() {
        if noun && !means && words[i + 1].break_before {
            break;
        }
        let Some(a) = words[i].actor else {
            if words[i].verb_like() {
                break;
            }
            // «أفاد مسؤول في المدينة أن ثلاثة مدنيين قتلوا»: the verb's subject is the noun that
            // opens the clause of إن/أن, not an actor before it («إن قواته أطلقت»: a possessed
            // noun refers back to one; «أن تقدم»، «ما أن انتهوا»: أن before a verb).
            if !noun && i + 1 < w && rules.complementizers.has(&words[i].item) && {
                let x = &words[i + 1].item;
                x.bare.starts_with("ال") || x.number.is_some() || x.digits > 0
            } {
                break;
            }
            continue;
        };
        let start = (0..=i)
            .rev()
            .take_while(|&j| words[j].actor == Some(a))
            .last()
            .unwrap_or(i);
        if not_participant(input, rules, words, start) {
            continue;
        }
        if prep_before(input, words, start).is_none_or(|p| p == "و") {
            left = Some(a);
            left_at = start;
            break;
        }
    }
    // «يمكن لتركيا أن تمنح …»: the actor with ل between a modal word and أن is the subject.
    if !noun
        && w >= 3
        && words[w - 1].item.is("ان")
        && let Some(a) = words[w - 2].actor
    {
        let start = (0..=w - 2)
            .rev()
            .take_while(|&j| words[j].actor == Some(a))
            .last()
            .unwrap_or(w - 2);
        if start >= 1
            && rules.modal.has(&words[start - 1].item)
            && prep_before(input, words, start).as_deref() == Some("ل")
        {
            let target = right
                .map(|(b, _)| b)
                .filter(|&b| b != a)
                .or_else(|| after_prep(input, rules, trigger, words, w + 1, Some(a)));
            return Some((Some(a), target));
        }
    }
    // «قتلوا شرطيا هنديا»: a verb that carries its subject (a plural or dual ending) or an
    // actor in the accusative («جنديا»، «أمريكيين») makes the actor right after the verb its
    // object; the subject, if named, stands before the verb.
    // «قتلوا خمسة مسلحين»، «خطفوا مصورا فرنسيا»: one word between at most.
    let right_next = right_at == w + 1
        || right_at == w + 2 && {
            let x = &words[w + 1];
            x.actor.is_none()
                && !x.clause_before
                && !words[w + 2].clause_before
                && !PREPOSITIONS.contains(&x.item.full.as_str())
        };
    if !noun
        && right_next
        && let Some((a, _)) = right
        && (subject_suffix(rules, &words[w].item) || accusative(input, words, right_at))
    {
        return Some((left.filter(|&l| l != a), Some(a)));
    }
    // «أن يزود الجيش الأوكراني بدبابات»: one actor before the ب of the thing is the
    // one supplied; the subject stands before the verb in its clause, if anywhere.
    if trigger.recipient_object
        && !noun
        && let Some((a, end)) = right
        && words.get(end).is_some_and(|x| {
            x.actor.is_none() && x.item.full.trim_start_matches(['و', 'ف']).starts_with('ب')
        })
    {
        let same_clause = words[left_at + 1..=w].iter().all(|x| !x.clause_before);
        let source = left.filter(|&l| l != a && same_clause);
        return Some((source, Some(a)));
    }
    // «زار طهران وزير الخارجية التركي»: the place is the object, the person the subject.
    if trigger.place_object
        && !noun
        && let Some((a, end)) = right
        && input.actors[a].place
        && let Some((b, _)) = actor_at(words, end).or_else(|| actor_at(words, end + 1))
        && !input.actors[b].place
    {
        return Some((Some(b), Some(a)));
    }
    // Subject-verb order: an actor right before a verb («إن روسيا قصفت»، «روسيا لم تقصف») is
    // its subject, and the actor after the verb its object.
    let left_adjacent = !noun
        && left.is_some_and(|a| {
            (w.saturating_sub(3)..w).rev().any(|i| {
                words[i].actor == Some(a)
                    && words[i + 1..w]
                        .iter()
                        .all(|x| rules.negation.has(&x.item) || x.item.is("قد"))
                    // «قرب مدينة حمص، قصفت الطائرات …»: not across a clause break.
                    && words[i + 1..=w].iter().all(|x| !x.clause_before)
            })
        });
    if left_adjacent {
        let target = right.map(|(a, _)| a);
        let target = target.or_else(|| after_prep(input, rules, trigger, words, w + 1, left));
        return Some((left, target));
    }
    let (source, resume) = match (right, left) {
        (Some((a, end)), _) => (Some(a), end),
        (None, Some(a)) => (Some(a), w + 1),
        (None, None) => (None, w + 1),
    };
    let mut target = after_prep(input, rules, trigger, words, resume, source);
    if target.is_none() {
        target = pronoun_target(input, rules, trigger, words, w, resume, source);
    }
    if target.is_none() && !noun {
        target = object_after(input, rules, words, resume, source);
    }
    if let (Some(s), Some(t)) = (source, target)
        && input.actors[s].entity.is_some()
        && input.actors[s].entity == input.actors[t].entity
    {
        target = None;
    }
    Some((source, target))
}

/// Does the verb carry its subject: a plural or dual ending on a verb form of the rules
/// («قتلوا»، «يقاتلون»، «التقيا»)?
fn subject_suffix(rules: &EventRules, item: &Item) -> bool {
    ["وا", "ون", "ان", "تا", "ا"].iter().any(|suffix| {
        [&item.bare, &item.full].iter().any(|k| {
            k.strip_suffix(suffix).is_some_and(|stem| {
                rules.forms.get(stem).is_some_and(|v| {
                    v.iter()
                        .any(|&(_, k)| matches!(k, FormKind::Verb | FormKind::FutureVerb))
                })
            })
        })
    })
}

/// Is the actor starting at word `i` a descriptor in the accusative or oblique case
/// («جنديا عراقيا»، «جنديين أمريكيين»), not a counted noun after a number?
fn accusative(input: &EventInput<'_>, words: &[Word], i: usize) -> bool {
    let Some(a) = words[i].actor else {
        return false;
    };
    let r = &input.actors[a];
    if r.entity.is_some() || r.place {
        return false;
    }
    let after_number = i > 0 && {
        let p = &words[i - 1].item;
        p.number.is_some() || p.digits > 0
    };
    let k = &words[i].item.bare;
    !after_number && (k.ends_with("يا") || k.ends_with("يين"))
}

/// Does an actor behind one of the trigger's prepositions other than ل follow word `from`?
fn target_follows(input: &EventInput<'_>, trigger: &Trigger, words: &[Word], from: usize) -> bool {
    let limit = (from + TARGET_REACH).min(words.len());
    let mut j = from;
    while j < limit {
        if let Some((_, end)) = actor_at(words, j) {
            if prep_before(input, words, j).is_some_and(|p| p != "ل" && trigger.target.contains(&p))
            {
                return true;
            }
            j = end;
        } else {
            j += 1;
        }
    }
    false
}

/// The actor right after an agent marker («الصادرة عن»، «من قبل») within a few words after the
/// noun at `w`.
fn agent_after(rules: &EventRules, words: &[Word], w: usize) -> Option<usize> {
    (w + 1..(w + 4).min(words.len())).find_map(|start| {
        rules.agent_markers.iter().find_map(|m| {
            let fits = m.iter().enumerate().all(|(k, p)| {
                words
                    .get(start + k)
                    .is_some_and(|x| x.actor.is_none() && x.item.is(p))
            });
            if !fits {
                return None;
            }
            let (a, _) = actor_at(words, start + m.len())?;
            Some(a)
        })
    })
}

/// The two distinct parties named last before byte `before` (persons and bodies, or any party
/// with a code), the earlier of them first.
fn dual(input: &EventInput<'_>, before: u32, persons: bool) -> Option<(usize, usize)> {
    let end = input.actors.partition_point(|a| a.span.end <= before);
    let mut found: Vec<usize> = Vec::new();
    for a in (0..end).rev().take(DUAL_REACH) {
        let r = &input.actors[a];
        let fits = r.specific
            && !r.analyst
            && if persons {
                // Leaders and ministers: persons the knowledge base or a role gives a code.
                r.person && r.code.is_some()
            } else {
                r.code.is_some()
            };
        if fits
            && !found
                .iter()
                .any(|&b| same_actor(input.actors, Some(a), Some(b)))
        {
            found.push(a);
            if found.len() == 2 {
                return Some((found[1], found[0]));
            }
        }
    }
    None
}

/// How many actor mentions back «الزعيمان» looks for its two.
const DUAL_REACH: usize = 30;

/// «الأول» (the former) and «الأخير» (the latter): the earlier or the later of the last two
/// persons or bodies named before word `w`.
fn anaphor(
    input: &EventInput<'_>,
    rules: &EventRules,
    words: &[Word],
    w: usize,
    item: &Item,
) -> Option<usize> {
    let former = item.is("الاول");
    if !former && !item.is("الاخير") {
        return None;
    }
    let mut seen: Vec<usize> = Vec::new();
    for x in words[..w].iter().rev() {
        let Some(a) = x.actor else { continue };
        let r = &input.actors[a];
        if r.place
            || !r.specific
            || seen
                .iter()
                .any(|&b| same_actor(input.actors, Some(a), Some(b)))
        {
            continue;
        }
        seen.push(a);
        if seen.len() == 2 {
            break;
        }
    }
    let _ = rules;
    match (former, seen.as_slice()) {
        (true, [_, earlier]) => Some(*earlier),
        (false, [later, ..]) => Some(*later),
        _ => None,
    }
}

/// The first actor after one of the trigger's prepositions, from word `from` on (eight words).
fn after_prep(
    input: &EventInput<'_>,
    rules: &EventRules,
    trigger: &Trigger,
    words: &[Word],
    from: usize,
    source: Option<usize>,
) -> Option<usize> {
    let limit = (from + TARGET_REACH).min(words.len());
    let mut i = from;
    while i < limit {
        if let Some((a, end)) = actor_at(words, i) {
            // «لدعم كييف»: the one helped is a target where ل is.
            let for_whom = i > 0
                && rules.beneficiary.has(&words[i - 1].item)
                && trigger.target.iter().any(|t| t == "ل");
            if Some(a) != source
                && !not_participant(input, rules, words, i)
                && (for_whom
                    || prep_before(input, words, i).is_some_and(|p| trigger.target.contains(&p)))
            {
                return Some(a);
            }
            i = end;
            continue;
        }
        i += 1;
    }
    None
}

/// Pronouns a preposition may carry («عليها»، «إليه»).
const PRONOUNS: &[&str] = &["ها", "هما", "هم", "ه"];

/// «فرضت كندا قيودا عليه»: the target is a pronoun behind one of the trigger's prepositions
/// (within a few words of `from`); it stands for the nearest party named before the trigger
/// in the sentence, other than the source and of another country.
fn pronoun_target(
    input: &EventInput<'_>,
    rules: &EventRules,
    trigger: &Trigger,
    words: &[Word],
    w: usize,
    from: usize,
    source: Option<usize>,
) -> Option<usize> {
    let end = (from + 6).min(words.len());
    let pronoun = (from..end)
        .take_while(|&i| i == from || !words[i].clause_before)
        .any(|i| {
            let x = &words[i];
            x.actor.is_none()
                && PRONOUNS.iter().any(|p| {
                    x.item.full.strip_suffix(p).is_some_and(|stem| {
                        let stem = stem.trim_start_matches(['و', 'ف']);
                        trigger.target.iter().any(|t| t == stem)
                    })
                })
        });
    if !pronoun {
        return None;
    }
    // A name first (a pronoun stands for a country or body named before more often than for
    // a descriptor), then any party.
    let named = |i: usize| input.actors[words[i].actor?].entity.map(|_| ());
    antecedent(input, rules, words, w, source, |i| named(i).is_some())
        .or_else(|| antecedent(input, rules, words, w, source, |_| true))
}

/// The nearest party before word `w` that `keep` accepts, other than the source and of
/// another country.
fn antecedent(
    input: &EventInput<'_>,
    rules: &EventRules,
    words: &[Word],
    w: usize,
    source: Option<usize>,
    keep: impl Fn(usize) -> bool,
) -> Option<usize> {
    (0..w).rev().find_map(|i| {
        let a = words[i].actor?;
        let r = &input.actors[a];
        let first = i == 0 || words[i - 1].actor != Some(a);
        (first
            && keep(i)
            && r.specific
            && r.code.is_some()
            && !r.analyst
            && !same_actor(input.actors, Some(a), source)
            && !same_country(input, rules, Some(a), source)
            && !not_participant(input, rules, words, i))
        .then_some(a)
    })
}

/// A verb's object: an actor with no preposition within two words of `from`.
fn object_after(
    input: &EventInput<'_>,
    rules: &EventRules,
    words: &[Word],
    from: usize,
    source: Option<usize>,
) -> Option<usize> {
    (from..(from + 3).min(words.len())).find_map(|i| {
        let (a, _) = actor_at(words, i)?;
        // «فرضت كندا وأستراليا …»: an actor joined by و right after the source is
        // one more subject.
        let conjunct = i == from
            && source.is_some()
            && i > 0
            && words[i - 1].actor == source
            && words[i].item.full.starts_with('و')
            && words[i].item.bare != words[i].item.full;
        (!conjunct
            && Some(a) != source
            && !not_participant(input, rules, words, i)
            && prep_before(input, words, i).is_none())
        .then_some(a)
    })
}

/// Where the event happened: a place actor after «في» in the sentence, not a participant.
/// A place the actors do not know: «في» (or «ب») and a place noun with the one or two words
/// naming it («في قاعدة إنجرليك»، «في جامعة القاهرة»), up to a break.
fn place_phrase(text: &str, rules: &EventRules, words: &[Word]) -> Option<Span> {
    (1..words.len()).find_map(|i| {
        let noun = &words[i];
        let prep = &words[i - 1];
        let after_fi = prep.item.is("في") || prep.item.full == "وفي";
        let with_bi =
            noun.item.full.starts_with('ب') && rules.place_nouns.0.contains(&noun.item.bare);
        if !(after_fi && rules.place_nouns.has(&noun.item) || with_bi) || noun.actor.is_some() {
            return None;
        }
        let mut end = i;
        for (j, x) in words.iter().enumerate().take(i + 3).skip(i + 1) {
            if x.break_before || x.item.is("في") || !x.hits.is_empty() {
                break;
            }
            end = j;
        }
        (end > i).then(|| {
            let start = noun.item.span.start as usize;
            // Past the ب as written (a presentation form «ﺑ» is longer than «ب»).
            let start = if with_bi {
                start + text[start..].chars().next().map_or(0, char::len_utf8)
            } else {
                start
            };
            Span::new(start, words[end].item.span.end as usize)
        })
    })
}

fn place_of(
    input: &EventInput<'_>,
    rules: &EventRules,
    words: &[Word],
    source: Option<usize>,
    target: Option<usize>,
) -> Option<usize> {
    (0..words.len()).find_map(|i| {
        let a = words[i].actor?;
        let first = i == 0 || words[i - 1].actor != Some(a);
        (first && Some(a) != source && Some(a) != target && is_place_slot(input, rules, words, i))
            .then_some(a)
    })
}

/// Modality and attribution of the trigger at word `w`.
#[allow(clippy::too_many_arguments)]
fn modality_of(
    input: &EventInput<'_>,
    rules: &EventRules,
    words: &[Word],
    w: usize,
    kind: FormKind,
    source: Option<usize>,
    sentence: Span,
    trigger: Span,
) -> (Modality, Option<Attribution>) {
    let before = &words[..w];
    // Attribution: the trigger inside a quote or reported speech, else a report cue before it.
    let mut attribution = input
        .speech
        .iter()
        .find(|q| q.text.start <= trigger.start && trigger.end <= q.text.end)
        .and_then(|q| {
            let entity = q.speaker?;
            Some(Attribution {
                span: q.speaker_span.unwrap_or(q.text),
                actor: input
                    .actors
                    .iter()
                    .position(|a| Some(a.span) == q.speaker_span),
                entity: Some(entity),
            })
        });
    let mut reported = attribution.is_some();
    if let Some(c) = before.iter().position(|x| rules.report.has(&x.item)) {
        reported = true;
        if attribution.is_none() {
            // The first actor after the cue (within six words), else right before it.
            let after = (c + 1..(c + 7).min(w)).find_map(|i| words[i].actor);
            let before_cue = c.checked_sub(1).and_then(|i| words[i].actor);
            if let Some(a) = after.or(before_cue) {
                attribution = Some(Attribution {
                    span: input.actors[a].span,
                    actor: Some(a),
                    entity: input.actors[a].entity,
                });
            }
        }
    }
    let near = &words[w.saturating_sub(3)..w];
    if near.iter().any(|x| rules.negation.has(&x.item)) {
        return (Modality::Negated, attribution);
    }
    let analyst_source = source.is_some_and(|s| input.actors[s].analyst);
    let analyst_speaker = attribution
        .as_ref()
        .and_then(|a| a.actor)
        .is_some_and(|a| input.actors[a].analyst);
    if analyst_source || analyst_speaker || before.iter().any(|x| rules.speculation.has(&x.item)) {
        return (Modality::Speculated, attribution);
    }
    let after_noun = if kind == FormKind::Noun {
        &words[w + 1..(w + 6).min(words.len())]
    } else {
        &[][..]
    };
    if kind == FormKind::FutureVerb
        || before.iter().any(|x| rules.future.has(&x.item))
        || after_noun.iter().any(|x| rules.future.has(&x.item))
    {
        return (Modality::Expected, attribution);
    }
    let _ = sentence;
    if reported {
        return (Modality::Reported, attribution);
    }
    (Modality::Asserted, attribution)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_rules_load() {
        let r = EventRules::bundled();
        assert!(r.triggers.len() > 50);
        assert!(r.forms.contains_key("زار"));
        assert!(r.forms.contains_key("سيزور"));
    }

    #[test]
    fn verbs_inflect() {
        let (past, present, jussive) = verb_forms("زار", "يزور");
        assert!(jussive.contains(&"تزر".to_owned()));
        assert!(past.contains(&"زارت".to_owned()));
        assert!(past.contains(&"زاروا".to_owned()));
        assert!(present.contains(&"تزور".to_owned()));
        assert!(present.contains(&"يزورون".to_owned()));
        let (past, _, _) = verb_forms("دعا", "يدعو");
        assert!(past.contains(&"دعت".to_owned()));
        assert!(past.contains(&"دعوا".to_owned()));
    }

    #[test]
    fn plover_by_longest_prefix() {
        let f: EventFile = toml::from_str(EVENTS_TOML).unwrap();
        assert_eq!(plover_of(&f.plover, "042").as_deref(), Some("CONSULT"));
        assert_eq!(plover_of(&f.plover, "0841").as_deref(), Some("RETREAT"));
        assert_eq!(plover_of(&f.plover, "175").as_deref(), Some("ASSAULT"));
        assert_eq!(plover_of(&f.plover, "173").as_deref(), Some("COERCE"));
        assert_eq!(plover_of(&f.plover, "112").as_deref(), Some("ACCUSE"));
    }

    /// Actors for a test sentence: (words, code, place).
    fn actors_in(text: &str, names: &[(&str, &str, bool)]) -> Vec<ActorRef> {
        let mut out: Vec<ActorRef> = names
            .iter()
            .enumerate()
            .map(|(i, (name, code, place))| {
                let at = text.find(name).expect("the name is in the text");
                ActorRef {
                    span: Span::new(at, at + name.len()),
                    entity: Some(i),
                    code: (!code.is_empty()).then(|| (*code).to_owned()),
                    place: *place,
                    analyst: false,
                    specific: true,
                    person: !*place,
                }
            })
            .collect();
        out.sort_by_key(|a| a.span.start);
        out
    }

    fn code(text: &str, names: &[(&str, &str, bool)]) -> (Vec<ActorRef>, Vec<Event>) {
        let actors = actors_in(text, names);
        let paragraphs = [Span::new(0, text.len())];
        let input = EventInput {
            text,
            paragraphs: &paragraphs,
            actors: &actors,
            times: &[],
            quantities: &[],
            speech: &[],
        };
        let events = find_events(&input, EventRules::bundled());
        (actors, events)
    }

    fn code_of(actors: &[ActorRef], a: Option<usize>) -> Option<&str> {
        a.and_then(|a| actors[a].code.as_deref())
    }

    #[test]
    fn verb_subject_follows_and_target_after_preposition() {
        let (a, ev) = code(
            "وسلمت ألمانيا دبابات وذخائر إلى أوكرانيا.",
            &[("ألمانيا", "DEU", true), ("أوكرانيا", "UKR", true)],
        );
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].plover, "AID");
        assert_eq!(ev[0].cameo, "072");
        assert_eq!(code_of(&a, ev[0].source), Some("DEU"));
        assert_eq!(code_of(&a, ev[0].target), Some("UKR"));
        assert_eq!(ev[0].modality, Modality::Asserted);
    }

    #[test]
    fn subject_before_the_verb() {
        let (a, ev) = code(
            "وقالت الوكالة إن إيران ترفض المقترح الأمريكي.",
            &[("إيران", "IRN", true)],
        );
        assert_eq!(ev[0].plover, "REJECT");
        assert_eq!(code_of(&a, ev[0].source), Some("IRN"));
        assert_eq!(ev[0].modality, Modality::Reported);
    }

    #[test]
    fn between_gives_source_and_target() {
        let (a, ev) = code(
            "استئناف المفاوضات بين روسيا وأوكرانيا في إسطنبول.",
            &[
                ("روسيا", "RUS", true),
                ("أوكرانيا", "UKR", true),
                ("إسطنبول", "", true),
            ],
        );
        assert_eq!(ev[0].cameo, "046");
        assert_eq!(code_of(&a, ev[0].source), Some("RUS"));
        assert_eq!(code_of(&a, ev[0].target), Some("UKR"));
        assert_eq!(ev[0].place, Some(2));
    }

    #[test]
    fn visit_with_place_object_first() {
        let (a, ev) = code(
            "وزار طهران وزير الخارجية التركي الشهر الماضي.",
            &[
                ("طهران", "IRNGOV", true),
                ("وزير الخارجية التركي", "TURGOV", false),
            ],
        );
        assert_eq!(ev[0].cameo, "042");
        assert_eq!(code_of(&a, ev[0].source), Some("TURGOV"));
        assert_eq!(code_of(&a, ev[0].target), Some("IRNGOV"));
    }

    #[test]
    fn modality_negated_expected_speculated() {
        let names = [("الصين", "CHN", true), ("روسيا", "RUS", true)];
        let (_, ev) = code("ولم تزر الصين روسيا منذ عامين.", &names);
        assert_eq!(ev[0].modality, Modality::Negated);
        let (_, ev) = code("وستزور الصين روسيا الشهر المقبل.", &names);
        assert_eq!(ev[0].modality, Modality::Expected);
        let (_, ev) = code("ومن المقرر أن تزور الصين روسيا.", &names);
        assert_eq!(ev[0].modality, Modality::Expected);
        let (_, ev) = code("وربما تزور الصين روسيا.", &names);
        assert_eq!(ev[0].modality, Modality::Speculated);
        let (_, ev) = code("وزارت الصين روسيا بحسب مصادر.", &names);
        assert_eq!(
            ev[0].modality,
            Modality::Asserted,
            "a cue after the trigger does not count"
        );
    }

    #[test]
    fn attribution_points_at_the_reporting_actor() {
        let (a, ev) = code(
            "وبحسب صحيفة واشنطن بوست فإن روسيا قصفت أوكرانيا.",
            &[
                ("واشنطن بوست", "", false),
                ("روسيا", "RUS", true),
                ("أوكرانيا", "UKR", true),
            ],
        );
        assert_eq!(ev[0].plover, "ASSAULT");
        assert_eq!(ev[0].modality, Modality::Reported);
        let att = ev[0].attribution.as_ref().expect("attributed");
        assert_eq!(att.actor, Some(0));
        assert_eq!(code_of(&a, ev[0].source), Some("RUS"));
    }

    #[test]
    fn no_coded_actor_no_event() {
        let (_, ev) = code("وكانت الزيارة ناجحة.", &[]);
        assert!(ev.is_empty());
    }

    #[test]
    fn object_noun_of_a_verb_trigger_is_not_its_own_event() {
        let (_, ev) = code(
            "وتعارض الصين تشديد العقوبات على إيران.",
            &[("الصين", "CHN", true), ("إيران", "IRN", true)],
        );
        let types: Vec<&str> = ev.iter().map(|e| e.plover.as_str()).collect();
        assert_eq!(types, ["REJECT"]);
    }

    #[test]
    fn drones_are_not_marches() {
        let (_, ev) = code(
            "وأرسلت إيران طائرات مسيرة إلى روسيا.",
            &[("إيران", "IRN", true), ("روسيا", "RUS", true)],
        );
        let types: Vec<&str> = ev.iter().map(|e| e.plover.as_str()).collect();
        assert_eq!(types, ["AID"]);
    }

    #[test]
    fn nouns_match_with_article_clitic_and_pronoun() {
        let r = EventRules::bundled();
        for w in ["الزيارة", "وبزيارة", "زيارته", "للزيارة", "زيارتها"]
        {
            let it = &crate::scan::items(w)[0];
            assert!(
                r.lookup(it)
                    .iter()
                    .any(|&(t, _)| r.triggers[t].cameo == "042"),
                "{w}"
            );
        }
        let it = &crate::scan::items("سيزور")[0];
        assert!(r.lookup(it).iter().any(|&(_, k)| k == FormKind::FutureVerb));
    }
}
