//! One-year suspension of the Affiliates Rule (90 FR 50857), part of the US–China arrangement of
//! 2025-11-01.
use redline_catalog::Grade;

use crate::date::Date;
use crate::edition::{Edition, Scope, Status, edition};

edition! {
    /// # 2025-11-10: the Affiliates Rule suspended for one year (90 FR 50857)
    ///
    /// ## What it does
    /// Phase I suspends every change the Affiliates Rule (edition 2025-09-29) made to the EAR
    /// from 2025-11-10 through 2026-11-09, worldwide, not only for Chinese-owned affiliates.
    /// Phase II reimposes them on 2026-11-10 "absent a future extension". Listed-party
    /// restrictions meanwhile reach only the listed entities (the "legally distinct" standard);
    /// BIS still expects diligence on ownership red flags.
    ///
    /// Announced in the White House fact sheet of 2025-11-01 on the trade arrangement reached in
    /// Busan on 2025-10-30, in exchange for China suspending its rare-earth export controls of
    /// 2025-10-09 for a year.
    ///
    /// ## How Redline applies it
    /// No `affiliates-rule` condition is shown on dates in the suspension; a reason says so.
    ///
    /// ## Evidence
    /// OFFICIAL: the rule's dates and phases (quoted by several law-firm alerts: Skadden, Squire
    /// Patton Boggs, Bass Berry); the page number 90 FR 50857 is transcribed by secondary
    /// sources.
    ///
    /// ## Citation
    /// 90 FR 50857, FR Doc 2025-19846, filed 2025-11-10, published 2025-11-12, effective
    /// 2025-11-10; White House fact sheet 2025-11-01.
    pub static EDITION = Edition {
        id: "2025-11-10",
        effective: Date::ymd(2025, 11, 10),
        title: "Affiliates Rule suspended through 2026-11-09, to return 2026-11-10 absent extension",
        citation: "90 FR 50857, FR Doc 2025-19846",
        url: "https://www.govinfo.gov/content/pkg/FR-2025-11-12/html/2025-19846.htm",
        grade: Grade::Official,
        scope: Scope::Licensing,
        status: Status::InForce,
        thresholds: &[],
        doc: "",
        apply: None,
    };
}
