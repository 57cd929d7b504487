//! `redline frontier`: the JSON contract, exit codes, and shards merging to the whole sweep.

use std::process::Command;

fn redline(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_redline")).args(args).output().unwrap()
}

fn small_space(dir: &std::path::Path) -> std::path::PathBuf {
    let text = include_str!("../../../data/design-space/default.toml")
        .replace("die_area_mm2 = [300.0, 450.0, 600.0, 750.0, 814.0, 858.0]", "die_area_mm2 = [600.0, 814.0]")
        .replace(
            "bf16_tflops = { min = 25.0, max = 2400.0, steps = 28 }",
            "bf16_tflops = { min = 50.0, max = 1000.0, steps = 5 }",
        )
        .replace("chip_to_chip_gbs = [0.0, 400.0, 900.0, 1800.0]", "chip_to_chip_gbs = [0.0, 900.0]");
    let path = dir.join("space.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn contract_json_for_deepseek_decode() {
    let dir = tempfile::tempdir().unwrap();
    let space = small_space(dir.path());
    let out = redline(&[
        "frontier",
        "--on",
        "2024-06-01",
        "--to",
        "CN",
        "--model",
        "deepseek-v3",
        "--phase",
        "decode",
        "--gpus",
        "16",
        "--batch",
        "32",
        "--input",
        "1024",
        "--output",
        "256",
        "--format",
        "json",
        "--space",
        space.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let best = &v["best"];
    let objective = best["objective"].as_f64().unwrap();
    assert!(objective > 0.0);
    assert!(best["binding"].as_array().unwrap().iter().all(serde_json::Value::is_string));
    let spec = best["spec"].as_str().unwrap();
    let parsed = redline_catalog::parse_spec(spec, "best.toml", redline_catalog::Provenance::Optional).unwrap();
    assert!(redline_catalog::Chip::new(parsed, "t").metrics.tpp.unwrap().value < 4800.0);
    assert!(v["evaluated"].as_u64().unwrap() > 0);
    let chips = v["chips"].as_array().unwrap();
    let h20 = chips.iter().find(|c| c["id"] == "h20").expect("h20 scored");
    assert_eq!(h20["allowed"], true);
    for c in chips {
        let gap = c["gap_percent"].as_f64().unwrap();
        let o = c["objective"].as_f64().unwrap();
        // The gap is a magnitude; the side is named.
        assert!(gap >= 0.0);
        assert!((gap - ((objective - o) / objective * 100.0).abs()).abs() < 1e-6);
        let side = c["position"].as_str().unwrap();
        assert_eq!(side == "above", o > objective * (1.0 + 1e-9) && gap > 1e-9, "{} {side}", c["id"]);
        assert!(c["gpus"].as_u64().unwrap() >= 1);
        if c["allowed"] == true {
            assert!(o <= objective * (1.0 + 1e-12), "{} above the frontier", c["id"]);
        }
    }
}

#[test]
fn bad_input_exits_2() {
    for args in [
        &["frontier", "--on", "2024-06-01", "--model", "deepseek-v3", "--shard", "3/2"][..],
        &["frontier", "--on", "2024-06-01", "--model", "deepseek-v3", "--vary", "tpp=6000..2000"],
        &["frontier", "--on", "2024-06-01", "--model", "deepseek-v3", "--vary", "volts=1..2"],
        &["frontier", "--on", "2024-06-01", "--model", "no-such-model"],
        &["frontier", "--on", "2024-06-01", "--model", "deepseek-v3", "--phase", "sleep"],
        &["frontier", "--on", "2024-06-01", "--model", "deepseek-v3", "--to", "XX"],
    ] {
        let out = redline(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn shards_merge_to_the_unsharded_csv() {
    let dir = tempfile::tempdir().unwrap();
    let space = small_space(dir.path());
    let base = ["frontier", "--on", "2024-06-01", "--to", "CN", "--model", "llama-3.1-8b", "--gpus", "1", "--quiet"];
    let run = |extra: &[&str]| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend(["--space", space.to_str().unwrap()]);
        args.extend(extra);
        let out = redline(&args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    let whole = dir.path().join("whole.csv");
    run(&["--out", whole.to_str().unwrap()]);
    let mut parts = Vec::new();
    for i in 1..=3 {
        let p = dir.path().join(format!("part{i}.csv"));
        run(&["--shard", &format!("{i}/3"), "--out", p.to_str().unwrap()]);
        parts.push(p);
    }
    let merged = dir.path().join("merged.csv");
    let mut args = vec!["frontier", "merge", "--out", merged.to_str().unwrap()];
    args.extend(parts.iter().rev().map(|p| p.to_str().unwrap()));
    let out = redline(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&merged).unwrap(), std::fs::read(&whole).unwrap());
}

/// The CSV says on which side of the best design a chip sits, as the JSON does: `gap_percent`
/// is never negative, so without `position` a chip above the best would read as below it.
#[test]
fn csv_carries_the_position() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(["frontier", "--on", "2024-06-01", "--to", "CN", "--model", "llama-3.1-8b", "--phase", "decode"])
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header = rows.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (pos, allowed) = (at("position"), at("allowed"));
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert!(!records.is_empty());
    for r in &records {
        assert!(["above", "below", "at"].contains(&&r[pos]), "{:?}", r);
    }
    // Under a no-licence constraint, an allowed chip is never above the best allowed design.
    assert!(records.iter().filter(|r| &r[allowed] == "true").all(|r| &r[pos] != "above"));
}
