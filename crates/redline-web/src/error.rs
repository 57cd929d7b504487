//! API errors: a status and a JSON body `{"error": "...", "field": "..."}`. Bad input is a 4xx
//! naming the field, never a panic.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error answered to an HTTP client.
#[derive(Debug, Clone, Serialize, thiserror::Error)]
#[error("{error}")]
pub struct ApiError {
    /// HTTP status.
    #[serde(skip)]
    pub status: StatusCode,
    /// What went wrong, for people.
    pub error: String,
    /// The offending query parameter or body field, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ApiError {
    /// 400 for a bad value of `field`.
    pub fn bad(field: &str, error: impl std::fmt::Display) -> ApiError {
        ApiError { status: StatusCode::BAD_REQUEST, error: format!("{field}: {error}"), field: Some(field.to_string()) }
    }

    /// Any status, no field.
    pub fn status(status: StatusCode, error: impl Into<String>) -> ApiError {
        ApiError { status, error: error.into(), field: None }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self)).into_response()
    }
}

/// A rules error is about the date (before the first edition) or the destination.
impl From<redline_rules::RulesError> for ApiError {
    fn from(e: redline_rules::RulesError) -> ApiError {
        match e {
            redline_rules::RulesError::Country(c) => ApiError::bad("to", c),
            other => ApiError::bad("on", other),
        }
    }
}

/// A frontier request error names its parameter.
impl From<redline_search::RequestError> for ApiError {
    fn from(e: redline_search::RequestError) -> ApiError {
        ApiError::bad(e.field, e.message)
    }
}

/// A performance request error names its parameter; a prediction error names the field it is
/// about where there is one.
impl From<redline_perf::PerfError> for ApiError {
    fn from(e: redline_perf::PerfError) -> ApiError {
        use redline_perf::PerfError as P;
        let field = match &e {
            P::InvalidParam { field, .. } => (*field).to_string(),
            P::InvalidRequest { field, .. } => field.trim_end_matches("_len").to_string(),
            P::UnknownParam { key, .. } => key.clone(),
            P::UnsupportedPrecision { .. } => "precision".to_string(),
            P::InvalidHardware { .. } => "chip".to_string(),
            _ => "model".to_string(),
        };
        let message = match e {
            P::InvalidParam { value, expected, .. } if value.is_empty() => expected,
            P::InvalidParam { value, expected, .. } => format!("{value:?}: {expected}"),
            P::UnknownParam { expected, .. } => format!("unknown parameter; expected one of: {expected}"),
            other => other.to_string(),
        };
        ApiError::bad(&field, message)
    }
}

/// A date that does not parse (the field is set by [`ApiError::on_field`] where it is not `on`).
impl From<redline_rules::DateError> for ApiError {
    fn from(e: redline_rules::DateError) -> ApiError {
        ApiError::bad("on", e)
    }
}

impl ApiError {
    /// The same error about another field (a date parameter named `until`, say).
    #[must_use]
    pub fn on_field(self, field: &str) -> ApiError {
        match &self.field {
            Some(f) if f == field => self,
            Some(f) => {
                let error = self.error.strip_prefix(&format!("{f}: ")).unwrap_or(&self.error).to_string();
                ApiError::bad(field, error)
            }
            None => ApiError::bad(field, self.error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_name_the_field() {
        let e: ApiError =
            redline_rules::RulesError::BeforeFirstEdition { date: redline_rules::Date::ymd(2020, 1, 1) }.into();
        assert_eq!(e.field.as_deref(), Some("on"));
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        let e = e.on_field("until");
        assert_eq!(e.field.as_deref(), Some("until"));
        assert!(e.error.starts_with("until: no rule edition"), "{}", e.error);
    }
}
