//! The USG "is-informed" letters to NVIDIA (H20) and AMD (MI308).
use redline_catalog::Grade;

use crate::check::Eval;
use crate::classify::{fmt_num, metric_value};
use crate::date::Date;
use crate::edition::{Comparison, Edition, MetricKind, Scope, Status, Threshold, edition};

/// Press-reported DRAM bandwidth trigger (Reuters 2025-08-21 via a compliance study; the RTX
/// 5090D V2 redesign to 1,344 GB/s fits it).
pub const DRAM: Threshold = Threshold {
    id: "letter-2025-04/dram",
    metric: MetricKind::DramBandwidth,
    comparison: Comparison::AtLeast,
    value: 1400.0,
    grade: Grade::Press,
    citation: "press-reported (Reuters 2025-08-21: RTX Pro 6000D planned 1,398 GB/s 'just below' a 1.4 TB/s line set in April)",
};
/// Recollected interconnect trigger: not found in any source; shown, never applied.
pub const INTERCONNECT_UNVERIFIED: Threshold = Threshold {
    id: "letter-2025-04/interconnect (unverified)",
    metric: MetricKind::ChipToChip,
    comparison: Comparison::AtLeast,
    value: 1100.0,
    grade: Grade::Estimate,
    citation: "recollection, not found in any source reviewed; not applied",
};
/// Recollected combined trigger: not found in any source; shown, never applied.
pub const COMBINED_UNVERIFIED: Threshold = Threshold {
    id: "letter-2025-04/combined (unverified)",
    metric: MetricKind::DramPlusInterconnect,
    comparison: Comparison::AtLeast,
    value: 1700.0,
    grade: Grade::Estimate,
    citation: "recollection, not found in any source reviewed; not applied",
};
/// Vendors that received letters.
pub const VENDORS: &[&str] = &["NVIDIA", "AMD"];
/// Catalogue ids the letters name.
pub const NAMED: &[&str] = &["h20", "h20-141gb", "mi308x"];

edition! {
    /// # 2025-04-09: licence letters for the H20 and MI308 (company-specific)
    ///
    /// ## What it does
    /// Not a published rule: on 2025-04-09 the US government informed NVIDIA that a licence is
    /// required to export to China (including Hong Kong and Macau) and D:5 countries, or to
    /// companies headquartered there, "of the Company's H20 integrated circuits and any other
    /// circuits achieving the H20's memory bandwidth, interconnect bandwidth, or combination
    /// thereof" (NVIDIA 8-K filed 2025-04-15; on 2025-04-14 the requirement was made
    /// indefinite). AMD disclosed the same for the MI308 (8-K, 2025-04-16).
    ///
    /// ## How Redline applies it
    /// * The named chips (H20, MI308X) need a licence to China, Hong Kong, Macau and D:5
    ///   (official: SEC filings).
    /// * Other NVIDIA and AMD chips with DRAM bandwidth ≥ 1,400 GB/s need one too. This number
    ///   was never published: it is PRESS-REPORTED (Reuters, 2025-08-21) and the verdict says
    ///   so. Interconnect ≥ 1,100 GB/s and combined ≥ 1,700 GB/s circulate but were found in no
    ///   source: shown, not applied.
    /// * Other vendors received no known letter: Redline notes that a similar letter is
    ///   possible but cannot be seen.
    ///
    /// The review policy was not published; in practice no H20 licences were issued until
    /// August 2025 (see 2025-08-11).
    ///
    /// ## Evidence
    /// The letter's wording is official (SEC filings); the numeric trigger is press.
    ///
    /// ## Citation
    /// NVIDIA Form 8-K filed 2025-04-15 (event 2025-04-09); AMD Form 8-K filed 2025-04-16.
    pub static EDITION = Edition {
        id: "2025-04-09",
        effective: Date::ymd(2025, 4, 9),
        title: "USG licence letters: NVIDIA H20 and AMD MI308 (company-specific)",
        citation: "NVIDIA 8-K 2025-04-15; AMD 8-K 2025-04-16",
        url: "https://www.sec.gov/Archives/edgar/data/1045810/000104581025000082/nvda-20250409.htm",
        grade: Grade::Official,
        scope: Scope::Overlay,
        status: Status::InForce,
        thresholds: &[DRAM, INTERCONNECT_UNVERIFIED, COMBINED_UNVERIFIED],
        doc: "",
        apply: Some(apply),
    };
}

/// The letters: the named chips, and other NVIDIA/AMD chips at the press-reported DRAM line,
/// need a licence to China, Hong Kong, Macau and D:5.
fn apply(e: &mut Eval<'_>) {
    let vendor_letter = VENDORS.iter().any(|v| v.eq_ignore_ascii_case(e.chip.spec.vendor.trim()));
    if !(e.china() || e.macau() || e.groups.d5) {
        headquarters(e, vendor_letter);
        return;
    }
    if e.chip_is(NAMED) {
        if !e.check.license_required || !e.check.decided {
            e.require(None);
            e.check.decided = true;
            e.check.license_exceptions.clear();
            e.weaken(Some(Grade::Official));
            e.reason(format!(
                "named in the USG letter of {} ({}): licence required to China, Hong Kong, Macau and D:5 (company-specific; review policy not published)",
                EDITION.id, EDITION.citation
            ));
        }
        return;
    }
    if e.check.license_required {
        return;
    }
    match metric_value(e.chip, DRAM.metric) {
        Some(d) if DRAM.holds(d.value) => {
            if vendor_letter && !e.line_applies(&DRAM) {
                e.reason(format!(
                    "DRAM {} GB/s {} {}: the press-reported line of the {} letter, set aside in this reading",
                    fmt_num(Some(d.value)),
                    DRAM.comparison,
                    DRAM.shown(),
                    EDITION.id
                ));
            } else if vendor_letter {
                e.require(None);
                e.weaken(Some(DRAM.grade));
                e.weaken(d.grade);
                e.reason(format!(
                    "DRAM {} GB/s {} {}: reaches the H20's memory bandwidth under the {} letter of {}; licence required (the {} GB/s line is PRESS-REPORTED, never published)",
                    fmt_num(Some(d.value)),
                    DRAM.comparison,
                    DRAM.shown(),
                    e.chip.spec.vendor,
                    EDITION.id,
                    DRAM.shown()
                ));
                let history: Vec<String> = e
                    .chip
                    .spec
                    .revisions
                    .iter()
                    .filter(|r| r.field == "memory.bandwidth_gbs" && !DRAM.holds(r.value))
                    .map(|r| {
                        format!(
                            "the spec's history has {} GB/s on {}{}: under the line; which figure the government applied is not public",
                            fmt_num(Some(r.value)),
                            r.date,
                            r.note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default()
                        )
                    })
                    .collect();
                for h in history {
                    e.reason(h);
                }
            } else {
                e.reason(format!(
                    "DRAM {} GB/s {} {} (press-reported line of the 2025-04 letters to NVIDIA and AMD): those letters are company-specific; whether {} received one is not public",
                    fmt_num(Some(d.value)),
                    DRAM.comparison,
                    DRAM.shown(),
                    e.chip.spec.vendor
                ));
            }
        }
        Some(d) => {
            if vendor_letter {
                e.reason(format!(
                    "DRAM {} GB/s {} {}: under the press-reported line of the {} letter",
                    fmt_num(Some(d.value)),
                    DRAM.comparison.negated_symbol(),
                    DRAM.shown(),
                    EDITION.id
                ));
            }
        }
        None => {
            if vendor_letter {
                e.check.decided = false;
                e.reason(format!(
                    "DRAM bandwidth unknown: cannot tell whether the {} letter reaches this chip",
                    EDITION.id
                ));
            }
        }
    }
}

/// Outside China, Macau and D:5: the letters also reach companies headquartered there,
/// wherever the chip goes.
fn headquarters(e: &mut Eval<'_>, vendor_letter: bool) {
    if e.check.license_required {
        return;
    }
    let by_line = vendor_letter
        && e.line_applies(&DRAM)
        && metric_value(e.chip, DRAM.metric).is_some_and(|d| DRAM.holds(d.value));
    if !(e.chip_is(NAMED) || by_line) {
        return;
    }
    let why = if e.chip_is(NAMED) {
        "named in the letter".to_string()
    } else {
        format!("DRAM at or above the press-reported {} GB/s line", DRAM.shown())
    };
    match e.hq_in_d5_or_macau() {
        Some(true) => {
            e.require(None);
            e.weaken(Some(if e.chip_is(NAMED) { Grade::Official } else { DRAM.grade }));
            e.reason(format!(
                "{why}: the {} letter requires a licence for companies headquartered in China, Macau or D:5 wherever they are; the end user is headquartered in {}",
                EDITION.id,
                e.hq_name()
            ));
        }
        Some(false) => e.reason(format!(
            "{why}: the {} letter reaches companies headquartered in China, Macau or D:5; the end user is headquartered in {}, outside it",
            EDITION.id,
            e.hq_name()
        )),
        None => {
            e.scope(
                "end-user-headquarters",
                "end user not headquartered in, and with no ultimate parent in, China, Macau or D:5 (the letter covers such companies worldwide)",
                format!("the end user is headquartered in China or D:5 (letter of {})", EDITION.id),
                Grade::Official,
                EDITION.citation,
            );
            e.reason(format!(
                "{why}: the {} letter also covers companies headquartered in China, Macau or D:5 wherever they are (assumed not)",
                EDITION.id
            ));
        }
    }
}
