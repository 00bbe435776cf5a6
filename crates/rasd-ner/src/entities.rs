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
        // And never when the whole word is the commoner word in news: «وكالة» (an agency) is
        // not «و» + «ك» + «آلة», nor is a stem of one letter after «ال» an article's noun.
        let lexicon = CliticAnalyzer::bundled();
        let whole = std::cell::OnceCell::new();
        let safe = |v: &String| {
            let stripped = &k[..k.len() - v.len()];
            let article = v
                .strip_prefix("ال")
                .is_some_and(|stem| stem.chars().count() >= 2);
            stripped == "و" || (article && !stripped.is_empty())
        };
        // Looked up last, and the whole word once: most mentions never get here.
        let commoner =
            |v: &String| lexicon.frequency(v) >= *whole.get_or_init(|| lexicon.frequency(w));
        if let Some(rest) = crate::gazetteer::match_variants(&k)
            .skip(1)
            .filter(|v| k.ends_with(v.as_str()) && safe(v) && gaz.types_of(v) != 0 && commoner(v))
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

/// A transliteration-tolerant key of a word: Arabic renderings of one foreign name differ in
/// how they write its consonants (غ/ج/ق/ك for g, ت/ط, س/ص/ث, ز/ذ/ظ, د/ض) and in long vowels
/// («ترامب»/«ترمب», «بيونغ يانغ»/«بيونج يانج», «البنتاغون»/«البنتاجون»). Letters are mapped to
/// one class each and long vowels after the first letter dropped.
pub fn phonetic_key(word_key: &str) -> String {
    let mut out = String::with_capacity(word_key.len());
    for (n, c) in word_key.chars().enumerate() {
        let mapped = match c {
            'غ' | 'ج' | 'ق' | 'ك' | 'گ' => 'G',
            'ت' | 'ط' => 'T',
            'س' | 'ص' | 'ث' => 'S',
            'ز' | 'ذ' | 'ظ' => 'Z',
            'د' | 'ض' => 'D',
            'ه' | 'ح' => 'H',
            'ف' | 'ڤ' => 'F',
            'ا' | 'و' | 'ي' | 'ء' if n > 0 => continue,
            other => other,
        };
        out.push(mapped);
    }
    out
}

fn phonetic(k: &[String]) -> Vec<String> {
    k.iter().map(|w| phonetic_key(w)).collect()
}

/// A place mention cut short by the tagger («لكوريا» before «الشمالية») is extended over the
/// next one or two words when together they are a place the gazetteer knows.
fn extend_to_known_place(text: &str, m: &Mention, all: &[Mention], gaz: &Gazetteer) -> Span {
    if m.ty != EntityType::Loc {
        return m.span;
    }
    // Never over another mention.
    let limit = all
        .iter()
        .filter(|o| o.span.start >= m.span.end)
        .map(|o| o.span.start)
        .min()
        .unwrap_or(u32::MAX);
    let rest = &text[m.span.end as usize..];
    // The next two words of the same line.
    let mut next: Vec<(usize, &str)> = Vec::new();
    let mut offset = 0;
    for word in rest.split(' ').take(3) {
        if word.contains('\n') {
            break;
        }
        let w = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        if !word.is_empty() && w.len() == word.len() {
            next.push((offset + word.len(), w));
        } else if !w.is_empty() {
            next.push((offset + w.len(), w));
            break;
        }
        offset += word.len() + 1;
    }
    let mine = key(text, m.span);
    let Some(first) = mine.first() else {
        return m.span;
    };
    for take in (1..=next.len().min(2)).rev() {
        for variant in crate::gazetteer::match_variants(first) {
            let mut phrase = std::iter::once(variant)
                .chain(mine[1..].iter().cloned())
                .collect::<Vec<_>>();
            phrase.extend(next[..take].iter().map(|(_, w)| token_key(w)));
            let end = m.span.end + next[take - 1].0 as u32;
            if end <= limit && gaz.types_of(&phrase.join(" ")) & (1 << GazType::Loc as u16) != 0 {
                return Span {
                    start: m.span.start,
                    end,
                };
            }
        }
    }
    m.span
}

/// Group the mentions of one article into entities.
pub fn group_mentions(text: &str, mentions: &[Mention]) -> Vec<Entity> {
    let gaz = Gazetteer::bundled();
    let mut trimmed: Vec<(Span, EntityType, Vec<String>)> = mentions
        .iter()
        .map(|m| {
            let s = trim_clitics(text, extend_to_known_place(text, m, mentions, gaz));
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
    // Where each entity's multi-word mentions start.
    let mut full_starts: Vec<Vec<u32>> = Vec::new();
    for &i in &order {
        let (span, ty, k) = &trimmed[i];
        let pk = phonetic(k);
        let k = &pk;
        // The same name is one entity even when the tagger typed one mention differently, or
        // a writer spelled it another way; the type most of its mentions carry wins (below).
        let exact = entities
            .iter()
            .position(|(_, keys)| keys.iter().any(|x| x == k));
        // A single word of a person's full name ("بوتين", "كيم") refers to the full name
        // introduced most recently before it (the full name first in the article when it
        // comes before any), preferring names whose mentions are mostly typed PER.
        let short_form = || {
            if *ty != EntityType::Per || k.len() != 1 {
                return None;
            }
            entities
                .iter()
                .enumerate()
                .filter(|(_, (e, keys))| {
                    e.ty == EntityType::Per
                        && keys.iter().any(|x| {
                            x.len() > 1 && (x.last() == k.first() || x.first() == k.first())
                        })
                })
                .max_by_key(|(j, _)| {
                    let before = full_starts[*j]
                        .iter()
                        .filter(|&&st| st < span.start)
                        .max()
                        .copied();
                    let first = full_starts[*j].iter().min().copied().unwrap_or(u32::MAX);
                    (
                        before.is_some(),
                        before.unwrap_or(0),
                        std::cmp::Reverse(first),
                    )
                })
                .map(|(j, _)| j)
        };
        let j = match exact.or_else(short_form) {
            Some(j) => j,
            None => {
                let name = span.text(text).to_owned();
                let phrase = trimmed[i].2.join(" ");
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
                full_starts.push(Vec::new());
                entities.len() - 1
            }
        };
        if k.len() > 1 {
            full_starts[j].push(span.start);
        }
        if !entities[j].1.contains(k) {
            entities[j].1.push(k.clone());
        }
        owner[i] = j;
    }
    // "حلف شمال الأطلسي (الناتو)": a name in parentheses right after another is the same entity.
    for w in 0..trimmed.len().saturating_sub(1) {
        let (a, b) = (&trimmed[w], &trimmed[w + 1]);
        if a.0.end > b.0.start {
            continue;
        }
        let between = &text[a.0.end as usize..b.0.start as usize];
        let after = &text[b.0.end as usize..];
        if between.trim() == "(" && after.trim_start().starts_with(')') && owner[w] != owner[w + 1]
        {
            let (keep, gone) = (owner[w], owner[w + 1]);
            for o in owner.iter_mut() {
                if *o == gone {
                    *o = keep;
                }
            }
        }
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
    let mut out: Vec<Entity> = entities
        .into_iter()
        .map(|(e, _)| e)
        .filter(|e| !e.mentions.is_empty())
        .collect();
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
    fn spelling_variants_are_one_entity() {
        let text = "زار بيونغ يانغ ثم عاد إلى بيونج يانج وقال ترامب ثم ترمب";
        let ms = [
            m(text, "بيونغ يانغ", 0, EntityType::Loc),
            m(text, "بيونج يانج", 0, EntityType::Loc),
            m(text, "ترامب", 0, EntityType::Per),
            m(text, "ترمب", 0, EntityType::Per),
        ];
        let es = group_mentions(text, &ms);
        assert_eq!(es.len(), 2, "{es:?}");
        assert!(es.iter().all(|e| e.mentions.len() == 2));
        assert_ne!(phonetic_key("روسيا"), phonetic_key("روما"));
    }

    #[test]
    fn short_forms_go_to_the_latest_full_name_and_abbreviations_join_their_name() {
        let text = "قالت بيونغ يانغ إنها مستعدة، وقال يانغ أوك إن الأمر جاد، وأضاف يانغ أن حلف شمال الأطلسي (الناتو) يراقب.";
        let ms = [
            m(text, "يانغ أوك", 0, EntityType::Per),
            m(text, "بيونغ يانغ", 0, EntityType::Per),
            m(text, "يانغ", 2, EntityType::Per),
            m(text, "حلف شمال الأطلسي", 0, EntityType::Org),
            m(text, "الناتو", 0, EntityType::Org),
        ];
        let es = group_mentions(text, &ms);
        let yang = es.iter().find(|e| e.name == "يانغ أوك").unwrap();
        assert_eq!(yang.mentions.len(), 2, "{es:?}");
        let nato = es.iter().find(|e| e.name == "حلف شمال الأطلسي").unwrap();
        assert_eq!(nato.mentions.len(), 2, "{es:?}");
    }

    #[test]
    fn a_place_cut_short_is_extended_over_the_gazetteer_phrase() {
        let text = "وأشار إلى أن الخطوة توفر لكوريا الشمالية مجموعة من الفوائد";
        let ms = [m(text, "لكوريا", 0, EntityType::Loc)];
        let es = group_mentions(text, &ms);
        assert_eq!(es[0].mentions[0].text(text), "كوريا الشمالية");
        assert_eq!(es[0].actor.as_deref(), Some("PRK"));
    }

    #[test]
    fn the_article_stays_on_place_names() {
        let text = "وصل إلى بالقاهرة أمس";
        let s = m(text, "بالقاهرة", 0, EntityType::Loc).span;
        assert_eq!(trim_clitics(text, s).text(text), "القاهرة");
        // A word that begins like a clitic and an article but is a word of its own.
        let text = "وكالة الأنباء";
        let s = Span::new(0, text.len());
        assert_eq!(trim_clitics(text, s).text(text), "وكالة الأنباء");
    }
}
