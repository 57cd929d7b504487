//! `redline plot`: the contract (exit 0, the file written, every known chip's label in the
//! SVG), PNG output, Vega-Lite output, and input errors (exit 2).

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn redline(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .current_dir(dir)
        .env_remove("REDLINE_CATALOG")
        .output()
        .expect("run redline")
}

fn ok(dir: &Path, args: &[&str]) {
    let out = redline(dir, args);
    assert!(out.status.success(), "redline {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn svg_texts(svg: &str) -> Vec<String> {
    redline_plot::svg_texts(svg).expect("SVG parses")
}

#[test]
fn compliance_svg_holds_every_known_label() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["plot", "compliance", "-o", "chips.svg"],
        vec!["plot", "compliance", "--on", "2025-09-01", "-o", "chips.svg"],
        vec!["plot", "compliance", "--on", "2023-01-01", "-o", "chips.svg"],
    ] {
        ok(dir.path(), &args);
        let svg = std::fs::read_to_string(dir.path().join("chips.svg")).unwrap();
        let texts = svg_texts(&svg);
        let chips: Value = serde_json::from_slice(&redline(dir.path(), &["chips", "--format", "json"]).stdout).unwrap();
        let mut n = 0;
        for c in chips.as_array().unwrap() {
            if c["tpp"].is_number() && c["performance_density"].is_number() {
                // Chips designed outside the US carry their origin after the label: "BR100 (CN)".
                let label = c["label"].as_str().unwrap();
                let with_origin = format!("{label} (");
                assert!(texts.iter().any(|t| t == label || t.starts_with(&with_origin)), "{args:?}: {label:?} missing");
                n += 1;
            }
        }
        assert!(n >= 35, "only {n} chips with TPP and density");
    }
}

#[test]
fn compliance_png_decodes() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["plot", "compliance", "-o", "chips.png"]);
    let bytes = std::fs::read(dir.path().join("chips.png")).unwrap();
    let (width, height) = redline_plot::png_size(&bytes).expect("PNG decodes");
    assert!(width >= 1400 && height >= 900, "{width}x{height}");
}

#[test]
fn other_kinds_and_vega_lite() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["plot", "bandwidth", "--on", "2026-03-01", "-o", "bw.svg"]);
    ok(d, &["plot", "timeline", "h20", "--to", "CN", "-o", "tl.png"]);
    ok(d, &["plot", "compliance", "--chips", "h20,h100-sxm", "-o", "c.json"]);
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(d.join("c.json")).unwrap()).unwrap();
    assert!(spec["$schema"].as_str().unwrap().contains("vega-lite"));
    let model = "llama-3.1-8b";
    ok(d, &["plot", "roofline", "--chips", "h20,h100-sxm", "--model", model, "-o", "roof.svg"]);
    ok(d, &["plot", "compare", "--chips", "h20,h100-sxm", "--model", model, "--input", "512", "-o", "cmp.svg"]);
    assert!(std::fs::read_to_string(d.join("roof.svg")).unwrap().contains("H20 decode"));
}

#[test]
fn spec_files_are_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("x1.toml"),
        "id = \"x1\"\nname = \"Example X1\"\nlabel = \"My X1\"\nvendor = \"Example\"\ndatacenter = true\n[[dies]]\narea_mm2 = 600.0\n[dense]\nfp8 = 400.0\n",
    )
    .unwrap();
    ok(d, &["plot", "compliance", "--spec", "x1.toml", "-o", "x.svg"]);
    let svg = std::fs::read_to_string(d.join("x.svg")).unwrap();
    assert!(svg_texts(&svg).iter().any(|t| t == "My X1"));
}

#[test]
fn bad_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for args in [
        vec!["plot", "compliance", "-o", "chips.gif"],
        vec!["plot", "compliance", "--on", "2019-01-01", "-o", "c.svg"],
        vec!["plot", "compliance", "--on", "someday", "-o", "c.svg"],
        vec!["plot", "compliance", "--chips", "nonesuch", "-o", "c.svg"],
        vec!["plot", "timeline", "h20", "--to", "XX", "-o", "t.svg"],
        vec!["plot", "roofline", "--chips", "h20", "--model", "nonesuch", "-o", "r.svg"],
        vec!["plot", "frontier", "--on", "2024-06-01", "-o", "f.svg"],
        vec!["plot", "frontier", "--model", "nonesuch", "-o", "f.svg"],
        vec!["plot", "frontier", "--model", "deepseek-v3", "--phase", "sample", "-o", "f.svg"],
        vec!["plot", "frontier", "--model", "deepseek-v3", "--dies", "0", "-o", "f.svg"],
    ] {
        let out = redline(d, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn frontier_svg_png_and_vega_lite() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let flags = ["--on", "2024-06-01", "--to", "CN", "--model", "deepseek-v3", "--phase", "decode", "--dies", "1"];
    let with = |file: &str| {
        let mut a = vec!["plot", "frontier"];
        a.extend(flags);
        a.extend(["-o", file]);
        a.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    let args = with("f.svg");
    ok(d, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let texts = svg_texts(&std::fs::read_to_string(d.join("f.svg")).unwrap());
    let mut cli = vec!["frontier"];
    cli.extend(flags);
    cli.extend(["--format", "json"]);
    let report: Value = serde_json::from_slice(&redline(d, &cli).stdout).unwrap();
    let chips = report["chips"].as_array().unwrap();
    assert!(chips.len() >= 20);
    for c in chips {
        let label = c["label"].as_str().unwrap();
        assert!(texts.iter().any(|t| t == label), "{label:?} missing from the frontier SVG");
    }
    assert!(texts.iter().any(|t| t.contains("3A090.b.1/tpp-min")), "rule line label missing");
    let args = with("f.png");
    ok(d, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let (width, _) = redline_plot::png_size(&std::fs::read(d.join("f.png")).unwrap()).expect("PNG decodes");
    assert!(width >= 1400);
    let args = with("f.json");
    ok(d, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(d.join("f.json")).unwrap()).unwrap();
    assert_eq!(spec["usermeta"]["kind"], "frontier");
}

/// `plot compliance --to CN` colours by the China verdict: its legend names licence verdicts,
/// and a destination that is not a country code is refused with exit 2.
#[test]
fn compliance_to_destination_colours_by_verdict() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["plot", "compliance", "--on", "2026-11-29", "--to", "CN", "-o", "cn.svg"]);
    let texts = svg_texts(&std::fs::read_to_string(dir.path().join("cn.svg")).unwrap());
    assert!(texts.iter().any(|t| t == "licence: presumption of denial"), "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("not controlled")));
    let out = redline(dir.path(), &["plot", "compliance", "--to", "XX", "-o", "x.svg"]);
    assert_eq!(out.status.code(), Some(2));
}
