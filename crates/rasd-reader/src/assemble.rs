//! From classified lines to articles: metadata at the top, body blocks, headings versus
//! inserted headlines, link lists, and articles appended after the main one.

use std::collections::HashSet;

use rasd_text::Span;

use crate::article::{
    Article, ArticleRole, Block, BlockKind, DropReason, DroppedLine, Field, Published,
};
use crate::keys::line_key;
use crate::lines::{Line, LineKind};
use crate::rules::Rules;

/// How sure we are that a line names the outlet; the strongest source wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum OutletEvidence {
    TitleSuffix = 1,
    Byline = 2,
    /// A copyright notice or a syndication credit.
    Credit = 3,
    Banner = 4,
    SourceLine = 5,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Before the first paragraph: banner, title, subtitle, date, byline.
    Top,
    /// Running text.
    Body,
    /// After a "read also" or related-list header; `after_end` when the article had ended.
    Links { after_end: bool },
    /// After an end marker (source line, tags): the article is over.
    Ended,
}

struct Builder<'r> {
    text: &'r str,
    rules: &'r Rules,
    lines: Vec<Line>,
    articles: Vec<Article>,
    outlet_evidence: Option<OutletEvidence>,
    seen: HashSet<String>,
    /// Headlines seen in the current link list or after the end, newest last.
    headlines: Vec<usize>,
    /// The file carries links to other stories ("read also" lines or lists), so a stray
    /// headline between paragraphs is likely one more of them.
    has_links: bool,
    /// Lines after the last paragraph shaped like other stories' headlines.
    teasers: HashSet<usize>,
    /// The main article's first paragraph has been looked at for an inline dateline.
    dateline_read: bool,
}

/// Read the articles of a decoded text.
pub(crate) fn assemble(text: &str, rules: &Rules) -> Vec<Article> {
    let lines = crate::lines::split_lines(text, rules);
    let mut b = Builder {
        text,
        rules,
        lines,
        articles: vec![Article::new(ArticleRole::Main)],
        outlet_evidence: None,
        seen: HashSet::new(),
        headlines: Vec::new(),
        has_links: false,
        teasers: HashSet::new(),
        dateline_read: false,
    };
    b.teasers = b.trailing_teasers();
    b.has_links = b
        .lines
        .iter()
        .any(|l| matches!(l.kind, LineKind::ReadAlsoLink | LineKind::LinkHeader));
    b.run();
    let mut articles = b.articles;
    // An appended article that ended up without text is not an article.
    articles.retain(|a| a.role == ArticleRole::Main || !a.blocks.is_empty());
    articles
}

impl<'r> Builder<'r> {
    fn current(&mut self) -> &mut Article {
        self.articles
            .last_mut()
            .expect("there is always an article")
    }

    fn drop_line(&mut self, i: usize, reason: DropReason) {
        let span = self.lines[i].span;
        self.current().dropped.push(DroppedLine { span, reason });
    }

    fn field(&self, span: Span) -> Field {
        Field {
            text: span.text(self.text).to_owned(),
            span,
        }
    }

    fn set_outlet(&mut self, span: Span, evidence: OutletEvidence) {
        if self.current().role != ArticleRole::Main {
            return;
        }
        if self.outlet_evidence.is_some_and(|e| e >= evidence) {
            return;
        }
        self.outlet_evidence = Some(evidence);
        let field = self.field(span);
        let en = self.rules.outlet_english(&field.text).map(str::to_owned);
        let article = self.current();
        article.outlet = Some(field);
        article.outlet_en = en;
    }

    /// The byline, unless the name is a desk word ("متابعات", "وكالات") rather than a person.
    fn set_byline(&mut self, name: Span) {
        let field = self.field(name);
        if !self.rules.byline_not_names.contains(&line_key(&field.text)) {
            self.current().byline = Some(field);
        }
    }

    fn run(&mut self) {
        let mut state = State::Top;
        let mut i = 0;
        while i < self.lines.len() {
            state = self.step(i, state);
            if !self.dateline_read
                && self.articles.len() == 1
                && let Some(first) = self.articles[0].blocks.first().copied()
            {
                self.dateline_read = true;
                if first.kind == BlockKind::Paragraph {
                    self.read_inline_dateline(first.span);
                }
            }
            i += 1;
        }
    }

    /// The outlet (and the writer) named by a dateline opening the first paragraph.
    fn read_inline_dateline(&mut self, span: Span) {
        let Some(found) = inline_dateline(span.text(self.text), span.start as usize, self.rules)
        else {
            return;
        };
        if let Some(name) = found.byline
            && self.current().byline.is_none()
        {
            self.set_byline(name);
        }
        self.set_outlet(found.outlet, OutletEvidence::Byline);
    }

    /// A date line that ends with a known outlet ("جدة 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م
    /// واس") names it; place names listed as date words are not outlets.
    fn date_line_outlet(&self, i: usize) -> Option<Span> {
        let line = &self.lines[i];
        let n = line.words.len();
        (1..=3.min(n)).find_map(|k| {
            let words = &line.words[n - k..];
            let key = words
                .iter()
                .map(|w| w.key.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            self.rules
                .is_outlet_not_place(&key)
                .then(|| line.words_span(n - k, n))
                .flatten()
        })
    }

    /// Handle line `i` in `state`; returns the next state.
    fn step(&mut self, i: usize, state: State) -> State {
        let kind = self.lines[i].kind.clone();
        if state == State::Body && self.teasers.contains(&i) {
            self.drop_line(i, DropReason::Teaser);
            return state;
        }
        // Lines that mean the same in every state.
        match kind {
            LineKind::Blank => return state,
            LineKind::Prompt => {
                self.drop_line(i, DropReason::Prompt);
                return state;
            }
            LineKind::Share => {
                self.drop_line(i, DropReason::Share);
                return state;
            }
            LineKind::Caption { heading } => {
                self.drop_line(i, DropReason::Caption);
                // A section heading glued after the caption starts a section of the body.
                if let Some(span) = heading
                    && state == State::Body
                    && !self.section_below(i).is_empty()
                {
                    self.current().blocks.push(Block {
                        kind: BlockKind::Heading,
                        span,
                    });
                }
                return state;
            }
            LineKind::Link => {
                self.drop_line(i, DropReason::Link);
                return state;
            }
            LineKind::Dateline { outlet } => {
                self.drop_line(i, DropReason::Dateline);
                self.set_outlet(outlet, OutletEvidence::Byline);
                return state;
            }
            LineKind::Breadcrumb => {
                self.drop_line(i, DropReason::Navigation);
                return state;
            }
            LineKind::Section if state == State::Top => {
                self.drop_line(i, DropReason::Navigation);
                return state;
            }
            LineKind::Timestamp => {
                self.drop_line(i, DropReason::DateLine);
                return state;
            }
            LineKind::ReadAlsoLink => {
                self.drop_line(i, DropReason::ReadAlso);
                return state;
            }
            LineKind::Source { outlet } => {
                self.drop_line(i, DropReason::SourceLine);
                self.set_outlet(outlet, OutletEvidence::SourceLine);
                return self.after_end_marker(state);
            }
            LineKind::Tags => {
                self.drop_line(i, DropReason::Tags);
                return self.after_end_marker(state);
            }
            LineKind::Notice => {
                self.drop_line(i, DropReason::Notice);
                return self.after_end_marker(state);
            }
            LineKind::Credit { outlet } => {
                self.drop_line(i, DropReason::Notice);
                self.set_outlet(outlet, OutletEvidence::Credit);
                return self.after_end_marker(state);
            }
            LineKind::LinkHeader => {
                self.drop_line(i, DropReason::RelatedList);
                self.headlines.clear();
                return State::Links {
                    after_end: matches!(state, State::Ended | State::Links { after_end: true }),
                };
            }
            LineKind::DateLine { date }
                if self.current().published.is_none() && !matches!(state, State::Links { .. }) =>
            {
                let span = self.lines[i].span;
                self.current().published = Some(Published {
                    date: date.iso(),
                    text: Some(span.text(self.text).to_owned()),
                    span: Some(span),
                });
                self.drop_line(i, DropReason::DateLine);
                if let Some(outlet) = self.date_line_outlet(i) {
                    self.set_outlet(outlet, OutletEvidence::Byline);
                }
                return state;
            }
            _ => {}
        }
        match state {
            State::Top => self.top_line(i, kind),
            State::Body => self.body_line(i, kind),
            State::Links { after_end } => self.link_line(i, after_end),
            State::Ended => self.ended_line(i),
        }
    }

    fn after_end_marker(&mut self, state: State) -> State {
        match state {
            // Metadata lines at the very top do not end anything.
            State::Top => State::Top,
            _ => State::Ended,
        }
    }

    fn top_line(&mut self, i: usize, kind: LineKind) -> State {
        match kind {
            LineKind::Banner { outlet } => {
                self.drop_line(i, DropReason::Banner);
                self.set_outlet(outlet, OutletEvidence::Banner);
                return State::Top;
            }
            LineKind::Byline { name, outlet } if self.current().byline.is_none() => {
                self.set_byline(name);
                if let Some(o) = outlet {
                    self.set_outlet(o, OutletEvidence::Byline);
                }
                self.drop_line(i, DropReason::Byline);
                return State::Top;
            }
            _ => {}
        }
        if self.repeats(i) {
            self.drop_line(i, DropReason::Repeated);
            return State::Top;
        }
        if self.current().title.is_some()
            && self.current().blocks.is_empty()
            && let Some((name, outlet)) = self.credit_line(i)
        {
            if self.current().byline.is_none() {
                self.set_byline(name);
            }
            if let Some(outlet) = outlet {
                self.set_outlet(outlet, OutletEvidence::Byline);
            }
            self.drop_line(i, DropReason::Byline);
            return State::Top;
        }
        let line = &self.lines[i];
        // Titles and subtitles do not end with a full stop; running text does, or is long.
        let n = line.word_count();
        let headline_like =
            (!line.ends_sentence || line.ends_question) && !line.ends_colon && !line.ends_comma;
        // Titles may exclaim ("… تفاؤل مفرط!!"); subtitles and lead paragraphs are held to
        // the stricter test.
        let title_like = headline_like || (line.ends_exclamation && !line.ends_colon);
        let key = line.key.clone();
        if title_like
            && n <= self.rules.title_max_words
            && self.current().title.is_none()
            && self.current().blocks.is_empty()
        {
            let (title, outlet) = self.split_title(i);
            self.current().title = Some(self.field(title));
            if let Some(o) = outlet {
                self.set_outlet(o, OutletEvidence::TitleSuffix);
            }
            self.seen.insert(key);
            self.seen.insert(line_key(title.text(self.text)));
            self.drop_line(i, DropReason::Title);
            return State::Top;
        }
        if headline_like
            && n <= self.rules.subtitle_max_words
            && self.current().title.is_some()
            && self.current().subtitle.is_none()
            && self.current().blocks.is_empty()
            && self.metadata_follows(i)
        {
            let span = self.lines[i].span;
            self.current().subtitle = Some(self.field(span));
            self.seen.insert(key);
            self.drop_line(i, DropReason::Subtitle);
            return State::Top;
        }
        // A further line before the text: a short one heads the first section, a longer one
        // is the lead paragraph (some sites write it without a full stop).
        if n > self.rules.body.short_heading_words {
            let span = self.lines[i].span;
            self.current().blocks.push(Block {
                kind: BlockKind::Paragraph,
                span,
            });
            return State::Body;
        }
        self.body_line(i, kind)
    }

    /// A credit line under the title: "Name - Outlet" or "Name | Outlet" of a few words on each
    /// side, with no sentence punctuation, digits or quotes. The side that names the outlet
    /// found elsewhere in the file is the outlet; failing that, a name of two to four words
    /// before the mark is a writer's, and what follows may be an outlet or a place ("صقر خالد –
    /// جدة"), so it names nothing (one word before the mark is a place: the line is left alone).
    fn credit_line(&self, i: usize) -> Option<(Span, Option<Span>)> {
        let line = &self.lines[i];
        if line.kind != LineKind::Text
            || line.ends_sentence
            || line.ends_colon
            || line.word_count() > 8
            || line
                .key
                .chars()
                .any(|c| c.is_ascii_digit() || "\"«»“”():،,".contains(c))
        {
            return None;
        }
        let marks: Vec<usize> = (0..line.words.len())
            .filter(|&j| matches!(line.words[j].key.as_str(), "-" | "–" | "—" | "|"))
            .collect();
        let [d] = marks[..] else { return None };
        let side = |from: usize, to: usize| {
            let words = &line.words[from..to];
            let key = words
                .iter()
                .map(|w| w.key.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            (words.len(), key, line.words_span(from, to))
        };
        let (nl, left, left_span) = side(0, d);
        let (nr, right, right_span) = side(d + 1, line.words.len());
        let (left_span, right_span) = (left_span?, right_span?);
        if !(1..=4).contains(&nl) || !(1..=4).contains(&nr) {
            return None;
        }
        let outlet = self.current_outlet_key();
        let names = |k: &str| {
            outlet
                .as_deref()
                .is_some_and(|o| o == k || o.contains(k) || k.contains(o))
                || self.rules.outlets.contains_key(k)
        };
        if names(&right) {
            return Some((left_span, Some(right_span)));
        }
        if names(&left) {
            return Some((right_span, Some(left_span)));
        }
        (nl >= 2).then_some((left_span, None))
    }

    /// Page layouts put the subtitle between the title and the date or byline (and some
    /// repeat it there): a second headline-like line is a subtitle only when such a line
    /// follows before the text starts.
    fn metadata_follows(&self, i: usize) -> bool {
        let key = &self.lines[i].key;
        for line in &self.lines[i + 1..] {
            match &line.kind {
                LineKind::DateLine { .. } | LineKind::Byline { .. } => return true,
                LineKind::Text if &line.key == key => return true,
                LineKind::Text | LineKind::Bullet => return false,
                _ => {}
            }
        }
        false
    }

    fn body_line(&mut self, i: usize, kind: LineKind) -> State {
        if matches!(kind, LineKind::Byline { .. }) && self.only_trailer_follows(i) {
            if let LineKind::Byline { name, outlet } = kind
                && self.current().byline.is_none()
            {
                self.set_byline(name);
                if let Some(o) = outlet {
                    self.set_outlet(o, OutletEvidence::Byline);
                }
            }
            self.drop_line(i, DropReason::Byline);
            return State::Body;
        }
        if self.repeats(i) {
            self.drop_line(i, DropReason::Repeated);
            return State::Body;
        }
        let line = &self.lines[i];
        let span = line.span;
        if kind == LineKind::Bullet
            || line.is_paragraph(self.rules)
            || !self.is_heading_candidate(i)
            || self.in_list_run(i)
        {
            self.current().blocks.push(Block {
                kind: BlockKind::Paragraph,
                span,
            });
        } else if self.heading_fits_section(i) {
            self.current().blocks.push(Block {
                kind: BlockKind::Heading,
                span,
            });
        } else if self.looks_inserted(i) {
            self.drop_line(i, DropReason::InsertedHeadline);
        } else {
            self.current().blocks.push(Block {
                kind: BlockKind::Paragraph,
                span,
            });
        }
        State::Body
    }

    /// A line repeats the title, the subtitle or the line just before it.
    fn repeats(&self, i: usize) -> bool {
        let key = &self.lines[i].key;
        self.seen.contains(key)
            || self.lines[..i]
                .iter()
                .rev()
                .find(|l| l.kind != LineKind::Blank)
                .is_some_and(|prev| &prev.key == key)
    }

    /// A headline that does not fit its section is dropped as another story's headline only
    /// with evidence that the file carries such links: "read also" links elsewhere, or another
    /// short line next to it (related headlines come in small runs).
    fn looks_inserted(&self, i: usize) -> bool {
        if self.has_links {
            return true;
        }
        // Score and fixture lines come in runs too; headlines carry few digits.
        let headline = |l: &Line| {
            l.kind == LineKind::Text
                && !l.is_paragraph(self.rules)
                && self.is_heading_candidate_line(l)
                && l.word_count() > self.rules.body.short_heading_words
                && !l.key.bytes().any(|b| b.is_ascii_digit())
        };
        if !headline(&self.lines[i]) {
            return false;
        }
        let short_neighbour = |l: Option<&Line>| l.is_some_and(headline);
        let prev = self.lines[..i]
            .iter()
            .rev()
            .find(|l| l.kind != LineKind::Blank);
        let next = self.lines[i + 1..]
            .iter()
            .find(|l| l.kind != LineKind::Blank);
        short_neighbour(prev) || short_neighbour(next)
    }

    fn link_line(&mut self, i: usize, after_end: bool) -> State {
        let line = &self.lines[i];
        if line.kind == LineKind::Bullet || !line.is_paragraph(self.rules) {
            self.headlines.push(i);
            self.drop_line(i, DropReason::RelatedList);
            return State::Links { after_end };
        }
        // Text again: either an appended article under the last headline, or the same
        // article going on after a box of links.
        let following = self.paragraphs_from(i);
        let titled = self.headlines.len() == 1
            && self.title_overlap(self.headlines[0], i) >= self.rules.body.min_title_overlap;
        if following >= self.rules.body.min_related_paragraphs && (after_end || titled) {
            self.start_related();
            return self.body_line(i, LineKind::Text);
        }
        if after_end {
            self.drop_line(i, DropReason::Stray);
            return State::Links { after_end };
        }
        self.headlines.clear();
        self.body_line(i, LineKind::Text)
    }

    fn ended_line(&mut self, i: usize) -> State {
        let line = &self.lines[i];
        if !line.is_paragraph(self.rules) {
            self.headlines.push(i);
            self.drop_line(i, DropReason::Stray);
            return State::Ended;
        }
        if self.paragraphs_from(i) >= self.rules.body.min_related_paragraphs {
            self.start_related();
            return self.body_line(i, LineKind::Text);
        }
        self.drop_line(i, DropReason::Stray);
        State::Ended
    }

    /// Begin an appended article, titled by the last headline seen, if any.
    fn start_related(&mut self) {
        let title_line = self.headlines.last().copied();
        let mut article = Article::new(ArticleRole::Related);
        if let Some(t) = title_line {
            let span = self.lines[t].span;
            // The headline now belongs to the new article, as its title.
            let prev = self.current();
            prev.dropped.retain(|d| d.span != span);
            article.title = Some(self.field(span));
            article.dropped.push(DroppedLine {
                span,
                reason: DropReason::Title,
            });
        }
        self.articles.push(article);
        self.seen.clear();
        self.headlines.clear();
    }

    /// Number of paragraph lines from `i` on, up to the next link header or end marker
    /// (noise lines in between are skipped, a short text line ends the run).
    fn paragraphs_from(&self, i: usize) -> usize {
        let mut count = 0;
        for line in &self.lines[i..] {
            match line.kind {
                LineKind::Blank
                | LineKind::Prompt
                | LineKind::Share
                | LineKind::Caption { .. }
                | LineKind::Link
                | LineKind::ReadAlsoLink
                | LineKind::DateLine { .. } => {}
                LineKind::Text if line.is_paragraph(self.rules) => count += 1,
                LineKind::Text if self.is_heading_candidate_line(line) => {}
                _ => break,
            }
        }
        count
    }

    /// Only noise or end markers follow line `i` up to the end of the article.
    fn only_trailer_follows(&self, i: usize) -> bool {
        self.lines[i + 1..].iter().all(|l| {
            !matches!(l.kind, LineKind::Text | LineKind::Bullet) || !l.is_paragraph(self.rules)
        }) || {
            let next = self.lines[i + 1..]
                .iter()
                .find(|l| l.kind != LineKind::Blank);
            next.is_none_or(|l| {
                matches!(
                    l.kind,
                    LineKind::Source { .. }
                        | LineKind::Tags
                        | LineKind::Notice
                        | LineKind::Credit { .. }
                        | LineKind::LinkHeader
                )
            })
        }
    }

    /// Headlines of other stories appended after the article's last paragraph without a
    /// marker: walking back from the end over noise lines, the headline-shaped lines up to the
    /// last paragraph, when there are fewer of them than a list or a poem has.
    fn trailing_teasers(&self) -> HashSet<usize> {
        let body = &self.rules.body;
        let mut found = HashSet::new();
        if body.teaser_max_words == 0 {
            return found;
        }
        let mut paragraph_before = false;
        for (i, line) in self.lines.iter().enumerate().rev() {
            if !matches!(line.kind, LineKind::Text | LineKind::Bullet) {
                continue;
            }
            if self.is_teaser_shaped(line) {
                found.insert(i);
            } else if line.word_count() < body.teaser_min_words && !line.ends_sentence {
                // A word or two (a caption's name, a signature) neither counts nor stops.
            } else {
                paragraph_before = line.is_paragraph(self.rules);
                break;
            }
        }
        // Longer runs are lists or verse, unless the file shows it carries links to other
        // stories and the lines are headline-long (verse and fixture lines are shorter).
        let long_run_ok = self.has_links
            && found.len() <= body.teaser_max_run
            && found
                .iter()
                .map(|&i| self.lines[i].word_count())
                .sum::<usize>()
                >= body.teaser_run_mean_words * found.len();
        if !paragraph_before || (found.len() >= body.min_list_run && !long_run_ok) {
            found.clear();
        }
        found
    }

    /// A line that reads as a headline: a few words, no sentence punctuation (a question or
    /// an exclamation is fine), no inner "،", not a numbered item, not opening running text,
    /// not a quotation standing alone.
    fn is_teaser_shaped(&self, line: &Line) -> bool {
        let body = &self.rules.body;
        let n = line.word_count();
        let raw = line.span.text(self.text);
        let quoted = raw.starts_with(['«', '"', '“']) && raw.ends_with(['»', '"', '”']);
        (body.teaser_min_words..=body.teaser_max_words).contains(&n)
            && (!line.ends_sentence || line.ends_question || line.ends_exclamation)
            && !line.ends_colon
            && !line.ends_comma
            && !line.key.contains(['،', ','])
            && !quoted
            && !crate::lines::is_numbered_item(raw)
            && !line.words.first().is_some_and(|w| {
                self.rules.body_openers.contains(&w.key) || opens_with_conjoined_verb(&w.key)
            })
    }

    fn is_heading_candidate(&self, i: usize) -> bool {
        self.is_heading_candidate_line(&self.lines[i])
    }

    fn is_heading_candidate_line(&self, line: &Line) -> bool {
        let n = line.word_count();
        let opener = line.words.first().is_some_and(|w| {
            self.rules.body_openers.contains(&w.key) || opens_with_conjoined_verb(&w.key)
        });
        n >= 1
            && n <= self.rules.body.max_heading_words
            && !line.ends_colon
            && !line.ends_comma
            && !opener
            && {
                // A question is a fine heading; a full stop is not.
                let tail = line
                    .span
                    .text(self.text)
                    .trim_end_matches(['"', '”', '»', ')', '\'']);
                !line.ends_sentence || tail.ends_with(['?', '؟', '!'])
            }
    }

    /// Is line `i` one of a run of short lines long enough to be a list or verse?
    fn in_list_run(&self, i: usize) -> bool {
        let short = |l: &Line| {
            l.kind == LineKind::Blank
                || (matches!(l.kind, LineKind::Text | LineKind::Bullet)
                    && !l.is_paragraph(self.rules))
        };
        let counted = |l: &Line| l.kind != LineKind::Blank;
        let before = self.lines[..i]
            .iter()
            .rev()
            .take_while(|l| short(l))
            .filter(|l| counted(l))
            .count();
        let after = self.lines[i + 1..]
            .iter()
            .take_while(|l| short(l))
            .filter(|l| counted(l))
            .count();
        before + 1 + after >= self.rules.body.min_list_run
    }

    /// Is the short line `i` a heading of the text below it, rather than the headline of
    /// another story inserted between paragraphs?
    fn heading_fits_section(&self, i: usize) -> bool {
        let line = &self.lines[i];
        let section = self.section_below(i);
        if section.is_empty() {
            return false;
        }
        if line.word_count() <= self.rules.body.short_heading_words {
            return true;
        }
        let stems = line.content_stems(self.rules);
        if stems.is_empty() {
            return true;
        }
        let below: HashSet<String> = section
            .iter()
            .flat_map(|&j| self.lines[j].content_stems(self.rules))
            .collect();
        let shared = stems.iter().filter(|s| below.contains(*s)).count();
        shared as f32 / stems.len() as f32 >= self.rules.body.min_heading_overlap
    }

    /// Paragraphs under line `i` up to the next heading candidate.
    fn section_below(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for (j, line) in self.lines.iter().enumerate().skip(i + 1) {
            match line.kind {
                LineKind::Text | LineKind::Bullet => {
                    if line.is_paragraph(self.rules) {
                        out.push(j);
                        if out.len() >= self.rules.body.heading_section_paragraphs {
                            break;
                        }
                    } else if self.is_heading_candidate_line(line) {
                        break;
                    }
                }
                LineKind::Blank
                | LineKind::Prompt
                | LineKind::Share
                | LineKind::Caption { .. }
                | LineKind::Link
                | LineKind::ReadAlsoLink => {}
                _ => break,
            }
        }
        out
    }

    /// Share of the content words of headline `h` found in the paragraphs from `i`.
    fn title_overlap(&self, h: usize, i: usize) -> f32 {
        let stems = self.lines[h].content_stems(self.rules);
        if stems.is_empty() {
            return 0.0;
        }
        let below: HashSet<String> = self.lines[i..]
            .iter()
            .filter(|l| l.kind == LineKind::Text && l.is_paragraph(self.rules))
            .take(2)
            .flat_map(|l| l.content_stems(self.rules))
            .collect();
        stems.iter().filter(|s| below.contains(*s)).count() as f32 / stems.len() as f32
    }

    /// Split an outlet name off a title ("… . النهار الإخباري", "… | الجزيرة نت").
    fn split_title(&self, i: usize) -> (Span, Option<Span>) {
        let line = &self.lines[i];
        let raw = line.span.text(self.text);
        for sep in &self.rules.title_separators {
            let Some(at) = raw.rfind(sep.as_str()) else {
                continue;
            };
            let head = raw[..at].trim_end();
            let tail = raw[at + sep.len()..].trim();
            let tail_key = line_key(tail);
            let tail_words = tail_key.split(' ').count();
            if tail.is_empty()
                || head.split_whitespace().count() < 2
                || tail_words > self.rules.title_max_suffix_words
            {
                continue;
            }
            let last_word = tail_key.rsplit(' ').next().unwrap_or("");
            // A site's name: after a pipe; after a dash when short and not a label such as
            // "فيديو" (a name holds no digit or quote mark and ends in a letter).
            let plain_name = !tail.chars().any(|c| "\"'«»“”()[]{}".contains(c))
                && tail.starts_with(|c: char| c.is_alphabetic())
                && tail.ends_with(char::is_alphanumeric)
                && !self.rules.title_labels.contains(&tail_key);
            let looks_like_outlet = self.rules.banner_suffixes.iter().any(|s| s == last_word)
                || self.rules.outlets.contains_key(&tail_key)
                || self.current_outlet_key().is_some_and(|o| {
                    o == tail_key || tail_key.contains(&o) || o.contains(&tail_key)
                })
                || (plain_name && self.rules.title_free_separators.contains(sep))
                || (plain_name
                    && matches!(sep.trim(), "-" | "–" | "—")
                    && tail_words <= self.rules.title_dash_suffix_words);
            if !looks_like_outlet {
                continue;
            }
            let start = line.span.start as usize;
            let head_span = Span::new(start, start + head.len());
            let tail_start = start
                + at
                + sep.len()
                + (raw[at + sep.len()..].len() - raw[at + sep.len()..].trim_start().len());
            // The outlet without a descriptor word at its end ("النهار الإخباري" → "النهار").
            let mut tail_text = tail;
            while let Some((rest, last)) = tail_text.rsplit_once(char::is_whitespace) {
                if self.rules.banner_suffixes.contains(&line_key(last)) {
                    tail_text = rest.trim_end();
                } else {
                    break;
                }
            }
            return (
                head_span,
                Some(Span::new(tail_start, tail_start + tail_text.len())),
            );
        }
        (line.span, None)
    }

    fn current_outlet_key(&self) -> Option<String> {
        self.articles[0].outlet.as_ref().map(|o| line_key(&o.text))
    }
}

/// What an inline dateline at the head of a paragraph names.
#[derive(Debug, PartialEq)]
struct InlineDateline {
    outlet: Span,
    byline: Option<Span>,
}

/// An inline dateline opening the paragraph `raw` (at byte `base` of the file): "Place، Country
/// (Outlet) – …", "(Outlet)-- …", or dash-separated parts before a colon ("Outlet- Place: …",
/// "Name- Outlet- Place: …", "Name- Outlet: …"). See `[inline_dateline]` in `rules.toml`.
fn inline_dateline(raw: &str, base: usize, rules: &Rules) -> Option<InlineDateline> {
    let max = rules.dateline_max_words;
    if max == 0 {
        return None;
    }
    let words = |s: &str| {
        s.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    };
    let trimmed = |from: usize, to: usize| {
        let piece = &raw[from..to];
        let lead = piece.len() - piece.trim_start().len();
        let piece = piece.trim();
        (!piece.is_empty()).then(|| Span::new(base + from + lead, base + from + lead + piece.len()))
    };
    // "… (Outlet) –"
    if let Some(open) = raw.find('(')
        && let Some(close) = raw[open..].find(')').map(|c| open + c)
        && words(&raw[..open]) <= max
        && !raw[..open].contains(['.', ':', '"', '«', '»', '!', '؟', '?'])
        && (raw[close + 1..]
            .trim_start()
            .starts_with(['-', '–', '—', ':'])
            || raw[..open].trim_end().ends_with(['-', '–', '—']))
    {
        let inner = &raw[open + 1..close];
        let key = line_key(inner);
        let named = (1..=3).contains(&words(inner))
            && inner.chars().any(char::is_alphabetic)
            && !rules
                .dateline_not_names
                .iter()
                .any(|p| crate::keys::starts_with_phrase(&key, p) || key.starts_with(p.as_str()));
        if named {
            return Some(InlineDateline {
                outlet: trimmed(open + 1, close)?,
                byline: None,
            });
        }
        return None;
    }
    // "Name- Outlet- Place:"
    let colon = raw.find([':', '：'])?;
    let head = &raw[..colon];
    if words(head) > max
        || head.contains(['،', ',', '.', '(', ')', '"', '«', '»'])
        || head
            .chars()
            .any(|c| c.is_ascii_digit() || ('٠'..='٩').contains(&c))
    {
        return None;
    }
    let mut parts = Vec::new();
    let mut from = 0;
    for (at, c) in head.char_indices() {
        // A tatweel standing beside a space is a dash ("سبق ـ أبها"); inside a word it is not.
        let spaced_tatweel = c == 'ـ'
            && (head[..at].ends_with(char::is_whitespace)
                || head[at + c.len_utf8()..].starts_with(char::is_whitespace));
        if matches!(c, '-' | '–' | '—') || spaced_tatweel {
            parts.push((from, at));
            from = at + c.len_utf8();
        }
    }
    parts.push((from, head.len()));
    let parts: Vec<(usize, usize)> = parts
        .into_iter()
        .filter(|&(a, b)| words(&raw[a..b]) > 0)
        .collect();
    if parts.iter().any(|&(a, b)| words(&raw[a..b]) > 4) {
        return None;
    }
    // A known outlet that is also a place of the date lines ("الرياض") is taken for the place.
    let known = |(a, b): (usize, usize)| {
        let key = line_key(&raw[a..b]);
        rules.is_outlet_not_place(&key)
    };
    let writer = |(a, b): (usize, usize)| (words(&raw[a..b]) >= 2).then(|| trimmed(a, b)).flatten();
    match parts[..] {
        [p1, p2, _] if words(&raw[p2.0..p2.1]) <= 3 => Some(InlineDateline {
            outlet: trimmed(p2.0, p2.1)?,
            byline: writer(p1),
        }),
        [p1, p2] if known(p1) && !known(p2) => Some(InlineDateline {
            outlet: trimmed(p1.0, p1.1)?,
            byline: None,
        }),
        [p1, p2] if known(p2) && !known(p1) => Some(InlineDateline {
            outlet: trimmed(p2.0, p2.1)?,
            byline: writer(p1),
        }),
        _ => None,
    }
}

/// "وتساءل", "ويضيف", "ونقل": «و» glued to an imperfect or a t-/n- form opens running text
/// (survey rule `^[وف][يتن]…`, kept to «و»: «في» opens names and nouns, «فيصل», «فيلم»);
/// "وزير", "واشنطن", "وفاة" do not match.
fn opens_with_conjoined_verb(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next() == Some('و')
        && matches!(chars.next(), Some('ي' | 'ت' | 'ن'))
        && chars.filter(|c| c.is_alphabetic()).count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::BlockKind;

    const P1: &str = "قال وزير الخارجية إن المحادثات بين البلدين ستستأنف الأسبوع المقبل في العاصمة لبحث ملفات التعاون الاقتصادي والأمني.";
    const P2: &str = "وأضاف الوزير أن الجانبين اتفقا على تشكيل لجنة مشتركة لمتابعة تنفيذ الاتفاقات الموقعة خلال الزيارة الأخيرة للرئيس.";
    const P3: &str = "وتأتي هذه الخطوة بعد أشهر من التوتر في العلاقات بين البلدين على خلفية الخلاف حول الحدود والمياه والتجارة البينية.";

    fn read(text: &str) -> Vec<Article> {
        assemble(text, Rules::bundled())
    }

    fn dropped(a: &Article, text: &str) -> Vec<(DropReason, String)> {
        a.dropped
            .iter()
            .map(|d| (d.reason, d.span.text(text).to_owned()))
            .collect()
    }

    #[test]
    fn title_with_outlet_suffix_and_banner() {
        let text = format!(
            "موقع الأنباء اليومية الإخباري\n\nوزير الخارجية يعلن استئناف المحادثات | الأنباء اليومية\n{P1}\n{P2}\n"
        );
        let a = &read(&text)[0];
        assert_eq!(
            a.title.as_ref().unwrap().text,
            "وزير الخارجية يعلن استئناف المحادثات"
        );
        assert_eq!(a.outlet.as_ref().unwrap().text, "الأنباء اليومية");
        assert_eq!(a.blocks.len(), 2);
    }

    #[test]
    fn source_line_names_the_outlet_and_ends_the_article() {
        let text = format!("{P1}\n{P2}\nالمصدر: الجزيرة\nكلمات دلالية: روسيا، الصين\n");
        let arts = read(&text);
        assert_eq!(arts.len(), 1);
        let a = &arts[0];
        assert!(
            a.title.is_none(),
            "a first line ending in a full stop is text, not a title"
        );
        assert_eq!(a.outlet.as_ref().unwrap().text, "الجزيرة");
        assert_eq!(a.outlet_en.as_deref(), Some("Al Jazeera"));
        assert_eq!(
            dropped(a, &text).iter().map(|d| d.0).collect::<Vec<_>>(),
            [DropReason::SourceLine, DropReason::Tags]
        );
    }

    #[test]
    fn date_and_byline_lines_at_the_top() {
        let text = format!(
            "عنوان الخبر عن المحادثات\nالخميس 5 كانون الثاني 2023 - 10:15 ص\nكتب: محمد علي\n{P1}\n"
        );
        let a = &read(&text)[0];
        assert_eq!(a.published.as_ref().unwrap().date, "2023-01-05");
        assert_eq!(a.byline.as_ref().unwrap().text, "محمد علي");
        assert_eq!(a.blocks.len(), 1);
    }

    #[test]
    fn outlet_dash_translator_byline() {
        let text = format!("عنوان الخبر عن المحادثات\nالعربية - ترجمة: سارة أحمد\n{P1}\n");
        let a = &read(&text)[0];
        assert_eq!(a.byline.as_ref().unwrap().text, "سارة أحمد");
        assert_eq!(a.outlet.as_ref().unwrap().text, "العربية");
    }

    #[test]
    fn read_also_links_and_prompts_are_dropped() {
        let text = format!(
            "{P1}\nاقرأ أيضا: الرئيس يستقبل وفدا رفيعا من الدولة الجارة\n{P2}\nتابعونا على تطبيق واتساب\n{P3}\n"
        );
        let a = &read(&text)[0];
        assert_eq!(a.blocks.len(), 3);
        assert_eq!(
            dropped(a, &text).iter().map(|d| d.0).collect::<Vec<_>>(),
            [DropReason::ReadAlso, DropReason::Prompt]
        );
    }

    #[test]
    fn a_bare_read_without_separator_is_text() {
        // "اقرأ" opening a sentence is not a marker.
        let text = format!(
            "{P1}\nاقرأ الخبر كاملا في صحيفتنا الورقية غدا لتعرف كل التفاصيل عن المحادثات الجارية بين البلدين.\n"
        );
        let a = &read(&text)[0];
        assert_eq!(a.blocks.len(), 2);
    }

    #[test]
    fn headings_fit_their_section_and_inserted_headlines_do_not() {
        let inserted = "مهرجان السينما الدولي يفتتح دورته الجديدة بمشاركة واسعة من النجوم";
        let text = format!(
            "{P1}\nلجنة مشتركة لمتابعة الاتفاقات\n{P2}\n{inserted}\n{P3}\nاقرأ أيضا: أسعار النفط ترتفع\n"
        );
        let a = &read(&text)[0];
        let headings: Vec<&str> = a
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Heading)
            .map(|b| b.span.text(&text))
            .collect();
        assert_eq!(headings, ["لجنة مشتركة لمتابعة الاتفاقات"]);
        assert_eq!(
            dropped(a, &text)[0],
            (DropReason::InsertedHeadline, inserted.to_owned())
        );
        assert_eq!(a.body(&text).lines().count(), 3);
        // Without any sign that the file carries links to other stories, the line stays text.
        let text = format!("{P1}\n{P2}\n{inserted}\n{P3}\n");
        let a = &read(&text)[0];
        assert!(a.dropped.is_empty());
        assert_eq!(a.body(&text).lines().count(), 4);
    }

    #[test]
    fn runs_of_short_lines_are_lists_not_headlines() {
        let verse = "قفا نبك من ذكرى حبيب ومنزل بسقط اللوى\nبين الدخول فحومل فتوضح فالمقراة لم يعف رسمها\nلما نسجتها من جنوب وشمأل ترى بعر الآرام\nفي عرصاتها وقيعانها كأنه حب فلفل\nكأني غداة البين يوم تحملوا لدى سمرات الحي";
        let text = format!("{P1}\n{verse}\n{P2}\n");
        let a = &read(&text)[0];
        assert!(a.dropped.is_empty(), "{:?}", dropped(a, &text));
        assert_eq!(a.body(&text).lines().count(), 7);
    }

    #[test]
    fn captions_drop_and_a_glued_heading_is_kept() {
        let text =
            format!("{P1}\nالرئيس خلال لقائه الوفد الزائر في القصر (رويترز) لجنة مشتركة\n{P2}\n");
        let a = &read(&text)[0];
        assert_eq!(dropped(a, &text)[0].0, DropReason::Caption);
        let h: Vec<&str> = a
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Heading)
            .map(|b| b.span.text(&text))
            .collect();
        assert_eq!(h, ["لجنة مشتركة"]);
        // An attribution at the end of a sentence is not a caption.
        let text2 = format!("{P1}\nوأعلنت الوزارة إطلاق برنامج جديد لدعم الصادرات الوطنية (واس).\n");
        assert_eq!(read(&text2)[0].blocks.len(), 2);
    }

    #[test]
    fn appended_article_after_the_end_becomes_related() {
        let text = format!(
            "{P1}\n{P2}\nالمصدر: وكالات\n\nإقرأ أيضاً:\nالحكومة تقر خطة جديدة لدعم الصادرات الوطنية\nأقرت الحكومة خطة جديدة لدعم الصادرات الوطنية خلال اجتماعها الأسبوعي برئاسة رئيس الوزراء أمس.\nوتتضمن الخطة حوافز ضريبية للشركات المصدرة وتسهيلات في الإجراءات الجمركية وتمويلا ميسرا للمشروعات الصغيرة.\nمقالات مشابهة\n• خبر أول عن الاقتصاد الوطني والتجارة الخارجية\n• خبر ثان عن الصادرات\n"
        );
        let arts = read(&text);
        assert_eq!(arts.len(), 2);
        assert_eq!(arts[0].blocks.len(), 2);
        assert_eq!(arts[1].role, ArticleRole::Related);
        assert_eq!(
            arts[1].title.as_ref().unwrap().text,
            "الحكومة تقر خطة جديدة لدعم الصادرات الوطنية"
        );
        assert_eq!(arts[1].blocks.len(), 2);
        assert!(arts[1].outlet.is_none());
    }

    #[test]
    fn a_box_of_links_inside_an_article_does_not_split_it() {
        let text = format!(
            "{P1}\nاقرأ أيضا:\nمهرجان السينما الدولي يفتتح دورته الجديدة\nأسعار النفط ترتفع في الأسواق العالمية\n{P2}\n{P3}\n"
        );
        let arts = read(&text);
        assert_eq!(arts.len(), 1);
        assert_eq!(arts[0].blocks.len(), 3);
    }

    #[test]
    fn repeated_subtitle_is_dropped() {
        let text = format!(
            "عنوان الخبر عن المحادثات\nالبلدان يتفقان على استئناف الحوار\nالبلدان يتفقان على استئناف الحوار\n{P1}\n"
        );
        let a = &read(&text)[0];
        assert_eq!(
            a.subtitle.as_ref().unwrap().text,
            "البلدان يتفقان على استئناف الحوار"
        );
        assert_eq!(dropped(a, &text)[2].0, DropReason::Repeated);
        assert_eq!(a.blocks.len(), 1);
    }

    #[test]
    fn breadcrumbs_section_labels_and_timestamps_are_dropped() {
        let text = format!(
            "الرئيسية » أخبار » عربي ودولي\nعاجل\nعنوان الخبر عن المحادثات\nمنذ 3 ساعات\n{P1}\n"
        );
        let a = &read(&text)[0];
        assert_eq!(a.title.as_ref().unwrap().text, "عنوان الخبر عن المحادثات");
        assert_eq!(
            dropped(a, &text).iter().map(|d| d.0).collect::<Vec<_>>(),
            [
                DropReason::Navigation,
                DropReason::Navigation,
                DropReason::Title,
                DropReason::DateLine
            ]
        );
        assert_eq!(a.blocks.len(), 1);
        assert!(a.published.is_none());
    }

    #[test]
    fn a_place_and_outlet_line_is_a_dateline() {
        let text =
            format!("عنوان الخبر عن المحادثات | سكاي نيوز عربية\nأبوظبي - سكاي نيوز عربية\n{P1}\n");
        let a = &read(&text)[0];
        assert_eq!(a.outlet.as_ref().unwrap().text, "سكاي نيوز عربية");
        assert_eq!(dropped(a, &text)[1].0, DropReason::Dateline);
        assert_eq!(a.blocks.len(), 1);
        // A writer's name before the outlet is a byline.
        let text = format!("عنوان الخبر عن المحادثات\nعمر إبراهيم – عين اليوم\n{P1}\n");
        let a = &read(&text)[0];
        assert_eq!(a.byline.as_ref().unwrap().text, "عمر إبراهيم");
        assert_eq!(a.outlet.as_ref().unwrap().text, "عين اليوم");
    }

    #[test]
    fn syndication_credits_are_dropped() {
        let text = format!("فرانس24/ أ ف ب\n{P1}\n{P2}\n*نقلاً عن الرؤية الإماراتية\n");
        let a = &read(&text)[0];
        assert_eq!(a.blocks.len(), 2);
        assert_eq!(
            dropped(a, &text)
                .iter()
                .filter(|d| d.0 == DropReason::Notice)
                .count(),
            2
        );
        // A sentence opening with the same words is text.
        let text2 = format!(
            "{P1}\nنقلا عن مصادر مطلعة، أكدت الصحيفة أن المفاوضات ستستأنف الأسبوع المقبل في العاصمة.\n"
        );
        assert_eq!(read(&text2)[0].blocks.len(), 2);
    }

    #[test]
    fn url_and_share_rows_are_dropped() {
        let text = format!("{P1}\nhttps://example.com/news/123\nشارك فيسبوك تويتر واتساب\n{P2}\n");
        let a = &read(&text)[0];
        assert_eq!(
            dropped(a, &text).iter().map(|d| d.0).collect::<Vec<_>>(),
            [DropReason::Link, DropReason::Share]
        );
    }

    // Issue 13, item 6: shapes of saved pages from outlets the reader never saw. The texts are
    // invented; the shapes come from the corpus survey (notes/reader-survey.md).

    #[test]
    fn issue_13_teasers_after_the_last_paragraph_are_dropped() {
        let t1 = "مهرجان السينما الدولي يفتتح دورته الجديدة بمشاركة واسعة";
        let t2 = "أسعار النفط ترتفع في الأسواق العالمية للمرة الثالثة";
        let text = format!("{P1}\n\n{P2}\n\n{P3}\n\n{t1}\n\n{t2}\n");
        let a = &read(&text)[0];
        assert_eq!(a.blocks.len(), 3);
        assert_eq!(
            dropped(a, &text),
            [
                (DropReason::Teaser, t1.to_owned()),
                (DropReason::Teaser, t2.to_owned())
            ]
        );
        // A closing line that goes on a sentence ("،") or is numbered stays text.
        let last = "وفي الختام، شكر الوزير جميع المشاركين في الاجتماع";
        let text = format!("{P1}\n{P2}\n{last}\n");
        assert_eq!(read(&text)[0].blocks.len(), 3);
        // Nor does a closing question that opens like running text.
        let last = "وتساءل الوزير عن موعد بدء المرحلة الثانية من المشروع؟";
        let text = format!("{P1}\n{P2}\n{last}\n");
        assert_eq!(read(&text)[0].blocks.len(), 3);
    }

    #[test]
    fn issue_13_a_run_of_verse_after_the_text_stays() {
        let verse = "قفا نبك من ذكرى حبيب ومنزل بسقط اللوى\nبين الدخول فحومل فتوضح فالمقراة\nلما نسجتها من جنوب وشمأل ترى\nفي عرصاتها وقيعانها كأنه حب فلفل\nكأني غداة البين يوم تحملوا لدى سمرات";
        let text = format!("{P1}\n{P2}\n{verse}\n");
        let a = &read(&text)[0];
        assert!(a.dropped.is_empty(), "{:?}", dropped(a, &text));
    }

    #[test]
    fn issue_13_more_links_need_a_separator() {
        let link = "للمزيد: الحكومة تقر خطة جديدة لدعم الصادرات";
        let prose = "للمزيد من الدعم أعلنت الحكومة برنامجا جديدا لتمويل المشروعات الصغيرة والمتوسطة في المحافظات.";
        let text = format!("{P1}\n{link}\n{P2}\n{prose}\n");
        let a = &read(&text)[0];
        assert_eq!(dropped(a, &text), [(DropReason::ReadAlso, link.to_owned())]);
        assert_eq!(a.blocks.len(), 3);
    }

    #[test]
    fn issue_13_copyright_and_syndication_name_the_outlet() {
        let text = format!("{P1}\n{P2}\n© 2024 صدى المدينة. جميع الحقوق محفوظة\n");
        let a = &read(&text)[0];
        assert_eq!(a.outlet.as_ref().unwrap().text, "صدى المدينة");
        let text = format!("{P1}\n{P2}\n**حقوق النشر محفوظة لمجلة الأفق، الدار الوطنية\n");
        let a = &read(&text)[0];
        assert_eq!(a.outlet.as_ref().unwrap().text, "مجلة الأفق");
        assert_eq!(a.blocks.len(), 2);
        let text = format!("{P1}\n{P2}\n*نقلاً عن النهار الجديدة\n");
        assert_eq!(
            read(&text)[0].outlet.as_ref().unwrap().text,
            "النهار الجديدة"
        );
    }

    #[test]
    fn issue_13_titles_exclaim_and_carry_a_site_name() {
        let text = format!("الفريق يعود إلى الصدارة!!\n{P1}\n");
        assert_eq!(
            read(&text)[0].title.as_ref().unwrap().text,
            "الفريق يعود إلى الصدارة!!"
        );
        let text = format!("الفريق يعود إلى الصدارة – صدى المدينة 24\n{P1}\n");
        let a = &read(&text)[0];
        assert_eq!(a.title.as_ref().unwrap().text, "الفريق يعود إلى الصدارة");
        assert_eq!(a.outlet.as_ref().unwrap().text, "صدى المدينة 24");
        // A label is not a site.
        let text = format!("الفريق يعود إلى الصدارة - فيديو\n{P1}\n");
        let a = &read(&text)[0];
        assert_eq!(
            a.title.as_ref().unwrap().text,
            "الفريق يعود إلى الصدارة - فيديو"
        );
        assert!(a.outlet.is_none());
    }

    #[test]
    fn issue_13_byline_layouts() {
        for (line, name) in [
            ("كتب - سالم الحربي", Some("سالم الحربي")),
            ("حرر بواسطة سالم الحربي", Some("سالم الحربي")),
            ("سالم الحربي | صدى المدينة", Some("سالم الحربي")),
            ("صدى المدينة – متابعات", None),
        ] {
            // Without the outlet elsewhere, the side after a name may be a place.
            let text = format!("عنوان الخبر عن المحادثات\n{line}\n{P1}\n");
            let a = &read(&text)[0];
            if line.contains('|') {
                assert_eq!(a.byline.as_ref().map(|f| f.text.as_str()), name, "{line}");
                assert!(a.outlet.is_none(), "{line}");
            }
            let text = format!("عنوان الخبر عن المحادثات | صدى المدينة\n{line}\n{P1}\n");
            let a = &read(&text)[0];
            assert_eq!(a.byline.as_ref().map(|f| f.text.as_str()), name, "{line}");
            assert_eq!(a.outlet.as_ref().unwrap().text, "صدى المدينة", "{line}");
            assert_eq!(a.blocks.len(), 1, "{line}");
        }
    }

    #[test]
    fn issue_13_inline_datelines_name_the_outlet() {
        let body =
            "توقعت الحكومة نمو الاقتصاد بنسبة ثلاثة في المائة خلال العام المقبل بفضل ارتفاع الصادرات.";
        for (head, outlet, byline) in [
            ("المنامة، البحرين (صدى نت) – ", "صدى نت", None),
            ("(صدى نت)-- ", "صدى نت", None),
            ("المنامة، البحرين - (صدى نت) ", "صدى نت", None),
            ("سبق- المنامة: ", "سبق", None),
            ("سبق ـ المنامة: ", "سبق", None),
            (
                "سالم الحربي- صدى نت- المنامة: ",
                "صدى نت",
                Some("سالم الحربي"),
            ),
            ("سالم الحربي- سبق: ", "سبق", Some("سالم الحربي")),
        ] {
            let text = format!("عنوان الخبر عن الاقتصاد\n\n{head}{body}\n{P2}\n");
            let a = &read(&text)[0];
            assert_eq!(
                a.outlet.as_ref().map(|f| f.text.as_str()),
                Some(outlet),
                "{head}"
            );
            assert_eq!(a.byline.as_ref().map(|f| f.text.as_str()), byline, "{head}");
            // The dateline stays in the text.
            assert!(a.body(&text).starts_with(head.trim_end()), "{head}");
        }
        // A photographer's credit, a parenthesis further in, or two parts neither of which is
        // a known outlet name nothing.
        for head in [
            "المنامة (تصوير: سالم الحربي) – ",
            "قال وزير المالية في مؤتمر صحفي عقده أمس بمقر الوزارة في العاصمة (المنامة) - ",
            "سالم الحربي- المنامة: ",
        ] {
            let text = format!("عنوان الخبر عن الاقتصاد\n\n{head}{body}\n{P2}\n");
            assert!(read(&text)[0].outlet.is_none(), "{head}");
        }
    }

    #[test]
    fn issue_13_a_date_line_ending_with_a_known_outlet_names_it() {
        let text = format!(
            "عنوان الخبر عن المحادثات\n\nالمنامة 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس\n{P1}\n"
        );
        let a = &read(&text)[0];
        assert_eq!(a.published.as_ref().unwrap().date, "2015-08-11");
        assert_eq!(a.outlet.as_ref().unwrap().text, "واس");
        // A place listed among the date words is not taken for the outlet of the same name.
        let text = format!("عنوان الخبر عن المحادثات\n\n11 أغسطس 2015 الرياض\n{P1}\n");
        assert!(read(&text)[0].outlet.is_none());
    }

    #[test]
    fn spans_are_trimmed_lines_of_the_original() {
        let text = format!("  {P1}  \r\n\u{00A0}{P2}\n");
        let a = &read(&text)[0];
        assert_eq!(a.blocks[0].span.text(&text), P1);
        assert_eq!(a.blocks[1].span.text(&text), P2);
    }
}
