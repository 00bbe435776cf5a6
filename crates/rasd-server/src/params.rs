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
            && (1..=12).contains(&v[5..7].parse::<u8>().unwrap_or(0))
            && (1..=31).contains(&v[8..10].parse::<u8>().unwrap_or(0));
        if ok {
            Ok(Some(v))
        } else {
            Err(ApiError::bad_request(format!(
                "`{name}` must be a day as YYYY-MM-DD, not {v:?}"
            )))
        }
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

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn decodes_form_components() {
        assert_eq!(decode("a+b%20c").unwrap(), "a b c");
        assert_eq!(decode("%D8%A8%D9%88%D8%AA%D9%8A%D9%86").unwrap(), "بوتين");
        assert_eq!(decode("بوتين").unwrap(), "بوتين");
        assert!(decode("%FF%FE").is_err(), "not UTF-8");
        assert!(decode("%4").is_err() && decode("%zz").is_err() && decode("%").is_err());
    }
}
