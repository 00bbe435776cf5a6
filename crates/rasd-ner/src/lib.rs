//! Arabic named-entity recognition, trained by rasd from public corpora.
//!
//! # Brief overview
//! A [`Recognizer`] finds the people, organizations, places and other names in a text and
//! returns [`Mention`]s with byte spans into it. It is an averaged structured linear model over
//! BIO labels trained by passive-aggressive updates ([`model`]) whose features ([`features`]) combine the word at three
//! normalization levels, its clitic-stripped stem (rasd-text), affixes and character
//! trigrams, corpus frequency, distributional word clusters learned from 17M words of news
//! ([`clusters`]), and gazetteer matches ([`gazetteer`]). [`train`] builds a model from
//! CoNLL files; [`eval`] scores one. The shipped model is `data/ner/model.bin`
//! (`rasd train ner`).
//!
//! ```
//! let ner = rasd_ner::Recognizer::bundled()?;
//! let text = "التقى الرئيس الروسي فلاديمير بوتين في موسكو.";
//! let mentions = ner.recognize_text(text);
//! assert!(mentions.iter().any(|m| m.span.text(text).contains("بوتين")));
//! # Ok::<(), rasd_ner::NerError>(())
//! ```
#![deny(missing_docs)]

pub mod clusters;
pub mod conll;
pub mod entities;
pub mod eval;
pub mod features;
pub mod gazetteer;
pub mod labels;
pub mod model;
mod not_names;

use std::sync::OnceLock;

pub use rasd_text::TokenKind;
use rasd_text::{CliticAnalyzer, Span, Token};
use serde::Serialize;

use crate::clusters::WordClusters;
use crate::conll::{Sentence, TagScheme};
pub use crate::entities::{Entity, group_mentions};
use crate::eval::{Scorer, Scores};
use crate::features::{FeatureContext, TokenInfo, token_features};
use crate::gazetteer::Gazetteer;
pub use crate::labels::{EntityType, Label};
use crate::model::{Example, Model, ModelMeta, Trainer};
pub use crate::not_names::NotNames;

/// Version of the feature templates; models record it and refuse other versions.
pub const FEATURES_VERSION: u32 = 3;

const MODEL_BIN: &[u8] = include_bytes!("../../../data/ner/model.bin");

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NerError {
    /// The model bytes are not a usable model.
    #[error("NER model: {reason}")]
    BadModel {
        /// What is wrong.
        reason: &'static str,
    },
}

/// A name found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Byte span in the text.
    pub span: Span,
    /// Type.
    pub ty: EntityType,
}

/// Tags texts with a model. Immutable and shareable across threads.
///
/// Tagging runs in two stages. The first labels each sentence on its own. The second sees, for
/// every word, how the first stage labelled the other occurrences of the same stem nearby in
/// the document (a name tagged ORG three times is likely ORG the fourth time, even in a
/// sentence that says little) and its own first-stage label; it makes the final decision.
pub struct Recognizer {
    first: Model,
    second: Option<Model>,
}

/// Sentences before and after a sentence whose first-stage labels inform the second stage,
/// when the document is a stream of sentences without boundaries (CoNLL files).
pub const DOC_WINDOW: usize = 10;

const STACK_MAGIC: &[u8; 8] = b"RASDNERS";

fn context() -> FeatureContext<'static> {
    FeatureContext {
        clitics: CliticAnalyzer::bundled(),
        clusters: WordClusters::bundled(),
        gazetteer: Gazetteer::bundled(),
    }
}

impl Recognizer {
    /// The model shipped in the binary (`data/ner/model.bin`), loaded once.
    pub fn bundled() -> Result<&'static Recognizer, NerError> {
        static R: OnceLock<Result<Recognizer, &'static str>> = OnceLock::new();
        match R.get_or_init(|| {
            Recognizer::from_bytes(MODEL_BIN).map_err(|e| match e {
                NerError::BadModel { reason } => reason,
            })
        }) {
            Ok(r) => Ok(r),
            Err(reason) => Err(NerError::BadModel { reason }),
        }
    }

    /// A recognizer from model bytes (one model, or the two stages).
    pub fn from_bytes(bytes: &[u8]) -> Result<Recognizer, NerError> {
        let Some(rest) = bytes.strip_prefix(STACK_MAGIC) else {
            return Ok(Recognizer {
                first: Model::from_bytes(bytes)?,
                second: None,
            });
        };
        let truncated = NerError::BadModel {
            reason: "truncated",
        };
        let len = u64::from_le_bytes(rest.get(..8).ok_or(truncated)?.try_into().expect("8 bytes"))
            as usize;
        let first = rest.get(8..8 + len).ok_or(NerError::BadModel {
            reason: "truncated",
        })?;
        let second = &rest[8 + len..];
        Ok(Recognizer {
            first: Model::from_bytes(first)?,
            second: Some(Model::from_bytes(second)?),
        })
    }

    /// The model's bytes, for saving.
    pub fn to_bytes(&self) -> Vec<u8> {
        match &self.second {
            None => self.first.to_bytes(),
            Some(second) => {
                let first = self.first.to_bytes();
                let mut out = STACK_MAGIC.to_vec();
                out.extend_from_slice(&(first.len() as u64).to_le_bytes());
                out.extend_from_slice(&first);
                out.extend_from_slice(&second.to_bytes());
                out
            }
        }
    }

    /// Load the lexicon, clusters and gazetteer now rather than on the first sentence.
    pub fn warm_up(&self) {
        self.tag(&[("رصد", TokenKind::Word)]);
    }

    /// How the model was made (the final stage's record).
    pub fn meta(&self) -> &ModelMeta {
        self.second.as_ref().map_or(&self.first.meta, |m| &m.meta)
    }

    /// Labels for one sentence given as token strings with their kinds.
    pub fn tag(&self, tokens: &[(&str, TokenKind)]) -> Vec<Label> {
        self.tag_document(&[tokens.to_vec()], 0)
            .pop()
            .unwrap_or_default()
    }

    /// Labels for the sentences of a document. The second stage looks `window` sentences
    /// either side (`usize::MAX`: the whole document).
    pub fn tag_document(
        &self,
        sentences: &[Vec<(&str, TokenKind)>],
        window: usize,
    ) -> Vec<Vec<Label>> {
        let ctx = context();
        let doc: Vec<Vec<TokenInfo>> = sentences
            .iter()
            .map(|s| {
                let mut infos = Vec::new();
                ctx.token_infos(s, &mut infos);
                infos
            })
            .collect();
        let base: Vec<Vec<Vec<u64>>> = doc.iter().map(|infos| base_features(infos)).collect();
        let first: Vec<Vec<Label>> = base.iter().map(|f| self.first.decode(f)).collect();
        let Some(second) = &self.second else {
            return first;
        };
        let stacked = stacked_features(&doc, &first, window);
        stacked.iter().map(|f| second.decode(f)).collect()
    }

    /// Mentions in a text, given its tokens and sentences (from rasd-text).
    pub fn recognize(&self, text: &str, tokens: &[Token], sentences: &[Span]) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut groups: Vec<&[Token]> = Vec::new();
        let mut t = 0;
        for s in sentences {
            while t < tokens.len() && tokens[t].span.end <= s.start {
                t += 1;
            }
            let start = t;
            while t < tokens.len() && tokens[t].span.start < s.end {
                t += 1;
            }
            if t > start {
                groups.push(&tokens[start..t]);
            }
        }
        let strs: Vec<Vec<(&str, TokenKind)>> = groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|tok| (tok.span.text(text), tok.kind))
                    .collect()
            })
            .collect();
        let labels = self.tag_document(&strs, usize::MAX);
        for (sent, labels) in groups.iter().zip(labels) {
            for e in eval::spans(&labels) {
                out.push(Mention {
                    span: Span::new(
                        sent[e.start].span.start as usize,
                        sent[e.end - 1].span.end as usize,
                    ),
                    ty: e.ty,
                });
            }
        }
        out
    }

    /// Tokenize, split and tag a text.
    pub fn recognize_text(&self, text: &str) -> Vec<Mention> {
        let a = rasd_text::analyze(text);
        self.recognize(text, &a.tokens, &a.sentences)
    }
}

/// The kind of a token given alone (for CoNLL files, whose tokens come pre-split).
pub fn token_kind(token: &str) -> TokenKind {
    rasd_text::tokenize(token)
        .first()
        .map_or(TokenKind::Symbol, |t| t.kind)
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainParams {
    /// Passes over the data.
    pub epochs: usize,
    /// Seed of the per-epoch shuffle.
    pub seed: u64,
    /// Models trained on different sentence orders whose weights are averaged.
    pub bags: usize,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            epochs: 8,
            seed: 20_260_101,
            bags: 3,
        }
    }
}

/// A corpus to train on.
pub struct TrainingSet<'a> {
    /// Name for the model's record.
    pub name: String,
    /// Sentences.
    pub sentences: &'a [Sentence],
    /// How its tags are named.
    pub scheme: TagScheme,
}

fn base_features(infos: &[TokenInfo]) -> Vec<Vec<u64>> {
    (0..infos.len())
        .map(|i| {
            let mut f = Vec::with_capacity(72);
            token_features(infos, i, &mut f);
            f
        })
        .collect()
}

/// Second-stage features: the first stage's label of the token and of its neighbours, and
/// how the first stage labelled the other occurrences of the token's stem within `window`
/// sentences.
fn stacked_features(
    doc: &[Vec<TokenInfo>],
    first: &[Vec<Label>],
    window: usize,
) -> Vec<Vec<Vec<u64>>> {
    use std::collections::HashMap;
    use std::hash::BuildHasherDefault;
    let mut where_: HashMap<&str, Vec<(usize, usize)>, BuildHasherDefault<gazetteer::FnvHasher>> =
        HashMap::default();
    for (s, infos) in doc.iter().enumerate() {
        for (i, t) in infos.iter().enumerate() {
            if t.kind == TokenKind::Word as u8 && t.stem.chars().count() >= 2 {
                where_.entry(t.stem.as_str()).or_default().push((s, i));
            }
        }
    }
    // Per stem, running counts of the first stage's types over its occurrences (in document
    // order), so that the counts within a window of sentences are a difference of two prefix
    // sums: linear in the document, whatever repeats in it.
    let mut prefix: HashMap<&str, Vec<[u32; 5]>, BuildHasherDefault<gazetteer::FnvHasher>> =
        HashMap::default();
    for (stem, occ) in &where_ {
        let mut acc = [0u32; 5];
        let mut sums = Vec::with_capacity(occ.len() + 1);
        sums.push(acc);
        for &(s2, i2) in occ {
            acc[first[s2][i2].entity_type().map_or(4, |ty| ty as usize)] += 1;
            sums.push(acc);
        }
        prefix.insert(stem, sums);
    }
    let mut out = Vec::with_capacity(doc.len());
    for (s, infos) in doc.iter().enumerate() {
        let mut sent = Vec::with_capacity(infos.len());
        for (i, t) in infos.iter().enumerate() {
            let mut f = Vec::with_capacity(24);
            features::core_features(infos, i, &mut f);
            let own = first[s][i];
            f.push(features::hash_num(40, own.index() as u64));
            let prev = if i > 0 {
                first[s][i - 1].index() as u64
            } else {
                99
            };
            let next = first[s].get(i + 1).map_or(99, |l| l.index() as u64);
            f.push(features::hash_num(41, prev * 100 + own.index() as u64));
            f.push(features::hash_num(42, own.index() as u64 * 100 + next));
            let mut counts = [0usize; 5];
            if let (Some(occ), Some(sums)) =
                (where_.get(t.stem.as_str()), prefix.get(t.stem.as_str()))
            {
                let lo = occ.partition_point(|&(s2, _)| s2.saturating_add(window) < s);
                let hi = occ.partition_point(|&(s2, _)| s2 <= s.saturating_add(window));
                for (k, c) in counts.iter_mut().enumerate() {
                    *c = (sums[hi][k] - sums[lo][k]) as usize;
                }
                // Not the token itself.
                if occ[lo..hi].binary_search(&(s, i)).is_ok() {
                    counts[own.entity_type().map_or(4, |ty| ty as usize)] -= 1;
                }
            }
            let total: usize = counts.iter().sum();
            if total == 0 {
                f.push(features::hash_num(43, 0));
            } else {
                let (best, &n) = counts[..4]
                    .iter()
                    .enumerate()
                    .max_by_key(|(_, n)| **n)
                    .expect("four types");
                if n > 0 {
                    let bucket = (3 * n).div_ceil(total) as u64;
                    f.push(features::hash_num(44, best as u64 * 10 + bucket));
                    f.push(features::hash_num(
                        45,
                        best as u64 * 100 + own.index() as u64,
                    ));
                } else {
                    f.push(features::hash_num(46, total.min(3) as u64));
                }
            }
            sent.push(f);
        }
        out.push(sent);
    }
    out
}

/// Sentences of a training set as analysed documents: token infos and base features.
struct Analysed {
    infos: Vec<Vec<TokenInfo>>,
    base: Vec<Vec<Vec<u64>>>,
    gold: Vec<Vec<Label>>,
}

fn analyse(set: &TrainingSet<'_>) -> Analysed {
    let ctx = context();
    let mut a = Analysed {
        infos: Vec::new(),
        base: Vec::new(),
        gold: Vec::new(),
    };
    for s in set.sentences {
        let toks: Vec<(&str, TokenKind)> = s
            .tokens
            .iter()
            .map(|t| (t.as_str(), token_kind(t)))
            .collect();
        let mut infos = Vec::new();
        ctx.token_infos(&toks, &mut infos);
        a.base.push(base_features(&infos));
        a.infos.push(infos);
        a.gold.push(s.labels(set.scheme));
    }
    a
}

fn shuffle(order: &mut [usize], rng: &mut u64) {
    // Fisher–Yates with xorshift64: deterministic for a seed.
    for i in (1..order.len()).rev() {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        order.swap(i, (*rng % (i as u64 + 1)) as usize);
    }
}

/// Train the linear labeler on examples given as hashed features.
fn fit(
    feats: &[&Vec<Vec<u64>>],
    gold: &[&Vec<Label>],
    params: &TrainParams,
    meta: &ModelMeta,
    mut each_epoch: impl FnMut(usize, usize, &Trainer),
) -> Model {
    // Bagging by seed: models trained on different sentence orders, weights averaged (5-fold CV:
    // 0.7728 with one, 0.7767 with three, 0.7772 with five).
    let bags = params.bags.max(1) as u64;
    if bags > 1 {
        let mut sum: std::collections::HashMap<u64, [f32; labels::N_LABELS]> = Default::default();
        let mut trans = [[0.0f32; labels::N_LABELS]; labels::N_LABELS + 1];
        let share = 1.0 / bags as f32;
        for b in 0..bags {
            let p = TrainParams {
                seed: params.seed.wrapping_add(b * 7919),
                ..params.clone()
            };
            let trainer = if b == 0 {
                fit_one(feats, gold, &p, &mut each_epoch)
            } else {
                fit_one(feats, gold, &p, |_, _, _| {})
            };
            let (weights, t) = trainer.averaged();
            for (h, v) in weights {
                let e = sum.entry(h).or_insert([0.0; labels::N_LABELS]);
                for (x, y) in e.iter_mut().zip(v) {
                    *x += y * share;
                }
            }
            for (row, trow) in trans.iter_mut().zip(t) {
                for (x, y) in row.iter_mut().zip(trow) {
                    *x += y * share;
                }
            }
        }
        let mut weights: Vec<(u64, [f32; labels::N_LABELS])> = sum.into_iter().collect();
        weights.sort_unstable_by_key(|w| w.0);
        return Model::quantize(weights.into_iter(), trans, meta.clone());
    }
    fit_one(feats, gold, params, &mut each_epoch).model(meta.clone())
}

fn fit_one(
    feats: &[&Vec<Vec<u64>>],
    gold: &[&Vec<Label>],
    params: &TrainParams,
    mut each_epoch: impl FnMut(usize, usize, &Trainer),
) -> Trainer {
    let mut trainer = Trainer::default();
    let examples: Vec<Example> = feats
        .iter()
        .zip(gold)
        .map(|(f, g)| Example {
            feats: f.iter().map(|t| trainer.intern(t)).collect(),
            gold: (*g).clone(),
        })
        .collect();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    // splitmix64 of the seed: a nonzero, well-mixed xorshift state for any seed.
    let mut rng = params.seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    rng = (rng ^ (rng >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    rng = (rng ^ (rng >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    rng = (rng ^ (rng >> 31)) | 1;
    for epoch in 1..=params.epochs {
        shuffle(&mut order, &mut rng);
        let errors = order
            .iter()
            .filter(|&&i| trainer.learn(&examples[i]))
            .count();
        each_epoch(epoch, errors, &trainer);
    }
    trainer
}

/// Labels of CoNLL sentences, tagged as one stream of sentences (see [`DOC_WINDOW`]).
pub fn tag_sentences(recognizer: &Recognizer, sentences: &[Sentence]) -> Vec<Vec<Label>> {
    let toks: Vec<Vec<(&str, TokenKind)>> = sentences
        .iter()
        .map(|s| {
            s.tokens
                .iter()
                .map(|t| (t.as_str(), token_kind(t)))
                .collect()
        })
        .collect();
    recognizer.tag_document(&toks, DOC_WINDOW)
}

/// Score a model on tagged sentences.
pub fn evaluate(recognizer: &Recognizer, sentences: &[Sentence], scheme: TagScheme) -> Scores {
    let mut scorer = Scorer::new();
    for (s, p) in sentences.iter().zip(tag_sentences(recognizer, sentences)) {
        scorer.add(&s.labels(scheme), &p);
    }
    scorer.scores()
}

/// Train a two-stage model (see [`Recognizer`]). The first stage's labels on the training
/// data come from 4-fold jackknifing, so that the second stage learns from first-stage
/// labels as imperfect as they will be on new text. `dev`, when given, is tagged after every
/// epoch of the second stage and reported through `progress(epoch, errors, dev_scores)`.
pub fn train(
    sets: &[TrainingSet<'_>],
    dev: Option<&[Sentence]>,
    params: &TrainParams,
    mut progress: impl FnMut(usize, usize, Option<&Scores>),
) -> Recognizer {
    const FOLDS: usize = 4;
    let mut meta = ModelMeta {
        features_version: FEATURES_VERSION,
        trained_on: sets
            .iter()
            .map(|s| format!("{} ({} sentences)", s.name, s.sentences.len()))
            .collect(),
        epochs: params.epochs,
        seed: params.seed,
        dev_f1: None,
        features: 0,
    };
    let analysed: Vec<Analysed> = sets.iter().map(analyse).collect();
    let all_feats: Vec<&Vec<Vec<u64>>> = analysed.iter().flat_map(|a| a.base.iter()).collect();
    let all_gold: Vec<&Vec<Label>> = analysed.iter().flat_map(|a| a.gold.iter()).collect();
    // Jackknifed first-stage labels, fold by contiguous chunk of each set.
    let mut first_labels: Vec<Vec<Vec<Label>>> = Vec::new();
    for a in &analysed {
        let n = a.base.len();
        let mut labels = vec![Vec::new(); n];
        for f in 0..FOLDS {
            let (lo, hi) = (f * n / FOLDS, (f + 1) * n / FOLDS);
            let mut feats: Vec<&Vec<Vec<u64>>> = Vec::new();
            let mut gold: Vec<&Vec<Label>> = Vec::new();
            for other in &analysed {
                let same = std::ptr::eq(other, a);
                for (j, (x, g)) in other.base.iter().zip(&other.gold).enumerate() {
                    if !(same && (lo..hi).contains(&j)) {
                        feats.push(x);
                        gold.push(g);
                    }
                }
            }
            let m = fit(&feats, &gold, params, &meta, |_, _, _| {});
            for (label, feats) in labels[lo..hi].iter_mut().zip(&a.base[lo..hi]) {
                *label = m.decode(feats);
            }
        }
        first_labels.push(labels);
    }
    let first = fit(&all_feats, &all_gold, params, &meta, |_, _, _| {});
    let stacked: Vec<Vec<Vec<Vec<u64>>>> = analysed
        .iter()
        .zip(&first_labels)
        .map(|(a, l)| stacked_features(&a.infos, l, DOC_WINDOW))
        .collect();
    let st_feats: Vec<&Vec<Vec<u64>>> = stacked.iter().flat_map(|s| s.iter()).collect();
    let mut last_dev = None;
    let second = fit(
        &st_feats,
        &all_gold,
        params,
        &meta,
        |epoch, errors, trainer| {
            let scores = dev.map(|d| {
                let r = Recognizer {
                    first: Model::from_bytes(&first.to_bytes()).expect("own bytes"),
                    second: Some(trainer.model(meta.clone())),
                };
                evaluate(&r, d, TagScheme::Coarse)
            });
            if let Some(s) = &scores {
                last_dev = Some(s.micro.f1);
            }
            progress(epoch, errors, scores.as_ref());
        },
    );
    meta.dev_f1 = last_dev;
    let mut second = second;
    second.meta.dev_f1 = last_dev;
    Recognizer {
        first,
        second: Some(second),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conll::parse;

    const TRAIN: &str = "قال O\nالرئيس O\nبوتين B-PERS\nفي O\nموسكو B-LOC\n. O\n\nزار O\nكيم B-PERS\nروسيا B-LOC\n. O\n\nأعلنت O\nالأمم B-ORG\nالمتحدة I-ORG\nفي O\nنيويورك B-LOC\n. O\n\nقال O\nبوتين B-PERS\nإن O\nروسيا B-LOC\nمستعدة O\n. O\n";

    fn tiny(seed: u64) -> Recognizer {
        let (sentences, _) = parse(TRAIN);
        let sets = [TrainingSet {
            name: "tiny".into(),
            sentences: &sentences,
            scheme: TagScheme::Coarse,
        }];
        train(
            &sets,
            None,
            &TrainParams {
                epochs: 5,
                seed,
                bags: 2,
            },
            |_, _, _| {},
        )
    }

    #[test]
    fn training_is_deterministic() {
        assert_eq!(tiny(7).to_bytes(), tiny(7).to_bytes());
    }

    #[test]
    fn a_trained_model_tags_its_training_data_and_survives_a_round_trip() {
        let m = tiny(7);
        let toks = [
            ("قال", TokenKind::Word),
            ("بوتين", TokenKind::Word),
            ("إن", TokenKind::Word),
            ("روسيا", TokenKind::Word),
            ("مستعدة", TokenKind::Word),
            (".", TokenKind::Punct),
        ];
        let labels = m.tag(&toks);
        assert_eq!(labels[1], Label::parse("B-PER"));
        assert_eq!(labels[3], Label::parse("B-LOC"));
        let back = Recognizer::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back.tag(&toks), labels);
    }

    #[test]
    fn recognize_maps_labels_to_text_spans() {
        let m = tiny(7);
        let text = "زار كيم روسيا.";
        let ms = m.recognize_text(text);
        assert!(
            ms.iter()
                .any(|x| x.span.text(text) == "روسيا" && x.ty == EntityType::Loc),
            "{ms:?}"
        );
    }

    #[test]
    fn the_bundled_model_loads_and_finds_names() {
        let ner = Recognizer::bundled().expect("data/ner/model.bin is a model");
        let text = "التقى الرئيس الروسي فلاديمير بوتين نظيره الصيني في العاصمة موسكو.";
        let ms = ner.recognize_text(text);
        assert!(
            ms.iter()
                .any(|m| m.ty == EntityType::Per && m.span.text(text).contains("بوتين")),
            "{ms:?}"
        );
        assert!(
            ms.iter()
                .any(|m| m.ty == EntityType::Loc && m.span.text(text) == "موسكو"),
            "{ms:?}"
        );
    }
}
