//! The October 2023 rewrite of 3A090 (88 FR 73458).
use redline_catalog::Grade;

use crate::check::{Eval, LicenseException, UNDECIDED_CAUTIOUS, policy};
use crate::classify::Eccn;
use crate::date::Date;
use crate::edition::{Comparison, Edition, MetricKind, Scope, Status, Threshold, edition};

const CITE: &str = "88 FR 73458, ECCN 3A090 Items paragraph (transcribed; same text in the current eCFR)";

macro_rules! line {
    ($id:literal, $metric:ident, $cmp:ident, $value:literal) => {
        Threshold {
            id: $id,
            metric: MetricKind::$metric,
            comparison: Comparison::$cmp,
            value: $value,
            grade: Grade::Official,
            citation: CITE,
        }
    };
}

/// a.1: TPP 4,800 or more.
pub const A1_TPP: Threshold = line!("3A090.a.1/tpp", Tpp, AtLeast, 4800.0);
/// a.2: TPP 1,600 or more ...
pub const A2_TPP: Threshold = line!("3A090.a.2/tpp", Tpp, AtLeast, 1600.0);
/// ... and performance density 5.92 or more.
pub const A2_PD: Threshold = line!("3A090.a.2/pd", PerformanceDensity, AtLeast, 5.92);
/// b.1: TPP 2,400 or more ...
pub const B1_TPP_MIN: Threshold = line!("3A090.b.1/tpp-min", Tpp, AtLeast, 2400.0);
/// ... and less than 4,800 ...
pub const B1_TPP_MAX: Threshold = line!("3A090.b.1/tpp-max", Tpp, Below, 4800.0);
/// ... and performance density 1.6 or more ...
pub const B1_PD_MIN: Threshold = line!("3A090.b.1/pd-min", PerformanceDensity, AtLeast, 1.6);
/// ... and less than 5.92.
pub const B1_PD_MAX: Threshold = line!("3A090.b.1/pd-max", PerformanceDensity, Below, 5.92);
/// b.2: TPP 1,600 or more ...
pub const B2_TPP: Threshold = line!("3A090.b.2/tpp", Tpp, AtLeast, 1600.0);
/// ... and performance density 3.2 or more ...
pub const B2_PD_MIN: Threshold = line!("3A090.b.2/pd-min", PerformanceDensity, AtLeast, 3.2);
/// ... and less than 5.92.
pub const B2_PD_MAX: Threshold = line!("3A090.b.2/pd-max", PerformanceDensity, Below, 5.92);
/// Note 2: the datacenter carve-out stops applying at TPP 4,800.
pub const NOTE2_TPP: Threshold = Threshold {
    id: "note-2/tpp",
    metric: MetricKind::Tpp,
    comparison: Comparison::Below,
    value: 4800.0,
    grade: Grade::Official,
    citation: "88 FR 73458, Note 2 to 3A090 (transcribed)",
};

edition! {
    /// # 2023-11-17: 3A090.a and 3A090.b by TPP and performance density (88 FR 73458)
    ///
    /// ## What it does
    /// Drops the 2022 interconnect prong and classifies by 'total processing performance'
    /// (TPP = max over formats of dense TOPS × bit length) and 'performance density'
    /// (TPP ÷ area of logic dies made on a non-planar transistor node):
    /// * 3A090.a.1: TPP ≥ 4,800;
    /// * 3A090.a.2: TPP ≥ 1,600 and density ≥ 5.92;
    /// * 3A090.b.1: 2,400 ≤ TPP < 4,800 and 1.6 ≤ density < 5.92;
    /// * 3A090.b.2: TPP ≥ 1,600 and 3.2 ≤ density < 5.92.
    ///
    /// Note 2: 3A090 does not apply to items not designed or marketed for use in datacenters
    /// whose TPP is below 4,800 (the RTX 4090D and 5090D sit just under that line).
    /// Sparsity never counts: TPP uses dense rates.
    ///
    /// ## Destinations and policy
    /// Licence required to destinations in Country Groups D:1, D:4 or D:5 that are not also in
    /// A:5 or A:6, and to Macau; and, worldwide, to entities headquartered in (or whose ultimate
    /// parent is in) D:5 or Macau. Review: presumption of denial for D:5 and Macau,
    /// presumption of approval for the other destinations (secondary sources: verify the text
    /// of §742.6(b)(10)). License Exception NAC (notified advanced computing) is available for
    /// 3A090.b items designed or marketed for datacenters and for 3A090.a items that are not
    /// and have TPP ≥ 4,800; never for 3A090.a datacenter items. Notification is required for
    /// Macau and D:5 destinations and parties.
    ///
    /// ## Why it matters
    /// The H20 was designed to this edition: TPP 2,368 < 2,400 (misses b.1) and density
    /// 2.91 < 3.2 (misses b.2), so it is outside 3A090 altogether, not 3A090.b.2 as one tracker
    /// says. The A800 and H800, legal under the 2022 test, become 3A090.a.1.
    ///
    /// ## Evidence
    /// Title, citation and dates verified on the official document; the amended 3A090 text is
    /// transcribed by several independent sources and matches current eCFR renderings.
    ///
    /// ## Citation
    /// 88 FR 73458, FR Doc 2023-23055, published 2023-10-25, effective 2023-11-17 (NVIDIA was
    /// told on 2023-10-23 that it applied at once to some of its products).
    pub static EDITION = Edition {
        id: "2023-11-17",
        effective: Date::ymd(2023, 11, 17),
        title: "3A090.a/.b by TPP and performance density; datacenter note; NAC",
        citation: "88 FR 73458, FR Doc 2023-23055",
        url: "https://www.govinfo.gov/content/pkg/FR-2023-10-25/html/2023-23055.htm",
        grade: Grade::Official,
        scope: Scope::Classification,
        status: Status::InForce,
        thresholds: &[A1_TPP, A2_TPP, A2_PD, B1_TPP_MIN, B1_TPP_MAX, B1_PD_MIN, B1_PD_MAX, B2_TPP, B2_PD_MIN, B2_PD_MAX, NOTE2_TPP],
        doc: "",
        apply: Some(apply),
    };
}

/// Destination scope of the 3A090 licence requirement from this edition on (with 3A090.c from
/// 2024-12-02 and the UAE named from 2026-07-10), its review policy, NAC/ACA, and the
/// headquarters scope.
fn apply(e: &mut Eval<'_>) {
    if !e.controlled_or_undecided() {
        return;
    }
    let g = e.groups;
    let uae_named = super::e2026_07_10::names_uae(e);
    if e.cls.eccn == Some(Eccn::C) {
        super::e2024_12_02::apply_hbm(e);
    } else if uae_named {
        super::e2026_07_10::apply_uae(e);
    } else if ((g.d1 || g.d4 || g.d5) && !(g.a5 || g.a6)) || e.macau() {
        let d5_or_macau = g.d5 || e.macau();
        e.require(Some(if d5_or_macau { policy::DENIAL } else { policy::APPROVAL }));
        e.weaken(Some(if d5_or_macau { Grade::Official } else { Grade::Analyst }));
        e.reason(format!(
            "{} is in {} and not in A:5/A:6{}: licence required ({}); review: {}",
            e.country.name,
            g.names().join("/"),
            if e.macau() { " (Macau is named)" } else { "" },
            EDITION.citation,
            if d5_or_macau {
                "presumption of denial for D:5 and Macau"
            } else {
                "presumption of approval outside D:5 (secondary sources)"
            }
        ));
        add_exceptions(e, d5_or_macau);
        if !e.cls.decided {
            e.reason(UNDECIDED_CAUTIOUS);
        }
    } else {
        e.reason(format!("{} is not in D:1/D:4/D:5 outside A:5/A:6, nor Macau: no licence for the destination", e.country.name));
    }
    headquarters(e);
}

/// The headquarters scope: entities headquartered in, or with an ultimate parent in, D:5 or
/// Macau need a licence wherever the item goes (moot when the destination is itself D:5 or
/// Macau).
fn headquarters(e: &mut Eval<'_>) {
    if e.groups.d5 || e.macau() {
        return;
    }
    match e.hq_in_d5_or_macau() {
        Some(true) => {
            e.require(Some(policy::DENIAL));
            e.check.license_exceptions.clear();
            add_exceptions(e, true);
            e.reason(format!(
                "end user headquartered in {} (D:5 or Macau): licence required wherever the item goes, presumption of denial ({})",
                e.hq_name(),
                HQ_CITATION
            ));
        }
        Some(false) => e.reason(format!(
            "end user headquartered in {}: outside the D:5/Macau headquarters scope",
            e.hq_name()
        )),
        None => e.scope(
            "end-user-headquarters",
            "end user not headquartered in, and with no ultimate parent in, D:5 or Macau (otherwise licence required worldwide, presumption of denial)",
            format!("the end user is headquartered in (or owned from) D:5 or Macau ({})", EDITION.citation),
            Grade::Official,
            HQ_CITATION,
        ),
    }
}

const HQ_CITATION: &str = "88 FR 73458 §744.23(a)(3); §742.6(a)(6)(iii)(A); BIS guidance 2026-05-31";

/// NAC (ACA from 2024-04-04): 3A090.b datacenter items, and 3A090.a items not designed for
/// datacenters at TPP ≥ 4,800; never 3A090.a datacenter items.
fn add_exceptions(e: &mut Eval<'_>, d5_or_macau: bool) {
    let datacenter = e.chip.spec.is_datacenter();
    let tpp = e.chip.metrics.tpp.map(|m| m.value);
    let eligible = (e.cls.eccn == Some(Eccn::B) && datacenter == Some(true))
        || (e.cls.eccn == Some(Eccn::A) && datacenter == Some(false) && tpp.is_some_and(|t| A1_TPP.holds(t)));
    if !eligible {
        if e.cls.eccn == Some(Eccn::A) && datacenter == Some(true) {
            e.reason("no licence exception: NAC/ACA are never available for 3A090.a datacenter items");
        }
        return;
    }
    if super::e2024_04_04::aca_instead_of_nac(e, d5_or_macau) {
        e.exception(super::e2024_04_04::aca());
        return;
    }
    e.exception(LicenseException {
        id: "NAC",
        name: "Notified Advanced Computing (§740.8)".into(),
        notification_required: d5_or_macau,
        citation: "88 FR 73458 §740.8; 89 FR 23876",
    });
    if d5_or_macau {
        e.condition(
            "notification",
            None,
            "prior notification to BIS (TPP, density, datasheet); about 25 days' wait",
            Grade::Analyst,
            "§740.8",
        );
    }
}
