//! Destination-side advisories: what the importing country's own authorities said about US
//! chips (China's CAC, customs, SAMR and state guidance; Malaysia's MITI permit). They sit beside
//! the US verdict and never change `license_required`, the review policy or the evidence grade:
//! a shipment can be licensed by the US and still be unwelcome, or unusable, at the other end.

use serde::Serialize;

use redline_catalog::{Chip, Grade};

use crate::date::Date;

/// Which chips an advisory reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reach {
    /// Only the catalogue ids listed in `chips`.
    Named,
    /// Every chip of one vendor (`family`).
    Vendor,
    /// Every chip designed outside the destination country.
    Foreign,
    /// Every chip designed in the United States.
    UsOrigin,
}

/// One advisory in the embedded table.
#[derive(Clone, Copy, Debug)]
struct Entry {
    destination: &'static str,
    date: Date,
    authority: &'static str,
    summary: &'static str,
    chips: &'static [&'static str],
    reach: Reach,
    family: &'static str,
    grade: Grade,
    source: &'static str,
}

/// An advisory as attached to a check.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImportAdvisory {
    /// Date of the action or report.
    pub date: Date,
    /// Destination it concerns (ISO 3166-1 alpha-2).
    pub destination: &'static str,
    /// Who acted (CAC, customs, SAMR, state guidance, MITI).
    pub authority: &'static str,
    /// What it says.
    pub summary: &'static str,
    /// Catalogue ids it names.
    pub chips: &'static [&'static str],
    /// The chips or families it names, in words.
    pub family: &'static str,
    /// Which chips it reaches.
    pub reach: Reach,
    /// Whether it reaches the chip of this check.
    pub concerns_chip: bool,
    /// Evidence grade.
    pub grade: Grade,
    /// Where it is recorded.
    pub source: &'static str,
}

const ALL_NVIDIA: &[&str] = &[];

static TABLE: [Entry; 10] = [
    Entry {
        destination: "MY",
        date: Date::ymd(2025, 7, 14),
        authority: "MITI (Strategic Trade Controller)",
        summary: "export, trans-shipment or transit of high-performance AI chips of US origin out of Malaysia needs a Strategic Trade Permit; 30 days' notice to MITI where a restricted end use is known or suspected (Strategic Trade Act 2010 s.12, Directive No. 1/2025)",
        chips: &[],
        reach: Reach::UsOrigin,
        family: "US-origin high-performance AI chips (parameters in the directive's Annex I, not found)",
        grade: Grade::Official,
        source: "MITI media statement 2025-07-14 and Directive of the Strategic Trade Controller No. 1/2025 (quoted by Bernama and law-firm alerts)",
    },
    Entry {
        destination: "CN",
        date: Date::ymd(2025, 7, 31),
        authority: "CAC (Cyberspace Administration of China)",
        summary: "summoned NVIDIA to explain alleged backdoor risks (tracking, positioning, remote shut-down) of the H20 sold in China and to submit supporting documents",
        chips: &["h20", "h20-141gb"],
        reach: Reach::Named,
        family: "NVIDIA H20",
        grade: Grade::Official,
        source: "CAC statement 2025-07-31 (quoted by TRT World, Hindustan Times)",
    },
    Entry {
        destination: "CN",
        date: Date::ymd(2025, 8, 12),
        authority: "state guidance (regulators, MIIT)",
        summary: "notices to firms discouraging H20 purchases, strongly for government or national-security work; not an outright ban; AMD's MI308 reportedly also covered",
        chips: &["h20", "h20-141gb", "mi308x"],
        reach: Reach::Named,
        family: "NVIDIA H20, AMD MI308 (reported)",
        grade: Grade::Press,
        source: "Bloomberg 2025-08-12, via Reuters",
    },
    Entry {
        destination: "CN",
        date: Date::ymd(2025, 9, 15),
        authority: "SAMR (State Administration for Market Regulation)",
        summary: "preliminary finding that NVIDIA breached the Anti-Monopoly Law and the conditions of its 2020 Mellanox approval; further investigation opened (outcome not found)",
        chips: ALL_NVIDIA,
        reach: Reach::Vendor,
        family: "NVIDIA",
        grade: Grade::Official,
        source: "SAMR notice 2025-09-15 (quoted by JD Supra, Jurist)",
    },
    Entry {
        destination: "CN",
        date: Date::ymd(2025, 9, 17),
        authority: "CAC (Cyberspace Administration of China)",
        summary: "ByteDance, Alibaba and other firms told to stop testing and cancel orders of the RTX Pro 6000D",
        chips: &["rtx-pro-6000d"],
        reach: Reach::Named,
        family: "NVIDIA RTX Pro 6000D",
        grade: Grade::Press,
        source: "Financial Times 2025-09-17, via Reuters",
    },
    Entry {
        destination: "CN",
        date: Date::ymd(2025, 10, 10),
        authority: "customs (GACC)",
        summary: "customs teams at major ports inspect chip imports: first the H20 and RTX Pro 6000D, then all advanced semiconductors; past declarations reviewed",
        chips: &["h20", "h20-141gb", "rtx-pro-6000d"],
        reach: Reach::Foreign,
        family: "NVIDIA H20, RTX Pro 6000D, then advanced imported chips generally",
        grade: Grade::Press,
        source: "Financial Times 2025-10-10, via Reuters",
    },
    Entry {
        destination: "CN",
        date: Date::ymd(2025, 11, 5),
        authority: "state guidance",
        summary: "new data-centre projects with any state funding must use domestic AI chips; projects under 30% built remove installed foreign chips or cancel purchases; later stages case by case",
        chips: &[],
        reach: Reach::Foreign,
        family: "all foreign AI chips in state-funded data centres",
        grade: Grade::Press,
        source: "Reuters 2025-11-05",
    },
    Entry {
        destination: "CN",
        date: Date::ymd(2026, 1, 7),
        authority: "state guidance",
        summary: "some tech firms told to pause new H200 orders while Beijing sets terms (a domestic-chip purchase ratio reportedly weighed)",
        chips: &["h200"],
        reach: Reach::Named,
        family: "NVIDIA H200",
        grade: Grade::Press,
        source: "The Information 2026-01-07, via Reuters",
    },
    Entry {
        destination: "CN",
        date: Date::ymd(2026, 1, 14),
        authority: "customs (GACC) and state guidance",
        summary: "customs agents told the H200 is not permitted to enter; firms told not to buy it unless necessary (R&D and university exemptions discussed)",
        chips: &["h200"],
        reach: Reach::Named,
        family: "NVIDIA H200",
        grade: Grade::Press,
        source: "Reuters 2026-01-14",
    },
    Entry {
        destination: "CN",
        date: Date::ymd(2026, 1, 28),
        authority: "state approval",
        summary: "first H200 import approvals: ByteDance, Alibaba and Tencent, more than 400,000 in total, with conditions not published; other firms queued",
        chips: &["h200"],
        reach: Reach::Named,
        family: "NVIDIA H200",
        grade: Grade::Press,
        source: "Reuters 2026-01-28",
    },
];

/// Designer's country: the spec's `origin`, else guessed from the vendor (user specs may omit it).
fn design_country(chip: &Chip) -> Option<&str> {
    if let Some(o) = &chip.spec.origin {
        return Some(o.as_str());
    }
    const CN: [&str; 10] = [
        "huawei",
        "cambricon",
        "moore threads",
        "hygon",
        "biren",
        "metax",
        "iluvatar",
        "iluvatar corex",
        "enflame",
        "kunlunxin",
    ];
    const US: [&str; 12] = [
        "nvidia",
        "amd",
        "intel",
        "google",
        "aws",
        "amazon",
        "sambanova",
        "cerebras",
        "groq",
        "qualcomm",
        "microsoft",
        "meta",
    ];
    let v = chip.spec.vendor.trim().to_ascii_lowercase();
    if CN.contains(&v.as_str()) {
        Some("CN")
    } else if US.contains(&v.as_str()) {
        Some("US")
    } else {
        None
    }
}

fn concerns(e: &Entry, chip: &Chip) -> bool {
    let id = chip.spec.id.as_str();
    if e.chips.contains(&id) {
        return true;
    }
    match e.reach {
        Reach::Named => false,
        Reach::Vendor => chip.spec.vendor.trim().eq_ignore_ascii_case(e.family),
        Reach::Foreign => design_country(chip).is_some_and(|c| c != e.destination),
        Reach::UsOrigin => design_country(chip) == Some("US"),
    }
}

/// The advisories of `destination` dated on or before `date`, oldest first, each saying whether
/// it reaches `chip`. Empty for destinations without any.
#[must_use]
pub fn import_advisories(chip: &Chip, destination: &str, date: Date) -> Vec<ImportAdvisory> {
    TABLE
        .iter()
        .filter(|e| e.destination == destination && e.date <= date)
        .map(|e| ImportAdvisory {
            date: e.date,
            destination: e.destination,
            authority: e.authority,
            summary: e.summary,
            chips: e.chips,
            family: e.family,
            reach: e.reach,
            concerns_chip: concerns(e, chip),
            grade: e.grade,
            source: e.source,
        })
        .collect()
}

/// Dates on which `destination` gained an advisory (for `timeline`).
#[must_use]
pub fn dates(destination: &str) -> Vec<Date> {
    TABLE.iter().filter(|e| e.destination == destination).map(|e| e.date).collect()
}
