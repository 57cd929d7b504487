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
