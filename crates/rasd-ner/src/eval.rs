//! CoNLL entity-level scoring: an entity is a maximal run of B-/I- labels of one type; it
//! counts when its span and type match exactly. An I- label after O or after another type
//! starts an entity (the IOB1 reading, which ANERcorp needs for 39 of its tags).

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::labels::{EntityType, Label};

/// An entity in a label sequence: token range and type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LabeledSpan {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Its type.
    pub ty: EntityType,
}

/// Entities of a label sequence.
pub fn spans(labels: &[Label]) -> Vec<LabeledSpan> {
    let mut out = Vec::new();
    let mut open: Option<LabeledSpan> = None;
    for (i, l) in labels.iter().enumerate() {
        let ty = l.entity_type();
        let continues = match (&open, ty) {
            (Some(o), Some(t)) => !l.is_begin() && o.ty == t,
            _ => false,
        };
        if continues {
            if let Some(o) = open.as_mut() {
                o.end = i + 1;
            }
            continue;
        }
        if let Some(o) = open.take() {
            out.push(o);
        }
        if let Some(t) = ty {
            open = Some(LabeledSpan {
                start: i,
                end: i + 1,
                ty: t,
            });
        }
    }
    out.extend(open);
    out
}

/// Precision, recall, F1 (fractions) and counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Correct / predicted.
    pub precision: f64,
    /// Correct / gold.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
    /// Correct entities.
    pub tp: usize,
    /// Predicted entities that are wrong.
    pub fp: usize,
    /// Gold entities missed.
    pub r#fn: usize,
}

impl Prf {
    /// Scores from counts of true positives, false positives and false negatives (0 where a
    /// ratio has no denominator).
    pub fn from_counts(tp: usize, fp: usize, fn_: usize) -> Prf {
        let p = if tp + fp > 0 {
            tp as f64 / (tp + fp) as f64
        } else {
            0.0
        };
        let r = if tp + fn_ > 0 {
            tp as f64 / (tp + fn_) as f64
        } else {
            0.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf {
            precision: p,
            recall: r,
            f1: f,
            tp,
            fp,
            r#fn: fn_,
        }
    }
}

/// Scores of a tagged corpus against gold.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Scores {
    /// Over all types.
    pub micro: Prf,
    /// Per type (by rasd's type names).
    pub per_type: BTreeMap<String, Prf>,
}

/// Accumulates gold and predicted sequences.
#[derive(Default)]
pub struct Scorer {
    counts: BTreeMap<EntityType, (usize, usize, usize)>,
}

impl Scorer {
    /// A new scorer.
    pub fn new() -> Scorer {
        Scorer::default()
    }

    /// Add one sentence.
    pub fn add(&mut self, gold: &[Label], predicted: &[Label]) {
        let g: HashSet<LabeledSpan> = spans(gold).into_iter().collect();
        let p: HashSet<LabeledSpan> = spans(predicted).into_iter().collect();
        for s in &p {
            let c = self.counts.entry(s.ty).or_default();
            if g.contains(s) {
                c.0 += 1;
            } else {
                c.1 += 1;
            }
        }
        for s in g.difference(&p) {
            self.counts.entry(s.ty).or_default().2 += 1;
        }
    }

    /// The scores so far.
    pub fn scores(&self) -> Scores {
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        let mut per_type = BTreeMap::new();
        for (ty, &(a, b, c)) in &self.counts {
            tp += a;
            fp += b;
            fn_ += c;
            per_type.insert(ty.as_str().to_owned(), Prf::from_counts(a, b, c));
        }
        Scores {
            micro: Prf::from_counts(tp, fp, fn_),
            per_type,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(tags: &str) -> Vec<Label> {
        tags.split(' ').map(Label::parse).collect()
    }

    #[test]
    fn iob1_inside_after_outside_starts_an_entity() {
        let s = spans(&seq("O I-PER I-PER O B-LOC I-LOC B-LOC I-ORG"));
        assert_eq!(
            s,
            vec![
                LabeledSpan {
                    start: 1,
                    end: 3,
                    ty: EntityType::Per
                },
                LabeledSpan {
                    start: 4,
                    end: 6,
                    ty: EntityType::Loc
                },
                LabeledSpan {
                    start: 6,
                    end: 7,
                    ty: EntityType::Loc
                },
                LabeledSpan {
                    start: 7,
                    end: 8,
                    ty: EntityType::Org
                },
            ]
        );
    }

    #[test]
    fn arithmetic_on_a_tiny_file() {
        let mut sc = Scorer::new();
        // gold: PER(0..2), LOC(3..4); predicted: PER(0..2) right, LOC(3..4) as ORG, extra MISC.
        sc.add(
            &seq("B-PER I-PER O B-LOC O"),
            &seq("B-PER I-PER O B-ORG B-MISC"),
        );
        // gold: ORG(0..1); predicted nothing.
        sc.add(&seq("B-ORG O"), &seq("O O"));
        let s = sc.scores();
        assert_eq!((s.micro.tp, s.micro.fp, s.micro.r#fn), (1, 2, 2));
        assert!((s.micro.precision - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.micro.recall - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.micro.f1 - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.per_type["PER"].f1, 1.0);
        assert_eq!(s.per_type["ORG"].r#fn, 1);
        assert_eq!(s.per_type["ORG"].fp, 1);
    }
}
