//! Entity resolution across articles: one canonical entity for all the spellings and forms of a
//! name.
//!
//! Two mentions name the same entity when they have the same type and
//! - the same English name from the knowledge base («فلاديمير بوتين», «بوتين» → Vladimir Putin);
//! - or full names of as many words whose transliteration-tolerant keys
//!   ([`rasd_ner::entities::phonetic_key`]: one class for غ/ج/ق/ك, ت/ط …, long vowels dropped)
//!   are equal word by word, or one letter apart in words of three letters or more — so
//!   «كيم جونغ أون», «كيم جونج أون» and the typo «كيم جوج أون» are one person, and «كيم إيل
//!   سونج» another;
//! - or a one-word name (a surname) that fits exactly one full name of the collection.

use std::collections::HashMap;

use rasd_ner::entities::phonetic_key;
use serde::Serialize;

use crate::{ArticleRecord, phrase_key};

/// One entity of the whole collection.
#[derive(Clone, Debug, Serialize)]
pub struct CanonicalEntity {
    /// Identifier, `c1`, `c2` … in order of first appearance.
    pub id: String,
    /// Type.
    #[serde(rename = "type")]
    pub ty: String,
    /// The full name written most often.
    pub name: String,
    /// English name, when known.
    pub name_en: Option<String>,
    /// CAMEO actor code, when known.
    pub actor: Option<String>,
    /// Every spelling seen, most frequent first.
    pub aliases: Vec<String>,
    /// The articles naming it (ids).
    pub articles: Vec<u32>,
}

/// The canonical entities and which one each article entity is.
#[derive(Clone, Debug)]
pub struct Resolution {
    /// Canonical entities.
    pub entities: Vec<CanonicalEntity>,
    /// For the article at each position of the input, the canonical index of each entity.
    by_article: Vec<Vec<usize>>,
}

impl Resolution {
    /// The canonical entity (index into `entities`) of entity `entity` of the article at
    /// position `article` of the input.
    pub fn of(&self, article: usize, entity: usize) -> Option<usize> {
        self.by_article.get(article)?.get(entity).copied()
    }
}

/// Disjoint sets.
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

/// Edit distance of two short strings (by characters).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Do two words' keys name the same word, allowing one letter of difference when one of them
/// has three letters or more?
fn same_word(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    a == b || (la.max(lb) >= 3 && la.min(lb) >= 2 && distance(a, b) <= 1)
}

/// The transliteration-tolerant keys of a name's words, without the article.
pub fn name_keys(name: &str) -> Vec<String> {
    phrase_key(name)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w
                .strip_prefix("ال")
                .filter(|r| r.chars().count() >= 2)
                .unwrap_or(w);
            phonetic_key(w)
        })
        .collect()
}

/// Blocks of names larger than this (a very common first name) are not compared pairwise.
const MAX_BLOCK: usize = 400;

/// Pairs of full names compared before two groups of names join; larger groups stay apart.
const MAX_LINKAGE: usize = 256;

/// Two full names that may be one person's: as many words, all but one the same, that one a
/// letter apart at most but not in its first letter (كيم جونغ أون, كيم جوج أون; not محمد صالح,
/// أحمد صالح), or the same keys.
fn near_names(a: &[String], b: &[String]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).filter(|(x, y)| x != y).count() <= 1
        && a.iter()
            .zip(b)
            .all(|(x, y)| x == y || (same_word(x, y) && x.chars().next() == y.chars().next()))
}

/// Resolve the entities of a collection of articles.
pub fn resolve(articles: &[ArticleRecord]) -> Resolution {
    // Every article entity, flattened.
    let mut flat: Vec<(usize, usize)> = Vec::new();
    for (a, art) in articles.iter().enumerate() {
        for e in 0..art.entities.len() {
            flat.push((a, e));
        }
    }
    let entity = |k: usize| &articles[flat[k].0].entities[flat[k].1];
    let keys: Vec<Vec<String>> = (0..flat.len())
        .map(|k| name_keys(&entity(k).name))
        .collect();
    let mut sets = Sets((0..flat.len()).collect());
    // Same type and English name.
    let mut by_en: HashMap<(String, String), usize> = HashMap::new();
    for k in 0..flat.len() {
        if let Some(en) = &entity(k).name_en {
            let key = (entity(k).ty.clone(), en.to_lowercase());
            match by_en.get(&key) {
                Some(&first) => sets.union(first, k),
                None => {
                    by_en.insert(key, k);
                }
            }
        }
    }
    // Full names: same type, as many words, each the same word or one letter apart. Identical
    // keys join at once; near ones are compared within blocks that share the first or the last
    // word exactly (a name with both ends misspelt is not caught), so the work stays near
    // linear in the number of distinct names.
    let mut distinct: HashMap<(String, Vec<String>), usize> = HashMap::new();
    for (k, key) in keys.iter().enumerate() {
        if key.len() >= 2 {
            match distinct.get(&(entity(k).ty.clone(), key.clone())) {
                Some(&d) => sets.union(d, k),
                None => {
                    distinct.insert((entity(k).ty.clone(), key.clone()), k);
                }
            }
        }
    }
    let mut blocks: HashMap<(String, usize, usize, String), Vec<usize>> = HashMap::new();
    for ((ty, key), &k) in &distinct {
        for end in [0, key.len() - 1] {
            blocks
                .entry((ty.clone(), key.len(), end, key[end].clone()))
                .or_default()
                .push(k);
        }
    }
    // Near names join by complete linkage: two groups join only when every full name of one
    // fits every full name of the other. Single links would chain (محمد صالح ~ أحمد صالح ~
    // أحمد صلاح ~ …) until thousands of people are one.
    let mut group_keys: HashMap<usize, Vec<usize>> = HashMap::new();
    for &k in distinct.values() {
        group_keys.entry(sets.find(k)).or_default().push(k);
    }
    let mut block_list: Vec<&Vec<usize>> = blocks.values().collect();
    // A fixed order: the result must not depend on the hash map's.
    block_list.sort_by_key(|m| m.iter().min().copied());
    for members in block_list {
        if members.len() > MAX_BLOCK {
            continue;
        }
        let mut members = members.clone();
        members.sort_unstable();
        for (i, &x) in members.iter().enumerate() {
            for &y in &members[i + 1..] {
                if !near_names(&keys[x], &keys[y]) {
                    continue;
                }
                let (rx, ry) = (sets.find(x), sets.find(y));
                if rx == ry {
                    continue;
                }
                let (gx, gy) = (&group_keys[&rx], &group_keys[&ry]);
                let all_fit = gx.len() * gy.len() <= MAX_LINKAGE
                    && gx
                        .iter()
                        .all(|&a| gy.iter().all(|&b| near_names(&keys[a], &keys[b])));
                if !all_fit {
                    continue;
                }
                sets.union(rx, ry);
                let root = sets.find(rx);
                let mut joined = group_keys.remove(&rx).unwrap_or_default();
                joined.extend(group_keys.remove(&ry).unwrap_or_default());
                group_keys.insert(root, joined);
            }
        }
    }
    // A one-word name is compared by its transliteration key only when the key is long enough
    // to tell names apart (four letters: ترامب = ترمب, البنتاغون = البنتاجون); a shorter one by
    // its spelling, since the key drops long vowels (روسيا and الرس, صالح and صلاح share one).
    let plain: Vec<Vec<String>> = (0..flat.len())
        .map(|k| {
            phrase_key(&entity(k).name)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(|w| {
                    w.strip_prefix("ال")
                        .filter(|r| r.chars().count() >= 2)
                        .unwrap_or(w)
                        .to_owned()
                })
                .collect()
        })
        .collect();
    let word_id = |k: usize, i: usize| -> String {
        if keys[k][i].chars().count() >= 4 {
            keys[k][i].clone()
        } else {
            format!("={}", plain[k].get(i).map_or("", String::as_str))
        }
    };
    // A person's one-word name (a surname, a family name) joins the one full name it is a
    // word of, if there is one. Places and organizations are not joined this way: «كوريا» is
    // not «كوريا الشمالية»; their variants join by English name.
    let mut fits: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (k, key) in keys.iter().enumerate() {
        if key.len() >= 2 && entity(k).ty == "PER" {
            let root = sets.find(k);
            for i in 0..key.len() {
                let slot = fits
                    .entry((entity(k).ty.clone(), word_id(k, i)))
                    .or_default();
                if !slot.contains(&root) {
                    slot.push(root);
                }
            }
        }
    }
    let mut singles: HashMap<(String, String), usize> = HashMap::new();
    for (k, word) in keys.iter().enumerate() {
        if word.len() != 1 {
            continue;
        }
        let key = (entity(k).ty.clone(), word_id(k, 0));
        match fits.get(&key).map(Vec::as_slice) {
            Some([one]) => sets.union(*one, k),
            _ => match singles.get(&key) {
                Some(&first) => sets.union(first, k),
                None => {
                    singles.insert(key, k);
                }
            },
        }
    }
    // Canonical entities, in order of first appearance.
    let mut index: HashMap<usize, usize> = HashMap::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for k in 0..flat.len() {
        let root = sets.find(k);
        let c = *index.entry(root).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[c].push(k);
    }
    let mut by_article: Vec<Vec<usize>> =
        articles.iter().map(|a| vec![0; a.entities.len()]).collect();
    let mut entities = Vec::with_capacity(members.len());
    for (c, ms) in members.iter().enumerate() {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for &k in ms {
            by_article[flat[k].0][flat[k].1] = c;
            for a in &entity(k).aliases {
                *counts.entry(a.as_str()).or_default() += 1;
            }
            *counts.entry(entity(k).name.as_str()).or_default() += 1;
        }
        let mut aliases: Vec<(&str, usize)> = counts.into_iter().collect();
        aliases.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then(b.0.len().cmp(&a.0.len()))
                .then(a.0.cmp(b.0))
        });
        // The name: the most frequent full name (two words or more: «دونالد ترامب» rather than
        // a rare «دونالد جيه ترامب» or a bare «ترامب») unless it is rare beside the most written
        // name (a wrongly joined «سان بطرسبورغ» does not name «روسيا»); else the most written.
        let count_of = |n: &str| aliases.iter().find(|a| a.0 == n).map_or(0, |a| a.1);
        let full = ms
            .iter()
            .map(|&k| entity(k))
            .filter(|e| name_keys(&e.name).len() >= 2)
            .map(|e| e.name.as_str())
            .enumerate()
            // Most written; of equals, the first seen.
            .max_by_key(|(i, n)| (count_of(n), std::cmp::Reverse(*i)))
            .map(|(_, n)| n);
        let top = aliases[0];
        let name = match full {
            Some(n) if count_of(n) * 10 >= top.1 => n,
            _ => top.0,
        }
        .to_owned();
        let first = |f: &dyn Fn(&crate::EntityRecord) -> Option<String>| {
            ms.iter().find_map(|&k| f(entity(k)))
        };
        let mut arts: Vec<u32> = ms.iter().map(|&k| articles[flat[k].0].id).collect();
        arts.sort_unstable();
        arts.dedup();
        entities.push(CanonicalEntity {
            // Its first mention's article and position name it: the same id after articles
            // are added (article ids only grow), unless the group splits or merges.
            id: format!(
                "c{}",
                ms.iter()
                    .map(|&k| crate::stable_number(articles[flat[k].0].id, flat[k].1))
                    .min()
                    .unwrap_or(0)
            ),
            ty: entity(ms[0]).ty.clone(),
            name,
            name_en: first(&|e| e.name_en.clone()),
            actor: first(&|e| e.actor.clone()),
            aliases: aliases.into_iter().map(|a| a.0.to_owned()).collect(),
            articles: arts,
        });
    }
    Resolution {
        entities,
        by_article,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EntityRecord;

    fn article(id: u32, names: &[(&str, &str)]) -> ArticleRecord {
        ArticleRecord {
            id,
            file: format!("{id}.txt"),
            outlet: None,
            published: None,
            title: None,
            lead: String::new(),
            entities: names
                .iter()
                .map(|(ty, n)| EntityRecord::new(ty, n, None))
                .collect(),
            events: Vec::new(),
            duplicate_of: None,
        }
    }

    #[test]
    fn spelling_variants_merge_and_different_people_do_not() {
        let arts = [
            article(0, &[("PER", "كيم جونغ أون"), ("LOC", "بيونغ يانغ")]),
            article(1, &[("PER", "كيم جونج أون"), ("LOC", "بيونج يانج")]),
            article(2, &[("PER", "كيم جوج أون"), ("PER", "كيم إيل سونج")]),
            article(3, &[("PER", "سيرغي شويغو"), ("PER", "ترامب")]),
            article(
                4,
                &[
                    ("PER", "سيرجي شويجو"),
                    ("PER", "ترمب"),
                    ("ORG", "البنتاغون"),
                ],
            ),
            article(5, &[("ORG", "البنتاجون")]),
        ];
        let r = resolve(&arts);
        let kim = r.of(0, 0).unwrap();
        assert_eq!(r.of(1, 0), Some(kim));
        assert_eq!(r.of(2, 0), Some(kim));
        assert_ne!(r.of(2, 1), Some(kim), "Kim Il Sung is another person");
        assert_eq!(r.of(0, 1), r.of(1, 1), "Pyongyang");
        assert_eq!(r.of(3, 0), r.of(4, 0), "Shoigu");
        assert_eq!(r.of(3, 1), r.of(4, 1), "Trump");
        assert_eq!(r.of(4, 2), r.of(5, 0), "the Pentagon");
        assert_eq!(r.entities[kim].name, "كيم جونغ أون");
        assert_eq!(r.entities[kim].articles, [0, 1, 2]);
    }

    #[test]
    fn a_surname_joins_the_one_full_name_it_fits() {
        let arts = [
            article(0, &[("PER", "فلاديمير بوتين")]),
            article(1, &[("PER", "بوتين")]),
            article(2, &[("PER", "كيم جونغ أون"), ("PER", "كيم إيل سونج")]),
            article(3, &[("PER", "كيم")]),
        ];
        let r = resolve(&arts);
        assert_eq!(r.of(0, 0), r.of(1, 0));
        // «كيم» fits two full names: it stays apart.
        assert_ne!(r.of(3, 0), r.of(2, 0));
        assert_ne!(r.of(3, 0), r.of(2, 1));
    }

    #[test]
    fn english_names_join_spellings() {
        let mut a = article(0, &[("PER", "فلاديمير بوتين")]);
        a.entities[0].name_en = Some("Vladimir Putin".into());
        let mut b = article(1, &[("PER", "فلاديمير بوتن")]);
        b.entities[0].name_en = Some("Vladimir Putin".into());
        let r = resolve(&[a, b]);
        assert_eq!(r.entities.len(), 1);
        assert_eq!(r.entities[0].aliases.len(), 2);
    }

    #[test]
    fn near_names_do_not_chain() {
        // سامر ~ سامي ~ سالي, but سامر and سالي are two letters apart: complete linkage keeps the
        // third name out rather than chaining all three into one person.
        let arts = vec![
            article(0, &[("PER", "سامر حداد")]),
            article(1, &[("PER", "سامي حداد")]),
            article(2, &[("PER", "سالي حداد")]),
            article(3, &[("PER", "محمد ناصر"), ("PER", "أحمد ناصر")]),
        ];
        let r = resolve(&arts);
        let c = |a: usize, e: usize| r.of(a, e).unwrap();
        assert_ne!(c(0, 0), c(2, 0));
        assert!(c(1, 0) == c(0, 0) || c(1, 0) == c(2, 0));
        assert_ne!(c(3, 0), c(3, 1), "a first letter apart: two people");
    }

    #[test]
    fn short_one_word_names_join_by_spelling() {
        let arts = [
            article(0, &[("LOC", "روسيا"), ("LOC", "باريس")]),
            article(1, &[("LOC", "الرس"), ("LOC", "بوروسيا")]),
            article(2, &[("LOC", "روسيا"), ("PER", "صالح")]),
            article(3, &[("PER", "صلاح")]),
            article(4, &[("LOC", "كوريا الشمالية"), ("LOC", "كوريا")]),
        ];
        let r = resolve(&arts);
        assert_eq!(r.of(0, 0), r.of(2, 0), "the same spelling");
        assert_ne!(r.of(0, 0), r.of(1, 0), "روسيا is not الرس");
        assert_ne!(r.of(0, 1), r.of(1, 1), "باريس is not بوروسيا");
        assert_ne!(r.of(2, 1), r.of(3, 0), "صالح is not صلاح");
        assert_ne!(
            r.of(4, 0),
            r.of(4, 1),
            "a place is not joined to a longer one"
        );
    }

    #[test]
    fn types_stay_apart() {
        let r = resolve(&[article(0, &[("PER", "جورج واشنطن"), ("LOC", "واشنطن")])]);
        assert_eq!(r.entities.len(), 2);
    }
}
