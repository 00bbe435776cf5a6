//! Lines of a file and what each one looks like on its own, before context is considered.

use std::collections::HashSet;

use rasd_text::Span;

use crate::calendar::{CalendarName, Date, find_date};
use crate::keys::{content_stem, key_words, line_key, starts_with_phrase};
use crate::rules::Rules;

/// A raw word of a line: its span in the original text and its key.
#[derive(Clone, Debug)]
pub(crate) struct Word {
    pub span: Span,
    pub key: String,
}

/// What a line is, judged on its own.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum LineKind {
    Blank,
    /// "موقع … الإخباري": names the outlet.
    Banner {
        outlet: Span,
    },
    /// "أبوظبي - سكاي نيوز عربية": a place and the outlet, on their own line.
    Dateline {
        outlet: Span,
    },
    /// A breadcrumb ("الرئيسية » أخبار").
    Breadcrumb,
    /// A section label alone on its line ("عاجل", "أخبار عالمية").
    Section,
    /// A relative timestamp ("منذ 3 ساعات"): a date line without a date.
    Timestamp,
    /// "المصدر: …": names the outlet.
    Source {
        outlet: Span,
    },
    /// A byline; the outlet when the line also names one ("الشروق - ترجمة: …").
    Byline {
        name: Span,
        outlet: Option<Span>,
    },
    DateLine {
        date: Date,
    },
    Tags,
    Prompt,
    Notice,
    /// A notice naming the outlet: a copyright line ("© 2024 …") or a syndication credit
    /// ("نقلا عن …").
    Credit {
        outlet: Span,
    },
    /// Only a URL or an e-mail address.
    Link,
    Share,
    /// An image caption; a short heading glued after it ("… (رويترز) مقايضة") is kept.
    Caption {
        heading: Option<Span>,
    },
    /// "اقرأ أيضا: <headline>" on one line.
    ReadAlsoLink,
    /// "اقرأ أيضا" or "أخبار متعلقة" alone: links follow.
    LinkHeader,
    /// "• …" list item.
    Bullet,
    Text,
}

/// One line of the file.
#[derive(Clone, Debug)]
pub(crate) struct Line {
    /// The line without surrounding whitespace.
    pub span: Span,
    pub key: String,
    pub words: Vec<Word>,
    n_words: usize,
    pub kind: LineKind,
    /// Ends with . ! ? ؟ … (closing quotes and brackets aside).
    pub ends_sentence: bool,
    /// Ends with ? or ؟.
    pub ends_question: bool,
    /// Ends with ! (headlines may).
    pub ends_exclamation: bool,
    /// Ends with ':' (introduces something).
    pub ends_colon: bool,
    /// Ends with '،' or ',' (the sentence goes on).
    pub ends_comma: bool,
}

impl Line {
    /// Words with a letter or digit (punctuation marks standing alone do not count).
    pub fn word_count(&self) -> usize {
        self.n_words
    }

    /// Sentence-like or long enough to be running text.
    pub fn is_paragraph(&self, rules: &Rules) -> bool {
        let n = self.word_count();
        n >= rules.body.min_paragraph_words
            || (self.ends_sentence && !self.ends_question && n >= rules.body.min_sentence_words)
    }

    /// Light stems of the line's content words (no stop words, at least three letters).
    pub fn content_stems(&self, rules: &Rules) -> HashSet<String> {
        key_words(&self.key)
            .filter(|w| w.chars().count() >= 3 && !rules.stopwords.contains(*w))
            .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
            .map(|w| content_stem(w).to_owned())
            .collect()
    }

    /// Span of the words from `from` on, without punctuation-only words at the front.
    pub fn words_span(&self, from: usize, to: usize) -> Option<Span> {
        let words = &self.words[from.min(self.words.len())..to.min(self.words.len())];
        let first = words.iter().position(|w| has_alnum(&w.key))?;
        let last = words.iter().rposition(|w| has_alnum(&w.key))?;
        Some(Span::new(
            words[first].span.start as usize,
            words[last].span.end as usize,
        ))
    }
}

impl Line {
    /// The span in the original text of the byte range `start..end` of the line's key, cut at
    /// word boundaries or, inside a word, after as many letters as the key has there (the
    /// key drops diacritics and tatweel, which are skipped here too). `raw` is the line's
    /// text (`self.span` of the file), with surrounding punctuation trimmed from the result.
    pub fn key_range_span(&self, raw: &str, start: usize, end: usize) -> Option<Span> {
        let base = self.span.start as usize;
        let mut at = 0;
        let (mut from, mut to) = (None, None);
        for w in &self.words {
            let (ks, ke) = (at, at + w.key.len());
            at = ke + 1;
            if from.is_none() && start < ke {
                let skip = w.key[..start.saturating_sub(ks)].chars().count();
                from = Some(raw_offset(raw, base, w.span, skip));
            }
            if from.is_some() && end <= ke {
                let keep = w.key[..end.saturating_sub(ks).min(w.key.len())]
                    .chars()
                    .count();
                to = Some(raw_offset(raw, base, w.span, keep));
                break;
            }
            if from.is_some() {
                to = Some(w.span.end as usize);
            }
        }
        let (from, to) = (from?, to?);
        let piece = raw.get(from - base..to - base)?;
        let trimmed = piece.trim_end_matches(|c: char| !c.is_alphanumeric());
        let lead = trimmed.len()
            - trimmed
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        (lead < trimmed.len()).then(|| Span::new(from + lead, from + trimmed.len()))
    }
}

/// Byte offset (in the file) in the word `span` after `letters` characters that survive in a
/// key; `raw` is the line's text, starting at byte `base` of the file.
fn raw_offset(raw: &str, base: usize, span: Span, letters: usize) -> usize {
    let word = &raw[span.start as usize - base..span.end as usize - base];
    let mut n = 0;
    for (i, c) in word.char_indices() {
        if n == letters {
            return span.start as usize + i;
        }
        if !is_dropped_in_key(c) {
            n += 1;
        }
    }
    span.end as usize
}

/// Marks the key leaves out: harakat, the superscript alef, tatweel.
fn is_dropped_in_key(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

fn has_alnum(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

const SENTENCE_END: &[char] = &['.', '!', '?', '؟', '…'];
const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', ')', ']', '›', '*'];
const BULLETS: &[char] = &[
    '•', '●', '▪', '◦', '▸', '►', '·', '-', '*', '–', '—', '■', '□', '◆', '♦',
];

/// Split a text into lines and classify each.
pub(crate) fn split_lines(text: &str, rules: &Rules) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let end = start + piece.len();
        lines.push(make_line(text, start, end, rules));
        start = end;
    }
    mark_trailing_tags(&mut lines, rules);
    lines
}

/// Some sites end an article with a bare tag list ("سمات السعودية الرياض …", no colon). A
/// line opening with a tag word counts as tags when no paragraph follows it.
fn mark_trailing_tags(lines: &mut [Line], rules: &Rules) {
    for i in (0..lines.len()).rev() {
        let line = &lines[i];
        if line.kind == LineKind::Text && line.is_paragraph(rules) {
            break;
        }
        if line.kind == LineKind::Text
            && !line.ends_sentence
            && line.word_count() <= rules.tag_max_words
            && rules
                .tag_prefixes
                .iter()
                .any(|p| starts_with_phrase(&line.key, p))
        {
            lines[i].kind = LineKind::Tags;
        }
    }
}

fn is_blank_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
        || c.is_control()
}

fn make_line(text: &str, start: usize, end: usize, rules: &Rules) -> Line {
    let raw = &text[start..end];
    let trimmed_start = raw.len() - raw.trim_start_matches(is_blank_char).len();
    let body = raw.trim_matches(is_blank_char);
    let s = start + trimmed_start;
    let span = Span::new(s, s + body.len());
    let mut words = Vec::new();
    let mut offset = 0;
    for w in body.split(is_blank_char) {
        let ws = s + offset;
        offset += w.len()
            + body[offset + w.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        if w.is_empty() {
            continue;
        }
        let key = line_key(w);
        if key.is_empty() {
            continue;
        }
        words.push(Word {
            span: Span::new(ws, ws + w.len()),
            key,
        });
    }
    let key = words
        .iter()
        .map(|w| w.key.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let tail = body.trim_end_matches(CLOSERS).trim_end();
    let ends_sentence = tail.ends_with(SENTENCE_END) && !tail.ends_with("..")
        || tail.ends_with("...")
        || tail.ends_with('…');
    let ends_colon = tail.ends_with([':', '：']);
    let ends_question = tail.ends_with(['?', '؟']);
    let ends_exclamation = tail.ends_with('!');
    let ends_comma = tail.ends_with(['،', ',']);
    let n_words = words.iter().filter(|w| has_alnum(&w.key)).count();
    let mut line = Line {
        span,
        key,
        words,
        n_words,
        kind: LineKind::Text,
        ends_sentence,
        ends_question,
        ends_exclamation,
        ends_colon,
        ends_comma,
    };
    line.kind = classify(&line, body, rules);
    line
}

fn classify(line: &Line, raw: &str, rules: &Rules) -> LineKind {
    let key = line.key.as_str();
    let n = line.word_count();
    if n == 0 {
        return LineKind::Blank;
    }
    let bare = key.trim_end_matches([':', ' ', '：', '-', '|']);
    // Headers of link lists, alone on their line.
    if rules.related_headers.iter().any(|h| bare == h)
        || rules
            .read_also
            .iter()
            .any(|h| bare == h.trim_end_matches(':'))
    {
        return LineKind::LinkHeader;
    }
    if n <= 30
        && let Some(m) = rules.read_also.iter().find(|m| starts_with_phrase(key, m))
    {
        let after = m.split(' ').count();
        return if line.words_span(after, line.words.len()).is_some() {
            LineKind::ReadAlsoLink
        } else {
            LineKind::LinkHeader
        };
    }
    if n <= 30
        && let Some(m) = rules.read_also_patterns.iter().find_map(|r| r.find(key))
    {
        return if key[m.end()..].chars().any(char::is_alphanumeric) {
            LineKind::ReadAlsoLink
        } else {
            LineKind::LinkHeader
        };
    }
    if let Some(p) = rules
        .source_prefixes
        .iter()
        .find(|p| starts_with_phrase(key, p))
    {
        let after = p.split(' ').count();
        let rest = &key[p.len()..].trim_start();
        if rest.starts_with([':', '-', '：', '–'])
            && let Some(outlet) = line.words_span(after, line.words.len())
            && n - after <= rules.source_max_words + 1
        {
            return LineKind::Source { outlet };
        }
    }
    if let Some(p) = rules
        .tag_prefixes
        .iter()
        .find(|p| starts_with_phrase(key, p))
    {
        let rest = key[p.len()..].trim_start();
        if rest.is_empty() || rest.starts_with([':', '-', '|', '：']) {
            return LineKind::Tags;
        }
    }
    if n <= rules.prompt_max_words && any_match(&rules.prompts, key) {
        return LineKind::Prompt;
    }
    if n <= rules.notice_max_words && any_match(&rules.notices, key) {
        return credit(line, raw, &rules.copyright_outlet, rules).unwrap_or(LineKind::Notice);
    }
    if n <= rules.syndication_max_words && any_match(&rules.syndication, key) {
        return credit(line, raw, &rules.syndication_outlet, rules).unwrap_or(LineKind::Notice);
    }

    if is_link_only(raw) {
        return LineKind::Link;
    }
    if n <= rules.nav_max_words {
        // Separators stand between words, spaced ("أخبار » دولي"); a guillemet closing a
        // quotation («…») does not.
        let marks: usize = rules
            .nav_separators
            .iter()
            .map(|sep| raw.matches(&format!(" {sep} ")).count())
            .sum();
        if marks >= rules.nav_min_separators && !line.ends_sentence {
            return LineKind::Breadcrumb;
        }
    }
    if rules.sections.contains(key.trim_end_matches([':', ' '])) {
        return LineKind::Section;
    }
    if rules.timestamps.iter().any(|r| r.is_match(key)) {
        return LineKind::Timestamp;
    }
    if n <= 12 && is_share_row(key, rules) {
        return LineKind::Share;
    }
    if n <= rules.caption_max_words
        && let Some(heading) = caption(line, raw, rules)
    {
        return LineKind::Caption { heading };
    }
    if let Some(kind) = byline(line, rules) {
        return kind;
    }
    if n <= rules.banner_max_words
        && !line.ends_sentence
        && let Some(outlet) = banner_outlet(line, rules)
    {
        return LineKind::Banner { outlet };
    }
    if n <= rules.date_max_words
        && let Some(found) = find_date(key, &rules.calendar)
        && other_words_on_date_line(key, rules) <= rules.date_max_other_words
    {
        return LineKind::DateLine { date: found.date };
    }
    if raw.starts_with(BULLETS) || is_numbered_item(raw) {
        return LineKind::Bullet;
    }
    LineKind::Text
}

/// A notice naming an outlet: the group `name` of one of `patterns`, of at most
/// `source_max_words` words.
fn credit(line: &Line, raw: &str, patterns: &[regex::Regex], rules: &Rules) -> Option<LineKind> {
    let key = line.key.as_str();
    let bare = bare_key(key);
    let shift = key.len() - bare.len();
    let (name, shift) = patterns.iter().find_map(|r| {
        (r.captures(key).and_then(|c| c.name("name")).map(|m| (m, 0))).or_else(|| {
            r.captures(bare)
                .and_then(|c| c.name("name"))
                .map(|m| (m, shift))
        })
    })?;
    let words = key_words(name.as_str()).count();
    if words == 0 || words > rules.source_max_words {
        return None;
    }
    let span = line.key_range_span(raw, shift + name.start(), shift + name.end())?;
    Some(LineKind::Credit { outlet: span })
}

/// The key without the marks some sites put before a line ("** حقوق …", "* نقلا عن …").
fn bare_key(key: &str) -> &str {
    key.trim_start_matches(|c: char| !c.is_alphanumeric())
}

/// Does a pattern match the key, or the key without leading marks?
fn any_match(patterns: &[regex::Regex], key: &str) -> bool {
    let bare = bare_key(key);
    patterns.iter().any(|r| r.is_match(key) || r.is_match(bare))
}

/// "1- …", "2) …", "3. …": a numbered list item.
pub(crate) fn is_numbered_item(raw: &str) -> bool {
    let digits = raw.len()
        - raw
            .trim_start_matches(|c: char| c.is_ascii_digit() || ('٠'..='٩').contains(&c))
            .len();
    digits > 0 && digits <= 6 && raw[digits..].starts_with(['-', '.', ')', '–', '/', ':'])
}

/// Every word is a URL or an e-mail address.
fn is_link_only(raw: &str) -> bool {
    let mut any = false;
    for w in raw.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let link = w.starts_with("http://")
            || w.starts_with("https://")
            || w.starts_with("www.")
            || (w.contains('@') && w.contains('.'));
        if !link && w.chars().any(char::is_alphanumeric) {
            return false;
        }
        any |= link;
    }
    any
}

fn is_share_row(key: &str, rules: &Rules) -> bool {
    let mut rest = key.to_owned();
    for w in &rules.share_words {
        // Phrases are longest first, so "نسخ الرابط" goes before "نسخ".
        rest = rest.replace(w.as_str(), " ");
    }
    !rest.chars().any(char::is_alphanumeric)
}

/// `Some(glued heading)` when the line is a caption.
fn caption(line: &Line, raw: &str, rules: &Rules) -> Option<Option<Span>> {
    let key = line.key.as_str();
    if rules
        .caption_prefixes
        .iter()
        .any(|p| starts_with_phrase(key, p))
    {
        return Some(None);
    }
    if line.ends_sentence || line.ends_comma {
        return None;
    }
    // The last parenthesized group must name an agency, with few words after it.
    let open = raw.rfind('(')?;
    let close = open + raw[open..].find(')')?;
    let inner = line_key(&raw[open + 1..close]);
    let after = &raw[close + 1..];
    let words_after = after
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    if words_after > rules.caption_max_words_after {
        return None;
    }
    let is_agency = inner
        .split(['-', '/', '،', ',', '|', '–', ':'])
        .map(str::trim)
        .any(|part| {
            rules
                .agencies
                .iter()
                .any(|a| part == a || starts_with_phrase(part, a))
        });
    if !is_agency {
        return None;
    }
    let base = line.span.start as usize;
    let trimmed = after.trim();
    let heading = (words_after > 0).then(|| {
        let start = base + close + 1 + (after.len() - after.trim_start().len());
        Span::new(start, start + trimmed.len())
    });
    Some(heading)
}

fn byline(line: &Line, rules: &Rules) -> Option<LineKind> {
    if line.word_count() > rules.byline_max_name_words + 6 || line.ends_sentence {
        return None;
    }
    let n = line.words.len();
    let alnum_from = |from: usize| {
        line.words[from.min(n)..]
            .iter()
            .filter(|w| has_alnum(&w.key))
            .count()
    };
    if n == 0 {
        return None;
    }
    // Optional "Outlet -" before the cue.
    let dash = line
        .words
        .iter()
        .position(|w| matches!(w.key.as_str(), "-" | "–" | "—" | "|"));
    // A dash right after the cue ("كتب - فلان") is the cue's, not an outlet's.
    let dash = dash.filter(|&d| {
        let before = line.words[..d]
            .iter()
            .map(|w| w.key.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        !rules.byline_cues.contains(&before)
    });
    let (outlet, cue_at) = match dash {
        Some(d) if (1..=4).contains(&d) => (line.words_span(0, d), d + 1),
        _ => (None, 0),
    };
    let rest_key = line.words[cue_at.min(n)..]
        .iter()
        .map(|w| w.key.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(cue) = rules
        .byline_cues
        .iter()
        .find(|c| starts_with_phrase(&rest_key, c))
    {
        let after_cue = rest_key[cue.len()..].trim_start();
        let cue_words = cue.split(' ').count();
        let name_words = alnum_from(cue_at + cue_words);
        let punct_follows = after_cue.starts_with([':', '-', '：', '–', '/']);
        if (1..=rules.byline_max_name_words).contains(&name_words)
            && (punct_follows || (name_words <= 3 && rules.byline_bare_cues.contains(cue)))
            && !after_cue.chars().any(|c| c.is_ascii_digit())
        {
            let name = line.words_span(cue_at + cue_words, n)?;
            return Some(LineKind::Byline { name, outlet });
        }
    }
    // "Outlet - Name" with a known outlet.
    if let (Some(d), Some(outlet)) = (dash, outlet) {
        let left = line.words[..d]
            .iter()
            .map(|w| w.key.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let name_words = alnum_from(d + 1);
        if rules.outlets.contains_key(&left)
            && (1..=rules.byline_max_name_words.min(4)).contains(&name_words)
        {
            let name = line.words_span(d + 1, n)?;
            return Some(LineKind::Byline {
                name,
                outlet: Some(outlet),
            });
        }
        // "City - Outlet" (a dateline credit on its own line) or "Name - Outlet" (a byline):
        // one word before the dash is taken for a place, more for a writer's name.
        let right = line.words[d + 1..]
            .iter()
            .map(|w| w.key.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let left_words = alnum_from(0) - alnum_from(d + 1);
        if rules.outlets.contains_key(&right) && (1..=4).contains(&left_words) {
            let right_span = line.words_span(d + 1, n)?;
            if left_words == 1 {
                return Some(LineKind::Dateline { outlet: right_span });
            }
            return Some(LineKind::Byline {
                name: line.words_span(0, d)?,
                outlet: Some(right_span),
            });
        }
    }
    None
}

fn banner_outlet(line: &Line, rules: &Rules) -> Option<Span> {
    let key = line.key.as_str();
    let n = line.words.len();
    let prefix = rules
        .banner_prefixes
        .iter()
        .find(|p| starts_with_phrase(key, p))?;
    let mut from = 0;
    if !rules.banner_keep_prefixes.contains(prefix) {
        from = prefix.split(' ').count();
    }
    let mut to = n;
    while to > from + 1 && rules.banner_suffixes.contains(&line.words[to - 1].key) {
        to -= 1;
    }
    if to <= from || to - from > rules.banner_max_name_words {
        return None;
    }
    line.words_span(from, to)
}

fn other_words_on_date_line(key: &str, rules: &Rules) -> usize {
    key_words(key)
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| !rules.date_words.contains(*w))
        .filter(|w| {
            let w = w.split('/').next().unwrap_or(w);
            !matches!(
                rules.calendar.get(w),
                Some(
                    CalendarName::Month(_)
                        | CalendarName::HijriMonth(_)
                        | CalendarName::SolarHijriMonth(_)
                        | CalendarName::Weekday(_)
                )
            ) && !rules.calendar.is_name_part(w)
        })
        .count()
}
