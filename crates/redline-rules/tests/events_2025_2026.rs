//! The measures of September 2025 – December 2026 (docs/research/events-2025-2026.md): the
//! Section 232 Annex at and just inside/outside each band, the Affiliates Rule before, during and
//! after its suspension, press overlays that never decide a verdict, and China's and Malaysia's
//! import advisories on their dates.

use redline_catalog::{Catalog, Chip, Grade, Metric, Provenance, parse_spec};
use redline_rules::editions::e2026_01_15_tariff::annex;
use redline_rules::{Check, Countries, Date, ReviewPolicy, check, editions};

const HAIR: f64 = 1e-6;

/// A chip with exactly this TPP and DRAM bandwidth (designer "Example", country unknown).
fn synthetic(tpp: f64, dram: f64) -> Chip {
    let text =
        "id = \"synthetic\"\nname = \"Synthetic\"\nvendor = \"Example\"\ndatacenter = true\n[dense]\nfp8 = 1.0\n";
    let spec = parse_spec(text, "synthetic.toml", Provenance::Optional).unwrap();
    let mut chip = Chip::new(spec, "test");
    let m = |v: f64| Some(Metric { value: v, grade: None });
    chip.metrics.tpp = m(tpp);
    chip.metrics.bit_length_tops = m(tpp);
    chip.metrics.performance_density = m(1.0);
    chip.metrics.dram_bandwidth_gbs = m(dram);
    chip
}

fn band(tpp: f64, dram: f64) -> Option<u8> {
    annex(&synthetic(tpp, dram)).band
}

fn catalog() -> Catalog {
    Catalog::embedded().unwrap()
}

fn countries() -> Countries {
    Countries::embedded().unwrap()
}

fn on(c: &Catalog, id: &str, to: &str, date: &str) -> Check {
    check(c.get(id).unwrap(), &countries(), to, date.parse().unwrap()).unwrap()
}

fn kinds(c: &Check) -> Vec<&'static str> {
    c.conditions.iter().map(|x| x.kind).collect()
}

// ---- Section 232 Annex -------------------------------------------------------------------------

#[test]
fn annex_band1_edges_are_exclusive() {
    // Band 1: 14,000 < TPP < 17,500 and 4,500 < DRAM < 5,000 GB/s (strict on every side).
    assert_eq!(band(15_000.0, 4_800.0), Some(1));
    assert_eq!(band(14_000.0, 4_800.0), None, "at the lower TPP edge: out");
    assert_eq!(band(14_000.0 + HAIR, 4_800.0), Some(1), "just inside");
    assert_eq!(band(17_500.0, 4_800.0), None, "at the upper TPP edge: out");
    assert_eq!(band(17_500.0 - HAIR, 4_800.0), Some(1));
    assert_eq!(band(15_000.0, 4_500.0), None, "at the lower DRAM edge: out");
    assert_eq!(band(15_000.0, 4_500.0 + HAIR), Some(1));
    assert_eq!(band(15_000.0, 5_000.0), None, "at the upper DRAM edge: out");
    assert_eq!(band(15_000.0, 5_000.0 - HAIR), Some(1));
}

#[test]
fn annex_band2_edges_are_exclusive() {
    // Band 2: 20,800 < TPP < 21,100 and 5,800 < DRAM < 6,200 GB/s.
    assert_eq!(band(20_900.0, 6_000.0), Some(2));
    assert_eq!(band(20_800.0, 6_000.0), None);
    assert_eq!(band(20_800.0 + HAIR, 6_000.0), Some(2));
    assert_eq!(band(21_100.0, 6_000.0), None);
    assert_eq!(band(21_100.0 - HAIR, 6_000.0), Some(2));
    assert_eq!(band(20_900.0, 5_800.0), None);
    assert_eq!(band(20_900.0, 5_800.0 + HAIR), Some(2));
    assert_eq!(band(20_900.0, 6_200.0), None);
    assert_eq!(band(20_900.0, 6_200.0 - HAIR), Some(2));
    // The bands do not mix: band 1's TPP with band 2's bandwidth is in neither.
    assert_eq!(band(15_000.0, 6_000.0), None);
    assert_eq!(band(20_900.0, 4_800.0), None);
}

#[test]
fn annex_unknown_bandwidth_is_undecided_not_guessed() {
    let mut chip = synthetic(15_000.0, 0.0);
    chip.metrics.dram_bandwidth_gbs = None;
    let t = annex(&chip);
    assert_eq!(t.band, None);
    assert!(!t.decided);
    // TPP alone outside both bands settles it.
    let mut chip = synthetic(30_000.0, 0.0);
    chip.metrics.dram_bandwidth_gbs = None;
    assert!(annex(&chip).decided);
}

#[test]
fn annex_catches_h200_and_mi325x_not_h100_a100_l40s() {
    let c = catalog();
    // H200: 1,979 FP8 × 8 = 15,832 TPP, 4,800 GB/s: band 1.
    assert_eq!(annex(c.get("h200").unwrap()).band, Some(1));
    // MI325X: 2,614.9 FP8 × 8 = 20,919.2 TPP, 6,000 GB/s: band 2.
    assert_eq!(annex(c.get("mi325x").unwrap()).band, Some(2));
    // H100 SXM: 15,832 TPP but 3,350 GB/s < 4,500; MI300X: 20,919.2 but 5,300 < 5,800.
    for id in ["h100-sxm", "mi300x", "a100-sxm-80gb", "l40s", "h200-nvl", "b30a"] {
        let t = annex(c.get(id).unwrap());
        assert_eq!(t.band, None, "{id}");
        assert!(t.decided, "{id}");
    }
}

#[test]
fn tariff_only_for_annex_chips_in_the_case_by_case_band() {
    let c = catalog();
    let h200 = on(&c, "h200", "CN", "2026-02-01");
    let t = h200.conditions.iter().find(|x| x.kind == "tariff").expect("h200 pays the tariff");
    assert_eq!(t.percent, Some(25.0));
    assert_eq!(t.grade, Grade::Official);
    assert!(kinds(&h200).contains(&"tariff-exemption"));
    assert!(h200.summary.contains("tariff 25%"));
    // H100 and L40S sit in the same case-by-case band, but outside the Annex: no tariff.
    for id in ["h100-sxm", "l40s", "a100-sxm-80gb"] {
        let v = on(&c, id, "CN", "2026-02-01");
        assert_eq!(v.review_policy, Some(ReviewPolicy::CaseByCase), "{id}");
        assert!(!kinds(&v).contains(&"tariff"), "{id}: {:?}", kinds(&v));
        assert!(v.reasons.iter().any(|r| r.contains("outside both bands")), "{id}");
    }
    // Before the proclamation there is none.
    assert!(!kinds(&on(&c, "h200", "CN", "2026-01-14")).contains(&"tariff"));
    // The tariff never decides the licence: same answer as the day before, bar the policy change.
    assert!(h200.license_required);
}

// ---- Affiliates Rule ---------------------------------------------------------------------------

#[test]
fn affiliates_rule_before_during_and_after_its_suspension() {
    let c = catalog();
    let has = |date: &str| kinds(&on(&c, "l4", "DE", date)).contains(&"affiliates-rule");
    assert!(!has("2025-09-28"), "before the rule");
    assert!(has("2025-09-29"), "first day in force");
    assert!(has("2025-11-09"), "last day before the suspension");
    assert!(!has("2025-11-10"), "first day suspended");
    assert!(!has("2026-11-09"), "last day suspended");
    assert!(has("2026-11-10"), "scheduled return");
    assert!(has("2026-12-02"));

    let during = on(&c, "l4", "DE", "2026-06-01");
    assert!(during.reasons.iter().any(|r| r.contains("suspended from 2025-11-10 through 2026-11-09")));
    // In force: official; after the scheduled return: an estimate that says it is unconfirmed.
    let first = on(&c, "h100-sxm", "CN", "2025-10-01");
    let a = first.conditions.iter().find(|x| x.kind == "affiliates-rule").unwrap();
    assert_eq!(a.grade, Grade::Official);
    let after = on(&c, "h100-sxm", "CN", "2026-12-01");
    let a = after.conditions.iter().find(|x| x.kind == "affiliates-rule").unwrap();
    assert_eq!(a.grade, Grade::Estimate);
    assert!(a.text.contains("no source found"), "{}", a.text);
    // It is a condition on the end user, never a change of the licence answer.
    let before = on(&c, "l4", "DE", "2025-09-28");
    let inforce = on(&c, "l4", "DE", "2025-09-29");
    assert_eq!(before.license_required, inforce.license_required);
    assert_eq!(before.review_policy, inforce.review_policy);
    // No export, no condition.
    assert!(!kinds(&on(&c, "h100-sxm", "US", "2025-10-01")).contains(&"affiliates-rule"));
}

// ---- Press overlays ----------------------------------------------------------------------------

#[test]
fn press_overlays_are_shown_and_never_decide() {
    let c = catalog();
    let b30a = on(&c, "b30a", "CN", "2025-12-01");
    assert_eq!(b30a.press_overlays.len(), 1);
    let p = &b30a.press_overlays[0];
    assert_eq!((p.edition, p.grade, p.basis_of_verdict), ("2025-11-06", Grade::Press, false));
    // The B30A's answer is the published rules' (TPP 28,000 >= 4,800: 3A090.a; China: denial),
    // identical to the day before the report, and not graded press.
    let day_before = on(&c, "b30a", "CN", "2025-11-05");
    assert!(day_before.press_overlays.is_empty());
    assert_eq!(b30a.license_required, day_before.license_required);
    assert_eq!(b30a.review_policy, day_before.review_policy);
    assert_eq!(b30a.evidence_grade, day_before.evidence_grade);
    assert_ne!(b30a.evidence_grade, Some(Grade::Press));

    let g42 = on(&c, "gb300", "AE", "2025-12-01");
    assert!(g42.press_overlays.iter().any(|p| p.summary.contains("G42")));
    let humain = on(&c, "gb300", "SA", "2025-12-01");
    assert!(humain.press_overlays.iter().any(|p| p.summary.contains("Humain")));
    assert!(humain.license_required, "the named-buyer approval does not lift the licence requirement");

    let h200 = on(&c, "h200", "CN", "2026-07-01");
    assert!(h200.press_overlays.iter().any(|p| p.summary.contains("75000")));
    assert_eq!(h200.review_policy, Some(ReviewPolicy::CaseByCase));
    assert!(on(&c, "h200", "CN", "2026-03-02").press_overlays.is_empty());
}

#[test]
fn no_verdict_rests_on_a_press_item_without_saying_so() {
    let c = catalog();
    let countries = countries();
    let dates: Vec<Date> = editions::ALL.iter().map(|e| e.effective).chain([Date::ymd(2026, 12, 2)]).collect();
    for chip in c.chips() {
        for to in ["CN", "HK", "MO", "AE", "SA", "MY", "DE", "IN"] {
            for &date in &dates {
                let v = check(chip, &countries, to, date).unwrap();
                assert!(v.press_overlays.iter().all(|p| !p.basis_of_verdict));
                // A press grade may come from the spec's own values (the H20's figures are
                // press-graded); otherwise a press-graded rule item decided it, and a reason must say so.
                let m = &chip.metrics;
                let spec_press = [m.tpp, m.dram_bandwidth_gbs, m.performance_density]
                    .iter()
                    .any(|x| x.is_some_and(|x| x.grade == Some(Grade::Press)));
                if v.evidence_grade == Some(Grade::Press) && !spec_press {
                    assert!(
                        v.reasons.iter().any(|r| r.to_lowercase().contains("press")),
                        "{} to {to} on {date}: graded press but no reason says so",
                        chip.spec.id
                    );
                }
            }
        }
    }
}

#[test]
fn rules_list_every_new_item_with_its_grade() {
    let expect = [
        ("2025-09-29", Grade::Official),
        ("2025-11-06", Grade::Press),
        ("2025-11-10", Grade::Official),
        ("2025-11-19", Grade::Press),
        ("2026-01-15-tariff", Grade::Official),
        ("2026-03-03", Grade::Press),
        ("2026-04-07", Grade::Official),
        ("2026-11-10", Grade::Estimate),
    ];
    for (id, grade) in expect {
        let e = editions::find(id).unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(e.grade, grade, "{id}");
        assert!(e.doc.contains("## Citation") || e.doc.contains("Citation"), "{id} doc has a citation");
    }
    // Oldest first, ids unique.
    let dates: Vec<Date> = editions::ALL.iter().map(|e| e.effective).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]));
    let mut ids: Vec<&str> = editions::ALL.iter().map(|e| e.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), editions::ALL.len());
    let foundry = editions::find("2026-04-07").unwrap();
    assert!(foundry.doc.contains("OUT OF SCOPE"));
}

// ---- Import advisories ---------------------------------------------------------------------------

#[test]
fn china_advisories_appear_on_their_dates() {
    let c = catalog();
    let dates = |v: &Check| v.import_advisories.iter().map(|a| a.date.to_string()).collect::<Vec<_>>();
    assert!(on(&c, "h20", "CN", "2025-07-30").import_advisories.is_empty());
    let first = on(&c, "h20", "CN", "2025-07-31");
    assert_eq!(dates(&first), ["2025-07-31"]);
    let cac = &first.import_advisories[0];
    assert!(cac.authority.starts_with("CAC"));
    assert!(cac.concerns_chip);
    let late = on(&c, "rtx-pro-6000d", "CN", "2025-12-01");
    assert_eq!(dates(&late), ["2025-07-31", "2025-08-12", "2025-09-15", "2025-09-17", "2025-10-10", "2025-11-05"]);
    let order = late.import_advisories.iter().find(|a| a.date.to_string() == "2025-09-17").unwrap();
    assert!(order.concerns_chip && order.chips.contains(&"rtx-pro-6000d"));
    // The CAC summons over the H20 does not name the RTX Pro 6000D.
    assert!(!late.import_advisories[0].concerns_chip);
    // H200 entries from 2026.
    let h200 = on(&c, "h200", "CN", "2026-02-01");
    assert!(h200.import_advisories.iter().any(|a| a.date.to_string() == "2026-01-14" && a.concerns_chip));
    // A domestic chip is not reached by the foreign-chip guidance.
    let ascend = on(&c, "ascend-910c", "CN", "2026-02-01");
    assert!(ascend.import_advisories.iter().all(|a| !a.concerns_chip));
}

#[test]
fn advisories_never_change_the_us_answer() {
    let c = catalog();
    for (id, before, after) in [("h20", "2025-07-30", "2025-07-31"), ("rtx-pro-6000d", "2025-09-16", "2025-09-17")] {
        let a = on(&c, id, "CN", before);
        let b = on(&c, id, "CN", after);
        assert_eq!(a.import_advisories.len() + 1, b.import_advisories.len(), "{id}");
        assert_eq!(a.license_required, b.license_required);
        assert_eq!(a.review_policy, b.review_policy);
        assert_eq!(a.evidence_grade, b.evidence_grade);
        assert_eq!(a.summary, b.summary);
    }
}

#[test]
fn advisories_absent_for_other_destinations_and_malaysia_has_its_permit() {
    let c = catalog();
    for to in ["DE", "AE", "SA", "IN", "HK", "MO", "JP"] {
        assert!(on(&c, "h20", to, "2026-12-01").import_advisories.is_empty(), "{to}");
    }
    assert!(on(&c, "h200", "MY", "2025-07-13").import_advisories.is_empty());
    let my = on(&c, "h200", "MY", "2025-07-14");
    assert_eq!(my.import_advisories.len(), 1);
    assert!(my.import_advisories[0].authority.starts_with("MITI"));
    assert!(my.import_advisories[0].concerns_chip, "US-origin chip");
    let huawei = on(&c, "ascend-910c", "MY", "2026-01-01");
    assert!(!huawei.import_advisories[0].concerns_chip, "not of US origin");
}

#[test]
fn advisories_json_contract() {
    let c = catalog();
    let v = serde_json::to_value(on(&c, "h20", "CN", "2025-12-01")).unwrap();
    let list = v["import_advisories"].as_array().expect("a list");
    assert!(!list.is_empty());
    for a in list {
        let date = a["date"].as_str().unwrap();
        assert_eq!(date.len(), 10);
        assert!(date.parse::<Date>().is_ok(), "{date}");
        for f in ["authority", "summary", "grade", "source"] {
            assert!(a[f].as_str().is_some_and(|s| !s.is_empty()), "{f}");
        }
        assert!(a["chips"].is_array());
    }
    let none = serde_json::to_value(on(&c, "h20", "DE", "2025-12-01")).unwrap();
    assert_eq!(none["import_advisories"], serde_json::json!([]));
}
