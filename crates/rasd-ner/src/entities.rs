//! Mentions of one article grouped into entities: the full name and later short forms of it
//! ("فلاديمير بوتين" … "بوتين"), clitics taken off mention spans ("وبوتين" → "بوتين"), and
//! English names and codes where the gazetteer knows the place.

use rasd_text::{CliticAnalyzer, Span};
use serde::Serialize;

use crate::gazetteer::{GazType, Gazetteer, token_key};
use crate::{EntityType, Mention};

/// One entity of an article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// Type.
    pub ty: EntityType,
    /// Its fullest name in the article.
    pub name: String,
    /// English name, where known.
    pub name_en: Option<String>,
    /// Actor code (ISO alpha-3 for countries) where known.
    pub actor: Option<String>,
    /// Mention spans (bytes), in text order.
    pub mentions: Vec<Span>,
}

/// Narrow a mention's span past leading conjunction/preposition clitics of its first word
/// ("وبموسكو" → "موسكو"; the article ال stays: "بالقاهرة" → "القاهرة").
pub fn trim_clitics(text: &str, span: Span) -> Span {
    let s = span.text(text);
    let first_end = s.find(char::is_whitespace).unwrap_or(s.len());
    let word = Span::new(span.start as usize, span.start as usize + first_end);
    let seg = CliticAnalyzer::bundled().segment(text, word);
    let mut start = span.start;
    let clitics: Vec<&str> = seg.proclitics.iter().map(|p| p.text(text)).collect();
    for (n, p) in seg.proclitics.iter().enumerate() {
        let t = clitics[n];
        // Stop at the article, and at the assimilated article of "لل".
        if t == "ال" || (t == "ل" && start > span.start) {
            break;
        }
        // A preposition, or ف, comes off a name only before the article ("بالقاهرة"): names
        // of foreign origin often begin with ب ل ك ف ("بيونغ يانغ", "كورونا", "فرانس").
        if matches!(t, "ب" | "ل" | "ك" | "ف") && clitics.get(n + 1) != Some(&"ال") {
            break;
        }
        start = p.end;
    }
    if start == span.start {
        // The analyzer is conservative; a name the gazetteer knows behind a conjunction or
        // preposition ("وروسيا") is still a name without it.
        let w = word.text(text);
        let k = token_key(w);
        let gaz = Gazetteer::bundled();
        // Only the conjunction و, or a preposition before the article (بال لل كال), may come
        // off this way: "بيونغ" must not become "يونغ", nor "فرانس" "رانس".
        let safe = |v: &String| {
            let stripped = &k[..k.len() - v.len()];
            stripped == "و" || (v.starts_with("ال") && !stripped.is_empty())
        };
        if let Some(rest) = crate::gazetteer::match_variants(&k)
            .skip(1)
            .filter(|v| k.ends_with(v.as_str()) && safe(v) && gaz.types_of(v) != 0)
            .last()
        {
            let strip = k.chars().count() - rest.chars().count();
            let mut letters = 0;
            for (i, c) in w.char_indices() {
                if letters == strip {
                    start = word.start + i as u32;
                    break;
                }
                if c.is_alphabetic() {
                    letters += 1;
                }
            }
        }
    }
    if start >= span.end {
        return span;
    }
    Span {
        start,
        end: span.end,
    }
}

fn key(text: &str, span: Span) -> Vec<String> {
    span.text(text).split_whitespace().map(token_key).collect()
}

/// Group the mentions of one article into entities.
pub fn group_mentions(text: &str, mentions: &[Mention]) -> Vec<Entity> {
    let gaz = Gazetteer::bundled();
    let mut trimmed: Vec<(Span, EntityType, Vec<String>)> = mentions
        .iter()
        .map(|m| {
            let s = trim_clitics(text, m.span);
            (s, m.ty, key(text, s))
        })
        .collect();
    // A preposition (ب ل ك) or ف before a name comes off when the rest is a name of the
    // article or a country: "لروسيا" beside "روسيا", "بموسكو" beside "موسكو" — but "بيونغ"
    // and "فرانس" stay.
    let known: std::collections::HashSet<Vec<String>> =
        trimmed.iter().map(|m| m.2.clone()).collect();
    for m in &mut trimmed {
        let Some(first) = m.2.first() else { continue };
        let Some(rest) = first.strip_prefix(['ب', 'ل', 'ك', 'ف']) else {
            continue;
        };
        if rest.chars().count() < 3 {
            continue;
        }
        let mut candidate = m.2.clone();
        candidate[0] = rest.to_owned();
        let country = gaz
            .info(&candidate.join(" "), GazType::Loc)
            .is_some_and(|i| i.code.is_some());
        if known.contains(&candidate) || country {
            let word = m.0.text(text);
            let skip = word
                .char_indices()
                .find(|(_, c)| c.is_alphabetic())
                .map_or(0, |(i, c)| i + c.len_utf8());
            m.0 = Span {
                start: m.0.start + skip as u32,
                end: m.0.end,
            };
            m.2 = candidate;
        }
    }
    trimmed.sort_by_key(|m| m.0.start);
    let mut entities: Vec<(Entity, Vec<Vec<String>>)> = Vec::new();
    // Longer names first, so that short forms find their full name.
    let mut order: Vec<usize> = (0..trimmed.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(trimmed[i].2.len()), trimmed[i].0.start));
    let mut owner = vec![usize::MAX; trimmed.len()];
    for &i in &order {
        let (span, ty, k) = &trimmed[i];
        // The same name is one entity even when the tagger typed one mention differently;
        // the type most of its mentions carry wins (below).
        let exact = entities
            .iter()
            .position(|(_, keys)| keys.iter().any(|x| x == k));
        let short_form = || {
            if *ty != EntityType::Per || k.len() != 1 {
                return None;
            }
            let hits: Vec<usize> = entities
                .iter()
                .enumerate()
                .filter(|(_, (e, keys))| {
                    e.ty == EntityType::Per
                        && keys.iter().any(|x| {
                            x.len() > 1 && (x.last() == k.first() || x.first() == k.first())
                        })
                })
                .map(|(j, _)| j)
                .collect();
            (hits.len() == 1).then(|| hits[0])
        };
        let j = match exact.or_else(short_form) {
            Some(j) => j,
            None => {
                let name = span.text(text).to_owned();
                let phrase = k.join(" ");
                let info = (*ty == EntityType::Loc)
                    .then(|| gaz.info(&phrase, GazType::Loc))
                    .flatten();
                entities.push((
                    Entity {
                        ty: *ty,
                        name,
                        name_en: info.and_then(|i| i.english.clone()),
                        actor: info.and_then(|i| i.code.clone()),
                        mentions: Vec::new(),
                    },
                    Vec::new(),
                ));
                entities.len() - 1
            }
        };
        if !entities[j].1.contains(k) {
            entities[j].1.push(k.clone());
        }
        owner[i] = j;
    }
    let mut votes = vec![[0usize; 4]; entities.len()];
    for (i, (span, ty, _)) in trimmed.iter().enumerate() {
        entities[owner[i]].0.mentions.push(*span);
        votes[owner[i]][*ty as usize] += 1;
    }
    for ((e, _), v) in entities.iter_mut().zip(&votes) {
        let best = (0..4)
            .max_by_key(|&t| (v[t], usize::from(EntityType::ALL[t] == e.ty)))
            .expect("four types");
        e.ty = EntityType::ALL[best];
    }
    let mut out: Vec<Entity> = entities.into_iter().map(|(e, _)| e).collect();
    out.sort_by_key(|e| e.mentions.first().map_or(0, |s| s.start));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str, needle: &str, nth: usize, ty: EntityType) -> Mention {
        let start = text.match_indices(needle).nth(nth).unwrap().0;
        Mention {
            span: Span::new(start, start + needle.len()),
            ty,
        }
    }

    #[test]
    fn surname_joins_the_full_name_and_clitics_come_off() {
        let text = "قال فلاديمير بوتين إن روسيا مستعدة، وأضاف وبوتين يزور موسكو.";
        let ms = [
            m(text, "فلاديمير بوتين", 0, EntityType::Per),
            m(text, "روسيا", 0, EntityType::Loc),
            m(text, "وبوتين", 0, EntityType::Per),
            m(text, "موسكو", 0, EntityType::Loc),
        ];
        let es = group_mentions(text, &ms);
        assert_eq!(es.len(), 3);
        let putin = &es[0];
        assert_eq!(putin.name, "فلاديمير بوتين");
        assert_eq!(putin.mentions.len(), 2);
        assert_eq!(putin.mentions[1].text(text), "بوتين");
        let russia = es.iter().find(|e| e.name == "روسيا").unwrap();
        assert_eq!(russia.actor.as_deref(), Some("RUS"));
        assert_eq!(russia.name_en.as_deref(), Some("Russia"));
    }

    #[test]
    fn a_known_name_loses_its_conjunction() {
        let text = "بين كوريا الشمالية وروسيا";
        let s = m(text, "وروسيا", 0, EntityType::Loc).span;
        assert_eq!(trim_clitics(text, s).text(text), "روسيا");
    }

    #[test]
    fn the_article_stays_on_place_names() {
        let text = "وصل إلى بالقاهرة أمس";
        let s = m(text, "بالقاهرة", 0, EntityType::Loc).span;
        assert_eq!(trim_clitics(text, s).text(text), "القاهرة");
    }
}
