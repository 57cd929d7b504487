//! Hostile and absurd input on the command line: each is refused with exit code 2 and a
//! message naming the flag or file, the value and what was expected, before any work starts.

use std::process::Command;
use std::time::{Duration, Instant};

fn redline(args: &[&str]) -> (i32, String) {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .env_remove("REDLINE_CATALOG")
        .output()
        .expect("run redline");
    // Refusals come before the work: none of these may take long.
    assert!(started.elapsed() < Duration::from_secs(20), "{args:?} took {:?}", started.elapsed());
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn refused(args: &[&str], needles: &[&str]) {
    let (code, err) = redline(args);
    assert_eq!(code, 2, "{args:?}: {err}");
    for n in needles {
        assert!(err.contains(n), "{args:?}: {err:?} lacks {n:?}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

/// Regression: `--spec /dev/zero` (and `--space`, model paths) read until memory ran out.
#[test]
fn devices_and_directories_are_not_read() {
    refused(&["check", "--spec", "/dev/zero", "--to", "CN"], &["/dev/zero", "not a regular file"]);
    refused(&["frontier", "--model", "llama-3.1-8b", "--space", "/dev/zero"], &["/dev/zero", "not a regular file"]);
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("model.json");
    std::fs::create_dir(&fake).unwrap();
    let fake = fake.display().to_string();
    refused(&["perf", "--chip", "h20", "--model", &fake], &["model config", "not a regular file"]);
    let big = dir.path().join("big.toml");
    std::fs::write(&big, vec![b'#'; (1 << 20) + 1]).unwrap();
    refused(&["check", "--spec", &big.display().to_string(), "--to", "CN"], &["over the limit of 1048576 bytes"]);
}

/// Regression: a MoE config with `num_hidden_layers` near 2^32 took ~10 s and exited 0.
#[test]
fn huge_model_configs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut v: serde_json::Value =
        serde_json::from_str(include_str!("../../../data/models/Qwen__Qwen3-30B-A3B.json")).unwrap();
    v["num_hidden_layers"] = 4_294_967_295_u64.into();
    let path = dir.path().join("huge.json");
    std::fs::write(&path, v.to_string()).unwrap();
    refused(
        &["perf", "--chip", "h100-sxm", "--model", &path.display().to_string()],
        &["num_hidden_layers", "4294967295", "1 to 1024"],
    );
}

/// Regression: `frontier --batch 4294967295` and wide `--vary` ranges ran for minutes.
#[test]
fn frontier_work_is_checked_before_the_sweep() {
    refused(&["frontier", "--model", "llama-3.1-8b", "--batch", "4294967295"], &["--batch", "1 to 1048576"]);
    refused(
        &["frontier", "--model", "llama-3.1-8b", "--on", "2025-06-01", "--vary", "tpp=1000..6000:101"],
        &["--vary", "over the bound of 10000000", "take at most"],
    );
    refused(
        &["frontier", "--model", "llama-3.1-8b", "--vary", "tpp=1000..6000", "--vary-line", "nan"],
        &["--vary-line"],
    );
    refused(&["frontier", "--model", "llama-3.1-8b", "--vary", "tpp=1000..1e300"], &["--vary", "1e12"]);
    refused(&["frontier", "--model", "llama-3.1-8b", "--family", "hoper"], &["--family", "did you mean \"hopper\"?"]);
}

/// Regression: `--electricity 1e308` printed `$inf`, `--pue 0.5` was accepted.
#[test]
fn cost_flags_have_physical_bounds() {
    let base = ["perf", "--chip", "h100-sxm", "--model", "llama-3.1-8b"];
    for (flag, value, range) in [
        ("--electricity", "1e308", "0.000001 to 100 USD per kWh"),
        ("--electricity", "-0.0", "USD per kWh"),
        ("--pue", "0.5", "1 to 5"),
        ("--pue", "inf", "1 to 5"),
        ("--price-usd", "nan", "1 to 100000000 USD"),
        ("--utilization", "1.5", "(a fraction)"),
        ("--power-w", "1e-300", "W"),
    ] {
        let mut args = base.to_vec();
        let arg = format!("{flag}={value}");
        args.push(&arg);
        refused(&args, &[flag, range]);
    }
    refused(&["perf", "--chip", "h100-sxm", "--model", "llama-3.1-8b", "--engine", "vlm"], &["did you mean \"vllm\"?"]);
    let (code, _) = redline(&["perf", "--chip", "h100-sxm", "--model", "llama-3.1-8b", "--pue", "1.2"]);
    assert_eq!(code, 0);
}

/// Regression: die areas down to 5e-324 mm² (density infinite, `met: true`) and `-0.0` TPP
/// were accepted; dates after 2200 were called "not a real calendar day".
#[test]
fn absurd_spec_values_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let spec = |name: &str, extra: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, format!("id = \"x\"\nname = \"X\"\nvendor = \"V\"\ndatacenter = true\n{extra}")).unwrap();
        p.display().to_string()
    };
    let denormal = spec("denormal.toml", "[[dies]]\narea_mm2 = 1e-320\n[dense]\nbf16 = 1000.0\n");
    refused(&["check", "--spec", &denormal, "--to", "CN"], &["area_mm2", "from 1 to 100000"]);
    let negzero = spec("negzero.toml", "[dense]\nfp8 = -0.0\n");
    refused(&["check", "--spec", &negzero, "--to", "CN"], &["dense.fp8", "-0.0"]);
    let hoper = spec("hoper.toml", "family = \"hoper\"\n");
    refused(&["check", "--spec", &hoper, "--to", "CN"], &["family", "did you mean \"hopper\"?"]);
    refused(&["check", "h20", "--to", "CN", "--on", "2201-01-01"], &["2201-01-01", "1900-01-01 to 2200-12-31"]);
}
