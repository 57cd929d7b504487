//! The verdict in the API: `/api/check` with facts, `/api/changes` and `POST /api/shipments`
//! return what the CLI prints.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use redline_web::{AppState, router};

async fn send(req: Request<Body>) -> (StatusCode, Value) {
    let resp = router(AppState::embedded().unwrap()).oneshot(req).await.unwrap();
    let status = resp.status();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&body).unwrap())
}

async fn get(uri: &str) -> (StatusCode, Value) {
    send(Request::get(uri).body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn check_carries_the_verdict_and_takes_facts() {
    let (s, v) = get("/api/check?chip=h20&to=Malaysia&on=2025-09-01").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["verdict"], "depends");
    assert_eq!(v["depends_on"], serde_json::json!(["end-user-headquarters"]));
    assert!(v["conditions"].as_array().unwrap().iter().any(|c| c["role"] == "scope"));
    let (_, v) = get("/api/check?chip=h20&to=MY&on=2025-09-01&end_user_hq=CN").await;
    assert_eq!(v["verdict"], "required");
    let (_, v) = get("/api/check?chip=h100-sxm&to=AE&on=2026-08-01&end_user_approved=false").await;
    assert_eq!(v["verdict"], "required");
    let (s, v) = get("/api/check?chip=h20&to=MY&on=2025-09-01&end_user_hq=Narnia").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v.to_string().contains("end_user_hq"), "{v}");
    let (s, _) = get("/api/check?chip=h20&to=MY&end_user_approved=maybe").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // A chip designed in China: the licence turns on whether the EAR reaches it.
    let (_, v) = get("/api/check?chip=biren-br100&to=CN&on=2026-12-02").await;
    assert_eq!(v["depends_on"], serde_json::json!(["subject-to-ear"]));
    let (_, v) = get("/api/check?chip=biren-br100&to=CN&on=2026-12-02&subject_to_ear=true").await;
    assert_eq!(v["verdict"], "required");
    let (s, v) = get("/api/check?chip=biren-br100&to=CN&subject_to_ear=perhaps").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v.to_string().contains("subject_to_ear"), "{v}");
}

#[tokio::test]
async fn changes_route_matches_the_library() {
    let (s, v) = get("/api/changes?edition=2026-07-10&to=AE").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let arr = v.as_array().unwrap();
    let h100 = arr.iter().find(|c| c["chip"] == "h100-sxm").unwrap();
    assert_eq!(h100["before"]["verdict"], "required");
    assert_eq!(h100["after"]["verdict"], "depends");
    let (s, _) = get("/api/changes?edition=2026-07-11").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn shipments_route_screens_in_order_and_refuses_a_bad_line() {
    let csv = "chip,to,on,po\nh20,MY,2025-09-01,A\nh100-sxm,CN,2024-06-01,B\n";
    let (s, v) =
        send(Request::post("/api/shipments").header("content-type", "text/csv").body(Body::from(csv)).unwrap()).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    assert_eq!((arr[0]["po"].as_str(), arr[0]["verdict"].as_str()), (Some("A"), Some("depends")));
    assert_eq!((arr[1]["po"].as_str(), arr[1]["verdict"].as_str()), (Some("B"), Some("required")));
    let bad = "chip,to,on\nh20,MY,2025-09-01\nh20,MY,yesterday\n";
    let (s, v) = send(Request::post("/api/shipments").body(Body::from(bad)).unwrap()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v.to_string().contains("body:3:3"), "{v}");
}
