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
        &["perf", "--chip", "h100", "--mlperf", "resnet50"],
        &["perf", "--chip", "h100", "--model", "llama-3.1-8b", "--scenario", "server", "--batch", "8"],
        &["perf", "--chip", "h100", "--model", "llama-3.1-8b", "--scenario", "busy"],
        &["perf", "--chip", "h100", "--model", "llama-3.1-8b", "--scenario", "server", "--max-tpot", "-1"],
        &["perf", "--chip", "h100", "--model", "llama-3.1-8b", "--sweep", "batch"],
        &["perf", "--chip", "h100", "--mlperf", "llama2-70b", "--model", "llama-3.1-8b"],
        &["perf", "--chip", "b200", "--mlperf", "gpt-oss-120b", "--gpus", "8"],
        &["perf", "--chip", "h100"],
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

#[test]
fn nothing_fits_gives_no_throughput_and_suggests_a_layout() {
    // DeepSeek-V3 fp8 needs 84 GB of weights per chip on 8 chips; an 80 GB H100 offers 77 GB.
    let v = json(&[
        "perf",
        "--chip",
        "h100-sxm",
        "--model",
        "deepseek-v3",
        "--gpus",
        "8",
        "--precision",
        "fp8",
        "--format",
        "json",
    ]);
    assert_eq!(v["fits"], false);
    assert_eq!(v["max_batch"], 0);
    for key in ["latency_s", "ttft_s", "tpot_s", "output_tokens_per_s", "total_tokens_per_s"] {
        assert!(v[key].is_null(), "{key} = {}", v[key]);
    }
    assert!(v["cost"]["usd_per_million_output_tokens"].is_null());
    let notes: Vec<&str> = v["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert!(notes.iter().any(|n| n.contains("would fit on 16 chips")), "{notes:?}");
    for key in ["tp", "pp", "ep", "dp"] {
        assert!(v["parallelism"][key].as_u64().is_some(), "parallelism.{key}");
    }
    // The same model fits on 8 H20 (96 GB) with room for a batch.
    let h20 = json(&[
        "perf",
        "--chip",
        "h20",
        "--model",
        "deepseek-v3",
        "--gpus",
        "8",
        "--precision",
        "fp8",
        "--batch",
        "max",
        "--format",
        "json",
    ]);
    assert_eq!(h20["fits"], true);
    assert!(h20["max_batch"].as_u64().unwrap() >= 8);
    // compare says so too: no tokens/s for the chip that cannot hold the weights.
    let cmp = json(&[
        "compare",
        "h20,h100-sxm",
        "--model",
        "deepseek-v3",
        "--gpus",
        "8",
        "--precision",
        "fp8",
        "--format",
        "json",
    ]);
    assert!(cmp["rows"][1]["prediction"]["output_tokens_per_s"].is_null());
    assert!(cmp["rows"][1]["cost"]["usd_per_million_output_tokens"].is_null());
}

#[test]
fn a_format_the_chip_lacks_is_noted_naming_both() {
    // Hopper lists no fp4 matrix peak: fp4 runs as fp8.
    let v = json(&["perf", "--chip", "h100-sxm", "--model", "llama-3.1-8b", "--precision", "fp4", "--format", "json"]);
    assert_eq!(v["precision"], "fp4");
    assert_eq!(v["compute_precision"], "fp8");
    let notes = v["notes"].as_array().unwrap();
    assert!(notes.iter().any(|n| n.as_str().is_some_and(|s| s.contains("fp4") && s.contains("fp8"))), "{notes:?}");
    let table = redline(&["perf", "--chip", "h100-sxm", "--model", "llama-3.1-8b", "--precision", "fp4"]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("(fp8, requested fp4)"));
}

#[test]
fn serving_scenarios_report_concurrency_and_system_throughput() {
    let base = ["perf", "--chip", "h100-sxm", "--model", "llama-3.1-8b", "--input", "512", "--output", "256"];
    let run = |extra: &[&str]| {
        let mut a: Vec<&str> = base.to_vec();
        a.extend_from_slice(extra);
        a.extend_from_slice(&["--format", "json"]);
        json(&a)
    };
    let offline = run(&["--scenario", "offline"]);
    let server = run(&["--scenario", "server", "--max-ttft", "0.5", "--max-tpot", "0.03"]);
    let interactive = run(&["--scenario", "interactive", "--max-ttft", "0.2", "--max-tpot", "0.01"]);
    let tps = |v: &Value| v["output_tokens_per_s"].as_f64().unwrap();
    for v in [&offline, &server, &interactive] {
        assert!(v["concurrency"].as_u64().unwrap() >= 1);
        assert!(tps(v) > 0.0);
        assert!(v["parallelism"]["tp"].as_u64().is_some());
    }
    // Looser limits never serve less.
    assert!(tps(&offline) >= tps(&server) && tps(&server) >= tps(&interactive));
    assert!(server["tpot_s"].as_f64().unwrap() <= 0.03);
    assert!(server["ttft_s"].as_f64().unwrap() <= 0.5);
    // Throughput is concurrency / TPOT on one chip.
    let c = server["concurrency"].as_f64().unwrap();
    assert!((tps(&server) - c / server["tpot_s"].as_f64().unwrap()).abs() / tps(&server) < 1e-9);
    // An MLPerf benchmark fills in the model, lengths and limits.
    let ml = json(&["perf", "--chip", "h200", "--gpus", "8", "--mlperf", "llama2-70b", "--format", "json"]);
    assert_eq!(ml["model"], "llama-2-70b");
    assert_eq!(ml["serving"]["limits"]["ttft_s"], 2.0);
    assert!(ml["concurrency"].as_u64().unwrap() > 1);
    assert!(ml["tpot_s"].as_f64().unwrap() <= 0.2);
    for bench in ["llama3.1-405b", "llama3.1-8b", "mixtral-8x7b", "deepseek-r1"] {
        let out = redline(&["perf", "--chip", "h200", "--gpus", "8", "--mlperf", bench, "--format", "json"]);
        assert!(out.status.success(), "{bench}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let offline_oss =
        redline(&["perf", "--chip", "b200", "--gpus", "8", "--mlperf", "gpt-oss-120b", "--scenario", "offline"]);
    assert!(offline_oss.status.success(), "{}", String::from_utf8_lossy(&offline_oss.stderr));
}

#[test]
fn sweep_concurrency_prints_the_curve_as_csv() {
    let out = redline(&[
        "perf",
        "--chip",
        "h100-sxm",
        "--model",
        "llama-3.1-8b",
        "--sweep",
        "concurrency",
        "--format",
        "csv",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    for col in ["concurrency", "output_tokens_per_s", "output_tokens_per_s_per_chip", "ttft_s", "tpot_s"] {
        assert!(header.contains(&col), "{col} missing from {header:?}");
    }
    let rows: Vec<Vec<f64>> =
        lines.map(|l| l.split(',').take(6).map(|x| x.parse::<f64>().unwrap()).collect()).collect();
    assert!(rows.len() >= 6, "{} rows", rows.len());
    // Concurrency rises, and so do throughput and TPOT.
    for w in rows.windows(2) {
        assert!(w[1][0] > w[0][0] && w[1][1] >= w[0][1] && w[1][5] >= w[0][5], "{w:?}");
    }
}

#[test]
fn models_lists_the_zoo_and_unknown_models_get_a_suggestion() {
    let v = json(&["models", "--format", "json"]);
    let ds = v.as_array().unwrap().iter().find(|m| m["id"] == "deepseek-v3").unwrap();
    assert!((ds["params"].as_f64().unwrap() - 671.0e9).abs() < 1e9);
    assert!((ds["active_params"].as_f64().unwrap() - 37.5e9).abs() < 1e9);
    assert!(ds["attention"].as_str().unwrap().starts_with("MLA"));
    assert_eq!(ds["context"], 163_840);
    let out = redline(&["perf", "--chip", "h100", "--model", "llama3.1-70b"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `llama-3.1-70b`"), "{err}");
    assert!(!err.contains("zoo_ids()"), "{err}");
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
