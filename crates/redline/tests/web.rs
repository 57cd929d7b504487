//! `redline serve --port N` end to end over a loopback socket: the contract routes, the same
//! JSON as the CLI's `--format json` (classify, check, perf), and 400 JSON errors.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    start_with(&[], None)
}

fn start_with(extra: &[&str], cwd: Option<&std::path::Path>) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_redline"));
    cmd.args(["serve", "--port", "0"]).args(extra).env_remove("REDLINE_CATALOG").stdout(Stdio::piped());
    if let Some(d) = cwd {
        cmd.current_dir(d);
    }
    let mut child = cmd.spawn().expect("start redline serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "binds loopback by default: {addr}");
    Server { child, addr }
}

fn get(s: &Server, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let ctype = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-type:").map(|v| v.trim().to_string()))
        .unwrap_or_default();
    (status, ctype, body.to_string())
}

fn cli_json(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_redline")).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn api(s: &Server, path: &str) -> Value {
    let (status, ctype, body) = get(s, path);
    assert_eq!(status, 200, "{path}: {body}");
    assert!(ctype.starts_with("application/json"), "{path}: {ctype}");
    serde_json::from_str(&body).unwrap()
}

#[test]
fn serve_contract() {
    let s = start();
    let (status, ctype, body) = get(&s, "/");
    assert_eq!(status, 200);
    assert!(ctype.starts_with("text/html") && body.contains("<html"));
    let chips = api(&s, "/api/chips");
    assert!(chips.as_array().unwrap().iter().all(|c| c["id"].is_string()));

    let cli = cli_json(&["classify", "h20", "--on", "2025-09-01", "--format", "json"]);
    let one = cli.as_array().map_or(cli.clone(), |a| a[0].clone());
    assert_eq!(api(&s, "/api/classify?chip=h20&on=2025-09-01"), one);
    let cli = cli_json(&["check", "h20", "--to", "CN", "--on", "2025-09-01", "--format", "json"]);
    let one = cli.as_array().map_or(cli.clone(), |a| a[0].clone());
    assert_eq!(api(&s, "/api/check?chip=h20&to=CN&on=2025-09-01"), one);

    let cli = cli_json(&[
        "perf",
        "--chip",
        "h100-sxm",
        "--model",
        "llama-3.1-8b",
        "--batch",
        "16",
        "--input",
        "512",
        "--format",
        "json",
    ]);
    assert_eq!(api(&s, "/api/perf?chip=h100-sxm&model=llama-3.1-8b&batch=16&input=512"), cli);
    // Every mode, a format fallback, an open layout, cost flags and a model that does not fit:
    // the query's parameters are the flags, and the answer is the CLI's JSON.
    for (query, flags) in [
        ("chip=h20&mlperf=llama2-70b&gpus=8", "--chip h20 --mlperf llama2-70b --gpus 8"),
        (
            "chip=h100-sxm&model=llama-3.1-70b&scenario=interactive&max_ttft=1&gpus=4",
            "--chip h100-sxm --model llama-3.1-70b --scenario interactive --max-ttft 1 --gpus 4",
        ),
        (
            "chip=h100-sxm&model=llama-3.1-8b&batch=best&max_tpot=0.02&pue=1.2&electricity=0.2",
            "--chip h100-sxm --model llama-3.1-8b --batch best --max-tpot 0.02 --pue 1.2 --electricity 0.2",
        ),
        ("chip=h100-sxm&model=llama-3.1-8b&precision=fp4", "--chip h100-sxm --model llama-3.1-8b --precision fp4"),
        ("chip=h20&model=deepseek-v3&gpus=8&precision=fp8", "--chip h20 --model deepseek-v3 --gpus 8 --precision fp8"),
        (
            "chip=h100-sxm&model=deepseek-v3&gpus=4&kv-precision=fp8",
            "--chip h100-sxm --model deepseek-v3 --gpus 4 --kv-precision fp8",
        ),
    ] {
        let mut args = vec!["perf"];
        args.extend(flags.split(' '));
        args.extend(["--format", "json"]);
        assert_eq!(api(&s, &format!("/api/perf?{query}")), cli_json(&args), "{query}");
    }

    // The frontier: the CLI's JSON, plus the chart.
    let cli = cli_json(&[
        "frontier",
        "--on",
        "2024-06-01",
        "--to",
        "CN",
        "--model",
        "deepseek-v3",
        "--phase",
        "prefill",
        "--dies",
        "1",
        "--format",
        "json",
    ]);
    let mut web = api(&s, "/api/frontier?on=2024-06-01&to=CN&model=deepseek-v3&phase=prefill&dies=1");
    let chart = web.as_object_mut().unwrap().remove("chart").unwrap();
    assert_eq!(chart["usermeta"]["kind"], "frontier");
    assert_eq!(web, cli);
}

#[test]
fn serve_bad_parameters_are_400_json() {
    let s = start();
    for path in [
        "/api/classify?chip=nonesuch&on=2025-09-01",
        "/api/classify?chip=h20&on=2025-99-01",
        "/api/check?chip=h20&to=XX",
        "/api/check?chip=h20",
        "/api/perf?chip=h20&model=nonesuch",
        "/api/perf?chip=h20&model=llama-3.1-8b&batch=zero",
        "/api/perf?chip=h20&model=llama-3.1-8b&nonesuch=1",
        "/api/perf?chip=h20&model=/etc/passwd",
        "/api/perf?model=llama-3.1-8b",
        "/api/frontier?model=deepseek-v3&phase=sample",
        "/api/frontier?model=deepseek-v3&dies=7",
    ] {
        let (status, ctype, body) = get(&s, path);
        assert_eq!(status, 400, "{path}: {body}");
        assert!(ctype.starts_with("application/json"), "{path}");
        let v: Value = serde_json::from_str(&body).unwrap();
        assert!(v["error"].is_string(), "{path}: {body}");
    }
}

#[test]
fn serve_refuses_remote_bind_without_flag() {
    let out = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(["serve", "--bind", "0.0.0.0", "--port", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-remote"));
}

/// Regression: `/api/perf?model=NAME` opened `./NAME` in the server's working directory and
/// echoed parts of it; different errors told whether a file existed. Now: zoo ids, or
/// `NAME.json` in an explicit `--models-dir`, and one answer for every unknown name.
#[test]
fn serve_reads_models_only_from_the_zoo_or_models_dir() {
    let cwd = tempfile::tempdir().unwrap();
    std::fs::write(cwd.path().join("secret"), "{\"hidden_size\": \"top secret\"}").unwrap();
    std::fs::write(cwd.path().join("secret.json"), "{\"hidden_size\": \"top secret\"}").unwrap();
    let llama = include_str!("../../../data/models/meta-llama__Llama-3.1-8B.json");
    std::fs::write(cwd.path().join("mine.json"), llama).unwrap();
    let s = start_with(&[], Some(cwd.path()));
    let answer = |s: &Server, m: &str| {
        let (status, _, body) = get(s, &format!("/api/perf?chip=h20&model={m}"));
        let v: Value = serde_json::from_str(&body).unwrap();
        (status, v["error"].as_str().unwrap_or_default().replace(&m.replace("%2F", "/"), "NAME"))
    };
    let (status, missing) = answer(&s, "nonesuch");
    assert_eq!(status, 400);
    for name in ["secret", "secret.json", "mine", "mine.json", "./secret", "..%2Fsecret"] {
        let (status, msg) = answer(&s, name);
        assert_eq!(status, 400, "{name}");
        assert!(!msg.contains("top secret") && !msg.contains("hidden_size"), "{name}: {msg}");
        assert_eq!(msg, missing.replace("nonesuch", "NAME"), "{name}: same answer as a missing file");
    }
    assert_eq!(get(&s, "/api/perf?chip=h20&model=llama-3.1-8b").0, 200);
    drop(s);
    let dir = cwd.path().display().to_string();
    let s = start_with(&["--models-dir", &dir], None);
    assert_eq!(get(&s, "/api/perf?chip=h20&model=mine").0, 200);
    for name in ["mine.json", "../mine", "nonesuch", ".hidden"] {
        assert_eq!(get(&s, &format!("/api/perf?chip=h20&model={name}")).0, 400, "{name}");
    }
}

fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Load: 200 concurrent clients over loopback mixing check, perf, what-if and frontier (the
/// frontier page's query, cached after the first search), a fixed number of requests each;
/// no 5xx and the server's peak memory stays bounded. Finishes by itself.
#[test]
#[allow(clippy::print_stderr)]
fn serve_two_hundred_mixed_clients_no_5xx_bounded_memory() {
    const CLIENTS: usize = 200;
    const EACH: usize = 4;
    const PATHS: &[&str] = &[
        "/api/check?chip=h20&to=CN&on=2025-09-01",
        "/api/perf?chip=h100-sxm&model=llama-3.1-8b&batch=8",
        "/api/whatif?base=h20&fp8=320&on=2025-09-01&to=CN",
        "/api/frontier?on=2025-06-01&to=CN&model=llama-3.1-8b&dies=1",
        "/api/whatif?base=h20&die_area_mm2=1e-320&on=2025-09-01&to=CN",
    ];
    let s = start();
    let addr = s.addr.clone();
    let started = std::time::Instant::now();
    let handles: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                (0..EACH)
                    .map(|k| {
                        let path = PATHS[(c + k) % PATHS.len()];
                        let mut stream = TcpStream::connect(&addr).unwrap();
                        stream.set_read_timeout(Some(std::time::Duration::from_secs(90))).unwrap();
                        write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
                        let mut raw = String::new();
                        let _ = stream.read_to_string(&mut raw);
                        let status: u16 = raw.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
                        (path, status)
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let results: Vec<(&str, u16)> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    let elapsed = started.elapsed();
    let peak = peak_rss_kib(s.child.id());
    let bad: Vec<_> = results.iter().filter(|(_, st)| *st >= 500 || *st == 0).collect();
    eprintln!(
        "serve load: {CLIENTS} clients, {} requests, {} 5xx/failed, {:.1} s, server peak RSS {} MiB",
        results.len(),
        bad.len(),
        elapsed.as_secs_f64(),
        peak.map_or("?".to_string(), |k| (k / 1024).to_string())
    );
    assert_eq!(results.len(), CLIENTS * EACH);
    assert!(bad.is_empty(), "{} failed, first {:?}", bad.len(), bad.first());
    for (path, status) in &results {
        let want = if path.contains("1e-320") { 400 } else { 200 };
        assert_eq!(*status, want, "{path}");
    }
    if let Some(k) = peak {
        assert!(k < 1024 * 1024, "server peak RSS {} MiB is over 1 GiB", k / 1024);
    }
    assert_eq!(get(&s, "/api/editions").0, 200, "still answering");
}
