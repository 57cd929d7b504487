//! The performance commands' contracts: `perf`, `train`, `compare`, `validate`.

use std::process::{Command, Output};

use serde_json::Value;

fn redline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redline")).args(args).env_remove("REDLINE_CATALOG").output().expect("run redline")
}

fn json(args: &[&str]) -> Value {
    let out = redline(args);
    assert!(out.status.success(), "redline {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn perf_json_contract() {
    let v = json(&[
        "perf",
        "--chip",
        "h100-sxm",
        "--model",
        "llama-3.1-8b",
        "--batch",
        "8",
        "--input",
        "512",
        "--output",
        "256",
        "--format",
        "json",
    ]);
    for key in ["latency_s", "ttft_s", "tpot_s", "output_tokens_per_s", "total_tokens_per_s", "fits", "batch"] {
        assert!(v.get(key).is_some(), "{key} missing");
    }
    for key in ["weights", "kv_cache", "total"] {
        assert!(v["memory_gb"].get(key).is_some(), "memory_gb.{key} missing");
    }
    assert_eq!(v["batch"], 8);
    assert_eq!(v["fits"], true);
    // Static batch: 8 sequences × 256 output tokens over the whole latency.
    let out_tps = v["output_tokens_per_s"].as_f64().unwrap();
    let latency = v["latency_s"].as_f64().unwrap();
    assert!((out_tps * latency - 8.0 * 256.0).abs() / (8.0 * 256.0) < 1e-6);
    // Llama-3.1-8B bf16 weights: 8.03e9 params × 2 bytes ≈ 16.06 GB on one chip.
    let w = v["memory_gb"]["weights"].as_f64().unwrap();
    assert!((w - 16.06).abs() < 0.2, "{w}");
}

#[test]
fn perf_accepts_every_contract_flag() {
    let v = json(&[
        "perf",
        "--chip",
        "h20",
        "--model",
        "qwen3-32b",
        "--gpus",
        "2",
        "--tp",
        "2",
        "--pp",
        "1",
        "--batch",
        "max",
        "--input",
        "1024",
        "--output",
        "1024",
        "--precision",
        "fp8",
        "--kv-precision",
        "fp8",
        "--engine",
        "sglang",
        "--format",
        "json",
    ]);
    assert!(v["batch"].as_u64().unwrap() >= 1);
    let moe = json(&[
        "perf",
        "--chip",
        "h200",
        "--model",
        "deepseek-v3",
        "--gpus",
        "8",
        "--ep",
        "8",
        "--batch",
        "64",
        "--precision",
        "fp8",
        "--format",
        "json",
    ]);
    assert_eq!(moe["gpus"], 8);
    for p in ["bf16", "fp16", "fp8", "int8", "int4", "fp4"] {
        let out = redline(&["perf", "--chip", "b200", "--model", "llama-3.1-8b", "--precision", p, "--format", "json"]);
        assert!(out.status.success(), "{p}: {}", String::from_utf8_lossy(&out.stderr));
    }
    for e in ["ideal", "trtllm", "vllm", "sglang"] {
        assert!(
            redline(&["perf", "--chip", "h100", "--model", "llama-3.1-8b", "--engine", e, "--format", "json"])
                .status
                .success()
        );
    }
}

#[test]
fn ideal_is_never_slower_than_an_engine() {
    let get = |e: &str| {
        json(&[
            "perf",
            "--chip",
            "h100-sxm",
            "--model",
            "llama-3.1-70b",
            "--gpus",
            "4",
            "--batch",
            "32",
            "--engine",
            e,
            "--format",
            "json",
        ])["output_tokens_per_s"]
            .as_f64()
            .unwrap()
    };
    let ideal = get("ideal");
    for e in ["trtllm", "vllm", "sglang"] {
        assert!(ideal >= get(e), "{e} beats the roofline");
    }
}

#[test]
fn train_json_contract() {
    let v = json(&[
        "train",
        "--chip",
        "h100-sxm",
        "--model",
        "llama-3.1-8b",
        "--gpus",
        "8",
        "--tokens",
        "1e12",
        "--format",
        "json",
    ]);
    for key in ["step_time_s", "mfu", "memory_gb_per_chip", "fits", "time_to_train_s"] {
        assert!(v.get(key).is_some(), "{key} missing");
    }
    let mfu = v["mfu"].as_f64().unwrap();
    assert!(mfu > 0.0 && mfu < 1.0, "{mfu}");
}

#[test]
fn compare_ratios_to_the_first_chip() {
    let v = json(&["compare", "h20,h100-sxm", "--model", "llama-3.1-8b", "--batch", "16", "--format", "json"]);
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["throughput_ratio"], 1.0);
    assert!(
        v["weak_evidence"][0].as_array().unwrap().iter().any(|x| x == "compute"),
        "the H20's compute is press-sourced"
    );
    let table = String::from_utf8(
        redline(&[
            "compare",
            "h20,h100-sxm,rtx-pro-6000d,b30a",
            "--model",
            "deepseek-v3",
            "--gpus",
            "16",
            "--batch",
            "64",
            "--precision",
            "fp8",
        ])
        .stdout,
    )
    .unwrap();
    assert!(table.contains("press or estimate"), "{table}");
}

#[test]
fn bad_perf_input_exits_2() {
    for args in [
        &["perf", "--chip", "h100", "--model", "no-such-model"][..],
        &["perf", "--chip", "h100", "--model", "llama-3.1-8b", "--precision", "fp7"],
        &["perf", "--chip", "h100", "--model", "llama-3.1-8b", "--engine", "tgi"],
        &["perf", "--chip", "h100", "--model", "llama-3.1-8b", "--batch", "0"],
        &["perf", "--chip", "h100", "--model", "llama-3.1-8b", "--gpus", "0"],
        &["perf", "--chip", "h100", "--model", "llama-3.1-70b", "--tp", "3", "--gpus", "3"],
        &["perf", "--chip", "mi308x", "--model", "llama-3.1-8b"],
        &["train", "--chip", "h100", "--model", "llama-3.1-8b", "--zero", "7"],
        &["validate", "--data", "/nonexistent-dir"],
    ] {
        let out = redline(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stdout));
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn a_config_json_path_works_and_a_bad_one_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/models/meta-llama__Llama-3.1-8B.json"
    ))
    .unwrap();
    let path = dir.path().join("config.json");
    std::fs::write(&path, &good).unwrap();
    let v = json(&["perf", "--chip", "h100", "--model", path.to_str().unwrap(), "--format", "json"]);
    assert!(v["output_tokens_per_s"].as_f64().unwrap() > 0.0);
    let bad = good.replacen("\"hidden_size\"", "\"hidden_sise\"", 1);
    std::fs::write(&path, bad).unwrap();
    let out = redline(&["perf", "--chip", "h100", "--model", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("hidden_sise"));
}

/// A chip whose software stack has no fitted profile (Moore Threads MUSA, Huawei CANN) gets a
/// note saying the pooled factors of other vendors' chips were used; a CUDA chip does not.
#[test]
fn unprofiled_software_stacks_say_so() {
    let notes = |chip: &str| -> Vec<String> {
        let v = json(&["perf", "--chip", chip, "--model", "llama-3.1-8b", "--format", "json"]);
        v["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()).collect()
    };
    for chip in ["mtt-s4000", "ascend-950pr", "biren-br100"] {
        let n = notes(chip);
        assert!(n.iter().any(|x| x.contains("no performance profile for this chip's software stack")), "{chip}: {n:?}");
    }
    assert!(notes("h100-sxm").iter().all(|x| !x.contains("software stack")));
    let out = redline(&["perf", "--chip", "mtt-s4000", "--model", "llama-3.1-8b"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("note: no performance profile"));
}
