//! The JSON API in-process (`tower::ServiceExt::oneshot`, no sockets): the contract, a 400
//! naming the field for every bad parameter, the OpenAPI file in step with the routes, the
//! request bounds, and the what-if editor.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use redline_catalog::{Catalog, Provenance, parse_spec};
use redline_rules::{Countries, Date};
use redline_web::{AppState, Limits, router};

fn state() -> AppState {
    AppState::embedded().expect("embedded data")
}

async fn get_with(state: AppState, uri: &str) -> (StatusCode, String, String) {
    let resp = router(state).oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = resp.status();
    let ctype = resp.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, ctype, String::from_utf8_lossy(&body).into_owned())
}

async fn get(uri: &str) -> (StatusCode, String, String) {
    get_with(state(), uri).await
}

async fn json(uri: &str) -> Value {
    let (status, ctype, body) = get(uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    assert!(ctype.starts_with("application/json"), "{uri}: {ctype}");
    serde_json::from_str(&body).unwrap()
}

/// Through text, as a client sees it (serde_json's default float parsing is not bit-exact).
fn as_client_sees<T: serde::Serialize>(v: &T) -> Value {
    serde_json::from_str(&serde_json::to_string(v).unwrap()).unwrap()
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

#[tokio::test]
async fn contract_routes() {
    let (status, ctype, body) = get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.starts_with("text/html"), "{ctype}");
    assert!(body.contains("<html"));
    let chips = json("/api/chips").await;
    let arr = chips.as_array().unwrap();
    assert!(arr.len() >= 45);
    assert!(arr.iter().all(|c| c["id"].is_string()));

    let cat = Catalog::embedded().unwrap();
    let countries = Countries::embedded().unwrap();
    let h20 = cat.get("h20").unwrap();
    let expected = as_client_sees(&redline_rules::classify(h20, date("2025-09-01")).unwrap());
    assert_eq!(json("/api/classify?chip=h20&on=2025-09-01").await, expected);
    let expected = as_client_sees(&redline_rules::check(h20, &countries, "CN", date("2025-09-01")).unwrap());
    assert_eq!(json("/api/check?chip=h20&to=CN&on=2025-09-01").await, expected);
    // Names resolve like the CLI's: label, alias, case.
    assert_eq!(json("/api/check?chip=H20&to=cn&on=2025-09-01").await, expected);
}

#[tokio::test]
async fn every_page_and_asset_is_served() {
    for path in ["/", "/chip/h20", "/whatif", "/compare"] {
        let (status, ctype, _) = get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(ctype.starts_with("text/html"), "{path}: {ctype}");
    }
    for path in [
        "/assets/app.js",
        "/assets/style.css",
        "/assets/vendor/vega.min.js",
        "/assets/vendor/vega-lite.min.js",
        "/assets/vendor/vega-embed.min.js",
    ] {
        let (status, _, body) = get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(!body.is_empty());
    }
    // No page refers to anything off the machine.
    for page in ["/", "/chip/h20", "/whatif", "/compare", "/assets/app.js"] {
        let (_, _, body) = get(page).await;
        assert!(
            !body.contains("http://") && !body.contains("https://") && !body.contains("//cdn"),
            "{page} refers outside"
        );
    }
}

#[tokio::test]
async fn other_endpoints_answer() {
    for uri in [
        "/api/chips/h100-sxm",
        "/api/classifications?chip=h20",
        "/api/timeline?chip=h20&to=CN&until=2026-11-29",
        "/api/headroom?chip=h20&to=CN&on=2025-09-01",
        "/api/editions",
        "/api/countries",
        "/api/chart/compliance?on=2025-09-01",
        "/api/chart/bandwidth?on=2026-03-01&to=CN&chips=h20,h200,rtx-pro-6000d",
        "/api/chart/timeline?chip=h20&to=CN&until=2026-11-29",
        "/api/openapi.json",
    ] {
        let v = json(uri).await;
        assert!(!v.is_null(), "{uri}");
    }
}

/// Every bad parameter: 400, JSON with `error`, and the field named.
#[tokio::test]
async fn bad_parameters_are_400_naming_the_field() {
    let cases: &[(&str, &str)] = &[
        ("/api/chips?on=yesterday", "on"),
        ("/api/chips?bogus=1", "bogus"),
        ("/api/chips/nonesuch", "id"),
        ("/api/classify?on=2025-09-01", "chip"),
        ("/api/classify?chip=nonesuch", "chip"),
        ("/api/classify?chip=h20&on=2025-02-30", "on"),
        ("/api/classify?chip=h20&on=2020-01-01", "on"),
        ("/api/classify?chip=h20&chip=h200", "chip"),
        ("/api/classify?chip=%ZZ", "chip"),
        ("/api/check?chip=h20&on=2025-09-01", "to"),
        ("/api/check?chip=h20&to=XX", "to"),
        ("/api/check?chip=h20&to=CN&on=20250901", "on"),
        ("/api/check?chip=h20&to=CN&destination=CN", "destination"),
        ("/api/timeline?chip=h20&to=CN&until=soon", "until"),
        ("/api/timeline?chip=h20", "to"),
        ("/api/headroom?chip=h20&to=ZZ", "to"),
        ("/api/classifications", "chip"),
        ("/api/whatif?fp8=300", "base"),
        ("/api/whatif?base=nonesuch", "base"),
        ("/api/whatif?base=h20&fp8=abc", "fp8"),
        ("/api/whatif?base=h20&fp8=-5", "fp8"),
        ("/api/whatif?base=h20&fp16=1e12", "fp16"),
        ("/api/whatif?base=h20&die_area_mm2=0", "die_area_mm2"),
        ("/api/whatif?base=h20&die_count=0", "die_count"),
        ("/api/whatif?base=h20&die_count=2.5", "die_count"),
        ("/api/whatif?base=h20&dram_bandwidth_gbs=NaN", "dram_bandwidth_gbs"),
        ("/api/whatif?base=h20&chip_to_chip_gbs=inf", "chip_to_chip_gbs"),
        ("/api/whatif?base=h20&host_gbs=x", "host_gbs"),
        ("/api/whatif?base=h20&memory_capacity_gb=-1", "memory_capacity_gb"),
        ("/api/whatif?base=h20&datacenter=maybe", "datacenter"),
        ("/api/whatif?base=h20&to=XX", "to"),
        ("/api/whatif?base=h20&on=tomorrow", "on"),
        ("/api/whatif/spec?base=h20&fp8=oops", "fp8"),
        ("/api/chart/nonesuch", "kind"),
        ("/api/chart/compliance?chips=h20,nonesuch", "chips"),
        ("/api/chart/compliance?on=1999-01-01", "on"),
        ("/api/chart/bandwidth?to=XX", "to"),
        ("/api/chart/timeline?chip=h20", "to"),
        ("/api/chart/timeline?chip=nonesuch&to=CN", "chip"),
        ("/api/editions?x=1", "x"),
        ("/api/countries?on=x", "on"),
        ("/api/frontier", "model"),
        ("/api/frontier?model=nonesuch", "model"),
        ("/api/frontier?model=deepseek-v3&phase=sample", "phase"),
        ("/api/frontier?model=deepseek-v3&on=2020-01-01", "on"),
        ("/api/frontier?model=deepseek-v3&on=soon", "on"),
        ("/api/frontier?model=deepseek-v3&to=XX", "to"),
        ("/api/frontier?model=deepseek-v3&gpus=0", "gpus"),
        ("/api/frontier?model=deepseek-v3&batch=100000", "batch"),
        ("/api/frontier?model=deepseek-v3&input=x", "input"),
        ("/api/frontier?model=deepseek-v3&dies=3", "dies"),
        ("/api/frontier?model=deepseek-v3&dies=0", "dies"),
        ("/api/frontier?model=deepseek-v3&precision=fp7", "precision"),
        ("/api/frontier?model=deepseek-v3&engine=warp", "engine"),
        ("/api/frontier?model=deepseek-v3&constraint=maybe", "constraint"),
        ("/api/frontier?model=deepseek-v3&pareto=beauty", "pareto"),
        ("/api/frontier?model=deepseek-v3&per=hour", "per"),
        ("/api/frontier?model=deepseek-v3&space=x.toml", "space"),
        ("/api/perf?model=llama-3.1-8b", "chip"),
        ("/api/perf?chip=h20", "model"),
        ("/api/perf?chip=h20&model=nonesuch", "model"),
        ("/api/perf?chip=h20&model=..%2Fsecret", "model"),
        ("/api/perf?chip=h20&model=llama-3.1-8b&nonesuch=1", "nonesuch"),
        ("/api/perf?chip=h20&model=llama-3.1-8b&format=csv", "format"),
        ("/api/perf?chip=h20&model=llama-3.1-8b&gpus=0", "gpus"),
        ("/api/perf?chip=h20&model=llama-3.1-8b&batch=zero", "batch"),
        ("/api/perf?chip=h20&model=llama-3.1-8b&input=0", "input"),
        ("/api/perf?chip=h20&model=llama-3.1-8b&kv_precision=fp9", "kv_precision"),
        ("/api/perf?chip=h20&model=llama-3.1-8b&engine=vlm", "engine"),
        ("/api/perf?chip=h20&model=llama-3.1-8b&weight_only=maybe", "weight_only"),
        ("/api/perf?chip=h20&model=llama-3.1-8b&max_tpot=0.05", "max_tpot"),
        ("/api/perf?chip=h20&model=llama-3.1-8b&scenario=batch", "scenario"),
        ("/api/perf?chip=h20&model=llama-3.1-8b&pue=0.5", "pue"),
        ("/api/perf?chip=h20&model=llama-3.1-8b&tp=3", "tp"),
        ("/api/perf?chip=h20&model=llama-3.1-8b&sweep=concurrency", "sweep"),
        ("/api/perf?chip=h20&model=llama-3.1-8b&kv_precision=fp8&kv-precision=bf16", "kv_precision"),
        ("/api/compare?chips=h20,h100-sxm&model=llama-3.1-8b&engine=warp", "engine"),
        ("/api/chart/roofline?chips=h20&model=llama-3.1-8b&batch=max", "batch"),
    ];
    for (uri, field) in cases {
        let (status, ctype, body) = get(uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(ctype.starts_with("application/json"), "{uri}: {ctype}");
        let v: Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri}: {e}: {body}"));
        assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{uri}: {body}");
        assert_eq!(v["field"].as_str(), Some(*field), "{uri}: {body}");
    }
}

#[tokio::test]
async fn unknown_api_route_is_json_404() {
    let (status, ctype, body) = get("/api/nonesuch").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(ctype.starts_with("application/json"));
    assert!(body.contains("error"));
}

/// `assets/openapi.json` documents exactly the `/api` routes the router serves.
#[test]
fn openapi_matches_routes() {
    let doc: Value = serde_json::from_str(&redline_web::openapi_json()).expect("OpenAPI is JSON");
    assert_eq!(doc["openapi"].as_str().map(|v| &v[..2]), Some("3."));
    let mut documented: Vec<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    documented.sort();
    let mut served: Vec<String> =
        redline_web::ROUTES.iter().filter(|(_, p)| p.starts_with("/api")).map(|(_, p)| (*p).to_string()).collect();
    served.sort();
    assert_eq!(documented, served, "openapi.json and the router disagree");
    for (method, path) in redline_web::ROUTES.iter().filter(|(_, p)| p.starts_with("/api")) {
        assert!(doc["paths"][*path][method.to_ascii_lowercase()].is_object(), "{method} {path} undocumented");
    }
}

/// The route table and the router agree: every listed route answers something other than the
/// fallback 404.
#[tokio::test]
async fn route_table_is_the_router() {
    for (_, path) in redline_web::ROUTES {
        let uri = path.replace("{id}", "h20").replace("{*path}", "app.js").replace("{kind}", "compliance");
        let (status, _, body) = get(&uri).await;
        assert!(!(status == StatusCode::NOT_FOUND && body.contains("no API route")), "{path} is listed but not routed");
    }
}

#[tokio::test]
async fn size_and_rate_bounds() {
    let long = format!("/api/chips?on={}", "9".repeat(10_000));
    let (status, _, body) = get(&long).await;
    assert_eq!(status, StatusCode::URI_TOO_LONG, "{body}");
    assert!(body.contains("error"));

    let resp = router(state())
        .oneshot(Request::get("/api/chips").header("content-length", "10000000").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let limits = Limits { rate_per_second: 0.001, rate_burst: 2.0, ..Limits::default() };
    let tight = AppState::new(Catalog::embedded().unwrap(), Countries::embedded().unwrap(), limits);
    assert_eq!(get_with(tight.clone(), "/api/editions").await.0, StatusCode::OK);
    assert_eq!(get_with(tight.clone(), "/api/editions").await.0, StatusCode::OK);
    let (status, ctype, body) = get_with(tight, "/api/editions").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(ctype.starts_with("application/json") && body.contains("rate limit"));
}

#[tokio::test]
async fn whatif_changes_the_verdict_and_exports_a_spec() {
    let base = json("/api/whatif?base=h20&on=2025-09-01&to=CN").await;
    assert!(base["classification"]["paragraphs"].as_array().unwrap().is_empty());
    // 320 dense FP8 TOPS: TPP 2,560 ≥ 2,400 with density 3.1 ≥ 1.6: 3A090.b.1.
    let edited = json("/api/whatif?base=h20&fp8=320&fp16=160&on=2025-09-01&to=CN").await;
    assert_eq!(edited["chip"]["tpp"].as_f64(), Some(2560.0));
    assert_eq!(edited["classification"]["eccn"], "3A090.b");
    assert_ne!(edited["check"]["summary"], base["check"]["summary"]);
    assert!(edited["chart"]["$schema"].is_string());

    let (status, ctype, toml) = get("/api/whatif/spec?base=h20&fp8=320&fp16=160&die_area_mm2=600&die_count=2").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.starts_with("application/toml"));
    let spec = parse_spec(&toml, "export.toml", Provenance::Optional).expect("exported spec parses");
    let chip = redline_catalog::Chip::new(spec, "test");
    assert_eq!(chip.metrics.tpp.map(|m| m.value), Some(2560.0));
    assert_eq!(chip.metrics.applicable_die_area_mm2.map(|m| m.value), Some(1200.0));
}

/// `/api/frontier` answers what the library (and so `redline frontier --format json`) does,
/// with the chart; the request is built by the same `redline_search::Request`.
#[tokio::test]
async fn frontier_is_the_report_plus_its_chart() {
    let mut v = json("/api/frontier?on=2024-06-01&to=cn&model=deepseek-v3&phase=decode&dies=1").await;
    let chart = v.as_object_mut().unwrap().remove("chart").unwrap();
    let mut r = redline_search::Request::new(date("2024-06-01"), "cn", "deepseek-v3", "decode");
    r.dies = vec![1];
    let cat = Catalog::embedded().unwrap();
    let report = redline_search::frontier(&r.query().unwrap(), &cat, &|_| {}, None).unwrap();
    assert_eq!(v, as_client_sees(&report));
    assert_eq!(v["best"]["binding"][0], "3A090.b.1/tpp-min");
    assert!(v["best"]["spec"].as_str().unwrap().contains("[dense"));
    assert!(v["chips"].as_array().unwrap().iter().all(|c| c["gap_percent"].is_number()));
    assert_eq!(chart["usermeta"]["kind"], "frontier");
    assert!(chart.to_string().contains("/chip/h20"));
}

/// Regression: `/api/frontier` with the page's defaults (today's rules, no `dies`) always
/// answered 400 (842,520 grid points under late-2026 rules, over the old bound of 500,000).
/// It answers, and the same query again comes from the cache.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn frontier_answers_its_defaults_and_caches() {
    let uri = "/api/frontier?model=deepseek-v3&on=2026-11-29";
    let (status, _, body) = get(uri).await;
    assert_eq!(status, StatusCode::OK, "{}", &body[..body.len().min(300)]);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert!(v["grid_points"].as_u64().unwrap() > 500_000, "{}", v["grid_points"]);
    let started = std::time::Instant::now();
    let (status, _, again) = get(uri).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again, body);
    assert!(started.elapsed() < std::time::Duration::from_secs(1), "cached: {:?}", started.elapsed());
}

/// `/api/perf` answers what `PerfRequest::run` gives for the same pairs (the CLI prints the same
/// struct; `crates/redline/tests/web.rs` compares the two over a socket).
#[tokio::test]
async fn perf_is_the_perf_request_output() {
    let cat = Catalog::embedded().unwrap();
    for (query, pairs) in [
        ("model=llama-3.1-8b&batch=16&input=512", vec![("model", "llama-3.1-8b"), ("batch", "16"), ("input", "512")]),
        ("model=deepseek-v3&gpus=8&precision=fp8", vec![("model", "deepseek-v3"), ("gpus", "8"), ("precision", "fp8")]),
        ("mlperf=llama2-70b&gpus=8", vec![("mlperf", "llama2-70b"), ("gpus", "8")]),
    ] {
        let got = json(&format!("/api/perf?chip=h20&{query}")).await;
        let r = redline_perf::PerfRequest::from_pairs(&pairs).unwrap();
        let model = redline_perf::zoo_model(r.model_name()).unwrap();
        let want = r.run(cat.get("h20").unwrap(), model).unwrap();
        assert_eq!(got, as_client_sees(&want), "{query}");
        for key in ["fits", "max_batch", "notes", "parallelism", "cost", "weak_evidence"] {
            assert!(got.get(key).is_some(), "{query}: {key}");
        }
    }
    let cmp = json("/api/compare?chips=h20,h100-sxm&model=llama-3.1-8b").await;
    assert_eq!(cmp["rows"].as_array().unwrap().len(), 2);
    assert_eq!(cmp["rows"][0]["perf"], json("/api/perf?chip=h20&model=llama-3.1-8b").await);
}
