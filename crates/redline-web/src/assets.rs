//! Embedded pages, script, styles and the vendored Vega-Lite: no CDN, works offline.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

#[derive(rust_embed::RustEmbed)]
#[folder = "assets/"]
struct Assets;

fn file(path: &str) -> Response {
    match Assets::get(path) {
        Some(f) => {
            let mime = mime_guess::from_path(path).first_or_octet_stream();
            let cache = if path.starts_with("vendor/") { "public, max-age=86400" } else { "no-cache" };
            (
                [(header::CONTENT_TYPE, mime.as_ref().to_string()), (header::CACHE_CONTROL, cache.to_string())],
                f.data.into_owned(),
            )
                .into_response()
        }
        None => ApiError::status(StatusCode::NOT_FOUND, format!("no asset {path}")).into_response(),
    }
}

/// The text of an embedded file (tests read `openapi.json` through this).
#[must_use]
pub fn text(path: &str) -> Option<String> {
    Assets::get(path).map(|f| String::from_utf8_lossy(&f.data).into_owned())
}

pub(crate) async fn index() -> Response {
    file("index.html")
}

pub(crate) async fn chip_page(Path(_id): Path<String>) -> Response {
    file("chip.html")
}

pub(crate) async fn whatif_page() -> Response {
    file("whatif.html")
}

pub(crate) async fn compare_page() -> Response {
    file("compare.html")
}

pub(crate) async fn frontier_page() -> Response {
    file("frontier.html")
}

pub(crate) async fn asset(Path(path): Path<String>) -> Response {
    if path.contains("..") {
        return ApiError::bad("path", "no such asset").into_response();
    }
    file(&path)
}

pub(crate) async fn openapi() -> Response {
    file("openapi.json")
}
