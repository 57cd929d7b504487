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
    let mut child = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(["serve", "--port", "0"])
        .env_remove("REDLINE_CATALOG")
        .stdout(Stdio::piped())
        .spawn()
        .expect("start redline serve");
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
