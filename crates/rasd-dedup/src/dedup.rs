//! The deduper: fingerprints in, groups out.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::fingerprint::{Fingerprint, Scratch, jaccard, jaccard_bound};
use crate::hash::{Combine, fmix64};
use crate::{DedupError, DedupParams, DedupStats, Doc, DupGroup, DupMember, date};

/// Seeds of the MinHash coefficients and of the band keys.
const MINHASH_SEED: u64 = 0x7261_7364_2d6d_696e; // "rasd-min"
const BAND_SEED: u64 = 0x7261_7364_2d62_616e; // "rasd-ban"
const DENSIFY_SEED: u64 = 0x7261_7364_2d64_656e; // "rasd-den"

/// An LSH bucket with more articles than this is not expanded into all its pairs: each
/// member is compared with the bucket's first member and with the member before it (enough
/// to connect a bucket of near-copies; union-find does the rest). Keeps the number of
/// candidate pairs linear when many near-identical texts share a band.
const FULL_BUCKET: usize = 64;

/// In a component of at most this many texts, a text is also compared with the canonical
/// texts LSH did not pair it with (LSH misses a few pairs near the threshold); in a larger
/// one, only the pairs LSH found count, which keeps a component's work linear in its size.
const SMALL_COMPONENT: usize = 256;

/// Groups exact and near-duplicate articles. Add articles with [`Deduper::add`] or, on all
/// cores, [`Deduper::add_all`]; then [`Deduper::groups`] finds the groups of everything added
/// so far. The deduper keeps each article's shingle hashes (4 bytes per distinct shingle),
/// never its text.
pub struct Deduper {
    params: DedupParams,
    entries: Vec<Entry>,
    shingles: Vec<u32>,
    scratch: Scratch,
}

/// One added article.
#[derive(Clone, Copy)]
struct Entry {
    id: u32,
    date: Option<i64>,
    content: u64,
    /// Its shingles: `shingles[start..start + len]` (empty for a text too short to group).
    start: usize,
    len: u32,
}

impl std::fmt::Debug for Deduper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deduper")
            .field("params", &self.params)
            .field("articles", &self.entries.len())
            .finish_non_exhaustive()
    }
}

impl Deduper {
    /// A deduper with these parameters, once they are checked.
    pub fn new(params: DedupParams) -> Result<Self, DedupError> {
        params.validate()?;
        Ok(Self {
            params,
            entries: Vec::new(),
            shingles: Vec::new(),
            scratch: Scratch::default(),
        })
    }

    /// The parameters.
    pub fn params(&self) -> &DedupParams {
        &self.params
    }

    /// Articles added so far.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no article was added.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Add an article: `id` is returned in the groups as given; `date` is its publication
    /// date in ISO 8601 (`2018-03-01`, `2018-03-01T14:05:00+03:00`), used to pick the
    /// canonical article of a group. A date that does not parse counts as missing.
    pub fn add(&mut self, id: u32, text: &str, date: Option<&str>) {
        let fp = Fingerprint::new(
            text,
            self.params.shingle,
            self.params.min_words,
            &mut self.scratch,
        );
        self.push(id, date.and_then(date::key), fp);
    }

    /// Add articles in order, fingerprinting them on all cores (rayon).
    pub fn add_all(&mut self, docs: &[Doc<'_>]) {
        let (k, min_words) = (self.params.shingle, self.params.min_words);
        let fps: Vec<(Option<i64>, Fingerprint)> = docs
            .par_iter()
            .map_init(Scratch::default, |scratch, d| {
                (
                    d.date.and_then(date::key),
                    Fingerprint::new(d.text, k, min_words, scratch),
                )
            })
            .collect();
        self.entries.reserve(docs.len());
        for (d, (date, fp)) in docs.iter().zip(fps) {
            self.push(d.id, date, fp);
        }
    }

    fn push(&mut self, id: u32, date: Option<i64>, fp: Fingerprint) {
        self.entries.push(Entry {
            id,
            date,
            content: fp.content,
            start: self.shingles.len(),
            len: u32::try_from(fp.shingles.len()).expect("fewer than 2^32 shingles in a text"),
        });
        self.shingles.extend_from_slice(&fp.shingles);
    }

    fn shingles_of(&self, e: &Entry) -> &[u32] {
        &self.shingles[e.start..e.start + e.len as usize]
    }

    /// The groups of two or more articles among those added (see [`Deduper::groups_with_stats`]).
    pub fn groups(&self) -> Vec<DupGroup> {
        self.groups_with_stats().0
    }

    /// The groups of two or more articles among those added, and counts of the work done.
    ///
    /// Groups come in the order their canonical articles were added; within a group the
    /// canonical article comes first and the others follow by date (undated ones last, ties
    /// in the order added). The result does not depend on the number of threads.
    pub fn groups_with_stats(&self) -> (Vec<DupGroup>, DedupStats) {
        let p = &self.params;
        let mut stats = DedupStats {
            articles: self.entries.len(),
            ..DedupStats::default()
        };

        // 1. Exact copies: one representative per content hash, the first added.
        let mut first: HashMap<u64, u32> = HashMap::new();
        let mut rep_of = vec![u32::MAX; self.entries.len()];
        let mut reps: Vec<u32> = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            if e.len == 0 {
                stats.short += 1;
                continue;
            }
            let local = *first.entry(e.content).or_insert_with(|| {
                reps.push(i as u32);
                (reps.len() - 1) as u32
            });
            rep_of[i] = local;
        }
        stats.distinct = reps.len();

        // 2. MinHash signatures of the representatives.
        let h = p.hashes;
        let mut sigs = vec![0u32; reps.len() * h];
        sigs.par_chunks_mut(h)
            .zip(&reps)
            .for_each_init(Vec::new, |filled, (sig, &r)| {
                minhash(self.shingles_of(&self.entries[r as usize]), sig, filled);
            });

        // 3. LSH: articles that agree on every row of some band are candidates.
        let rows = h / p.bands;
        let mut keys = vec![(0u64, 0u32); reps.len() * p.bands];
        keys.par_chunks_mut(p.bands)
            .zip(sigs.par_chunks(h))
            .enumerate()
            .for_each(|(local, (out, sig))| {
                for (band, (slot, vals)) in out.iter_mut().zip(sig.chunks(rows)).enumerate() {
                    let mut k = Combine::new(BAND_SEED ^ band as u64);
                    for &v in vals {
                        k.add(u64::from(v));
                    }
                    *slot = (k.finish(), local as u32);
                }
            });
        drop(sigs);
        keys.par_sort_unstable();
        let mut pairs: Vec<u64> = Vec::new();
        for bucket in keys.chunk_by(|x, y| x.0 == y.0) {
            stats.largest_bucket = stats.largest_bucket.max(bucket.len());
            if bucket.len() <= FULL_BUCKET {
                for (n, x) in bucket.iter().enumerate() {
                    for y in &bucket[n + 1..] {
                        pairs.push(pair(x.1, y.1));
                    }
                }
            } else {
                for (n, x) in bucket.iter().enumerate().skip(1) {
                    pairs.push(pair(bucket[0].1, x.1));
                    if n > 1 {
                        pairs.push(pair(bucket[n - 1].1, x.1));
                    }
                }
            }
        }
        drop(keys);
        pairs.par_sort_unstable();
        pairs.dedup();
        stats.candidates = pairs.len();

        // 4. Verify each candidate on the exact shingle sets.
        let similar: Vec<(u64, f64)> = pairs
            .into_par_iter()
            .filter_map(|pr| {
                let (x, y) = unpair(pr);
                let ex = &self.entries[reps[x as usize] as usize];
                let ey = &self.entries[reps[y as usize] as usize];
                if jaccard_bound(ex.len as usize, ey.len as usize) < p.threshold {
                    return None;
                }
                let sim = jaccard(self.shingles_of(ex), self.shingles_of(ey));
                (sim >= p.threshold).then_some((pr, sim))
            })
            .collect();
        stats.similar_pairs = similar.len();

        // 5. Connected components of the similar pairs (union-find over representatives).
        let mut sets = UnionFind::new(reps.len());
        for &(pr, _) in &similar {
            let (x, y) = unpair(pr);
            sets.union(x, y);
        }
        // Each representative's articles, in the order added, and its earliest article.
        let mut articles_of: Vec<Vec<u32>> = vec![Vec::new(); reps.len()];
        for (i, &local) in rep_of.iter().enumerate() {
            if local != u32::MAX {
                articles_of[local as usize].push(i as u32);
            }
        }
        let order = |i: u32| {
            let e = &self.entries[i as usize];
            (e.date.is_none(), e.date, i)
        };
        let earliest: Vec<(bool, Option<i64>, u32)> = articles_of
            .iter()
            .map(|a| {
                a.iter()
                    .map(|&i| order(i))
                    .min()
                    .expect("a representative has an article")
            })
            .collect();
        // The dates of a representative's articles, sorted: a near-copy may be close in time
        // to any exact copy of a canonical text.
        let dates: Vec<Vec<i64>> = articles_of
            .iter()
            .map(|a| {
                let mut d: Vec<i64> = a
                    .iter()
                    .filter_map(|&i| self.entries[i as usize].date)
                    .collect();
                d.sort_unstable();
                d
            })
            .collect();
        let mut component_of_root = vec![u32::MAX; reps.len()];
        let mut components: Vec<Vec<u32>> = Vec::new();
        for local in 0..reps.len() as u32 {
            let root = sets.find(local) as usize;
            if component_of_root[root] == u32::MAX {
                component_of_root[root] = components.len() as u32;
                components.push(Vec::new());
            }
            components[component_of_root[root] as usize].push(local);
        }
        drop(component_of_root);
        components.retain(|c| c.len() >= 2 || articles_of[c[0] as usize].len() >= 2);
        let neighbours = Neighbours::new(reps.len(), &similar);
        drop(similar);

        // 6. Within a component, groups form around their earliest article. In date order, a
        // text joins the group it is closest to: through the group's canonical text (at least
        // `threshold` similar) or through a member it nearly copies (at least
        // `link_threshold`), within the window of days of the canonical text; a text
        // close to none starts a group. So templates (telegrams, statements) whose fills
        // differ do not chain up into one group, while a near-copy of a reprint stays with
        // the reprint.
        let window = p.window_days.map(|d| i64::from(d) * 86_400);
        let shingles_of_rep =
            |local: u32| self.shingles_of(&self.entries[reps[local as usize] as usize]);
        let mut groups: Vec<(u32, DupGroup)> = components
            .into_par_iter()
            .flat_map_iter(|mut comp| {
                comp.sort_by_key(|&r| earliest[r as usize]);
                // Groups as (canonical text, members with their similarity to it).
                let mut stars: Vec<(u32, Vec<(u32, f64)>)> = Vec::new();
                let mut star_of: HashMap<u32, usize> = HashMap::new();
                let small = comp.len() <= SMALL_COMPONENT;
                for &r in &comp {
                    let in_window = |s: usize| {
                        window.is_none_or(|w| {
                            closest(&dates[r as usize], &dates[stars[s].0 as usize])
                                .is_none_or(|gap| gap <= w)
                        })
                    };
                    // (similarity, group, whether through the canonical text): the most
                    // similar wins, then the earliest group.
                    let mut chosen: Option<(f64, usize, bool)> = None;
                    let mut offer = |sim: f64, s: usize, canonical: bool| {
                        if chosen.is_none_or(|(b, bs, _)| sim > b || (sim == b && s < bs)) {
                            chosen = Some((sim, s, canonical));
                        }
                    };
                    // Verified pairs are at least `threshold` similar.
                    for &(n, sim) in neighbours.of(r) {
                        if let Some(&s) = star_of.get(&n) {
                            let canonical = stars[s].0 == n;
                            if (canonical || sim >= p.link_threshold) && in_window(s) {
                                offer(sim, s, canonical);
                            }
                        }
                    }
                    if small {
                        // Canonical texts LSH did not pair with this one.
                        for (s, star) in stars.iter().enumerate() {
                            if in_window(s) && !neighbours.of(r).iter().any(|n| n.0 == star.0) {
                                let sim = jaccard(shingles_of_rep(r), shingles_of_rep(star.0));
                                if sim >= p.threshold {
                                    offer(sim, s, true);
                                }
                            }
                        }
                    }
                    let chosen = chosen.map(|(sim, s, canonical)| (s, canonical.then_some(sim)));
                    match chosen {
                        Some((s, sim)) => {
                            let sim = sim.unwrap_or_else(|| {
                                jaccard(shingles_of_rep(r), shingles_of_rep(stars[s].0))
                            });
                            stars[s].1.push((r, sim));
                            star_of.insert(r, s);
                        }
                        None => {
                            star_of.insert(r, stars.len());
                            stars.push((r, vec![(r, 1.0)]));
                        }
                    }
                }
                stars
                    .into_iter()
                    .filter_map(|(_, reps_in)| {
                        let mut m: Vec<(u32, f64, bool)> = reps_in
                            .iter()
                            .enumerate()
                            .flat_map(|(n, &(r, sim))| {
                                articles_of[r as usize]
                                    .iter()
                                    .map(move |&i| (i, sim, n == 0))
                            })
                            .collect();
                        if m.len() < 2 {
                            return None;
                        }
                        m.sort_by_key(|x| order(x.0));
                        let canon = self.entries[m[0].0 as usize];
                        let group = DupGroup {
                            canonical: canon.id,
                            members: m
                                .iter()
                                .map(|&(i, sim, exact)| DupMember {
                                    id: self.entries[i as usize].id,
                                    similarity: sim,
                                    exact,
                                })
                                .collect(),
                        };
                        Some((m[0].0, group))
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        groups.sort_unstable_by_key(|g| g.0);
        let groups: Vec<DupGroup> = groups.into_iter().map(|g| g.1).collect();
        stats.groups = groups.len();
        stats.grouped = groups.iter().map(|g| g.members.len()).sum();
        (groups, stats)
    }
}

/// A MinHash signature by one permutation hashing with optimal densification (Shrivastava,
/// ICML 2017): each shingle is hashed once; its hash picks one of the `sig.len()` bins and
/// the bin keeps the least value. An empty bin takes the value of the first non-empty bin
/// along its own fixed probe sequence. Two texts agree on a bin with probability equal to
/// their Jaccard similarity, as with one hash function per bin, at the cost of one hash per
/// shingle instead of one per shingle and bin.
fn minhash(shingles: &[u32], sig: &mut [u32], filled: &mut Vec<bool>) {
    let n = sig.len();
    sig.fill(u32::MAX);
    filled.clear();
    filled.resize(n, false);
    for &s in shingles {
        let x = fmix64(u64::from(s) ^ MINHASH_SEED);
        let bin = (((x >> 32) * n as u64) >> 32) as usize;
        let v = x as u32;
        if !filled[bin] || v < sig[bin] {
            sig[bin] = v;
            filled[bin] = true;
        }
    }
    if !filled.contains(&true) {
        return;
    }
    for i in 0..n {
        if filled[i] {
            continue;
        }
        let mut probe = 0u64;
        loop {
            let j = (fmix64(DENSIFY_SEED ^ ((i as u64) << 32) ^ probe) % n as u64) as usize;
            if filled[j] {
                sig[i] = sig[j];
                break;
            }
            probe += 1;
        }
    }
}

/// The least distance between a date of `a` and a date of `b` (sorted); `None` when either
/// has none.
fn closest(a: &[i64], b: &[i64]) -> Option<i64> {
    let (mut i, mut j) = (0, 0);
    let mut best: Option<i64> = None;
    while i < a.len() && j < b.len() {
        let gap = (a[i] - b[j]).abs();
        best = Some(best.map_or(gap, |g| g.min(gap)));
        if a[i] < b[j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    best
}

fn pair(x: u32, y: u32) -> u64 {
    let (lo, hi) = if x < y { (x, y) } else { (y, x) };
    (u64::from(lo) << 32) | u64::from(hi)
}

fn unpair(p: u64) -> (u32, u32) {
    ((p >> 32) as u32, p as u32)
}

/// The similar pairs as adjacency lists.
struct Neighbours {
    start: Vec<u32>,
    list: Vec<(u32, f64)>,
}

impl Neighbours {
    fn new(n: usize, pairs: &[(u64, f64)]) -> Self {
        let mut degree = vec![0u32; n + 1];
        for &(p, _) in pairs {
            let (x, y) = unpair(p);
            degree[x as usize + 1] += 1;
            degree[y as usize + 1] += 1;
        }
        for i in 1..=n {
            degree[i] += degree[i - 1];
        }
        let mut fill = degree.clone();
        let mut list = vec![(0u32, 0.0); pairs.len() * 2];
        for &(p, sim) in pairs {
            let (x, y) = unpair(p);
            list[fill[x as usize] as usize] = (y, sim);
            fill[x as usize] += 1;
            list[fill[y as usize] as usize] = (x, sim);
            fill[y as usize] += 1;
        }
        Self {
            start: degree,
            list,
        }
    }

    fn of(&self, x: u32) -> &[(u32, f64)] {
        &self.list[self.start[x as usize] as usize..self.start[x as usize + 1] as usize]
    }
}

/// Disjoint sets; the smaller index is always the root, so the sets do not depend on the
/// order of the unions.
struct UnionFind(Vec<u32>);

impl UnionFind {
    fn new(n: usize) -> Self {
        Self((0..n as u32).collect())
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let up = self.0[self.0[x as usize] as usize];
            self.0[x as usize] = up;
            x = up;
        }
        x
    }

    fn union(&mut self, x: u32, y: u32) {
        let (x, y) = (self.find(x), self.find(y));
        let (lo, hi) = if x < y { (x, y) } else { (y, x) };
        self.0[hi as usize] = lo;
    }
}
