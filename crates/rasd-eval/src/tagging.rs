//! An annotated article as NER training data: its sentences' tokens with BIO tags of the gold
//! entities (PER, LOC, ORG, MISC), found by their surfaces in the text.

use rasd_text::{NormLevel, TokenKind, normalize_str, split_sentences, tokenize};

use crate::gold::GoldFile;

/// One tagged sentence: tokens as written and their BIO tags (`B-PER`, `I-LOC`, `O`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaggedSentence {
    /// Tokens as written.
    pub tokens: Vec<String>,
    /// One tag per token.
    pub tags: Vec<String>,
}

/// Leading clitics a token may carry before a name («وروسيا», «بالقاهرة», «للأمم»), and what
/// they leave («ال» stays after و/ب/ف/ك; «لل» is ل + ال).
const CLITICS: &[(&str, &str)] = &[
    ("وال", "ال"),
    ("بال", "ال"),
    ("فال", "ال"),
    ("كال", "ال"),
    ("لل", "ال"),
    ("لل", ""),
    ("و", ""),
    ("ب", ""),
    ("ل", ""),
    ("ف", ""),
    ("ك", ""),
];

fn key(s: &str) -> String {
    normalize_str(s, NormLevel::Search)
}

/// The keys a text token may match a name's first word under: itself, and without one leading
/// clitic.
fn first_keys(token: &str) -> Vec<String> {
    let k = key(token);
    let mut keys = vec![k.clone()];
    for (c, rest) in CLITICS {
        if let Some(tail) = k.strip_prefix(c)
            && tail.chars().count() >= 2
        {
            keys.push(format!("{rest}{tail}"));
        }
    }
    keys
}

/// The article's sentences with the required gold entities tagged (optional ones are left
/// `O`: a borderline name teaches neither way). Longer surfaces are placed first, so «كيم جونغ
/// أون» is one name before «كيم» is looked for.
pub fn tagged_sentences(g: &GoldFile, text: &str) -> Vec<TaggedSentence> {
    let tokens = tokenize(text);
    let keys: Vec<Vec<String>> = tokens
        .iter()
        .map(|t| first_keys(t.span.text(text)))
        .collect();
    let mut tags = vec![String::from("O"); tokens.len()];
    // (surface tokens' keys, type), longest first.
    let mut names: Vec<(Vec<String>, &str)> = g
        .entities
        .iter()
        .filter(|e| e.required && matches!(e.ty.as_str(), "PER" | "LOC" | "ORG" | "MISC"))
        .flat_map(|e| {
            e.surfaces.iter().map(move |s| {
                let words: Vec<String> = tokenize(s)
                    .iter()
                    .filter(|t| t.kind != TokenKind::Punct)
                    .map(|t| key(t.span.text(s)))
                    .collect();
                (words, e.ty.as_str())
            })
        })
        .filter(|(w, _)| !w.is_empty())
        .collect();
    names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    names.dedup();
    for (words, ty) in &names {
        let n = words.len();
        let mut i = 0;
        while i + n <= tokens.len() {
            let fits = keys[i].contains(&words[0])
                && (1..n).all(|k| keys[i + k][0] == words[k])
                && (i..i + n).all(|k| tags[k] == "O");
            if fits {
                tags[i] = format!("B-{ty}");
                for t in tags.iter_mut().take(i + n).skip(i + 1) {
                    *t = format!("I-{ty}");
                }
                i += n;
            } else {
                i += 1;
            }
        }
    }
    let mut out = Vec::new();
    let mut next = 0;
    for line_start in std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)) {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |k| line_start + k);
        let line = &text[line_start..line_end];
        let line_tokens = tokenize(line);
        for s in split_sentences(line, &line_tokens) {
            let mut sentence = TaggedSentence {
                tokens: Vec::new(),
                tags: Vec::new(),
            };
            while next < tokens.len()
                && (tokens[next].span.end as usize) <= line_start + s.end as usize
            {
                if (tokens[next].span.start as usize) >= line_start + s.start as usize {
                    sentence
                        .tokens
                        .push(tokens[next].span.text(text).to_owned());
                    sentence.tags.push(tags[next].clone());
                }
                next += 1;
            }
            if !sentence.tokens.is_empty() {
                out.push(sentence);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_tagged_with_their_clitics_and_longest_first() {
        let text = "عنوان\n\nالتقى سامي العلي في بالعاصمة الرياض، ثم غادر العلي إلى وبيروت.";
        let g: GoldFile = serde_json::from_value(serde_json::json!({
            "file": "x.txt",
            "articles": [{"role": "main", "title": "عنوان", "body_start": "التقى", "body_end": "وبيروت."}],
            "entities": [
                {"id": "e1", "type": "PER", "surfaces": ["سامي العلي", "العلي"]},
                {"id": "e2", "type": "LOC", "surfaces": ["الرياض"]},
                {"id": "e3", "type": "LOC", "surfaces": ["بيروت"]},
                {"id": "e4", "type": "MISC", "surfaces": ["عنوان"], "required": false}
            ],
            "events": [], "quotes": [], "times": []
        }))
        .unwrap();
        let s = tagged_sentences(&g, text);
        let all: Vec<(String, String)> = s
            .iter()
            .flat_map(|s| s.tokens.iter().cloned().zip(s.tags.iter().cloned()))
            .collect();
        let tag = |w: &str| all.iter().find(|(t, _)| t == w).map(|(_, g)| g.as_str());
        assert_eq!(tag("سامي"), Some("B-PER"));
        assert_eq!(all.iter().filter(|(_, g)| g == "I-PER").count(), 1);
        assert_eq!(
            all.iter()
                .filter(|(t, g)| t == "العلي" && g == "B-PER")
                .count(),
            1
        );
        assert_eq!(tag("الرياض"), Some("B-LOC"));
        assert_eq!(tag("وبيروت"), Some("B-LOC"));
        assert_eq!(tag("عنوان"), Some("O"), "optional entities stay O");
        assert!(s.len() >= 2, "the title is its own sentence");
    }
}
