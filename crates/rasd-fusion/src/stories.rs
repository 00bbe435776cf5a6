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

/// The most days from a story's first article to its last: a story is what happened over days,
/// not a subject followed for months (on the news corpus, uncapped chains of daily articles on
/// one club or on gold prices ran for up to 136 days). The next article starts a new story.
pub const MAX_STORY_DAYS: i64 = 14;

/// Days since 1970 of a YYYY-MM-DD date.
pub fn day_number(date: &str) -> Option<i64> {
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
            join: 0.3,
            merge: 0.35,
        }
    }
}

impl std::str::FromStr for Weights {
    type Err = String;

    /// `title=2,lead=1,actor=1,place=1,join=0.3`: the defaults with the given ones changed.
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

/// Weights are kept in thousandths, as integers: a story's sums are then the same in whatever
/// order its articles were added, so clustering a collection in parts (the store adding a batch)
/// gives exactly what clustering it whole gives.
const SCALE: f64 = 1000.0;

/// How many of its heaviest features an article (or a story, to find stories to merge with)
/// looks up candidate stories by.
const LOOKUP_FEATURES: usize = 16;

/// The most open stories an article is compared with (those with the latest articles).
const MAX_CANDIDATES: usize = 500;

/// What an article brings to story clustering. It depends on the article alone (and bundled
/// data), never on the rest of the collection.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryInput {
    /// The article's id (any stable number; copies name their original by it).
    pub article: u32,
    /// Its publication day (days since 1970).
    pub day: Option<i64>,
    /// The article it is a near-duplicate copy of.
    pub copy_of: Option<u32>,
    /// Features and their weights in thousandths, heaviest first.
    features: Vec<(Feature, i64)>,
}

impl StoryInput {
    /// The order articles are clustered in: by day (undated first), then id.
    pub fn order_key(&self) -> (i64, u32) {
        (self.day.unwrap_or(i64::MIN), self.article)
    }
}

/// The keys an entity is compared by across articles, from the article alone: its English
/// name when known, and each way the article writes it, by the transliteration keys of its
/// words («كيم جونغ أون» and «كيم» in one article meet either in another).
fn entity_keys(e: &crate::EntityRecord) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    if let Some(en) = &e.name_en {
        keys.push(format!("{}:{}", e.ty, en.to_lowercase()));
    }
    for name in std::iter::once(&e.name).chain(&e.aliases) {
        let words = crate::resolve::name_words(name);
        if words.is_empty() {
            continue;
        }
        let key: Vec<String> = words
            .iter()
            .map(|w| rasd_ner::entities::phonetic_key(w))
            .collect();
        keys.push(format!("{}:{}", e.ty, key.join(" ")));
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// What article `a` (clustered as `id`) brings to a story.
pub fn input(id: u32, a: &ArticleRecord, copy_of: Option<u32>, w: &Weights) -> StoryInput {
    let rarity = crate::words::WordRarity::bundled();
    let mut f: HashMap<Feature, f64> = HashMap::new();
    for ent in &a.entities {
        let stems = crate::words::stems(&ent.name);
        // As rare as its words are in the news: «قطر» weighs less than a minister's name.
        let idf = if stems.is_empty() {
            ((rarity.documents() + 1) as f64).ln()
        } else {
            stems.iter().map(|s| rarity.idf(s, 0, 0)).sum::<f64>() / stems.len() as f64
        };
        let (kind, flag) = if ent.ty == "LOC" {
            (w.place, PLACE)
        } else {
            (w.actor, 0)
        };
        // An entity weighs as much however many ways the article writes it: its keys share
        // its weight, their squares summing to its square (an entity written three ways
        // otherwise counts three times against the words of the title and lead).
        let keys = entity_keys(ent);
        let share = 1.0 / (keys.len().max(1) as f64).sqrt();
        let weight = kind * (ent.mentions.max(1) as f64).sqrt() * idf * share;
        for key in keys {
            let key = word_feature(&key) | ENTITY | flag;
            *f.entry(key).or_default() += weight;
        }
    }
    let mut counts: HashMap<Feature, (f64, f64, String)> = HashMap::new();
    if let Some(t) = &a.title {
        for s in crate::words::stems(t) {
            let c = counts.entry(word_feature(&s)).or_default();
            c.0 = 1.0;
            c.2 = s;
        }
    }
    for s in crate::words::stems(&a.lead) {
        let c = counts.entry(word_feature(&s)).or_default();
        c.1 += 1.0;
        c.2 = s;
    }
    for (k, (t, l, stem)) in counts {
        let lead = if l > 0.0 { 1.0 + l.ln() } else { 0.0 };
        f.insert(k, (w.title * t + w.lead * lead) * rarity.idf(&stem, 0, 0));
    }
    let mut features: Vec<(Feature, i64)> = f
        .into_iter()
        .map(|(k, x)| (k, (x * SCALE).round() as i64))
        .filter(|&(_, x)| x > 0)
        .collect();
    features.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    StoryInput {
        article: id,
        day: a.published.as_deref().and_then(day_number),
        copy_of,
        features,
    }
}

/// What clustering did with one article: the story it joined (named by the story's first
/// article), and the story merged into another after it joined, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// The article.
    pub article: u32,
    /// The story it joined (its own id when it started one).
    pub story: u32,
    /// `(gone, into)`: story `gone` merged into story `into` after the article joined.
    pub merged: Option<(u32, u32)>,
}

/// A story still taking articles.
#[derive(Clone, Debug)]
struct OpenStory {
    members: Vec<u32>,
    features: HashMap<Feature, i64>,
    norm2: i128,
    first_day: Option<i64>,
    last_day: Option<i64>,
    /// Only some of its articles are known (a restored story that began before the articles
    /// replayed): it is closed by then and is dropped.
    partial: bool,
}

impl OpenStory {
    fn new() -> Self {
        OpenStory {
            members: Vec::new(),
            features: HashMap::new(),
            norm2: 0,
            first_day: None,
            last_day: None,
            partial: false,
        }
    }

    fn closed_on(&self, day: i64, window_days: i64) -> bool {
        match (self.first_day, self.last_day) {
            (Some(f), Some(l)) => day - l > window_days || day - f > MAX_STORY_DAYS,
            _ => false,
        }
    }

    /// Its heaviest features, heaviest first.
    fn heavy(&self) -> Vec<Feature> {
        let mut v: Vec<(&Feature, &i64)> = self.features.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        v.into_iter()
            .take(LOOKUP_FEATURES)
            .map(|(k, _)| *k)
            .collect()
    }
}

fn similarity(dot: i128, a: i128, b: i128) -> f64 {
    let n = (a as f64).sqrt() * (b as f64).sqrt();
    if n > 0.0 { dot as f64 / n } else { 0.0 }
}

/// A closed story: its articles in clustering order, and its first and last days.
#[derive(Clone, Debug)]
pub struct ClosedStory {
    /// Its id: its first article's.
    pub key: u32,
    /// Its articles, in the order they joined.
    pub members: Vec<u32>,
}

/// Online story clustering: articles come in [`StoryInput::order_key`] order; each joins the
/// open story most similar to it or starts one, and the story it joined then merges with the
/// open story closest to it as a whole, if close enough.
///
/// The state is the open stories alone, and each [`Step`] is recorded, so that the clustering
/// can go on later from any point: [`Clusterer::replay`] rebuilds the open stories from the
/// steps of the articles before it, and adding the rest gives what one pass over all would.
#[derive(Debug)]
pub struct Clusterer {
    weights: Weights,
    window_days: i64,
    open: HashMap<u32, OpenStory>,
    by_feature: HashMap<Feature, std::collections::BTreeSet<u32>>,
    story_of: HashMap<u32, u32>,
    today: Option<i64>,
    closed: Vec<ClosedStory>,
}

impl Clusterer {
    /// No stories yet.
    pub fn new(window_days: i64, weights: Weights) -> Self {
        Clusterer {
            weights,
            window_days,
            open: HashMap::new(),
            by_feature: HashMap::new(),
            story_of: HashMap::new(),
            today: None,
            closed: Vec::new(),
        }
    }

    /// Rebuilds the open stories from recorded steps: `steps` with the inputs of their articles,
    /// in clustering order, covering every article of the stories still open at the next
    /// article to add (all articles from [`MAX_STORY_DAYS`] + 1 days before it do), whose day
    /// is `next_day`. Stories whose first article is not among them began earlier, and stories
    /// closed by `next_day` take no more articles: both are dropped, so that going on touches
    /// only the stories still open.
    pub fn replay(
        window_days: i64,
        weights: Weights,
        steps: &[(Step, &StoryInput)],
        next_day: Option<i64>,
    ) -> Result<Self, String> {
        let mut c = Clusterer::new(window_days, weights);
        for (step, input) in steps {
            if step.article != input.article {
                return Err(format!(
                    "step of article {} given with article {}",
                    step.article, input.article
                ));
            }
            c.open.entry(step.story).or_insert_with(|| OpenStory {
                partial: step.story != input.article,
                ..OpenStory::new()
            });
            c.join(step.story, input);
            if let Some((gone, into)) = step.merged {
                // A story none of whose articles is replayed began before them: the merged
                // story is closed by the end, like any partial one.
                for k in [gone, into] {
                    c.open.entry(k).or_insert_with(|| OpenStory {
                        partial: true,
                        ..OpenStory::new()
                    });
                }
                c.merge(gone, into);
            }
        }
        let partial: Vec<u32> = c
            .open
            .iter()
            .filter(|(_, s)| s.partial || next_day.is_some_and(|d| s.closed_on(d, window_days)))
            .map(|(&k, _)| k)
            .collect();
        for k in partial {
            c.drop_story(k);
        }
        c.closed.clear();
        Ok(c)
    }

    /// Adds an article; inputs come in [`StoryInput::order_key`] order.
    pub fn add(&mut self, input: &StoryInput) -> Step {
        if let Some(d) = input.day
            && self.today.is_none_or(|t| d > t)
        {
            self.today = Some(d);
            self.close_on(d);
        }
        let w = self.weights;
        let copy = input.copy_of.and_then(|c| self.story_of.get(&c).copied());
        let best = copy.or_else(|| {
            let norm2: i128 = input
                .features
                .iter()
                .map(|(_, x)| i128::from(*x) * i128::from(*x))
                .sum();
            let heavy: Vec<Feature> = input
                .features
                .iter()
                .take(LOOKUP_FEATURES)
                .map(|(k, _)| *k)
                .collect();
            self.candidates(&heavy, None)
                .into_iter()
                .filter_map(|k| {
                    let s = &self.open[&k];
                    let dot: i128 = input
                        .features
                        .iter()
                        .filter_map(|(f, x)| s.features.get(f).map(|y| i128::from(*x * *y)))
                        .sum();
                    let sim = similarity(dot, norm2, s.norm2);
                    (sim >= w.join).then_some((sim, k))
                })
                .max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
                .map(|(_, k)| k)
        });
        let story = match best {
            Some(k) => k,
            None => {
                self.open.insert(input.article, OpenStory::new());
                input.article
            }
        };
        self.join(story, input);
        let merged = if w.merge > 0.0 && best.is_some() {
            self.closest_to(story).map(|other| {
                let (gone, into) = if self.older(other, story) {
                    (story, other)
                } else {
                    (other, story)
                };
                self.merge(gone, into);
                (gone, into)
            })
        } else {
            None
        };
        Step {
            article: input.article,
            story,
            merged,
        }
    }

    /// Every story, closed and open, with its articles in clustering order.
    pub fn finish(mut self) -> Vec<ClosedStory> {
        let keys: Vec<u32> = self.open.keys().copied().collect();
        for k in keys {
            self.close(k);
        }
        self.closed
    }

    /// The stories closed since the last call (open ones stay).
    pub fn take_closed(&mut self) -> Vec<ClosedStory> {
        std::mem::take(&mut self.closed)
    }

    /// The open stories, with their articles in clustering order.
    pub fn open_stories(&self) -> Vec<ClosedStory> {
        let mut v: Vec<ClosedStory> = self
            .open
            .iter()
            .map(|(&key, s)| ClosedStory {
                key,
                members: s.members.clone(),
            })
            .collect();
        v.sort_by_key(|s| s.key);
        v
    }

    /// Whether story `a` began before story `b` (in clustering order).
    fn older(&self, a: u32, b: u32) -> bool {
        let first = |k: u32| (self.open[&k].first_day.unwrap_or(i64::MIN), k);
        first(a) < first(b)
    }

    /// Open stories holding any of `features`, but `except`: those with the latest articles
    /// first when there are too many.
    fn candidates(&self, features: &[Feature], except: Option<u32>) -> Vec<u32> {
        let mut keys: Vec<u32> = features
            .iter()
            .filter_map(|k| self.by_feature.get(k))
            .flatten()
            .copied()
            .filter(|&k| Some(k) != except)
            .collect();
        keys.sort_unstable();
        keys.dedup();
        if keys.len() > MAX_CANDIDATES {
            keys.sort_by_key(|k| std::cmp::Reverse((self.open[k].last_day, *k)));
            keys.truncate(MAX_CANDIDATES);
            keys.sort_unstable();
        }
        keys
    }

    /// The open story closest to story `key` as a whole, if close enough to merge and the two
    /// together span no more than [`MAX_STORY_DAYS`].
    fn closest_to(&self, key: u32) -> Option<u32> {
        let s = &self.open[&key];
        self.candidates(&s.heavy(), Some(key))
            .into_iter()
            .filter_map(|k| {
                let t = &self.open[&k];
                if let (Some(a), Some(b), Some(c), Some(d)) =
                    (s.first_day, s.last_day, t.first_day, t.last_day)
                    && b.max(d) - a.min(c) > MAX_STORY_DAYS
                {
                    return None;
                }
                let (small, large) = if s.features.len() <= t.features.len() {
                    (s, t)
                } else {
                    (t, s)
                };
                let dot: i128 = small
                    .features
                    .iter()
                    .filter_map(|(f, x)| {
                        large
                            .features
                            .get(f)
                            .map(|y| i128::from(*x) * i128::from(*y))
                    })
                    .sum();
                let sim = similarity(dot, s.norm2, t.norm2);
                (sim >= self.weights.merge).then_some((sim, k))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
            .map(|(_, k)| k)
    }

    fn join(&mut self, key: u32, input: &StoryInput) {
        let s = self.open.get_mut(&key).expect("joined story is open");
        s.members.push(input.article);
        for &(f, x) in &input.features {
            let slot = s.features.entry(f).or_default();
            if *slot == 0 {
                self.by_feature.entry(f).or_default().insert(key);
            }
            s.norm2 += i128::from(*slot + x) * i128::from(*slot + x)
                - i128::from(*slot) * i128::from(*slot);
            *slot += x;
        }
        s.last_day = s.last_day.max(input.day);
        if s.first_day.is_none() {
            s.first_day = input.day; // articles come in date order
        }
        self.story_of.insert(input.article, key);
    }

    fn merge(&mut self, gone: u32, into: u32) {
        let g = self.open.remove(&gone).expect("merged story is open");
        for f in g.features.keys() {
            if let Some(set) = self.by_feature.get_mut(f) {
                set.remove(&gone);
                set.insert(into);
            }
        }
        for m in &g.members {
            self.story_of.insert(*m, into);
        }
        let s = self.open.get_mut(&into).expect("story merged into is open");
        for (f, x) in g.features {
            *s.features.entry(f).or_default() += x;
        }
        s.norm2 = s
            .features
            .values()
            .map(|x| i128::from(*x) * i128::from(*x))
            .sum();
        s.members.extend(g.members);
        s.first_day = match (s.first_day, g.first_day) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        s.last_day = s.last_day.max(g.last_day);
        s.partial |= g.partial;
    }

    fn close_on(&mut self, day: i64) {
        let mut gone: Vec<u32> = self
            .open
            .iter()
            .filter(|(_, s)| s.closed_on(day, self.window_days))
            .map(|(&k, _)| k)
            .collect();
        gone.sort_unstable();
        for k in gone {
            self.close(k);
        }
    }

    /// Removes an open story, keeping it as closed.
    fn close(&mut self, key: u32) {
        if let Some(s) = self.remove(key) {
            self.closed.push(ClosedStory {
                key,
                members: s.members,
            });
        }
    }

    fn drop_story(&mut self, key: u32) {
        self.remove(key);
    }

    fn remove(&mut self, key: u32) -> Option<OpenStory> {
        let s = self.open.remove(&key)?;
        for f in s.features.keys() {
            if let Some(set) = self.by_feature.get_mut(f) {
                set.remove(&key);
                if set.is_empty() {
                    self.by_feature.remove(f);
                }
            }
        }
        for m in &s.members {
            self.story_of.remove(m);
        }
        Some(s)
    }
}

/// Cluster articles into stories. `window_days`: how long after its last article a story
/// still takes new ones.
pub fn cluster(articles: &[ArticleRecord], r: &Resolution, window_days: i64) -> Vec<Story> {
    cluster_with(articles, r, window_days, &Weights::default())
}

/// [`cluster`] with the given weights.
pub fn cluster_with(
    articles: &[ArticleRecord],
    r: &Resolution,
    window_days: i64,
    w: &Weights,
) -> Vec<Story> {
    cluster_steps(articles, r, window_days, w).0
}

/// [`cluster_with`], with the step each article took (in clustering order): what a store
/// keeps to go on later ([`Clusterer::replay`]). Articles are clustered by their `id`s, and
/// copies name their originals by `duplicate_of`.
pub fn cluster_steps(
    articles: &[ArticleRecord],
    r: &Resolution,
    window_days: i64,
    w: &Weights,
) -> (Vec<Story>, Vec<Step>) {
    let mut inputs: Vec<StoryInput> = articles
        .iter()
        .map(|a| input(a.id, a, a.duplicate_of, w))
        .collect();
    inputs.sort_by_key(StoryInput::order_key);
    let mut c = Clusterer::new(window_days, *w);
    let steps: Vec<Step> = inputs.iter().map(|i| c.add(i)).collect();
    let stories = stories_of(c.finish(), articles, r);
    (stories, steps)
}

/// The stories of clustered articles, in the order of their first articles.
pub fn stories_of(
    mut clusters: Vec<ClosedStory>,
    articles: &[ArticleRecord],
    r: &Resolution,
) -> Vec<Story> {
    let position: HashMap<u32, usize> = articles
        .iter()
        .enumerate()
        .map(|(p, a)| (a.id, p))
        .collect();
    clusters.sort_by_key(|s| clustering_order(&articles[position[&s.key]]));
    clusters
        .iter()
        .map(|s| {
            let members: Vec<usize> = s.members.iter().map(|a| position[a]).collect();
            story_of_members(s.key, &members, articles, r)
        })
        .collect()
}

/// The order articles are clustered in: by publication day (undated first), then id; the
/// [`StoryInput::order_key`] of the article.
pub fn clustering_order(a: &ArticleRecord) -> (i64, u32) {
    (
        a.published
            .as_deref()
            .and_then(day_number)
            .unwrap_or(i64::MIN),
        a.id,
    )
}

/// The story of `members` (positions in `articles`), named by its first article `key`.
pub fn story_of_members(
    key: u32,
    members: &[usize],
    articles: &[ArticleRecord],
    r: &Resolution,
) -> Story {
    let mut members = members.to_vec();
    members.sort_by_key(|&p| clustering_order(&articles[p]));
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for &p in &members {
        for e in 0..articles[p].entities.len() {
            if let Some(c) = r.of(p, e) {
                *counts.entry(c).or_default() += 1;
            }
        }
    }
    let mut top: Vec<(usize, usize)> = counts.into_iter().collect();
    top.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(r.entities[a.0].id.cmp(&r.entities[b.0].id))
    });
    let dates: Vec<&str> = members
        .iter()
        .filter_map(|&p| articles[p].published.as_deref())
        .collect();
    Story {
        // Its first article names it: the same id after articles are added.
        id: format!("s{}", u64::from(key) + 1),
        articles: members.iter().map(|&p| articles[p].id).collect(),
        title: members.iter().find_map(|&p| articles[p].title.clone()),
        entities: top
            .iter()
            .take(5)
            .map(|(c, _)| r.entities[*c].id.clone())
            .collect(),
        first: dates.iter().min().map(|d| (*d).to_owned()),
        last: dates.iter().max().map(|d| (*d).to_owned()),
    }
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

    /// Articles of two months on a few subjects, with overlapping words and names: enough to
    /// start, join, close and merge stories.
    fn two_months() -> Vec<ArticleRecord> {
        let subjects = [
            ("فيضانات تضرب مدينة ألفا", "مارتا ألفا"),
            ("انتخابات برلمانية في بيتا", "يوهان بيتا"),
            ("زلزال يضرب جزيرة غاما", "ليو غاما"),
            ("مفاوضات تجارية بين دلتا وإبسيلون", "كارلا دلتا"),
        ];
        let extra = ["عاجل", "تقرير", "متابعة", "تحديث", "مراسل"];
        let mut v = Vec::new();
        for i in 0..120u32 {
            let (title, person) = subjects[(i as usize * 7 + i as usize / 5) % subjects.len()];
            // Two months: replays start well after the first stories.
            let day = 1 + (i * 58 / 120);
            let date = if day <= 31 {
                format!("2023-05-{day:02}")
            } else {
                format!("2023-06-{:02}", day - 31)
            };
            let mut a = article(
                i,
                &date,
                &format!("{title} {}", extra[i as usize % extra.len()]),
                &[person],
            );
            a.lead = format!("{title} اليوم {}", extra[(i as usize / 3) % extra.len()]);
            if i % 11 == 10 {
                a.duplicate_of = Some(i - 1);
            }
            v.push(a);
        }
        v
    }

    fn run(inputs: &[StoryInput], c: &mut Clusterer) -> Vec<Step> {
        inputs.iter().map(|i| c.add(i)).collect()
    }

    fn partition(mut stories: Vec<ClosedStory>) -> Vec<(u32, Vec<u32>)> {
        let mut v: Vec<(u32, Vec<u32>)> = stories
            .drain(..)
            .map(|s| {
                let mut m = s.members;
                m.sort_unstable();
                (s.key, m)
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn going_on_from_recorded_steps_equals_one_pass() {
        // Strict joins, loose merges: stories start apart and merge.
        let w: Weights = "join=0.6,merge=0.2".parse().unwrap();
        let arts = two_months();
        let mut inputs: Vec<StoryInput> = arts
            .iter()
            .map(|a| input(a.id, a, a.duplicate_of, &w))
            .collect();
        inputs.sort_by_key(StoryInput::order_key);
        let mut whole = Clusterer::new(3, w);
        let steps = run(&inputs, &mut whole);
        assert!(
            steps.iter().any(|s| s.merged.is_some()),
            "no merge exercised"
        );
        let whole = partition(whole.finish());
        assert!(
            whole.len() > 4 && whole.iter().any(|s| s.1.len() > 3),
            "{whole:?}"
        );
        for cut in [1, 17, 40, 41, 77, 90, 104, 119] {
            let day = inputs[cut].day.unwrap();
            // The steps of the articles of the last MAX_STORY_DAYS + 1 days before the cut.
            let from = inputs[..cut]
                .iter()
                .position(|i| i.day.unwrap() >= day - MAX_STORY_DAYS - 1)
                .unwrap();
            let recorded: Vec<(Step, &StoryInput)> = steps[from..cut]
                .iter()
                .copied()
                .zip(&inputs[from..cut])
                .collect();
            let mut c = Clusterer::replay(3, w, &recorded, Some(day)).unwrap();
            let later = run(&inputs[cut..], &mut c);
            assert_eq!(later, steps[cut..], "steps after the cut at {cut}");
        }
    }

    #[test]
    fn an_entity_weighs_the_same_however_many_ways_it_is_written() {
        let norm = |a: &ArticleRecord| -> i128 {
            input(a.id, a, None, &Weights::default())
                .features
                .iter()
                .filter(|(f, _)| f & ENTITY != 0)
                .map(|(_, x)| i128::from(*x) * i128::from(*x))
                .sum()
        };
        let once = article(1, "2023-05-01", "", &["مارتا ألفا"]);
        let mut thrice = once.clone();
        thrice.entities[0].aliases = vec!["ألفا".to_owned(), "مارتا".to_owned()];
        let (a, b) = (norm(&once), norm(&thrice));
        assert_eq!(
            input(1, &thrice, None, &Weights::default()).features.len(),
            3
        );
        // Equal up to the rounding of each key's weight to thousandths.
        assert!((a - b).abs() * 1000 < a, "{a} vs {b}");
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
