//! Exact and near-duplicate detection for news articles: a wire story reprinted by five
//! sites is one report, not five.
//!
//! # Brief overview
//! [`find_groups`] (or a [`Deduper`] fed article by article) returns the [`DupGroup`]s of two
//! or more articles whose texts are copies or near-copies of each other (wire copy with a
//! changed first line, an added or removed paragraph, a few words edited, another spelling,
//! a truncation). Each group names its canonical article, the earliest by publication date,
//! and gives every [`DupMember`] its similarity to it and whether it is an exact copy.
//!
//! ```
//! use rasd_dedup::{DedupParams, Doc, find_groups};
//!
//! let wire = "أعلنت وزارة الصحة اليوم تسجيل 120 إصابة جديدة بفيروس كورونا في العاصمة، \
//!             وقالت في بيان إن الحالات كلها لمخالطين، وإن فرق التقصي تتابع 300 شخص آخرين.\n\
//!             وأضاف البيان أن نسبة الشفاء بلغت 90 في المئة، ودعا المواطنين إلى الالتزام بالإجراءات.";
//! // The same wire copy under another headline line, spelled without hamzas.
//! let reprint = format!("الصحة: 120 اصابة جديدة\n{}", wire.replace('أ', "ا").replace('إ', "ا"));
//! let other = "أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في العاصمة بسعة 300 سرير، \
//!              وقال الوزير إن المستشفى سيخدم سكان الأحياء الجنوبية ويضم قسما للطوارئ.";
//! let docs = [
//!     Doc { id: 7, text: &reprint, date: Some("2018-03-02") },
//!     Doc { id: 3, text: wire, date: Some("2018-03-01T09:30:00+03:00") },
//!     Doc { id: 9, text: other, date: Some("2018-03-01") },
//! ];
//! let groups = find_groups(&docs, &DedupParams::default())?;
//! assert_eq!(groups.len(), 1);
//! assert_eq!(groups[0].canonical, 3); // the earlier one
//! let ids: Vec<u32> = groups[0].members.iter().map(|m| m.id).collect();
//! assert_eq!(ids, [3, 7]);
//! assert!(!groups[0].members[1].exact && groups[0].members[1].similarity > 0.8);
//! # Ok::<(), rasd_dedup::DedupError>(())
//! ```
//!
//! # Method
//! Texts are compared at the Search normalization level of `rasd-text` (no diacritics or
//! tatweel, one alef, ya and ta marbuta, ASCII digits), as sequences of words (Arabic, Latin
//! lower-cased, numbers; punctuation left out).
//!
//! 1. **Exact copies**: articles with the same sequence of normalized tokens (punctuation
//!    included, whitespace not) share a 64-bit content hash and are grouped at once; only the
//!    first of them goes on to the next steps.
//! 2. **Shingles**: the set of runs of [`DedupParams::shingle`] consecutive words, each hashed
//!    to 32 bits.
//! 3. **MinHash**: a signature of [`DedupParams::hashes`] values by one permutation hashing
//!    with optimal densification (one hash per shingle, not one per shingle and value); two
//!    texts agree on a value with probability equal to their Jaccard similarity.
//! 4. **LSH banding**: the signature is cut into [`DedupParams::bands`] bands; articles that
//!    agree on a whole band are candidate pairs.
//! 5. **Verification**: a candidate pair is kept when the exact Jaccard similarity of the two
//!    shingle sets is at least [`DedupParams::threshold`].
//! 6. **Groups**: the kept pairs connect articles into components; within a component, in
//!    date order, an article joins the group it is closest to — through the group's
//!    canonical article (similarity at least `threshold`) or through a member it nearly
//!    copies (at least [`DedupParams::link_threshold`]) — if it is published within
//!    [`DedupParams::window_days`] of the canonical article (or of an exact copy of it);
//!    otherwise it starts a group.
//!    Plain connected components would chain a template (a telegram of congratulation, a
//!    ministry's statement) through its fillings into one group of different stories.
//!
//! The canonical article of a group is its earliest by date; ties and undated articles go by
//! the order they were added (undated ones after dated ones). A text with fewer than
//! [`DedupParams::min_words`] words never joins a group, not even as an exact copy: short
//! bodies (a name, «التفاصيل في الفيديو») are the same words for different stories.
//! Everything is seeded by constants and parallel steps are merged in a fixed order, so the
//! same articles give the same groups whatever the number of threads. Work and memory grow
//! linearly with the number of articles, plus the candidate pairs.

#![deny(missing_docs)]

mod date;
mod dedup;
mod fingerprint;
mod hash;

pub use dedup::Deduper;

use fingerprint::{Fingerprint, Scratch};

/// Parameters of duplicate detection.
///
/// The default is the setting measured best with `rasd eval dedup` on the news corpus
/// (69,772 articles, plus seven kinds of edited copies of 2,000 of them):
/// - shingles of 3 words: each edit kind keeps a recall of 0.9995 or more at threshold 0.5.
///   With 4 or 5 words, a copy with 5% of its words replaced falls to a similarity near 0.6
///   (recall 0.96–0.98). With 2 words, 13% more corpus pairs join, mostly paraphrases.
/// - threshold 0.5: read by eye, 25 of 30 corpus pairs at 0.5–0.6 and 23 of 25 at 0.6–0.7
///   are reprints of one report (the others share background paragraphs or a template);
///   0.6 would lose about a fifth of the real near-copies.
/// - 96 hashes in 32 bands of 3 rows: LSH finds 99.9% of the pairs above the threshold that
///   128 bands of 2 rows find, from 26k candidate pairs instead of 206k; bands of 4 rows
///   miss 1.7%.
/// - `min_words` 10: the shortest identical texts in the corpus that are one report (video
///   captions) have 10 words; shorter ones are boilerplate lines and names.
/// - `link_threshold` 0.7 and `window_days` 7: see the fields.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct DedupParams {
    /// Words per shingle.
    pub shingle: usize,
    /// MinHash functions (the signature's length).
    pub hashes: usize,
    /// LSH bands; must divide `hashes`. More bands (fewer rows each) find pairs of lower
    /// similarity, at the cost of more candidate pairs to verify.
    pub bands: usize,
    /// The least Jaccard similarity of two articles' shingle sets to count them as
    /// duplicates, in (0, 1].
    pub threshold: f64,
    /// Texts with fewer words never join a group.
    pub min_words: usize,
    /// An article joins a group when it is at least `threshold` similar to the group's
    /// canonical article, or at least `link_threshold` similar to another member (a near-copy
    /// of a reprint). At `threshold`, groups are the connected components of similar pairs
    /// (single linkage); above 1, every member is similar to the canonical article. At 0.7,
    /// edited copies of reprints stay with their group (synthetic recall 0.9998, against
    /// 0.989 at 0.8 and 0.977 without links), and few members end up less than `threshold`
    /// similar to their canonical article (43 of 5,657 in the news corpus, against 205 with
    /// single linkage).
    pub link_threshold: f64,
    /// A near-copy joins a group only when published at most this many days from the group's
    /// canonical article or an exact copy of it (when dated): reprints come out within days,
    /// while a template reused weeks later (a telegram, a daily bulletin) is another story.
    /// Read by eye, 5 of 5 near pairs of the news corpus more than a week apart were
    /// different stories, and 15 of 20 pairs 3–7 days apart were reprints. Exact copies are
    /// grouped whatever their dates. `None`: no limit.
    pub window_days: Option<u32>,
}

impl Default for DedupParams {
    fn default() -> Self {
        Self {
            shingle: 3,
            hashes: 96,
            bands: 32,
            threshold: 0.5,
            min_words: 10,
            link_threshold: 0.7,
            window_days: Some(7),
        }
    }
}

impl DedupParams {
    /// Check the parameters.
    pub fn validate(&self) -> Result<(), DedupError> {
        if self.shingle == 0 {
            return Err(DedupError::ZeroShingle);
        }
        if self.bands == 0 || self.hashes == 0 || !self.hashes.is_multiple_of(self.bands) {
            return Err(DedupError::Bands {
                hashes: self.hashes,
                bands: self.bands,
            });
        }
        if !(self.threshold > 0.0 && self.threshold <= 1.0) {
            return Err(DedupError::Threshold(self.threshold));
        }
        if self.link_threshold.is_nan() || self.link_threshold < self.threshold {
            return Err(DedupError::LinkThreshold(self.link_threshold));
        }
        Ok(())
    }
}

/// An article to deduplicate.
#[derive(Clone, Copy, Debug)]
pub struct Doc<'a> {
    /// The caller's identifier, returned in the groups as given.
    pub id: u32,
    /// The article's text (its body; one paragraph per line or not, it does not matter).
    pub text: &'a str,
    /// Publication date in ISO 8601 (`2018-03-01` or `2018-03-01T14:05:00+03:00`); `None`,
    /// or a date that does not parse, counts as unknown.
    pub date: Option<&'a str>,
}

impl<'a> Doc<'a> {
    /// A document without a date.
    pub fn new(id: u32, text: &'a str) -> Self {
        Doc {
            id,
            text,
            date: None,
        }
    }
}

/// Articles that are copies or near-copies of each other.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct DupGroup {
    /// The canonical article: the earliest by date (ties and unknown dates: the first added).
    pub canonical: u32,
    /// All members, the canonical one first (similarity 1, exact), then by date.
    pub members: Vec<DupMember>,
}

/// One article of a [`DupGroup`].
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct DupMember {
    /// The article's id.
    pub id: u32,
    /// Jaccard similarity of its shingle set to the canonical article's, in [0, 1]. Members
    /// joined through another member can be below the threshold.
    pub similarity: f64,
    /// Whether its normalized text is the canonical article's, token for token.
    pub exact: bool,
}

/// Counts of one run of [`Deduper::groups_with_stats`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct DedupStats {
    /// Articles added.
    pub articles: usize,
    /// Articles too short to group (fewer than `min_words` words).
    pub short: usize,
    /// Distinct normalized texts among the others (those that went to MinHash).
    pub distinct: usize,
    /// Articles in the largest LSH bucket.
    pub largest_bucket: usize,
    /// Candidate pairs from LSH (distinct).
    pub candidates: usize,
    /// Candidate pairs that passed verification.
    pub similar_pairs: usize,
    /// Groups found.
    pub groups: usize,
    /// Articles in the groups.
    pub grouped: usize,
}

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DedupError {
    /// The shingle size is 0.
    #[error("the shingle size must be at least one word")]
    ZeroShingle,
    /// The hashes cannot be cut into bands of equal size.
    #[error("{hashes} hashes cannot be cut into {bands} bands of equal size")]
    Bands {
        /// The number of hashes.
        hashes: usize,
        /// The number of bands.
        bands: usize,
    },
    /// The threshold is not in (0, 1].
    #[error("the similarity threshold {0} is not in (0, 1]")]
    Threshold(f64),
    /// The link threshold is below the threshold.
    #[error("the link threshold {0} is below the similarity threshold")]
    LinkThreshold(f64),
}

/// The groups of two or more duplicate articles among `docs` (see [`Deduper`]), computed on
/// all cores.
pub fn find_groups(docs: &[Doc<'_>], params: &DedupParams) -> Result<Vec<DupGroup>, DedupError> {
    let mut d = Deduper::new(params.clone())?;
    d.add_all(docs);
    Ok(d.groups())
}

/// The similarity of two texts as dedup measures it: the Jaccard similarity of their sets of
/// `params.shingle`-word shingles (0 when a text has fewer words than a shingle).
/// `params.min_words` is not applied.
pub fn similarity(a: &str, b: &str, params: &DedupParams) -> f64 {
    let mut scratch = Scratch::default();
    let fa = Fingerprint::new(a, params.shingle, 0, &mut scratch);
    let fb = Fingerprint::new(b, params.shingle, 0, &mut scratch);
    fingerprint::jaccard(&fa.shingles, &fb.shingles)
}

#[cfg(test)]
mod tests;
