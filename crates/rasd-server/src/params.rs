//! Query parameters, checked by hand so every mistake gets a message that names the parameter.

use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;

use crate::ApiError;

/// The longest query string accepted, in bytes.
pub(crate) const MAX_QUERY_BYTES: usize = 4096;

/// The longest search text, in characters.
pub(crate) const MAX_SEARCH_CHARS: usize = 512;

/// PLOVER's 16 event types, the values of `type` filters (the list of
/// `rasd_extract::event_model::PLOVER_TYPES`, which the server does not link; openapi.json
/// lists them too, and the API test checks each is taken).
pub(crate) const PLOVER_TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "CONCEDE",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// The modalities of an event, the values of `modality`.
pub(crate) const MODALITIES: [&str; 5] =
    ["asserted", "reported", "expected", "speculated", "negated"];

/// The entity types, the values of the entities' `type`.
pub(crate) const ENTITY_TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// The query parameters of a request: each name at most once; empty values count as absent.
pub(crate) struct Params(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Params, ApiError> {
        let raw = parts.uri.query().unwrap_or("");
        if raw.len() > MAX_QUERY_BYTES {
            return Err(ApiError {
                status: StatusCode::URI_TOO_LONG,
                message: format!("the query string is longer than {MAX_QUERY_BYTES} bytes"),
            });
        }
        let mut map = HashMap::new();
        for pair in raw.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let (k, v) = (decode(k)?, decode(v)?);
            if map.insert(k.clone(), v).is_some() {
                return Err(ApiError::bad_request(format!(
                    "parameter `{k}` is given more than once"
                )));
            }
        }
        Ok(Params(map))
    }
}

/// A `application/x-www-form-urlencoded` component: `+` is a space, `%XX` a byte; the bytes
/// must be UTF-8.
fn decode(component: &str) -> Result<String, ApiError> {
    let malformed = || ApiError::bad_request("malformed query string: bad percent-encoding");
    let b = component.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = b.get(i + 1..i + 3).ok_or_else(malformed)?;
                let hex = std::str::from_utf8(hex).map_err(|_| malformed())?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| malformed())?);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out)
        .map_err(|_| ApiError::bad_request("malformed query string: not UTF-8 once decoded"))
}

impl Params {
    /// Fails on any parameter not in `known`.
    pub(crate) fn only(&self, known: &[&str]) -> Result<(), ApiError> {
        let mut unknown: Vec<&str> = self
            .0
            .keys()
            .map(String::as_str)
            .filter(|k| !known.contains(k))
            .collect();
        unknown.sort_unstable();
        match unknown.first() {
            None => Ok(()),
            Some(k) => Err(ApiError::bad_request(format!(
                "unknown parameter `{k}` (this endpoint takes: {})",
                known.join(", ")
            ))),
        }
    }

    /// A text parameter, trimmed; `None` when absent or empty.
    pub(crate) fn text(&self, name: &str) -> Option<String> {
        self.0
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    /// A text parameter of at most `max` characters.
    pub(crate) fn bounded(&self, name: &str, max: usize) -> Result<Option<String>, ApiError> {
        match self.text(name) {
            Some(v) if v.chars().count() > max => Err(ApiError::bad_request(format!(
                "`{name}` is longer than {max} characters"
            ))),
            v => Ok(v),
        }
    }

    /// An integer parameter in `min..=max`, `default` when absent.
    pub(crate) fn int(
        &self,
        name: &str,
        default: u64,
        min: u64,
        max: u64,
    ) -> Result<u64, ApiError> {
        let Some(v) = self.text(name) else {
            return Ok(default);
        };
        let n: u64 = v.parse().map_err(|_| {
            ApiError::bad_request(format!("`{name}` must be a whole number, not {v:?}"))
        })?;
        if !(min..=max).contains(&n) {
            return Err(ApiError::bad_request(format!(
                "`{name}` must be between {min} and {max}, not {n}"
            )));
        }
        Ok(n)
    }

    /// A day, `YYYY-MM-DD`.
    pub(crate) fn day(&self, name: &str) -> Result<Option<String>, ApiError> {
        let Some(v) = self.text(name) else {
            return Ok(None);
        };
        let b = v.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && digits(0..4)
            && digits(5..7)
            && digits(8..10)
            && is_day(
                v[0..4].parse().unwrap_or(0),
                v[5..7].parse().unwrap_or(0),
                v[8..10].parse().unwrap_or(0),
            );
        if ok {
            Ok(Some(v))
        } else {
            Err(ApiError::bad_request(format!(
                "`{name}` must be a day as YYYY-MM-DD, not {v:?}"
            )))
        }
    }

    /// One of `values` (any case), answered as it is spelled there.
    pub(crate) fn one_of(
        &self,
        name: &str,
        what: &str,
        values: &[&'static str],
    ) -> Result<Option<&'static str>, ApiError> {
        let Some(v) = self.text(name) else {
            return Ok(None);
        };
        match values.iter().find(|k| k.eq_ignore_ascii_case(&v)) {
            Some(k) => Ok(Some(*k)),
            None => Err(ApiError::bad_request(format!(
                "`{name}` must be {what} ({}), not {v:?}",
                values.join(", ")
            ))),
        }
    }

    /// A PLOVER event type (any case), upper-cased.
    pub(crate) fn event_type(&self, name: &str) -> Result<Option<String>, ApiError> {
        Ok(self
            .one_of(name, "a PLOVER event type", &PLOVER_TYPES)?
            .map(str::to_owned))
    }

    /// `true` or `false`.
    pub(crate) fn flag(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.text(name).as_deref() {
            None => Ok(None),
            Some("true" | "1") => Ok(Some(true)),
            Some("false" | "0") => Ok(Some(false)),
            Some(v) => Err(ApiError::bad_request(format!(
                "`{name}` must be true or false, not {v:?}"
            ))),
        }
    }

    /// A code of ASCII letters, digits and `_` (event types, actor codes, modalities), at most
    /// 32 long.
    pub(crate) fn code(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.text(name) {
            Some(v)
                if v.len() > 32 || !v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
            {
                Err(ApiError::bad_request(format!(
                    "`{name}` must be a code of letters and digits, not {v:?}"
                )))
            }
            v => Ok(v),
        }
    }
}

/// Whether year `y`, month `m`, day `d` is a day of the Gregorian calendar (`2023-02-31` is
/// not; `2024-02-29` is).
fn is_day(y: u32, m: u32, d: u32) -> bool {
    let leap = y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400));
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::{decode, is_day};

    #[test]
    fn the_event_types_are_plovers_sixteen() {
        let mut types = super::PLOVER_TYPES.to_vec();
        types.sort_unstable();
        types.dedup();
        assert_eq!(types.len(), 16);
        assert!(
            types
                .iter()
                .all(|t| t.bytes().all(|b| b.is_ascii_uppercase()))
        );
    }

    #[test]
    fn days_are_calendar_days() {
        assert!(is_day(2023, 1, 31) && is_day(2024, 2, 29) && is_day(2000, 2, 29));
        assert!(!is_day(2023, 2, 29) && !is_day(1900, 2, 29) && !is_day(2023, 2, 31));
        assert!(!is_day(2023, 4, 31) && !is_day(2023, 13, 1) && !is_day(2023, 0, 1));
        assert!(!is_day(2023, 1, 0) && !is_day(2023, 1, 32));
    }

    #[test]
    fn decodes_form_components() {
        assert_eq!(decode("a+b%20c").unwrap(), "a b c");
        assert_eq!(decode("%D8%A8%D9%88%D8%AA%D9%8A%D9%86").unwrap(), "بوتين");
        assert_eq!(decode("بوتين").unwrap(), "بوتين");
        assert!(decode("%FF%FE").is_err(), "not UTF-8");
        assert!(decode("%4").is_err() && decode("%zz").is_err() && decode("%").is_err());
    }
}
