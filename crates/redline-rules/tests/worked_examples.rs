//! The worked examples of the reference research (export-rules.md §6), reproduced from the
//! embedded catalogue. Each expected value is hand arithmetic shown in the comment.

use redline_catalog::{Catalog, Chip};
use redline_rules::{Countries, Date, check, classify, timeline};

fn catalog() -> Catalog {
    Catalog::embedded().expect("embedded catalogue loads")
}

fn chip<'a>(c: &'a Catalog, id: &str) -> &'a Chip {
    c.get(id).unwrap_or_else(|e| panic!("{e}"))
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

const Y2022: &str = "2023-01-01";
const Y2023: &str = "2024-06-01";

#[test]
fn h20_sits_just_outside_3a090() {
    let c = catalog();
    let h20 = chip(&c, "h20");
    // 296 TOPS FP8 × 8 bits = 2,368 = 148 × 16; not 2 × 296 × 8 = 4,736.
    let tpp = h20.metrics.tpp.unwrap().value;
    assert_eq!(tpp, 2368.0);
    assert_ne!(tpp, 4736.0);
    // 2,368 / 814 mm² = 2.909
    let pd = h20.metrics.performance_density.unwrap().value;
    assert!((pd - 2.909).abs() < 0.001, "{pd}");
    let r = classify(h20, d(Y2023)).unwrap();
    // a.1: 2,368 < 4,800; a.2: 2.91 < 5.92; b.1: 2,368 < 2,400; b.2: 2.91 < 3.2.
    assert!(!r.controlled);
    assert_eq!(r.eccn.map(|e| e.as_str()), None);
    assert!(r.paragraphs.is_empty() && r.numerically_met.is_empty());
    assert!(r.decided);
}

#[test]
fn a800_escapes_2022_by_interconnect_but_not_2023() {
    let c = catalog();
    let a800 = chip(&c, "a800");
    // NVLink 400 + PCIe 4.0 x16 64 = 464 GB/s < 600.
    assert_eq!(a800.metrics.io_aggregate_gbs.unwrap().value, 464.0);
    // 624 TOPS INT8 × 8 = 4,992 >= 4,800.
    assert_eq!(a800.metrics.tpp.unwrap().value, 4992.0);
    let r22 = classify(a800, d(Y2022)).unwrap();
    assert!(!r22.controlled);
    assert_eq!(r22.edition, "2022-10-07");
    let r23 = classify(a800, d(Y2023)).unwrap();
    assert_eq!(r23.eccn.map(|e| e.as_str()), Some("3A090.a"));
    assert!(r23.paragraphs.contains(&"3A090.a.1"));
}

#[test]
fn h800_escapes_2022_and_is_a1_under_2023() {
    let c = catalog();
    let h800 = chip(&c, "h800");
    // NVLink 400 + PCIe 5.0 x16 128 = 528 GB/s < 600; TPP = 1,979 × 8 = 15,832.
    assert_eq!(h800.metrics.io_aggregate_gbs.unwrap().value, 528.0);
    assert_eq!(h800.metrics.tpp.unwrap().value, 15832.0);
    assert!(!classify(h800, d(Y2022)).unwrap().controlled);
    assert!(classify(h800, d(Y2023)).unwrap().paragraphs.contains(&"3A090.a.1"));
}

#[test]
fn a100_and_h100_controlled_in_both_eras() {
    let c = catalog();
    let a100 = chip(&c, "a100-sxm-80gb");
    // 600 NVLink + 64 PCIe = 664 >= 600 and 4,992 >= 4,800.
    assert_eq!(classify(a100, d(Y2022)).unwrap().eccn.map(|e| e.as_str()), Some("3A090"));
    // 4,992 / 826 = 6.04 >= 5.92, so a.2 as well as a.1.
    let r = classify(a100, d(Y2023)).unwrap();
    assert_eq!(r.paragraphs, vec!["3A090.a.1", "3A090.a.2"]);
    let h100 = chip(&c, "h100-sxm");
    assert_eq!(h100.metrics.tpp.unwrap().value, 15832.0);
    // 15,832 / 814 = 19.45
    assert!((h100.metrics.performance_density.unwrap().value - 19.45).abs() < 0.01);
    assert_eq!(classify(h100, d(Y2023)).unwrap().eccn.map(|e| e.as_str()), Some("3A090.a"));
    let pcie = chip(&c, "h100-pcie");
    // 1,513 × 8 = 12,104
    assert_eq!(pcie.metrics.tpp.unwrap().value, 12104.0);
}

#[test]
fn ada_datacenter_parts_fall_in_each_paragraph() {
    let c = catalog();
    // L4: 242.5 × 8 = 1,940; 1,940 / 294.5 = 6.59 >= 5.92 → a.2 (the density prong).
    let l4 = classify(chip(&c, "l4"), d(Y2023)).unwrap();
    assert_eq!(l4.paragraphs, vec!["3A090.a.2"]);
    // L40: 2,896.8 / 608.5 = 4.76: 2,400 <= TPP < 4,800 and 1.6 <= PD < 5.92 → b.1 (also b.2).
    let l40 = classify(chip(&c, "l40"), d(Y2023)).unwrap();
    assert_eq!(l40.eccn.map(|e| e.as_str()), Some("3A090.b"));
    assert!(l40.paragraphs.contains(&"3A090.b.1"));
    // L40S: 733 × 8 = 5,864 → a.1.
    let l40s = classify(chip(&c, "l40s"), d(Y2023)).unwrap();
    assert!(l40s.paragraphs.contains(&"3A090.a.1"));
    // L20: TPP < 2,400 (b.1 fails) and PD 3.14 < 3.2 (b.2 fails) → outside.
    let l20 = classify(chip(&c, "l20"), d(Y2023)).unwrap();
    assert!(!l20.controlled);
    let pd = chip(&c, "l20").metrics.performance_density.unwrap().value;
    assert!(pd < 3.2 && pd > 3.1, "{pd}");
    // L2: 193 × 8 = 1,544 < 1,600 floor → outside even with unknown die area.
    let l2 = classify(chip(&c, "l2"), d(Y2023)).unwrap();
    assert!(!l2.controlled);
    assert!(l2.decided, "TPP below every floor decides it without density");
}

#[test]
fn consumer_cards_and_the_datacenter_note() {
    let c = catalog();
    // RTX 4090: 660.6 × 8 = 5,284.8 >= 4,800, so Note 2 cannot apply → a.1.
    let r = classify(chip(&c, "rtx-4090"), d(Y2023)).unwrap();
    assert!(r.controlled && r.paragraphs.contains(&"3A090.a.1"));
    // RTX 4090D: 588.5 × 8 = 4,708 < 4,800 and not a datacenter part → Note 2 excludes it,
    // although its density 7.74 meets a.2 numerically.
    let r = classify(chip(&c, "rtx-4090d"), d(Y2023)).unwrap();
    assert!(!r.controlled);
    assert_eq!(r.exclusions[0].applied, Some(true));
    assert!(r.numerically_met.contains(&"3A090.a.2"));
    // RTX 5090D: 1,187.5 × 4 = 4,750 < 4,800, consumer → excluded.
    assert!(!classify(chip(&c, "rtx-5090d"), d(Y2023)).unwrap().controlled);
}

#[test]
fn the_2026_case_by_case_gate() {
    let c = catalog();
    let countries = Countries::embedded().unwrap();
    let on = d("2026-03-01");
    // MI325X: 2,614.9 × 8 = 20,919 < 21,000 and 6,000 GB/s < 6,500 → case-by-case.
    let v = check(chip(&c, "mi325x"), &countries, "CN", on).unwrap();
    assert!(v.license_required);
    assert_eq!(v.review_policy.map(|p| p.as_str()), Some("case-by-case"));
    assert!(v.conditions.iter().any(|c| c.kind == "tariff" && c.percent == Some(25.0)));
    // B200: 9,000 × 4 = 36,000 >= 21,000 → presumption of denial.
    let v = check(chip(&c, "b200"), &countries, "CN", on).unwrap();
    assert_eq!(v.review_policy.map(|p| p.as_str()), Some("presumption-of-denial"));
    // H800: under the gate numerically, but a China-only SKU not sold in the US → denial.
    let v = check(chip(&c, "h800"), &countries, "CN", on).unwrap();
    assert_eq!(v.review_policy.map(|p| p.as_str()), Some("presumption-of-denial"));
    // Before 2026-01-15 the H200 to China is presumption of denial.
    let v = check(chip(&c, "h200"), &countries, "CN", d("2025-12-31")).unwrap();
    assert_eq!(v.review_policy.map(|p| p.as_str()), Some("presumption-of-denial"));
}

#[test]
fn h20_story_timeline_to_china() {
    let c = catalog();
    let countries = Countries::embedded().unwrap();
    let t = timeline(chip(&c, "h20"), &countries, "CN", d("2026-11-29")).unwrap();
    // The licence story; the other entries are China's advisories and the Affiliates Rule
    // (tests/events_2025_2026.rs), which never change the licence answer.
    let t: Vec<_> = t
        .into_iter()
        .filter(|e| e.changed.iter().any(|c| !matches!(*c, "import_advisories" | "conditions" | "press_overlays")))
        .collect();
    let dates: Vec<String> = t.iter().map(|e| e.check.date.to_string()).collect();
    assert_eq!(dates, vec!["2022-10-07", "2023-11-17", "2025-04-09", "2025-08-11"]);
    assert!(!t[1].check.license_required, "outside 3A090 from 2023-11-17");
    assert!(t[2].check.license_required, "the letter of 2025-04-09");
    let share = t[3].check.conditions.iter().find(|c| c.kind == "revenue-share").unwrap();
    assert_eq!(share.percent, Some(15.0));
}

#[test]
fn hong_kong_is_china_and_macau_joins_in_2023() {
    let c = catalog();
    let countries = Countries::embedded().unwrap();
    let a100 = chip(&c, "a100-sxm-80gb");
    assert!(check(a100, &countries, "HK", d("2022-12-01")).unwrap().license_required);
    assert!(!check(a100, &countries, "MO", d("2022-12-01")).unwrap().license_required);
    assert!(check(a100, &countries, "MO", d("2023-02-01")).unwrap().license_required);
}

#[test]
fn destinations_outside_and_inside_the_2023_scope() {
    let c = catalog();
    let countries = Countries::embedded().unwrap();
    let l40 = chip(&c, "l40");
    let on = d("2024-06-01");
    // Germany (A:5): no licence; Saudi Arabia (D:4, not A:5/A:6): licence, ACA for a 3A090.b
    // datacenter part after 2024-04-04; Israel (A:6 + D:4): carved out.
    assert!(!check(l40, &countries, "DE", on).unwrap().license_required);
    let sa = check(l40, &countries, "SA", on).unwrap();
    assert!(sa.license_required);
    assert_eq!(sa.review_policy.map(|p| p.as_str()), Some("presumption-of-approval"));
    assert_eq!(sa.license_exceptions.iter().map(|e| e.id).collect::<Vec<_>>(), vec!["ACA"]);
    assert!(!check(l40, &countries, "IL", on).unwrap().license_required);
    // China: NAC with notification.
    let cn = check(l40, &countries, "CN", on).unwrap();
    assert_eq!(cn.license_exceptions[0].id, "NAC");
    assert!(cn.license_exceptions[0].notification_required);
}

#[test]
fn uae_moves_to_a5() {
    let c = catalog();
    let countries = Countries::embedded().unwrap();
    let h100 = chip(&c, "h100-sxm");
    let before = check(h100, &countries, "AE", d("2026-07-09")).unwrap();
    assert!(before.license_required);
    let after = check(h100, &countries, "AE", d("2026-07-10")).unwrap();
    assert!(!after.license_required);
    assert!(after.conditions.iter().any(|c| c.kind == "approved-end-user"));
}

#[test]
fn bad_dates_and_destinations_are_errors() {
    let c = catalog();
    let countries = Countries::embedded().unwrap();
    let h20 = chip(&c, "h20");
    assert!(classify(h20, d("2021-01-01")).is_err());
    assert!(check(h20, &countries, "ZZ", d("2024-01-01")).is_err());
}
