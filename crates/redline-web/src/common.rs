//! Helpers every handler module shares (a leaf: it imports no handler module, so `api`,
//! `perf` and `frontier` depend on it and not on each other).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use redline_catalog::Chip;
use redline_rules::Date;

use crate::AppState;
use crate::error::ApiError;
use crate::params::Params;

/// Runs library code, turning a panic (a bug) into a 500 instead of a dropped connection.
pub(crate) fn guarded<T: Serialize>(f: impl FnOnce() -> Result<T, ApiError>) -> Response {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Json(v).into_response(),
        Ok(Err(e)) => e.into_response(),
        Err(_) => ApiError::status(StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response(),
    }
}

/// The catalogue chip named by parameter `key` (required).
pub(crate) fn chip_param<'a>(state: &'a AppState, p: &Params, key: &str) -> Result<&'a Chip, ApiError> {
    state.catalog().get(p.required(key)?).map_err(|e| ApiError::bad(key, e))
}

/// The chips of `chips=A,B,...` (all when absent), at most 100.
pub(crate) fn chips_list<'a>(s: &'a AppState, p: &Params) -> Result<Vec<&'a Chip>, ApiError> {
    let names = p.list("chips");
    if names.is_empty() {
        return Ok(s.catalog().chips().iter().collect());
    }
    if names.len() > 100 {
        return Err(ApiError::bad("chips", "at most 100 chips"));
    }
    names.iter().map(|n| s.catalog().get(n).map_err(|e| ApiError::bad("chips", e))).collect()
}

/// A catalogue row on a date.
pub(crate) fn row(chip: &Chip, on: Date) -> Result<redline_rules::ChipRow, ApiError> {
    Ok(redline_rules::chip_row(chip, on)?)
}
