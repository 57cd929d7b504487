//! `redline factcheck`: the JSON contract relied on outside the repo, exit codes, and the
//! other formats (table, CSV, HTML escaping).

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const ARTICLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../redline-factcheck/tests/articles/en-h20.txt");

fn redline(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .env_remove("REDLINE_CATALOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run redline");
    if let Some(bytes) = stdin {
        child.stdin.take().expect("stdin").write_all(bytes).expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait")
}

fn json(args: &[&str], stdin: Option<&[u8]>) -> Value {
    let out = redline(args, stdin);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn json_contract() {
    let v = json(&["factcheck", ARTICLE, "--format", "json", "--as-of", "2026-12-01"], None);
    let claims = v["claims"].as_array().expect("claims is a list");
    assert_eq!(claims.len(), 20);
    for c in claims {
        for field in ["text", "subject", "quantity", "claimed", "reference", "verdict", "source", "grade", "date"] {
            assert!(c.get(field).is_some(), "claim lacks {field}: {c}");
        }
        assert!(c["text"].is_string() && c["quantity"].is_string());
        assert!(["consistent", "inconsistent", "unverifiable"].contains(&c["verdict"].as_str().unwrap()));
        if let Some(d) = c["date"].as_str() {
            assert!(d.len() == 7 || d.len() == 10, "{d}");
        }
        assert!(c["span"]["start"].as_u64() <= c["span"]["end"].as_u64());
    }
    let by = |q: &str| claims.iter().find(|c| c["quantity"] == q).unwrap_or_else(|| panic!("no {q}"));
    let cap = by("memory_capacity_gb");
    assert_eq!(
        (cap["subject"].as_str(), cap["claimed"].as_f64(), cap["reference"].as_f64()),
        (Some("h20"), Some(96.0), Some(96.0))
    );
    assert_eq!(by("memory_bandwidth_gbs")["claimed"].as_f64(), Some(4000.0), "4.0 TB/s in GB/s");
    // A ratio names both chips; the reference is a fraction: 2,368 / 15,832 = 0.1496.
    let ratio = by("compute_ratio_vs_h100-sxm");
    assert_eq!(ratio["claimed"].as_f64(), Some(0.2));
    assert!((ratio["reference"].as_f64().unwrap() - 0.1496).abs() < 1e-4);
    // "about 20%" covers 14.8–25.2% (half the step of 20, plus 1%).
    assert_eq!(ratio["verdict"], "consistent");
    let (lo, hi) = (ratio["tolerance"]["low"].as_f64().unwrap(), ratio["tolerance"]["high"].as_f64().unwrap());
    assert!((lo - 0.148).abs() < 1e-9 && (hi - 0.252).abs() < 1e-9, "{lo} {hi}");
    assert_eq!(ratio["measure"], "tpp");
    assert_eq!(ratio["measures"].as_array().map(Vec::len), Some(3));
    assert!(ratio["tolerance"]["relative"].as_f64().is_some());
    let share = by("revenue_share_percent");
    assert_eq!(
        (share["claimed"].as_f64(), share["reference"].as_f64(), share["date"].as_str()),
        (Some(15.0), Some(15.0), Some("2025-08"))
    );
    assert_eq!(share["grade"], "press");
    let lic = claims.iter().find(|c| c["quantity"] == "license_required").unwrap();
    assert_eq!((lic["claimed"].as_bool(), lic["reference"].as_bool()), (Some(true), Some(true)));
    assert_eq!((lic["date"].as_str(), lic["verdict"].as_str()), (Some("2025-04"), Some("consistent")));
    // A throughput claim: the model's predicted range, its geometric mean as `reference`.
    let perf = by("throughput_tokens_per_s");
    assert_eq!((perf["verdict"].as_str(), perf["grade"].as_str()), (Some("consistent"), Some("estimate")));
    let (lo, hi) = (perf["reference_low"].as_f64().unwrap(), perf["reference_high"].as_f64().unwrap());
    assert!((perf["reference"].as_f64().unwrap() - (lo * hi).sqrt()).abs() < 1e-6);
    assert_eq!(perf["model_error"].as_f64(), Some(0.183));
    assert!(perf["workload"].as_str().unwrap().contains("deepseek-v3"));
}

#[test]
fn stdin_and_exit_codes() {
    let text = std::fs::read(ARTICLE).unwrap();
    let from_stdin = json(&["factcheck", "-", "--format", "json", "--as-of", "2026-12-01"], Some(&text));
    let from_file = json(&["factcheck", ARTICLE, "--format", "json", "--as-of", "2026-12-01"], None);
    assert_eq!(from_stdin, from_file);
    // No claims is still success.
    let empty = json(&["factcheck", "-", "--format", "json"], Some(b""));
    assert_eq!(empty["claims"].as_array().map(Vec::len), Some(0));
    // Unreadable input: exit 2 naming the file.
    let missing = redline(&["factcheck", "/no/such/article.txt", "--format", "json"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/no/such/article.txt"));
    let binary = redline(&["factcheck", "-"], Some(&[0xff, 0xfe, b'a', b'\n', 0xc3]));
    assert_eq!(binary.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&binary.stderr).contains("not UTF-8"));
    let dir = redline(&["factcheck", env!("CARGO_MANIFEST_DIR")], None);
    assert_eq!(dir.status.code(), Some(2));
    // A device is refused before reading, not read forever.
    let device = redline(&["factcheck", "/dev/zero"], None);
    assert_eq!(device.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&device.stderr).contains("not a regular file"));
    let bad_date = redline(&["factcheck", ARTICLE, "--as-of", "2025-13-01"], None);
    assert_eq!(bad_date.status.code(), Some(2));
}

#[test]
fn table_csv_and_html() {
    let out = redline(&["factcheck", ARTICLE, "--as-of", "2026-12-01"], None);
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.starts_with("20 claims in 15 sentences: 17 consistent, 2 inconsistent, 1 unverifiable"), "{table}");
    let out = redline(&["factcheck", ARTICLE, "--format", "csv", "--as-of", "2026-12-01"], None);
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    assert!(rdr.headers().unwrap().iter().any(|h| h == "verdict"));
    assert!(rdr.headers().unwrap().iter().any(|h| h == "workload"));
    assert_eq!(rdr.records().count(), 20);
    assert!(table.contains("predicted"), "a throughput claim shows the predicted range");
    let hostile = b"The H20 has 96 GB <script>alert('x')</script> & \"quotes\".";
    let out = redline(&["factcheck", "-", "--format", "html"], Some(hostile));
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(!html.contains("<script>"), "text must be escaped");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"));
    assert!(html.contains("<mark class=\"consistent\""));
}

/// The README's worked example is what the binary prints.
#[test]
fn readme_example_is_current() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let section = &readme[readme.find("A worked example (`example.txt`)").expect("example section")..];
    fn block(from: &str) -> (String, &str) {
        let start = from.find("```text\n").unwrap() + "```text\n".len();
        let end = from[start..].find("```").unwrap();
        (from[start..start + end].to_string(), &from[start + end + 3..])
    }
    let (input, rest) = block(section);
    let (shown, _) = block(rest);
    let shown = shown.strip_prefix("$ redline factcheck example.txt --as-of 2026-12-01\n").expect("command line");
    let out = redline(&["factcheck", "-", "--as-of", "2026-12-01"], Some(input.as_bytes()));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), shown, "update the README example");
}
