//! End-to-end tests of the `redline` binary: contract fields, snapshots of what people and
//! scripts see, and input errors (exit code 2 with file, line, field and unit).

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const STORY: &[&str] = &["h20", "l20", "l2", "h100-sxm", "h100-pcie", "a100-sxm-80gb", "b300", "b30a", "rtx-pro-6000d"];

fn redline_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .current_dir(dir)
        .env_remove("REDLINE_CATALOG")
        .output()
        .expect("run redline")
}

fn redline(args: &[&str]) -> Output {
    redline_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn stdout(args: &[&str]) -> String {
    let out = redline(args);
    assert!(out.status.success(), "redline {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout(args)).expect("valid JSON")
}

fn stderr_of_failure(dir: &Path, args: &[&str]) -> String {
    let out = redline_in(dir, args);
    assert_eq!(
        out.status.code(),
        Some(2),
        "expected exit 2 for {args:?}; stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).expect("utf-8")
}

#[test]
fn chips_json_contract() {
    let v = json(&["chips", "--format", "json", "--on", "2026-11-29"]);
    let chips = v.as_array().expect("array");
    assert!(chips.len() >= 45, "catalogue has {} chips", chips.len());
    for c in chips {
        for key in [
            "id",
            "name",
            "label",
            "vendor",
            "tpp",
            "performance_density",
            "memory_capacity_gb",
            "memory_bandwidth_gbs",
            "die_area_mm2",
        ] {
            assert!(c.get(key).is_some(), "{key} missing in {c}");
        }
    }
    let ids: Vec<&str> = chips.iter().filter_map(|c| c["id"].as_str()).collect();
    for id in STORY {
        assert!(ids.contains(id), "{id} missing");
    }
    insta::assert_snapshot!("chips_json", serde_json::to_string_pretty(&v).unwrap());
}

#[test]
fn classify_json_contract() {
    let v = json(&["classify", "h20", "h100", "--on", "2024-06-01", "--format", "json"]);
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    assert_eq!(arr[0]["chip"], "h20");
    assert_eq!(arr[0]["edition"], "2023-11-17");
    assert_eq!(arr[0]["tpp"], 2368.0);
    assert_eq!(arr[0]["controlled"], false);
    assert!(arr[0]["eccn"].is_null());
    assert_eq!(arr[1]["chip"], "h100-sxm");
    assert_eq!(arr[1]["eccn"], "3A090.a");
    assert!(arr[1]["paragraphs"].as_array().unwrap().contains(&Value::from("3A090.a.1")));
    for c in arr[0]["criteria"].as_array().unwrap() {
        for key in ["id", "metric", "value", "threshold", "met"] {
            assert!(c.get(key).is_some(), "{key} missing");
        }
    }
}

#[test]
fn check_and_timeline_json_contract() {
    let v = json(&["check", "h20", "--to", "CN", "--on", "2025-09-01", "--format", "json"]);
    for key in [
        "chip",
        "destination",
        "date",
        "license_required",
        "review_policy",
        "conditions",
        "reasons",
        "license_exceptions",
    ] {
        assert!(v.get(key).is_some(), "{key} missing");
    }
    assert_eq!(v["license_required"], true);
    assert_eq!(v["destination"], "CN");
    assert_eq!(v["date"], "2025-09-01");
    let share =
        v["conditions"].as_array().unwrap().iter().find(|c| c["kind"] == "revenue-share").expect("revenue share");
    assert_eq!(share["percent"], 15.0);
    let t = json(&["timeline", "h20", "--to", "CN", "--until", "2026-11-29", "--format", "json"]);
    let entries = t.as_array().unwrap();
    assert!(entries.iter().all(|e| e.get("date").is_some() && e.get("license_required").is_some()));
    let dates: Vec<&str> = entries.iter().filter_map(|e| e["date"].as_str()).collect();
    // Licence changes, China's advisories on the H20 (CAC 07-31, guidance 08-12, SAMR 09-15,
    // customs 10-10, state data centres 11-05) and the Affiliates Rule (09-29, 11-10, 2026-11-10).
    assert_eq!(
        dates,
        [
            "2022-10-07",
            "2023-11-17",
            "2025-04-09",
            "2025-07-31",
            "2025-08-11",
            "2025-08-12",
            "2025-09-15",
            "2025-09-29",
            "2025-10-10",
            "2025-11-05",
            "2025-11-10",
            "2026-11-10"
        ]
    );
    let licence: Vec<&str> = entries
        .iter()
        .filter(|e| e["changed"].as_array().unwrap().iter().any(|c| c == "license_required" || c == "review_policy"))
        .filter_map(|e| e["date"].as_str())
        .collect();
    assert_eq!(licence, ["2025-04-09", "2025-08-11"], "advisories never change the licence answer");
}

#[test]
fn story_chip_snapshots() {
    let mut table = String::new();
    let mut js = String::new();
    for id in STORY {
        table.push_str(&stdout(&["classify", id, "--on", "2024-06-01"]));
        table.push_str(&stdout(&["check", id, "--to", "CN", "--on", "2026-03-01"]));
        js.push_str(&stdout(&["classify", id, "--on", "2024-06-01", "--format", "json"]));
        js.push_str(&stdout(&["check", id, "--to", "CN", "--on", "2026-03-01", "--format", "json"]));
    }
    insta::assert_snapshot!("story_tables", table);
    insta::assert_snapshot!("story_json", js);
    insta::assert_snapshot!("h20_timeline", stdout(&["timeline", "h20", "--to", "CN", "--until", "2026-11-29"]));
}

#[test]
fn csv_outputs_parse() {
    for args in [
        &["chips", "--format", "csv", "--on", "2026-11-29"][..],
        &["classify", "h20", "--format", "csv", "--on", "2024-06-01"],
        &["check", "h20", "--to", "CN", "--format", "csv", "--on", "2025-09-01"],
        &["timeline", "h20", "--to", "CN", "--format", "csv", "--until", "2026-11-29"],
        &["headroom", "h20", "--format", "csv", "--on", "2024-06-01"],
    ] {
        let text = stdout(args);
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<_> = r.records().collect::<Result<_, _>>().expect("csv records");
        let n = rows.len();
        assert!(n >= 1, "{args:?} gave no rows");
    }
}

#[test]
fn lookup_is_forgiving() {
    assert_eq!(json(&["classify", "H100", "--on", "2024-06-01", "--format", "json"])[0]["chip"], "h100-sxm");
    assert_eq!(json(&["classify", "RTX6000D", "--on", "2024-06-01", "--format", "json"])[0]["chip"], "rtx-pro-6000d");
    let err = stderr_of_failure(Path::new(env!("CARGO_MANIFEST_DIR")), &["show", "h2o"]);
    assert!(err.contains("did you mean") && err.contains("h20"), "{err}");
}

#[test]
fn headroom_for_h20_names_the_b1_line() {
    let v = json(&["headroom", "h20", "--on", "2024-06-01", "--format", "json"]);
    let compute = v.as_array().unwrap().iter().find(|r| r["direction"] == "compute").unwrap();
    // 2,400 / 2,368 − 1 = 1.35%: the b.1 floor is the first line more compute reaches.
    assert_eq!(compute["line"], "3A090.b.1/tpp-min");
    let g = compute["growth_percent"].as_f64().unwrap();
    assert!((g - 1.351).abs() < 0.01, "{g}");
    // Shrinking the die: density 3.2 / 2.909 − 1 = 10.0% before b.2.
    let area = v.as_array().unwrap().iter().find(|r| r["direction"] == "die_area").unwrap();
    assert_eq!(area["line"], "3A090.b.2/pd-min");
}

#[test]
fn rules_explains_each_edition() {
    let list = stdout(&["rules"]);
    for id in [
        "2022-10-07",
        "2023-11-17",
        "2024-04-04",
        "2024-12-02",
        "2025-01-13",
        "2025-04-09",
        "2025-08-11",
        "2026-01-15",
        "2026-07-10",
    ] {
        assert!(list.contains(id), "{id} not listed");
        let doc = stdout(&["rules", id]);
        assert!(doc.contains("## Citation") || doc.contains("Citation"), "{id} has no citation");
    }
    assert!(stdout(&["rules", "2025-04-09"]).contains("PRESS-REPORTED"));
    insta::assert_snapshot!("rules_2023_11_17", stdout(&["rules", "2023-11-17"]));
}

const CONTRACT_SPEC: &str = r#"id = "x1"                # [a-z0-9-]+
name = "Example X1"
vendor = "Example"
datacenter = true        # designed or marketed for use in datacenters
[[dies]]                 # one per logic die
area_mm2 = 814.0
planar = false           # optional, default false
[dense]                  # peak dense throughput, TFLOPS or TOPS, any subset of:
fp64 = 1.0               # fp64 fp32 tf32 fp16 bf16 fp8 int8 fp6 fp4 int4
fp16 = 148.0
fp8 = 296.0
[memory]
type = "HBM3"
capacity_gb = 96.0
bandwidth_gbs = 4000.0
[interconnect]
chip_to_chip_gbs = 900.0 # aggregate bidirectional, e.g. NVLink; 0 if none
host_gbs = 128.0         # aggregate bidirectional host link (PCIe)
"#;

#[test]
fn a_users_plain_spec_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x1.toml"), CONTRACT_SPEC).unwrap();
    let out = redline_in(dir.path(), &["classify", "--spec", "x1.toml", "--on", "2024-06-01", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["chip"], "x1");
    assert_eq!(v[0]["tpp"], 2368.0);
    assert_eq!(v[0]["controlled"], false);
    // A spec with another vendor's name is not caught by the NVIDIA/AMD letters.
    let out =
        redline_in(dir.path(), &["check", "--spec", "x1.toml", "--to", "CN", "--on", "2025-06-01", "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["license_required"], false);
    assert!(v["evidence_grade"].is_null());
}

fn bad_spec(name: &str, from: &str, to: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let text = CONTRACT_SPEC.replacen(from, to, 1);
    assert_ne!(text, CONTRACT_SPEC, "replacement {from:?} did not apply");
    std::fs::write(dir.path().join(name), text).unwrap();
    let err = stderr_of_failure(dir.path(), &["classify", "--spec", name]);
    err.trim().to_string()
}

#[test]
fn malformed_specs_are_refused_with_file_line_field_and_unit() {
    insta::assert_snapshot!("err_01", bad_spec("neg.toml", "bandwidth_gbs = 4000.0", "bandwidth_gbs = -5.0"));
    insta::assert_snapshot!("err_02", bad_spec("nan.toml", "fp8 = 296.0", "fp8 = nan"));
    insta::assert_snapshot!("err_03", bad_spec("unit.toml", "bandwidth_gbs = 4000.0", "bandwidth_gbs = 4000000000.0"));
    insta::assert_snapshot!("err_04", bad_spec("typo.toml", "fp8 = 296.0", "fp9 = 296.0"));
    insta::assert_snapshot!("err_05", bad_spec("type.toml", "capacity_gb = 96.0", "capacity_gb = \"96 GB\""));
    insta::assert_snapshot!("err_06", bad_spec("id.toml", "id = \"x1\"", "id = \"X 1\""));
    insta::assert_snapshot!("err_07", bad_spec("area.toml", "area_mm2 = 814.0", "area_mm2 = 0.0"));
    insta::assert_snapshot!("err_08", bad_spec("missing.toml", "vendor = \"Example\"\n", ""));
    insta::assert_snapshot!("err_09", bad_spec("syntax.toml", "fp16 = 148.0", "fp16 = = 148.0"));
}

#[test]
fn bad_arguments_exit_2() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::assert_snapshot!("err_10", stderr_of_failure(here, &["check", "h20", "--to", "XX"]).trim());
    insta::assert_snapshot!("err_11", stderr_of_failure(here, &["classify", "h20", "--on", "2021-05-01"]).trim());
    insta::assert_snapshot!("err_12", stderr_of_failure(here, &["classify", "h20", "--on", "2024-13-01"]).trim());
    insta::assert_snapshot!("err_13", stderr_of_failure(here, &["rules", "1999-01-01"]).trim());
    stderr_of_failure(here, &["classify", "h20", "--format", "xml"]);
    stderr_of_failure(here, &["show", "--spec", "does-not-exist.toml"]);
}

#[test]
fn check_verdict_contract() {
    // Every check carries verdict, depends_on, branches and classification_decided.
    for (args, verdict) in [
        (&["check", "h100-sxm", "--to", "CN", "--on", "2024-06-01"][..], "required"),
        (&["check", "h20", "--to", "DE", "--on", "2024-06-01"], "not-required"),
        (&["check", "h20", "--to", "my", "--on", "2025-09-01"], "depends"),
        (&["check", "rtx-pro-6000d", "--to", "China", "--on", "2026-03-01"], "uncertain"),
    ] {
        let mut a = args.to_vec();
        a.extend(["--format", "json"]);
        let v = json(&a);
        assert_eq!(v["verdict"], verdict, "{args:?}");
        let depends = v["depends_on"].as_array().unwrap();
        assert_eq!(!depends.is_empty(), verdict == "depends");
        let branches = v["branches"].as_array().unwrap();
        for b in branches {
            assert!(b["assumption"].is_string() && b["license_required"].is_boolean() && b.get("grade").is_some());
        }
        let mixed = branches.iter().any(|b| b["license_required"] == true)
            && branches.iter().any(|b| b["license_required"] == false);
        assert_eq!(mixed, verdict == "uncertain", "{args:?}");
        assert!(v["classification_decided"].is_boolean());
    }
    let v = json(&["check", "h20", "--to", "Malaysia", "--on", "2025-09-01", "--format", "json"]);
    assert_eq!(v["depends_on"], serde_json::json!(["end-user-headquarters"]));
    let v = json(&["check", "h20", "--to", "MY", "--on", "2025-09-01", "--end-user-hq", "china", "--format", "json"]);
    assert_eq!(v["verdict"], "required");
    let v = json(&["check", "h100-sxm", "--to", "uae", "--on", "2026-08-01", "--format", "json"]);
    assert!(v["depends_on"].as_array().unwrap().contains(&Value::from("approved-end-user")));
    let v = json(&[
        "check",
        "h100-sxm",
        "--to",
        "AE",
        "--on",
        "2026-08-01",
        "--end-user-approved",
        "false",
        "--format",
        "json",
    ]);
    assert_eq!(v["verdict"], "required");
    let v = json(&["check", "ascend-910b", "--to", "MY", "--on", "2025-06-01", "--format", "json"]);
    assert!(v["depends_on"].as_array().unwrap().contains(&Value::from("gp10")));
    // Table says what it assumes.
    let t = stdout(&["check", "h20", "--to", "Viet Nam", "--on", "2025-09-01"]);
    assert!(t.contains("h20 → VN"), "{t}");
    assert!(
        t.contains("no licence required unless the end user is headquartered in China or D:5 (letter of 2025-04-09)")
    );
    assert!(t.contains("depends on end-user-headquarters"));
}

#[test]
fn several_chips_and_country_names() {
    let v = json(&["check", "h20", "b200", "l2", "--to", "South Korea", "--on", "2025-09-01", "--format", "json"]);
    let arr = v.as_array().unwrap();
    let ids: Vec<&str> = arr.iter().map(|c| c["chip"].as_str().unwrap()).collect();
    assert_eq!(ids, ["h20", "b200", "l2"]);
    assert!(arr.iter().all(|c| c["destination"] == "KR"));
    for name in ["VIETNAM", "viet nam", "VN", "vn"] {
        assert_eq!(
            json(&["check", "h20", "--to", name, "--format", "json", "--on", "2025-09-01"])["destination"],
            "VN"
        );
    }
    let err = stderr_of_failure(Path::new(env!("CARGO_MANIFEST_DIR")), &["check", "h20", "--to", "Malaysa"]);
    assert!(err.contains("did you mean MY (Malaysia)?"), "{err}");
}

#[test]
fn shipments_file_screened_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ship.csv");
    std::fs::write(
        &file,
        "chip,to,on,quantity,end_user,end_user_hq,end_user_approved,po\n\
         h20,Malaysia,2025-09-01,100,Acme MY,,,PO-1\n\
         h20,MY,2025-09-01,100,Acme sub,CN,,PO-2\n\
         H100 SXM,UAE,2026-08-01,8,G42,AE,yes,PO-3\n\
         rtx-pro-6000d,cn,2026-03-01,,,,,PO-4\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let v = json(&["check", "--shipments", path, "--format", "json"]);
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 4);
    let pos: Vec<&str> = arr.iter().map(|r| r["po"].as_str().unwrap()).collect();
    assert_eq!(pos, ["PO-1", "PO-2", "PO-3", "PO-4"]);
    let verdicts: Vec<&str> = arr.iter().map(|r| r["verdict"].as_str().unwrap()).collect();
    assert_eq!(verdicts, ["depends", "required", "not-required", "uncertain"]);
    for r in arr {
        assert!(r["license_required"].is_boolean() && r.get("review_policy").is_some());
        assert!(r["chip"].is_string() && r["to"].is_string() && r["on"].is_string());
    }
    let text = stdout(&["check", "--shipments", path, "--format", "csv"]);
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
    for col in ["chip", "to", "on", "quantity", "end_user", "po", "verdict", "license_required", "review_policy"] {
        assert!(header.iter().any(|h| h == col), "{col} missing from {header:?}");
    }
    assert_eq!(rd.records().count(), 4);
    // A bad line: file:line:column, exit 2, nothing printed as if screened.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "chip,to,on,quantity\nh20,MY,2025-09-01,5\nh20,MY,2025-13-01,5\n").unwrap();
    let out = redline(&["check", "--shipments", bad.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.csv:3:3: on:"), "{err}");
    std::fs::write(&bad, "chip,to,on,quantity\nh20,MY,2025-09-01,-5\n").unwrap();
    let out = redline(&["check", "--shipments", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.csv:2:4: quantity:"));
    std::fs::write(&bad, "chip,destination,on\nh20,MY,2025-09-01\n").unwrap();
    let err = stderr_of_failure(dir.path(), &["check", "--shipments", "bad.csv"]);
    assert!(err.contains("bad.csv:1:4: to: missing column"), "{err}");
}

#[test]
fn changes_contract() {
    let v = json(&["changes", "2025-04-09", "--to", "MY", "--format", "json"]);
    let arr = v.as_array().unwrap();
    assert!(!arr.is_empty());
    for c in arr {
        for side in ["before", "after"] {
            assert!(c[side]["verdict"].is_string() && c[side]["license_required"].is_boolean(), "{c}");
        }
        assert!(c["chip"].is_string());
        assert_ne!(
            c["before"]["verdict"].to_string() + &c["before"]["depends_on"].to_string(),
            c["after"]["verdict"].to_string() + &c["after"]["depends_on"].to_string()
        );
    }
    let h20 = arr.iter().find(|c| c["chip"] == "h20").unwrap();
    assert_eq!(
        (h20["before"]["verdict"].as_str(), h20["after"]["verdict"].as_str()),
        (Some("not-required"), Some("depends"))
    );
    // An edition that changed nothing for the catalogue: an empty array.
    assert_eq!(json(&["changes", "2025-01-13", "--format", "json"]), serde_json::json!([]));
    let text = stdout(&["changes", "2026-01-15", "--to", "CN", "--format", "csv"]);
    assert!(text.lines().any(|l| l.starts_with("2026-01-15,h200,CN,")), "{text}");
    let err = stderr_of_failure(Path::new(env!("CARGO_MANIFEST_DIR")), &["changes", "2025-04-10"]);
    assert!(err.contains("unknown edition"), "{err}");
}

#[test]
fn rules_on_a_date_names_the_edition_in_force() {
    let t = stdout(&["rules", "2025-06-01"]);
    assert!(t.starts_with("On 2025-06-01 the latest edition in force is 2025-05-13"), "{t}");
    let v = json(&["rules", "2026-02-01", "--format", "json"]);
    // 91 FR 1684 and Proclamation 11002 share 2026-01-15; the later-listed one is "latest".
    assert_eq!(v["latest_edition"], "2026-01-15-tariff");
    // Nine editions to 2025-08-11, the Affiliates Rule and its suspension, two press overlays,
    // and the two of 2026-01-15.
    assert_eq!(v["regime"].as_array().unwrap().len(), 15);
}

#[test]
fn chips_and_csv_say_what_they_mean() {
    let t = stdout(&["chips", "--on", "2024-06-01"]);
    assert!(t.contains("cannot decide") && t.contains("not 3A090"), "{t}");
    // CSV numbers at source precision: no binary float noise.
    let text = stdout(&["headroom", "h20", "--format", "csv", "--on", "2024-06-01"]);
    assert!(!text.contains("0000000") && !text.contains("9999999"), "{text}");
}

/// `chips --origin CN` lists exactly the catalogue files that say `origin = "CN"`, in any case,
/// and a word that is not a country code is refused (exit 2).
#[test]
fn chips_origin_filter_lists_exactly_the_cn_chips() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/chips");
    let mut expected: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter(|p| std::fs::read_to_string(p).unwrap().lines().any(|l| l.trim() == "origin = \"CN\""))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    expected.sort();
    assert!(expected.len() >= 11, "{expected:?}");
    for code in ["CN", "cn"] {
        let v = json(&["chips", "--origin", code, "--format", "json"]);
        let mut got: Vec<String> =
            v.as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect();
        got.sort();
        assert_eq!(got, expected, "--origin {code}");
    }
    let us = json(&["chips", "--origin", "US", "--format", "json"]);
    assert!(us.as_array().unwrap().iter().all(|c| !expected.contains(&c["id"].as_str().unwrap().to_string())));
    let err = stderr_of_failure(Path::new(env!("CARGO_MANIFEST_DIR")), &["chips", "--origin", "China"]);
    assert!(err.contains("ISO 3166-1 alpha-2"), "{err}");
}
