//! Distributional word clusters, used as NER features.
//!
//! A word never seen in the tagger's training data usually still has a cluster: a new
//! surname lands in the cluster of the surnames the tagger did see, a new town in the
//! cluster of towns. Each clustered word has a *fine* cluster id (default 512 clusters) and a
//! *coarse* one (default 64, each a union of fine clusters).
//!
//! # Key
//! Words are looked up by [`cluster_key`]: the token at [`NormLevel::Search`] (alef/hamza,
//! ta marbuta and alef maqsura folded, diacritics and tatweel removed, digits ASCII), Latin
//! lower-cased, and every ASCII digit replaced by `0` (`2015` → `0000`, `١٫٣` → `0.0`), so
//! numbers cluster by shape. Clitics are not split: `روسيا`, `وروسيا` and `بروسيا` are three
//! keys (each frequent enough to have its own cluster).
//!
//! # Training ([`WordClusters::train`])
//! 1. Tokenize every line (paragraph) with [`rasd_text::tokenize`] and key every token
//!    (punctuation too, keyed by its text); a line boundary is a token of its own.
//! 2. The `vocab` most frequent Word/Latin/Number keys with count >= `min_count` are
//!    clustered; the `context` most frequent keys of any kind (incl. punctuation and the
//!    line boundary) are the context features.
//! 3. Count each clustered word's neighbours at positions −2, −1, +1, +2 (four separate
//!    feature blocks; ±2 does not reach across a line boundary).
//! 4. Positive PMI per position block, with context-distribution smoothing (`P(c)^0.75`).
//! 5. Truncated SVD of the PPMI matrix (randomized range finder with seeded Gaussian test
//!    matrix, 16 extra columns, 2 power iterations, Jacobi eigen-solves of the small
//!    Gram matrices): each word's vector is `U·Σ^0.5` in `dims` dimensions, L2-normalized.
//! 6. Spherical k-means (k-means++ seeding, at most `iterations` rounds) into `fine`
//!    clusters; then Ward's agglomerative clustering of the fine clusters (their mean vectors,
//!    weighted by size) until `coarse` clusters are left.
//! 7. Ids are renumbered so that coarse clusters are ordered by their most frequent word and
//!    fine ids are contiguous within a coarse cluster (ordered the same way).
//!
//! Everything is single-threaded and deterministic: the same texts and params give the same
//! clusters (the random numbers come from a splitmix64 generator seeded by `seed`).
//!
//! # File format
//! `key<TAB>fine<TAB>coarse` per line, most frequent word first; lines starting with `#` are
//! comments (the first one records the training parameters) and blank lines are ignored.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{BufRead, Write};
use std::sync::OnceLock;

use rasd_text::{NormLevel, TokenKind, normalize_into, tokenize_into};

/// Parameters of [`WordClusters::train`] (defaults in the [`Default`] impl).
#[derive(Clone, Debug)]
pub struct ClusterParams {
    /// Number of words clustered: the most frequent Word/Latin/Number keys (default 50,000).
    pub vocab: usize,
    /// Number of context words (most frequent keys of any kind) used as features, per
    /// position (default 2,000).
    pub context: usize,
    /// Dimensions of the word vectors (SVD rank) before clustering (default 128).
    pub dims: usize,
    /// Number of fine clusters (default 512).
    pub fine: usize,
    /// Number of coarse clusters, each a union of fine clusters (default 64).
    pub coarse: usize,
    /// Maximum k-means iterations for the fine clusters (default 12).
    pub iterations: usize,
    /// Words seen fewer times are not clustered (default 10).
    pub min_count: u64,
    /// Seed of the SVD's random test matrix and of the k-means++ seeding.
    pub seed: u64,
}

impl Default for ClusterParams {
    fn default() -> Self {
        ClusterParams {
            vocab: 50_000,
            context: 2_000,
            dims: 128,
            fine: 512,
            coarse: 64,
            iterations: 12,
            min_count: 10,
            seed: 0x5241_5344,
        }
    }
}

/// Errors reading a clusters file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClusterError {
    /// A line that is not `key<TAB>fine<TAB>coarse` (1-based line number).
    #[error("clusters line {line}: {reason}")]
    BadLine {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Reading failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The key under which a token is clustered and looked up: the token normalized at
/// [`NormLevel::Search`], Latin lower-cased, ASCII digits replaced by `0`.
///
/// ```
/// use rasd_ner::clusters::cluster_key;
/// assert_eq!(cluster_key("أوباما"), "اوباما");
/// assert_eq!(cluster_key("الرئاسة"), "الرياسه");
/// assert_eq!(cluster_key("CNN"), "cnn");
/// assert_eq!(cluster_key("٢٠١٥"), "0000");
/// ```
pub fn cluster_key(token: &str) -> String {
    let mut s = String::with_capacity(token.len());
    key_into(token, &mut s);
    s
}

/// [`cluster_key`] into a reused buffer (cleared first).
fn key_into(token: &str, out: &mut String) {
    out.clear();
    normalize_into(token, NormLevel::Search, out);
    if out.chars().any(|c| c.is_ascii_digit() || c.is_uppercase()) {
        let folded: String = out
            .chars()
            .flat_map(|c| {
                let c = if c.is_ascii_digit() { '0' } else { c };
                c.to_lowercase()
            })
            .collect();
        *out = folded;
    }
}

/// Word clusters: a map from [`cluster_key`]s to `(fine, coarse)` cluster ids.
#[derive(Clone, Debug)]
pub struct WordClusters {
    /// Comment lines (without `# `), written back by [`WordClusters::write_tsv`].
    header: Vec<String>,
    /// Entries in file order (most frequent first for trained clusters).
    entries: Vec<(Box<str>, u16, u16)>,
    /// Key -> index into `entries`.
    index: HashMap<Box<str>, u32, FxBuild>,
    fine_count: usize,
    coarse_count: usize,
}

impl WordClusters {
    /// Learn clusters from texts (one paragraph per line); see the [module docs](self) for the
    /// method. Deterministic for given texts and params.
    pub fn train<'a>(texts: impl IntoIterator<Item = &'a str>, params: &ClusterParams) -> Self {
        train::train(texts, params)
    }

    /// Write the clusters as TSV: the header comment line(s), then `key<TAB>fine<TAB>coarse`
    /// per word.
    pub fn write_tsv<W: Write>(&self, w: W) -> std::io::Result<()> {
        let mut w = std::io::BufWriter::new(w);
        for h in &self.header {
            writeln!(w, "# {h}")?;
        }
        for (k, f, c) in &self.entries {
            writeln!(w, "{k}\t{f}\t{c}")?;
        }
        w.flush()
    }

    /// Read clusters written by [`WordClusters::write_tsv`]. Lines starting with `#` are
    /// comments, blank lines are skipped; any other line must be `key<TAB>fine<TAB>coarse`
    /// with a non-empty key seen once, and a fine cluster always in the same coarse cluster.
    pub fn from_tsv<R: BufRead>(r: R) -> Result<Self, ClusterError> {
        let mut header = Vec::new();
        let mut entries: Vec<(Box<str>, u16, u16)> = Vec::new();
        let mut index: HashMap<Box<str>, u32, FxBuild> = HashMap::default();
        let mut coarse_of: HashMap<u16, u16> = HashMap::new();
        for (n, line) in r.lines().enumerate() {
            let line = line?;
            let bad = |reason| ClusterError::BadLine {
                line: n + 1,
                reason,
            };
            let line = line.strip_suffix('\r').unwrap_or(&line);
            if let Some(c) = line.strip_prefix('#') {
                if entries.is_empty() {
                    header.push(c.strip_prefix(' ').unwrap_or(c).to_string());
                }
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let mut parts = line.split('\t');
            let (Some(key), Some(fine), Some(coarse), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(bad("expected key<TAB>fine<TAB>coarse"));
            };
            if key.is_empty() || key.trim() != key {
                return Err(bad("empty key or key with surrounding spaces"));
            }
            let fine: u16 = fine.parse().map_err(|_| bad("bad fine cluster id"))?;
            let coarse: u16 = coarse.parse().map_err(|_| bad("bad coarse cluster id"))?;
            if *coarse_of.entry(fine).or_insert(coarse) != coarse {
                return Err(bad("fine cluster already in another coarse cluster"));
            }
            let i = u32::try_from(entries.len()).map_err(|_| bad("too many lines"))?;
            if index.insert(key.into(), i).is_some() {
                return Err(bad("duplicate key"));
            }
            entries.push((key.into(), fine, coarse));
        }
        let fine_count = entries.iter().map(|e| usize::from(e.1) + 1).max();
        let coarse_count = entries.iter().map(|e| usize::from(e.2) + 1).max();
        Ok(WordClusters {
            header,
            entries,
            index,
            fine_count: fine_count.unwrap_or(0),
            coarse_count: coarse_count.unwrap_or(0),
        })
    }

    /// The bundled clusters (`data/ner/clusters.tsv`, learned from the news corpus), parsed
    /// on first use.
    pub fn bundled() -> &'static WordClusters {
        static BUNDLED: OnceLock<WordClusters> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            WordClusters::from_tsv(include_str!("../../../data/ner/clusters.tsv").as_bytes())
                .expect("bundled data/ner/clusters.tsv is valid")
        })
    }

    /// `(fine, coarse)` cluster of a key (see [`cluster_key`]), if it was clustered.
    #[inline]
    pub fn get(&self, key: &str) -> Option<(u16, u16)> {
        self.index.get(key).map(|&i| {
            let e = &self.entries[i as usize];
            (e.1, e.2)
        })
    }

    /// Number of clustered words.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no word is clustered.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of fine cluster ids (highest id + 1).
    pub fn fine_count(&self) -> usize {
        self.fine_count
    }

    /// Number of coarse cluster ids (highest id + 1).
    pub fn coarse_count(&self) -> usize {
        self.coarse_count
    }

    /// `(key, fine, coarse)` of every clustered word, in file order (most frequent first for
    /// trained clusters).
    pub fn iter(&self) -> impl Iterator<Item = (&str, u16, u16)> + '_ {
        self.entries.iter().map(|(k, f, c)| (&**k, *f, *c))
    }
}

// ---------------------------------------------------------------------------------------------
// Small utilities: hashing and random numbers

/// FxHash (rustc's hasher): fast, good enough for word keys.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

const FX_K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(FX_K);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxBuild = BuildHasherDefault<FxHasher>;

/// splitmix64: tiny deterministic generator.
struct SplitMix(u64);

impl SplitMix {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal (Box-Muller, one value per call).
    fn gauss(&mut self) -> f64 {
        let u1 = 1.0 - self.next_f64();
        let u2 = self.next_f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

mod train {
    //! The training pipeline (see the module docs of `clusters`).

    use super::*;
    use linalg::{Csr, dot, embed, normalize_rows};

    /// Smoothing exponent of the context distribution in PMI.
    const ALPHA: f64 = 0.75;
    /// Weight of the ±2 positions relative to ±1 (0.5 and 1.5 measured worse than 1).
    const FAR_WEIGHT: f32 = 1.0;
    /// Cells (u32 counters) of one dense block of the co-occurrence count pass.
    const BLOCK_CELLS: usize = 24 << 20;

    const NONE: u32 = u32::MAX;
    const LINE_BOUNDARY: u32 = u32::MAX - 1;

    /// The corpus as a sequence of key ids.
    struct Corpus {
        keys: Vec<Box<str>>,
        counts: Vec<u64>,
        clusterable: Vec<bool>,
        /// Key ids; id 0 is the line boundary (also first and last).
        seq: Vec<u32>,
    }

    fn read_corpus<'a>(texts: impl IntoIterator<Item = &'a str>) -> Corpus {
        let mut map: HashMap<Box<str>, u32, FxBuild> = HashMap::default();
        // Id 0: line boundary (no key text; never looked up in `map`).
        let mut counts: Vec<u64> = vec![0];
        let mut clusterable: Vec<bool> = vec![false];
        let mut seq: Vec<u32> = vec![0];
        let mut toks = Vec::new();
        let mut buf = String::new();
        for text in texts {
            for line in text.split('\n') {
                tokenize_into(line, &mut toks);
                if toks.is_empty() {
                    continue;
                }
                for t in &toks {
                    key_into(t.text(line), &mut buf);
                    let id = match map.get(buf.as_str()) {
                        Some(&id) => id,
                        None => {
                            let id = u32::try_from(counts.len()).expect("< 2^32 distinct keys");
                            map.insert(buf.as_str().into(), id);
                            counts.push(0);
                            clusterable.push(
                                matches!(
                                    t.kind,
                                    TokenKind::Word | TokenKind::Latin | TokenKind::Number
                                ) && !buf.is_empty()
                                    && !buf.contains(char::is_whitespace),
                            );
                            id
                        }
                    };
                    counts[id as usize] += 1;
                    seq.push(id);
                }
                counts[0] += 1;
                seq.push(0);
            }
        }
        let mut keys: Vec<Box<str>> = vec![Box::from(""); counts.len()];
        for (k, id) in map {
            keys[id as usize] = k;
        }
        keys[0] = Box::from("</s>");
        Corpus {
            keys,
            counts,
            clusterable,
            seq,
        }
    }

    pub(super) fn train<'a>(
        texts: impl IntoIterator<Item = &'a str>,
        params: &ClusterParams,
    ) -> WordClusters {
        let start = std::time::Instant::now();
        let corpus = read_corpus(texts);
        tracing::info!(
            tokens = corpus.seq.len(),
            types = corpus.counts.len(),
            secs = start.elapsed().as_secs_f32(),
            "clusters: corpus read"
        );

        // Rank keys by count (desc), then key; pick the clustered words and the contexts.
        let mut order: Vec<u32> = (0..corpus.counts.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            corpus.counts[b]
                .cmp(&corpus.counts[a])
                .then_with(|| corpus.keys[a].cmp(&corpus.keys[b]))
        });
        let words: Vec<u32> = order
            .iter()
            .copied()
            .filter(|&id| {
                corpus.clusterable[id as usize] && corpus.counts[id as usize] >= params.min_count
            })
            .take(params.vocab)
            .collect();
        let contexts: Vec<u32> = order
            .iter()
            .copied()
            .filter(|&id| corpus.counts[id as usize] > 0)
            .take(params.context.max(1))
            .collect();
        let mut row_of = vec![NONE; corpus.counts.len()];
        row_of[0] = LINE_BOUNDARY;
        for (r, &id) in words.iter().enumerate() {
            row_of[id as usize] = r as u32;
        }
        let mut col_of = vec![NONE; corpus.counts.len()];
        for (c, &id) in contexts.iter().enumerate() {
            col_of[id as usize] = c as u32;
        }
        let rows: Vec<u32> = corpus.seq.iter().map(|&id| row_of[id as usize]).collect();
        let cols: Vec<u32> = corpus.seq.iter().map(|&id| col_of[id as usize]).collect();
        let Corpus { keys, .. } = corpus;
        drop((row_of, col_of));

        let mut m = cooccurrence(&rows, &cols, words.len(), contexts.len());
        drop((rows, cols));
        ppmi(&mut m, contexts.len());
        tracing::info!(
            words = words.len(),
            contexts = contexts.len(),
            nnz = m.val.len(),
            secs = start.elapsed().as_secs_f32(),
            "clusters: PPMI matrix"
        );

        let mut rng = SplitMix(params.seed);
        let (mut vecs, d) = embed(&m, params.dims, &mut SplitMix(rng.next_u64()));
        let norms = normalize_rows(&mut vecs, d);
        tracing::info!(
            dims = d,
            secs = start.elapsed().as_secs_f32(),
            "clusters: SVD"
        );
        // Words whose vector is zero (no PPMI context at all) are left out.
        let kept: Vec<usize> = (0..words.len()).filter(|&r| norms[r] > 0.0).collect();
        let mut x = Vec::with_capacity(kept.len() * d);
        for &r in &kept {
            x.extend_from_slice(&vecs[r * d..(r + 1) * d]);
        }
        drop(vecs);
        if kept.is_empty() || d == 0 {
            return finish(params, &[], &keys, &words, &[], &[]);
        }

        let ones = vec![1.0f32; kept.len()];
        let k_fine = params
            .fine
            .clamp(1, usize::from(u16::MAX) + 1)
            .min(kept.len());
        let (fine, _) = spherical_kmeans(
            &x,
            d,
            &ones,
            k_fine,
            params.iterations,
            &mut SplitMix(rng.next_u64()),
        );
        tracing::info!(
            k = k_fine,
            secs = start.elapsed().as_secs_f32(),
            "clusters: fine k-means"
        );
        let mut sizes = vec![0.0f32; k_fine];
        for &f in &fine {
            sizes[f as usize] += 1.0;
        }
        let k_coarse = params.coarse.clamp(1, k_fine);
        // Coarse clusters: Ward's agglomerative clustering of the fine clusters' mean vectors.
        let mut means = vec![0f32; k_fine * d];
        for (i, &f) in fine.iter().enumerate() {
            let m = &mut means[f as usize * d..][..d];
            for (mv, &xv) in m.iter_mut().zip(&x[i * d..(i + 1) * d]) {
                *mv += xv;
            }
        }
        for (m, &n) in means.chunks_exact_mut(d).zip(&sizes) {
            m.iter_mut().for_each(|v| *v /= n.max(1.0));
        }
        let coarse_of_fine = ward(&means, d, &sizes, k_coarse);
        finish(params, &kept, &keys, &words, &fine, &coarse_of_fine)
    }

    /// Renumber clusters (coarse by their most frequent word, fine grouped by coarse) and
    /// build the result.
    fn finish(
        params: &ClusterParams,
        kept: &[usize],
        keys: &[Box<str>],
        words: &[u32],
        fine: &[u32],
        coarse_of_fine: &[u32],
    ) -> WordClusters {
        let k_fine = coarse_of_fine.len();
        // Smallest row (= most frequent word) of each fine and coarse cluster.
        let mut fine_first = vec![usize::MAX; k_fine];
        for (i, &r) in kept.iter().enumerate() {
            let f = fine[i] as usize;
            fine_first[f] = fine_first[f].min(r);
        }
        let k_coarse = coarse_of_fine
            .iter()
            .map(|&c| c as usize + 1)
            .max()
            .unwrap_or(0);
        let mut coarse_first = vec![usize::MAX; k_coarse];
        for (f, &c) in coarse_of_fine.iter().enumerate() {
            coarse_first[c as usize] = coarse_first[c as usize].min(fine_first[f]);
        }
        let mut coarse_order: Vec<usize> = (0..k_coarse)
            .filter(|&c| coarse_first[c] != usize::MAX)
            .collect();
        coarse_order.sort_by_key(|&c| coarse_first[c]);
        let mut coarse_id = vec![u16::MAX; k_coarse];
        for (new, &c) in coarse_order.iter().enumerate() {
            coarse_id[c] = new as u16;
        }
        let mut fine_order: Vec<usize> = (0..k_fine)
            .filter(|&f| fine_first[f] != usize::MAX)
            .collect();
        fine_order.sort_by_key(|&f| (coarse_id[coarse_of_fine[f] as usize], fine_first[f]));
        let mut fine_id = vec![u16::MAX; k_fine];
        for (new, &f) in fine_order.iter().enumerate() {
            fine_id[f] = new as u16;
        }

        let mut entries = Vec::with_capacity(kept.len());
        let mut index: HashMap<Box<str>, u32, FxBuild> = HashMap::default();
        for (i, &r) in kept.iter().enumerate() {
            let f = fine[i] as usize;
            let key = &keys[words[r] as usize];
            index.insert(key.clone(), entries.len() as u32);
            entries.push((
                key.clone(),
                fine_id[f],
                coarse_id[coarse_of_fine[f] as usize],
            ));
        }
        let p = params;
        let header = vec![format!(
            "rasd word clusters: key<TAB>fine<TAB>coarse, most frequent first; {} words, {} fine, \
             {} coarse clusters; vocab={} context={} dims={} fine={} coarse={} iterations={} \
             min_count={} seed={}",
            entries.len(),
            fine_order.len(),
            coarse_order.len(),
            p.vocab,
            p.context,
            p.dims,
            p.fine,
            p.coarse,
            p.iterations,
            p.min_count,
            p.seed
        )];
        WordClusters {
            header,
            entries,
            index,
            fine_count: fine_order.len(),
            coarse_count: coarse_order.len(),
        }
    }

    /// Neighbour counts: row = clustered word, columns = 4 blocks (positions −2, −1, +1, +2)
    /// of `n_ctx` context ids. Counted in dense blocks of rows, one pass over the sequence
    /// per block.
    fn cooccurrence(rows: &[u32], cols: &[u32], n_words: usize, n_ctx: usize) -> Csr {
        let f = 4 * n_ctx;
        let block = (BLOCK_CELLS / f.max(1)).clamp(1, n_words.max(1));
        let mut dense = vec![0u32; block * f];
        let mut m = Csr {
            ncols: f,
            indptr: vec![0],
            idx: Vec::new(),
            val: Vec::new(),
        };
        let n = rows.len();
        let mut lo = 0;
        while lo < n_words {
            let hi = (lo + block).min(n_words);
            dense.fill(0);
            let (lo32, hi32) = (lo as u32, hi as u32);
            for i in 1..n.saturating_sub(1) {
                let r = rows[i];
                if r < lo32 || r >= hi32 {
                    continue;
                }
                let cells = &mut dense[(r - lo32) as usize * f..][..f];
                let (l1, r1) = (cols[i - 1], cols[i + 1]);
                if l1 != NONE {
                    cells[n_ctx + l1 as usize] += 1;
                }
                if r1 != NONE {
                    cells[2 * n_ctx + r1 as usize] += 1;
                }
                if i >= 2 && rows[i - 1] != LINE_BOUNDARY && cols[i - 2] != NONE {
                    cells[cols[i - 2] as usize] += 1;
                }
                if i + 2 < n && rows[i + 1] != LINE_BOUNDARY && cols[i + 2] != NONE {
                    cells[3 * n_ctx + cols[i + 2] as usize] += 1;
                }
            }
            for r in 0..hi - lo {
                for (c, &v) in dense[r * f..(r + 1) * f].iter().enumerate() {
                    if v != 0 {
                        m.idx.push(c as u32);
                        m.val.push(v as f32);
                    }
                }
                m.indptr.push(m.idx.len());
            }
            lo = hi;
        }
        m
    }

    /// Counts -> positive PMI per position block (smoothed context distribution), ±2 blocks
    /// down-weighted; zero cells are dropped.
    fn ppmi(m: &mut Csr, n_ctx: usize) {
        if n_ctx == 0 {
            return;
        }
        let mut colsum = vec![0f64; m.ncols];
        for (&c, &v) in m.idx.iter().zip(&m.val) {
            colsum[c as usize] += f64::from(v);
        }
        // P_alpha(c) per block.
        let mut pc = vec![0f64; m.ncols];
        for b in 0..4 {
            let s = &colsum[b * n_ctx..(b + 1) * n_ctx];
            let z: f64 = s.iter().map(|&x| x.powf(ALPHA)).sum();
            for (j, &x) in s.iter().enumerate() {
                if z > 0.0 {
                    pc[b * n_ctx + j] = x.powf(ALPHA) / z;
                }
            }
        }
        let nrows = m.indptr.len() - 1;
        let mut out_ptr = vec![0usize];
        let mut w = 0;
        for r in 0..nrows {
            let (a, b) = (m.indptr[r], m.indptr[r + 1]);
            let mut rowsum = [0f64; 4];
            for j in a..b {
                rowsum[m.idx[j] as usize / n_ctx] += f64::from(m.val[j]);
            }
            for j in a..b {
                let c = m.idx[j] as usize;
                let blk = c / n_ctx;
                let pmi = (f64::from(m.val[j]) / (rowsum[blk] * pc[c])).ln();
                if pmi > 0.0 {
                    let weight = if blk == 0 || blk == 3 {
                        FAR_WEIGHT
                    } else {
                        1.0
                    };
                    m.idx[w] = c as u32;
                    m.val[w] = pmi as f32 * weight;
                    w += 1;
                }
            }
            out_ptr.push(w);
        }
        m.idx.truncate(w);
        m.val.truncate(w);
        m.indptr = out_ptr;
    }

    /// Spherical k-means (weighted) of the unit rows of `x` (`d` columns) into `k` clusters:
    /// k-means++ seeding, then at most `iters` assign/update rounds. Returns the assignment
    /// and the unit centroids (`k × d`).
    pub(super) fn spherical_kmeans(
        x: &[f32],
        d: usize,
        weights: &[f32],
        k: usize,
        iters: usize,
        rng: &mut SplitMix,
    ) -> (Vec<u32>, Vec<f32>) {
        let n = x.len() / d;
        let row = |i: usize| &x[i * d..(i + 1) * d];
        // k-means++: next center drawn with probability ∝ weight × squared distance.
        let mut centers: Vec<f32> = Vec::with_capacity(k * d);
        let mut dist = vec![f64::INFINITY; n];
        let mut next = pick(weights.iter().map(|&w| f64::from(w)), rng).unwrap_or(0);
        for _ in 0..k {
            let c = row(next).to_vec();
            for (i, di) in dist.iter_mut().enumerate() {
                let dd = f64::from((2.0 - 2.0 * dot(row(i), &c)).max(0.0));
                if dd < *di {
                    *di = dd;
                }
            }
            centers.extend_from_slice(&c);
            let cand = pick(
                dist.iter().zip(weights).map(|(&di, &w)| di * f64::from(w)),
                rng,
            );
            // All points coincide with a center: pad with the first point not yet a center.
            next = cand.unwrap_or(0);
        }

        let mut assign = vec![u32::MAX; n];
        let mut sim = vec![0f32; n];
        for _ in 0..iters.max(1) {
            let mut changed = 0usize;
            for i in 0..n {
                let xi = row(i);
                let (mut best, mut best_s) = (0u32, f32::NEG_INFINITY);
                for (j, c) in centers.chunks_exact(d).enumerate() {
                    let s = dot(xi, c);
                    if s > best_s {
                        best_s = s;
                        best = j as u32;
                    }
                }
                if assign[i] != best {
                    assign[i] = best;
                    changed += 1;
                }
                sim[i] = best_s;
            }
            if changed == 0 {
                break;
            }
            // Empty clusters take the worst-fitting points of clusters with several members.
            let mut count = vec![0usize; k];
            for &a in &assign {
                count[a as usize] += 1;
            }
            if count.contains(&0) {
                let mut worst: Vec<usize> = (0..n).collect();
                worst.sort_by(|&a, &b| sim[a].total_cmp(&sim[b]).then(a.cmp(&b)));
                let mut it = worst.into_iter();
                for j in 0..k {
                    if count[j] == 0 {
                        for i in it.by_ref() {
                            let a = assign[i] as usize;
                            if count[a] > 1 {
                                count[a] -= 1;
                                count[j] = 1;
                                assign[i] = j as u32;
                                break;
                            }
                        }
                    }
                }
            }
            centers.fill(0.0);
            for i in 0..n {
                let c = &mut centers[assign[i] as usize * d..][..d];
                let w = weights[i];
                for (cv, &xv) in c.iter_mut().zip(row(i)) {
                    *cv += w * xv;
                }
            }
            normalize_rows(&mut centers, d);
        }
        (assign, centers)
    }

    /// Ward's agglomerative clustering of cluster means (`d` columns) with sizes: merge the
    /// pair whose union increases the within-cluster squared error least, until `k` are
    /// left. Returns the final cluster (0..k) of every input.
    fn ward(means: &[f32], d: usize, sizes: &[f32], k: usize) -> Vec<u32> {
        let n = sizes.len();
        let mut m: Vec<f64> = means.iter().map(|&v| f64::from(v)).collect();
        let mut size: Vec<f64> = sizes.iter().map(|&s| f64::from(s)).collect();
        let mut alive: Vec<bool> = size.iter().map(|&s| s > 0.0).collect();
        let cost = |m: &[f64], size: &[f64], a: usize, b: usize| -> f64 {
            let d2: f64 = m[a * d..(a + 1) * d]
                .iter()
                .zip(&m[b * d..(b + 1) * d])
                .map(|(x, y)| (x - y) * (x - y))
                .sum();
            size[a] * size[b] / (size[a] + size[b]) * d2
        };
        let mut c = vec![f64::INFINITY; n * n];
        for a in 0..n {
            for b in a + 1..n {
                if alive[a] && alive[b] {
                    c[a * n + b] = cost(&m, &size, a, b);
                }
            }
        }
        // parent[i]: the cluster i was merged into (itself while alive).
        let mut parent: Vec<usize> = (0..n).collect();
        let mut live = alive.iter().filter(|&&a| a).count();
        while live > k {
            let (mut best, mut ba, mut bb) = (f64::INFINITY, 0, 0);
            for a in 0..n {
                if !alive[a] {
                    continue;
                }
                for b in a + 1..n {
                    if c[a * n + b] < best {
                        (best, ba, bb) = (c[a * n + b], a, b);
                    }
                }
            }
            if !best.is_finite() {
                break;
            }
            // Merge bb into ba.
            let (sa, sb) = (size[ba], size[bb]);
            for j in 0..d {
                m[ba * d + j] = (sa * m[ba * d + j] + sb * m[bb * d + j]) / (sa + sb);
            }
            size[ba] = sa + sb;
            alive[bb] = false;
            parent[bb] = ba;
            live -= 1;
            for o in 0..n {
                let (lo, hi) = (o.min(bb), o.max(bb));
                c[lo * n + hi] = f64::INFINITY;
            }
            for (o, &live_o) in alive.iter().enumerate() {
                if o != ba && live_o {
                    let (lo, hi) = (o.min(ba), o.max(ba));
                    c[lo * n + hi] = cost(&m, &size, lo, hi);
                }
            }
        }
        let root = |mut i: usize| {
            while parent[i] != i {
                i = parent[i];
            }
            i
        };
        let mut id = vec![u32::MAX; n];
        let mut next = 0;
        (0..n)
            .map(|i| {
                let r = root(i);
                if id[r] == u32::MAX {
                    id[r] = next;
                    next += 1;
                }
                id[r]
            })
            .collect()
    }

    /// Index drawn with probability proportional to the (non-negative) weights; `None` when
    /// they sum to zero.
    fn pick(w: impl Iterator<Item = f64> + Clone, rng: &mut SplitMix) -> Option<usize> {
        let total: f64 = w.clone().sum();
        if total.is_nan() || total <= 0.0 {
            return None;
        }
        let target = rng.next_f64() * total;
        let mut acc = 0.0;
        let mut last = None;
        for (i, x) in w.enumerate() {
            if x > 0.0 {
                acc += x;
                last = Some(i);
                if acc > target {
                    return Some(i);
                }
            }
        }
        last
    }

    pub(super) mod linalg {
        //! The little linear algebra needed: sparse × dense products, Gram matrices, Jacobi
        //! eigen-decomposition, randomized truncated SVD.

        use super::SplitMix;

        /// Sparse matrix, compressed rows.
        pub(crate) struct Csr {
            pub(crate) ncols: usize,
            pub(crate) indptr: Vec<usize>,
            pub(crate) idx: Vec<u32>,
            pub(crate) val: Vec<f32>,
        }

        impl Csr {
            fn nrows(&self) -> usize {
                self.indptr.len() - 1
            }

            /// `self × b` where `b` is `ncols × l` row-major.
            fn mul(&self, b: &[f32], l: usize) -> Vec<f32> {
                let mut y = vec![0f32; self.nrows() * l];
                for (r, yr) in y.chunks_exact_mut(l).enumerate() {
                    for j in self.indptr[r]..self.indptr[r + 1] {
                        axpy(yr, self.val[j], &b[self.idx[j] as usize * l..][..l]);
                    }
                }
                y
            }

            /// `selfᵀ × b` where `b` is `nrows × l` row-major.
            fn tmul(&self, b: &[f32], l: usize) -> Vec<f32> {
                let mut z = vec![0f32; self.ncols * l];
                for (r, br) in b.chunks_exact(l).enumerate() {
                    for j in self.indptr[r]..self.indptr[r + 1] {
                        axpy(&mut z[self.idx[j] as usize * l..][..l], self.val[j], br);
                    }
                }
                z
            }
        }

        #[inline]
        fn axpy(y: &mut [f32], a: f32, x: &[f32]) {
            for (yv, &xv) in y.iter_mut().zip(x) {
                *yv += a * xv;
            }
        }

        /// Dot product with independent partial sums (vectorizes).
        #[inline]
        pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
            let mut acc = [0f32; 16];
            let ca = a.chunks_exact(16);
            let cb = b.chunks_exact(16);
            let tail: f32 = ca
                .remainder()
                .iter()
                .zip(cb.remainder())
                .map(|(x, y)| x * y)
                .sum();
            for (x, y) in ca.zip(cb) {
                for k in 0..16 {
                    acc[k] += x[k] * y[k];
                }
            }
            acc.iter().sum::<f32>() + tail
        }

        /// L2-normalize the rows (`d` columns) in place; returns the old norms.
        pub(crate) fn normalize_rows(x: &mut [f32], d: usize) -> Vec<f32> {
            if d == 0 {
                return Vec::new();
            }
            x.chunks_exact_mut(d)
                .map(|r| {
                    let n = dot(r, r).sqrt();
                    if n > 0.0 {
                        r.iter_mut().for_each(|v| *v /= n);
                    }
                    n
                })
                .collect()
        }

        /// `yᵀ y` (`l × l`, f64) of a row-major `rows × l` matrix.
        fn gram(y: &[f32], l: usize) -> Vec<f64> {
            let mut g = vec![0f64; l * l];
            let mut acc = vec![0f32; l * l];
            // Accumulate in f32 over chunks of rows, then add to f64.
            for chunk in y.chunks(256 * l) {
                acc.fill(0.0);
                for r in chunk.chunks_exact(l) {
                    for (a, &ra) in r.iter().enumerate() {
                        if ra != 0.0 {
                            axpy(&mut acc[a * l..(a + 1) * l], ra, r);
                        }
                    }
                }
                for (gv, &av) in g.iter_mut().zip(&acc) {
                    *gv += f64::from(av);
                }
            }
            g
        }

        /// `y × t` for row-major `rows × l` y and `l × m` t.
        fn mul_small(y: &[f32], l: usize, t: &[f32], m: usize) -> Vec<f32> {
            let mut out = vec![0f32; y.len() / l * m];
            for (yr, or) in y.chunks_exact(l).zip(out.chunks_exact_mut(m)) {
                for (k, &v) in yr.iter().enumerate() {
                    if v != 0.0 {
                        axpy(or, v, &t[k * m..(k + 1) * m]);
                    }
                }
            }
            out
        }

        /// Eigen-decomposition of a symmetric `n × n` matrix (cyclic Jacobi). Returns the
        /// eigenvalues in decreasing order and the eigenvectors as the columns of a row-major
        /// `n × n` matrix.
        pub(crate) fn sym_eigen(mut a: Vec<f64>, n: usize) -> (Vec<f64>, Vec<f64>) {
            let mut v = vec![0f64; n * n];
            for i in 0..n {
                v[i * n + i] = 1.0;
            }
            let total: f64 = a.iter().map(|x| x * x).sum();
            for _sweep in 0..100 {
                let mut off = 0.0;
                for p in 0..n {
                    for q in p + 1..n {
                        off += a[p * n + q] * a[p * n + q];
                    }
                }
                if off <= 1e-30 * total || off == 0.0 {
                    break;
                }
                for p in 0..n {
                    for q in p + 1..n {
                        let apq = a[p * n + q];
                        if apq.abs() <= 1e-300 {
                            continue;
                        }
                        let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                        let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                        let c = 1.0 / (t * t + 1.0).sqrt();
                        let s = t * c;
                        for k in 0..n {
                            let (akp, akq) = (a[k * n + p], a[k * n + q]);
                            a[k * n + p] = c * akp - s * akq;
                            a[k * n + q] = s * akp + c * akq;
                        }
                        for k in 0..n {
                            let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                            a[p * n + k] = c * apk - s * aqk;
                            a[q * n + k] = s * apk + c * aqk;
                        }
                        for k in 0..n {
                            let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
                            v[k * n + p] = c * vkp - s * vkq;
                            v[k * n + q] = s * vkp + c * vkq;
                        }
                    }
                }
            }
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&i, &j| a[j * n + j].total_cmp(&a[i * n + i]).then(i.cmp(&j)));
            let vals = order.iter().map(|&i| a[i * n + i]).collect();
            let mut vecs = vec![0f64; n * n];
            for (new, &old) in order.iter().enumerate() {
                // Sign convention: the largest-magnitude component is positive.
                let col = (0..n).map(|k| v[k * n + old]);
                let big = col
                    .clone()
                    .fold(0f64, |m, x| if x.abs() > m.abs() { x } else { m });
                let sign = if big < 0.0 { -1.0 } else { 1.0 };
                for (k, x) in col.enumerate() {
                    vecs[k * n + new] = sign * x;
                }
            }
            (vals, vecs)
        }

        /// Orthonormal basis of the column space of a row-major `rows × l` matrix, via the
        /// eigen-decomposition of its Gram matrix (columns of a rank-deficient part are zero).
        fn orthonormalize(y: &[f32], l: usize) -> Vec<f32> {
            let (vals, vecs) = sym_eigen(gram(y, l), l);
            let top = vals.first().copied().unwrap_or(0.0).max(0.0);
            let mut t = vec![0f32; l * l];
            for j in 0..l {
                if vals[j] > 1e-10 * top && vals[j] > 0.0 {
                    let s = 1.0 / vals[j].sqrt();
                    for k in 0..l {
                        t[k * l + j] = (vecs[k * l + j] * s) as f32;
                    }
                }
            }
            mul_small(y, l, &t, l)
        }

        /// Rank-`dims` truncated SVD `A ≈ U Σ Vᵀ` by a randomized range finder; returns the
        /// rows of `U Σ^0.5` (row-major, `nrows × d`) and `d` (≤ `dims`).
        pub(crate) fn embed(a: &Csr, dims: usize, rng: &mut SplitMix) -> (Vec<f32>, usize) {
            const OVERSAMPLE: usize = 16;
            const POWER_ITERS: usize = 2;
            const SIGMA_POWER: f64 = 0.5;
            let n = a.nrows();
            let l = (dims + OVERSAMPLE).min(a.ncols).min(n);
            let d = dims.min(l);
            if d == 0 {
                return (Vec::new(), 0);
            }
            let omega: Vec<f32> = (0..a.ncols * l).map(|_| rng.gauss() as f32).collect();
            let mut y = a.mul(&omega, l);
            for _ in 0..POWER_ITERS {
                let q = orthonormalize(&y, l);
                let z = orthonormalize(&a.tmul(&q, l), l);
                y = a.mul(&z, l);
            }
            let q = orthonormalize(&orthonormalize(&y, l), l);
            // B = Qᵀ A (l × ncols); B Bᵀ = (Aᵀ Q)ᵀ (Aᵀ Q).
            let bt = a.tmul(&q, l);
            let (vals, w) = sym_eigen(gram(&bt, l), l);
            // U Σ^p = Q W[:, :d] diag(σ^p).
            let mut t = vec![0f32; l * d];
            for j in 0..d {
                let sigma = vals[j].max(0.0).sqrt();
                let s = sigma.powf(SIGMA_POWER);
                for k in 0..l {
                    t[k * d + j] = (w[k * l + j] * s) as f32;
                }
            }
            (mul_small(&q, l, &t, d), d)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::train::linalg::sym_eigen;
    use super::*;

    fn small_params() -> ClusterParams {
        ClusterParams {
            vocab: 1000,
            context: 200,
            dims: 16,
            fine: 8,
            coarse: 3,
            iterations: 20,
            min_count: 3,
            seed: 7,
        }
    }

    const NAMES: [&str; 8] = [
        "بوتين",
        "أوباما",
        "ماكرون",
        "أردوغان",
        "السيسي",
        "ميركل",
        "جونسون",
        "روحاني",
    ];
    const CITIES: [&str; 8] = [
        "القاهرة",
        "دمشق",
        "بيروت",
        "عمان",
        "تونس",
        "الرباط",
        "بغداد",
        "الخرطوم",
    ];

    /// Sentences from templates; names and cities share their templates but not with each
    /// other; filler words vary.
    fn synthetic() -> Vec<String> {
        let person = [
            "قال الرئيس {} إن",
            "وصرح الزعيم {} بأن",
            "التقى {} مع",
            "وأكد الرئيس {} أن",
        ];
        let place = [
            "في مدينة {} أمس",
            "وصل إلى {} صباح",
            "غادر {} مساء",
            "في العاصمة {} حيث",
        ];
        let filler = [
            "الحكومة",
            "الاقتصاد",
            "الوضع",
            "الأمن",
            "الحرب",
            "الاتفاق",
            "المفاوضات",
            "السلام",
        ];
        let mut rng = SplitMix(42);
        let mut out = Vec::new();
        for _ in 0..400 {
            let mut line = Vec::new();
            for _ in 0..3 {
                let f = filler[(rng.next_u64() % 8) as usize];
                if rng.next_u64().is_multiple_of(2) {
                    let t = person[(rng.next_u64() % 4) as usize];
                    line.push(t.replace("{}", NAMES[(rng.next_u64() % 8) as usize]));
                } else {
                    let t = place[(rng.next_u64() % 4) as usize];
                    line.push(t.replace("{}", CITIES[(rng.next_u64() % 8) as usize]));
                }
                line.push(f.to_string());
                line.push(".".to_string());
            }
            out.push(line.join(" "));
        }
        out
    }

    #[test]
    fn keys() {
        assert_eq!(cluster_key("روسيا"), "روسيا");
        assert_eq!(cluster_key("إيران"), "ايران");
        assert_eq!(cluster_key("الرئاسةُ"), "الرياسه");
        assert_eq!(cluster_key("Reuters"), "reuters");
        assert_eq!(cluster_key("ÉCOLE"), "école");
        assert_eq!(cluster_key("2015"), "0000");
        assert_eq!(cluster_key("١٫٣"), "0.0");
    }

    #[test]
    fn synthetic_groups() {
        let texts = synthetic();
        let wc = WordClusters::train(texts.iter().map(String::as_str), &small_params());
        let fine_of = |w: &str| wc.get(&cluster_key(w)).expect(w).0;
        let n0 = fine_of(NAMES[0]);
        let c0 = fine_of(CITIES[0]);
        for w in NAMES {
            assert_eq!(fine_of(w), n0, "{w}");
        }
        for w in CITIES {
            assert_eq!(fine_of(w), c0, "{w}");
        }
        assert_ne!(n0, c0);
        assert!(wc.fine_count() <= 8 && wc.coarse_count() <= 3);
        // Coarse is a function of fine.
        let mut seen = HashMap::new();
        for (_, f, c) in wc.iter() {
            assert_eq!(*seen.entry(f).or_insert(c), c);
        }
    }

    #[test]
    fn deterministic() {
        let texts = synthetic();
        let a = WordClusters::train(texts.iter().map(String::as_str), &small_params());
        let b = WordClusters::train(texts.iter().map(String::as_str), &small_params());
        let (mut ta, mut tb) = (Vec::new(), Vec::new());
        a.write_tsv(&mut ta).unwrap();
        b.write_tsv(&mut tb).unwrap();
        assert!(!a.is_empty());
        assert_eq!(ta, tb);
    }

    #[test]
    fn tsv_round_trip() {
        let texts = synthetic();
        let wc = WordClusters::train(texts.iter().map(String::as_str), &small_params());
        let mut out = Vec::new();
        wc.write_tsv(&mut out).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(text.starts_with("# rasd word clusters"));
        let back = WordClusters::from_tsv(out.as_slice()).unwrap();
        assert_eq!(back.len(), wc.len());
        for (k, f, c) in wc.iter() {
            assert_eq!(back.get(k), Some((f, c)));
        }
        let mut again = Vec::new();
        back.write_tsv(&mut again).unwrap();
        assert_eq!(out, again);
        assert_eq!(back.fine_count(), wc.fine_count());
        assert_eq!(back.coarse_count(), wc.coarse_count());
    }

    #[test]
    fn from_tsv_errors() {
        let ok = WordClusters::from_tsv("# c\n\nروسيا\t3\t1\r\ncnn\t4\t1\n".as_bytes()).unwrap();
        assert_eq!(ok.get("روسيا"), Some((3, 1)));
        assert_eq!(ok.get("cnn"), Some((4, 1)));
        assert_eq!(ok.get("لندن"), None);
        assert_eq!((ok.len(), ok.fine_count(), ok.coarse_count()), (2, 5, 2));
        for (text, line, reason) in [
            ("a\t1\t0\nb\t1\n", 2, "expected"),
            ("# h\na\t1\t0\t9\n", 2, "expected"),
            ("a\t1\t0\n\nb\tx\t0\n", 3, "fine"),
            ("a\t1\t-1\n", 1, "coarse"),
            ("a\t70000\t0\n", 1, "fine"),
            ("a\t1\t0\na\t2\t0\n", 2, "duplicate"),
            ("a\t1\t0\nb\t1\t2\n", 2, "another coarse"),
            ("\t1\t0\n", 1, "empty key"),
        ] {
            let err = WordClusters::from_tsv(text.as_bytes()).unwrap_err();
            match &err {
                ClusterError::BadLine { line: l, reason: r } => {
                    assert_eq!(*l, line, "{text:?}: {err}");
                    assert!(r.contains(reason), "{text:?}: {err}");
                }
                other => panic!("{other}"),
            }
            assert!(
                err.to_string()
                    .starts_with(&format!("clusters line {line}: "))
            );
        }
    }

    #[test]
    fn tiny_inputs() {
        let p = small_params();
        assert!(WordClusters::train(std::iter::empty(), &p).is_empty());
        assert!(WordClusters::train(["", "\n\n", "، ."], &p).is_empty());
        let one = WordClusters::train(["قال الرئيس إن"; 5], &p);
        assert_eq!(one.len(), 3);
        assert!(one.fine_count() <= 3 && one.coarse_count() <= 3);
        let mut out = Vec::new();
        one.write_tsv(&mut out).unwrap();
        assert_eq!(WordClusters::from_tsv(out.as_slice()).unwrap().len(), 3);
    }

    #[test]
    fn jacobi_eigen() {
        let n = 5;
        let mut rng = SplitMix(3);
        let m: Vec<f64> = (0..n * n).map(|_| rng.gauss()).collect();
        // a = m mᵀ (symmetric positive semi-definite).
        let mut a = vec![0f64; n * n];
        for i in 0..n {
            for j in 0..n {
                a[i * n + j] = (0..n).map(|k| m[i * n + k] * m[j * n + k]).sum();
            }
        }
        let (vals, vecs) = sym_eigen(a.clone(), n);
        assert!(vals.windows(2).all(|w| w[0] >= w[1]));
        for j in 0..n {
            for i in 0..n {
                let av: f64 = (0..n).map(|k| a[i * n + k] * vecs[k * n + j]).sum();
                assert!((av - vals[j] * vecs[i * n + j]).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn bundled_loads() {
        let wc = WordClusters::bundled();
        assert!(wc.len() > 10_000, "{}", wc.len());
        let russia = wc.get(&cluster_key("روسيا"));
        assert!(russia.is_some());
        assert!(wc.get(&cluster_key("الرياض")).is_some());
        assert!(wc.fine_count() <= 512 && wc.coarse_count() <= 64);
    }
}
