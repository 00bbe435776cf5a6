//! The learned event model: which words state an event and of what type, who is its source and
//! its target, and its modality — trained by `rasd train events` on the annotated news corpus
//! (`data/annotated`), shipped in the binary (`data/extract/event_model.bin`).
//!
//! Three linear models ([`crate::linear`]) over hashed features:
//! - **triggers**: every word of a paragraph is tagged with a PLOVER type or `O`, from its form
//!   and stem, its neighbours, the actors around it, and — as features, not decisions — the
//!   trigger lexicon's entries for its form (`data/extract/events.toml`) and what the rule
//!   coder ([`crate::events`]) made of it;
//! - **roles**: each actor of the trigger's sentence is ranked as source, target or neither,
//!   from its side of the trigger and distance, the word before it (a preposition), its kind
//!   (a place, a person, a country code, a role), the actors between, the event type, and the
//!   rule coder's choice;
//! - **modality**: the words before the trigger (negation, «قد» and what it governs, future
//!   and report cues), the trigger's prefix, whether it lies in reported speech, and the rule
//!   coder's modality.
//!
//! The CAMEO code of a tagged word is the code the rule coder gave it when the types agree,
//! else the code annotators gave most often to that word for that type, else the type's most
//! frequent code.

use rasd_text::hash::FxMap;
use rasd_text::{Span, Token, TokenKind, split_sentences, tokenize};

use crate::events::{ActorRef, Event, EventInput, EventRules, Modality};
use crate::linear::{self, Example, Linear, feature, feature_num, feature_parts};
use crate::scan::{Item, items_from};

const MAGIC: &[u8; 8] = b"RASDEVM2";
const BUNDLED: &[u8] = include_bytes!("../../../data/extract/event_model.bin");

/// The PLOVER types, in the order of the trigger model's classes after `O`.
pub const PLOVER_TYPES: &[&str] = &[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "CONCEDE",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

const ROLES: &[&str] = &["none", "source", "target"];

/// Small numbers as feature values, without formatting them.
const DIGITS: &[&str] = &["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
const MODALITIES: &[Modality] = &[
    Modality::Asserted,
    Modality::Reported,
    Modality::Expected,
    Modality::Speculated,
    Modality::Negated,
];

/// The modality named by its lower-case name.
pub fn modality_named(name: &str) -> Option<Modality> {
    MODALITIES
        .iter()
        .copied()
        .find(|m| modality_name(*m) == name)
}

fn modality_name(m: Modality) -> &'static str {
    match m {
        Modality::Asserted => "asserted",
        Modality::Reported => "reported",
        Modality::Expected => "expected",
        Modality::Speculated => "speculated",
        Modality::Negated => "negated",
    }
}

/// The trained models and the code tables.
pub struct EventModel {
    /// Per PLOVER type (in [`PLOVER_TYPES`] order), whether a sentence states an event of it.
    sentence: Vec<Linear>,
    /// Added to every sentence model's "yes" score.
    sentence_bias: f32,
    trigger: Linear,
    role: Linear,
    modality: Linear,
    /// "TYPE\tword" → CAMEO code.
    word_codes: FxMap<String, String>,
    /// TYPE → its most frequent CAMEO code.
    type_codes: FxMap<String, String>,
    /// Added to every event type's score against `O` when tagging.
    trigger_bias: f32,
}

/// A gold event for training: where its trigger and parties are, its type, code and modality.
pub struct TrainingEvent {
    /// The trigger's words (bytes of the text).
    pub trigger: Span,
    /// PLOVER type.
    pub plover: String,
    /// CAMEO code.
    pub cameo: String,
    /// The source's words, when the sentence names it.
    pub source: Option<Span>,
    /// The target's words, when the sentence names it.
    pub target: Option<Span>,
    /// Modality.
    pub modality: Modality,
}

/// Training examples gathered over articles.
#[derive(Default)]
pub struct TrainingSet {
    /// Sentences: features, and the types of the gold events whose trigger lies in them.
    sentence: Vec<(Vec<u64>, u32)>,
    sentence_article: Vec<usize>,
    /// The types of the rule coder's events in each sentence.
    sentence_rules: Vec<u32>,
    trigger: Vec<Example>,
    role: Vec<Example>,
    modality: Vec<Example>,
    /// The article of each trigger, role and modality example (for cross-validation).
    trigger_article: Vec<usize>,
    role_article: Vec<usize>,
    modality_article: Vec<usize>,
    /// The gold event of each role example, and the rule coder's role for it (0 none,
    /// 1 source, 2 target); the rule coder's modality of each modality example.
    role_event: Vec<usize>,
    role_rule: Vec<usize>,
    modality_rule: Vec<Option<usize>>,
    articles: usize,
    events: usize,
    /// (type, word) → code → count.
    codes: FxMap<(String, String), FxMap<String, usize>>,
}

/// One word of a sentence with what the models look at.
struct Word<'a> {
    item: Item,
    kind: TokenKind,
    /// The actor covering the word.
    actor: Option<usize>,
    lexicon: Vec<(&'a str, &'a str)>,
    /// The rule coder's event with its trigger here.
    rule: Option<usize>,
}

/// A sentence's words, with its span (bytes of the text).
struct Sentence<'a> {
    span: Span,
    words: Vec<Word<'a>>,
}

fn sentences<'a>(
    input: &EventInput<'_>,
    rules: &'a EventRules,
    rule_events: &[Event],
) -> Vec<Sentence<'a>> {
    let mut out = Vec::new();
    // The rule coder's events by the start of their trigger word.
    let mut rule_at: FxMap<u32, usize> = FxMap::default();
    for (k, e) in rule_events.iter().enumerate() {
        rule_at.entry(e.trigger.start).or_insert(k);
    }
    for para in input.paragraphs {
        let p = para.text(input.text);
        let base = para.start as usize;
        let tokens: Vec<Token> = tokenize(p);
        let spans = split_sentences(p, &tokens);
        let mut words = items_from(p, &tokens)
            .into_iter()
            .zip(tokens.iter().map(|t| t.kind))
            .peekable();
        for s in spans {
            let span = Span::new(s.start as usize + base, s.end as usize + base);
            let mut sw = Vec::new();
            while let Some((item, _)) = words.peek() {
                if item.span.end > s.end {
                    break;
                }
                let (mut item, kind) = words.next().expect("peeked");
                if item.span.start < s.start {
                    continue;
                }
                item.span = Span::new(
                    item.span.start as usize + base,
                    item.span.end as usize + base,
                );
                // Actors are sorted by position: the one covering the word starts at or before it.
                let until = input
                    .actors
                    .partition_point(|a| a.span.start <= item.span.start);
                let actor = (until.saturating_sub(4)..until)
                    .rev()
                    .find(|&k| item.span.end <= input.actors[k].span.end);
                let lexicon = if kind == TokenKind::Word {
                    rules.lexicon_entries(&item)
                } else {
                    Vec::new()
                };
                let rule = rule_at.get(&item.span.start).copied();
                sw.push(Word {
                    item,
                    kind,
                    actor,
                    lexicon,
                    rule,
                });
            }
            out.push(Sentence { span, words: sw });
        }
    }
    out
}

fn bucket(d: usize) -> &'static str {
    match d {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=6 => "4-6",
        7..=10 => "7-10",
        _ => "far",
    }
}

fn word_at<'s>(words: &'s [Word<'_>], i: isize) -> &'s str {
    if i < 0 {
        return "<s>";
    }
    words
        .get(i as usize)
        .map_or("</s>", |w| w.item.bare.as_str())
}

fn trigger_features(s: &Sentence<'_>, i: usize, rule_events: &[Event], out: &mut Vec<u64>) {
    out.clear();
    let w = &s.words[i];
    let bare = w.item.bare.as_str();
    let chars: Vec<char> = bare.chars().collect();
    let pre = |n: usize| chars.iter().take(n).collect::<String>();
    let suf = |n: usize| {
        chars[chars.len().saturating_sub(n)..]
            .iter()
            .collect::<String>()
    };
    out.push(feature("bias", ""));
    out.push(feature("w", &w.item.full));
    out.push(feature("b", bare));
    out.push(feature("p2", &pre(2)));
    out.push(feature("p3", &pre(3)));
    out.push(feature("s2", &suf(2)));
    out.push(feature("s3", &suf(3)));
    // The stem without a definite article or a present/future prefix, roughly.
    let stem = bare
        .strip_prefix("ال")
        .or_else(|| bare.strip_prefix("سي"))
        .or_else(|| bare.strip_prefix("ست"))
        .unwrap_or(bare);
    out.push(feature("stem", stem));
    let ii = i as isize;
    let prev = word_at(&s.words, ii - 1);
    let next = word_at(&s.words, ii + 1);
    out.push(feature("-1", prev));
    out.push(feature("+1", next));
    out.push(feature("-2", word_at(&s.words, ii - 2)));
    out.push(feature("+2", word_at(&s.words, ii + 2)));
    out.push(feature_parts("-1b", &[prev, bare]));
    out.push(feature_parts("+1b", &[bare, next]));
    if i == 0 {
        out.push(feature("first", ""));
    }
    for (ty, code) in &w.lexicon {
        out.push(feature("lex", ty));
        out.push(feature("lexc", code));
    }
    if w.lexicon.is_empty() {
        out.push(feature("nolex", ""));
    }
    if let Some(r) = w.rule {
        let e = &rule_events[r];
        out.push(feature("rule", &e.plover));
        out.push(feature("rulec", &e.cameo));
        let parties = usize::from(e.source.is_some()) + usize::from(e.target.is_some());
        out.push(feature_parts("rulep", &[&e.plover, DIGITS[parties]]));
    }
    if w.actor.is_some() {
        out.push(feature("inactor", ""));
    }
    let after = (i + 1..(i + 4).min(s.words.len())).any(|j| s.words[j].actor.is_some());
    let before = (i.saturating_sub(3)..i).any(|j| s.words[j].actor.is_some());
    out.push(feature_parts(
        "actors",
        &[DIGITS[usize::from(before)], DIGITS[usize::from(after)]],
    ));
    if w.kind != TokenKind::Word {
        out.push(feature("kind", &format!("{:?}", w.kind)));
    }
    // Distributional word clusters (the NER's) of the word and its neighbours: words seen in
    // no annotated article still share a cluster with ones that were.
    let clusters = rasd_ner::clusters::WordClusters::bundled();
    for (name, j) in [("c0", ii), ("c-1", ii - 1), ("c+1", ii + 1)] {
        if j < 0 {
            continue;
        }
        if let Some(x) = s.words.get(j as usize)
            && let Some((fine, coarse)) = clusters.get(&x.item.full)
        {
            out.push(feature_num(name, u64::from(fine)));
            out.push(feature_num(name, 1 << 20 | u64::from(coarse)));
        }
    }
}

/// The types of the rule coder's events whose trigger is in a sentence, as a bit set.
fn rule_types(s: &Sentence<'_>, rule_events: &[Event]) -> u32 {
    let mut types = 0u32;
    for e in rule_events {
        if e.trigger.start >= s.span.start
            && e.trigger.end <= s.span.end
            && let Some(t) = PLOVER_TYPES.iter().position(|t| *t == e.plover)
        {
            types |= 1 << t;
        }
    }
    types
}

fn sentence_features(
    input: &EventInput<'_>,
    s: &Sentence<'_>,
    rule_events: &[Event],
    out: &mut Vec<u64>,
) {
    out.clear();
    out.push(feature("bias", ""));
    let clusters = rasd_ner::clusters::WordClusters::bundled();
    let mut actors = 0;
    let mut last_actor = None;
    for (i, w) in s.words.iter().enumerate() {
        if w.kind != TokenKind::Word {
            continue;
        }
        let bare = w.item.bare.as_str();
        out.push(feature("w", bare));
        let stem = bare.strip_prefix("ال").unwrap_or(bare);
        out.push(feature("st", stem));
        if let Some(next) = s.words.get(i + 1) {
            out.push(feature_parts("bi", &[bare, &next.item.bare]));
        }
        if let Some((fine, _)) = clusters.get(&w.item.full) {
            out.push(feature_num("c", u64::from(fine)));
        }
        for (ty, code) in &w.lexicon {
            out.push(feature("lex", ty));
            out.push(feature("lexc", code));
        }
        if w.actor.is_some() && w.actor != last_actor {
            actors += 1;
        }
        last_actor = w.actor;
    }
    out.push(feature("actors", &actors.min(4).to_string()));
    for e in rule_events {
        if e.trigger.start >= s.span.start && e.trigger.end <= s.span.end {
            let parties = usize::from(e.source.is_some()) + usize::from(e.target.is_some());
            out.push(feature("rule", &e.plover));
            out.push(feature_parts("rulep", &[&e.plover, DIGITS[parties]]));
            out.push(feature("rulec", &e.cameo));
        }
    }
    let in_speech = input
        .speech
        .iter()
        .any(|q| q.text.start <= s.span.start && s.span.end <= q.text.end);
    if in_speech {
        out.push(feature("speech", ""));
    }
}

/// The word of a sentence most likely to be the trigger of an event of type `class` (an index
/// of the trigger model's classes): the rule coder's trigger of that type, else the word with
/// the best margin over `O`.
fn trigger_word(
    model: &Linear,
    s: &Sentence<'_>,
    class: usize,
    rule_events: &[Event],
    feats: &mut Vec<u64>,
) -> Option<usize> {
    let plover = PLOVER_TYPES[class - 1];
    if let Some(i) = s
        .words
        .iter()
        .position(|w| w.rule.is_some_and(|r| rule_events[r].plover == plover))
    {
        return Some(i);
    }
    let mut best: Option<(usize, f32)> = None;
    for i in 0..s.words.len() {
        if s.words[i].kind != TokenKind::Word {
            continue;
        }
        trigger_features(s, i, rule_events, feats);
        let sc = model.scores(feats);
        let m = sc[class] - sc[0];
        if best.is_none_or(|(_, b)| m > b) {
            best = Some((i, m));
        }
    }
    best.map(|(i, _)| i)
}

fn role_features(
    input: &EventInput<'_>,
    s: &Sentence<'_>,
    t: usize,
    plover: &str,
    cand: usize,
    rule: Option<&Event>,
    out: &mut Vec<u64>,
) {
    out.clear();
    let a: &ActorRef = &input.actors[cand];
    let trig = s.words[t].item.span;
    let after = a.span.start >= trig.end;
    let side = if after { "after" } else { "before" };
    // Word positions of the candidate's first word and the distance in words.
    let first = s
        .words
        .iter()
        .position(|w| w.item.span.start >= a.span.start);
    let pos = first.unwrap_or(t);
    let dist = pos.abs_diff(t);
    let between = input
        .actors
        .iter()
        .enumerate()
        .filter(|(k, b)| {
            *k != cand
                && b.span.start >= s.span.start
                && b.span.end <= s.span.end
                && if after {
                    b.span.start >= trig.end && b.span.end <= a.span.start
                } else {
                    b.span.start >= a.span.end && b.span.end <= trig.start
                }
        })
        .count();
    let prev = if pos > 0 {
        s.words[pos - 1].item.bare.as_str()
    } else {
        "<s>"
    };
    let prev2 = if pos > 1 {
        s.words[pos - 2].item.bare.as_str()
    } else {
        "<s>"
    };
    let code = a.code.as_deref().unwrap_or("");
    let code_kind = match code.len() {
        0 => "none",
        3 => "country",
        _ => "role",
    };
    let kind = format!(
        "{}{}{}{}",
        u8::from(a.place),
        u8::from(a.person),
        u8::from(a.specific),
        u8::from(a.analyst)
    );
    let tw = s.words[t].item.bare.as_str();
    let fs: [(&str, String); 17] = [
        ("bias", String::new()),
        ("side", side.to_owned()),
        ("sd", format!("{side}{}", bucket(dist))),
        ("sb", format!("{side}{}", between.min(3))),
        ("prev", prev.to_owned()),
        ("sprev", format!("{side}{prev}")),
        ("prev2", format!("{prev2} {prev}")),
        ("tprev", format!("{plover}{side}{prev}")),
        ("tsd", format!("{plover}{side}{}", bucket(dist))),
        ("tsb", format!("{plover}{side}{}", between.min(2))),
        ("code", code_kind.to_owned()),
        ("tcode", format!("{plover}{side}{code_kind}")),
        ("kind", kind.clone()),
        ("tkind", format!("{plover}{side}{kind}")),
        ("trig", format!("{tw}{side}")),
        (
            "tprefix",
            format!("{}{side}", tw.chars().next().unwrap_or(' ')),
        ),
        ("first", format!("{side}{}", u8::from(between == 0))),
    ];
    for (k, v) in fs {
        out.push(feature(k, &v));
    }
    if let Some(e) = rule {
        if e.source == Some(cand) {
            out.push(feature("rule", "source"));
        }
        if e.target == Some(cand) {
            out.push(feature("rule", "target"));
        }
        if e.place == Some(cand) {
            out.push(feature("rule", "place"));
        }
    }
}

fn modality_features(
    input: &EventInput<'_>,
    s: &Sentence<'_>,
    t: usize,
    plover: &str,
    rule: Option<&Event>,
    out: &mut Vec<u64>,
) {
    out.clear();
    out.push(feature("bias", ""));
    let w = &s.words[t];
    let full = w.item.full.as_str();
    let first: String = full.chars().take(1).collect();
    let first2: String = full.chars().take(2).collect();
    out.push(feature("pref", &first));
    out.push(feature("pref2", &first2));
    out.push(feature("type", plover));
    out.push(feature("w", &w.item.bare));
    for k in 1..=4 {
        let Some(j) = t.checked_sub(k) else { break };
        let b = s.words[j].item.bare.as_str();
        out.push(feature(&format!("-{k}"), b));
        out.push(feature(&format!("-{k}p"), &format!("{b} {first}")));
    }
    // Every word before the trigger in its sentence, as a bag (report and future cues).
    for x in &s.words[..t] {
        out.push(feature("before", &x.item.bare));
    }
    for x in s.words.iter().skip(t + 1).take(3) {
        out.push(feature("after", &x.item.bare));
    }
    let in_speech = input
        .speech
        .iter()
        .any(|q| q.text.start <= w.item.span.start && w.item.span.end <= q.text.end);
    out.push(feature("speech", if in_speech { "in" } else { "out" }));
    if let Some(e) = rule {
        out.push(feature("rule", modality_name(e.modality)));
    }
}

impl EventModel {
    /// The model shipped in the binary, when it was trained (`rasd train events`).
    pub fn bundled() -> Option<&'static EventModel> {
        static MODEL: std::sync::OnceLock<Option<EventModel>> = std::sync::OnceLock::new();
        MODEL
            .get_or_init(|| EventModel::from_bytes(BUNDLED).ok())
            .as_ref()
    }

    /// Read a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<EventModel, String> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err("not a rasd event model (bad magic)".to_owned());
        }
        let mut pos = MAGIC.len();
        let trigger = Linear::read(bytes, &mut pos)?;
        let role = Linear::read(bytes, &mut pos)?;
        let modality = Linear::read(bytes, &mut pos)?;
        let read_map = |pos: &mut usize| -> Result<FxMap<String, String>, String> {
            let mut take = |n: usize| -> Result<&[u8], String> {
                let s = bytes
                    .get(*pos..*pos + n)
                    .ok_or("the model file is truncated")?;
                *pos += n;
                Ok(s)
            };
            let n = u32::from_le_bytes(take(4)?.try_into().expect("4 bytes")) as usize;
            let mut m = FxMap::default();
            for _ in 0..n {
                let mut pair = [String::new(), String::new()];
                for s in &mut pair {
                    let len = u16::from_le_bytes(take(2)?.try_into().expect("2 bytes")) as usize;
                    *s = String::from_utf8(take(len)?.to_vec()).map_err(|e| e.to_string())?;
                }
                let [k, v] = pair;
                m.insert(k, v);
            }
            Ok(m)
        };
        let word_codes = read_map(&mut pos)?;
        let type_codes = read_map(&mut pos)?;
        let f32_at = |pos: usize| -> Result<f32, String> {
            bytes
                .get(pos..pos + 4)
                .map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))
                .ok_or_else(|| "the model file is truncated".to_owned())
        };
        let trigger_bias = f32_at(pos)?;
        pos += 4;
        let sentence_bias = f32_at(pos)?;
        pos += 4;
        let sentence = (0..PLOVER_TYPES.len())
            .map(|_| Linear::read(bytes, &mut pos))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(EventModel {
            sentence,
            sentence_bias,
            trigger,
            role,
            modality,
            word_codes,
            type_codes,
            trigger_bias,
        })
    }

    /// The model file's bytes (deterministic: tables sorted).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        self.trigger.write(&mut out);
        self.role.write(&mut out);
        self.modality.write(&mut out);
        for map in [&self.word_codes, &self.type_codes] {
            let mut pairs: Vec<(&String, &String)> = map.iter().collect();
            pairs.sort();
            out.extend_from_slice(&(pairs.len() as u32).to_le_bytes());
            for (k, v) in pairs {
                for s in [k, v] {
                    out.extend_from_slice(&(s.len() as u16).to_le_bytes());
                    out.extend_from_slice(s.as_bytes());
                }
            }
        }
        out.extend_from_slice(&self.trigger_bias.to_le_bytes());
        out.extend_from_slice(&self.sentence_bias.to_le_bytes());
        for m in &self.sentence {
            m.write(&mut out);
        }
        out
    }

    fn code_for(&self, plover: &str, word: &str) -> String {
        self.word_codes
            .get(&format!("{plover}\t{word}"))
            .or_else(|| self.type_codes.get(plover))
            .cloned()
            .unwrap_or_default()
    }

    /// The events of an article: the words the trigger model tags, with their types, codes,
    /// parties and modality from the models; the rule coder's events (`rule_events`, from
    /// [`crate::events::find_events`]) give their features, and their place, attribution and
    /// quantity where they agree on the trigger.
    pub fn find(
        &self,
        input: &EventInput<'_>,
        rules: &EventRules,
        rule_events: &[Event],
    ) -> Vec<Event> {
        // The rule coder's events stand (cross-validated on the train split, filtering them by
        // the sentence model lost more right events than wrong ones); the sentence model adds
        // the types it finds in a sentence where the rules found none of that type.
        let mut out = rule_events.to_vec();
        let mut feats = Vec::new();
        let mut word_feats = Vec::new();
        for s in sentences(input, rules, rule_events) {
            let coded = rule_types(&s, rule_events);
            sentence_features(input, &s, rule_events, &mut feats);
            for (t, model) in self.sentence.iter().enumerate() {
                if coded & (1 << t) != 0 {
                    continue;
                }
                let sc = model.scores(&feats);
                if sc[1] + self.sentence_bias <= sc[0] {
                    continue;
                }
                let Some(i) = trigger_word(&self.trigger, &s, t + 1, rule_events, &mut word_feats)
                else {
                    continue;
                };
                let plover = PLOVER_TYPES[t].to_owned();
                out.push(self.event_at(input, &s, i, plover, rule_events, &mut word_feats));
            }
        }
        out.sort_by_key(|e| (e.trigger.start, e.trigger.end));
        out
    }

    fn event_at(
        &self,
        input: &EventInput<'_>,
        s: &Sentence<'_>,
        i: usize,
        plover: String,
        rule_events: &[Event],
        feats: &mut Vec<u64>,
    ) -> Event {
        let w = &s.words[i];
        let rule = w.rule.map(|r| &rule_events[r]);
        let cameo = match rule {
            Some(r) if r.plover == plover => r.cameo.clone(),
            _ => self.code_for(&plover, &w.item.bare),
        };
        // Parties: the best-scored actor of the sentence for each role, if it beats "none".
        let cands: Vec<usize> = (0..input.actors.len())
            .filter(|&k| {
                let a = &input.actors[k];
                a.span.start >= s.span.start
                    && a.span.end <= s.span.end
                    && !(a.span.start <= w.item.span.start && w.item.span.end <= a.span.end)
            })
            .collect();
        let (src, tgt) = (1, 2);
        let mut scored: Vec<(usize, Vec<f32>)> = Vec::new();
        for &c in &cands {
            role_features(input, s, i, &plover, c, rule, feats);
            scored.push((c, self.role.scores(feats)));
        }
        let pick = |role: usize, not: Option<usize>| -> Option<usize> {
            scored
                .iter()
                .filter(|(c, _)| Some(*c) != not)
                .map(|(c, sc)| (*c, sc[role] - sc[0].max(sc[3 - role])))
                .filter(|(_, m)| *m > 0.0)
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(c, _)| c)
        };
        let source = pick(src, None);
        let target = pick(tgt, source);
        modality_features(input, s, i, &plover, rule, feats);
        let (m, _) = self.modality.predict(feats);
        let modality = MODALITIES[m];
        // The event's own time expression: a date in its sentence, the nearest, never a
        // duration or a recurrence.
        let time = input
            .times
            .iter()
            .enumerate()
            .filter(|(_, x)| {
                x.is_calendar_date() && x.span.start >= s.span.start && x.span.end <= s.span.end
            })
            .min_by_key(|(_, x)| x.span.start.abs_diff(w.item.span.start))
            .map(|(k, _)| k);
        let (place, place_span, quantity, attribution) = match rule {
            Some(r) => (r.place, r.place_span, r.quantity, r.attribution.clone()),
            None => {
                let quantity = input.quantities.iter().position(|q| {
                    q.span.start >= w.item.span.end && q.span.end <= s.span.end && q.unit.is_some()
                });
                let place = cands
                    .iter()
                    .copied()
                    .find(|&c| input.actors[c].place && Some(c) != source && Some(c) != target);
                (place, place.map(|p| input.actors[p].span), quantity, None)
            }
        };
        Event {
            plover,
            cameo,
            trigger: w.item.span,
            evidence: s.span,
            source,
            target,
            place,
            place_span,
            time,
            quantity,
            modality,
            attribution,
        }
    }
}

impl TrainingSet {
    /// Add one article: its rule-coded events and the gold events of its paragraphs.
    pub fn add(
        &mut self,
        input: &EventInput<'_>,
        rules: &EventRules,
        rule_events: &[Event],
        gold: &[TrainingEvent],
    ) {
        let mut feats = Vec::new();
        for s in sentences(input, rules, rule_events) {
            let mut types = 0u32;
            for g in gold {
                if g.trigger.start >= s.span.start
                    && g.trigger.start < s.span.end
                    && let Some(t) = PLOVER_TYPES.iter().position(|t| *t == g.plover)
                {
                    types |= 1 << t;
                }
            }
            sentence_features(input, &s, rule_events, &mut feats);
            self.sentence.push((feats.clone(), types));
            self.sentence_article.push(self.articles);
            self.sentence_rules.push(rule_types(&s, rule_events));
            for i in 0..s.words.len() {
                if s.words[i].kind != TokenKind::Word {
                    continue;
                }
                let span = s.words[i].item.span;
                // The gold event whose trigger starts in this word (the first word of a
                // trigger of several carries the type).
                let g = gold
                    .iter()
                    .find(|g| g.trigger.start >= span.start && g.trigger.start < span.end);
                let inside = gold
                    .iter()
                    .any(|g| g.trigger.start < span.start && span.start < g.trigger.end);
                trigger_features(&s, i, rule_events, &mut feats);
                let class = match g {
                    Some(g) => {
                        1 + PLOVER_TYPES
                            .iter()
                            .position(|t| *t == g.plover)
                            .unwrap_or(0)
                    }
                    // A later word of a gold trigger is neither an event of its own nor wrong.
                    None if inside => continue,
                    None => 0,
                };
                self.trigger.push(Example {
                    feats: feats.clone(),
                    class,
                });
                self.trigger_article.push(self.articles);
                let Some(g) = g else { continue };
                *self
                    .codes
                    .entry((g.plover.clone(), s.words[i].item.bare.clone()))
                    .or_default()
                    .entry(g.cameo.clone())
                    .or_default() += 1;
                let rule = s.words[i].rule.map(|r| &rule_events[r]);
                for (k, a) in input.actors.iter().enumerate() {
                    if a.span.start < s.span.start
                        || a.span.end > s.span.end
                        || (a.span.start <= span.start && span.end <= a.span.end)
                    {
                        continue;
                    }
                    let hits = |x: Option<Span>| {
                        x.is_some_and(|x| x.start < a.span.end && a.span.start < x.end)
                    };
                    let class = if hits(g.source) {
                        1
                    } else if hits(g.target) {
                        2
                    } else {
                        0
                    };
                    role_features(input, &s, i, &g.plover, k, rule, &mut feats);
                    self.role.push(Example {
                        feats: feats.clone(),
                        class,
                    });
                    self.role_article.push(self.articles);
                    self.role_event.push(self.events);
                    self.role_rule.push(match rule {
                        Some(r) if r.source == Some(k) => 1,
                        Some(r) if r.target == Some(k) => 2,
                        _ => 0,
                    });
                }
                self.events += 1;
                modality_features(input, &s, i, &g.plover, rule, &mut feats);
                self.modality.push(Example {
                    feats: feats.clone(),
                    class: MODALITIES
                        .iter()
                        .position(|m| *m == g.modality)
                        .unwrap_or(0),
                });
                self.modality_article.push(self.articles);
                self.modality_rule
                    .push(rule.and_then(|r| MODALITIES.iter().position(|m| *m == r.modality)));
            }
        }
        self.articles += 1;
    }

    /// How many examples each model has.
    pub fn sizes(&self) -> (usize, usize, usize) {
        (self.trigger.len(), self.role.len(), self.modality.len())
    }

    /// Train the three models; `trigger_bias` is added to every event type's score against
    /// `O` when tagging (recall for precision).
    pub fn train(&self, epochs: usize, trigger_bias: f32, sentence_bias: f32) -> EventModel {
        let (trigger, role, modality) = self.train_linear(epochs, |_| true);
        let sentence = self.train_sentences(epochs, |_| true);
        let mut word_codes = FxMap::default();
        let mut per_type: FxMap<String, FxMap<String, usize>> = FxMap::default();
        for ((ty, word), codes) in &self.codes {
            word_codes.insert(format!("{ty}\t{word}"), most_frequent(codes));
            for (c, n) in codes {
                *per_type
                    .entry(ty.clone())
                    .or_default()
                    .entry(c.clone())
                    .or_default() += n;
            }
        }
        let type_codes = per_type
            .into_iter()
            .map(|(ty, codes)| {
                let best = most_frequent(&codes);
                (ty, best)
            })
            .collect();
        EventModel {
            sentence,
            sentence_bias,
            trigger,
            role,
            modality,
            word_codes,
            type_codes,
            trigger_bias,
        }
    }

    fn train_sentences(&self, epochs: usize, keep: impl Fn(usize) -> bool) -> Vec<Linear> {
        (0..PLOVER_TYPES.len())
            .map(|t| {
                let ex: Vec<Example> = self
                    .sentence
                    .iter()
                    .zip(&self.sentence_article)
                    .filter(|(_, a)| keep(**a))
                    .map(|((f, types), _)| Example {
                        feats: f.clone(),
                        class: usize::from(types & (1 << t) != 0),
                    })
                    .collect();
                linear::train(
                    vec!["no".to_owned(), "yes".to_owned()],
                    &ex,
                    epochs,
                    &[1.0, 1.0],
                )
            })
            .collect()
    }

    fn train_linear(
        &self,
        epochs: usize,
        keep: impl Fn(usize) -> bool,
    ) -> (Linear, Linear, Linear) {
        let pick = |ex: &[Example], art: &[usize]| -> Vec<Example> {
            ex.iter()
                .zip(art)
                .filter(|(_, a)| keep(**a))
                .map(|(e, _)| Example {
                    feats: e.feats.clone(),
                    class: e.class,
                })
                .collect()
        };
        let mut classes = vec!["O".to_owned()];
        classes.extend(PLOVER_TYPES.iter().map(|t| (*t).to_owned()));
        let ones = vec![1.0; classes.len()];
        let trigger = linear::train(
            classes,
            &pick(&self.trigger, &self.trigger_article),
            epochs,
            &ones,
        );
        let roles: Vec<String> = ROLES.iter().map(|r| (*r).to_owned()).collect();
        let role = linear::train(
            roles,
            &pick(&self.role, &self.role_article),
            epochs,
            &[1.0; 3],
        );
        let mods: Vec<String> = MODALITIES
            .iter()
            .map(|m| modality_name(*m).to_owned())
            .collect();
        let modality = linear::train(
            mods,
            &pick(&self.modality, &self.modality_article),
            epochs,
            &[1.0; 5],
        );
        (trigger, role, modality)
    }

    /// K-fold cross-validation by article over the training set: typed trigger
    /// precision/recall/F1 at each trigger bias, and role and modality accuracy on gold
    /// triggers, the learned models beside the rule coder's choices.
    pub fn cross_validate(&self, folds: usize, epochs: usize, biases: &[f32]) -> CvReport {
        let mut report = CvReport {
            trigger: biases.iter().map(|&b| (b, [0; 3])).collect(),
            ..CvReport::default()
        };
        report.sentence = biases.iter().map(|&b| (b, [0; 3])).collect();
        let rules_of = &self.sentence_rules;
        let mut report_index = 0usize;
        for &keep in &[-10.0f32, -5.0, 0.0, 5.0, 10.0, 1000.0] {
            for &add in &[-1000.0f32, -10.0, -5.0, 0.0, 5.0] {
                report.hybrid.push((keep, add, [0; 3]));
            }
        }
        for f in 0..folds {
            let sentence = self.train_sentences(epochs, |a| a % folds != f);
            for (idx, ((feats, types), &a)) in
                self.sentence.iter().zip(&self.sentence_article).enumerate()
            {
                if a % folds != f {
                    continue;
                }
                let scores: Vec<Vec<f32>> = sentence.iter().map(|m| m.scores(feats)).collect();
                let i = report_index;
                report_index += 1;
                let _ = i;
                for (keep, add, c) in &mut report.hybrid {
                    for (t, sc) in scores.iter().enumerate() {
                        let rule = rules_of[idx] & (1 << t) != 0;
                        let m = sc[1] - sc[0];
                        let guess = if rule {
                            m + *keep > 0.0
                        } else {
                            m + *add > 0.0
                        };
                        let gold = types & (1 << t) != 0;
                        c[0] += usize::from(guess && gold);
                        c[1] += usize::from(guess && !gold);
                        c[2] += usize::from(!guess && gold);
                    }
                }
                for (t, _) in scores.iter().enumerate() {
                    let guess = rules_of[idx] & (1 << t) != 0;
                    let gold = types & (1 << t) != 0;
                    let c = &mut report.rules;
                    c[0] += usize::from(guess && gold);
                    c[1] += usize::from(guess && !gold);
                    c[2] += usize::from(!guess && gold);
                }
                for (b, c) in &mut report.sentence {
                    for (t, sc) in scores.iter().enumerate() {
                        let guess = sc[1] + *b > sc[0];
                        let gold = types & (1 << t) != 0;
                        c[0] += usize::from(guess && gold);
                        c[1] += usize::from(guess && !gold);
                        c[2] += usize::from(!guess && gold);
                    }
                }
            }
            let (trigger, role, modality) = self.train_linear(epochs, |a| a % folds != f);
            for (ex, &a) in self.trigger.iter().zip(&self.trigger_article) {
                if a % folds != f {
                    continue;
                }
                let sc = trigger.scores(&ex.feats);
                let best = (1..sc.len())
                    .max_by(|&x, &y| sc[x].total_cmp(&sc[y]))
                    .unwrap_or(0);
                for (b, c) in &mut report.trigger {
                    let guess = if sc[best] + *b > sc[0] { best } else { 0 };
                    match (guess, ex.class) {
                        (0, 0) => {}
                        (g, 0) => c[1] += usize::from(g > 0),
                        (0, _) => c[2] += 1,
                        (g, k) if g == k => c[0] += 1,
                        _ => {
                            c[1] += 1;
                            c[2] += 1;
                        }
                    }
                }
            }
            // Roles: per gold event, the candidate chosen for each role.
            let mut by_event: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
            for (i, &a) in self.role_article.iter().enumerate() {
                if a % folds == f {
                    by_event.entry(self.role_event[i]).or_default().push(i);
                }
            }
            for cands in by_event.values() {
                let scores: Vec<Vec<f32>> = cands
                    .iter()
                    .map(|&i| role.scores(&self.role[i].feats))
                    .collect();
                for r in [1usize, 2] {
                    let gold = cands.iter().find(|&&i| self.role[i].class == r).copied();
                    let learned = cands
                        .iter()
                        .zip(&scores)
                        .map(|(&i, sc)| (i, sc[r] - sc[0]))
                        .filter(|(_, m)| *m > 0.0)
                        .max_by(|a, b| a.1.total_cmp(&b.1))
                        .map(|(i, _)| i);
                    let rule = cands.iter().find(|&&i| self.role_rule[i] == r).copied();
                    let slot = &mut report.roles[r - 1];
                    slot.0 += usize::from(learned == gold);
                    slot.1 += usize::from(rule == gold);
                    slot.2 += 1;
                }
            }
            for (i, (ex, &a)) in self.modality.iter().zip(&self.modality_article).enumerate() {
                if a % folds != f {
                    continue;
                }
                report.modality.0 += usize::from(modality.predict(&ex.feats).0 == ex.class);
                report.modality.1 += usize::from(self.modality_rule[i] == Some(ex.class));
                report.modality.2 += 1;
            }
        }
        report
    }
}

/// The most frequent code of a count table (never empty); ties go to the smaller code, for
/// determinism.
fn most_frequent(codes: &FxMap<String, usize>) -> String {
    codes
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(c, _)| c.clone())
        .expect("a counted code")
}

/// What cross-validation measured.
#[derive(Debug, Default)]
pub struct CvReport {
    /// The rule coder's (sentence, type) pairs: right, spurious, missed.
    pub rules: [usize; 3],
    /// Rule pairs kept when the sentence model's margin + `keep` > 0, others added when it +
    /// `add` > 0: (keep, add, counts).
    pub hybrid: Vec<(f32, f32, [usize; 3])>,
    /// Per sentence bias: (sentence, type) pairs right, spurious, missed.
    pub sentence: Vec<(f32, [usize; 3])>,
    /// Per trigger bias: typed trigger words right, spurious, missed.
    pub trigger: Vec<(f32, [usize; 3])>,
    /// Source and target: learned right, rule coder right, gold events.
    pub roles: [(usize, usize, usize); 2],
    /// Modality: learned right, rule coder right, gold events.
    pub modality: (usize, usize, usize),
}
