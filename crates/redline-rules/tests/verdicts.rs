//! The verdict model, hand-worked from the regulation texts (see
//! /work/shared/reference/export-rules.md for the texts and their citations):
//! `required`, `not-required`, `depends` (facts a spec cannot hold) and `uncertain` (the
//! evidence does not settle it), the conditions in their right places, facts as inputs,
//! bounds deciding a criterion, and `changes` for every edition.

use proptest::prelude::*;

use redline_catalog::{Catalog, Chip};
use redline_rules::{Check, Countries, Date, FactInput, Role, Verdict, changes, check, check_with, classify, editions};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

struct World {
    catalog: Catalog,
    countries: Countries,
}

fn world() -> World {
    World { catalog: Catalog::embedded().unwrap(), countries: Countries::embedded().unwrap() }
}

impl World {
    fn chip(&self, id: &str) -> &Chip {
        self.catalog.get(id).unwrap()
    }
    fn check(&self, id: &str, to: &str, on: &str) -> Check {
        check(self.chip(id), &self.countries, to, d(on)).unwrap()
    }
    fn with(&self, id: &str, to: &str, on: &str, hq: Option<&str>, approved: Option<bool>) -> Check {
        let facts =
            FactInput { end_user_hq: hq.map(str::to_string), end_user_approved: approved, subject_to_ear: None };
        check_with(self.chip(id), &self.countries, to, d(on), &facts).unwrap()
    }
}

fn kinds(c: &Check) -> Vec<&'static str> {
    c.conditions.iter().map(|x| x.kind).collect()
}

#[test]
fn required_h100_to_china() {
    // 88 FR 73458, 3A090.a.1: TPP >= 4,800. H100 SXM dense FP8 1,979 TFLOPS x 8 = 15,832.
    // China is in D:5 (Supp. No. 1 to part 740): licence required, presumption of denial.
    let w = world();
    let c = w.check("h100-sxm", "CN", "2024-06-01");
    assert_eq!(c.verdict, Verdict::Required);
    assert!(c.license_required && c.classification_decided);
    assert!(c.depends_on.is_empty() && c.branches.is_empty());
    // The headquarters scope is moot for a shipment to China itself.
    assert!(!kinds(&c).contains(&"end-user-headquarters"), "{:?}", kinds(&c));
    // Screening duties are listed for every export but do not make the verdict depend.
    assert!(kinds(&c).contains(&"restricted-parties") && kinds(&c).contains(&"end-use"));
    assert!(c.summary.starts_with("licence required; presumption of denial"), "{}", c.summary);
}

#[test]
fn not_required_h20_before_the_letters() {
    // 88 FR 73458: H20 TPP 148 x 16 = 2,368 < 2,400 (misses b.1) and density 2.91 < 3.2
    // (misses b.2): outside 3A090. Before the 2025-04-09 letter nothing else reaches it.
    let w = world();
    let c = w.check("h20", "CN", "2024-06-01");
    assert_eq!(c.verdict, Verdict::NotRequired);
    assert!(!c.license_required);
    assert!(c.conditions.iter().all(|x| x.role == Role::Screening), "{:?}", kinds(&c));
    assert!(c.summary.starts_with("no licence required"), "{}", c.summary);
    assert!(c.summary.ends_with("[not 3A090]"));
}

#[test]
fn depends_h20_to_malaysia_on_the_letters_headquarters_scope() {
    // NVIDIA 8-K filed 2025-04-15: a licence is required to export the H20 to China and D:5
    // "including ... companies headquartered, or with an ultimate parent, in those countries,
    // wherever located". Malaysia is in no Country Group that matters: the answer turns on the
    // end user's headquarters.
    let w = world();
    let c = w.check("h20", "MY", "2025-09-01");
    assert_eq!(c.verdict, Verdict::Depends);
    assert!(!c.license_required, "license_required keeps its meaning: favourable facts");
    assert_eq!(c.depends_on, ["end-user-headquarters"]);
    assert!(
        c.summary.starts_with(
            "no licence required unless the end user is headquartered in China or D:5 (letter of 2025-04-09)"
        ),
        "{}",
        c.summary
    );
    // The fact as an input decides it.
    let cn = w.with("h20", "MY", "2025-09-01", Some("CN"), None);
    assert_eq!(cn.verdict, Verdict::Required);
    assert!(cn.license_required && cn.depends_on.is_empty());
    let us = w.with("h20", "Malaysia", "2025-09-01", Some("United States"), None);
    assert_eq!(us.verdict, Verdict::NotRequired);
    assert_eq!(us.end_user_hq.as_deref(), Some("US"));
    // Hong Kong is China and Macau is named: both inside the scope.
    assert!(w.with("h20", "MY", "2025-09-01", Some("HK"), None).license_required);
    assert!(w.with("h20", "MY", "2025-09-01", Some("Macau"), None).license_required);
    // Before the letter, nothing depends.
    assert_eq!(w.check("h20", "MY", "2025-04-08").verdict, Verdict::NotRequired);
}

#[test]
fn depends_3a090_item_to_an_a5_country_on_the_d5_headquarters_scope() {
    // 88 FR 73458 (§742.6(a)(6)(iii)): 3A090 items need a licence worldwide for entities
    // headquartered in, or with an ultimate parent in, D:5 or Macau. Germany is A:5: no
    // licence for the destination, so the verdict depends on the end user's headquarters.
    let w = world();
    let c = w.check("b200", "DE", "2025-09-01");
    assert_eq!(c.verdict, Verdict::Depends);
    assert_eq!(c.depends_on, ["end-user-headquarters"]);
    let cn = w.with("b200", "DE", "2025-09-01", Some("China"), None);
    assert!(cn.license_required);
    assert_eq!(cn.review_policy.map(|p| p.as_str()), Some("presumption-of-denial"));
    assert_eq!(w.with("b200", "DE", "2025-09-01", Some("FR"), None).verdict, Verdict::NotRequired);
}

#[test]
fn depends_uae_on_approved_end_users() {
    // 91 FR 43034 (effective 2026-07-10): the UAE moves to A:5 but stays named in the 3A090
    // requirement; licence-free only for the UAE government, Supp. No. 8 entities and listed
    // US firms' subsidiaries.
    let w = world();
    let c = w.check("h100-sxm", "AE", "2026-08-01");
    assert_eq!(c.verdict, Verdict::Depends);
    assert!(c.depends_on.contains(&"approved-end-user"), "{:?}", c.depends_on);
    let no = w.with("h100-sxm", "UAE", "2026-08-01", None, Some(false));
    assert_eq!(no.verdict, Verdict::Required);
    let yes = w.with("h100-sxm", "United Arab Emirates", "2026-08-01", Some("AE"), Some(true));
    assert_eq!(yes.verdict, Verdict::NotRequired, "{}", yes.summary);
    assert!(!kinds(&yes).contains(&"approved-end-user"));
    // The day before, the UAE was D:4 outside A:5: licence required, presumption of approval.
    assert_eq!(w.check("h100-sxm", "AE", "2026-07-09").verdict, Verdict::Required);
}

#[test]
fn gp10_never_plain_not_required_for_ascend() {
    // BIS guidance of 2025-05-13: dealing in Ascend 910B/C/D anywhere risks violating General
    // Prohibition 10. A Malaysian (no-group) destination: not required by 3A090 for a
    // non-D:5-headquartered end user, but GP10 exposure decides it.
    let w = world();
    for id in ["ascend-910b", "ascend-910c"] {
        for to in ["MY", "DE", "IN", "BR"] {
            let c = w.with(id, to, "2025-06-01", Some("US"), None);
            assert_ne!(c.verdict, Verdict::NotRequired, "{id} to {to}: {}", c.summary);
            assert!(c.depends_on.contains(&"gp10") || c.verdict == Verdict::Required, "{id} {to}");
        }
        // Before the guidance there is no GP10 condition.
        assert!(!kinds(&w.check(id, "MY", "2025-05-12")).contains(&"gp10"));
    }
    let c = w.check("ascend-910b", "MY", "2025-06-01");
    assert!(c.summary.contains("made in violation of the EAR"), "{}", c.summary);
}

#[test]
fn uncertain_rtx_pro_6000d_straddles_the_press_line() {
    // Letter line: DRAM >= 1,400 GB/s, PRESS-REPORTED (Reuters 2025-08-21). The spec records
    // 1,568 GB/s as shipped and a revision of 1,398 GB/s (planned, Reuters): 1,568 >= 1,400
    // needs a licence to China, 1,398 < 1,400 does not. The best-supported figure (1,568)
    // keeps license_required = true.
    let w = world();
    let c = w.check("rtx-pro-6000d", "CN", "2026-03-01");
    assert_eq!(c.verdict, Verdict::Uncertain);
    assert!(c.license_required);
    assert!(c.depends_on.is_empty());
    assert!(c.branches.len() >= 2);
    assert!(c.branches[0].license_required);
    let planned = c.branches.iter().find(|b| b.assumption.contains("1,398")).expect("1,398 branch");
    assert!(!planned.license_required);
    assert_eq!(planned.grade.map(|g| g.to_string()).as_deref(), Some("press"));
    assert!(planned.source.contains("reuters"), "{}", planned.source);
    // The press line itself set aside: also not required.
    assert!(c.branches.iter().any(|b| b.assumption.contains("letter-2025-04/dram") && !b.license_required));
    assert!(c.summary.starts_with("uncertain: licence required if"), "{}", c.summary);
}

#[test]
fn uncertain_when_the_classification_is_open_and_no_eccn_claimed() {
    // TPU v5e: TPP 3,152 (>= 1,600 and >= 2,400) but die area unknown, so density cannot be
    // placed against 5.92 / 3.2 / 1.6 (88 FR 73458 a.2, b.1, b.2): the classification is
    // open. To China the cautious answer is licence required; outside 3A090 it would not be.
    let w = world();
    let c = w.check("tpu-v5e", "CN", "2024-06-01");
    assert!(!c.classification_decided);
    assert_eq!(c.eccn, None);
    assert_eq!(c.verdict, Verdict::Uncertain);
    assert!(c.summary.ends_with("[classification undecided]"), "{}", c.summary);
    assert!(!c.summary.contains("not 3A090"));
    assert!(c.branches.iter().any(|b| b.license_required) && c.branches.iter().any(|b| !b.license_required));
    // MI308X is open too, but named in the letter: required whatever the classification.
    let m = w.check("mi308x", "CN", "2025-09-01");
    assert!(!m.classification_decided);
    assert_eq!(m.verdict, Verdict::Required);
    assert!(!m.summary.contains("not 3A090"), "{}", m.summary);
}

#[test]
fn a_known_lower_bound_decides_the_2022_io_prong() {
    // 87 FR 62186: aggregate I/O (to ICs other than memory) >= 600 GB/s. GB200: NVLink
    // 1,800 GB/s known, host link unknown. I/O = 1,800 + host >= 1,800 >= 600: met, whatever
    // the host link. Compute 40,000 >= 4,800: 3A090 decided.
    let w = world();
    let cls = classify(w.chip("gb200"), d("2023-06-01")).unwrap();
    let io = cls.criteria.iter().find(|c| c.id == "3A090.a/io").unwrap();
    assert_eq!(io.value, None);
    assert_eq!(io.lower_bound, Some(1800.0));
    assert_eq!(io.met, Some(true));
    assert!(cls.decided && cls.controlled);
    assert_eq!(cls.eccn.map(|e| e.as_str()), Some("3A090"));
    assert!(cls.summary.contains("at least 1,800"), "{}", cls.summary);
    assert_eq!(w.check("gb200", "CN", "2023-06-01").verdict, Verdict::Required);
}

#[test]
fn contract_invariants_over_the_catalogue() {
    let w = world();
    for chip in w.catalog.chips() {
        for to in ["CN", "MO", "AE", "SA", "MY", "DE", "US"] {
            for on in ["2023-06-01", "2024-06-01", "2025-09-01", "2026-03-01", "2026-08-01"] {
                let c = check(chip, &w.countries, to, d(on)).unwrap();
                let id = &chip.spec.id;
                assert_eq!(!c.depends_on.is_empty(), c.verdict == Verdict::Depends, "{id} {to} {on}");
                let mixed =
                    c.branches.iter().any(|b| b.license_required) && c.branches.iter().any(|b| !b.license_required);
                assert_eq!(mixed, c.verdict == Verdict::Uncertain, "{id} {to} {on}");
                if c.verdict == Verdict::Uncertain {
                    assert_eq!(c.branches[0].license_required, c.license_required, "{id} {to} {on}");
                }
                for k in &c.depends_on {
                    let cond = c.conditions.iter().find(|x| x.kind == *k).unwrap();
                    assert_eq!(cond.role, Role::Scope, "{id} {to} {on}: {k}");
                }
                match c.verdict {
                    Verdict::Required => assert!(c.license_required),
                    Verdict::NotRequired | Verdict::Depends => assert!(!c.license_required),
                    Verdict::Uncertain => {}
                }
                if c.eccn.is_none() && !c.classification_decided {
                    assert!(!c.summary.contains("not 3A090"), "{id} {to} {on}");
                }
                if to == "CN" || to == "MO" {
                    assert!(!c.depends_on.contains(&"end-user-headquarters"), "{id} {to} {on}");
                }
            }
        }
    }
}

#[test]
fn changes_for_every_edition() {
    let w = world();
    let chips: Vec<&Chip> = w.catalog.chips().iter().collect();
    let dests = redline_rules::changes::DEFAULT_DESTINATIONS;
    let find = |list: &[redline_rules::EditionChange], chip: &str, to: &str| {
        list.iter().find(|c| c.chip == chip && c.destination == to).cloned()
    };
    for e in editions::ALL.iter().skip(1) {
        let list = changes(&chips, &w.countries, e, &dests).unwrap();
        for c in &list {
            assert!(!c.changed.is_empty());
            assert_eq!(c.before.date, e.effective.pred());
            assert_eq!(c.after.date, e.effective);
        }
        match e.id {
            // 88 FR 2821: Macau joins the China scope of the 2022 rule.
            "2023-01-17" => {
                let a100 = find(&list, "a100-sxm-80gb", "MO").unwrap();
                assert_eq!((a100.before.verdict, a100.after.verdict), (Verdict::NotRequired, Verdict::Required));
                assert!(list.iter().all(|c| c.destination == "MO"));
            }
            // 88 FR 73458: the A800 (TPP 4,992 >= 4,800) becomes 3A090.a.1.
            "2023-11-17" => {
                let a800 = find(&list, "a800", "CN").unwrap();
                assert_eq!((a800.before.license_required, a800.after.license_required), (false, true));
            }
            // 89 FR 23876: ACA replaces NAC outside D:5/Macau (A30 is 3A090.b, datacenter).
            "2024-04-04" => {
                let a30 = find(&list, "a30", "SA").unwrap();
                assert_eq!(a30.changed, ["license_exceptions"]);
                assert_eq!(a30.after.license_exceptions[0].id, "ACA");
            }
            // 89 FR 96790 adds 3A090.c for standalone HBM: the catalogue has no HBM item.
            // 90 FR 4544 (AI Diffusion) never creates a requirement here (not enforced).
            "2024-12-02" | "2025-01-13" => assert!(list.is_empty(), "{}: {:?}", e.id, list.len()),
            "2025-04-09" => {
                assert_eq!(find(&list, "h20", "CN").unwrap().after.verdict, Verdict::Required);
                assert_eq!(find(&list, "h20", "MY").unwrap().after.verdict, Verdict::Depends);
            }
            "2025-05-13" => {
                let a = find(&list, "ascend-910b", "MY").unwrap();
                assert!(a.after.depends_on.contains(&"gp10") && !a.before.depends_on.contains(&"gp10"));
                assert!(list.iter().all(|c| c.chip.starts_with("ascend-")));
            }
            "2025-08-11" => {
                let h20 = find(&list, "h20", "CN").unwrap();
                assert_eq!(h20.after.review_policy.map(|p| p.as_str()), Some("case-by-case"));
                assert!(h20.after.conditions.iter().any(|x| x.kind == "revenue-share" && x.percent == Some(15.0)));
            }
            // 91 FR 1684: H200 (TPP 15,832 < 21,000, DRAM 4,800 < 6,500) to case-by-case.
            "2026-01-15" => {
                let h200 = find(&list, "h200", "CN").unwrap();
                assert_eq!(h200.before.review_policy.map(|p| p.as_str()), Some("presumption-of-denial"));
                assert_eq!(h200.after.review_policy.map(|p| p.as_str()), Some("case-by-case"));
                assert!(find(&list, "b200", "CN").is_none(), "B200 stays presumption of denial");
            }
            "2026-07-10" => {
                let h100 = find(&list, "h100-sxm", "AE").unwrap();
                assert_eq!((h100.before.verdict, h100.after.verdict), (Verdict::Required, Verdict::Depends));
                assert!(list.iter().all(|c| c.destination == "AE"));
            }
            // 90 FR 47201 in force, 90 FR 50857 suspending it, and its scheduled return: an
            // end-user screening condition on every check, never a change of the verdict.
            // A foreign-designed chip read as outside the EAR (depends on subject-to-ear)
            // carries no EAR screening, so its answer does not change.
            "2025-09-29" | "2025-11-10" | "2026-11-10" => {
                let outside_ear = chips
                    .iter()
                    .flat_map(|c| dests.iter().map(move |to| (c, to)))
                    .filter(|(c, to)| {
                        check(c, &w.countries, to, e.effective).unwrap().depends_on.contains(&"subject-to-ear")
                    })
                    .count();
                assert!(outside_ear > 0);
                assert_eq!(list.len(), chips.len() * dests.len() - outside_ear, "{}", e.id);
                for c in &list {
                    assert_eq!(c.changed, ["conditions"], "{} {}", c.chip, c.destination);
                    assert_eq!(c.before.verdict, c.after.verdict);
                    let had = |k: &Check| k.conditions.iter().any(|x| x.kind == "affiliates-rule");
                    assert_eq!(had(&c.after), e.id != "2025-11-10", "{} {}", c.chip, c.destination);
                }
            }
            // Press overlays and the out-of-scope foundry rule change no answer.
            "2025-11-06" | "2025-11-19" | "2026-03-03" | "2026-04-07" => {
                assert!(list.is_empty(), "{}: {:?}", e.id, list.len());
            }
            // Proclamation 11002 takes effect with 91 FR 1684: the 25% only inside the Annex bands.
            "2026-01-15-tariff" => {
                let tariff = |c: &Check| c.conditions.iter().find(|x| x.kind == "tariff").and_then(|x| x.percent);
                assert_eq!(tariff(&find(&list, "h200", "CN").unwrap().after), Some(25.0));
                assert_eq!(tariff(&find(&list, "mi325x", "CN").unwrap().after), Some(25.0));
                assert_eq!(tariff(&find(&list, "h100-sxm", "CN").unwrap().after), None);
            }
            other => panic!("no hand-worked case for edition {other}: add one"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    /// Adding a fact never turns a licence requirement into none unless the verdict said it
    /// depended on that fact.
    #[test]
    fn a_fact_never_lifts_a_requirement_it_was_not_listed_for(
        chip_index in 0usize..200,
        to in prop::sample::select(vec!["CN", "MO", "AE", "SA", "MY", "DE", "IN", "VN"]),
        on in prop::sample::select(vec!["2023-06-01", "2024-06-01", "2025-06-01", "2025-09-01", "2026-03-01", "2026-08-01"]),
        hq in prop::option::of(prop::sample::select(vec!["CN", "HK", "MO", "US", "MY", "AE", "RU", "DE"])),
        approved in prop::option::of(any::<bool>()),
    ) {
        let w = world();
        let chips = w.catalog.chips();
        let chip = &chips[chip_index % chips.len()];
        let base = check(chip, &w.countries, to, d(on)).unwrap();
        let facts = FactInput { end_user_hq: hq.map(str::to_string), end_user_approved: approved, subject_to_ear: None };
        let with = check_with(chip, &w.countries, to, d(on), &facts).unwrap();
        if base.verdict == Verdict::Required {
            prop_assert!(with.license_required, "{} {to} {on} {facts:?}: {}", chip.spec.id, with.summary);
        }
        if base.license_required && !with.license_required {
            let listed: Vec<&str> = base.depends_on.iter().chain(base.branches.iter().flat_map(|b| b.depends_on.iter())).copied().collect();
            let given_hq = hq.is_some() && listed.contains(&"end-user-headquarters");
            let given_approved = approved.is_some() && listed.contains(&"approved-end-user");
            prop_assert!(given_hq || given_approved, "{} {to} {on} {facts:?}", chip.spec.id);
        }
    }
}

fn subject(w: &World, id: &str, to: &str, on: &str, subject_to_ear: Option<bool>) -> Check {
    let facts = FactInput { subject_to_ear, ..FactInput::default() };
    check_with(w.chip(id), &w.countries, to, d(on), &facts).unwrap()
}

#[test]
fn foreign_designed_chip_depends_on_ear_jurisdiction() {
    // Biren BR100: designed in China (origin CN). 88 FR 73458 and 89 FR 96790: TPP 16,384
    // >= 4,800 meets 3A090.a.1, so to China (D:5) a licence with presumption of denial is
    // required *if* the chip is subject to the EAR (15 CFR §734.3(a)). A foreign-designed chip
    // is subject only through US content above de minimis (§734.4) or as a foreign direct
    // product (§734.9(h)), facts no spec sheet records: so `depends`, favourable reading first.
    let w = world();
    let open = subject(&w, "biren-br100", "CN", "2026-12-02", None);
    assert_eq!(open.verdict, Verdict::Depends);
    assert!(!open.license_required && open.review_policy.is_none());
    assert_eq!(open.depends_on, vec!["subject-to-ear"]);
    let cond = open.conditions.iter().find(|c| c.kind == "subject-to-ear").unwrap();
    assert_eq!(cond.role, Role::Scope);
    assert!(open.summary.starts_with("no licence required unless the chip is subject to the EAR"), "{}", open.summary);
    // The requirement that would bind is kept in the reasons.
    assert!(open.reasons.iter().any(|r| r.contains("presumption of denial") && r.contains("origin CN")));

    let yes = subject(&w, "biren-br100", "CN", "2026-12-02", Some(true));
    assert_eq!(yes.verdict, Verdict::Required);
    assert_eq!(yes.review_policy.map(|p| p.as_str()), Some("presumption-of-denial"));
    assert_eq!(yes.subject_to_ear, Some(true));

    let no = subject(&w, "biren-br100", "CN", "2026-12-02", Some(false));
    assert_eq!(no.verdict, Verdict::NotRequired);
    assert!(no.conditions.is_empty() && no.license_exceptions.is_empty());
}

#[test]
fn us_designed_chip_is_subject_to_the_ear_whatever_the_caller_says() {
    // The H20 is an NVIDIA (US) design: subject to the EAR wherever it is fabricated. After
    // the 2025-04-09 letter it needs a licence to China; `subject_to_ear = false` is set aside.
    let w = world();
    let c = subject(&w, "h20", "CN", "2025-06-01", Some(false));
    assert_eq!(c.verdict, Verdict::Required);
    assert!(c.reasons.iter().any(|r| r.contains("set aside")));
    assert!(!kinds(&w.check("h20", "CN", "2025-06-01")).contains(&"subject-to-ear"));
}

#[test]
fn gp10_guidance_settles_jurisdiction_for_named_ascend_chips() {
    // Before 2025-05-13 the Ascend 910C (origin CN, TPP 12,800 >= 4,800) depends on whether it
    // is subject to the EAR; from the GP10 guidance BIS treats the named Ascend chips as
    // subject to it, so the requirement binds.
    let w = world();
    let before = w.check("ascend-910c", "CN", "2025-01-01");
    assert_eq!(before.verdict, Verdict::Depends);
    assert_eq!(before.depends_on, vec!["subject-to-ear"]);
    let after = w.check("ascend-910c", "CN", "2025-06-01");
    assert_eq!(after.verdict, Verdict::Required);
    assert!(after.reasons.iter().any(|r| r.contains("GP10")));
}

#[test]
fn foreign_design_outside_3a090_needs_nothing_either_way() {
    // Iluvatar MR-V100: TPP 1,536 < 2,400 and below every 3A090 line: not 3A090, so nothing
    // to depend on (the jurisdiction question only matters where a licence would be required).
    let w = world();
    let c = w.check("iluvatar-mr-v100", "CN", "2026-12-02");
    assert!(!c.depends_on.contains(&"subject-to-ear"), "{:?}", c.depends_on);
}
