//! `GET /api/frontier`: the compliance frontier (`redline frontier --format json`) plus its
//! chart as a Vega-Lite spec.
//!
//! The query is built by the same [`redline_search::Request`] as the CLI's flags. Server work
//! is bounded: only the embedded design space (no files, no shards, no sensitivity runs), die
//! counts from that space's own list, at most [`MAX_GRID_POINTS`] grid points, one search at a
//! time (others wait their turn, within the request time limit), run off the async workers.

use std::sync::LazyLock;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use redline_search::{DesignSpace, Request};

use crate::AppState;
use crate::api::guarded;
use crate::error::ApiError;
use crate::params::Params;

/// Parameters of `/api/frontier` (the flags of `redline frontier` that shape the search).
pub const FRONTIER_KEYS: &[&str] = &[
    "on",
    "to",
    "model",
    "phase",
    "batch",
    "input",
    "output",
    "gpus",
    "dies",
    "precision",
    "engine",
    "constraint",
    "per",
    "pareto",
];

/// Largest grid a web request may sweep (the default space has 419,328 points).
pub const MAX_GRID_POINTS: u64 = 500_000;

/// One search at a time: a search already uses every core (rayon).
static SEARCH: LazyLock<tokio::sync::Semaphore> = LazyLock::new(|| tokio::sync::Semaphore::new(1));

fn u32_param(p: &Params, key: &str, hi: u64) -> Result<Option<u32>, ApiError> {
    Ok(p.integer(key, 1, hi)?.map(|v| u32::try_from(v).unwrap_or(u32::MAX)))
}

/// Checks the parameters and builds the request (no search yet).
///
/// # Errors
/// A 400 naming the parameter.
pub fn request(s: &AppState, query: Option<&str>) -> Result<Request, ApiError> {
    let p = Params::parse(query, FRONTIER_KEYS)?;
    let on = p.date("on")?;
    if on < redline_rules::editions::FIRST {
        return Err(ApiError::bad("on", format!("no rules before {}", redline_rules::editions::FIRST)));
    }
    let to = p.get("to").unwrap_or("CN");
    s.countries().get(to).map_err(|e| ApiError::bad("to", e))?;
    let model = p.required("model")?;
    let mut r = Request::new(on, to, model, p.get("phase").unwrap_or("decode"));
    r.batch = u32_param(&p, "batch", 4096)?;
    r.input = u32_param(&p, "input", 131_072)?;
    r.output = u32_param(&p, "output", 131_072)?;
    r.gpus = u32_param(&p, "gpus", 65_536)?;
    r.precision = p.get("precision").map(str::to_string);
    r.engine = p.get("engine").map(str::to_string);
    if let Some(c) = p.get("constraint") {
        r.constraint = c.to_string();
    }
    r.per = p.get("per").map(str::to_string);
    if let Some(m) = p.get("pareto") {
        r.pareto = m.to_string();
    }
    let allowed_dies = DesignSpace::embedded().logic.dies;
    for d in p.list("dies") {
        match d.parse::<u32>() {
            Ok(n) if allowed_dies.contains(&n) => {
                if !r.dies.contains(&n) {
                    r.dies.push(n);
                }
            }
            _ => {
                return Err(ApiError::bad(
                    "dies",
                    format!(
                        "expected die counts from the design space ({}), got {d:?}",
                        allowed_dies.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
    }
    Ok(r)
}

/// Runs the search: the report as the CLI prints it, plus `chart` (Vega-Lite, null when there
/// is nothing to draw).
///
/// # Errors
/// A 400 naming the parameter, or a 400 when the grid is over the bound.
pub fn answer(s: &AppState, r: &Request) -> Result<Value, ApiError> {
    let query = r.query().map_err(|e| ApiError::bad(e.field, e.message))?;
    let problem = query.problem(None).map_err(|e| ApiError::bad("model", e))?;
    let points = problem.grid.len();
    if points > MAX_GRID_POINTS {
        return Err(ApiError::bad(
            "dies",
            format!("{points} grid points is over the web bound of {MAX_GRID_POINTS}; use `redline frontier`"),
        ));
    }
    let report = redline_search::frontier(&query, s.catalog(), &|_| {}, None).map_err(|e| match e {
        redline_search::SearchError::Input(m) => ApiError::bad("model", m),
        other => ApiError::status(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
    })?;
    let chart = redline_plot::frontier(&report, s.catalog()).ok().map(|f| redline_plot::vega::spec(&f));
    let mut v = serde_json::to_value(&report)
        .map_err(|e| ApiError::status(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    if let Value::Object(m) = &mut v {
        m.insert("chart".into(), chart.unwrap_or(Value::Null));
    }
    Ok(v)
}

/// `GET /api/frontier?on=DATE&to=CC&model=ID&phase=decode|prefill|train&...`.
pub(crate) async fn frontier(State(s): State<AppState>, RawQuery(q): RawQuery) -> Response {
    let r = match request(&s, q.as_deref()) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let Ok(_permit) = SEARCH.acquire().await else {
        return ApiError::status(StatusCode::SERVICE_UNAVAILABLE, "search unavailable").into_response();
    };
    match tokio::task::spawn_blocking(move || guarded(|| answer(&s, &r))).await {
        Ok(resp) => resp,
        Err(_) => ApiError::status(StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response(),
    }
}
