//! The Affiliates Rule's scheduled return (90 FR 50857 Phase II): what is known after 2026-11-09.
use redline_catalog::Grade;

use crate::date::Date;
use crate::edition::{Edition, Scope, Status, edition};

edition! {
    /// # 2026-11-10: the Affiliates Rule's scheduled return (not confirmed)
    ///
    /// ## What it does
    /// Under Phase II of 90 FR 50857 the changes of the Affiliates Rule (edition 2025-09-29) bind
    /// again on 2026-11-10 unless BIS extends the suspension.
    ///
    /// ## What is known
    /// Nothing after the date. The latest sources found: a research note of 2026-10-04 that read
    /// the codified EAR pages (still "suspended through 2026-11-09", no superseding action) and a
    /// compliance-vendor page saying the rule is "set to enter into force November 10, 2026". No
    /// source found records either the return taking effect or an extension. This edition is
    /// therefore graded ESTIMATE: it is the rule as written, applied because nothing later was
    /// found, not a confirmed fact.
    ///
    /// ## How Redline applies it
    /// From 2026-11-10 every check carries the `affiliates-rule` end-user condition again, graded
    /// estimate, with a note that the return is not confirmed.
    ///
    /// ## Citation
    /// 90 FR 50857, FR Doc 2025-19846, Phase II (scheduled reimposition).
    pub static EDITION = Edition {
        id: "2026-11-10",
        effective: Date::ymd(2026, 11, 10),
        title: "Affiliates Rule back as scheduled (no source confirms the return or an extension)",
        citation: "90 FR 50857 Phase II (scheduled; unconfirmed)",
        url: "https://www.govinfo.gov/content/pkg/FR-2025-11-12/html/2025-19846.htm",
        grade: Grade::Estimate,
        scope: Scope::Licensing,
        status: Status::InForce,
        thresholds: &[],
        doc: "",
        apply: None,
    };
}
