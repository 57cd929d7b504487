//! Performance endpoints (`/api/perf`, `/api/models`, `/api/compare`, roofline and compare
//! charts) over `redline-perf`.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use redline_catalog::Chip;

use crate::AppState;
use crate::api::guarded;
use crate::error::ApiError;
use crate::params::Params;

/// Workload parameters (the flags of `redline perf`) also accepted by the what-if editor.
pub const WORKLOAD_KEYS: &[&str] = &["model"];

/// `GET /api/models`.
pub(crate) async fn models(RawQuery(q): RawQuery) -> Response {
    guarded(|| {
        Params::parse(q.as_deref(), &[])?;
        Ok(Vec::<Value>::new())
    })
}

/// `GET /api/perf`.
pub(crate) async fn perf(State(_s): State<AppState>, RawQuery(_q): RawQuery) -> Response {
    guarded::<Value>(|| Err(ApiError::status(StatusCode::NOT_IMPLEMENTED, "not built yet")))
}

/// `GET /api/compare`.
pub(crate) async fn compare(State(_s): State<AppState>, RawQuery(_q): RawQuery) -> Response {
    guarded::<Value>(|| Err(ApiError::status(StatusCode::NOT_IMPLEMENTED, "not built yet")))
}

pub(crate) fn chart(_s: &AppState, _kind: &str, _q: Option<&str>) -> Result<Value, ApiError> {
    Err(ApiError::status(StatusCode::NOT_IMPLEMENTED, "not built yet"))
}

pub(crate) fn whatif_perf(_chip: &Chip, _p: &Params) -> Result<Option<Value>, ApiError> {
    Ok(None)
}
