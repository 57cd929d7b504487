//! `GET /api/frontier`: the compliance frontier (`redline frontier --format json`) plus its
//! chart as a Vega-Lite spec.
//!
//! The query is built by the same [`redline_search::Request`] as the CLI's flags. Server work
//! is bounded: only the embedded design space (no files, no shards, no sensitivity runs), die
//! counts from that space's own list, at most [`MAX_GRID_POINTS`] grid points, one search at a
//! time, run off the async workers. Answers are cached ([`CACHE_ENTRIES`] most recent
//! queries), so the page's default query is swept once; requests for a query already being
//! searched wait for that search; at most [`MAX_QUEUE`] distinct queries wait, and more get
//! a 503 with `Retry-After`.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, LazyLock, Mutex};

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use redline_search::{DesignSpace, Request};

use crate::AppState;
use crate::error::ApiError;
use crate::params::{Params, Query};

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

/// Largest grid a web request may sweep. The embedded space's grid is 419,328 points for
/// rules of mid-2025 and 842,520 for late-2026 rules (more lines to snap under), so the
/// defaults always fit; the CLI's bound is [`redline_search::MAX_DESIGN_EVALUATIONS`].
pub const MAX_GRID_POINTS: u64 = 1_500_000;

/// Answers kept (most recent queries).
pub const CACHE_ENTRIES: usize = 32;

/// Distinct queries that may wait for the search; more are refused with `Retry-After`.
pub const MAX_QUEUE: usize = 8;

/// Seconds one search is expected to take at most, for `Retry-After`.
const SEARCH_SECONDS: usize = 10;

/// One search at a time: a search already uses every core (rayon).
static SEARCH: LazyLock<tokio::sync::Semaphore> = LazyLock::new(|| tokio::sync::Semaphore::new(1));

/// Recent answers by query.
static CACHE: Mutex<VecDeque<(String, Arc<Value>)>> = Mutex::new(VecDeque::new());

fn cached(key: &str) -> Option<Arc<Value>> {
    let cache = CACHE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    cache.iter().find(|(k, _)| k == key).map(|(_, v)| Arc::clone(v))
}

fn remember(key: String, v: Arc<Value>) {
    let mut cache = CACHE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    cache.retain(|(k, _)| *k != key);
    cache.push_back((key, v));
    while cache.len() > CACHE_ENTRIES {
        cache.pop_front();
    }
}

/// The answer to one query, shared by every request waiting for it.
type Pending = Arc<tokio::sync::OnceCell<Result<Arc<Value>, ApiError>>>;

/// Queries being searched or waiting for the search, each with the requests that wait for it.
static PENDING: LazyLock<Mutex<HashMap<String, Pending>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// The shared answer slot of a query; `Err(n)` when `n` other queries already wait.
fn pending(key: &str) -> Result<Pending, usize> {
    let mut map = PENDING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(p) = map.get(key) {
        return Ok(Arc::clone(p));
    }
    if map.len() >= MAX_QUEUE {
        return Err(map.len());
    }
    let p: Pending = Arc::new(tokio::sync::OnceCell::new());
    map.insert(key.to_string(), Arc::clone(&p));
    Ok(p)
}

fn done(key: &str) {
    PENDING.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(key);
}

/// Searches (one at a time) unless the cache has the answer; the search finishes and fills
/// the cache even when the request that started it has gone.
async fn search(s: AppState, r: Request, key: String) -> Result<Arc<Value>, ApiError> {
    let Ok(permit) = SEARCH.acquire().await else {
        return Err(ApiError::status(StatusCode::SERVICE_UNAVAILABLE, "search unavailable"));
    };
    if let Some(v) = cached(&key) {
        return Ok(v);
    }
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| answer(&s, &r))) {
            Ok(Ok(v)) => {
                let v = Arc::new(v);
                remember(key, Arc::clone(&v));
                Ok(v)
            }
            Ok(Err(e)) => Err(e),
            Err(_) => Err(ApiError::status(StatusCode::INTERNAL_SERVER_ERROR, "internal error")),
        }
    });
    task.await.unwrap_or_else(|_| Err(ApiError::status(StatusCode::INTERNAL_SERVER_ERROR, "internal error")))
}

fn u32_param(p: &Params, key: &str, hi: u64) -> Result<Option<u32>, ApiError> {
    Ok(p.integer(key, 1, hi)?.map(|v| u32::try_from(v).unwrap_or(u32::MAX)))
}

/// Checks the parameters and builds the request (no search yet).
///
/// # Errors
/// A 400 naming the parameter.
pub fn request(s: &AppState, query: Option<&str>) -> Result<Request, ApiError> {
    request_of(s, &Params::parse(query, FRONTIER_KEYS)?)
}

fn request_of(s: &AppState, p: &Params) -> Result<Request, ApiError> {
    let on = p.date("on")?;
    if on < redline_rules::editions::FIRST {
        return Err(ApiError::bad("on", format!("no rules before {}", redline_rules::editions::FIRST)));
    }
    let to = p.get("to").unwrap_or("CN");
    s.countries().get(to).map_err(|e| ApiError::bad("to", e))?;
    let model = p.required("model")?;
    let mut r = Request::new(on, to, model, p.get("phase").unwrap_or("decode"));
    r.batch = u32_param(p, "batch", 4096)?;
    r.input = u32_param(p, "input", 131_072)?;
    r.output = u32_param(p, "output", 131_072)?;
    r.gpus = u32_param(p, "gpus", 65_536)?;
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
    let query = r.query()?;
    let problem = query.problem(None).map_err(|e| ApiError::bad("model", e))?;
    let points = problem.grid.len();
    if points > MAX_GRID_POINTS {
        return Err(ApiError::bad(
            "dies",
            format!(
                "{points} grid points is over the web bound of {MAX_GRID_POINTS}; give dies=1, or run `redline frontier` (bound {}, split larger sweeps with --shard I/N)",
                redline_search::MAX_DESIGN_EVALUATIONS
            ),
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
pub(crate) async fn frontier(State(s): State<AppState>, q: Query) -> Response {
    let r = match q.allow(FRONTIER_KEYS).and_then(|p| request_of(&s, &p)) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    // The checked request, defaults filled in, is the cache key.
    let key = format!("{r:?}");
    if let Some(v) = cached(&key) {
        return axum::Json(v.as_ref().clone()).into_response();
    }
    let slot = match pending(&key) {
        Ok(p) => p,
        Err(queued) => {
            let mut resp = ApiError::status(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("{queued} other frontier queries are queued; try again later"),
            )
            .into_response();
            resp.headers_mut().insert(axum::http::header::RETRY_AFTER, ((queued + 1) * SEARCH_SECONDS).into());
            return resp;
        }
    };
    let result = slot.get_or_init(|| search(s, r, key.clone())).await.clone();
    done(&key);
    match result {
        Ok(v) => axum::Json(v.as_ref().clone()).into_response(),
        Err(e) => e.into_response(),
    }
}
