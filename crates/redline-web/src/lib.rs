//! Redline's local web app: the catalogue table, chip pages, the what-if editor, the
//! compare page and the compliance frontier, over a JSON API under `/api` (documented in `assets/openapi.json`).
//!
//! Everything is embedded (pages, script, Vega-Lite vendored from npm): the app works offline.
//! The API calls the same library functions as the CLI and returns the same JSON. Charts are
//! Vega-Lite specs built by `redline-plot` from the same figures the CLI draws.
//!
//! Safety (README "Security and limits"): loopback by default (the caller picks the address);
//! only the bound address's `Host` (plus `localhost` on loopback and names allowed
//! explicitly) is answered, against DNS rebinding; connections are capped, the request head
//! must arrive within a deadline and every connection has one; bad input is a 4xx JSON error
//! naming the field, and so is every error of the HTTP layer; URI and body sizes are bounded;
//! each client address has a token-bucket rate limit; in-flight requests are capped and
//! time-limited.

mod api;
mod assets;
mod common;
pub mod error;
mod factcheck;
pub mod frontier;
mod limits;
pub mod params;
mod perf;
pub mod server;
pub mod whatif;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::routing::get;

use redline_catalog::Catalog;
use redline_rules::Countries;

pub use axum::http::StatusCode;
pub use error::ApiError;
pub use limits::Limits;

/// What every handler reads: the catalogue (embedded plus the user's chips), the country
/// table and the limits.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    catalog: Catalog,
    countries: Countries,
    limits: Limits,
    rate: limits::RateLimiter,
    /// Where `/api/perf?model=NAME` may read `NAME.json` (none: zoo ids only).
    models_dir: Option<PathBuf>,
}

impl AppState {
    /// State over a loaded catalogue.
    #[must_use]
    pub fn new(catalog: Catalog, countries: Countries, limits: Limits) -> AppState {
        AppState {
            inner: Arc::new(Inner {
                rate: limits::RateLimiter::new(limits.rate_per_second, limits.rate_burst, limits.max_in_flight),
                catalog,
                countries,
                limits,
                models_dir: None,
            }),
        }
    }

    /// Lets `/api/perf` and `/api/compare` read model configs `NAME.json` from `dir` (never any
    /// other path).
    #[must_use]
    pub fn with_models_dir(self, dir: PathBuf) -> AppState {
        let inner = &self.inner;
        AppState {
            inner: Arc::new(Inner {
                catalog: inner.catalog.clone(),
                countries: inner.countries.clone(),
                limits: inner.limits.clone(),
                rate: limits::RateLimiter::new(
                    inner.limits.rate_per_second,
                    inner.limits.rate_burst,
                    inner.limits.max_in_flight,
                ),
                models_dir: Some(dir),
            }),
        }
    }

    pub(crate) fn models_dir(&self) -> Option<&Path> {
        self.inner.models_dir.as_deref()
    }

    /// The embedded catalogue and country table with default limits.
    ///
    /// # Errors
    /// Only if the embedded data is broken (tests guard it).
    pub fn embedded() -> Result<AppState, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AppState::new(Catalog::embedded()?, Countries::embedded()?, Limits::default()))
    }

    pub(crate) fn catalog(&self) -> &Catalog {
        &self.inner.catalog
    }

    pub(crate) fn countries(&self) -> &Countries {
        &self.inner.countries
    }

    pub(crate) fn limits(&self) -> &Limits {
        &self.inner.limits
    }
}

/// Every route: `(method, path)` as the router registers it. The OpenAPI test checks that
/// `assets/openapi.json` documents exactly the `/api` ones.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/"),
    ("GET", "/chip/{id}"),
    ("GET", "/whatif"),
    ("GET", "/compare"),
    ("GET", "/frontier"),
    ("GET", "/factcheck"),
    ("GET", "/assets/{*path}"),
    ("GET", "/api/chips"),
    ("GET", "/api/chips/{id}"),
    ("GET", "/api/classify"),
    ("GET", "/api/classifications"),
    ("GET", "/api/check"),
    ("GET", "/api/changes"),
    ("POST", "/api/shipments"),
    ("GET", "/api/timeline"),
    ("GET", "/api/headroom"),
    ("GET", "/api/editions"),
    ("GET", "/api/countries"),
    ("GET", "/api/whatif"),
    ("GET", "/api/whatif/spec"),
    ("GET", "/api/chart/{kind}"),
    ("GET", "/api/models"),
    ("GET", "/api/perf"),
    ("GET", "/api/compare"),
    ("GET", "/api/frontier"),
    ("POST", "/api/factcheck"),
    ("GET", "/api/openapi.json"),
];

/// The app's router.
pub fn router(state: AppState) -> Router {
    let limits = state.limits().clone();
    Router::new()
        .route("/", get(assets::index))
        .route("/chip/{id}", get(assets::chip_page))
        .route("/whatif", get(assets::whatif_page))
        .route("/compare", get(assets::compare_page))
        .route("/frontier", get(assets::frontier_page))
        .route("/factcheck", get(factcheck::page))
        .route("/assets/{*path}", get(assets::asset))
        .route("/api/chips", get(api::chips))
        .route("/api/chips/{id}", get(api::chip))
        .route("/api/classify", get(api::classify))
        .route("/api/classifications", get(api::classifications))
        .route("/api/check", get(api::check))
        .route("/api/changes", get(api::changes))
        .route("/api/shipments", axum::routing::post(api::shipments))
        .route("/api/timeline", get(api::timeline))
        .route("/api/headroom", get(api::headroom))
        .route("/api/editions", get(api::editions))
        .route("/api/countries", get(api::countries))
        .route("/api/whatif", get(api::whatif))
        .route("/api/whatif/spec", get(api::whatif_spec))
        .route("/api/chart/{kind}", get(api::chart))
        .route("/api/models", get(perf::models))
        .route("/api/perf", get(perf::perf))
        .route("/api/compare", get(perf::compare))
        .route("/api/frontier", get(frontier::frontier))
        .route("/api/factcheck", axum::routing::post(factcheck::factcheck))
        .route("/api/openapi.json", get(assets::openapi))
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), limits::guard))
        .layer(axum::extract::DefaultBodyLimit::max(limits.max_body_bytes))
        .with_state(state)
}

/// Binds `bind:port`, calls `ready` with the bound address, and serves until the process
/// ends. Port 0 picks a free port.
///
/// # Errors
/// When the address cannot be bound or the runtime cannot start.
pub fn serve(bind: &str, port: u16, state: AppState, ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind((bind, port)).await?;
        ready(listener.local_addr()?);
        serve_on(listener, state).await
    })
}

/// Serves on an already bound listener (tests bind port 0 on loopback).
///
/// # Errors
/// When accepting connections fails.
pub async fn serve_on(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let limits = state.limits().clone();
    server::run(listener, router(state), limits).await
}

/// The OpenAPI document served at `/api/openapi.json`.
#[must_use]
pub fn openapi_json() -> String {
    assets::text("openapi.json").unwrap_or_default()
}
