//! Query parameters, parsed by hand so every error names its field and unknown parameters are
//! refused (a typo must not silently become a default).

use std::collections::BTreeMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use redline_rules::Date;

use crate::error::ApiError;

/// The query string of a request, decoded (percent-encoding, `+`), repeated keys and
/// over-long values refused: an axum extractor whose rejection is the API's JSON 400.
/// Handlers then say which keys they take with [`Query::allow`].
#[derive(Debug, Default)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Parses a raw query string.
    ///
    /// # Errors
    /// A 400 for bad encoding, an over-long value or a repeated key.
    pub fn parse(query: Option<&str>) -> Result<Query, ApiError> {
        Ok(Query { pairs: Params::pairs(query)? })
    }

    /// The parameters, refusing keys outside `allowed` (a typo must not become a default).
    ///
    /// # Errors
    /// A 400 naming the first unknown key.
    pub fn allow(&self, allowed: &[&str]) -> Result<Params, ApiError> {
        if let Some((key, _)) = self.pairs.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            return Err(ApiError::bad(key, format!("unknown parameter; expected one of: {}", allowed.join(", "))));
        }
        Ok(Params::from_pairs(&self.pairs))
    }

    /// The decoded pairs, any keys (for parameters checked elsewhere, such as `redline perf`'s
    /// flags).
    #[must_use]
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Query {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Query, ApiError> {
        Query::parse(parts.uri.query())
    }
}

/// Longest accepted parameter value, in bytes.
const MAX_VALUE: usize = 512;

/// The query string of one request.
#[derive(Debug, Default)]
pub struct Params {
    map: BTreeMap<String, String>,
}

impl Params {
    /// Parses a raw query string, refusing repeated and unknown keys.
    ///
    /// # Errors
    /// A 400 naming the first bad parameter.
    pub fn parse(query: Option<&str>, allowed: &[&str]) -> Result<Params, ApiError> {
        Query::parse(query)?.allow(allowed)
    }

    /// Decoded `(key, value)` pairs in order, any keys, repeated keys refused (for parameters
    /// checked by someone else, such as `redline perf`'s flags).
    ///
    /// # Errors
    /// A 400 for bad encoding, an over-long value or a repeated key.
    pub fn pairs(query: Option<&str>) -> Result<Vec<(String, String)>, ApiError> {
        let mut out: Vec<(String, String)> = Vec::new();
        for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode(k).map_err(|e| ApiError::bad("query", e))?;
            let value = decode(v).map_err(|e| ApiError::bad(&key, e))?;
            if value.len() > MAX_VALUE {
                return Err(ApiError::bad(&key, format!("longer than {MAX_VALUE} bytes")));
            }
            if out.iter().any(|(x, _)| *x == key) {
                return Err(ApiError::bad(&key, "given more than once"));
            }
            out.push((key, value));
        }
        Ok(out)
    }

    /// Parameters from already decoded pairs.
    #[must_use]
    pub fn from_pairs(pairs: &[(String, String)]) -> Params {
        Params { map: pairs.iter().cloned().collect() }
    }

    /// The raw value.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&str> {
        self.map.get(key).map(String::as_str).filter(|v| !v.is_empty())
    }

    /// A required value.
    ///
    /// # Errors
    /// 400 when missing.
    pub fn required(&self, key: &str) -> Result<&str, ApiError> {
        self.get(key).ok_or_else(|| ApiError::bad(key, "required"))
    }

    /// A date, defaulting to today.
    ///
    /// # Errors
    /// 400 when not `YYYY-MM-DD` or outside the years dates are kept for.
    pub fn date(&self, key: &str) -> Result<Date, ApiError> {
        match self.get(key) {
            None => Ok(Date::today()),
            Some(s) => s.parse::<Date>().map_err(|e| ApiError::from(e).on_field(key)),
        }
    }

    /// An optional finite number.
    ///
    /// # Errors
    /// 400 when not a finite number.
    pub fn number(&self, key: &str) -> Result<Option<f64>, ApiError> {
        self.get(key)
            .map(|s| {
                s.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| ApiError::bad(key, format!("expected a number, got {s:?}")))
            })
            .transpose()
    }

    /// An optional whole number within bounds.
    ///
    /// # Errors
    /// 400 when not an integer in `lo..=hi`.
    pub fn integer(&self, key: &str, lo: u64, hi: u64) -> Result<Option<u64>, ApiError> {
        self.get(key)
            .map(|s| {
                s.trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|v| (lo..=hi).contains(v))
                    .ok_or_else(|| ApiError::bad(key, format!("expected a whole number from {lo} to {hi}, got {s:?}")))
            })
            .transpose()
    }

    /// A comma-separated list.
    #[must_use]
    pub fn list(&self, key: &str) -> Vec<String> {
        self.get(key)
            .map(|s| s.split(',').map(str::trim).filter(|x| !x.is_empty()).map(String::from).collect())
            .unwrap_or_default()
    }
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decoding with `+` as space.
fn decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let h = bytes.get(i + 1).copied().and_then(hex);
                let l = bytes.get(i + 2).copied().and_then(hex);
                match (h, l) {
                    (Some(h), Some(l)) => out.push(h * 16 + l),
                    _ => return Err("bad percent-encoding".to_string()),
                }
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| "not UTF-8".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        let p = Params::parse(Some("chip=h20&on=2025-09-01&q=a%20b+c"), &["chip", "on", "q"]).unwrap();
        assert_eq!(p.get("chip"), Some("h20"));
        assert_eq!(p.get("q"), Some("a b c"));
        assert_eq!(p.date("on").unwrap().to_string(), "2025-09-01");
        assert_eq!(Params::parse(Some("chp=h20"), &["chip"]).unwrap_err().field.as_deref(), Some("chp"));
        assert!(Params::parse(Some("chip=a&chip=b"), &["chip"]).is_err());
        assert!(Params::parse(Some("chip=%zz"), &["chip"]).is_err());
        let p = Params::parse(Some("x=abc"), &["x"]).unwrap();
        assert!(p.number("x").is_err());
    }
}
