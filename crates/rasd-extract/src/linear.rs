//! A multiclass linear model over hashed features, trained as an averaged perceptron: the
//! learner behind the event model's trigger tagger, role ranker and modality classifier.
//!
//! Features are 64-bit hashes of a template and its value ([`feature`]). Weights are kept per
//! feature as one row of `classes` values; the stored model keeps the averaged weights,
//! quantized to `i16` with one scale, rows sorted by hash, so that training the same data twice
//! writes the same bytes.

use rasd_text::hash::FxMap;

/// The hash of a feature: a template name and its value (FNV-1a, stable across builds).
pub fn feature(template: &str, value: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in template.bytes().chain([0xff]).chain(value.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The hash of a feature whose value is a number.
pub fn feature_num(template: &str, n: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in template.bytes().chain([0xfe]).chain(n.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The hash of a feature whose value has several parts (no string is built).
pub fn feature_parts(template: &str, parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    template.bytes().for_each(&mut eat);
    eat(0xff);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            eat(0x1f);
        }
        p.bytes().for_each(&mut eat);
    }
    h
}

/// A trained model: for each feature, one weight per class.
#[derive(Clone, Debug, PartialEq)]
pub struct Linear {
    classes: Vec<String>,
    rows: FxMap<u64, u32>,
    weights: Vec<f32>,
}

impl Linear {
    /// The class names, in order.
    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    /// The index of a class name.
    pub fn class(&self, name: &str) -> Option<usize> {
        self.classes.iter().position(|c| c == name)
    }

    /// Scores of every class for a set of features.
    pub fn scores(&self, feats: &[u64]) -> Vec<f32> {
        let k = self.classes.len();
        let mut s = vec![0f32; k];
        for f in feats {
            if let Some(&row) = self.rows.get(f) {
                let row = row as usize * k;
                for (c, w) in self.weights[row..row + k].iter().enumerate() {
                    s[c] += w;
                }
            }
        }
        s
    }

    /// The best class and its margin over the second best.
    pub fn predict(&self, feats: &[u64]) -> (usize, f32) {
        let s = self.scores(feats);
        let mut best = 0;
        for c in 1..s.len() {
            if s[c] > s[best] {
                best = c;
            }
        }
        let second = (0..s.len())
            .filter(|&c| c != best)
            .map(|c| s[c])
            .fold(f32::NEG_INFINITY, f32::max);
        (best, s[best] - second)
    }

    /// Serialize: class names, then rows sorted by feature hash, weights as `i16` × scale.
    pub fn write(&self, out: &mut Vec<u8>) {
        let k = self.classes.len();
        out.extend_from_slice(&(k as u16).to_le_bytes());
        for c in &self.classes {
            out.extend_from_slice(&(c.len() as u16).to_le_bytes());
            out.extend_from_slice(c.as_bytes());
        }
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        out.extend_from_slice(&scale.to_le_bytes());
        let mut rows: Vec<(u64, u32)> = self.rows.iter().map(|(&h, &r)| (h, r)).collect();
        rows.sort_unstable();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (h, r) in rows {
            out.extend_from_slice(&h.to_le_bytes());
            let row = r as usize * k;
            for w in &self.weights[row..row + k] {
                out.extend_from_slice(&((w / scale).round() as i16).to_le_bytes());
            }
        }
    }

    /// Read what [`Linear::write`] wrote, from `bytes[*pos..]`; advances `pos`.
    pub fn read(bytes: &[u8], pos: &mut usize) -> Result<Linear, String> {
        let mut take = |n: usize| -> Result<&[u8], String> {
            let s = bytes
                .get(*pos..*pos + n)
                .ok_or_else(|| "the model file is truncated".to_owned())?;
            *pos += n;
            Ok(s)
        };
        let k = u16::from_le_bytes(take(2)?.try_into().expect("2 bytes")) as usize;
        let mut classes = Vec::with_capacity(k);
        for _ in 0..k {
            let n = u16::from_le_bytes(take(2)?.try_into().expect("2 bytes")) as usize;
            let name = std::str::from_utf8(take(n)?).map_err(|e| e.to_string())?;
            classes.push(name.to_owned());
        }
        let scale = f32::from_le_bytes(take(4)?.try_into().expect("4 bytes"));
        let n = u32::from_le_bytes(take(4)?.try_into().expect("4 bytes")) as usize;
        let mut rows = FxMap::default();
        rows.reserve(n);
        let mut weights = Vec::with_capacity(n * k);
        for r in 0..n {
            let h = u64::from_le_bytes(take(8)?.try_into().expect("8 bytes"));
            rows.insert(h, r as u32);
            for _ in 0..k {
                let w = i16::from_le_bytes(take(2)?.try_into().expect("2 bytes"));
                weights.push(f32::from(w) * scale);
            }
        }
        Ok(Linear {
            classes,
            rows,
            weights,
        })
    }
}

/// One training example: its features and its class.
pub struct Example {
    /// Feature hashes.
    pub feats: Vec<u64>,
    /// The right class.
    pub class: usize,
}

/// Averaged-perceptron training of a [`Linear`] model.
pub struct Trainer {
    classes: Vec<String>,
    rows: FxMap<u64, u32>,
    /// Current weights.
    w: Vec<f32>,
    /// Sums for averaging (the "lazy" trick: `u` accumulates `t × update`).
    u: Vec<f32>,
    t: f32,
}

impl Trainer {
    /// A trainer for these classes.
    pub fn new(classes: Vec<String>) -> Trainer {
        Trainer {
            classes,
            rows: FxMap::default(),
            w: Vec::new(),
            u: Vec::new(),
            t: 1.0,
        }
    }

    fn row(&mut self, f: u64) -> usize {
        let k = self.classes.len();
        let next = self.rows.len() as u32;
        let r = *self.rows.entry(f).or_insert(next) as usize;
        if r == next as usize {
            self.w.extend(std::iter::repeat_n(0.0, k));
            self.u.extend(std::iter::repeat_n(0.0, k));
        }
        r * k
    }

    fn scores(&self, feats: &[u64]) -> Vec<f32> {
        let k = self.classes.len();
        let mut s = vec![0f32; k];
        for f in feats {
            if let Some(&r) = self.rows.get(f) {
                let r = r as usize * k;
                for (c, w) in s.iter_mut().zip(&self.w[r..r + k]) {
                    *c += w;
                }
            }
        }
        s
    }

    /// Learn from one example; whether the model was wrong on it. `cost[c]` weighs a mistake
    /// towards class `c` (1 for all; more to make some errors dearer).
    pub fn learn(&mut self, ex: &Example, cost: &[f32]) -> bool {
        let s = self.scores(&ex.feats);
        let mut guess = 0;
        for c in 1..s.len() {
            if s[c] > s[guess] {
                guess = c;
            }
        }
        if guess != ex.class {
            let step = cost[guess].max(cost[ex.class]);
            for &f in &ex.feats {
                let r = self.row(f);
                self.w[r + ex.class] += step;
                self.w[r + guess] -= step;
                self.u[r + ex.class] += self.t * step;
                self.u[r + guess] -= self.t * step;
            }
        }
        self.t += 1.0;
        guess != ex.class
    }

    /// The averaged model, rows whose weights all round to zero left out.
    pub fn model(&self) -> Linear {
        let k = self.classes.len();
        let mut rows = FxMap::default();
        let mut weights = Vec::new();
        let mut order: Vec<(u64, u32)> = self.rows.iter().map(|(&h, &r)| (h, r)).collect();
        order.sort_unstable();
        for (h, r) in order {
            let r = r as usize * k;
            let avg: Vec<f32> = (0..k)
                .map(|c| self.w[r + c] - self.u[r + c] / self.t)
                .collect();
            if avg.iter().all(|w| w.abs() < 1e-3) {
                continue;
            }
            rows.insert(h, (weights.len() / k) as u32);
            weights.extend(avg);
        }
        Linear {
            classes: self.classes.clone(),
            rows,
            weights,
        }
    }
}

/// Train over `examples` for `epochs`, in an order shuffled by a fixed seed each epoch.
pub fn train(classes: Vec<String>, examples: &[Example], epochs: usize, cost: &[f32]) -> Linear {
    let mut t = Trainer::new(classes);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..epochs {
        // Fisher–Yates with a xorshift generator: the same order on every machine.
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        for &i in &order {
            t.learn(&examples[i], cost);
        }
    }
    t.model()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        let classes = vec!["O".to_owned(), "A".to_owned(), "B".to_owned()];
        let ex = |w: &str, c: usize| Example {
            feats: vec![feature("w", w), feature("bias", "")],
            class: c,
        };
        let data = vec![ex("x", 0), ex("y", 1), ex("z", 2), ex("x", 0), ex("y", 1)];
        let m = train(classes, &data, 5, &[1.0, 1.0, 1.0]);
        assert_eq!(m.predict(&[feature("w", "y"), feature("bias", "")]).0, 1);
        assert_eq!(m.predict(&[feature("w", "z"), feature("bias", "")]).0, 2);
        let mut bytes = Vec::new();
        m.write(&mut bytes);
        let mut pos = 0;
        let back = Linear::read(&bytes, &mut pos).unwrap();
        assert_eq!(pos, bytes.len());
        assert_eq!(back.classes(), m.classes());
        assert_eq!(back.predict(&[feature("w", "z")]).0, 2);
        let mut again = Vec::new();
        back.write(&mut again);
        assert_eq!(bytes, again, "writing a read model gives the same bytes");
    }
}
