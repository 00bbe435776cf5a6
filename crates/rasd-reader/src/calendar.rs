//! Month and weekday names (CLDR, all regional traditions) and publication-date parsing.
//!
//! Names come from `data/reader/calendar.tsv` (generated from CLDR by
//! `scripts/build_calendar.py`) and `data/reader/calendar_extra.tsv` (variants CLDR lacks).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::keys::{key_words, line_key};

const CALENDAR_TSV: &str = include_str!("../../../data/reader/calendar.tsv");
const CALENDAR_EXTRA_TSV: &str = include_str!("../../../data/reader/calendar_extra.tsv");

/// What a calendar name stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalendarName {
    /// Gregorian month 1..=12.
    Month(u8),
    /// Hijri month 1..=12.
    HijriMonth(u8),
    /// Solar Hijri (Iranian, Afghan) month 1..=12: فروردین … اسفند.
    SolarHijriMonth(u8),
    /// Weekday, 1 = Sunday.
    Weekday(u8),
}

/// Calendar names keyed by their normalized words (a name has one or two words).
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    names: HashMap<String, CalendarName>,
    /// Words of names that have several ("كانون", "الثاني").
    name_parts: HashSet<String>,
}

impl Calendar {
    /// The bundled calendar names.
    pub fn bundled() -> &'static Calendar {
        static CAL: OnceLock<Calendar> = OnceLock::new();
        CAL.get_or_init(|| {
            let mut cal = Calendar::default();
            for line in CALENDAR_TSV.lines().chain(CALENDAR_EXTRA_TSV.lines()) {
                if line.starts_with('#') || line.trim().is_empty() {
                    continue;
                }
                let mut cols = line.split('\t');
                let (Some(kind), Some(num), Some(name)) = (cols.next(), cols.next(), cols.next())
                else {
                    continue;
                };
                let Ok(n) = num.trim().parse::<u8>() else {
                    continue;
                };
                let value = match kind {
                    "month" => CalendarName::Month(n),
                    "hijri_month" => CalendarName::HijriMonth(n),
                    "solar_hijri_month" => CalendarName::SolarHijriMonth(n),
                    "weekday" => CalendarName::Weekday(n),
                    _ => continue,
                };
                let key = line_key(name);
                if key.contains(' ') {
                    cal.name_parts.extend(key.split(' ').map(str::to_owned));
                }
                cal.names.insert(key, value);
            }
            cal
        })
    }

    /// Is this word part of a multi-word name?
    pub fn is_name_part(&self, word: &str) -> bool {
        self.name_parts.contains(word)
    }

    /// Look up a name given as a normalized key ("سبتمبر", "كانون الثاني").
    pub fn get(&self, key: &str) -> Option<CalendarName> {
        self.names.get(key).copied()
    }
}

/// A calendar date (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month 1..=12.
    pub month: u8,
    /// Day 1..=31.
    pub day: u8,
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        (1..=12)
            .contains(&month)
            .then_some(())
            .filter(|_| day >= 1 && day <= days_in_month(year, month))
            .map(|_| Date { year, month, day })
    }

    /// ISO 8601 form, `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Parse `YYYY-MM-DD` (a longer ISO datetime is cut to its date).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let d = s.get(..10)?;
        let mut parts = d.split('-');
        let y = parts.next()?.parse().ok()?;
        let m = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Date::new(y, m, day)
    }

    /// The date `n` days later (earlier when negative).
    pub fn add_days(self, n: i64) -> Date {
        civil_from_days(days_from_civil(self.year, self.month, self.day) + n)
    }

    /// Day of the week, 1 = Sunday … 7 = Saturday (the numbering of `calendar.tsv`).
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (5).
        ((days_from_civil(self.year, self.month, self.day) + 4).rem_euclid(7) + 1) as u8
    }

    /// ISO 8601 week `YYYY-Www`.
    pub fn iso_week(self) -> String {
        // The Thursday of this date's week decides the year.
        let wd = (i64::from(self.weekday()) + 5) % 7; // Monday = 0
        let thursday = self.add_days(3 - wd);
        let jan1 = Date {
            year: thursday.year,
            month: 1,
            day: 1,
        };
        let week = (days_from_civil(thursday.year, thursday.month, thursday.day)
            - days_from_civil(jan1.year, 1, 1))
            / 7
            + 1;
        format!("{:04}-W{:02}", thursday.year, week)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a Gregorian date.
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    Date {
        year: (y + i64::from(m <= 2)) as i32,
        month: m,
        day: d,
    }
}

/// Gregorian date of a Hijri date by the tabular (arithmetic) Islamic calendar. Observational
/// calendars (Umm al-Qura) can differ by a day or two.
pub fn hijri_to_gregorian(year: i32, month: u8, day: u8) -> Option<Date> {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) || year < 1 {
        return None;
    }
    let (y, m, d) = (i64::from(year), i64::from(month), i64::from(day));
    // Julian day number of the Islamic date (civil epoch 16 July 622 Julian).
    let jd = d + (59 * (m - 1) + 1) / 2 + 354 * (y - 1) + (3 + 11 * y) / 30 + 1_948_440 - 1;
    // Julian day 2440588 is 1970-01-01.
    Some(civil_from_days(jd - 2_440_588))
}

/// Gregorian date of a Solar Hijri date (the Iranian calendar), by the 33-year arithmetic
/// cycle, which agrees with the astronomical calendar for the years of current news.
pub fn solar_hijri_to_gregorian(year: i32, month: u8, day: u8) -> Option<Date> {
    let max_day = if month <= 6 { 31 } else { 30 };
    if !(1..=12).contains(&month) || !(1..=max_day).contains(&day) || year < 1 {
        return None;
    }
    let (jy, jm, jd) = (i64::from(year) + 1595, i64::from(month), i64::from(day));
    // Days from the Gregorian epoch the algorithm counts from (Gregorian 0-03-01 shifted).
    let mut days = -355_668
        + 365 * jy
        + (jy / 33) * 8
        + ((jy % 33) + 3) / 4
        + jd
        + if jm < 7 {
            (jm - 1) * 31
        } else {
            (jm - 7) * 30 + 186
        };
    let mut gy = 400 * (days / 146_097);
    days %= 146_097;
    if days > 36_524 {
        days -= 1;
        gy += 100 * (days / 36_524);
        days %= 36_524;
        if days >= 365 {
            days += 1;
        }
    }
    gy += 4 * (days / 1461);
    days %= 1461;
    if days > 365 {
        gy += (days - 1) / 365;
        days = (days - 1) % 365;
    }
    let gy = gy as i32;
    let mut gd = days + 1;
    let mut gm = 1u8;
    while gm <= 12 && gd > i64::from(days_in_month(gy, gm)) {
        gd -= i64::from(days_in_month(gy, gm));
        gm += 1;
    }
    Date::new(gy, gm, gd as u8)
}

/// A date found in a line, and where (word indexes of the line key) it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundDate {
    /// The Gregorian date.
    pub date: Date,
    /// Words of the line key that belong to the date expression (day, month, year, weekday).
    pub words_used: usize,
    /// The date was written in the Hijri calendar (lunar or solar) and converted.
    pub from_hijri: bool,
}

/// Find a full date (day, month, year) in a line key. Understands `13 سبتمبر 2023`,
/// `13 يوليو/تموز 2023`, `سبتمبر 13، 2023`, `2023/09/13`, `13-09-2023`, `13.9.2023`, and
/// Hijri dates (`28 صفر 1445 هـ`); a Gregorian date wins over a Hijri one on the same line.
/// Digits must already be ASCII (line keys are).
pub fn find_date(key: &str, cal: &Calendar) -> Option<FoundDate> {
    let words: Vec<&str> = key_words(key).collect();
    let mut weekday_words = 0;
    let mut gregorian = None;
    let mut hijri = None;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if let Some(CalendarName::Weekday(_)) = cal.get(w) {
            weekday_words += 1;
        }
        // Numeric forms, one token: 2023/09/13, 13-09-2023, 13.09.2023.
        if let Some(d) = numeric_date(w) {
            gregorian.get_or_insert(d);
        }
        // Day month year.
        if let Some(day) = small_number(w)
            && let Some((month, used)) = month_at(&words, i + 1, cal)
            && let Some(year) = words.get(i + 1 + used).and_then(|y| year_number(y))
        {
            match month {
                CalendarName::Month(m) => {
                    if let Some(d) = Date::new(year, m, day) {
                        gregorian.get_or_insert(d);
                    }
                }
                CalendarName::HijriMonth(m) => {
                    if let Some(d) = hijri_to_gregorian(year, m, day) {
                        hijri.get_or_insert(d);
                    }
                }
                // Years of the last and this century only: «مهر» and «دی» are words too.
                CalendarName::SolarHijriMonth(m) if (1300..1500).contains(&year) => {
                    if let Some(d) = solar_hijri_to_gregorian(year, m, day) {
                        hijri.get_or_insert(d);
                    }
                }
                CalendarName::SolarHijriMonth(_) | CalendarName::Weekday(_) => {}
            }
        }
        // Month day year (English order).
        if let Some((CalendarName::Month(m), used)) = month_at(&words, i, cal)
            && let Some(day) = words.get(i + used).and_then(|d| small_number(d))
            && let Some(year) = words.get(i + used + 1).and_then(|y| year_number(y))
            && let Some(d) = Date::new(year, m, day)
        {
            gregorian.get_or_insert(d);
        }
        i += 1;
    }
    let (date, from_hijri) = match (gregorian, hijri) {
        (Some(g), _) => (g, false),
        (None, Some(h)) => (h, true),
        (None, None) => return None,
    };
    Some(FoundDate {
        date,
        words_used: 3 + weekday_words,
        from_hijri,
    })
}

/// A month name starting at word `i` (one or two words, or the double form
/// "يوليو/تموز"); returns it and how many words it took.
fn month_at(words: &[&str], i: usize, cal: &Calendar) -> Option<(CalendarName, usize)> {
    let first = *words.get(i)?;
    if let Some(next) = words.get(i + 1) {
        let two = format!("{first} {next}");
        if let Some(name) = cal.get(&two) {
            return Some((name, 2 + double_form_extra(words, i + 2, cal)));
        }
    }
    // "يوليو/تموز" arrives as one word with a slash inside.
    let head = first.split('/').next().unwrap_or(first);
    let name = cal.get(head)?;
    if matches!(name, CalendarName::Weekday(_)) {
        return None;
    }
    Some((name, 1 + double_form_extra(words, i + 1, cal)))
}

/// "يوليو (تموز)" or "يوليو / تموز" written with spaces: skip the second name.
fn double_form_extra(words: &[&str], i: usize, cal: &Calendar) -> usize {
    match words.get(i) {
        Some(w) if matches!(cal.get(w), Some(CalendarName::Month(_))) => 1,
        _ => 0,
    }
}

fn small_number(w: &str) -> Option<u8> {
    let n: u8 = w.parse().ok()?;
    (1..=31).contains(&n).then_some(n)
}

fn year_number(w: &str) -> Option<i32> {
    let w = w.trim_end_matches(['م', 'ه']);
    (w.len() == 4).then(|| w.parse().ok()).flatten()
}

fn numeric_date(w: &str) -> Option<Date> {
    let sep = w.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let parts: Vec<&str> = w.split(sep).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<i32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if n.len() != 3 {
        return None;
    }
    if parts[0].len() == 4 {
        return Date::new(n[0], u8::try_from(n[1]).ok()?, u8::try_from(n[2]).ok()?);
    }
    if parts[2].len() == 4 {
        // Arabic sites write day/month/year; month/day/year only when the day cannot be a month.
        let (a, b) = (u8::try_from(n[0]).ok()?, u8::try_from(n[1]).ok()?);
        return Date::new(n[2], b, a).or_else(|| Date::new(n[2], a, b));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<String> {
        find_date(&line_key(s), Calendar::bundled()).map(|f| f.date.iso())
    }

    #[test]
    fn weekday_date_time_line() {
        assert_eq!(
            date("الأربعاء ١٣ سبتمبر ٢٠٢٣ الساعة ١١:٣٨ مساءً").as_deref(),
            Some("2023-09-13")
        );
    }

    #[test]
    fn regional_month_names() {
        assert_eq!(date("5 كانون الثاني 2024").as_deref(), Some("2024-01-05"));
        assert_eq!(date("12 جويلية 2016").as_deref(), Some("2016-07-12"));
        assert_eq!(date("3 يوليوز 2019").as_deref(), Some("2019-07-03"));
        assert_eq!(date("1 يوليو/تموز 2023").as_deref(), Some("2023-07-01"));
        assert_eq!(date("1 يوليو (تموز) 2023").as_deref(), Some("2023-07-01"));
        assert_eq!(date("1 إبريل 2020").as_deref(), Some("2020-04-01"));
    }

    #[test]
    fn numeric_forms() {
        assert_eq!(
            date("نشر في: 2023/09/13 - 10:15").as_deref(),
            Some("2023-09-13")
        );
        assert_eq!(date("13-09-2023").as_deref(), Some("2023-09-13"));
        assert_eq!(date("09/30/2023").as_deref(), Some("2023-09-30"));
        assert_eq!(date("سبتمبر 13، 2023").as_deref(), Some("2023-09-13"));
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert_eq!(date("31 فبراير 2023"), None);
        assert_eq!(date("في 2019"), None);
    }

    #[test]
    fn solar_hijri_dates_convert() {
        // Nowruz: 1 Farvardin is 20 or 21 March; the first six months have 31 days.
        let iso = |y, m, d| solar_hijri_to_gregorian(y, m, d).map(|d| d.iso());
        assert_eq!(iso(1399, 1, 1).as_deref(), Some("2020-03-20"));
        assert_eq!(iso(1402, 1, 1).as_deref(), Some("2023-03-21"));
        assert_eq!(iso(1403, 1, 1).as_deref(), Some("2024-03-20"));
        assert_eq!(iso(1399, 6, 31).as_deref(), Some("2020-09-21"));
        assert_eq!(iso(1399, 7, 1).as_deref(), Some("2020-09-22"));
        assert_eq!(iso(1402, 12, 29).as_deref(), Some("2024-03-19"));
        assert_eq!(iso(1399, 7, 31), None);
        assert_eq!(date("دفع 5 مهر 1000 دينار"), None);
        // Written out, with Persian or Arabic letters, and a time after it.
        assert_eq!(date("2 تیر 1399").as_deref(), Some("2020-06-22"));
        assert_eq!(
            date("2 تير 1399 - 12:09:08 ب.ظ").as_deref(),
            Some("2020-06-22")
        );
        assert_eq!(date("۱۵ دی ۱۴۰۱").as_deref(), Some("2023-01-05"));
        // A Gregorian date on the same line wins.
        assert_eq!(
            date("2 تیر 1399 برابر با 22 يونيو 2020").as_deref(),
            Some("2020-06-22")
        );
    }

    #[test]
    fn hijri_dates_convert() {
        // 1 Muharram 1445 was 19 July 2023 (tabular calendar).
        assert_eq!(date("1 محرم 1445 هـ").as_deref(), Some("2023-07-19"));
        // A Gregorian date on the same line wins.
        assert_eq!(
            date("الخميس 28 صفر 1445 هـ الموافق 14 سبتمبر 2023").as_deref(),
            Some("2023-09-14")
        );
    }

    #[test]
    fn weekdays_and_weeks() {
        let d = Date::new(2023, 9, 13).unwrap();
        assert_eq!(d.weekday(), 4, "13 September 2023 was a Wednesday");
        assert_eq!(d.add_days(-1).iso(), "2023-09-12");
        assert_eq!(d.add_days(20).iso(), "2023-10-03");
        assert_eq!(d.iso_week(), "2023-W37");
        assert_eq!(Date::new(2021, 1, 1).unwrap().iso_week(), "2020-W53");
        assert_eq!(
            Date::parse_iso("2015-08-10T12:00:00+03:00"),
            Date::new(2015, 8, 10)
        );
    }

    #[test]
    fn civil_day_round_trip() {
        for z in [-1000_i64, 0, 19_000, 20_000] {
            let d = civil_from_days(z);
            assert_eq!(days_from_civil(d.year, d.month, d.day), z);
        }
    }
}
