//! Licensing: does exporting this chip to this destination on this date need a licence, under
//! what review policy, with which licence exceptions and conditions.
//!
//! The regime on a date is composed from the editions in effect then: the classification
//! edition, the destination scope and exceptions of the licensing editions, and the overlays
//! (company letters, deals). Facts a spec cannot hold (end user, certifications, end use) are
//! assumed favourable and listed as conditions.

use serde::Serialize;

use redline_catalog::{Chip, Grade};

use crate::RulesError;
use crate::advisory::{ImportAdvisory, import_advisories};
use crate::classify::{Classification, classify, fmt_num, metric_value};
use crate::country::{Countries, Country};
use crate::date::Date;
use crate::edition::MetricKind;
use crate::editions::{
    self, e2022_10_07 as y2022, e2023_01_17 as macau_rule, e2023_11_17 as y2023, e2024_04_04 as aca,
    e2024_12_02 as hbm_rule, e2025_01_13 as diffusion, e2025_04_09 as letter, e2025_05_13 as guidance,
    e2025_08_11 as deal, e2026_01_15 as cbc, e2026_07_10 as uae,
};
use crate::press::PressOverlay;

/// Review policy names, as the JSON contract spells them.
pub mod policy {
    /// Presumption of denial.
    pub const DENIAL: &str = "presumption-of-denial";
    /// Case-by-case review.
    pub const CASE_BY_CASE: &str = "case-by-case";
    /// Presumption of approval.
    pub const APPROVAL: &str = "presumption-of-approval";
}

/// A licence exception the export may use instead of a licence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LicenseException {
    /// Short name: `ACA`, `NAC`, `approved-end-user`.
    pub id: &'static str,
    /// What it is.
    pub name: &'static str,
    /// Whether BIS must be notified first.
    pub notification_required: bool,
    /// Where it is written.
    pub citation: &'static str,
}

/// A condition the answer depends on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Condition {
    /// Kind, e.g. `revenue-share`, `tariff`, `third-party-testing`, `volume-cap`.
    pub kind: &'static str,
    /// Percentage, where the condition has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<f64>,
    /// What it requires.
    pub text: String,
    /// Evidence grade for the condition.
    pub grade: Grade,
    /// Where it comes from.
    pub citation: &'static str,
}

/// The answer for one chip, destination and date.
#[derive(Clone, Debug, Serialize)]
pub struct Check {
    /// Chip id.
    pub chip: String,
    /// ISO 3166 alpha-2 code.
    pub destination: String,
    /// Its name.
    pub destination_name: String,
    /// Date asked about.
    pub date: Date,
    /// Country Groups of the destination on that date.
    pub country_groups: Vec<&'static str>,
    /// A licence (or a licence exception) is needed.
    pub license_required: bool,
    /// False when an unknown value leaves the answer open; `license_required` is then the
    /// cautious answer.
    pub decided: bool,
    /// How BIS reviews an application (null: not applicable or not published).
    pub review_policy: Option<&'static str>,
    /// Licence exceptions available instead of a licence.
    pub license_exceptions: Vec<LicenseException>,
    /// Conditions the answer assumes or imposes.
    pub conditions: Vec<Condition>,
    /// Why, step by step.
    pub reasons: Vec<String>,
    /// ECCN paragraph family (see `classify`).
    pub eccn: Option<&'static str>,
    /// Paragraphs met.
    pub paragraphs: Vec<&'static str>,
    /// Classification edition applied.
    pub classification_edition: &'static str,
    /// Every edition in effect on the date.
    pub regime: Vec<&'static str>,
    /// Weakest evidence grade among what decided the answer (null: user-supplied values).
    pub evidence_grade: Option<Grade>,
    /// One line for people.
    pub summary: String,
    /// Press-reported decisions shown beside the answer, never its basis.
    pub press_overlays: Vec<PressOverlay>,
    /// The destination's own measures on US chips (empty when none); they never change the
    /// answer above.
    pub import_advisories: Vec<ImportAdvisory>,
}

struct Builder {
    check: Check,
    grade: Option<Grade>,
    user_values: bool,
}

impl Builder {
    fn weaken(&mut self, g: Option<Grade>) {
        match g {
            Some(g) => self.grade = Some(self.grade.map_or(g, |cur| cur.weakest(g))),
            None => self.user_values = true,
        }
    }
    fn reason(&mut self, r: impl Into<String>) {
        self.check.reasons.push(r.into());
    }
    fn condition(
        &mut self,
        kind: &'static str,
        percent: Option<f64>,
        text: impl Into<String>,
        grade: Grade,
        citation: &'static str,
    ) {
        if !self.check.conditions.iter().any(|c| c.kind == kind) {
            self.check.conditions.push(Condition { kind, percent, text: text.into(), grade, citation });
        }
    }
}

/// Answers whether exporting `chip` to `destination` on `date` needs a licence.
///
/// # Errors
/// Unknown destination, or a date before the first edition.
pub fn check(chip: &Chip, countries: &Countries, destination: &str, date: Date) -> Result<Check, RulesError> {
    let country = countries.get(destination)?;
    let cls = classify(chip, date)?;
    Ok(check_classified(chip, &country, &cls, date))
}

#[allow(clippy::too_many_lines)]
pub(crate) fn check_classified(chip: &Chip, country: &Country, cls: &Classification, date: Date) -> Check {
    let groups = country.groups_on(date);
    let china = country.is_china();
    let macau = country.is_macau();
    let mut b = Builder {
        check: Check {
            chip: chip.spec.id.clone(),
            destination: country.iso2.clone(),
            destination_name: country.name.clone(),
            date,
            country_groups: groups.names(),
            license_required: false,
            decided: cls.decided,
            review_policy: None,
            license_exceptions: vec![],
            conditions: vec![],
            reasons: vec![],
            eccn: cls.eccn,
            paragraphs: cls.paragraphs.clone(),
            classification_edition: cls.edition,
            regime: editions::in_effect(date).map(|e| e.id).collect(),
            evidence_grade: None,
            summary: String::new(),
            press_overlays: vec![],
            import_advisories: import_advisories(chip, &country.iso2, date),
        },
        grade: None,
        user_values: false,
    };
    // The classification's own evidence: TPP and, where it mattered, density.
    if let Some(t) = chip.metrics.tpp {
        b.weaken(t.grade);
    }
    if country.iso2 == "US" {
        b.reason("the destination is the United States: not an export");
        b.check.decided = true;
        return finish(b, cls);
    }
    b.reason(format!("classification ({}): {}", cls.edition, cls.summary));

    if date < y2023::EDITION.effective {
        let in_scope = china || (macau && date >= macau_rule::EDITION.effective);
        if in_scope && (cls.controlled || !cls.decided) {
            b.check.license_required = true;
            b.check.review_policy = Some(policy::DENIAL);
            b.weaken(Some(Grade::Estimate));
            b.reason(format!(
                "3A090 to {}: licence required ({}); review policy presumption of denial per secondary sources (not verified against §742.6(b)(10))",
                country.name,
                y2022::EDITION.citation
            ));
            if !cls.decided {
                b.reason("the classification is undecided: licence required is the cautious answer until the unknown values are known");
            }
        } else if cls.controlled {
            b.reason("the 2022 rule required a licence only to China (and Macau from 2023-01-17)");
        }
    } else {
        let uae_named = country.iso2 == "AE" && date >= uae::EDITION.effective;
        let hbm = cls.eccn == Some("3A090.c");
        let in_scope = if hbm {
            // 3A090.c: Macau and D:5 only (89 FR 96790).
            groups.d5 || macau
        } else {
            ((groups.d1 || groups.d4 || groups.d5) && !(groups.a5 || groups.a6)) || macau || uae_named
        };
        if cls.controlled || !cls.decided {
            if hbm {
                if in_scope {
                    b.check.license_required = true;
                    b.check.review_policy = Some(policy::DENIAL);
                    b.reason(format!(
                        "3A090.c HBM to {}: licence required to D:5 and Macau ({})",
                        country.name,
                        hbm_rule::EDITION.citation
                    ));
                    let density = chip.metrics.memory_bandwidth_density.map(|m| m.value);
                    if density
                        .is_some_and(|x| hbm_rule::HBM_EXCEPTION.comparison.holds(x, hbm_rule::HBM_EXCEPTION.value))
                    {
                        b.check.license_exceptions.push(LicenseException {
                            id: "HBM",
                            name: "License Exception HBM (§740.25), memory bandwidth density below 3.3 GB/s/mm²",
                            notification_required: false,
                            citation: hbm_rule::EDITION.citation,
                        });
                    }
                } else {
                    b.reason(format!("3A090.c HBM needs a licence only to D:5 and Macau; {} is neither", country.name));
                }
            } else if uae_named {
                b.check.license_required = false;
                b.check.license_exceptions.push(LicenseException {
                    id: "approved-end-user",
                    name: "UAE government, Supp. No. 8 approved entities, listed US firms' UAE subsidiaries (licence-free)",
                    notification_required: false,
                    citation: uae::EDITION.citation,
                });
                b.condition(
                    "approved-end-user",
                    None,
                    "end user is the UAE government, a Supp. No. 8 approved entity (G42, Core42) or the UAE subsidiary of a listed US firm; otherwise a licence is required",
                    Grade::Analyst,
                    uae::EDITION.citation,
                );
                b.weaken(Some(Grade::Analyst));
                b.reason("the UAE is in A:5 since 2026-07-10 but still named in the 3A090 requirement: licence-free only for approved end users (assumed)");
            } else if in_scope {
                b.check.license_required = true;
                let d5_or_macau = groups.d5 || macau;
                b.check.review_policy = Some(if d5_or_macau { policy::DENIAL } else { policy::APPROVAL });
                b.weaken(Some(if d5_or_macau { Grade::Official } else { Grade::Analyst }));
                b.reason(format!(
                    "{} is in {} and not in A:5/A:6{}: licence required ({}); review: {}",
                    country.name,
                    groups.names().join("/"),
                    if macau { " (Macau is named)" } else { "" },
                    y2023::EDITION.citation,
                    if d5_or_macau {
                        "presumption of denial for D:5 and Macau"
                    } else {
                        "presumption of approval outside D:5 (secondary sources)"
                    }
                ));
                add_exceptions(&mut b, chip, cls, d5_or_macau, date);
                if !cls.decided {
                    b.reason("the classification is undecided: licence required is the cautious answer until the unknown values are known");
                }
            } else {
                b.reason(format!(
                    "{} is not in D:1/D:4/D:5 outside A:5/A:6, nor Macau: no licence for the destination",
                    country.name
                ));
            }
            b.condition(
                "end-user-headquarters",
                None,
                "end user not headquartered in, and with no ultimate parent in, D:5 or Macau (otherwise licence required worldwide, presumption of denial)",
                Grade::Official,
                "88 FR 73458 §744.23(a)(3); §742.6(a)(6)(iii)(A); BIS guidance 2026-05-31",
            );
        }
        if date >= diffusion::EDITION.effective && cls.eccn == Some("3A090.a") && country.diffusion_tier != 1 {
            if date < guidance::EDITION.effective {
                b.reason(format!(
                    "AI Diffusion (tier {}): licence for 3A090.a from its compliance date {} (not yet binding)",
                    country.diffusion_tier,
                    diffusion::COMPLIANCE
                ));
            } else {
                b.reason(format!(
                    "AI Diffusion (tier {}) would require a licence for 3A090.a, but BIS does not enforce it since 2025-05-13",
                    country.diffusion_tier
                ));
            }
        }
        if date >= cbc::EDITION.effective && (china || macau) && b.check.review_policy == Some(policy::DENIAL) {
            apply_case_by_case(&mut b, chip);
        }
    }
    if date >= letter::EDITION.effective && (china || macau || groups.d5) {
        apply_letter(&mut b, chip, china || macau, date);
    }
    if groups.d5 || macau {
        b.condition(
            "end-use",
            None,
            "no supercomputer, advanced-node IC or military end use (§744.23 end-use screens)",
            Grade::Official,
            "15 CFR §744.23",
        );
    }
    if date >= guidance::EDITION.effective && guidance::GP10_CHIPS.contains(&chip.spec.id.as_str()) {
        b.condition(
            "gp10",
            None,
            "BIS guidance: dealing in this Huawei Ascend chip anywhere risks violating General Prohibition 10; licence exceptions do not apply",
            Grade::Analyst,
            guidance::EDITION.citation,
        );
        b.reason("named in the 2025-05-13 GP10 guidance (Huawei Ascend 910B/910C/910D)");
    }
    editions::apply_owned(chip, country, cls, date, &mut b.check);
    finish(b, cls)
}

fn add_exceptions(b: &mut Builder, chip: &Chip, cls: &Classification, d5_or_macau: bool, date: Date) {
    let datacenter = chip.spec.is_datacenter();
    let tpp = chip.metrics.tpp.map(|m| m.value);
    let eligible = (cls.eccn == Some("3A090.b") && datacenter == Some(true))
        || (cls.eccn == Some("3A090.a") && datacenter == Some(false) && tpp.is_some_and(|t| t >= 4800.0));
    if !eligible {
        if cls.eccn == Some("3A090.a") && datacenter == Some(true) {
            b.reason("no licence exception: NAC/ACA are never available for 3A090.a datacenter items");
        }
        return;
    }
    if date < aca::EDITION.effective || d5_or_macau {
        b.check.license_exceptions.push(LicenseException {
            id: "NAC",
            name: "Notified Advanced Computing (§740.8)",
            notification_required: d5_or_macau,
            citation: "88 FR 73458 §740.8; 89 FR 23876",
        });
        if d5_or_macau {
            b.condition(
                "notification",
                None,
                "prior notification to BIS (TPP, density, datasheet); about 25 days' wait",
                Grade::Analyst,
                "§740.8",
            );
        }
    } else {
        b.check.license_exceptions.push(LicenseException {
            id: "ACA",
            name: "Advanced Computing Authorized (§740.8), no notification",
            notification_required: false,
            citation: aca::EDITION.citation,
        });
    }
}

fn apply_case_by_case(b: &mut Builder, chip: &Chip) {
    let tpp = metric_value(chip, MetricKind::Tpp);
    let dram = metric_value(chip, MetricKind::DramBandwidth);
    match (tpp, dram) {
        (Some(t), Some(d)) if t.value < cbc::TPP.value && d.value < cbc::DRAM.value => {
            let available = chip.spec.us_commercially_available.as_ref().and_then(|s| s.known());
            if available == Some(false) {
                b.reason(format!(
                    "TPP {} < 21,000 and DRAM {} GB/s < 6,500, but the chip is not commercially available in the US: presumption of denial remains ({})",
                    fmt_num(Some(t.value)),
                    fmt_num(Some(d.value)),
                    cbc::EDITION.citation
                ));
                return;
            }
            b.check.review_policy = Some(policy::CASE_BY_CASE);
            b.weaken(t.grade);
            b.weaken(d.grade);
            b.reason(format!(
                "TPP {} < 21,000 and DRAM {} GB/s < 6,500: case-by-case review for exports from the US ({})",
                fmt_num(Some(t.value)),
                fmt_num(Some(d.value)),
                cbc::EDITION.citation
            ));
            let c = cbc::EDITION.citation;
            if available.is_none() {
                b.condition("us-commercial-availability", None, "the product was commercially available in the US on 2026-01-15 (not recorded in the spec: assumed)", Grade::Official, c);
            }
            b.condition("exporter-certification", None, "exporter certifies sufficient US supply, no diversion of foundry capacity from US end users, and the recipient's security procedures", Grade::Official, c);
            b.condition("third-party-testing", None, "independent testing by a US-headquartered lab in the US verifies TPP, memory and interconnect bandwidth and DRAM capacity", Grade::Official, c);
            b.condition(
                "volume-cap",
                Some(cbc::VOLUME_CAP_PERCENT),
                "aggregate TPP shipped to China/Macau at most 50% of the product's US shipments",
                Grade::Official,
                c,
            );
            b.condition(
                "export-from-us",
                None,
                "an export from the United States: reexports and in-country transfers stay presumption of denial",
                Grade::Analyst,
                c,
            );
            b.condition("kyc-and-end-use", None, "know-your-customer and physical-security descriptions; no military, military-intelligence or WMD end use; remote users disclosed for cloud access", Grade::Official, c);
        }
        (t, d) if t.is_some_and(|t| t.value >= cbc::TPP.value) || d.is_some_and(|d| d.value >= cbc::DRAM.value) => {
            b.reason(format!(
                "TPP {} and DRAM {} GB/s: at or above 21,000 TPP or 6,500 GB/s, presumption of denial remains ({})",
                fmt_num(t.map(|m| m.value)),
                fmt_num(d.map(|m| m.value)),
                cbc::EDITION.citation
            ));
        }
        _ => {
            b.check.decided = false;
            b.reason("cannot decide the 2026 case-by-case gate: TPP or DRAM bandwidth unknown; presumption of denial kept as the cautious answer");
        }
    }
}

fn apply_letter(b: &mut Builder, chip: &Chip, china_or_macau: bool, date: Date) {
    let id = chip.spec.id.as_str();
    let named = letter::NAMED.contains(&id);
    let vendor_letter = letter::VENDORS.iter().any(|v| v.eq_ignore_ascii_case(chip.spec.vendor.trim()));
    let dram = metric_value(chip, MetricKind::DramBandwidth);
    if named {
        if !b.check.license_required || !b.check.decided {
            b.check.license_required = true;
            b.check.decided = true;
            b.check.review_policy = None;
            b.check.license_exceptions.clear();
            b.weaken(Some(Grade::Official));
            b.reason(format!(
                "named in the USG letter of 2025-04-09 ({}): licence required to China, Hong Kong, Macau and D:5 (company-specific; review policy not published)",
                letter::EDITION.citation
            ));
        }
        b.condition(
            "end-user-headquarters",
            None,
            "end user not headquartered in, and with no ultimate parent in, China, Macau or D:5 (the letter covers such companies worldwide)",
            Grade::Official,
            letter::EDITION.citation,
        );
        if date >= deal::EDITION.effective && china_or_macau && deal::COVERED.contains(&id) {
            b.check.review_policy = Some(policy::CASE_BY_CASE);
            b.weaken(Some(Grade::Press));
            b.condition(
                "revenue-share",
                Some(deal::REVENUE_SHARE_PERCENT),
                "15% of China revenue from the chip paid to the US government (press-reported deal; no regulation)",
                Grade::Press,
                deal::EDITION.citation,
            );
            b.reason("licences being granted since August 2025 on a 15% revenue-share condition (press-reported)");
        }
        return;
    }
    if b.check.license_required {
        return;
    }
    match dram {
        Some(d) if letter::DRAM.comparison.holds(d.value, letter::DRAM.value) => {
            if vendor_letter {
                b.check.license_required = true;
                b.check.review_policy = None;
                b.weaken(Some(Grade::Press));
                b.weaken(d.grade);
                b.reason(format!(
                    "DRAM {} GB/s >= 1,400: reaches the H20's memory bandwidth under the {} letter of 2025-04-09; licence required (the 1,400 GB/s line is PRESS-REPORTED, never published)",
                    fmt_num(Some(d.value)),
                    chip.spec.vendor
                ));
                for r in chip
                    .spec
                    .revisions
                    .iter()
                    .filter(|r| r.field == "memory.bandwidth_gbs" && r.value < letter::DRAM.value)
                {
                    b.reason(format!(
                        "the spec's history has {} GB/s on {}{}: under the line; which figure the government applied is not public",
                        fmt_num(Some(r.value)),
                        r.date,
                        r.note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default()
                    ));
                }
            } else {
                b.reason(format!(
                    "DRAM {} GB/s >= 1,400 (press-reported line of the 2025-04 letters to NVIDIA and AMD): those letters are company-specific; whether {} received one is not public",
                    fmt_num(Some(d.value)),
                    chip.spec.vendor
                ));
            }
        }
        Some(d) => {
            if vendor_letter {
                b.reason(format!(
                    "DRAM {} GB/s < 1,400: under the press-reported line of the 2025-04-09 letter",
                    fmt_num(Some(d.value))
                ));
            }
        }
        None => {
            if vendor_letter {
                b.check.decided = false;
                b.reason("DRAM bandwidth unknown: cannot tell whether the 2025-04-09 letter reaches this chip");
            }
        }
    }
}

fn finish(mut b: Builder, _cls: &Classification) -> Check {
    b.check.evidence_grade = if b.user_values { None } else { b.grade };
    let c = &b.check;
    let status = if c.license_required { "licence required" } else { "no licence required" };
    let mut parts = vec![status.to_string()];
    if let Some(p) = c.review_policy {
        parts.push(p.replace('-', " "));
    }
    if !c.license_exceptions.is_empty() {
        parts.push(format!("exceptions: {}", c.license_exceptions.iter().map(|e| e.id).collect::<Vec<_>>().join(", ")));
    }
    let priced: Vec<String> =
        c.conditions.iter().filter_map(|x| x.percent.map(|p| format!("{} {}%", x.kind, fmt_num(Some(p))))).collect();
    if !priced.is_empty() {
        parts.push(priced.join(", "));
    }
    if !c.decided {
        parts.push("UNDECIDED: unknown values".into());
    }
    let basis = c.eccn.map_or_else(|| "not 3A090".to_string(), |e| format!("{e} ({})", c.paragraphs.join(", ")));
    b.check.summary = format!("{} [{}]", parts.join("; "), basis);
    b.check
}
