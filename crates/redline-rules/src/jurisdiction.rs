//! Whether the chip is subject to the EAR at all.
//!
//! Every licence requirement in the editions binds only items *subject to the EAR* (15 CFR
//! §734.3(a)): items in or from the United States, US-origin items wherever they are,
//! foreign-made items with more than the de minimis share of controlled US content (§734.4),
//! and foreign-produced direct products of US technology, software or plants under the
//! foreign-direct-product rules (§734.9; the advanced-computing FDP rule, §734.9(h), came with
//! the 2022-10-07 rule and reaches foreign-made chips that meet 3A090).
//!
//! A chip designed in the United States (`origin = "US"`) is subject to the EAR wherever it is
//! fabricated: its design is US technology. For a chip designed elsewhere (the `origin = "CN"`
//! accelerators) that holds only through de minimis content or the FDP rules, which turn on
//! facts no spec sheet records (the EDA tools, IP and fab equipment behind the die). Where the
//! editions would require a licence, Redline therefore answers `depends`: no US licence unless
//! the chip is subject to the EAR (the `subject-to-ear` scope condition), with the requirement
//! and review policy that would then bind kept in the reasons. `--subject-to-ear true|false`
//! settles it. The Huawei Ascend chips named in the 2025-05-13 GP10 guidance are the
//! exception from that date: BIS states it treats them as subject to the EAR. A chip whose origin is not recorded (a spec file
//! without `origin`) is read as subject to the EAR, as US designs are.

use redline_catalog::Grade;

use crate::check::Eval;

/// Where the scope of the EAR is written.
pub const CITATION: &str = "15 CFR §734.3(a) (items subject to the EAR), §734.4 (de minimis), §734.9(h) (advanced-computing foreign-direct-product rule, 87 FR 62186)";

/// Whether the chip's recorded origin (country of design) is outside the United States.
#[must_use]
pub fn foreign_designed(e: &Eval<'_>) -> bool {
    e.chip.spec.origin.as_ref().is_some_and(|c| c.as_str() != "US")
}

/// When the caller states the chip is not subject to the EAR: true (with the reason) if that
/// settles the answer, i.e. the chip is not a recorded US design; a US design keeps the
/// statement only as a reason saying it is set aside.
pub(crate) fn stated_outside(e: &mut Eval<'_>) -> bool {
    if e.facts.subject_to_ear != Some(false) {
        return false;
    }
    if e.chip.spec.origin.as_ref().is_some_and(|c| c.as_str() == "US") {
        e.reason("a chip designed in the United States is subject to the EAR wherever it is made: `subject-to-ear false` is set aside");
        return false;
    }
    e.reason("the chip is not subject to the EAR (as stated): foreign-made, no controlled US content above de minimis and not a foreign direct product of US technology, software or plants; no US licence requirement applies");
    e.check.decided = true;
    true
}

/// For a chip designed outside the United States whose licence requirement rests on the EAR
/// reaching it, and the caller has not settled that: the answer is read the favourable way
/// (not subject, so no US licence) with the `subject-to-ear` scope naming what would make the
/// requirement the editions give bind. The requirement itself is kept in the reasons.
pub(crate) fn apply(e: &mut Eval<'_>) {
    if !e.check.license_required || !foreign_designed(e) || e.facts.subject_to_ear.is_some() {
        return;
    }
    let gp10 = &crate::editions::e2025_05_13::EDITION;
    if e.chip_is(crate::editions::e2025_05_13::GP10_CHIPS) && e.in_effect(gp10) {
        e.reason(format!(
            "designed outside the US, but BIS's GP10 guidance ({}) treats this Huawei Ascend chip as subject to the EAR (a foreign direct product likely made in violation of it)",
            gp10.id
        ));
        return;
    }
    let origin = e.chip.spec.origin.as_ref().map_or("", |c| c.as_str()).to_string();
    let policy =
        e.check.review_policy.map_or("review policy not published".to_string(), |p| p.as_str().replace('-', " "));
    e.reason(format!(
        "designed outside the US (origin {origin}): the licence requirement above ({policy}) binds only if the chip is subject to the EAR, through controlled US content above de minimis or as a foreign direct product of US technology, software or plants (advanced-computing FDP rule); no spec sheet records those facts"
    ));
    e.check.license_required = false;
    e.check.review_policy = None;
    e.check.license_exceptions.clear();
    e.check.conditions.clear();
    e.scope(
        "subject-to-ear",
        format!(
            "the chip is not subject to the EAR (assumed; designed outside the US, origin {origin}): no controlled US content above de minimis and not the foreign direct product of US technology, software or a plant built with them"
        ),
        "the chip is subject to the EAR (US content above de minimis, or a foreign direct product of US technology or plants)",
        Grade::Official,
        CITATION,
    );
}
