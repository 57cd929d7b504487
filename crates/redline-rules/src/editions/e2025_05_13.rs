//! Non-enforcement of AI Diffusion and the May 2025 guidance.
use redline_catalog::Grade;

use crate::check::Eval;
use crate::date::Date;
use crate::edition::{Edition, Scope, Status, edition};

/// Chips named in the General Prohibition 10 guidance (catalogue ids).
pub const GP10_CHIPS: &[&str] = &["ascend-910b", "ascend-910c", "ascend-910d"];

edition! {
    /// # 2025-05-13: AI Diffusion not enforced; GP10 guidance on Huawei Ascend
    ///
    /// ## What it does
    /// BIS announced it would rescind the AI Diffusion rule and would not enforce it. It also
    /// issued guidance:
    /// * General Prohibition 10: using, selling, transferring, financing or servicing Huawei
    ///   Ascend 910B, 910C and 910D (a non-exhaustive list of PRC advanced ICs likely made in
    ///   violation of the EAR) risks violating the EAR, anywhere in the world; licence
    ///   exceptions do not help.
    /// * §744.23 and US-person controls can apply when advanced ICs or cloud services train AI
    ///   models for parties headquartered in D:5 or Macau.
    /// * Red flags and due diligence against diversion.
    ///
    /// No new lines; Redline attaches the GP10 warning to the Ascend chips it names.
    ///
    /// ## Evidence
    /// BIS press release and guidance, via law-firm summaries (analyst).
    ///
    /// ## Citation
    /// BIS announcement and guidance of 2025-05-13.
    pub static EDITION = Edition {
        id: "2025-05-13",
        effective: Date::ymd(2025, 5, 13),
        title: "AI Diffusion not enforced; GP10 guidance (Ascend 910B/C/D)",
        citation: "BIS press release and guidance, 2025-05-13",
        url: "https://www.bis.gov/advanced-compute-resources",
        grade: Grade::Analyst,
        scope: Scope::Guidance,
        status: Status::InForce,
        thresholds: &[],
        doc: "",
        apply: Some(apply),
    };
}

/// The GP10 warning on the Huawei Ascend chips the guidance names.
fn apply(e: &mut Eval<'_>) {
    if !e.chip_is(GP10_CHIPS) {
        return;
    }
    if e.facts.gp10_violation {
        e.require(None);
        e.check.license_exceptions.clear();
        e.reason("if the chip was made in violation of the EAR, General Prohibition 10 forbids dealing in it without authorization");
        return;
    }
    e.scope(
        "gp10",
        "BIS guidance: dealing in this Huawei Ascend chip anywhere risks violating General Prohibition 10; licence exceptions do not apply",
        format!("the chip was made in violation of the EAR, as BIS warns for the Ascend 910B/C/D (GP10 guidance of {})", EDITION.id),
        Grade::Analyst,
        EDITION.citation,
    );
    e.reason(format!("named in the {} GP10 guidance (Huawei Ascend 910B/910C/910D)", EDITION.id));
}
