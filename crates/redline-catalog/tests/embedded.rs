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
