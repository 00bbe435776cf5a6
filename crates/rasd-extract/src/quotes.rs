//! Direct quotes and their speakers.
//!
//! ## What it matches
//! Text between quotation marks in every style Arabic news uses (`"…"`, `“…”`, `«…»`, and the
//! unbalanced `”…”` and `“…“` of hasty typing), when a speech cue stands near it: before it
//! in the same sentence («وقال المتحدث باسم المجلس أدريان واتسون في بيان: "…"»), right after
//! it («"…"، يقول للجزيرة نت»), or when the quote opens a paragraph and continues the speaker
//! of the paragraph before.
//!
//! ## The speaker
//! The first person or organization named between the cue and the quote (titles and roles
//! may stand between: «قال المتحدث باسم المجلس أدريان واتسون»), else the one named right
//! before the cue («جهاز المخابرات … قال»), else — for continuing cues such as «وأضاف»,
//! «مردفًا» or a cue with no name — the previous quote's speaker. Names after «إن/أن» are what
//! is said, not who says it; names after the preposition ل are the addressee («يقول للجزيرة
//! نت»). An unnamed source («قال المصدر») leaves the speaker empty.
//!
//! ## Known misses
//! Quotes spanning several paragraphs are cut at the paragraph end; a speaker named only by a
//! descriptor («المتحدث») is left empty; indirect speech («قال إن …») is not a quote here.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rasd_text::{NormLevel, Span, TokenKind, normalize_str, tokenize};
use serde::{Deserialize, Serialize};

use crate::ExtractError;

const QUOTES_TOML: &str = include_str!("../../../data/extract/quotes.toml");

#[derive(Deserialize)]
struct CueFile {
    cues: Vec<String>,
    continuing: Vec<String>,
    complementizers: Vec<String>,
    attributions: Vec<String>,
    titles: Vec<String>,
    after_cues: Vec<String>,
    org_nouns: Vec<String>,
    unnamed_nouns: Vec<String>,
    no_subject: Vec<String>,
    addressees: Vec<String>,
    participles: Vec<String>,
    resumptive: Vec<String>,
    min_words: usize,
    max_cue_distance: usize,
    max_cue_reach: usize,
    max_plain_gap: usize,
    max_comma_gap: usize,
}

/// Speech cues and limits (`data/extract/quotes.toml`).
pub struct QuoteRules {
    cues: HashSet<String>,
    continuing: HashSet<String>,
    complementizers: HashSet<String>,
    attributions: HashSet<String>,
    titles: HashSet<String>,
    after_cues: HashSet<String>,
    org_nouns: HashSet<String>,
    unnamed_nouns: HashSet<String>,
    no_subject: HashSet<String>,
    addressees: HashSet<String>,
    participles: HashSet<String>,
    resumptive: HashSet<String>,
    min_words: usize,
    max_cue_distance: usize,
    max_cue_reach: usize,
    max_plain_gap: usize,
    max_comma_gap: usize,
}

fn key(word: &str) -> String {
    normalize_str(word, NormLevel::Search)
}

/// A word's key without a leading conjunction (و، ف).
fn cue_key(word: &str) -> String {
    let k = key(word);
    for p in ['و', 'ف'] {
        if let Some(rest) = k.strip_prefix(p)
            && rest.chars().count() >= 2
        {
            return rest.to_owned();
        }
    }
    k
}

impl QuoteRules {
    /// The bundled rules.
    pub fn bundled() -> &'static QuoteRules {
        static R: OnceLock<QuoteRules> = OnceLock::new();
        R.get_or_init(|| QuoteRules::from_toml(QUOTES_TOML).expect("bundled quote rules are valid"))
    }

    /// Rules from a TOML file of the bundled schema.
    pub fn from_toml(text: &str) -> Result<QuoteRules, ExtractError> {
        let f: CueFile = toml::from_str(text).map_err(|e| ExtractError::BadRules {
            reason: e.to_string(),
        })?;
        let set = |v: &[String]| v.iter().map(|w| key(w)).collect::<HashSet<_>>();
        Ok(QuoteRules {
            cues: set(&f.cues),
            continuing: set(&f.continuing),
            complementizers: set(&f.complementizers),
            attributions: set(&f.attributions),
            titles: set(&f.titles),
            after_cues: set(&f.after_cues),
            org_nouns: set(&f.org_nouns),
            unnamed_nouns: set(&f.unnamed_nouns),
            no_subject: set(&f.no_subject),
            addressees: set(&f.addressees),
            participles: set(&f.participles),
            resumptive: set(&f.resumptive),
            min_words: f.min_words,
            max_cue_distance: f.max_cue_distance,
            max_cue_reach: f.max_cue_reach.max(f.max_cue_distance),
            max_plain_gap: f.max_plain_gap,
            max_comma_gap: f.max_comma_gap,
        })
    }

    fn is_cue(&self, word: &str) -> bool {
        let k = key(word);
        self.cues.contains(&k) || self.cues.contains(&cue_key(word))
    }

    fn is_continuing(&self, word: &str) -> bool {
        self.continuing.contains(&cue_key(word))
    }

    /// A participle of speech («قائلا», «مضيفا»): its subject is the sentence's, not a name
    /// standing next to it.
    fn is_participle(&self, word: &str) -> bool {
        let k = cue_key(word);
        self.participles.contains(&k)
            || k.strip_prefix('ب')
                .is_some_and(|rest| self.participles.contains(rest))
    }

    /// A pronoun right after a cue that points back to what the sentence is about («قال
    /// فيه»): the speaker is the sentence's subject.
    fn is_resumptive(&self, word: &str) -> bool {
        self.resumptive.contains(&key(word))
    }
}

/// A name that may speak: a mention of a person or organization, by entity index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpeakerMention {
    /// Where it is (bytes of the text).
    pub span: Span,
    /// Index of its entity in the article.
    pub entity: usize,
    /// Whether the entity is a person (else an organization).
    pub person: bool,
}

/// Direct or reported speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Words between quotation marks.
    Direct,
    /// Reported speech: «قال إن …» without quotation marks.
    Indirect,
}

/// A quote found in an article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The quoted words, without the marks.
    pub text: Span,
    /// The speech cue, when one stands near.
    pub cue: Option<Span>,
    /// The speaker's entity, when named.
    pub speaker: Option<usize>,
    /// Where the speaker is named for this quote (absent when carried over from an earlier quote).
    pub speaker_span: Option<Span>,
    /// Direct (for now the only kind).
    pub kind: QuoteKind,
}

/// The tokens that are words or numbers, in order.
fn word_tokens(tokens: &[rasd_text::Token]) -> Vec<&rasd_text::Token> {
    tokens
        .iter()
        .filter(|t| {
            matches!(
                t.kind,
                TokenKind::Word | TokenKind::Latin | TokenKind::Number
            )
        })
        .collect()
}

/// Quote marks in a paragraph, paired: (open, close) byte offsets of the marks.
fn quote_pairs(p: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let chars: Vec<(usize, char)> = p.char_indices().collect();
    for (n, &(i, c)) in chars.iter().enumerate() {
        let next = chars.get(n + 1).map(|x| x.1);
        let prev = n.checked_sub(1).map(|m| chars[m].1);
        match (c, open) {
            ('"', None) | ('“', None) | ('«', None) => open = Some(i),
            // A closing mark with nothing open opens when text follows it ("شبكة ” سي إن إن”").
            ('”', None) | ('»', None)
                if next.is_some_and(|x| !x.is_whitespace() && !",.،؛:".contains(x))
                    || prev.is_some_and(char::is_whitespace) =>
            {
                open = Some(i);
            }
            ('"', Some(o)) | ('”', Some(o)) | ('»', Some(o)) => {
                out.push((o, i));
                open = None;
            }
            // An opening mark while a quote is open: the writer forgot to close it. It ends at
            // the last sentence end before the new mark, or at the mark.
            ('“', Some(o)) | ('«', Some(o)) => {
                let inner = &p[o..i];
                let end = inner
                    .char_indices()
                    .rfind(|(_, c)| matches!(c, '.' | '؟' | '!'))
                    .map_or(i, |(e, c)| o + e + c.len_utf8());
                out.push((o, end));
                open = Some(i);
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        // Unclosed at the paragraph's end: the quote runs to it.
        out.push((o, p.len()));
    }
    out
}

/// Roles standing for persons: where the article puts a role before a person's name
/// («الرئيس الروسي فلاديمير بوتين»), every other occurrence of the same role words
/// («وأضاف الرئيس الروسي …») becomes a speaker mention of that person. `speakers` must be
/// sorted; the result is too. Only the words of `within` (the article, in a file that may hold
/// many) are looked at.
pub fn with_role_mentions(
    text: &str,
    within: Span,
    speakers: &[SpeakerMention],
    rules: &QuoteRules,
) -> Vec<SpeakerMention> {
    let base = within.start as usize;
    let words: Vec<(usize, usize, String)> = tokenize(within.text(text))
        .into_iter()
        .filter(|t| matches!(t.kind, TokenKind::Word))
        .map(|t| {
            (
                base + t.span.start as usize,
                base + t.span.end as usize,
                cue_key(t.span.text(within.text(text))),
            )
        })
        .collect();
    work(words.len() + speakers.len());
    // Roles learned from "role + name", in order; a role keeps the first person it names.
    let mut roles: Vec<(Vec<String>, usize, bool)> = Vec::new();
    let mut learned: HashSet<Vec<String>> = HashSet::new();
    for m in speakers {
        // Words that end before the name (a clitic glued to the name belongs to neither).
        let at = words.partition_point(|w| w.1 <= m.span.start as usize);
        let lo = at.saturating_sub(4);
        let Some(t) = (lo..at).find(|&j| rules.titles.contains(&words[j].2)) else {
            continue;
        };
        if at == 0 {
            continue;
        }
        // Only adjacent words: the role ends where the name begins.
        let gap = &text[words[at - 1].1..m.span.start as usize];
        if !gap.trim().is_empty() {
            continue;
        }
        let role: Vec<String> = words[t..at].iter().map(|w| w.2.clone()).collect();
        if role.len() >= 2 && learned.insert(role.clone()) {
            roles.push((role, m.entity, m.person));
        }
    }
    // The roles by their first word: one pass over the words finds every use (linear in the
    // words, whatever the number of roles).
    let mut by_first: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (role, _, _)) in roles.iter().enumerate() {
        by_first.entry(role[0].as_str()).or_default().push(i);
    }
    let mut out = speakers.to_vec();
    // Where the last role mention found ends (they are found left to right).
    let mut last_end = 0;
    for j in 0..words.len() {
        let Some(candidates) = by_first.get(words[j].2.as_str()) else {
            continue;
        };
        for &r in candidates {
            work(1);
            let (role, entity, person) = &roles[r];
            if j + role.len() > words.len()
                || !words[j..j + role.len()]
                    .iter()
                    .zip(role)
                    .all(|(w, r)| &w.2 == r)
            {
                continue;
            }
            let span = Span::new(words[j].0, words[j + role.len() - 1].1);
            // Not where the role stands before a name (it is the name's own title there): the
            // first name after it, if only spaces stand between.
            let next = speakers.partition_point(|m| m.span.start < span.end);
            let before_name = speakers.get(next).is_some_and(|m| {
                text[span.end as usize..m.span.start as usize]
                    .trim()
                    .is_empty()
            });
            // Nor over a name or a role mention found already (speakers are sorted by start
            // and do not nest: the few starting just before the span's end are the ones that
            // can overlap it).
            let overlaps_name = speakers[..next]
                .iter()
                .rev()
                .take(4)
                .any(|m| span.start < m.span.end);
            if !before_name && !overlaps_name && span.start as usize >= last_end {
                last_end = span.end as usize;
                out.push(SpeakerMention {
                    span,
                    entity: *entity,
                    person: *person,
                });
                break;
            }
        }
    }
    out.sort_by_key(|m| m.span.start);
    out
}

#[cfg(test)]
thread_local! {
    /// Work done by this thread's quote finders (words and clause bytes looked at): the
    /// linear-cost tests read it.
    static WORK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts `n` units of work (tests only; nothing in a build).
#[inline]
fn work(_n: usize) {
    #[cfg(test)]
    WORK.with(|w| w.set(w.get() + _n));
}

/// The longest reported clause, in bytes (about 150 words): a clause with no sentence end is cut
/// at a word boundary before it.
pub const MAX_REPORTED_BYTES: usize = 1500;

/// Reported speech: a speech cue followed, within a few words, by «إن/أن/بأن…» and a clause
/// that is not in quotation marks («وقال المتحدث إن المحادثات ستستأنف غدا»). The clause runs to
/// the end of its sentence, or to the next such cue, and at most [`MAX_REPORTED_BYTES`]. The speaker is found as for direct quotes: named between the cue and
/// «إن», else right before the cue, else none.
pub fn find_reported(
    text: &str,
    paragraphs: &[Span],
    speakers: &[SpeakerMention],
    rules: &QuoteRules,
) -> Vec<Quote> {
    unquoted(reported_clauses(text, paragraphs, speakers, rules))
}

/// Every reported clause, with whether it holds quoted words (those [`find_reported`] leaves to
/// the direct quotes; they still say who is speaking: «قال X إن "…"»).
fn reported_clauses(
    text: &str,
    paragraphs: &[Span],
    speakers: &[SpeakerMention],
    rules: &QuoteRules,
) -> Vec<(Quote, bool)> {
    let mut out = Vec::new();
    for para in paragraphs {
        let p = para.text(text);
        let base = para.start as usize;
        let tokens = tokenize(p);
        let sentences = rasd_text::split_sentences(p, &tokens);
        let words: Vec<&rasd_text::Token> = word_tokens(&tokens);
        let marks: Vec<usize> = p
            .char_indices()
            .filter(|(_, c)| matches!(c, '"' | '“' | '”' | '«' | '»'))
            .map(|(i, _)| i)
            .collect();
        // The cues with their complementizer, in order: a clause ends at the next one.
        let mut found: Vec<(usize, usize)> = Vec::new();
        let mut w = 0;
        while w < words.len() {
            let cue = words[w];
            if !rules.is_cue(cue.span.text(p))
                || rules.is_continuing(cue.span.text(p))
                    && !rules.cues.contains(&cue_key(cue.span.text(p)))
            {
                w += 1;
                continue;
            }
            // The complementizer within a few words of the cue.
            let Some(c) = (w + 1..(w + 8).min(words.len()))
                .find(|&j| rules.complementizers.contains(&key(words[j].span.text(p))))
            else {
                w += 1;
                continue;
            };
            found.push((w, c));
            w = c + 1;
        }
        // Sentences are sorted and do not overlap: the one holding a byte by binary search.
        let sentence_of = |at: usize| {
            sentences
                .partition_point(|s| (s.end as usize) <= at)
                .min(sentences.len().saturating_sub(1))
        };
        for (n, &(w, c)) in found.iter().enumerate() {
            let cue = words[w];
            let comp = words[c];
            let sentence = sentences
                .get(sentence_of(comp.span.start as usize))
                .filter(|s| s.start <= comp.span.start && comp.span.end <= s.end);
            // The clause runs to its sentence's end, the next cue or the length cap, so that
            // a run of cues with no sentence end costs linear output.
            let next_cue = found
                .get(n + 1)
                .map_or(p.len(), |&(w2, _)| words[w2].span.start as usize);
            let mut sentence_end = sentence
                .map_or(p.len(), |s| s.end as usize)
                .min(next_cue)
                .max(comp.span.end as usize);
            if sentence_end - comp.span.end as usize > MAX_REPORTED_BYTES {
                let cap = comp.span.end as usize + MAX_REPORTED_BYTES;
                let cap = (0..=cap)
                    .rev()
                    .find(|&i| p.is_char_boundary(i))
                    .unwrap_or(0);
                sentence_end = p[..cap]
                    .rfind(char::is_whitespace)
                    .unwrap_or(cap)
                    .max(comp.span.end as usize);
            }
            let clause = p[comp.span.end as usize..sentence_end]
                .trim_matches(|ch: char| ch.is_whitespace() || "،,.:؛".contains(ch));
            work(sentence_end - comp.span.end as usize);
            let clause_start = comp.span.end as usize
                + (p[comp.span.end as usize..sentence_end].len()
                    - p[comp.span.end as usize..sentence_end]
                        .trim_start_matches(|ch: char| ch.is_whitespace() || "،,.:؛".contains(ch))
                        .len());
            // Quoted speech belongs to the direct quotes (marks are sorted).
            let full_end = sentence.map_or(p.len(), |s| s.end as usize);
            let m = marks.partition_point(|&m| m < comp.span.start as usize);
            let quoted = marks.get(m).is_some_and(|&m| m < full_end);
            let clause_words = clause
                .split_whitespace()
                .filter(|x| x.chars().any(char::is_alphanumeric))
                .take(rules.min_words)
                .count();
            if clause_words < rules.min_words {
                continue;
            }
            let span = Span::new(base + clause_start, base + clause_start + clause.len());
            let abs = |x: usize| base + x;
            let lo =
                speakers.partition_point(|m| (m.span.start as usize) < abs(cue.span.end as usize));
            let hi = speakers
                .partition_point(|m| (m.span.start as usize) < abs(comp.span.start as usize))
                .max(lo);
            let named: Vec<&SpeakerMention> = speakers[lo..hi]
                .iter()
                .filter(|m| {
                    (m.span.end as usize) <= abs(comp.span.start as usize)
                        && !is_addressee(text, m.span, rules)
                })
                .collect();
            let named_after = subject_of(text, abs(cue.span.end as usize), &named);
            // Named before the cue ("المصدر … قال إن"), only when nothing stands between the
            // cue and «إن» (else that is the subject, named or not: «وقال محللون إن»), and in
            // the same sentence.
            let sentence_start = sentences
                .get(sentence_of(cue.span.start as usize))
                .filter(|s| s.start <= cue.span.start && cue.span.end <= s.end)
                .map_or(0, |s| s.start as usize);
            let nothing_between = c == w + 1;
            let named_before = speakers[..lo].iter().next_back().filter(|m| {
                let gap_start = m.span.end as usize;
                nothing_between
                    && m.span.start as usize >= abs(sentence_start)
                    && gap_start <= abs(cue.span.start as usize)
                    && text[gap_start..abs(cue.span.start as usize)]
                        .split_whitespace()
                        .filter(|x| x.chars().any(char::is_alphanumeric))
                        .count()
                        <= 3
            });
            let speaker = named_after.or(named_before);
            out.push((
                Quote {
                    text: span,
                    cue: Some(Span::new(
                        abs(cue.span.start as usize),
                        abs(cue.span.end as usize),
                    )),
                    speaker: speaker.map(|m| m.entity),
                    speaker_span: speaker.map(|m| m.span),
                    kind: QuoteKind::Indirect,
                },
                quoted,
            ));
        }
    }
    out
}

/// Names the tagger missed in the speaker's seat: right after a speech cue that introduces a
/// quote or «إن/أن» («فيعتبر كوزنتسوف "…"», «وقال هيرنانديز إن …»), one to three words that are rare
/// in news (`is_rare`) and neither titles nor function words name a person. Returns their
/// spans; `known` are the spans the tagger found (nothing overlapping them is returned).
pub fn speaker_names(
    text: &str,
    paragraphs: &[Span],
    known: &[Span],
    rules: &QuoteRules,
    is_rare: impl Fn(&str) -> bool,
) -> Vec<Span> {
    let mut out = Vec::new();
    for para in paragraphs {
        let p = para.text(text);
        let base = para.start as usize;
        let tokens = tokenize(p);
        for span in appositive_names(p, &tokens, rules, &is_rare) {
            let span = Span::new(base + span.start as usize, base + span.end as usize);
            if !known
                .iter()
                .any(|k| k.start < span.end && span.start < k.end)
                && !out.contains(&span)
            {
                out.push(span);
            }
        }
        for (n, t) in tokens.iter().enumerate() {
            if t.kind != TokenKind::Word || !rules.is_cue(t.span.text(p)) {
                continue;
            }
            // The words after the cue, up to a quote mark, a colon, «إن/أن» or a comma.
            let mut names: Vec<Span> = Vec::new();
            let mut introduces = false;
            for u in &tokens[n + 1..(n + 6).min(tokens.len())] {
                let w = u.span.text(p);
                let k = key(w);
                if u.kind != TokenKind::Word {
                    introduces = matches!(w, ":" | "\"" | "“" | "«" | "”");
                    break;
                }
                if rules.complementizers.contains(&k) {
                    introduces = true;
                    break;
                }
                if rules.titles.contains(&cue_key(w))
                    || !is_rare(w)
                    || k.starts_with("ال")
                    || k.chars().count() < 3
                {
                    if !names.is_empty() {
                        break;
                    }
                    continue;
                }
                names.push(u.span);
                if names.len() == 3 {
                    break;
                }
            }
            if !introduces || names.is_empty() {
                continue;
            }
            let span = Span::new(
                base + names[0].start as usize,
                base + names[names.len() - 1].end as usize,
            );
            if !known
                .iter()
                .any(|k| k.start < span.end && span.start < k.end)
                && !out.contains(&span)
            {
                out.push(span);
            }
        }
    }
    out
}

/// Names set off by commas after a title or role: «الخبير في الشؤون الكورية، قسطنطين أسمولوف،»
/// — one to three words, the last of them rare, between two commas (or a comma and the sentence's end), within six
/// words after the title. Spans are into `p`.
fn appositive_names(
    p: &str,
    tokens: &[rasd_text::Token],
    rules: &QuoteRules,
    is_rare: &impl Fn(&str) -> bool,
) -> Vec<Span> {
    let mut out = Vec::new();
    for (n, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Word || !rules.titles.contains(&cue_key(t.span.text(p))) {
            continue;
        }
        // The comma after the role, within six words.
        let Some(c) = (n + 1..(n + 8).min(tokens.len())).find(|&i| {
            tokens[i].kind != TokenKind::Word && matches!(tokens[i].span.text(p), "،" | ",")
        }) else {
            continue;
        };
        if tokens[n + 1..c].iter().any(|u| u.kind != TokenKind::Word) {
            continue;
        }
        let mut names: Vec<Span> = Vec::new();
        let mut closed = false;
        for u in &tokens[c + 1..(c + 5).min(tokens.len())] {
            if u.kind != TokenKind::Word {
                closed = matches!(u.span.text(p), "،" | "," | "." | ":");
                break;
            }
            let k = key(u.span.text(p));
            if k.starts_with("ال") || k.chars().count() < 3 || names.len() == 3 {
                names.clear();
                break;
            }
            names.push(u.span);
        }
        // A first name may be common; the last word (the surname) must be rare.
        if closed && names.last().is_some_and(|l| is_rare(l.text(p))) {
            out.push(Span::new(
                names[0].start as usize,
                names[names.len() - 1].end as usize,
            ));
        }
    }
    out
}

/// A reported clause whose cue continues the previous speaker («مشيرًا إلى أن …», «وأضاف أن …»)
/// and names nobody takes the speaker of the nearest quote or reported clause before it in
/// the same paragraph.
pub fn continue_speakers(
    text: &str,
    paragraphs: &[Span],
    direct: &[Quote],
    reported: &mut [Quote],
    rules: &QuoteRules,
) {
    let known: Vec<(u32, usize)> = direct
        .iter()
        .chain(reported.iter())
        .filter_map(|q| q.speaker.map(|s| (q.text.start, s)))
        .collect();
    for r in reported.iter_mut() {
        let Some(cue) = r.cue else { continue };
        if r.speaker.is_some() || !rules.is_continuing(cue.text(text)) {
            continue;
        }
        let Some(para) = paragraphs
            .iter()
            .find(|p| p.start <= cue.start && cue.end <= p.end)
        else {
            continue;
        };
        r.speaker = known
            .iter()
            .filter(|(start, _)| *start >= para.start && *start < cue.start)
            .max_by_key(|(start, _)| *start)
            .map(|(_, s)| *s);
    }
}

/// Find the direct quotes of an article. `paragraphs` are spans of its paragraphs in order;
/// `speakers` the mentions of persons and organizations, sorted by position.
///
/// A quote whose cue names nobody («وأضاف: "…"») continues the speaker of the latest quote or
/// reported clause («وقال X إن …») before it.
pub fn find_quotes(
    text: &str,
    paragraphs: &[Span],
    speakers: &[SpeakerMention],
    rules: &QuoteRules,
) -> Vec<Quote> {
    find_speech(text, paragraphs, speakers, rules).0
}

/// The direct quotes ([`find_quotes`]) and the reported speech ([`find_reported`]) of an
/// article, its reported clauses found once for both.
pub fn find_speech(
    text: &str,
    paragraphs: &[Span],
    speakers: &[SpeakerMention],
    rules: &QuoteRules,
) -> (Vec<Quote>, Vec<Quote>) {
    let clauses = reported_clauses(text, paragraphs, speakers, rules);
    let direct = quotes_after(text, paragraphs, speakers, rules, &clauses);
    (direct, unquoted(clauses))
}

/// The reported clauses that hold no quoted words.
fn unquoted(clauses: Vec<(Quote, bool)>) -> Vec<Quote> {
    clauses
        .into_iter()
        .filter(|(_, quoted)| !quoted)
        .map(|(q, _)| q)
        .collect()
}

/// Who spoke last before a point of the article: the speakers of the quotes and reported
/// clauses found so far, in the order of the text.
#[derive(Default)]
struct SpeechLog {
    /// (where the speech is, the paragraph's end, the speaker, a person?) in text order.
    said: Vec<(usize, usize, usize, bool)>,
}

impl SpeechLog {
    fn add(&mut self, at: usize, para_end: usize, entity: usize, person: bool) {
        let i = self.said.partition_point(|s| s.0 <= at);
        self.said.insert(i, (at, para_end, entity, person));
    }

    /// The latest speech before `at`.
    fn last(&self, at: usize) -> Option<(usize, usize, usize, bool)> {
        let i = self.said.partition_point(|s| s.0 < at);
        i.checked_sub(1).map(|i| self.said[i])
    }

    /// The latest speaker before `at` that is a person (`Some(true)`), an organization
    /// (`Some(false)`) or either.
    fn last_of(&self, at: usize, person: Option<bool>) -> Option<usize> {
        let i = self.said.partition_point(|s| s.0 < at);
        self.said[..i]
            .iter()
            .rev()
            .find(|s| person.is_none_or(|p| s.3 == p))
            .map(|s| s.2)
    }
}

/// The direct quotes, knowing the reported clauses (`reported`, quoted words or not).
fn quotes_after(
    text: &str,
    paragraphs: &[Span],
    speakers: &[SpeakerMention],
    rules: &QuoteRules,
    reported: &[(Quote, bool)],
) -> Vec<Quote> {
    let mut out = Vec::new();
    let person_of: HashMap<usize, bool> = speakers.iter().map(|m| (m.entity, m.person)).collect();
    let mut log = SpeechLog::default();
    for (r, _) in reported {
        let (Some(s), Some(para)) = (
            r.speaker,
            paragraphs
                .iter()
                .find(|p| p.start <= r.text.start && r.text.start < p.end.max(p.start + 1)),
        ) else {
            continue;
        };
        let at = r.cue.map_or(r.text.start, |c| c.start) as usize;
        log.add(
            at,
            para.end as usize,
            s,
            person_of.get(&s).copied().unwrap_or(true),
        );
    }
    for para in paragraphs {
        let p = para.text(text);
        let base = para.start as usize;
        let tokens = tokenize(p);
        let sentences = rasd_text::split_sentences(p, &tokens);
        let first_char = p.len() - p.trim_start().len();
        let word_tokens: Vec<&rasd_text::Token> = word_tokens(&tokens);
        for (open, close) in quote_pairs(p) {
            let inner_start = open + p[open..].chars().next().map_or(1, char::len_utf8);
            if close < inner_start {
                continue;
            }
            let inner = &p[inner_start..close];
            let trimmed = inner.trim_matches(|c: char| c.is_whitespace() || "،,.:؛".contains(c));
            if trimmed.is_empty() {
                continue;
            }
            let t_start = inner_start
                + (inner.len()
                    - inner
                        .trim_start_matches(|c: char| c.is_whitespace() || "،,.:؛".contains(c))
                        .len());
            let quote_span = Span::new(base + t_start, base + t_start + trimmed.len());
            // Word tokens are sorted by position: ranges of them are found by binary search.
            let from = word_tokens.partition_point(|t| (t.span.start as usize) < inner_start);
            let to = word_tokens.partition_point(|t| (t.span.end as usize) <= close);
            let words = to.saturating_sub(from);
            if words < rules.min_words {
                continue;
            }
            // A name in quote marks («شبكة "سي إن إن"») is not speech.
            let from = speakers.partition_point(|m| m.span.start < quote_span.start);
            let named = speakers[from..]
                .iter()
                .take_while(|m| m.span.start < quote_span.end)
                .any(|m| {
                    m.span.end <= quote_span.end
                        && (m.span.end - m.span.start) * 10
                            >= (quote_span.end - quote_span.start) * 6
                });
            if named {
                continue;
            }
            // The sentence the quote opens in.
            let sent_start = sentences
                .partition_point(|s| (s.start as usize) <= open)
                .checked_sub(1)
                .map_or(0, |k| sentences[k].start as usize);
            let lo = word_tokens.partition_point(|t| (t.span.start as usize) < sent_start);
            let hi = word_tokens.partition_point(|t| (t.span.end as usize) <= open);
            // Only the words a cue may stand among matter.
            let lo = lo.max(hi.saturating_sub(rules.max_cue_reach));
            let before: Vec<&&rasd_text::Token> = word_tokens[lo..hi.max(lo)].iter().collect();
            let cue_before = before
                .iter()
                .rev()
                .enumerate()
                .find(|(_, t)| rules.is_cue(t.span.text(p)))
                .filter(|&(n, t)| {
                    // The cue must introduce the quote: a colon or a complementizer between
                    // them, or only a few words (a name, a title, a time or place).
                    let gap = &p[t.span.end as usize..open];
                    let gap_words: Vec<&str> = gap
                        .split_whitespace()
                        .filter(|w| w.chars().any(char::is_alphanumeric))
                        .collect();
                    let introduced = gap.contains([':', '：'])
                        || gap_words.iter().any(|w| {
                            rules
                                .complementizers
                                .contains(&key(w.trim_matches(|c: char| !c.is_alphanumeric())))
                        });
                    introduced
                        || n < rules.max_cue_distance
                            && (gap_words.len() <= rules.max_comma_gap
                                || gap_words.len() <= rules.max_plain_gap
                                    && !gap.contains(['،', ',', '؛']))
                })
                .map(|(_, t)| t.span);
            // A cue right after it ("…"، يقول للجزيرة نت), or a word saying whose words they
            // were («"…"، بحسب المصدر», «على حد قوله»).
            // Not one opening a new clause with و: "…"، وقال كيم: starts the next quote.
            let after_close = word_tokens.partition_point(|t| (t.span.start as usize) <= close);
            let cue_after = word_tokens[after_close..]
                .iter()
                .take(3)
                .enumerate()
                .find(|(n, t)| {
                    let k = key(t.span.text(p));
                    *n < 2 && rules.cues.contains(&k) || rules.after_cues.contains(&k)
                })
                .map(|(_, t)| t.span);
            let paragraph_initial = open == first_char;
            let cue = cue_before.or(cue_after);
            if cue.is_none() && !paragraph_initial {
                continue;
            }
            let abs = |s: Span| Span::new(base + s.start as usize, base + s.end as usize);
            let in_range = |lo: usize, hi: usize| {
                let from = speakers.partition_point(|m| (m.span.start as usize) < base + lo);
                let to = speakers
                    .partition_point(|m| (m.span.start as usize) < base + hi)
                    .max(from);
                speakers[from..to]
                    .iter()
                    .filter(move |m| (m.span.end as usize) <= base + hi)
            };
            let addressee = |m: &SpeakerMention| is_addressee(text, m.span, rules);
            // A name inside an earlier quote is what was said, not who said it.
            let quoted = |m: &SpeakerMention| {
                let i = out.partition_point(|q: &Quote| q.text.start <= m.span.start);
                i.checked_sub(1)
                    .is_some_and(|i| m.span.end <= out[i].text.end)
            };
            let quote_at = base + open;
            let mut speaker_span = None;
            let mut speaker = None;
            if let Some(c) = cue_before {
                let cue_at = base + c.start as usize;
                // Between the cue and the quote, before any complementizer.
                let mut stop = open;
                for t in before.iter().filter(|t| t.span.start > c.start) {
                    let k = key(t.span.text(p));
                    if rules.complementizers.contains(&k) || rules.attributions.contains(&k) {
                        stop = t.span.start as usize;
                        break;
                    }
                }
                let named: Vec<&SpeakerMention> = in_range(c.end as usize, stop)
                    .filter(|m| !addressee(m))
                    .collect();
                let chosen = subject_of(text, base + c.end as usize, &named);
                let cue_word = c.text(p);
                let same_sentence_speech = log
                    .last(cue_at)
                    .filter(|s| s.0 >= base + sent_start)
                    .map(|s| s.2);
                if let Some(m) = chosen {
                    speaker = Some(m.entity);
                    speaker_span = Some(m.span);
                } else if rules.is_participle(cue_word)
                    || before
                        .iter()
                        .find(|t| t.span.start > c.start)
                        .is_some_and(|t| rules.is_resumptive(t.span.text(p)))
                {
                    // «انتقد X …، قائلا: "…"»: the speaker of the sentence's speech, else its
                    // first name.
                    if let Some(s) = same_sentence_speech {
                        speaker = Some(s);
                    } else if let Some(m) =
                        in_range(sent_start, c.start as usize).find(|m| !addressee(m) && !quoted(m))
                    {
                        speaker = Some(m.entity);
                        speaker_span = Some(m.span);
                    }
                } else if let Some(m) =
                    in_range(sent_start, c.start as usize).rfind(|m| !addressee(m) && !quoted(m))
                {
                    // Named before the cue: "جهاز … قال".
                    let gap = &p[(m.span.end as usize - base)..c.start as usize];
                    if gap
                        .split_whitespace()
                        .filter(|w| w.chars().any(char::is_alphanumeric))
                        .count()
                        <= 3
                    {
                        speaker = Some(m.entity);
                        speaker_span = Some(m.span);
                    }
                }
                if speaker.is_none() {
                    // The word standing as the cue's subject, if any.
                    let subject = before
                        .iter()
                        .filter(|t| t.span.start > c.start && (t.span.end as usize) <= stop)
                        .map(|t| t.span.text(p))
                        .find(|w| {
                            !rules.no_subject.contains(&key(w))
                                && !rules.no_subject.contains(&cue_key(w))
                                && !rules.is_cue(w)
                        })
                        .map(cue_key);
                    match subject {
                        // «وقالت الشركة»: the organization or person spoken of last.
                        Some(k) if k.starts_with("ال") && !rules.unnamed_nouns.contains(&k) => {
                            let person = !rules.org_nouns.contains(&k);
                            let mentioned = speakers
                                [..speakers.partition_point(|m| (m.span.start as usize) < cue_at)]
                                .iter()
                                .rev()
                                .find(|m| m.person == person && !addressee(m) && !quoted(m))
                                .map(|m| m.entity);
                            speaker = log.last_of(cue_at, Some(person)).or(mentioned);
                        }
                        // «وقال مصدر»: unnamed.
                        Some(_) => {}
                        // «وأضاف: "…"»: who spoke last, or a person introduced since then
                        // as the subject of a paragraph without speech («بدوره، يركز الخبير
                        // …، قسطنطين أسمولوف …» then «ويقول …»).
                        None => {
                            let last = log.last(cue_at);
                            let since = last.map_or(0, |s| s.1);
                            let introduced = paragraphs
                                .iter()
                                .rfind(|q| (q.start as usize) >= since && (q.end as usize) <= base)
                                .and_then(|q| {
                                    let words = word_tokens_of(text, *q, 10);
                                    speakers[speakers.partition_point(|m| m.span.start < q.start)..]
                                        .iter()
                                        .take_while(|m| m.span.end <= words)
                                        .find(|m| m.person && !addressee(m) && !quoted(m))
                                });
                            speaker = introduced
                                .map(|m| m.entity)
                                .or(same_sentence_speech)
                                .or(last.map(|s| s.2));
                        }
                    }
                }
            } else if let Some(c) = cue_after {
                // The subject of the sentence the quote stands in, or a name right after the
                // cue ("“…”. تقول كولينا").
                let after_cue = speakers
                    [speakers.partition_point(|m| (m.span.start as usize) < base + close)..]
                    .iter()
                    .take(8)
                    .find(|m| {
                        let s = m.span.start as usize;
                        s >= base + c.end as usize
                            && text[base + c.end as usize..s].split_whitespace().count() <= 2
                            && !addressee(m)
                    });
                if let Some(m) = in_range(sent_start, open)
                    .find(|m| !addressee(m))
                    .or(after_cue)
                {
                    speaker = Some(m.entity);
                    speaker_span = Some(m.span);
                } else {
                    speaker = log.last(quote_at).map(|s| s.2);
                }
            } else {
                speaker = log.last(quote_at).map(|s| s.2);
            }
            if let Some(s) = speaker {
                let at = cue
                    .map_or(quote_at, |c| base + c.start as usize)
                    .min(quote_at);
                log.add(
                    at,
                    para.end as usize,
                    s,
                    person_of.get(&s).copied().unwrap_or(true),
                );
            }
            out.push(Quote {
                text: quote_span,
                cue: cue.map(abs),
                speaker,
                speaker_span,
                kind: QuoteKind::Direct,
            });
        }
    }
    out
}

/// Where the first `n` words of a paragraph end (bytes of the text).
fn word_tokens_of(text: &str, para: Span, n: usize) -> u32 {
    let p = para.text(text);
    let tokens = tokenize(p);
    word_tokens(&tokens)
        .get(n.saturating_sub(1))
        .map_or(para.end, |t| para.start + t.span.end)
}

/// The subject among the names between a cue ending at `cue_end` and what is said: the name
/// right after the cue («وقالت منظمة …»), else the first person — a name after a role is the
/// person holding it, not the body in the role («وقال الناطق باسم الوزارة، الرائد …») — else
/// the first name.
fn subject_of<'a>(
    text: &str,
    cue_end: usize,
    named: &[&'a SpeakerMention],
) -> Option<&'a SpeakerMention> {
    let right_after = named.first().filter(|m| {
        text[cue_end..(m.span.start as usize).max(cue_end)]
            .trim_matches(|ch: char| ch.is_whitespace() || "\"«“”".contains(ch))
            .is_empty()
    });
    right_after
        .or_else(|| named.iter().find(|m| m.person))
        .or(named.first())
        .copied()
}

/// A name the speaker talks to, not the speaker: after the preposition ل («للجزيرة», «لـ"الوطن"»)
/// or a medium it governs («في تصريح لموقع …»).
fn is_addressee(text: &str, m: Span, rules: &QuoteRules) -> bool {
    let s = m.start as usize;
    if text[..s].ends_with('ل') || key(&text[s..m.end as usize]).starts_with("لل") {
        return true;
    }
    // «لـ«الوطن»», «لـ"CNN"»: the preposition, a tatweel or a quote mark, then the name.
    let bare = text[..s].trim_end_matches(['ـ', '«', '"', '“', '”']);
    if bare.len() < s
        && bare.ends_with('ل')
        && bare[..bare.len() - 'ل'.len_utf8()]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || c == 'و')
    {
        return true;
    }
    // The word before the name: «لموقع», «لصحيفة».
    let prev = text[..s].trim_end();
    let word = prev
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let k = key(word);
    k.strip_prefix('ل').is_some_and(|rest| {
        rules.addressees.contains(rest) || rules.addressees.contains(&format!("ال{rest}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spk(text: &str, name: &str, entity: usize) -> SpeakerMention {
        let s = text.find(name).unwrap();
        SpeakerMention {
            span: Span::new(s, s + name.len()),
            entity,
            person: true,
        }
    }

    fn run(text: &str, speakers: &[SpeakerMention]) -> Vec<(String, Option<usize>)> {
        let mut paras = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            paras.push(Span::new(start, start + line.len()));
            start += line.len() + 1;
        }
        find_quotes(text, &paras, speakers, QuoteRules::bundled())
            .into_iter()
            .map(|q| (q.text.text(text).to_owned(), q.speaker))
            .collect()
    }

    #[test]
    fn cue_title_name_colon_quote() {
        let t = "وقال المتحدث باسم المجلس أدريان واتسون في بيان: \"لدينا معلومات تفيد بأن المحادثات ستستمر\".";
        let q = run(t, &[spk(t, "أدريان واتسون", 0)]);
        assert_eq!(
            q,
            vec![(
                "لدينا معلومات تفيد بأن المحادثات ستستمر".to_owned(),
                Some(0)
            )]
        );
    }

    #[test]
    fn names_after_an_complementizer_are_not_speakers_and_continuing_cues_keep_the_speaker() {
        let t = "وقال يانغ إن كيم \"يريد أن يبعث برسالة واضحة\"، مردفًا: \"أعتقد أن الصفقة تمت بالفعل\".";
        let q = run(t, &[spk(t, "يانغ", 0), spk(t, "كيم", 1)]);
        assert_eq!(q[0].1, Some(0));
        assert_eq!(q[1], ("أعتقد أن الصفقة تمت بالفعل".to_owned(), Some(0)));
    }

    #[test]
    fn cue_after_the_quote_and_addressee_is_not_the_speaker() {
        let t = "يرى العقيد فيكتور بارانيتس أن التعاون \"مسألة مهمة ولكنها صعبة جدا\"، يقول للجزيرة نت.";
        let q = run(t, &[spk(t, "فيكتور بارانيتس", 3), spk(t, "للجزيرة", 4)]);
        assert_eq!(q, vec![("مسألة مهمة ولكنها صعبة جدا".to_owned(), Some(3))]);
    }

    #[test]
    fn scare_quotes_and_uncued_quotes_are_not_quotes() {
        let t = "شددت البيانات على \"حساسية\" القضايا، ووصل الوفد إلى \"المنطقة الصناعية الجديدة في الشمال\" أمس.";
        assert!(run(t, &[]).is_empty());
    }

    #[test]
    fn unnamed_source_has_no_speaker_and_paragraph_quotes_continue() {
        let t = "وقال المصدر إن \"الجيش يبني جدرانا داخل المنطقة\".\nوقال السيد روي: “إن التحدي المباشر هو الحصول على ذخائر”.\n“نحن نتحدث عن مدفعية غير متطورة لكنها كثيرة”.";
        let q = run(t, &[spk(t, "روي", 2)]);
        assert_eq!(q.len(), 3);
        assert_eq!(q[0].1, None);
        assert_eq!(q[1].1, Some(2));
        assert_eq!(
            q[2].1,
            Some(2),
            "a quote opening a paragraph continues the speaker"
        );
    }

    #[test]
    fn attributed_agency_is_not_the_speaker() {
        let t = "وقال المصدر- وفقا لوكالة الأنباء الكورية (يونهاب) اليوم - إنه \"في الآونة الأخيرة قام الجيش ببناء الجدران\".";
        let q = run(t, &[spk(t, "يونهاب", 5)]);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].1, None);
    }

    #[test]
    fn a_role_used_before_a_name_names_the_speaker_elsewhere() {
        let t = "قال الرئيس الروسي فلاديمير بوتين إن المحادثات جيدة.\nوأضاف الرئيس الروسي لقناة روسيا: \"هناك قيود معينة علينا احترامها\".";
        let base = [spk(t, "فلاديمير بوتين", 4)];
        let speakers = with_role_mentions(t, Span::new(0, t.len()), &base, QuoteRules::bundled());
        assert_eq!(speakers.len(), 2);
        let q = run(t, &speakers);
        assert_eq!(
            q,
            vec![("هناك قيود معينة علينا احترامها".to_owned(), Some(4))]
        );
    }

    #[test]
    fn an_unclosed_quote_ending_in_a_question_mark() {
        // Regression (news corpus): the implicit end fell inside the two bytes of "؟".
        let t = "سأل أحد الأعراب : “كيف حكمت البلاد كل هذه السنين؟ فقال: “لو كان بيني وبين الناس شعرة ما انقطعت”";
        let q = run(t, &[]);
        assert!(q.iter().all(|(text, _)| !text.is_empty()));
    }

    /// Work and output of `f` on a text made of `unit` repeated `n` times.
    fn cost(unit: &str, n: usize, f: impl Fn(&str) -> usize) -> (usize, usize) {
        let t = unit.repeat(n);
        WORK.with(|w| w.set(0));
        let out = f(&t);
        (WORK.with(std::cell::Cell::get), out)
    }

    /// Issue 14: «وقال … إن» repeated with no sentence end made each clause run to the end of
    /// the paragraph: output and work grew with the square of the text.
    #[test]
    fn repeated_reported_speech_costs_linear_output_and_work() {
        let reported = |t: &str| {
            find_reported(t, &[Span::new(0, t.len())], &[], QuoteRules::bundled())
                .iter()
                .map(|q| (q.text.end - q.text.start) as usize)
                .sum()
        };
        for unit in ["وقال المتحدث إن ", "وقال المتحدث إن الوفد وصل أمس "]
        {
            let (w1, o1) = cost(unit, 300, reported);
            let (w2, o2) = cost(unit, 3000, reported);
            assert!(o2 <= 11 * o1.max(1), "{unit}: output {o1} -> {o2}");
            assert!(w2 <= 11 * w1.max(1), "{unit}: work {w1} -> {w2}");
        }
        // A clause never runs past the length cap.
        let long = format!("وقال المتحدث إن {}", "الوفد ".repeat(2000));
        let r = find_reported(
            &long,
            &[Span::new(0, long.len())],
            &[],
            QuoteRules::bundled(),
        );
        assert!((r[0].text.end - r[0].text.start) as usize <= MAX_REPORTED_BYTES);
        assert!(r[0].text.text(&long).starts_with("الوفد"));
    }

    /// Role mentions: the words of the article only, not of the whole file, and one pass over
    /// them whatever the number of roles and names.
    #[test]
    fn role_mentions_cost_linear_work() {
        let unit = "وصرح المدير العام خالد سمير بأن العمل جار. وقال المدير العام إن الخطة جاهزة. ";
        let with_roles = |t: &str| {
            let speakers: Vec<SpeakerMention> = t
                .match_indices("خالد سمير")
                .map(|(i, m)| SpeakerMention {
                    span: Span::new(i, i + m.len()),
                    entity: 0,
                    person: true,
                })
                .collect();
            let out =
                with_role_mentions(t, Span::new(0, t.len()), &speakers, QuoteRules::bundled());
            out.len() - speakers.len()
        };
        let (w1, o1) = cost(unit, 100, with_roles);
        let (w2, o2) = cost(unit, 1000, with_roles);
        assert_eq!(o1, 100, "one role mention per unit");
        assert_eq!(o2, 1000);
        assert!(w2 <= 11 * w1, "work {w1} -> {w2}");
        // Outside `within`, nothing is looked at.
        let t = format!("{}{unit}", "كلمة ".repeat(10_000));
        let at = t.len() - unit.len();
        let speakers = [spk(&t[at..], "خالد سمير", 0)].map(|mut m| {
            m.span = Span::new(m.span.start as usize + at, m.span.end as usize + at);
            m
        });
        WORK.with(|w| w.set(0));
        let out = with_role_mentions(&t, Span::new(at, t.len()), &speakers, QuoteRules::bundled());
        assert!(WORK.with(std::cell::Cell::get) < 100);
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn reported_speech_with_its_speaker() {
        let t = "وقال وزير الخارجية سيرغي لافروف إن المحادثات ستستأنف الأسبوع المقبل في موسكو. وأضاف: \"لن نتراجع عن موقفنا أبدا\".";
        let speakers = [spk(t, "سيرغي لافروف", 1)];
        let r = find_reported(
            t,
            &[Span::new(0, t.len())],
            &speakers,
            QuoteRules::bundled(),
        );
        assert_eq!(r.len(), 1);
        assert_eq!(
            r[0].text.text(t),
            "المحادثات ستستأنف الأسبوع المقبل في موسكو"
        );
        assert_eq!(r[0].speaker, Some(1));
        assert_eq!(r[0].kind, QuoteKind::Indirect);
        // Quoted speech after "إن" is a direct quote, not reported speech.
        let t2 = "وقال يانغ إن كيم \"يريد أن يبعث برسالة واضحة\".";
        assert!(
            find_reported(t2, &[Span::new(0, t2.len())], &[], QuoteRules::bundled()).is_empty()
        );
    }

    #[test]
    fn a_continuing_cue_keeps_the_speaker_of_the_quote_before() {
        let t = "وقال يانغ: \"روسيا فشلت في تأمين الأسلحة اللازمة للحرب\"، مشيرًا إلى أن كيم وشويغو كانا معا في الزيارة.";
        let paras = [Span::new(0, t.len())];
        let speakers = [spk(t, "يانغ", 7)];
        let rules = QuoteRules::bundled();
        let direct = find_quotes(t, &paras, &speakers, rules);
        let mut reported = find_reported(t, &paras, &speakers, rules);
        assert_eq!(reported[0].speaker, None);
        continue_speakers(t, &paras, &direct, &mut reported, rules);
        assert_eq!(reported[0].speaker, Some(7));
    }

    #[test]
    fn rare_words_in_the_speakers_seat_are_names() {
        let t =
            "فيعتبر أسمولوف \"أنه سيكون وفق مبدأ المقايضة بين البلدين\". وقال محللون إن الأمر صعب.";
        let rare = |w: &str| !["محللون", "الأمر", "صعب"].contains(&w);
        let names = speaker_names(
            t,
            &[Span::new(0, t.len())],
            &[],
            QuoteRules::bundled(),
            rare,
        );
        assert_eq!(
            names.iter().map(|s| s.text(t)).collect::<Vec<_>>(),
            ["أسمولوف"]
        );
    }

    #[test]
    fn a_quoted_name_is_not_a_quote() {
        let t = "وقالت شبكة “سي إن إن”، في تقريرها: إن توفير التكنولوجيا انتهاك.";
        assert!(run(t, &[spk(t, "سي إن إن", 0)]).is_empty());
    }

    #[test]
    fn unbalanced_marks() {
        let t = "بحسب شبكة ” سي إن إن”، وقال كيم: “سأقف دائمًا إلى جانب روسيا في كل الظروف”.";
        let q = run(t, &[spk(t, "كيم", 1)]);
        assert_eq!(
            q,
            vec![("سأقف دائمًا إلى جانب روسيا في كل الظروف".to_owned(), Some(1))]
        );
        let t2 = "قال روي: “الأميركيون يريدون الحديث عن التفكيك النووي. تقول كولينا: “لا يوجد شيء يريدونه الآن”.";
        let q2 = run(t2, &[spk(t2, "روي", 0), spk(t2, "كولينا", 1)]);
        assert_eq!(q2.len(), 2);
        assert_eq!(q2[0].0, "الأميركيون يريدون الحديث عن التفكيك النووي");
        assert_eq!(q2[1], ("لا يوجد شيء يريدونه الآن".to_owned(), Some(1)));
    }

    fn org(text: &str, name: &str, entity: usize) -> SpeakerMention {
        SpeakerMention {
            person: false,
            ..spk(text, name, entity)
        }
    }

    #[test]
    fn a_far_cue_introduces_a_quote_after_a_colon() {
        let t = "وقال سامر خليل، المسؤول السابق في هيئة الطرق والجسور الوطنية التي تشرف على مشاريع النقل الكبرى في الشمال منذ سنوات طويلة، في مقابلة مع التلفزيون: \"المشروع سيكتمل قبل نهاية العام\".";
        let q = run(t, &[spk(t, "سامر خليل", 0)]);
        assert_eq!(
            q,
            vec![("المشروع سيكتمل قبل نهاية العام".to_owned(), Some(0))]
        );
    }

    #[test]
    fn the_person_in_a_role_speaks_not_the_body_named_in_it() {
        let t = "وقال الناطق باسم وزارة الزراعة، الرائد سامر خليل: \"المحصول هذا العام وفير جدا\".";
        let q = run(t, &[org(t, "وزارة الزراعة", 0), spk(t, "سامر خليل", 1)]);
        assert_eq!(q[0].1, Some(1));
        // A body right after the cue is the subject.
        let t2 = "وقالت وزارة الزراعة في بيان عن سامر خليل: \"المحصول هذا العام وفير جدا\".";
        let q2 = run(t2, &[org(t2, "وزارة الزراعة", 0), spk(t2, "سامر خليل", 1)]);
        assert_eq!(q2[0].1, Some(0));
    }

    #[test]
    fn a_definite_descriptor_refers_back_and_an_indefinite_one_is_unnamed() {
        let t = "وأعلنت شركة النور للطاقة عن مشروع جديد مع المهندس سامر خليل.\nوقالت الشركة في بيان: \"سنبدأ العمل في الربيع المقبل\".\nوقال مصدر: \"العمل لن يبدأ قبل الصيف\".";
        let q = run(t, &[org(t, "شركة النور", 0), spk(t, "سامر خليل", 1)]);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].1, Some(0), "the company spoken of");
        assert_eq!(q[1].1, None, "an unnamed source");
    }

    #[test]
    fn a_continuing_cue_follows_reported_speech_with_quoted_words() {
        let t =
            "وقال سامر خليل إن الخطة \"ناجحة جدا\".\nوأضاف: \"سنعلن التفاصيل في الأسبوع المقبل\".";
        let q = run(t, &[spk(t, "سامر خليل", 3)]);
        assert_eq!(
            q,
            vec![("سنعلن التفاصيل في الأسبوع المقبل".to_owned(), Some(3))]
        );
    }

    #[test]
    fn a_participle_cue_takes_the_sentence_subject() {
        let t = "انتقد المدرب ماهر فؤاد أداء اللاعب نادر سليم، قائلا: \"كان اللعب ضعيفا اليوم\".";
        let q = run(t, &[spk(t, "ماهر فؤاد", 0), spk(t, "نادر سليم", 1)]);
        assert_eq!(q[0].1, Some(0));
    }

    #[test]
    fn a_cue_after_the_quote_and_a_quoted_addressee() {
        let t = "وكانت الأوضاع \"صعبة للغاية في المدينة القديمة\"، بحسب سامر خليل.";
        let q = run(t, &[spk(t, "سامر خليل", 0)]);
        assert_eq!(q.len(), 1);
        let t2 = "وأكد المصدر لـ«الوطن» أن \"الطريق مغلق منذ الصباح الباكر\".";
        let q2 = run(t2, &[org(t2, "الوطن", 0)]);
        assert_eq!(q2[0].1, None, "the paper is spoken to");
    }
}
