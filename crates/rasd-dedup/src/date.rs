//! Publication dates as sortable keys.

/// Seconds since 1970-01-01 UTC of an ISO 8601 date (`2018-03-01`) or date-time
/// (`2018-03-01T14:05:00+03:00`, `…Z`, `2018-03-01 14:05`); a date alone counts as its
/// midnight UTC. Anything else is `None`.
pub(crate) fn key(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = num(&b[0..4])?;
    let month = num(&b[5..7])?;
    let day = num(&b[8..10])?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut secs = days_from_civil(year, month, day) * 86_400;
    let rest = &b[10..];
    if rest.is_empty() {
        return Some(secs);
    }
    if !matches!(rest[0], b'T' | b't' | b' ') || rest.len() < 6 || rest[3] != b':' {
        return None;
    }
    let (hour, minute) = (num(&rest[1..3])?, num(&rest[4..6])?);
    if hour > 24 || minute > 59 {
        return None;
    }
    secs += hour * 3600 + minute * 60;
    let mut rest = &rest[6..];
    if rest.len() >= 3 && rest[0] == b':' {
        secs += num(&rest[1..3])?.min(60);
        rest = &rest[3..];
        // Fractions of a second do not change the order of articles.
        if rest.first() == Some(&b'.') {
            let digits = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            rest = &rest[1 + digits..];
        }
    }
    match rest {
        [] | [b'Z' | b'z'] => Some(secs),
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] | [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
            let off = num(&[*h1, *h2])? * 3600 + num(&[*m1, *m2])? * 60;
            Some(if *sign == b'+' {
                secs - off
            } else {
                secs + off
            })
        }
        _ => None,
    }
}

fn num(digits: &[u8]) -> Option<i64> {
    digits.iter().try_fold(0i64, |n, &d| {
        d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn dates_and_date_times() {
        assert_eq!(key("1970-01-01"), Some(0));
        assert_eq!(key("1970-01-02"), Some(86_400));
        assert_eq!(key("2000-03-01"), Some(951_868_800));
        assert_eq!(key("2018-03-01T03:00:00+03:00"), key("2018-03-01"));
        assert_eq!(key("2018-03-01T00:00:00Z"), key("2018-03-01"));
        assert_eq!(key("2018-02-28 21:00-0300"), key("2018-03-01"));
        assert_eq!(key("2018-03-01T00:00:00.250Z"), key("2018-03-01"));
        assert!(key("2018-03-01T10:00:00+00:00") > key("2018-03-01T09:59:59Z"));
    }

    #[test]
    fn not_dates() {
        for s in [
            "",
            "2018",
            "01/03/2018",
            "2018-13-01",
            "2018-03-01T",
            "2018-03-01Tab:00",
            "2018-03-01T10:00+3",
        ] {
            assert_eq!(key(s), None, "{s}");
        }
    }
}
