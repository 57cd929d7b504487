//! Request bounds: URI and body size, a per-client token bucket, a cap on requests in flight
//! and a time limit. Every refusal is a JSON error.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use crate::AppState;
use crate::error::ApiError;

/// Bounds on what a client may ask.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Longest request URI (path and query), bytes.
    pub max_uri_bytes: usize,
    /// Largest request body, bytes.
    pub max_body_bytes: usize,
    /// Sustained requests per second per client address.
    pub rate_per_second: f64,
    /// Burst allowance per client address.
    pub rate_burst: f64,
    /// Requests handled at once; more wait for a slot (up to the time limit).
    pub max_in_flight: usize,
    /// Connections open at once; more are answered 503 with `Retry-After` and closed.
    pub max_connections: usize,
    /// Time a client has to send its request line and headers (slow-header clients).
    pub header_timeout: Duration,
    /// Time a handler has to answer.
    pub request_timeout: Duration,
    /// Time a frontier search request may take (searches queue behind each other).
    pub search_timeout: Duration,
    /// Time a whole connection may stay open (upload, handler, download).
    pub connection_timeout: Duration,
    /// Host names (besides the bound address, and `localhost` on loopback) the server answers.
    pub allowed_hosts: Vec<String>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_uri_bytes: 8 * 1024,
            max_body_bytes: 64 * 1024,
            rate_per_second: 500.0,
            rate_burst: 5000.0,
            max_in_flight: 256,
            max_connections: 512,
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(20),
            search_timeout: Duration::from_secs(60),
            connection_timeout: Duration::from_secs(90),
            allowed_hosts: Vec::new(),
        }
    }
}

/// Token buckets by client address.
pub(crate) struct RateLimiter {
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<Option<IpAddr>, (f64, Instant)>>,
    pub(crate) in_flight: Semaphore,
}

impl RateLimiter {
    pub(crate) fn new(rate: f64, burst: f64, max_in_flight: usize) -> RateLimiter {
        RateLimiter {
            rate,
            burst,
            buckets: Mutex::new(HashMap::new()),
            in_flight: Semaphore::new(max_in_flight.max(1)),
        }
    }

    /// Takes a token; `Err(seconds)` says when one will be free.
    fn take(&self, who: Option<IpAddr>) -> Result<(), f64> {
        let now = Instant::now();
        let mut map = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() > 10_000 {
            map.clear();
        }
        let (tokens, last) = map.entry(who).or_insert((self.burst, now));
        let refill = now.duration_since(*last).as_secs_f64() * self.rate;
        *tokens = (*tokens + refill).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err((1.0 - *tokens) / self.rate.max(1e-9))
        }
    }
}

/// The middleware: bounds, then the handler under a time limit, then security headers.
pub(crate) async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limits = state.limits();
    let uri_len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri_len > limits.max_uri_bytes {
        return ApiError::status(
            StatusCode::URI_TOO_LONG,
            format!("request URI longer than {} bytes", limits.max_uri_bytes),
        )
        .into_response();
    }
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limits.max_body_bytes) {
        return ApiError::status(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("request body larger than {} bytes", limits.max_body_bytes),
        )
        .into_response();
    }
    let who = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    if let Err(wait) = state.inner.rate.take(who) {
        let mut r = ApiError::status(StatusCode::TOO_MANY_REQUESTS, "rate limit exceeded; slow down").into_response();
        if let Ok(v) = HeaderValue::from_str(&format!("{}", wait.ceil().max(1.0))) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return r;
    }
    let timeout = if req.uri().path() == "/api/frontier" { limits.search_timeout } else { limits.request_timeout };
    let _permit = match tokio::time::timeout(timeout, state.in_flight_permit()).await {
        Ok(Some(p)) => p,
        _ => {
            return ApiError::status(StatusCode::SERVICE_UNAVAILABLE, "server busy; try again").into_response();
        }
    };
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let mut resp = match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(r) => json_error(r, &method, &path),
        Err(_) => ApiError::status(StatusCode::SERVICE_UNAVAILABLE, "request took too long").into_response(),
    };
    let h = resp.headers_mut();
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert(
        "content-security-policy",
        // Vega compiles expressions with `new Function`, hence 'unsafe-eval'; nothing leaves
        // the origin.
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'",
        ),
    );
    resp
}

/// Errors the framework produces itself (405 for a wrong method, extractor rejections) come
/// as empty or plain-text bodies: give them the API's JSON body like every other error.
fn json_error(resp: Response, method: &axum::http::Method, path: &str) -> Response {
    let status = resp.status();
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return resp;
    }
    let message = match status {
        StatusCode::METHOD_NOT_ALLOWED => format!("method {method} is not allowed on {path}; use GET"),
        StatusCode::NOT_FOUND => format!("no route {path}"),
        s => s.canonical_reason().unwrap_or("error").to_lowercase(),
    };
    let allow = resp.headers().get(header::ALLOW).cloned();
    let mut out = ApiError::status(status, message).into_response();
    if let Some(a) = allow {
        out.headers_mut().insert(header::ALLOW, a);
    }
    out
}

impl AppState {
    async fn in_flight_permit(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        self.inner.rate.in_flight.acquire().await.ok()
    }
}
