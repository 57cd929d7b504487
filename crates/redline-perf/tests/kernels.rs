//! The hardware layer: loading `data/hardware/kernels.toml`, resolving a chip's numbers with
//! inheritance, and what the numbers imply.

use redline_perf::{
    Basis, GemmShape, PerfError, Precision, Quantity, hardware_layer, kernel_measurements, parse_kernels,
    reference_hardware, resolve_layer,
};

const ENTRY: &str = r#"
[[measurement]]
chip = "h100-sxm"
family = "hopper"
quantity = "gemm"
format = "bf16"
shape = "large"
achieved = 794.0
unit = "TFLOP/s"
peak = 989.5
fraction = 0.802
setup = "torch.matmul"
source = "test"
url = "https://example.org"
date = "2025-01-01"
grade = "analyst"
note = ""
"#;

fn err_of(text: &str) -> (String, String, String) {
    match parse_kernels("k.toml", text) {
        Err(PerfError::KernelData { entry, field, problem, .. }) => (entry, field, problem),
        other => panic!("expected a KernelData error, got {other:?}"),
    }
}

#[test]
fn embedded_file_parses_with_provenance() {
    let text = include_str!("../../../data/hardware/kernels.toml");
    let ms = parse_kernels("kernels.toml", text).unwrap();
    assert!(ms.len() >= 20, "only {} measurements", ms.len());
    assert_eq!(ms.len(), kernel_measurements().len());
    for m in &ms {
        assert!(!m.source.is_empty() && !m.date.is_empty() && !m.setup.is_empty(), "{m:?}");
        assert!(m.fraction > 0.0 && m.fraction <= 1.1, "{m:?}");
        if m.quantity == Quantity::Gemm {
            assert!(m.format.is_some() && m.shape.is_some(), "{m:?}");
        }
    }
}

#[test]
fn a_good_entry_loads_and_bad_ones_name_the_entry_and_field() {
    let ms = parse_kernels("k.toml", ENTRY).unwrap();
    assert_eq!(ms.len(), 1);
    assert_eq!(ms[0].format, Some(Precision::Bf16));
    assert_eq!(ms[0].shape, Some(GemmShape::Large));

    let two = format!("{ENTRY}{}", ENTRY.replace("fraction = 0.802", "fraction = \"0.8\""));
    let (entry, field, problem) = err_of(&two);
    assert!(entry.starts_with("measurement 2 (chip `h100-sxm`, quantity `gemm`)"), "{entry}");
    assert_eq!(field, "fraction");
    assert!(problem.contains("expected a number"), "{problem}");

    let (_, field, _) = err_of(&ENTRY.replace("grade = \"analyst\"\n", ""));
    assert_eq!(field, "grade");
    let (_, field, problem) = err_of(&ENTRY.replace("grade = \"analyst\"", "grade = \"vibes\""));
    assert_eq!(field, "grade");
    assert!(problem.contains("official"), "{problem}");
    let (_, field, _) = err_of(&ENTRY.replace("quantity = \"gemm\"", "quantity = \"flops\""));
    assert_eq!(field, "quantity");
    let (_, field, _) = err_of(&ENTRY.replace("shape = \"large\"\n", ""));
    assert_eq!(field, "shape", "a GEMM needs its regime");
    let (_, field, _) = err_of(&ENTRY.replace("format = \"bf16\"", "format = \"fp7\""));
    assert_eq!(field, "format");
    let (_, field, _) = err_of(&ENTRY.replace("note = \"\"", "notes = \"\""));
    assert_eq!(field, "notes", "unknown fields are refused");
    // 794 / 989.5 = 0.802; a typed 0.9 disagrees with the entry's own arithmetic.
    let (_, field, problem) = err_of(&ENTRY.replace("fraction = 0.802", "fraction = 0.9"));
    assert_eq!(field, "fraction");
    assert!(problem.contains("achieved / peak"), "{problem}");
    let (_, field, _) = err_of(&ENTRY.replace("fraction = 0.802", "fraction = 1.5").replace("achieved = 794.0\n", ""));
    assert_eq!(field, "fraction");
    let (entry, _, _) = err_of("[[measurement]\nchip = 1");
    assert_eq!(entry, "file");
}

fn synthetic() -> Vec<redline_perf::KernelMeasurement> {
    let mk = |chip: &str, family: &str, q: &str, extra: &str, f: f64| {
        format!(
            "[[measurement]]\nchip = \"{chip}\"\nfamily = \"{family}\"\nquantity = \"{q}\"\n{extra}fraction = {f}\n\
             setup = \"s\"\nsource = \"t\"\ndate = \"2025\"\ngrade = \"analyst\"\n"
        )
    };
    let gemm = "format = \"bf16\"\nshape = \"large\"\n";
    let text = [
        mk("h100-sxm", "hopper", "gemm", gemm, 0.80),
        mk("gh200", "hopper", "gemm", gemm, 0.84),
        mk("h100-sxm", "hopper", "dram_stream", "", 0.88),
        mk("a100-sxm-80gb", "ampere", "attention", "format = \"fp16\"\n", 0.60),
        mk("a100-sxm-80gb", "ampere", "gemm", gemm, 0.86),
        mk("mi300x", "cdna3", "gemm", gemm, 0.54),
    ]
    .concat();
    parse_kernels("synthetic.toml", &text).unwrap()
}

#[test]
fn resolution_inherits_from_the_family_then_the_nearest_relative_then_everyone() {
    let ms = synthetic();
    let gemm = |l: &redline_perf::HardwareLayer| {
        l.get(Quantity::Gemm, Some(Precision::Bf16), Some(GemmShape::Large)).unwrap().clone()
    };
    // Measured on the chip itself.
    let h100 = resolve_layer(&ms, "h100-sxm", "hopper");
    let g = gemm(&h100);
    assert_eq!((g.basis, g.fraction, g.n), (Basis::Measured, 0.80, 1));
    assert!(h100.note(&[Precision::Bf16]).contains("gemm bf16 large 0.80 measured"));
    // Same architecture: the H20 takes the median of H100 and GH200 with their range.
    let h20 = resolve_layer(&ms, "h20", "hopper");
    let g = gemm(&h20);
    assert_eq!(g.basis, Basis::SameFamily);
    assert!((g.fraction - 0.82).abs() < 1e-12 && g.low == 0.80 && g.high == 0.84, "{g:?}");
    assert!(g.describe().contains("range 0.80-0.84"), "{}", g.describe());
    // Blackwell has nothing: Hopper is its nearest measured relative; Hopper has no attention
    // number, so the B30A's comes from Ampere (the next relative).
    let b30a = resolve_layer(&ms, "b30a", "blackwell");
    assert_eq!(gemm(&b30a).basis, Basis::Relative);
    assert!(gemm(&b30a).from.contains("hopper, nearest measured relative of blackwell"));
    let attn = b30a.get(Quantity::Attention, None, None).unwrap();
    assert_eq!((attn.basis.clone(), attn.fraction), (Basis::Relative, 0.60));
    // fp8 is measured nowhere: the 16-bit fraction, said so.
    let fp8 = b30a.get(Quantity::Gemm, Some(Precision::Fp8), Some(GemmShape::Large)).unwrap();
    assert!(fp8.from.contains("fp8 not measured: the bf16 fraction"), "{}", fp8.from);
    // No relative at all (Ascend): the median of every measured chip, with the full range.
    let ascend = resolve_layer(&ms, "ascend-910c", "ascend");
    let g = gemm(&ascend);
    assert_eq!(g.basis, Basis::AllChips);
    assert!((g.fraction - 0.82).abs() < 1e-12 && g.low == 0.54 && g.high == 0.86, "{g:?}");
    // No link measurement anywhere: the datasheet rate, and the note says so.
    let link = ascend.get(Quantity::LinkAllreduce, None, None).unwrap();
    assert_eq!((link.basis.clone(), link.fraction), (Basis::Datasheet, 1.0));
    assert!(ascend.note(&[Precision::Bf16]).contains("not measured anywhere"));
}

/// Reads `M=64 N=12288 K=5376` (or `M(batch)=64`) from a setup string.
fn mnk(setup: &str) -> Option<(f64, f64, f64)> {
    let num = |key: &str| -> Option<f64> {
        let i = setup.find(key)? + key.len();
        let digits: String = setup[i..].chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    Some((num("M(batch)=").or_else(|| num("M="))?, num("N=")?, num("K=")?))
}

#[test]
fn skinny_gemm_measurements_are_the_dram_roofline_of_the_large_and_streaming_fractions() {
    // The model runs a decode GEMM at max(FLOPs at the large-GEMM fraction, bytes at the
    // streaming fraction). Every published skinny GEMM whose roofline time is at least 20 µs (below
    // that a few µs of launch latency dominate, which is the software layer's per-layer cost) is
    // reproduced within 20%: e.g. H100 bf16 M=64 N=12288 K=5376: bytes (N·K + M·K + M·N)·2 =
    // 134.4 MB at 0.877 × 3.35 TB/s = 45.7 µs; 8.46 GFLOP in that time = 0.187 of 989.5 TFLOP/s
    // (measured 0.185).
    let mut checked = 0;
    for m in kernel_measurements().iter().filter(|m| m.shape == Some(GemmShape::Skinny)) {
        let (Some(hw), Some((mm, n, k)), Some(f)) = (reference_hardware(&m.chip), mnk(&m.setup), m.format) else {
            continue;
        };
        let layer = hardware_layer(&m.chip, &m.family);
        let large = layer.get(Quantity::Gemm, Some(f), Some(GemmShape::Large)).unwrap().fraction;
        let dram = layer.get(Quantity::DramStream, None, None).unwrap().fraction;
        let peak = hw.peak(f).unwrap();
        let bw = hw.memory_bandwidth_gbs.unwrap() * 1e9;
        let wb = f.bytes();
        let bytes = n * k * wb + mm * k * wb + mm * n * 2.0;
        let flops = 2.0 * mm * n * k;
        let t = (flops / (peak * large)).max(bytes / (bw * dram));
        if t < 20e-6 {
            continue;
        }
        let implied = flops / t / peak;
        let err = implied / m.fraction - 1.0;
        assert!(err.abs() <= 0.20, "{} {f} {}: implied {implied:.3} vs measured {}", m.chip, m.setup, m.fraction);
        checked += 1;
    }
    assert!(checked >= 2, "only {checked} skinny measurements checked");
}
