//! Quantities: numbers in digits or words, with their scale, their approximation and the noun
//! they count.
//!
//! ## What it matches
//! «نحو ١١ ألف جندى» (about 11,000 soldiers), «1.3 مليون رجل», «20 ألف مستوعب», «ثلاثة آلاف
//! لاجئ», «عشرات الجنود» (tens of soldiers: vague), «ملايين القذائف», «600 جندي», «أكثر من 50
//! قتيلا», «15%». Word lists (approximators, scales, number words, counted nouns and their units)
//! are in `data/extract/quantities.toml`.
//!
//! ## Known misses
//! Compound number words («ثلاثة وعشرون»), fractions («نصف مليون»), ranges («بين 10 و20»).

use std::collections::HashMap;
use std::sync::OnceLock;

use rasd_text::Span;
use serde::{Deserialize, Serialize};

use crate::ExtractError;
use crate::scan::{Item, items, key};

const QUANTITIES_TOML: &str = include_str!("../../../data/extract/quantities.toml");

#[derive(Deserialize)]
struct QuantityFile {
    approximators: HashMap<String, String>,
    scales: HashMap<String, f64>,
    vague: HashMap<String, f64>,
    words: HashMap<String, f64>,
    units: HashMap<String, String>,
}

/// Word lists of the quantity finder, by normalized key.
pub struct QuantityRules {
    approximators: Vec<(Vec<String>, String)>,
    scales: HashMap<String, f64>,
    vague: HashMap<String, f64>,
    words: HashMap<String, f64>,
    units: HashMap<String, String>,
}

impl QuantityRules {
    /// The bundled rules.
    pub fn bundled() -> &'static QuantityRules {
        static R: OnceLock<QuantityRules> = OnceLock::new();
        R.get_or_init(|| {
            QuantityRules::from_toml(QUANTITIES_TOML).expect("bundled quantity rules are valid")
        })
    }

    /// Rules from a TOML file of the bundled schema.
    pub fn from_toml(text: &str) -> Result<QuantityRules, ExtractError> {
        let f: QuantityFile = toml::from_str(text).map_err(|e| ExtractError::BadRules {
            reason: e.to_string(),
        })?;
        let keyed_f = |m: HashMap<String, f64>| m.into_iter().map(|(k, v)| (key(&k), v)).collect();
        let mut approximators: Vec<(Vec<String>, String)> = f
            .approximators
            .into_iter()
            .map(|(k, v)| (key(&k).split(' ').map(str::to_owned).collect(), v))
            .collect();
        // Longest first.
        approximators.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        Ok(QuantityRules {
            approximators,
            scales: keyed_f(f.scales),
            vague: keyed_f(f.vague),
            words: keyed_f(f.words),
            units: f.units.into_iter().map(|(k, v)| (key(&k), v)).collect(),
        })
    }

    fn unit(&self, item: &Item) -> Option<&String> {
        let without_article = |k: &str| k.strip_prefix("ال").map(str::to_owned);
        self.units
            .get(&item.full)
            .or_else(|| self.units.get(&item.bare))
            .or_else(|| without_article(&item.bare).and_then(|k| self.units.get(&k)))
    }
}

/// A quantity found in a text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quantity {
    /// The whole expression (bytes).
    pub span: Span,
    /// Its value (for a vague amount, its order of magnitude).
    pub value: f64,
    /// `about`, `more_than`, `less_than`, `at_least`, `up_to`.
    pub approx: Option<String>,
    /// A vague amount («عشرات», «آلاف»).
    pub vague: bool,
    /// What is counted, in English («soldier», «USD», «percent»).
    pub unit: Option<String>,
}

fn number(it: &Item) -> Option<f64> {
    if it.digits == 0 {
        return None;
    }
    let cleaned: String = it.full.chars().filter(|c| *c != ',').collect();
    cleaned.parse().ok().filter(|v: &f64| v.is_finite())
}

/// Is the number at `j` glued to Latin letters («1e400», «A320», «3D»)? Then it is part of a
/// code or a written-out float, not a count.
fn glued_to_latin(items: &[Item], j: usize) -> bool {
    let latin = |x: &Item| x.digits == 0 && x.full.chars().any(|c| c.is_ascii_alphabetic());
    let it = &items[j];
    let before = j
        .checked_sub(1)
        .map(|k| &items[k])
        .is_some_and(|x| x.span.end == it.span.start && latin(x));
    let after = items
        .get(j + 1)
        .is_some_and(|x| x.span.start == it.span.end && latin(x));
    before || after
}

/// Find the quantities of a text.
pub fn find_quantities(text: &str, rules: &QuantityRules) -> Vec<Quantity> {
    quantities_in(&items(text), rules)
}

/// The quantities among a text's keyed tokens.
pub(crate) fn quantities_in(items: &[Item], rules: &QuantityRules) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let start = i;
        // An approximator ("نحو", "أكثر من").
        let mut approx = None;
        let mut j = i;
        for (words, kind) in &rules.approximators {
            let fits = words.iter().enumerate().all(|(d, w)| {
                items
                    .get(i + d)
                    .is_some_and(|x| !x.breaks && (x.full == *w || (d == 0 && x.bare == *w)))
            });
            if fits {
                approx = Some(kind.clone());
                j = i + words.len();
                break;
            }
        }
        let Some(it) = items.get(j).filter(|x| !x.breaks) else {
            i += 1;
            continue;
        };
        if it.digits > 0 && glued_to_latin(items, j) {
            i = j + 1;
            continue;
        }
        let (mut value, vague) = match (number(it), rules.words.get(&it.bare)) {
            (Some(v), _) => (v, false),
            (None, Some(v)) => (*v, false),
            (None, None) => match rules.vague.get(&it.bare) {
                Some(v) => (*v, true),
                None => {
                    i += 1;
                    continue;
                }
            },
        };
        let mut end = j + 1;
        let mut scaled = false;
        if !vague
            && let Some(s) = items
                .get(end)
                .filter(|x| !x.breaks)
                .and_then(|x| rules.scales.get(&x.bare))
        {
            value *= s;
            end += 1;
            // "آلاف" after a number is its scale, not a vague amount.
            scaled = true;
        }
        // A vague amount followed by a scale: "عشرات الآلاف".
        if vague
            && let Some(s) = items.get(end).filter(|x| !x.breaks).and_then(|x| {
                rules
                    .scales
                    .get(x.bare.strip_prefix("ال").unwrap_or(&x.bare))
            })
        {
            value *= s;
            end += 1;
        }
        let unit = items.get(end).and_then(|x| rules.unit(x)).cloned();
        if unit.is_some() {
            end += 1;
        }
        // A bare number is a quantity only with a unit, a scale or an approximator; years and
        // day numbers are not.
        let is_year = it.digits == 4 && (1900.0..=2100.0).contains(&value) && unit.is_none();
        if (unit.is_none() && !scaled && approx.is_none() && !vague)
            || is_year
            || !value.is_finite()
        {
            i = j + 1;
            continue;
        }
        let span = Span {
            start: items[start].span.start,
            end: items[end - 1].span.end,
        };
        out.push(Quantity {
            span,
            value,
            approx,
            vague,
            unit,
        });
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, value, approx, vague, unit)
    type Found = (String, f64, Option<String>, bool, Option<String>);

    fn find(t: &str) -> Vec<Found> {
        find_quantities(t, QuantityRules::bundled())
            .into_iter()
            .map(|q| {
                (
                    q.span.text(t).to_owned(),
                    q.value,
                    q.approx,
                    q.vague,
                    q.unit,
                )
            })
            .collect()
    }

    #[test]
    fn digits_scales_approximations_units() {
        let q = find("من خلال إرسال نحو ١١ ألف جندى وشحنات أسلحة");
        assert_eq!(
            q[0],
            (
                "نحو ١١ ألف جندى".into(),
                11000.0,
                Some("about".into()),
                false,
                Some("soldier".into())
            )
        );
        let q = find("مع تعداد ١.٣ مليون رجل");
        assert_eq!((q[0].1, q[0].4.as_deref()), (1_300_000.0, Some("man")));
        let q = find("شملت الشحنات ٢٠ ألف مستوعب");
        assert_eq!((q[0].1, q[0].4.as_deref()), (20000.0, Some("container")));
        let q = find("ويعلن مقتل 600 جندي");
        assert_eq!((q[0].1, q[0].4.as_deref()), (600.0, Some("soldier")));
        let q = find("سقط أكثر من 50 قتيلا");
        assert_eq!(
            (q[0].1, q[0].2.as_deref(), q[0].4.as_deref()),
            (50.0, Some("more_than"), Some("killed"))
        );
    }

    #[test]
    fn words_and_vague_amounts() {
        let q = find("عبر ثلاثة آلاف لاجئ الحدود");
        assert_eq!((q[0].1, q[0].4.as_deref()), (3000.0, Some("refugee")));
        let q = find("تشمل ملايين القذائف المدفعية");
        assert_eq!(
            (q[0].1, q[0].3, q[0].4.as_deref()),
            (1_000_000.0, true, Some("shell"))
        );
        let q = find("قتل عشرات الآلاف من المدنيين");
        assert_eq!((q[0].1, q[0].3), (10_000.0, true));
    }

    #[test]
    fn numbers_glued_to_latin_letters_and_overflowing_numbers_are_not_counts() {
        // Issue 14: «1e400 شخص» read as 400 people.
        assert!(
            find("حضر 1e400 شخص").is_empty(),
            "{:?}",
            find("حضر 1e400 شخص")
        );
        assert!(find("طائرة A320 جندي").is_empty());
        let huge = format!("حضر {} شخص", "9".repeat(400));
        assert!(find(&huge).is_empty(), "{:?}", find(&huge));
        assert_eq!(find("حضر 400 شخص")[0].1, 400.0);
    }

    #[test]
    fn years_and_bare_numbers_are_not_quantities() {
        assert!(find("في عام 2019 وفي 13 سبتمبر").is_empty());
        assert!(find("قناة روسيا 1 الحكومية").is_empty());
    }
}
