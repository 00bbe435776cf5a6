//! Story clusters: articles about the same story, found online in date order.
//!
//! An article joins the story most similar to it (cosine of weighted features, at least two
//! persons or organizations shared), if that story had an article within the time window and the
//! similarity is high enough; otherwise it starts a story. What an article
//! brings is its canonical entities (persons and organizations weigh more than places, which
//! many unrelated stories share) and the long words of its title. A copy of another article
//! (a near-duplicate) joins its original's story. Headline words alone are not enough: a story
//! needs shared entities too.

use std::collections::HashMap;

use serde::Serialize;

use crate::ArticleRecord;
use crate::resolve::Resolution;

/// A story: articles about the same events.
#[derive(Clone, Debug, Serialize)]
pub struct Story {
    /// Identifier, `s1`, `s2` …
    pub id: String,
    /// Its articles (ids), in date order.
    pub articles: Vec<u32>,
    /// The title of its first article.
    pub title: Option<String>,
    /// Its most named canonical entities (ids), most named first.
    pub entities: Vec<String>,
    /// The first and last publication dates.
    pub first: Option<String>,
    /// The last publication date.
    pub last: Option<String>,
}

/// Pseudo-articles added to the document counts of the IDF weights.
const IDF_BACKGROUND: f64 = 1000.0;

/// How many of the latest stories holding an entity an article is compared with.
const RECENT_STORIES: usize = 200;

/// The most days from a story's first article to its last: a story is what happened over days,
/// not a subject followed for months (on the news corpus, uncapped chains of daily articles on
/// one club or on gold prices ran for up to 136 days). The next article starts a new story.
pub const MAX_STORY_DAYS: i64 = 14;

/// Days since 1970 of a YYYY-MM-DD date.
pub(crate) fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.get(..2)?.parse().ok()?;
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// A feature: an entity (the top bit set, then its canonical index) or a word stem (its hash).
type Feature = u64;

const ENTITY: u64 = 1 << 63;

/// Set with `ENTITY` for a place.
const PLACE: u64 = 1 << 62;

fn word_feature(w: &str) -> Feature {
    // FNV-1a, top bits cleared.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in w.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h & !(ENTITY | PLACE)
}

/// How the parts of an article weigh in its story features.
#[derive(Clone, Copy, Debug)]
pub struct Weights {
    /// A stem of the title.
    pub title: f64,
    /// A stem of the lead (per occurrence, sublinear).
    pub lead: f64,
    /// A person or organization (per mention, sublinear).
    pub actor: f64,
    /// A place.
    pub place: f64,
    /// Similarity to join a story.
    pub join: f64,
    /// Similarity of two stories as wholes (their centroids) to merge them after clustering
    /// (0: no merging).
    pub merge: f64,
}

impl Default for Weights {
    /// Chosen on the dev groupings of `data/stories` (`rasd eval stories --weights`).
    fn default() -> Self {
        Weights {
            title: 2.0,
            lead: 1.0,
            actor: 1.0,
            place: 1.0,
            join: 0.26,
            merge: 0.4,
        }
    }
}

impl std::str::FromStr for Weights {
    type Err = String;

    /// `title=2,lead=1,actor=1,place=1,join=0.26`: the defaults with the given ones changed.
    fn from_str(s: &str) -> Result<Weights, String> {
        let mut w = Weights::default();
        for part in s.split(',').filter(|p| !p.is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?}: expected name=value"))?;
            let v: f64 = v.parse().map_err(|_| format!("{part:?}: not a number"))?;
            match k.trim() {
                "title" => w.title = v,
                "lead" => w.lead = v,
                "actor" => w.actor = v,
                "place" => w.place = v,
                "join" => w.join = v,
                "merge" => w.merge = v,
                other => return Err(format!("unknown story weight {other:?}")),
            }
        }
        Ok(w)
    }
}

/// What an article brings to a story before IDF weighting: feature → weight, and the stem of
/// each word feature (to look up how rare it is).
fn features(
    pos: usize,
    a: &ArticleRecord,
    r: &Resolution,
    w: &Weights,
) -> (HashMap<Feature, f64>, HashMap<Feature, String>) {
    let mut f: HashMap<Feature, f64> = HashMap::new();
    let mut stems: HashMap<Feature, String> = HashMap::new();
    for (e, ent) in a.entities.iter().enumerate() {
        if let Some(c) = r.of(pos, e) {
            let (kind, flag) = if ent.ty == "LOC" {
                (w.place, PLACE)
            } else {
                (w.actor, 0)
            };
            *f.entry(ENTITY | flag | c as u64).or_default() +=
                kind * (ent.mentions.max(1) as f64).sqrt();
        }
    }
    let mut counts: HashMap<Feature, (f64, f64)> = HashMap::new();
    if let Some(t) = &a.title {
        for s in crate::words::stems(t) {
            let k = word_feature(&s);
            counts.entry(k).or_default().0 = 1.0;
            stems.entry(k).or_insert(s);
        }
    }
    for s in crate::words::stems(&a.lead) {
        let k = word_feature(&s);
        counts.entry(k).or_default().1 += 1.0;
        stems.entry(k).or_insert(s);
    }
    for (k, (t, l)) in counts {
        let lead = if l > 0.0 { 1.0 + l.ln() } else { 0.0 };
        f.insert(k, w.title * t + w.lead * lead);
    }
    (f, stems)
}

/// Cluster articles into stories. `window_days`: how long after its last article a story
/// still takes new ones.
pub fn cluster(articles: &[ArticleRecord], r: &Resolution, window_days: i64) -> Vec<Story> {
    cluster_with(articles, r, window_days, &Weights::default())
}

/// The cosine of two feature vectors of the given norms.
fn cosine(a: &HashMap<Feature, f64>, na: f64, b: &HashMap<Feature, f64>, nb: f64) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let dot: f64 = small
        .iter()
        .filter_map(|(k, x)| large.get(k).map(|y| x * y))
        .sum();
    if na * nb > 0.0 { dot / (na * nb) } else { 0.0 }
}

/// How many of its heaviest features an article looks up candidate stories by.
const LOOKUP_FEATURES: usize = 16;

/// [`cluster`] with the given weights.
pub fn cluster_with(
    articles: &[ArticleRecord],
    r: &Resolution,
    window_days: i64,
    w: &Weights,
) -> Vec<Story> {
    let rarity = crate::words::WordRarity::bundled();
    let raw: Vec<(HashMap<Feature, f64>, HashMap<Feature, String>)> = articles
        .iter()
        .enumerate()
        .map(|(p, a)| features(p, a, r, w))
        .collect();
    // How many articles have each feature.
    let mut df: HashMap<Feature, usize> = HashMap::new();
    for (f, _) in &raw {
        for k in f.keys() {
            *df.entry(*k).or_default() += 1;
        }
    }
    let n = articles.len() as f64;
    // TF-IDF. An entity many articles share (a head of state, a country) says little; the
    // counts are smoothed with a background of IDF_BACKGROUND articles, so that in a small
    // collection (five articles on one event) shared names still count. A word's rarity is
    // its document frequency in the news corpus plus in the collection.
    let weighted: Vec<HashMap<Feature, f64>> = raw
        .into_iter()
        .map(|(mut f, stems)| {
            for (k, x) in f.iter_mut() {
                let local = df.get(k).copied().unwrap_or(0);
                *x *= match stems.get(k) {
                    Some(stem) => rarity.idf(stem, local as u64, articles.len() as u64),
                    None => ((n + IDF_BACKGROUND) / (local as f64 + 1.0)).ln(),
                };
            }
            f
        })
        .collect();
    let mut order: Vec<usize> = (0..articles.len()).collect();
    let day = |p: usize| articles[p].published.as_deref().and_then(day_number);
    order.sort_by_key(|&p| (day(p).unwrap_or(i64::MIN), articles[p].id));
    struct Open {
        members: Vec<usize>,
        features: HashMap<Feature, f64>,
        /// The squared norm of `features`, kept up to date.
        norm2: f64,
        first_day: Option<i64>,
        last_day: Option<i64>,
    }
    let mut stories: Vec<Open> = Vec::new();
    let mut story_of: HashMap<u32, usize> = HashMap::new();
    // Feature → the stories holding it.
    let mut by_feature: HashMap<Feature, Vec<usize>> = HashMap::new();
    for p in order {
        let a = &articles[p];
        let f = &weighted[p];
        let norm = f.values().map(|x| x * x).sum::<f64>().sqrt();
        let copy_of = a.duplicate_of.and_then(|c| story_of.get(&c).copied());
        let best = copy_of.or_else(|| {
            // Candidates: the stories sharing one of the article's heaviest features; the
            // latest ones holding a common feature are enough, older ones have closed.
            let mut heavy: Vec<(&Feature, &f64)> = f.iter().collect();
            heavy.sort_by(|x, y| y.1.total_cmp(x.1).then(x.0.cmp(y.0)));
            let mut candidates: Vec<usize> = heavy
                .iter()
                .take(LOOKUP_FEATURES)
                .filter_map(|(k, _)| by_feature.get(*k))
                .flat_map(|ids| ids[ids.len().saturating_sub(RECENT_STORIES)..].iter())
                .copied()
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            candidates
                .into_iter()
                .map(|i| (i, &stories[i]))
                .filter(|(_, s)| match (s.first_day, s.last_day, day(p)) {
                    (Some(f), Some(l), Some(d)) => d - l <= window_days && d - f <= MAX_STORY_DAYS,
                    _ => true,
                })
                .filter_map(|(i, s)| {
                    let mut dot = 0.0;
                    for (k, x) in f {
                        if let Some(y) = s.features.get(k) {
                            dot += x * y;
                        }
                    }
                    let n = norm * s.norm2.sqrt();
                    let similarity = if n > 0.0 { dot / n } else { 0.0 };
                    (similarity >= w.join).then_some((i, similarity))
                })
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(i, _)| i)
        });
        let s = match best {
            Some(i) => i,
            None => {
                stories.push(Open {
                    members: Vec::new(),
                    features: HashMap::new(),
                    norm2: 0.0,
                    first_day: None,
                    last_day: None,
                });
                stories.len() - 1
            }
        };
        let story = &mut stories[s];
        story.members.push(p);
        for (&k, &x) in f {
            let slot = story.features.entry(k).or_default();
            if *slot == 0.0 {
                by_feature.entry(k).or_default().push(s);
            }
            story.norm2 += (*slot + x) * (*slot + x) - *slot * *slot;
            *slot += x;
        }
        story.last_day = story.last_day.max(day(p));
        if story.first_day.is_none() {
            story.first_day = day(p); // articles come in date order
        }
        story_of.insert(a.id, s);
    }
    if w.merge > 0.0 {
        // Stories close to each other as wholes are one: a story's first reports often differ
        // in words more than the story's centroid differs from another part of it.
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for (i, si) in stories.iter().enumerate() {
            let mut heavy: Vec<(&Feature, &f64)> = si.features.iter().collect();
            heavy.sort_by(|x, y| y.1.total_cmp(x.1).then(x.0.cmp(y.0)));
            let mut others: Vec<usize> = heavy
                .iter()
                .take(LOOKUP_FEATURES)
                .filter_map(|(k, _)| by_feature.get(*k))
                .flatten()
                .copied()
                .filter(|&j| j > i)
                .collect();
            others.sort_unstable();
            others.dedup();
            for j in others {
                let sj = &stories[j];
                let span = match (si.first_day, si.last_day, sj.first_day, sj.last_day) {
                    (Some(a), Some(b), Some(c), Some(d)) => b.max(d) - a.min(c),
                    _ => 0,
                };
                if span > MAX_STORY_DAYS {
                    continue;
                }
                let c = cosine(&si.features, si.norm2.sqrt(), &sj.features, sj.norm2.sqrt());
                if c >= w.merge {
                    pairs.push((c, i, j));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        let mut root: Vec<usize> = (0..stories.len()).collect();
        fn find(root: &mut [usize], mut i: usize) -> usize {
            while root[i] != i {
                root[i] = root[root[i]];
                i = root[i];
            }
            i
        }
        let mut span: Vec<(Option<i64>, Option<i64>)> =
            stories.iter().map(|s| (s.first_day, s.last_day)).collect();
        for (_, i, j) in pairs {
            let (a, b) = (find(&mut root, i), find(&mut root, j));
            if a == b {
                continue;
            }
            let joined = (
                span[a].0.into_iter().chain(span[b].0).min(),
                span[a].1.max(span[b].1),
            );
            if let (Some(f), Some(l)) = joined
                && l - f > MAX_STORY_DAYS
            {
                continue;
            }
            let (keep, gone) = (a.min(b), a.max(b));
            root[gone] = keep;
            span[keep] = joined;
        }
        let mut merged: Vec<Open> = Vec::new();
        let mut slot: HashMap<usize, usize> = HashMap::new();
        for (i, story) in stories.iter_mut().enumerate() {
            let r = find(&mut root, i);
            let at = *slot.entry(r).or_insert_with(|| {
                merged.push(Open {
                    members: Vec::new(),
                    features: HashMap::new(),
                    norm2: 0.0,
                    first_day: span[r].0,
                    last_day: span[r].1,
                });
                merged.len() - 1
            });
            merged[at].members.append(&mut story.members);
        }
        for m in &mut merged {
            m.members
                .sort_by_key(|&p| (day(p).unwrap_or(i64::MIN), articles[p].id));
        }
        stories = merged;
    }
    stories
        .into_iter()
        .map(|s| {
            let mut counts: HashMap<usize, usize> = HashMap::new();
            for &p in &s.members {
                for e in 0..articles[p].entities.len() {
                    if let Some(c) = r.of(p, e) {
                        *counts.entry(c).or_default() += 1;
                    }
                }
            }
            let mut top: Vec<(usize, usize)> = counts.into_iter().collect();
            top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let dates: Vec<&str> = s
                .members
                .iter()
                .filter_map(|&p| articles[p].published.as_deref())
                .collect();
            Story {
                // Its first article names it: the same id after articles are added.
                id: format!(
                    "s{}",
                    s.members
                        .iter()
                        .map(|&p| articles[p].id + 1)
                        .min()
                        .unwrap_or(0)
                ),
                articles: s.members.iter().map(|&p| articles[p].id).collect(),
                title: s.members.iter().find_map(|&p| articles[p].title.clone()),
                entities: top
                    .iter()
                    .take(5)
                    .map(|(c, _)| r.entities[*c].id.clone())
                    .collect(),
                first: dates.iter().min().map(|d| (*d).to_owned()),
                last: dates.iter().max().map(|d| (*d).to_owned()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EntityRecord;

    fn article(id: u32, date: &str, title: &str, names: &[&str]) -> ArticleRecord {
        ArticleRecord {
            id,
            file: format!("{id}.txt"),
            outlet: None,
            published: Some(date.to_owned()),
            title: Some(title.to_owned()),
            lead: String::new(),
            entities: names
                .iter()
                .map(|n| EntityRecord::new("PER", n, None))
                .collect(),
            events: Vec::new(),
            duplicate_of: None,
        }
    }

    #[test]
    fn days() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2023-09-13"), Some(19_613));
        assert_eq!(
            day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(),
            2
        );
    }

    #[test]
    fn same_story_together_unrelated_apart() {
        let arts = [
            article(
                0,
                "2023-09-12",
                "أرياس يصل إلى النرويج للقاء هالفورسن",
                &["ميغيل أرياس", "إريك هالفورسن"],
            ),
            article(
                1,
                "2023-09-13",
                "قمة بين هالفورسن وأرياس في ترومسو",
                &["إريك هالفورسن", "ميغيل أرياس", "سيرغي لافروف"],
            ),
            article(
                2,
                "2023-09-13",
                "ريال مدريد يفوز على برشلونة",
                &["كارلو أنشيلوتي", "تشافي هرنانديز"],
            ),
            // The same people a year later: another story.
            article(
                3,
                "2024-09-20",
                "أرياس وهالفورسن يلتقيان مجددا",
                &["ميغيل أرياس", "إريك هالفورسن"],
            ),
        ];
        let r = crate::resolve::resolve(&arts);
        let s = cluster(&arts, &r, 3);
        assert_eq!(s.len(), 3, "{s:?}");
        assert_eq!(s[0].articles, [0, 1]);
        assert_eq!(s[0].first.as_deref(), Some("2023-09-12"));
    }

    #[test]
    fn a_story_spans_two_weeks_at_most() {
        // The same two people every other day for a month: one story per fortnight, not one
        // story of the month.
        let arts: Vec<ArticleRecord> = (0..16)
            .map(|i| {
                article(
                    i,
                    &format!("2023-10-{:02}", 1 + 2 * i),
                    "مباحثات جديدة بين الوزيرين",
                    &["أنتوني بلينكن", "وانغ يي"],
                )
            })
            .collect();
        let r = crate::resolve::resolve(&arts);
        let s = cluster(&arts, &r, 3);
        assert!(s.len() >= 2, "{s:?}");
        for story in &s {
            let (f, l) = (
                story.first.as_deref().unwrap(),
                story.last.as_deref().unwrap(),
            );
            let days = day_number(l).unwrap() - day_number(f).unwrap();
            assert!(days <= MAX_STORY_DAYS, "{f}..{l}");
        }
        assert_eq!(s.iter().map(|x| x.articles.len()).sum::<usize>(), 16);
    }

    #[test]
    fn copies_join_their_original() {
        let mut copy = article(1, "2023-09-14", "عنوان آخر تماما", &[]);
        copy.duplicate_of = Some(0);
        let arts = [
            article(0, "2023-09-13", "قمة", &["ميغيل أرياس", "إريك هالفورسن"]),
            copy,
        ];
        let r = crate::resolve::resolve(&arts);
        let s = cluster(&arts, &r, 3);
        assert_eq!(s.len(), 1);
    }
}
