//! From classified lines to articles: metadata at the top, body blocks, headings versus
//! inserted headlines, link lists, and articles appended after the main one.

use std::collections::HashSet;

use rasd_text::Span;

use crate::article::{Article, ArticleRole, Block, BlockKind, DropReason, DroppedLine, Field, Published};
use crate::keys::line_key;
use crate::lines::{Line, LineKind};
use crate::rules::Rules;

/// How sure we are that a line names the outlet; the strongest source wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum OutletEvidence {
    TitleSuffix = 1,
    Byline = 2,
    Banner = 3,
    SourceLine = 4,
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
    };
    b.run();
    let mut articles = b.articles;
    // An appended article that ended up without text is not an article.
    articles.retain(|a| a.role == ArticleRole::Main || !a.blocks.is_empty());
    articles
}

impl<'r> Builder<'r> {
    fn current(&mut self) -> &mut Article {
        self.articles.last_mut().expect("there is always an article")
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

    fn run(&mut self) {
        let mut state = State::Top;
        let mut i = 0;
        while i < self.lines.len() {
            state = self.step(i, state);
            i += 1;
        }
    }

    /// Handle line `i` in `state`; returns the next state.
    fn step(&mut self, i: usize, state: State) -> State {
        let kind = self.lines[i].kind.clone();
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
            LineKind::LinkHeader => {
                self.drop_line(i, DropReason::RelatedList);
                self.headlines.clear();
                return State::Links {
                    after_end: matches!(state, State::Ended | State::Links { after_end: true }),
                };
            }
            LineKind::DateLine { date } => {
                if self.current().published.is_none() && !matches!(state, State::Links { .. }) {
                    let span = self.lines[i].span;
                    self.current().published = Some(Published {
                        date: date.iso(),
                        text: span.text(self.text).to_owned(),
                        span,
                    });
                    self.drop_line(i, DropReason::DateLine);
                    return state;
                }
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
            LineKind::Byline { name, outlet } => {
                if self.current().byline.is_none() {
                    let field = self.field(name);
                    self.current().byline = Some(field);
                    if let Some(o) = outlet {
                        self.set_outlet(o, OutletEvidence::Byline);
                    }
                    self.drop_line(i, DropReason::Byline);
                    return State::Top;
                }
            }
            _ => {}
        }
        let line = &self.lines[i];
        if self.seen.contains(&line.key) {
            self.drop_line(i, DropReason::Repeated);
            return State::Top;
        }
        // Titles and subtitles do not end with a full stop; running text does, or is long.
        let n = line.word_count();
        let headline_like = !(line.ends_sentence && !line.ends_question) && !line.ends_colon && !line.ends_comma;
        let key = line.key.clone();
        if headline_like && n <= self.rules.title_max_words && self.current().title.is_none() && self.current().blocks.is_empty() {
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
        {
            let span = self.lines[i].span;
            self.current().subtitle = Some(self.field(span));
            self.seen.insert(key);
            self.drop_line(i, DropReason::Subtitle);
            return State::Top;
        }
        // A further short line before the text: a heading of the first section.
        self.body_line(i, kind)
    }

    fn body_line(&mut self, i: usize, kind: LineKind) -> State {
        if matches!(kind, LineKind::Byline { .. }) && self.only_trailer_follows(i) {
            if let LineKind::Byline { name, outlet } = kind
                && self.current().byline.is_none()
            {
                let field = self.field(name);
                self.current().byline = Some(field);
                if let Some(o) = outlet {
                    self.set_outlet(o, OutletEvidence::Byline);
                }
            }
            self.drop_line(i, DropReason::Byline);
            return State::Body;
        }
        let line = &self.lines[i];
        if self.seen.contains(&line.key) {
            self.drop_line(i, DropReason::Repeated);
            return State::Body;
        }
        let key = line.key.clone();
        let span = line.span;
        if kind == LineKind::Bullet
            || line.is_paragraph(self.rules)
            || !self.is_heading_candidate(i)
            || self.in_list_run(i)
        {
            self.seen.insert(key);
            self.current().blocks.push(Block {
                kind: BlockKind::Paragraph,
                span,
            });
        } else if self.heading_fits_section(i) {
            self.current().blocks.push(Block {
                kind: BlockKind::Heading,
                span,
            });
        } else {
            self.drop_line(i, DropReason::InsertedHeadline);
        }
        State::Body
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
        let titled = self.headlines.len() == 1 && self.title_overlap(self.headlines[0], i) >= self.rules.body.min_title_overlap;
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
                LineKind::Blank | LineKind::Prompt | LineKind::Share | LineKind::Caption { .. } | LineKind::Link | LineKind::ReadAlsoLink | LineKind::DateLine { .. } => {}
                LineKind::Text if line.is_paragraph(self.rules) => count += 1,
                LineKind::Text if self.is_heading_candidate_line(line) => {}
                _ => break,
            }
        }
        count
    }

    /// Only noise or end markers follow line `i` up to the end of the article.
    fn only_trailer_follows(&self, i: usize) -> bool {
        self.lines[i + 1..].iter().all(|l| !matches!(l.kind, LineKind::Text | LineKind::Bullet) || !l.is_paragraph(self.rules)) || {
            let next = self.lines[i + 1..].iter().find(|l| l.kind != LineKind::Blank);
            next.is_none_or(|l| matches!(l.kind, LineKind::Source { .. } | LineKind::Tags | LineKind::Notice | LineKind::LinkHeader))
        }
    }

    fn is_heading_candidate(&self, i: usize) -> bool {
        self.is_heading_candidate_line(&self.lines[i])
    }

    fn is_heading_candidate_line(&self, line: &Line) -> bool {
        let n = line.word_count();
        let opener = line.words.first().is_some_and(|w| self.rules.body_openers.contains(&w.key));
        n >= 1 && n <= self.rules.body.max_heading_words && !line.ends_colon && !line.ends_comma && !opener && {
            // A question is a fine heading; a full stop is not.
            let tail = line.span.text(self.text).trim_end_matches(['"', '”', '»', ')', '\'']);
            !(line.ends_sentence && !tail.ends_with(['?', '؟', '!']))
        }
    }

    /// Is line `i` one of a run of short lines long enough to be a list or verse?
    fn in_list_run(&self, i: usize) -> bool {
        let short = |l: &Line| l.kind == LineKind::Blank || (matches!(l.kind, LineKind::Text | LineKind::Bullet) && !l.is_paragraph(self.rules));
        let counted = |l: &Line| l.kind != LineKind::Blank;
        let before = self.lines[..i].iter().rev().take_while(|l| short(l)).filter(|l| counted(l)).count();
        let after = self.lines[i + 1..].iter().take_while(|l| short(l)).filter(|l| counted(l)).count();
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
        let below: HashSet<String> = section.iter().flat_map(|&j| self.lines[j].content_stems(self.rules)).collect();
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
                LineKind::Blank | LineKind::Prompt | LineKind::Share | LineKind::Caption { .. } | LineKind::Link | LineKind::ReadAlsoLink => {}
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

    /// Split an outlet name off a title ("… . المساء الإخباري", "… | الجزيرة نت").
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
            if tail.is_empty() || head.split_whitespace().count() < 2 || tail_words > self.rules.title_max_suffix_words {
                continue;
            }
            let last_word = tail_key.rsplit(' ').next().unwrap_or("");
            let looks_like_outlet = self.rules.banner_suffixes.iter().any(|s| s == last_word)
                || self.rules.outlets.contains_key(&tail_key)
                || self.current_outlet_key().is_some_and(|o| o == tail_key || tail_key.contains(&o) || o.contains(&tail_key));
            if !looks_like_outlet {
                continue;
            }
            let start = line.span.start as usize;
            let head_span = Span::new(start, start + head.len());
            let tail_start = start + at + sep.len() + (raw[at + sep.len()..].len() - raw[at + sep.len()..].trim_start().len());
            // The outlet without a descriptor word at its end ("المساء الإخباري" → "المساء").
            let mut tail_text = tail;
            while let Some((rest, last)) = tail_text.rsplit_once(char::is_whitespace) {
                if self.rules.banner_suffixes.contains(&line_key(last)) {
                    tail_text = rest.trim_end();
                } else {
                    break;
                }
            }
            return (head_span, Some(Span::new(tail_start, tail_start + tail_text.len())));
        }
        (line.span, None)
    }

    fn current_outlet_key(&self) -> Option<String> {
        self.articles[0].outlet.as_ref().map(|o| line_key(&o.text))
    }
}
