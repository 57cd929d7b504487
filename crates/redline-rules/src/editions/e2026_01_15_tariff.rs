//! The Section 232 semiconductor tariff (Proclamation 11002) and the Annex lines that decide which
//! chips it covers: two narrow TPP × DRAM-bandwidth bands, not the whole 2026 case-by-case band.
use serde::Serialize;

use redline_catalog::{Chip, Grade};

use crate::check::{Eval, policy};
use crate::classify::{Criterion, criterion, fmt_num};
use crate::date::Date;
use crate::edition::{Comparison, Edition, MetricKind, Scope, Status, Threshold, edition};

const ANNEX: &str = "Proclamation 11002 Annex, US note 39(b), HTSUS 9903.79.01 (CBP CSMS #67400472)";

const fn line(id: &'static str, metric: MetricKind, comparison: Comparison, value: f64) -> Threshold {
    Threshold { id, metric, comparison, value, grade: Grade::Official, citation: ANNEX }
}

/// Band 1: TPP greater than 14,000 ...
pub const BAND1_TPP_ABOVE: Threshold = line("s232-annex/1/tpp>", MetricKind::Tpp, Comparison::Above, 14_000.0);
/// ... and less than 17,500 ...
pub const BAND1_TPP_BELOW: Threshold = line("s232-annex/1/tpp<", MetricKind::Tpp, Comparison::Below, 17_500.0);
/// ... with total DRAM bandwidth greater than 4,500 GB/s ...
pub const BAND1_DRAM_ABOVE: Threshold =
    line("s232-annex/1/dram>", MetricKind::DramBandwidth, Comparison::Above, 4_500.0);
/// ... and less than 5,000 GB/s.
pub const BAND1_DRAM_BELOW: Threshold =
    line("s232-annex/1/dram<", MetricKind::DramBandwidth, Comparison::Below, 5_000.0);
/// Band 2: TPP greater than 20,800 ...
pub const BAND2_TPP_ABOVE: Threshold = line("s232-annex/2/tpp>", MetricKind::Tpp, Comparison::Above, 20_800.0);
/// ... and less than 21,100 ...
pub const BAND2_TPP_BELOW: Threshold = line("s232-annex/2/tpp<", MetricKind::Tpp, Comparison::Below, 21_100.0);
/// ... with total DRAM bandwidth greater than 5,800 GB/s ...
pub const BAND2_DRAM_ABOVE: Threshold =
    line("s232-annex/2/dram>", MetricKind::DramBandwidth, Comparison::Above, 5_800.0);
/// ... and less than 6,200 GB/s.
pub const BAND2_DRAM_BELOW: Threshold =
    line("s232-annex/2/dram<", MetricKind::DramBandwidth, Comparison::Below, 6_200.0);

/// The two bands, each a conjunction of its four lines.
pub const BANDS: [[Threshold; 4]; 2] = [
    [BAND1_TPP_ABOVE, BAND1_TPP_BELOW, BAND1_DRAM_ABOVE, BAND1_DRAM_BELOW],
    [BAND2_TPP_ABOVE, BAND2_TPP_BELOW, BAND2_DRAM_ABOVE, BAND2_DRAM_BELOW],
];

/// The duty, percent ad valorem.
pub const PERCENT: f64 = 25.0;
/// HTSUS subheadings the covered articles must be classifiable in.
pub const HTS: [&str; 3] = ["8471.50", "8471.80", "8473.30"];
/// End uses for which the duty does not apply (9903.79.02 – 9903.79.09).
pub const EXEMPT_USES: [&str; 8] = [
    "US data centres",
    "repairs or replacements in the US",
    "research and development in the US",
    "US start-ups",
    "non-data-centre consumer applications",
    "non-data-centre civil industrial applications",
    "US public-sector applications",
    "other uses the Secretary of Commerce determines strengthen the US technology supply chain",
];

/// How a chip stands against the Annex.
#[derive(Clone, Debug, Serialize)]
pub struct AnnexTest {
    /// The band the chip falls in (1 or 2), if any.
    pub band: Option<u8>,
    /// False when an unknown TPP or DRAM bandwidth leaves it open.
    pub decided: bool,
    /// Every line of both bands, with value and margin.
    pub criteria: Vec<Criterion>,
}

/// Applies the Annex lines to a chip.
#[must_use]
pub fn annex(chip: &Chip) -> AnnexTest {
    let mut criteria = Vec::new();
    let mut band = None;
    let mut open = false;
    for (i, lines) in BANDS.iter().enumerate() {
        let n = if i == 0 { "Annex band 1" } else { "Annex band 2" };
        let cs: Vec<Criterion> = lines.iter().map(|t| criterion(chip, n, t)).collect();
        if cs.iter().all(|c| c.met == Some(true)) {
            band = Some(if i == 0 { 1 } else { 2 });
        } else if !cs.iter().any(|c| c.met == Some(false)) {
            open = true;
        }
        criteria.extend(cs);
    }
    AnnexTest { band, decided: band.is_some() || !open, criteria }
}

edition! {
    /// # 2026-01-15: the Section 232 semiconductor tariff and its Annex (Proclamation 11002)
    ///
    /// ## What it does
    /// A 25% ad valorem duty, on top of other duties, on "semiconductor articles" entered into
    /// the US from 00:01 EST on 2026-01-15: a logic integrated circuit, or an article containing
    /// one, classifiable in HTSUS 8471.50, 8471.80 or 8473.30, that has
    /// 1. TPP greater than 14,000 and less than 17,500, and total DRAM bandwidth greater than
    ///    4,500 GB/s and less than 5,000 GB/s; or
    /// 2. TPP greater than 20,800 and less than 21,100, and total DRAM bandwidth greater than
    ///    5,800 GB/s and less than 6,200 GB/s.
    ///
    /// These bands catch H200-class (TPP 15,832, 4,800 GB/s) and MI325X-class (TPP 20,919,
    /// 6,000 GB/s) chips, not the H100 (3,350 GB/s), the A100 or the L40S. No duty where the
    /// import is for US data centres, repairs or replacements in the US, US R&D, US start-ups,
    /// non-data-centre consumer or civil industrial use, US public-sector use, or other uses
    /// Commerce finds strengthen the US supply chain (9903.79.02 – .09). No drawback. An import
    /// for re-export, such as a chip made abroad entering the US for the third-party testing
    /// that 91 FR 1684 requires before export to China, is not an exempt use.
    ///
    /// ## How Redline applies it
    /// A condition `tariff` (25%) only for chips inside a band, on checks from 2026-01-15 to any
    /// destination outside the US: the duty is due if the chip, made abroad, is imported into
    /// the US on its way out. A `tariff-exemption` condition lists the exempt uses. Chips
    /// outside both bands get a reason saying so and no tariff. An unknown TPP or bandwidth that
    /// leaves a band open is reported, not guessed. The tariff never changes whether a licence
    /// is required.
    ///
    /// ## Evidence
    /// OFFICIAL: the Annex lines as quoted verbatim in CBP's CSMS message #67400472 and restated
    /// by trade associations and law firms (White & Case, carmnet, GSM International); the
    /// exempt uses from the White House fact sheet and the proclamation text. Which exemption
    /// sits on which subheading was not found. The FR page is transcribed by secondary sources.
    ///
    /// ## Citation
    /// Proclamation 11002 of 2026-01-14, 91 FR 2443, FR Doc 2026-01052 (published 2026-01-20);
    /// CBP CSMS #67400472.
    pub static EDITION = Edition {
        id: "2026-01-15-tariff",
        effective: Date::ymd(2026, 1, 15),
        title: "Section 232: 25% duty on chips in two Annex bands (TPP 14,000-17,500 & DRAM 4,500-5,000 GB/s; TPP 20,800-21,100 & DRAM 5,800-6,200 GB/s)",
        citation: "Proclamation 11002, 91 FR 2443; CBP CSMS #67400472",
        url: "https://www.govinfo.gov/content/pkg/FR-2026-01-20/html/2026-01052.htm",
        grade: Grade::Official,
        scope: Scope::Tariff,
        status: Status::InForce,
        thresholds: &[
            BAND1_TPP_ABOVE,
            BAND1_TPP_BELOW,
            BAND1_DRAM_ABOVE,
            BAND1_DRAM_BELOW,
            BAND2_TPP_ABOVE,
            BAND2_TPP_BELOW,
            BAND2_DRAM_ABOVE,
            BAND2_DRAM_BELOW,
        ],
        doc: "",
        apply: Some(apply),
    };
}

/// Adds the tariff and its exemptions for chips inside an Annex band; on the case-by-case path
/// (where the chip passes through the US for testing) says why a chip outside the bands pays none.
fn apply(e: &mut Eval<'_>) {
    let test = annex(e.chip);
    let tpp = test.criteria.first().and_then(|c| c.value);
    let dram = test.criteria.get(2).and_then(|c| c.value);
    let values = format!("TPP {}, DRAM {} GB/s", fmt_num(tpp), fmt_num(dram));
    match test.band {
        Some(band) => {
            let [tl, th, dl, dh] = BANDS[usize::from(band - 1)];
            e.reason(format!(
                "Section 232 Annex band {band}: {values} inside TPP ({}, {}) and DRAM ({}, {}) GB/s: 25% duty if imported into the US on the way out ({})",
                fmt_num(Some(tl.value)),
                fmt_num(Some(th.value)),
                fmt_num(Some(dl.value)),
                fmt_num(Some(dh.value)),
                EDITION.citation
            ));
            e.condition(
                "tariff",
                Some(PERCENT),
                format!(
                    "{}% Section 232 duty (HTSUS 9903.79.01) when the chip, made abroad, is imported into the US before this export, e.g. for the US third-party testing 91 FR 1684 requires; covers articles classifiable in HTSUS {}",
                    fmt_num(Some(PERCENT)),
                    HTS.join(", ")
                ),
                Grade::Official,
                ANNEX,
            );
            e.condition(
                "tariff-exemption",
                None,
                format!(
                    "no duty where the import is for: {}; an import for re-export is not an exempt use",
                    EXEMPT_USES.join("; ")
                ),
                Grade::Analyst,
                "Proclamation 11002 (9903.79.02-.09); White House fact sheet 2026-01-14",
            );
        }
        None if e.check.review_policy != Some(policy::CASE_BY_CASE) => {}
        None if test.decided => {
            e.reason(format!(
                "Section 232 Annex: {values} outside both bands (TPP 14,000-17,500 with DRAM 4,500-5,000 GB/s; TPP 20,800-21,100 with DRAM 5,800-6,200 GB/s): no tariff"
            ));
        }
        None => {
            e.reason(format!(
                "Section 232 Annex: {values}: cannot tell whether the chip is inside a band (unknown value); no tariff shown"
            ));
        }
    }
}
