//! Load test on loopback: 200 concurrent clients against a real socket, a fixed number of
//! requests each, every answer a 200. Bounded: it finishes by itself (a minute at most).

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const CLIENTS: usize = 200;
const REQUESTS_PER_CLIENT: usize = 5;
const PATHS: &[&str] = &[
    "/api/check?chip=h20&to=CN&on=2025-09-01",
    "/api/classify?chip=h100-sxm&on=2025-09-01",
    "/api/chips?on=2025-09-01",
    "/api/whatif?base=h20&fp8=320&on=2025-09-01&to=CN",
    "/",
];

async fn request(addr: std::net::SocketAddr, path: &str) -> Result<u16, String> {
    let mut s = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.map_err(|e| e.to_string())?;
    let head = String::from_utf8_lossy(&buf[..buf.len().min(32)]).into_owned();
    head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).ok_or_else(|| format!("bad response head {head:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(clippy::print_stderr, clippy::cast_precision_loss)]
async fn two_hundred_concurrent_clients_no_errors() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    assert!(addr.ip().is_loopback());
    let state = redline_web::AppState::embedded().unwrap();
    let server = tokio::spawn(redline_web::serve_on(listener, state));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        tasks.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            for k in 0..REQUESTS_PER_CLIENT {
                let path = PATHS[(client + k) % PATHS.len()];
                statuses.push(request(addr, path).await);
            }
            statuses
        }));
    }
    let all = tokio::time::timeout(Duration::from_secs(120), async {
        let mut out = Vec::new();
        for t in tasks {
            out.extend(t.await.unwrap());
        }
        out
    })
    .await
    .expect("load test finished within 120 s");
    let elapsed = start.elapsed();
    server.abort();
    let errors: Vec<_> = all.iter().filter(|r| !matches!(r, Ok(200))).collect();
    let total = all.len();
    eprintln!(
        "load test: {CLIENTS} concurrent clients, {total} requests, {} errors, {:.2} s, {:.0} requests/s",
        errors.len(),
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    assert_eq!(total, CLIENTS * REQUESTS_PER_CLIENT);
    assert!(errors.is_empty(), "{} errors, first: {:?}", errors.len(), errors.first());
}
