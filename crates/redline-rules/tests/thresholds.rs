//! Every line, hit exactly and missed by a hair, on synthetic chips; and the invariant that
//! more compute, density or bandwidth never makes a chip less controlled under any edition.

use proptest::prelude::*;
use redline_catalog::{Chip, Metric, Provenance, parse_spec};
use redline_rules::{Countries, Date, check, classify, editions};

/// A chip with exactly these metrics (set directly, so no floating-point detour through area).
fn synthetic(tpp: f64, pd: f64, datacenter: bool, io: f64, dram: f64) -> Chip {
    let text = format!(
        "id = \"synthetic\"\nname = \"Synthetic\"\nvendor = \"Example\"\ndatacenter = {datacenter}\n[dense]\nfp8 = 1.0\n"
    );
    let spec = parse_spec(&text, "synthetic.toml", Provenance::Optional).unwrap();
    let mut chip = Chip::new(spec, "test");
    let m = |v: f64| Some(Metric { value: v, grade: None });
    chip.metrics.tpp = m(tpp);
    chip.metrics.bit_length_tops = m(tpp);
    chip.metrics.performance_density = m(pd);
    chip.metrics.applicable_die_area_mm2 = m(tpp / pd);
    chip.metrics.io_aggregate_gbs = m(io);
    chip.metrics.chip_to_chip_gbs = m(io);
    chip.metrics.dram_bandwidth_gbs = m(dram);
    chip
}

fn paragraphs(tpp: f64, pd: f64, datacenter: bool) -> Vec<&'static str> {
    classify(&synthetic(tpp, pd, datacenter, 0.0, 0.0), Date::ymd(2024, 6, 1)).unwrap().paragraphs
}

const BELOW: f64 = 1e-6;

#[test]
fn a1_at_and_below_4800() {
    assert!(paragraphs(4800.0, 1.0, true).contains(&"3A090.a.1"));
    assert!(!paragraphs(4800.0 - BELOW, 1.0, true).contains(&"3A090.a.1"));
}

#[test]
fn a2_at_and_below_its_lines() {
    assert!(paragraphs(1600.0, 5.92, true).contains(&"3A090.a.2"));
    assert!(!paragraphs(1600.0 - BELOW, 5.92, true).contains(&"3A090.a.2"));
    assert!(!paragraphs(1600.0, 5.92 - BELOW, true).contains(&"3A090.a.2"));
}

#[test]
fn b1_band_edges() {
    assert_eq!(paragraphs(2400.0, 1.6, true), vec!["3A090.b.1"]);
    assert!(paragraphs(2400.0 - BELOW, 1.6, true).is_empty());
    assert!(paragraphs(2400.0, 1.6 - BELOW, true).is_empty());
    // Upper edges are exclusive: at 4,800 it is a.1, at 5.92 it is a.2.
    assert!(!paragraphs(4800.0, 2.0, true).contains(&"3A090.b.1"));
    assert!(paragraphs(4800.0 - BELOW, 2.0, true).contains(&"3A090.b.1"));
    assert!(!paragraphs(3000.0, 5.92, true).contains(&"3A090.b.1"));
    assert!(paragraphs(3000.0, 5.92 - BELOW, true).contains(&"3A090.b.1"));
}

#[test]
fn b2_band_edges() {
    assert_eq!(paragraphs(1600.0, 3.2, true), vec!["3A090.b.2"]);
    assert!(paragraphs(1600.0, 3.2 - BELOW, true).is_empty());
    assert!(paragraphs(1600.0 - BELOW, 3.2, true).is_empty());
    assert!(!paragraphs(1600.0, 5.92, true).contains(&"3A090.b.2"));
}

#[test]
fn note2_edge() {
    // Consumer part: excluded below 4,800 whatever its density, caught at 4,800.
    assert!(paragraphs(4800.0 - BELOW, 9.0, false).is_empty());
    assert_eq!(paragraphs(4800.0, 9.0, false), vec!["3A090.a.1", "3A090.a.2"]);
}

#[test]
fn the_2022_conjunction() {
    let on = Date::ymd(2023, 1, 1);
    let at = |tpp: f64, io: f64| classify(&synthetic(tpp, 1.0, true, io, 0.0), on).unwrap().controlled;
    assert!(at(4800.0, 600.0));
    assert!(!at(4800.0, 600.0 - BELOW));
    assert!(!at(4800.0 - BELOW, 600.0));
}

#[test]
fn the_2026_gate_edges() {
    let countries = Countries::embedded().unwrap();
    let on = Date::ymd(2026, 3, 1);
    let policy = |tpp: f64, dram: f64| {
        check(&synthetic(tpp, 30.0, true, 900.0, dram), &countries, "CN", on).unwrap().review_policy.map(|p| p.as_str())
    };
    assert_eq!(policy(21_000.0 - BELOW, 6500.0 - BELOW), Some("case-by-case"));
    assert_eq!(policy(21_000.0, 6000.0), Some("presumption-of-denial"));
    assert_eq!(policy(20_000.0, 6500.0), Some("presumption-of-denial"));
}

#[test]
fn the_press_reported_letter_line() {
    let countries = Countries::embedded().unwrap();
    let on = Date::ymd(2025, 6, 1);
    let mut chip = synthetic(2000.0, 2.0, true, 0.0, 1400.0);
    chip.spec.vendor = "NVIDIA".into();
    let v = check(&chip, &countries, "CN", on).unwrap();
    assert!(v.license_required);
    assert_eq!(v.evidence_grade, None, "user-supplied values carry no grade");
    assert!(v.reasons.iter().any(|r| r.contains("PRESS-REPORTED")));
    chip.metrics.dram_bandwidth_gbs = Some(Metric { value: 1400.0 - BELOW, grade: None });
    assert!(!check(&chip, &countries, "CN", on).unwrap().license_required);
}

fn dates() -> Vec<Date> {
    let mut v: Vec<Date> = editions::ALL.iter().map(|e| e.effective).collect();
    v.push(Date::ymd(2026, 11, 29));
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn more_compute_or_density_is_never_less_controlled(
        tpp in 500.0f64..40_000.0,
        pd in 0.5f64..40.0,
        k in 1.0f64..4.0,
        grow_density_only in any::<bool>(),
        datacenter in any::<bool>(),
        io in 0.0f64..2000.0,
        dram in 100.0f64..9000.0,
        date_index in 0usize..12,
        dest_index in 0usize..7,
        nvidia in any::<bool>(),
    ) {
        let countries = Countries::embedded().unwrap();
        let date = dates()[date_index % dates().len()];
        let dest = ["CN", "MO", "AE", "SA", "DE", "IL", "VN"][dest_index];
        let make = |t: f64, p: f64| {
            let mut c = synthetic(t, p, datacenter, io, dram);
            if nvidia { c.spec.vendor = "NVIDIA".into(); }
            c
        };
        let base = make(tpp, pd);
        let grown = if grow_density_only { make(tpp, pd * k) } else { make(tpp * k, pd * k) };
        let a = classify(&base, date).unwrap();
        let b = classify(&grown, date).unwrap();
        prop_assert!(!a.controlled || b.controlled, "classification got weaker: {:?} -> {:?}", a.paragraphs, b.paragraphs);
        let va = check(&base, &countries, dest, date).unwrap();
        let vb = check(&grown, &countries, dest, date).unwrap();
        prop_assert!(!va.license_required || vb.license_required, "licence dropped: {} -> {}", va.summary, vb.summary);
    }

    #[test]
    fn more_bandwidth_is_never_less_controlled(
        tpp in 500.0f64..30_000.0,
        pd in 0.5f64..40.0,
        io in 0.0f64..2000.0,
        dram in 100.0f64..9000.0,
        k in 1.0f64..4.0,
        date_index in 0usize..12,
        dest_index in 0usize..4,
    ) {
        let countries = Countries::embedded().unwrap();
        let date = dates()[date_index % dates().len()];
        let dest = ["CN", "MO", "SA", "DE"][dest_index];
        let mut base = synthetic(tpp, pd, true, io, dram);
        base.spec.vendor = "NVIDIA".into();
        let mut grown = synthetic(tpp, pd, true, io * k, dram * k);
        grown.spec.vendor = "NVIDIA".into();
        let va = check(&base, &countries, dest, date).unwrap();
        let vb = check(&grown, &countries, dest, date).unwrap();
        prop_assert!(!va.license_required || vb.license_required, "{} -> {}", va.summary, vb.summary);
    }
}

#[test]
fn hbm_3a090c_edges_and_destinations() {
    let countries = Countries::embedded().unwrap();
    let hbm = |bw: f64, area: f64| {
        let text = format!(
            "id = \"stack\"\nname = \"HBM stack\"\nvendor = \"Example\"\ndatacenter = true\nitem = \"hbm\"\n[memory]\nbandwidth_gbs = {bw}\npackage_area_mm2 = {area}\n"
        );
        Chip::new(parse_spec(&text, "stack.toml", Provenance::Optional).unwrap(), "test")
    };
    let on = Date::ymd(2025, 1, 1);
    // 200 GB/s over 100 mm² = 2.0: "greater than 2" is not met at exactly 2.
    assert!(!classify(&hbm(200.0, 100.0), on).unwrap().controlled);
    assert_eq!(classify(&hbm(201.0, 100.0), on).unwrap().eccn.map(|e| e.as_str()), Some("3A090.c"));
    // Not before the rule.
    assert!(!classify(&hbm(1200.0, 100.0), Date::ymd(2024, 12, 1)).unwrap().controlled);
    // Licence to China (D:5), none to Saudi Arabia (D:4 only); exception HBM below 3.3.
    let cn = check(&hbm(300.0, 100.0), &countries, "CN", on).unwrap();
    assert!(cn.license_required);
    assert_eq!(cn.license_exceptions.iter().map(|e| e.id).collect::<Vec<_>>(), vec!["HBM"]);
    assert!(check(&hbm(1200.0, 100.0), &countries, "CN", on).unwrap().license_exceptions.is_empty());
    assert!(!check(&hbm(1200.0, 100.0), &countries, "SA", on).unwrap().license_required);
}
