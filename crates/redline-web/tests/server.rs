//! Fault tests against a real loopback socket: the connection layer's refusals are JSON and
//! leave the server answering. Every test is bounded in requests and time, and stops itself.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use redline_web::{AppState, Limits};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn start(limits: Limits) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    assert!(addr.ip().is_loopback());
    let state = AppState::new(
        redline_catalog::Catalog::embedded().unwrap(),
        redline_rules::Countries::embedded().unwrap(),
        limits,
    );
    tokio::spawn(redline_web::serve_on(listener, state));
    addr
}

/// Sends raw bytes, returns (status, headers, body) of the answer.
async fn raw(addr: SocketAddr, bytes: &[u8]) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(bytes).await.unwrap();
    let mut buf = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), s.read_to_end(&mut buf)).await.expect("answer within 30 s").unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_string())
}

async fn get(addr: SocketAddr, host: &str, path: &str) -> (u16, String, String) {
    raw(addr, format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes()).await
}

fn is_json_error(head: &str, body: &str) -> bool {
    head.contains("content-type: application/json")
        && serde_json::from_str::<Value>(body).is_ok_and(|v| v["error"].as_str().is_some_and(|e| !e.is_empty()))
}

/// Regression: there was no Host check, so a DNS-rebinding page (evil.example resolving to
/// 127.0.0.1) could read the loopback server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_bound_host_is_answered() {
    let limits = Limits { allowed_hosts: vec!["redline.test".into()], ..Limits::default() };
    let addr = start(limits).await;
    let port = addr.port();
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("redline.test:{port}")] {
        let (status, _, _) = get(addr, &host, "/api/editions").await;
        assert_eq!(status, 200, "{host}");
    }
    for host in [format!("evil.example:{port}"), "127.0.0.1:1".to_string(), "localhost.evil.example".to_string()] {
        let (status, head, body) = get(addr, &host, "/api/editions").await;
        assert_eq!(status, 421, "{host}");
        assert!(is_json_error(&head, &body), "{body}");
        assert!(body.contains("--allow-host"), "{body}");
    }
    let (status, head, body) = raw(addr, b"GET /api/editions HTTP/1.1\r\nConnection: close\r\n\r\n").await;
    assert_eq!(status, 400);
    assert!(is_json_error(&head, &body) && body.contains("Host"), "{body}");
}

/// Regression: errors of the HTTP layer (405, a malformed request line) had empty bodies.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_has_a_json_body() {
    let addr = start(Limits::default()).await;
    let host = format!("127.0.0.1:{}", addr.port());
    let post = format!("POST /api/check HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    let (status, head, body) = raw(addr, post.as_bytes()).await;
    assert_eq!(status, 405);
    assert!(is_json_error(&head, &body), "{head} {body}");
    assert!(head.contains("allow: get"), "{head}");
    for bad in [
        &b"NOT A REQUEST\r\n\r\n"[..],
        b"GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET / HTTP/1.1\r\nBad Header\r\n\r\n",
        b"\r\n\r\n",
    ] {
        let (status, head, body) = raw(addr, bad).await;
        assert_eq!(status, 400, "{:?}", String::from_utf8_lossy(bad));
        assert!(is_json_error(&head, &body), "{body}");
    }
    let huge = format!("GET / HTTP/1.1\r\nHost: {host}\r\nX-Pad: {}\r\n\r\n", "a".repeat(20_000));
    let (status, head, body) = raw(addr, huge.as_bytes()).await;
    assert_eq!(status, 431);
    assert!(is_json_error(&head, &body), "{body}");
    for path in ["/api/nonesuch", "/nonesuch", "/api/chips/nonesuch"] {
        let (status, head, body) = get(addr, &host, path).await;
        assert_eq!(status / 100, 4, "{path}");
        assert!(is_json_error(&head, &body), "{path}: {body}");
    }
    // Still answering.
    assert_eq!(get(addr, &host, "/api/editions").await.0, 200);
}

/// Regression: slow clients that never finish their headers held connections forever (1,100
/// of them exhausted the descriptors). They are cut at the header deadline, and while they
/// hang, other clients are answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_header_clients_do_not_starve_others() {
    let limits = Limits { header_timeout: Duration::from_secs(2), max_connections: 64, ..Limits::default() };
    let addr = start(limits).await;
    let host = format!("127.0.0.1:{}", addr.port());
    let mut slow = Vec::new();
    for _ in 0..40 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET /api/editions HTTP/1.1\r\nHost: 127").await.unwrap();
        slow.push(s);
    }
    let start = Instant::now();
    for _ in 0..10 {
        assert_eq!(get(addr, &host, "/api/check?chip=h20&to=CN&on=2025-09-01").await.0, 200);
    }
    assert!(start.elapsed() < Duration::from_secs(10), "normal clients waited {:?}", start.elapsed());
    // The slow ones get a JSON 408 once the deadline passes, and their slots come back.
    for mut s in slow {
        let mut buf = Vec::new();
        tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut buf)).await.expect("cut").unwrap();
        let text = String::from_utf8_lossy(&buf);
        assert!(text.starts_with("HTTP/1.1 408"), "{text}");
        assert!(text.contains("\"error\""), "{text}");
    }
    for _ in 0..70 {
        assert_eq!(get(addr, &host, "/api/editions").await.0, 200);
    }
}

/// Over the connection cap a client gets a JSON 503 with `Retry-After`, and the server goes
/// on answering once connections close.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_connections_leave_the_server_answering() {
    let limits = Limits { header_timeout: Duration::from_secs(2), max_connections: 4, ..Limits::default() };
    let addr = start(limits).await;
    let host = format!("127.0.0.1:{}", addr.port());
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(TcpStream::connect(addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, head, body) = get(addr, &host, "/api/editions").await;
    assert_eq!(status, 503);
    assert!(is_json_error(&head, &body) && head.contains("retry-after: 1"), "{head} {body}");
    drop(idle);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, _, _) = get(addr, &host, "/api/editions").await;
        if status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "server did not recover");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A refused request (bad parameter, bad host, malformed) leaves it answering too.
    assert_eq!(get(addr, &host, "/api/check?chip=h20&to=CN&on=never").await.0, 400);
    assert_eq!(get(addr, "evil.example", "/api/editions").await.0, 421);
    assert_eq!(raw(addr, b"BLAH\r\n\r\n").await.0, 400);
    assert_eq!(get(addr, &host, "/api/check?chip=h20&to=CN&on=2025-09-01").await.0, 200);
}

/// Regression: one GET with a denormal die area killed the server (the compliance chart
/// allocated without bound). It is a 400 naming the field, and the server answers after.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn denormal_what_if_is_refused() {
    let addr = start(Limits::default()).await;
    let host = format!("127.0.0.1:{}", addr.port());
    for area in ["1e-320", "5e-324", "0.5", "-0.0", "inf", "nan"] {
        let (status, head, body) =
            get(addr, &host, &format!("/api/whatif?base=h20&die_area_mm2={area}&on=2025-09-01&to=CN")).await;
        assert_eq!(status, 400, "{area}: {body}");
        assert!(is_json_error(&head, &body), "{body}");
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["field"], "die_area_mm2", "{body}");
    }
    let (status, _, body) = get(addr, &host, "/api/whatif?base=h20&fp8=-0.0&on=2025-09-01").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(get(addr, &host, "/api/whatif?base=h20&die_area_mm2=300&on=2025-09-01&to=CN").await.0, 200);
}
