//! `/factcheck` (a page where an article can be pasted) and `POST /api/factcheck`, which
//! answers with the report `redline factcheck --format json` prints. The body is bounded by
//! the server's body-size limit like every request.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use redline_factcheck::{Factchecker, Options};
use redline_rules::Date;

use crate::AppState;
use crate::common::guarded;
use crate::error::ApiError;

/// The request body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FactcheckRequest {
    /// The article, plain text.
    text: String,
    /// Date for claims the text does not date (default: today).
    #[serde(default)]
    as_of: Option<String>,
    /// Destination when the text names none (default CN).
    #[serde(default)]
    to: Option<String>,
}

/// `GET /factcheck`.
pub(crate) async fn page() -> Response {
    match crate::assets::text("factcheck.html") {
        Some(html) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        None => ApiError::status(axum::http::StatusCode::NOT_FOUND, "no asset factcheck.html").into_response(),
    }
}

/// `POST /api/factcheck` with `{"text": ..., "as_of": "YYYY-MM-DD", "to": "CN"}`.
pub(crate) async fn factcheck(
    State(s): State<AppState>,
    body: Result<Json<FactcheckRequest>, JsonRejection>,
) -> Response {
    let req = match body {
        Ok(Json(r)) => r,
        Err(e) => {
            return ApiError {
                status: e.status(),
                error: format!("body: {}", e.body_text()),
                field: Some("body".into()),
            }
            .into_response();
        }
    };
    guarded(|| {
        let as_of = match &req.as_of {
            Some(d) => d.parse::<Date>().map_err(|e| ApiError::bad("as_of", e))?,
            None => Date::today(),
        };
        let destination = match &req.to {
            Some(to) => s.countries().get(to).map_err(|e| ApiError::bad("to", e))?.iso2,
            None => "CN".to_string(),
        };
        let checker = Factchecker::new(s.catalog(), s.countries());
        Ok(checker.check(&req.text, &Options { as_of, destination }))
    })
}
