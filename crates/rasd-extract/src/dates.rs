//! Time expressions: absolute and relative dates, durations and recurring times, with TIMEX3
//! values resolved against the document's date when it is known.
//!
//! ## What it matches
//! Dates in every naming tradition of the reader's calendar («13 سبتمبر 2023», «يوليو/تموز»,
//! «كانون الثاني 2024», «جانفي»), numeric dates, years («عام 2019», «2002م»), weekdays, days
//! relative to the document («أمس», «أمس الأول», «اليوم»), relative months and years («الشهر
//! الماضي», «العام المقبل», «في يونيو الماضي», «هذا الأسبوع»), the present and recent past
//! («الآن», «مؤخرا»), durations («ثلاثة أيام», «24 ساعة», «العامين الماضيين»), seasons,
//! decades and centuries, and recurring times («سنويا»). Modifiers («أوائل», «منتصف»,
//! «نهاية») widen the expression and set its `modifier`.
//!
//! ## Values
//! TIMEX3 values: `2023-09-13`, `2023-09`, `2023`, `2023-W37`, `2023-SU`, `196`, `P3D`,
//! `PRESENT_REF`, `PAST_REF`, `FUTURE_REF`. A relative expression without a document date keeps
//! `value: None` (its text says what it is).
//!
//! ## Known misses
//! Times of day, date ranges as one expression («من 10 إلى 13 سبتمبر» gives two), and Hijri
//! dates without a year.

use std::collections::HashMap;
use std::sync::OnceLock;

use rasd_reader::calendar::{Calendar, CalendarName, Date, hijri_to_gregorian};
use rasd_text::Span;
use serde::{Deserialize, Serialize};

use crate::ExtractError;
use crate::scan::{Item, items, key};

const TIME_TOML: &str = include_str!("../../../data/extract/time.toml");

#[derive(Deserialize)]
struct TimeFile {
    days: HashMap<String, i64>,
    day_phrases: HashMap<String, i64>,
    present: Vec<String>,
    past: Vec<String>,
    future: Vec<String>,
    units: HashMap<String, String>,
    unit_nouns: HashMap<String, String>,
    steps: HashMap<String, i64>,
    this: Vec<String>,
    quantifiers: Vec<String>,
    parts: Vec<String>,
    ordinals: HashMap<String, u32>,
    modifiers: HashMap<String, String>,
    numbers: HashMap<String, u32>,
    seasons: HashMap<String, String>,
    decades: HashMap<String, u32>,
    centuries: HashMap<String, u32>,
    sets: HashMap<String, String>,
}

/// Word lists of the time-expression finder (`data/extract/time.toml`), by normalized key.
pub struct TimeRules {
    days: HashMap<String, i64>,
    phrases: HashMap<String, Phrase>,
    units: HashMap<String, String>,
    unit_nouns: HashMap<String, String>,
    steps: HashMap<String, i64>,
    this: Vec<String>,
    /// Quantifier phrases, split into words.
    quantifiers: Vec<Vec<String>>,
    /// First words of the two-word phrases.
    phrase_heads: std::collections::HashSet<String>,
    parts: Vec<String>,
    ordinals: HashMap<String, u32>,
    modifiers: HashMap<String, String>,
    numbers: HashMap<String, u32>,
    seasons: HashMap<String, String>,
    decades: HashMap<String, u32>,
    centuries: HashMap<String, u32>,
    sets: HashMap<String, String>,
    calendar: &'static Calendar,
}

#[derive(Clone, Copy)]
enum Phrase {
    DayOffset(i64),
    Present,
    Past,
    Future,
}

impl TimeRules {
    /// The bundled rules.
    pub fn bundled() -> &'static TimeRules {
        static R: OnceLock<TimeRules> = OnceLock::new();
        R.get_or_init(|| TimeRules::from_toml(TIME_TOML).expect("bundled time rules are valid"))
    }

    /// Rules from a TOML file of the bundled schema.
    pub fn from_toml(text: &str) -> Result<TimeRules, ExtractError> {
        let f: TimeFile = toml::from_str(text).map_err(|e| ExtractError::BadRules {
            reason: e.to_string(),
        })?;
        let keyed = |m: HashMap<String, String>| m.into_iter().map(|(k, v)| (key(&k), v)).collect();
        let mut phrases = HashMap::new();
        for (k, v) in f.day_phrases {
            phrases.insert(key(&k), Phrase::DayOffset(v));
        }
        for (list, p) in [
            (&f.present, Phrase::Present),
            (&f.past, Phrase::Past),
            (&f.future, Phrase::Future),
        ] {
            for w in list {
                phrases.insert(key(w), p);
            }
        }
        Ok(TimeRules {
            days: f.days.into_iter().map(|(k, v)| (key(&k), v)).collect(),
            phrase_heads: phrases
                .keys()
                .filter_map(|k: &String| k.split_once(' ').map(|(h, _)| h.to_owned()))
                .collect(),
            phrases,
            units: keyed(f.units),
            unit_nouns: keyed(f.unit_nouns),
            steps: f.steps.into_iter().map(|(k, v)| (key(&k), v)).collect(),
            this: f.this.iter().map(|w| key(w)).collect(),
            quantifiers: f
                .quantifiers
                .iter()
                .map(|w| key(w).split(' ').map(str::to_owned).collect())
                .collect(),
            parts: f.parts.iter().map(|w| key(w)).collect(),
            ordinals: f.ordinals.into_iter().map(|(k, v)| (key(&k), v)).collect(),
            modifiers: keyed(f.modifiers),
            numbers: f.numbers.into_iter().map(|(k, v)| (key(&k), v)).collect(),
            seasons: keyed(f.seasons),
            decades: f.decades.into_iter().map(|(k, v)| (key(&k), v)).collect(),
            centuries: f.centuries.into_iter().map(|(k, v)| (key(&k), v)).collect(),
            sets: keyed(f.sets),
            calendar: Calendar::bundled(),
        })
    }
}

/// TIMEX3 types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date, month, year, week, season, decade or century; or a reference to the present/past/future.
    Date,
    /// An amount of time.
    Duration,
    /// A recurring time.
    Set,
}

/// A time expression.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimeExpr {
    /// Where it is (bytes).
    pub span: Span,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: TimexType,
    /// TIMEX3 value, when it can be given.
    pub value: Option<String>,
    /// START, MID or END for «أوائل», «منتصف», «نهاية».
    pub modifier: Option<String>,
    /// The value depends on the document's date.
    pub relative: bool,
}

impl TimeExpr {
    /// A date resolved to the calendar (a day, month, year or week: its value starts with a
    /// year), not a duration, a recurrence or a vague reference (`PAST_REF`, `FUTURE_REF`).
    pub fn is_calendar_date(&self) -> bool {
        self.ty == TimexType::Date
            && self
                .value
                .as_deref()
                .is_some_and(|v| v.as_bytes().first().is_some_and(u8::is_ascii_digit))
    }
}

struct Found {
    len: usize,
    ty: TimexType,
    value: Option<String>,
    relative: bool,
}

impl Found {
    fn date(len: usize, value: Option<String>, relative: bool) -> Found {
        Found {
            len,
            ty: TimexType::Date,
            value,
            relative,
        }
    }
}

fn month_at(items: &[Item], i: usize, cal: &Calendar) -> Option<(u8, usize)> {
    let first = items.get(i)?;
    if first.breaks {
        return None;
    }
    let mut found = None;
    if let Some(second) = items.get(i + 1)
        && !second.breaks
        && let Some(CalendarName::Month(m)) = cal.get(&format!("{} {}", first.bare, second.full))
    {
        found = Some((m, 2));
    }
    if found.is_none()
        && let Some(CalendarName::Month(m)) = cal.get(&first.bare).or_else(|| cal.get(&first.full))
    {
        found = Some((m, 1));
    }
    let (m, mut len) = found?;
    // The double forms "يوليو/تموز" and "يوليو (تموز)".
    let mut j = i + len;
    while items.get(j).is_some_and(|x| x.full == "/" || x.full == "(") {
        j += 1;
    }
    if j > i + len
        && let Some(x) = items.get(j)
        && matches!(cal.get(&x.full), Some(CalendarName::Month(_)))
    {
        len = j - i + 1;
        if items.get(i + len).is_some_and(|x| x.full == ")") {
            len += 1;
        }
    }
    Some((m, len))
}

fn year_at(items: &[Item], i: usize) -> Option<(i32, usize)> {
    let it = items.get(i)?;
    let y = it.number.filter(|_| it.digits == 4)? as i32;
    if !(1000..=2200).contains(&y) {
        return None;
    }
    // A trailing "م" (Gregorian era mark) belongs to the year.
    let len = if items.get(i + 1).is_some_and(|x| x.full == "م") {
        2
    } else {
        1
    };
    Some((y, len))
}

fn shift_month(y: i32, m: u8, by: i64) -> (i32, u8) {
    let total = i64::from(y) * 12 + i64::from(m) - 1 + by;
    (
        (total.div_euclid(12)) as i32,
        (total.rem_euclid(12) + 1) as u8,
    )
}

/// Find the time expressions of a text. `dct` is the document's date (its publication date),
/// against which relative expressions are resolved.
pub fn find_times(text: &str, dct: Option<Date>, rules: &TimeRules) -> Vec<TimeExpr> {
    times_in(&items(text), dct, rules)
}

/// The time expressions among a text's keyed tokens.
pub(crate) fn times_in(items: &[Item], dct: Option<Date>, rules: &TimeRules) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        if items[i].breaks {
            i += 1;
            continue;
        }
        // A modifier widens what follows ("أوائل شهر مارس الماضي").
        let mut start = i;
        let mut modifier = None;
        if let Some(m) = rules.modifiers.get(&items[i].bare) {
            let mut j = i + 1;
            if items.get(j).is_some_and(|x| x.is("شهر")) {
                j += 1;
            }
            if let Some(f) = match_at(items, j, dct, rules) {
                modifier = Some(m.clone());
                start = i;
                let end = items[j + f.len - 1].span.end;
                out.push(TimeExpr {
                    span: Span {
                        start: items[start].span.start,
                        end,
                    },
                    ty: f.ty,
                    value: f.value,
                    modifier,
                    relative: f.relative,
                });
                i = j + f.len;
                continue;
            }
        }
        // "شهر مارس": the word for month belongs to the expression.
        let mut j = i;
        if items[i].is("شهر") && month_at(items, i + 1, rules.calendar).is_some() {
            j = i + 1;
        }
        match match_at(items, j, dct, rules) {
            Some(f) => {
                let end = items[j + f.len - 1].span.end;
                out.push(TimeExpr {
                    span: Span {
                        start: items[start].span.start,
                        end,
                    },
                    ty: f.ty,
                    value: f.value,
                    modifier: modifier.take(),
                    relative: f.relative,
                });
                i = j + f.len;
            }
            None => i += 1,
        }
    }
    out
}

fn match_at(items: &[Item], i: usize, dct: Option<Date>, r: &TimeRules) -> Option<Found> {
    let it = items.get(i)?;
    if it.breaks {
        return None;
    }
    let cal = r.calendar;
    let next = |d: usize| items.get(i + d).filter(|x| !x.breaks);
    // Numeric dates in one token: 2023/09/13, 13-09-2023.
    if it.number.is_none()
        && it.digits >= 6
        && let Some(found) = rasd_reader::calendar::find_date(&it.full, cal)
    {
        return Some(Found::date(1, Some(found.date.iso()), false));
    }
    // Day month [year] (Gregorian or Hijri).
    if let Some(day) = it.number.filter(|d| (1..=31).contains(d) && it.digits <= 2) {
        if let Some((m, mlen)) = month_at(items, i + 1, cal) {
            if let Some((y, ylen)) = year_at(items, i + 1 + mlen) {
                let v = Date::new(y, m, day as u8).map(|d| d.iso());
                return Some(Found::date(1 + mlen + ylen, v, false));
            }
            let v = dct
                .and_then(|d| Date::new(d.year, m, day as u8))
                .map(|d| d.iso());
            let step = next(1 + mlen).and_then(|x| r.steps.get(&x.full));
            return Some(Found::date(1 + mlen + usize::from(step.is_some()), v, true));
        }
        if let Some(x) = next(1)
            && let Some(CalendarName::HijriMonth(hm)) = cal.get(&x.bare)
            && let Some((hy, ylen)) = year_at(items, i + 2)
        {
            let v = hijri_to_gregorian(hy, hm, day as u8).map(|d| d.iso());
            let tail = usize::from(
                items
                    .get(i + 2 + ylen)
                    .is_some_and(|x| x.full == "ه" || x.full == "هـ"),
            );
            return Some(Found::date(2 + ylen + tail, v, false));
        }
    }
    // Month [year | step].
    if let Some((m, mlen)) = month_at(items, i, cal) {
        if let Some((y, ylen)) = year_at(items, i + mlen) {
            return Some(Found::date(
                mlen + ylen,
                Some(format!("{y:04}-{m:02}")),
                false,
            ));
        }
        if let Some(step) = next(mlen).and_then(|x| r.steps.get(&x.full)) {
            let v = dct.map(|d| {
                // "يونيو الماضي": the last June before the document; "المقبل": the next one.
                let mut y = d.year;
                if *step < 0 && m >= d.month {
                    y -= 1;
                }
                if *step > 0 && m <= d.month {
                    y += 1;
                }
                format!("{y:04}-{m:02}")
            });
            return Some(Found::date(mlen + 1, v, true));
        }
        // A bare month name: only the unambiguous ones (ماي، آب، أوت also mean other words).
        if mlen >= 1 && !matches!(it.bare.as_str(), "ماي" | "اب" | "اوت" | "مايو")
            || next(mlen).is_some_and(|x| x.number.is_some())
        {
            let v = dct.map(|d| format!("{:04}-{m:02}", d.year));
            return Some(Found::date(mlen, v, true));
        }
    }
    // Years.
    if let Some((y, ylen)) = year_at(items, i) {
        let prev = i.checked_sub(1).and_then(|p| items.get(p));
        let cue = prev.is_some_and(|p| {
            ["عام", "العام", "سنه", "السنه", "منذ", "في", "حتي", "خلال"]
                .iter()
                .any(|c| p.is(c))
        });
        if cue || ylen == 2 || (1900..=2100).contains(&y) {
            return Some(Found::date(ylen, Some(format!("{y:04}")), false));
        }
    }
    // Quantified bare units: "أكثر من قرن", "لمدة عام".
    for words in &r.quantifiers {
        let fits = words.iter().enumerate().all(|(d, w)| {
            items
                .get(i + d)
                .is_some_and(|x| !x.breaks && (x.full == *w || (d == 0 && x.bare == *w)))
        });
        if fits
            && let Some(u) = next(words.len())
            && let Some(unit) = r.units.get(&u.bare)
        {
            let (n_, unit) = match unit.strip_suffix('2') {
                Some(u1) => (2, u1),
                None => (1, unit.as_str()),
            };
            return Some(Found {
                len: words.len() + 1,
                ty: TimexType::Duration,
                value: Some(duration(n_, unit)),
                relative: false,
            });
        }
    }
    // Two-word phrases, then one-word ones.
    if let Some(n) = next(1) {
        // "الربع الأول", "النصف الثاني".
        if r.parts.contains(&it.bare)
            && let Some(o) = r.ordinals.get(&n.full)
        {
            let letter = if it.bare.ends_with("ربع") {
                'Q'
            } else {
                'H'
            };
            return Some(Found::date(
                2,
                dct.map(|d| format!("{:04}-{letter}{o}", d.year)),
                true,
            ));
        }
        if r.phrase_heads.contains(&it.bare)
            && let Some(p) = r.phrases.get(&format!("{} {}", it.bare, n.full))
        {
            return Some(phrase(*p, 2, dct));
        }
        // "الشهر الماضي", "العام المقبل", "الأسبوع الجاري".
        if let (Some(unit), Some(step)) = (r.unit_nouns.get(&it.bare), r.steps.get(&n.full)) {
            return Some(Found::date(
                2,
                dct.map(|d| relative_unit(d, unit, *step)),
                true,
            ));
        }
        // "هذا العام".
        if r.this.contains(&it.bare)
            && let Some(unit) = r.unit_nouns.get(&n.full)
        {
            return Some(Found::date(2, dct.map(|d| relative_unit(d, unit, 0)), true));
        }
        // "القرن العشرين", "القرن الحادي والعشرين".
        if it.is("القرن") {
            if let Some(n2) = next(2)
                && let Some(c) = r.centuries.get(&format!("{} {}", n.full, n2.full))
            {
                return Some(Found::date(3, Some(c.to_string()), false));
            }
            if let Some(c) = r.centuries.get(&n.full) {
                return Some(Found::date(2, Some(c.to_string()), false));
            }
        }
        // Durations: a number or number word and a unit ("24 ساعة", "ثلاثة أيام").
        let count = it
            .number
            .filter(|_| it.digits <= 4)
            .or_else(|| r.numbers.get(&it.bare).copied());
        if let (Some(n_), Some(unit)) = (count, r.units.get(&n.bare)) {
            return Some(Found {
                len: 2,
                ty: TimexType::Duration,
                value: Some(duration(n_, unit)),
                relative: false,
            });
        }
    }
    if let Some(p) = r.phrases.get(&it.bare).or_else(|| r.phrases.get(&it.full)) {
        return Some(phrase(*p, 1, dct));
    }
    if let Some(off) = r.days.get(&it.bare).or_else(|| r.days.get(&it.full)) {
        return Some(Found::date(1, dct.map(|d| d.add_days(*off).iso()), true));
    }
    // Weekdays, with "يوم" before them or not: the last such day up to the document's date.
    let (wd_at, wd_len) = if it.is("يوم") { (i + 1, 2) } else { (i, 1) };
    if let Some(w) = items.get(wd_at)
        && let Some(CalendarName::Weekday(n)) = cal.get(&w.bare).or_else(|| cal.get(&w.full))
    {
        let v = dct.map(|d| {
            let back = (i64::from(d.weekday()) - i64::from(n)).rem_euclid(7);
            d.add_days(-back).iso()
        });
        return Some(Found::date(wd_len, v, true));
    }
    // Dual units alone ("عامين", "العامين الماضيين").
    if let Some(unit) = r
        .units
        .get(&it.bare)
        .or_else(|| r.units.get(it.bare.trim_start_matches("ال")))
        && unit.ends_with('2')
    {
        let len = 1 + usize::from(
            next(1).is_some_and(|x| x.full.starts_with("الماضي") || x.full.starts_with("المقبل")),
        );
        return Some(Found {
            len,
            ty: TimexType::Duration,
            value: Some(duration(2, &unit[..unit.len() - 1])),
            relative: false,
        });
    }
    if let Some(s) = r.seasons.get(&it.bare) {
        return Some(Found::date(
            1,
            dct.map(|d| format!("{:04}-{s}", d.year)),
            true,
        ));
    }
    if let Some(dec) = r.decades.get(&it.bare) {
        return Some(Found::date(1, Some(format!("19{dec}")), false));
    }
    if let Some(v) = r.sets.get(&it.bare) {
        return Some(Found {
            len: 1,
            ty: TimexType::Set,
            value: Some(v.clone()),
            relative: false,
        });
    }
    None
}

fn phrase(p: Phrase, len: usize, dct: Option<Date>) -> Found {
    match p {
        Phrase::DayOffset(off) => Found::date(len, dct.map(|d| d.add_days(off).iso()), true),
        Phrase::Present => Found::date(len, Some("PRESENT_REF".into()), false),
        Phrase::Past => Found::date(len, Some("PAST_REF".into()), false),
        Phrase::Future => Found::date(len, Some("FUTURE_REF".into()), false),
    }
}

fn relative_unit(d: Date, unit: &str, step: i64) -> String {
    match unit {
        "D" => d.add_days(step).iso(),
        "W" => d.add_days(7 * step).iso_week(),
        "M" => {
            let (y, m) = shift_month(d.year, d.month, step);
            format!("{y:04}-{m:02}")
        }
        _ => format!("{:04}", i64::from(d.year) + step),
    }
}

fn duration(n: u32, unit: &str) -> String {
    let unit = unit.trim_end_matches('2');
    match unit {
        "H" | "MIN" => format!("PT{n}{}", if unit == "H" { "H" } else { "M" }),
        _ => format!("P{n}{unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str, dct: Option<&str>) -> Vec<(String, &'static str, Option<String>)> {
        let dct = dct.and_then(Date::parse_iso);
        find_times(text, dct, TimeRules::bundled())
            .into_iter()
            .map(|t| {
                let ty = match t.ty {
                    TimexType::Date => "DATE",
                    TimexType::Duration => "DURATION",
                    TimexType::Set => "SET",
                };
                (t.span.text(text).to_owned(), ty, t.value)
            })
            .collect()
    }

    fn v(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    #[test]
    fn absolute_dates_in_every_tradition() {
        assert_eq!(
            find("الأربعاء ١٣ سبتمبر ٢٠٢٣ الساعة", None)[1],
            ("١٣ سبتمبر ٢٠٢٣".into(), "DATE", v("2023-09-13"))
        );
        assert_eq!(
            find("في 5 كانون الثاني 2024 وصل", None)[0],
            ("5 كانون الثاني 2024".into(), "DATE", v("2024-01-05"))
        );
        assert_eq!(
            find("وفي يوليو/تموز 2023 زار", None)[0],
            ("يوليو/تموز 2023".into(), "DATE", v("2023-07"))
        );
        assert_eq!(
            find("منذ عام 2019 تغير", None)[0],
            ("2019".into(), "DATE", v("2019"))
        );
        assert_eq!(
            find("في 2002م بدأ", None)[0],
            ("2002م".into(), "DATE", v("2002"))
        );
    }

    #[test]
    fn relative_dates_resolve_against_the_document_date() {
        let dct = Some("2023-09-13");
        assert_eq!(
            find("قال أمس إن", dct)[0],
            ("أمس".into(), "DATE", v("2023-09-12"))
        );
        assert_eq!(
            find("حذر أمس الأول من", dct)[0],
            ("أمس الأول".into(), "DATE", v("2023-09-11"))
        );
        assert_eq!(
            find("في الشهر الماضي", dct)[0],
            ("الشهر الماضي".into(), "DATE", v("2023-08"))
        );
        assert_eq!(
            find("العام الماضي", dct)[0],
            ("العام الماضي".into(), "DATE", v("2022"))
        );
        assert_eq!(
            find("وفى يونيو الماضي وقع", dct)[0],
            ("يونيو الماضي".into(), "DATE", v("2023-06"))
        );
        assert_eq!(
            find("قال الثلاثاء إنه", dct)[0],
            ("الثلاثاء".into(), "DATE", v("2023-09-12"))
        );
        assert_eq!(
            find("هذا الأسبوع", dct)[0],
            ("هذا الأسبوع".into(), "DATE", v("2023-W37"))
        );
        assert_eq!(
            find("قبل أيام", dct)[0],
            ("قبل أيام".into(), "DATE", v("PAST_REF"))
        );
        // Without a document date the expression is kept, unresolved.
        assert_eq!(find("قال أمس إن", None)[0], ("أمس".into(), "DATE", None));
    }

    #[test]
    fn modifiers_durations_decades_sets() {
        let dct = Some("2015-12-24");
        let f = find_times(
            "في اوائل شهر مارس الماضي",
            Date::parse_iso("2015-12-24"),
            TimeRules::bundled(),
        );
        assert_eq!(f[0].modifier.as_deref(), Some("START"));
        assert_eq!(f[0].value.as_deref(), Some("2015-03"));
        assert_eq!(
            find("خلال 24 ساعة", dct)[0],
            ("24 ساعة".into(), "DURATION", v("PT24H"))
        );
        assert_eq!(
            find("منذ ثلاثة أيام", dct)[0],
            ("ثلاثة أيام".into(), "DURATION", v("P3D"))
        );
        assert_eq!(
            find("خلال العامين الماضيين", dct)[0],
            ("العامين الماضيين".into(), "DURATION", v("P2Y"))
        );
        assert_eq!(
            find("في الستينيات", dct)[0],
            ("الستينيات".into(), "DATE", v("196"))
        );
        assert_eq!(
            find("في القرن العشرين", dct)[0],
            ("القرن العشرين".into(), "DATE", v("19"))
        );
        assert_eq!(
            find("يقام سنويا", dct)[0],
            ("سنويا".into(), "SET", v("P1Y"))
        );
    }

    #[test]
    fn quarters_halves_and_quantified_units() {
        let dct = Some("2015-12-24");
        assert_eq!(
            find("في النصف الثاني من العام", dct)[0],
            ("النصف الثاني".into(), "DATE", v("2015-H2"))
        );
        assert_eq!(
            find("خلال الربع الأول", dct)[0],
            ("الربع الأول".into(), "DATE", v("2015-Q1"))
        );
        assert_eq!(
            find("منذ أكثر من قرن", dct)[0],
            ("أكثر من قرن".into(), "DURATION", v("P1CE"))
        );
    }

    #[test]
    fn ordinary_words_are_not_dates() {
        assert!(find("زار رئيس الوزراء تيريزا ماي لندن", None).is_empty());
        assert!(find("قال الأب إن ابنه عاد", None).is_empty());
    }
}
