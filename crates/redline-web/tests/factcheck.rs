//! `POST /api/factcheck` and the `/factcheck` page, in-process: the same report as the
//! library (and so as `redline factcheck --format json`), fields named in errors, and the
//! body-size limit.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use redline_catalog::Catalog;
use redline_factcheck::{Factchecker, Options};
use redline_rules::{Countries, Date};
use redline_web::{AppState, router};

async fn post(body: Vec<u8>, ctype: &str) -> (StatusCode, Value) {
    let state = AppState::embedded().expect("embedded data");
    let req = Request::post("/api/factcheck").header("content-type", ctype).body(Body::from(body)).unwrap();
    let resp = router(state).oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

const TEXT: &str =
    "英伟达H20配备96GB显存。The H20 has about 20% of the H100's compute. Washington banned the H20 in April 2025.";

#[tokio::test]
async fn same_report_as_the_library() {
    let body = json!({"text": TEXT, "as_of": "2026-12-01", "to": "CN"}).to_string().into_bytes();
    let (status, v) = post(body, "application/json").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let cat = Catalog::embedded().unwrap();
    let co = Countries::embedded().unwrap();
    let lib = Factchecker::new(&cat, &co).check(TEXT, &Options::new(Date::ymd(2026, 12, 1)));
    let lib: Value = serde_json::from_str(&serde_json::to_string(&lib).unwrap()).unwrap();
    assert_eq!(v, lib);
    let q: Vec<&str> = v["claims"].as_array().unwrap().iter().map(|c| c["quantity"].as_str().unwrap()).collect();
    assert_eq!(q, ["memory_capacity_gb", "compute_ratio_vs_h100-sxm", "license_required"]);
}

#[tokio::test]
async fn bad_bodies_name_the_field() {
    let (status, v) =
        post(json!({"text": "H20", "as_of": "2025-02-30"}).to_string().into_bytes(), "application/json").await;
    assert_eq!((status, v["field"].as_str()), (StatusCode::BAD_REQUEST, Some("as_of")), "{v}");
    let (status, v) = post(json!({"text": "H20", "to": "ZZ"}).to_string().into_bytes(), "application/json").await;
    assert_eq!((status, v["field"].as_str()), (StatusCode::BAD_REQUEST, Some("to")), "{v}");
    let (status, v) = post(b"not json".to_vec(), "application/json").await;
    assert!(status.is_client_error() && v["field"] == "body", "{status} {v}");
    let (status, v) = post(json!({"txt": "H20"}).to_string().into_bytes(), "application/json").await;
    assert!(status.is_client_error() && v["error"].as_str().is_some_and(|e| e.contains("txt")), "{status} {v}");
    let (status, _) = post(json!({"text": "H20"}).to_string().into_bytes(), "text/plain").await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn body_limit_holds() {
    // 64 KiB by default: a 100 KB article is refused with 413 before it is read.
    let big = json!({"text": "H20 96 GB. ".repeat(10_000)}).to_string().into_bytes();
    let (status, v) = post(big, "application/json").await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
    assert!(v["error"].is_string());
}

#[tokio::test]
async fn page_is_served() {
    let state = AppState::embedded().unwrap();
    let resp = router(state).oneshot(Request::get("/factcheck").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let body = String::from_utf8(resp.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(body.contains("/assets/factcheck.js") && body.contains("id=\"article\""));
    let state = AppState::embedded().unwrap();
    let resp = router(state).oneshot(Request::get("/assets/factcheck.js").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
}
