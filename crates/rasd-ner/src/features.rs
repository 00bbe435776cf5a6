//! Feature extraction: each token becomes a list of hashed feature keys.
//!
//! Features are strings in spirit ("w0=روسيا", "suf2=يا", "c-1=417"), hashed with FNV-1a to
//! 64 bits so that extraction allocates nothing per feature. Word forms are compared at the
//! Search level; stems are the clitic analyzer's (rasd-text), so "وبروسيا" shares every stem
//! feature with "روسيا".

use rasd_text::{CliticAnalyzer, NormLevel, Span, TokenKind, normalize_into};

use crate::clusters::WordClusters;
use crate::gazetteer::{GazMarks, Gazetteer, token_key};

/// FNV-1a over a template id and parts.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    fn new(template: u8) -> Fnv {
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        h.byte(template);
        h
    }
    fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }
    fn str(mut self, s: &str) -> Fnv {
        for &b in s.as_bytes() {
            self.byte(b);
        }
        self.byte(0xFF);
        self
    }
    fn chars(mut self, cs: &[char]) -> Fnv {
        let mut buf = [0u8; 4];
        for c in cs {
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                self.byte(b);
            }
        }
        self.byte(0xFF);
        self
    }
    fn num(mut self, n: u64) -> Fnv {
        for b in n.to_le_bytes() {
            self.byte(b);
        }
        self
    }
}

/// What the extractor knows about one token, computed once per sentence.
#[derive(Clone, Debug, Default)]
pub struct TokenInfo {
    /// Search-level key of the whole token.
    pub key: String,
    /// Search-level key of the stem (clitics removed).
    pub stem: String,
    /// Proclitics, as a signature ("و+ب+ال").
    pub proclitics: String,
    /// A pronoun suffix was split off.
    pub enclitic: bool,
    /// Token kind.
    pub kind: u8,
    /// log2 bucket of the token's corpus frequency (0 = unseen).
    pub freq: u8,
    /// Same for the stem.
    pub stem_freq: u8,
    /// Word clusters of the key and of the stem: (fine, coarse), u16::MAX when none.
    pub cluster: (u16, u16),
    /// Clusters of the stem.
    pub stem_cluster: (u16, u16),
    /// Gazetteer marks.
    pub gaz: GazMarks,
}

/// Resources the extractor reads.
pub struct FeatureContext<'a> {
    /// Clitic analyzer (and its lexicon of frequencies).
    pub clitics: &'a CliticAnalyzer,
    /// Word clusters.
    pub clusters: &'a WordClusters,
    /// Gazetteer.
    pub gazetteer: &'a Gazetteer,
}

fn freq_bucket(n: u64) -> u8 {
    (64 - n.leading_zeros()) as u8
}

impl FeatureContext<'_> {
    /// Analyse a sentence's tokens (strings as written, with their kinds).
    pub fn token_infos(&self, tokens: &[(&str, TokenKind)], out: &mut Vec<TokenInfo>) {
        out.clear();
        let mut buf = String::new();
        for &(tok, kind) in tokens {
            let key = token_key(tok);
            let mut info = TokenInfo {
                kind: kind as u8,
                cluster: (u16::MAX, u16::MAX),
                stem_cluster: (u16::MAX, u16::MAX),
                ..TokenInfo::default()
            };
            if kind == TokenKind::Word {
                let seg = self.clitics.segment(tok, Span::new(0, tok.len()));
                let stem_text = seg.stem.text(tok);
                info.stem = if stem_text.len() == tok.len() {
                    key.clone()
                } else {
                    token_key(stem_text)
                };
                for p in &seg.proclitics {
                    if !info.proclitics.is_empty() {
                        info.proclitics.push('+');
                    }
                    info.proclitics.push_str(&token_key(p.text(tok)));
                }
                info.enclitic = seg.enclitic.is_some();
                buf.clear();
                normalize_into(tok, NormLevel::Analysis, &mut buf);
                info.freq = freq_bucket(self.clitics.frequency(&buf));
                if stem_text.len() == tok.len() {
                    info.stem_freq = info.freq;
                } else {
                    buf.clear();
                    normalize_into(stem_text, NormLevel::Analysis, &mut buf);
                    info.stem_freq = freq_bucket(self.clitics.frequency(&buf));
                }
            } else {
                info.stem = key.clone();
            }
            // Cluster keys are token keys with digits folded to 0.
            let cluster = if key.bytes().any(|b| b.is_ascii_digit()) {
                self.clusters.get(&crate::clusters::cluster_key(tok))
            } else {
                self.clusters.get(&key)
            };
            if let Some(c) = cluster {
                info.cluster = c;
            }
            info.stem_cluster = if info.stem != key {
                self.clusters.get(&info.stem).unwrap_or(info.cluster)
            } else {
                info.cluster
            };
            info.key = key;
            out.push(info);
        }
        let mut marks = Vec::new();
        self.gazetteer
            .mark(out.iter().map(|i| i.key.as_str()), &mut marks);
        for (info, m) in out.iter_mut().zip(marks) {
            info.gaz = m;
        }
    }
}

const NONE: &str = "<none>";

/// The tokens around token `i` of a sentence.
struct Around<'a> {
    infos: &'a [TokenInfo],
    i: usize,
}

impl<'a> Around<'a> {
    /// The token `d` places away, if inside the sentence.
    fn at(&self, d: isize) -> Option<&'a TokenInfo> {
        let j = self.i as isize + d;
        (j >= 0 && (j as usize) < self.infos.len()).then(|| &self.infos[j as usize])
    }

    fn boundary(d: isize) -> &'static str {
        if d < 0 { "<s>" } else { "</s>" }
    }

    /// Key of the token `d` places away, or a sentence-boundary marker.
    fn key(&self, d: isize) -> &'a str {
        self.at(d).map_or(Self::boundary(d), |x| x.key.as_str())
    }

    /// Stem of the token `d` places away, or a sentence-boundary marker.
    fn stem(&self, d: isize) -> &'a str {
        self.at(d).map_or(Self::boundary(d), |x| x.stem.as_str())
    }
}

/// Hash of a numeric feature of a template (for features computed outside this module).
pub fn hash_num(template: u8, n: u64) -> u64 {
    Fnv::new(template).num(n).0
}

fn shape(info: &TokenInfo) -> u64 {
    let len = info.stem.chars().count().min(8) as u64;
    u64::from(info.kind) * 16 + len
}

/// Features of the word itself: a bias, its key, its stem and its proclitics.
fn push_word(t: &TokenInfo, out: &mut Vec<u64>) {
    out.push(Fnv::new(0).0);
    out.push(Fnv::new(1).str(&t.key).0);
    out.push(Fnv::new(2).str(&t.stem).0);
    let proclitics = if t.proclitics.is_empty() {
        NONE
    } else {
        &t.proclitics
    };
    out.push(Fnv::new(3).str(proclitics).0);
}

/// The smaller set of features the second stage starts from: word, stem, clusters, gazetteer
/// marks and the words around (the first stage's labels carry the rest).
pub fn core_features(infos: &[TokenInfo], i: usize, out: &mut Vec<u64>) {
    out.clear();
    let t = &infos[i];
    let around = Around { infos, i };
    let at = |d: isize| around.at(d);
    let stem = |d: isize| around.stem(d);
    push_word(t, out);
    out.push(Fnv::new(9).num(u64::from(t.stem_freq)).0);
    out.push(Fnv::new(12).num(u64::from(t.stem_cluster.0)).0);
    out.push(Fnv::new(13).num(u64::from(t.stem_cluster.1)).0);
    out.push(Fnv::new(18).str(stem(-1)).0);
    out.push(Fnv::new(19).str(stem(1)).0);
    for name in t.gaz.names() {
        out.push(Fnv::new(26).str(name).0);
    }
    for (tpl, d) in [(27u8, -1isize), (28, 1)] {
        if let Some(x) = at(d) {
            for name in x.gaz.types() {
                out.push(Fnv::new(tpl).str(name).0);
            }
        }
    }
}

/// Hashed features of token `i` of a sentence.
pub fn token_features(infos: &[TokenInfo], i: usize, out: &mut Vec<u64>) {
    out.clear();
    let t = &infos[i];
    let around = Around { infos, i };
    let at = |d: isize| around.at(d);
    let key = |d: isize| around.key(d);
    let stem = |d: isize| around.stem(d);
    push_word(t, out);
    out.push(Fnv::new(4).num(u64::from(t.enclitic)).0);
    let mut chars = ['\0'; 34];
    let mut len = 1;
    chars[0] = '^';
    for c in t.stem.chars().take(32) {
        chars[len] = c;
        len += 1;
    }
    chars[len] = '$';
    let stem_chars = &chars[1..len];
    for n in 1..=3.min(stem_chars.len()) {
        out.push(Fnv::new(5).num(n as u64).chars(&stem_chars[..n]).0);
    }
    for n in 1..=4.min(stem_chars.len()) {
        out.push(
            Fnv::new(6)
                .num(n as u64)
                .chars(&stem_chars[stem_chars.len() - n..])
                .0,
        );
    }
    out.push(Fnv::new(7).num(shape(t)).0);
    out.push(Fnv::new(8).num(u64::from(t.freq)).0);
    out.push(Fnv::new(9).num(u64::from(t.stem_freq)).0);
    out.push(Fnv::new(10).num(u64::from(t.cluster.0)).0);
    out.push(Fnv::new(11).num(u64::from(t.cluster.1)).0);
    out.push(Fnv::new(12).num(u64::from(t.stem_cluster.0)).0);
    out.push(Fnv::new(13).num(u64::from(t.stem_cluster.1)).0);
    out.push(Fnv::new(14).str(key(-1)).0);
    out.push(Fnv::new(15).str(key(1)).0);
    out.push(Fnv::new(16).str(key(-2)).0);
    out.push(Fnv::new(17).str(key(2)).0);
    out.push(Fnv::new(18).str(stem(-1)).0);
    out.push(Fnv::new(19).str(stem(1)).0);
    out.push(Fnv::new(20).str(stem(-1)).str(&t.stem).0);
    out.push(Fnv::new(21).str(&t.stem).str(stem(1)).0);
    for (tpl, d) in [(22u8, -1isize), (23, 1)] {
        let c = at(d).map_or(u16::MAX - 1, |x| x.stem_cluster.1);
        out.push(Fnv::new(tpl).num(u64::from(c)).0);
    }
    for (tpl, d) in [(24u8, -1isize), (25, 1)] {
        let c = at(d).map_or(u16::MAX - 1, |x| x.stem_cluster.0);
        out.push(Fnv::new(tpl).num(u64::from(c)).0);
    }
    for name in t.gaz.names() {
        out.push(Fnv::new(26).str(name).0);
    }
    for (tpl, d) in [(27u8, -1isize), (28, 1)] {
        if let Some(x) = at(d) {
            for name in x.gaz.types() {
                out.push(Fnv::new(tpl).str(name).0);
            }
        }
    }
    if stem_chars.len() >= 3 {
        for w in chars[..=len].windows(3) {
            out.push(Fnv::new(29).chars(w).0);
        }
    }
    if i == 0 {
        out.push(Fnv::new(30).0);
    }
    // Combined evidence: the stem's frequency with its coarse cluster, and the gazetteer
    // marks of the neighbours with this token's shape.
    out.push(
        Fnv::new(31)
            .num(u64::from(t.stem_freq))
            .num(u64::from(t.stem_cluster.1))
            .0,
    );
    let prev_shape = at(-1).map_or(999, shape);
    out.push(Fnv::new(32).num(prev_shape).num(shape(t)).0);
    // Wider context: stems two away, and the coarse clusters of the neighbours with this
    // token's coarse cluster.
    out.push(Fnv::new(33).str(stem(-2)).0);
    out.push(Fnv::new(34).str(stem(2)).0);
    let coarse = |d: isize| at(d).map_or(u16::MAX - 1, |x| x.stem_cluster.1);
    out.push(
        Fnv::new(35)
            .num(u64::from(coarse(-1)))
            .num(u64::from(t.stem_cluster.1))
            .0,
    );
    out.push(
        Fnv::new(36)
            .num(u64::from(t.stem_cluster.1))
            .num(u64::from(coarse(1)))
            .0,
    );
    out.push(Fnv::new(38).num(u64::from(coarse(-2))).0);
    out.push(Fnv::new(39).num(u64::from(coarse(2))).0);
    if let Some(x) = at(-2) {
        for name in x.gaz.types() {
            out.push(Fnv::new(47).str(name).0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> FeatureContext<'static> {
        FeatureContext {
            clitics: CliticAnalyzer::bundled(),
            clusters: WordClusters::bundled(),
            gazetteer: Gazetteer::bundled(),
        }
    }

    #[test]
    fn clitic_variants_share_stem_features() {
        let c = ctx();
        let mut infos = Vec::new();
        c.token_infos(
            &[("وبروسيا", TokenKind::Word), ("روسيا", TokenKind::Word)],
            &mut infos,
        );
        assert_eq!(infos[0].stem, infos[1].stem);
        assert_eq!(infos[0].proclitics, "و+ب");
        let (mut a, mut b) = (Vec::new(), Vec::new());
        token_features(&infos, 0, &mut a);
        token_features(&infos, 1, &mut b);
        // The stem feature is the same hash; the whole-word feature differs.
        assert_eq!(a[2], b[2]);
        assert_ne!(a[1], b[1]);
    }

    #[test]
    fn features_are_deterministic_and_context_sensitive() {
        let c = ctx();
        let mut infos = Vec::new();
        c.token_infos(
            &[
                ("قال", TokenKind::Word),
                ("بوتين", TokenKind::Word),
                ("إن", TokenKind::Word),
            ],
            &mut infos,
        );
        let (mut a, mut b) = (Vec::new(), Vec::new());
        token_features(&infos, 1, &mut a);
        token_features(&infos, 1, &mut b);
        assert_eq!(a, b);
        let mut other = Vec::new();
        c.token_infos(
            &[
                ("زار", TokenKind::Word),
                ("بوتين", TokenKind::Word),
                ("إن", TokenKind::Word),
            ],
            &mut other,
        );
        let mut d = Vec::new();
        token_features(&other, 1, &mut d);
        assert_ne!(a, d);
        assert_eq!(infos[1].proclitics, "", "بوتين keeps its first letter");
    }
}
