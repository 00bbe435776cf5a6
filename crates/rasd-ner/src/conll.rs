//! CoNLL-style `token TAG` files, and the mapping of each corpus' tags to rasd's types.

use std::path::Path;

use crate::labels::{EntityType, Label};

/// A tagged sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Tokens as written.
    pub tokens: Vec<String>,
    /// Tags as written in the file.
    pub tags: Vec<String>,
}

/// How a corpus names its types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagScheme {
    /// PERS/PER, LOC, ORG, MISC, MIS0..MIS3 (ANERcorp, AQMAR).
    Coarse,
    /// The fine-grained classes of NewsFANE/WikiFANE (Politician, Nation, Group…).
    Fane,
}

impl Sentence {
    /// The labels of the sentence under `scheme`.
    pub fn labels(&self, scheme: TagScheme) -> Vec<Label> {
        self.tags
            .iter()
            .map(|t| match scheme {
                TagScheme::Coarse => Label::parse(t),
                TagScheme::Fane => fane_label(t),
            })
            .collect()
    }
}

/// Read a CoNLL file: one `token TAG` per line (space or tab), blank lines between sentences.
/// Lines that are not two fields are skipped (the count of skipped lines is returned).
pub fn read(path: &Path) -> std::io::Result<(Vec<Sentence>, usize)> {
    let text = std::fs::read_to_string(path)?;
    Ok(parse(&text))
}

/// Parse CoNLL text (see [`read`]).
pub fn parse(text: &str) -> (Vec<Sentence>, usize) {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    let mut skipped = 0;
    for line in text.lines() {
        let line = line.trim_start_matches('\u{FEFF}').trim_end_matches('\r');
        if line.trim().is_empty() {
            if !current.tokens.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        let (tok, tag) = match line.rsplit_once(['\t', ' ']) {
            Some((a, b)) if !a.trim().is_empty() => (a.trim(), b.trim()),
            _ => {
                skipped += 1;
                continue;
            }
        };
        current.tokens.push(tok.to_owned());
        current.tags.push(tag.to_owned());
    }
    if !current.tokens.is_empty() {
        sentences.push(current);
    }
    (sentences, skipped)
}

/// Fine-grained NewsFANE/WikiFANE classes to rasd's types.
fn fane_label(tag: &str) -> Label {
    let Some((bio, class)) = tag.split_once('-') else {
        return Label::O;
    };
    let t = match class {
        "Politician" | "Artist" | "Athlete" | "Businessperson" | "Engineer" | "Journalist"
        | "Lawyer" | "Police" | "Scientist" | "Other_PER" | "Religious_PER" => EntityType::Per,
        "Nation"
        | "Population-Center"
        | "State-or-Province"
        | "County-or-District"
        | "GPE-Cluster"
        | "Continent"
        | "Celestial"
        | "Land-Region-Natural"
        | "Region-General"
        | "Region-International"
        | "Water-Body"
        | "Address"
        | "Boundary"
        | "Airport"
        | "Building-Grounds"
        | "Path"
        | "Plant"
        | "Subarea-Facility" => EntityType::Loc,
        "Commercial" | "Educational" | "Entertainment" | "Government" | "Media"
        | "Medical-Science" | "Non-Governmental" | "Religious_ORG" | "Sports" => EntityType::Org,
        // "Group" (named groups of people), vehicles, works, products.
        _ => EntityType::Misc,
    };
    match bio {
        "B" => Label::begin(t),
        "I" => Label::inside(t),
        _ => Label::O,
    }
}

/// Split sentences into (train, dev): the dev part is the last `len / 10` sentences, in file
/// order — the held-out tail mirrors the sequential test split of ANERcorp.
pub fn split_dev(sentences: &[Sentence]) -> (&[Sentence], &[Sentence]) {
    let n_dev = sentences.len() / 10;
    sentences.split_at(sentences.len() - n_dev)
}

/// Sentences of `extra` whose text is not (mostly) part of `held_out`: a sentence is dropped
/// when half or more of its character 12-grams (spaces removed, Search-normalized) occur in
/// the held-out text. Used to keep re-annotations of the same text out of a dev measure.
pub fn without_overlap(extra: Vec<Sentence>, held_out: &[Sentence]) -> Vec<Sentence> {
    use std::collections::HashSet;
    const N: usize = 12;
    let chars = |s: &Sentence| -> Vec<char> {
        rasd_text::normalize_str(&s.tokens.concat(), rasd_text::NormLevel::Search)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let mut grams: HashSet<Vec<char>> = HashSet::new();
    for s in held_out {
        for w in chars(s).windows(N) {
            grams.insert(w.to_vec());
        }
    }
    extra
        .into_iter()
        .filter(|s| {
            let c = chars(s);
            let total = c.len().saturating_sub(N - 1);
            if total == 0 {
                return true;
            }
            let hit = c.windows(N).filter(|w| grams.contains(*w)).count();
            hit * 2 < total
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sentences_and_tags() {
        let (s, skipped) = parse("فرانكفورت B-LOC\n(د O\n\nأعلن O\nاتحاد\tB-ORG\nbroken\n");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tokens, ["فرانكفورت", "(د"]);
        assert_eq!(
            s[1].labels(TagScheme::Coarse)[1],
            Label::begin(EntityType::Org)
        );
        assert_eq!(skipped, 1);
    }

    #[test]
    fn fane_classes_map_to_coarse_types() {
        assert_eq!(fane_label("B-Politician"), Label::begin(EntityType::Per));
        assert_eq!(fane_label("I-Nation"), Label::inside(EntityType::Loc));
        assert_eq!(fane_label("B-Media"), Label::begin(EntityType::Org));
        assert_eq!(fane_label("O"), Label::O);
    }

    #[test]
    fn dev_split_is_the_tail() {
        let sents: Vec<Sentence> = (0..25)
            .map(|i| Sentence {
                tokens: vec![i.to_string()],
                tags: vec!["O".into()],
            })
            .collect();
        let (train, dev) = split_dev(&sents);
        assert_eq!((train.len(), dev.len()), (23, 2));
        assert_eq!(dev[0].tokens[0], "23");
    }
}
