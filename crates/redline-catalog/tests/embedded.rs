//! The embedded catalogue: complete, sourced, graded, and findable by the names people use.

use redline_catalog::{Catalog, Format, Grade};

const REQUIRED: &[&str] = &[
    "h20",
    "l20",
    "l2",
    "h100-sxm",
    "h100-pcie",
    "a100-sxm-80gb",
    "b300",
    "b30a",
    "rtx-pro-6000d",
    "h800",
    "a800",
    "h200",
    "b200",
    "gb200",
    "gh200",
    "a100-sxm-40gb",
    "l4",
    "l40",
    "l40s",
    "rtx-4090",
    "rtx-4090d",
    "rtx-5090",
    "rtx-5090d",
    "rtx-pro-6000",
    "mi250x",
    "mi300x",
    "mi308x",
    "mi325x",
    "mi350x",
    "mi355x",
    "ascend-910b",
    "ascend-910c",
    "gaudi2",
    "gaudi3",
    "tpu-v5e",
    "tpu-v5p",
    "tpu-v6e",
    "tpu-v7",
    "trainium2",
];

#[test]
fn loads_with_full_provenance_and_every_required_chip() {
    // `embedded()` parses with Provenance::Required: every value has a [sources] key with a
    // date and a grade, or loading fails.
    let c = Catalog::embedded().unwrap_or_else(|e| panic!("{e}"));
    assert!(c.len() >= 45, "only {} chips", c.len());
    for id in REQUIRED {
        assert!(c.get(id).is_ok(), "{id} missing");
    }
}

#[test]
fn ids_and_names_are_unique() {
    let c = Catalog::embedded().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for chip in c.chips() {
        assert!(seen.insert(chip.spec.id.clone()), "duplicate id {}", chip.spec.id);
        // Every name a chip answers to finds that chip and no other.
        for name in std::iter::once(chip.spec.label()).chain(chip.spec.aliases.iter().map(String::as_str)) {
            assert_eq!(c.get(name).unwrap().spec.id, chip.spec.id, "{name:?} finds another chip");
        }
    }
}

#[test]
fn press_reported_chips_say_so() {
    let c = Catalog::embedded().unwrap();
    // The B30A has no official spec: its compute must not be graded above press.
    let b30a = c.get("b30a").unwrap();
    assert!(b30a.metrics.tpp.unwrap().grade.unwrap() >= Grade::Press);
    // Its estimate sits in the 27,000-30,000 TPP band of export-rules.md §2.8.
    let tpp = b30a.metrics.tpp.unwrap().value;
    assert!((27_000.0..=30_000.0).contains(&tpp), "{tpp}");
    // The H20's compute is press/analyst-sourced (no NVIDIA datasheet exists).
    assert!(c.get("h20").unwrap().metrics.tpp.unwrap().grade.unwrap() >= Grade::Analyst);
}

#[test]
fn no_catalogue_value_is_a_sparse_figure() {
    // A dense FP8 rate never exceeds twice the FP16 rate; a sparse FP8 figure next to a dense
    // FP16 one would (4x). FP4 vs FP8: Blackwell Ultra runs FP4 at about 3.1x FP8 dense
    // (B300: 14,000 vs 4,500), a sparse FP4 figure would be about 6x.
    let c = Catalog::embedded().unwrap();
    for chip in c.chips() {
        let rate = |f: Format| chip.spec.dense.entry(f).and_then(|s| s.known()).map(|v| v.get());
        // GeForce cards list FP16 at the FP32-accumulate rate (half speed) and FP8 at the
        // FP16-accumulate rate (see the notes in their files), so the ratio test skips them.
        let consumer = chip.spec.is_datacenter() == Some(false);
        if let (false, Some(fp8), Some(fp16)) = (consumer, rate(Format::Fp8), rate(Format::Fp16).or(rate(Format::Bf16)))
        {
            assert!(fp8 <= 2.1 * fp16, "{}: fp8 {fp8} vs fp16 {fp16}", chip.spec.id);
        }
        if let (Some(fp4), Some(fp8)) = (rate(Format::Fp4), rate(Format::Fp8)) {
            assert!(fp4 <= 3.5 * fp8, "{}: fp4 {fp4} vs fp8 {fp8}", chip.spec.id);
        }
    }
}

#[test]
fn lookup_by_common_names_and_suggestions() {
    let c = Catalog::embedded().unwrap();
    assert_eq!(c.get("H100").unwrap().spec.id, "h100-sxm");
    assert_eq!(c.get("RTX6000D").unwrap().spec.id, "rtx-pro-6000d");
    assert_eq!(c.get("rtx pro 6000d").unwrap().spec.id, "rtx-pro-6000d");
    assert_eq!(c.get("mi300X").unwrap().spec.id, "mi300x");
    let err = c.get("h2O").unwrap_err();
    assert!(err.suggestions.contains(&"h20".to_string()), "{err}");
}

/// Every catalogue chip states where it was designed, as a two-letter code.
#[test]
fn every_chip_has_an_origin() {
    let c = Catalog::embedded().unwrap();
    for chip in c.chips() {
        let origin = chip.spec.origin.as_ref().unwrap_or_else(|| panic!("{} has no origin", chip.spec.id));
        assert_eq!(origin.as_str().len(), 2, "{}", chip.spec.id);
    }
    assert_eq!(c.get("h20").unwrap().spec.origin.as_ref().unwrap().as_str(), "US");
    assert_eq!(c.get("ascend-910c").unwrap().spec.origin.as_ref().unwrap().as_str(), "CN");
}

/// A spec file with an origin that is not an ISO alpha-2 code is refused with the field named.
#[test]
fn origin_must_be_a_country_code() {
    let text = "id = \"x\"\nname = \"X\"\nvendor = \"V\"\norigin = \"China\"\ndatacenter = true\n";
    let err = redline_catalog::parse_spec(text, "x.toml", redline_catalog::Provenance::Optional).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("origin"), "{err}");
    assert!(err.to_string().contains("ISO 3166-1 alpha-2"), "{err}");
}

/// The Chinese domestic accelerators: TPP and density come out of the metrics code, and equal
/// the hand arithmetic on each file's figures. `None` density: the die area is unpublished.
#[test]
fn domestic_accelerators_metrics_are_computed() {
    let c = Catalog::embedded().unwrap();
    let cases: &[(&str, f64, Option<f64>)] = &[
        // FP16/BF16 100 x 16 = 1,600 (TF32 50 x 32 and INT8 200 x 8 tie); area unpublished.
        ("mtt-s4000", 1_600.0, None),
        // FP8 1,000 x 8 = 8,000; area unpublished.
        ("mtt-s5000", 8_000.0, None),
        // FP16 480 x 16 = 7,680; area unpublished.
        ("hygon-bw1000", 7_680.0, None),
        // BF16 1,024 x 16 = 16,384 (INT8 2,048 x 8 ties); 2 chiplets x 537 mm2 = 1,074;
        // 16,384 / 1,074 = 15.2551...
        ("biren-br100", 16_384.0, Some(16_384.0 / 1_074.0)),
        // BF16 512 x 16 = 8,192; one 537 mm2 chiplet (estimate): 8,192 / 537 = 15.2551...
        ("biren-br104", 8_192.0, Some(8_192.0 / 537.0)),
        // FP16 280 x 16 = 4,480 (TF32 140 x 32, INT8 560 x 8 tie); area unpublished.
        ("metax-c500", 4_480.0, None),
        // max(BF16 432 x 16 = 6,912; FP8 865 x 8 = 6,920; MXFP4 1,730 x 4 = 6,920) = 6,920.
        ("ascend-950pr", 6_920.0, None),
        // max(FP8 1,000 x 8; MXFP4 2,000 x 4) = 8,000.
        ("ascend-950dt", 8_000.0, None),
        // FP16 96 x 16 = 1,536 (INT8 192 x 8 ties).
        ("iluvatar-mr-v100", 1_536.0, None),
        // INT8 512 x 8 = 4,096 (INT4 1,024 x 4 ties); no floating-point rate published.
        ("mlu290-m5", 4_096.0, None),
    ];
    for &(id, tpp, density) in cases {
        let chip = c.get(id).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(chip.spec.origin.as_ref().unwrap().as_str(), "CN", "{id}");
        let got = chip.metrics.tpp.unwrap_or_else(|| panic!("{id}: no TPP")).value;
        assert!((got - tpp).abs() < 1e-9, "{id}: TPP {got}, expected {tpp}");
        let pd = chip.metrics.performance_density.map(|m| m.value);
        match (pd, density) {
            (Some(g), Some(e)) => assert!((g - e).abs() < 1e-9, "{id}: density {g}, expected {e}"),
            (None, None) => {}
            (g, e) => panic!("{id}: density {g:?}, expected {e:?}"),
        }
    }
}
