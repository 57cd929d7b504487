//! Classification: which 3A090 paragraphs a chip meets on a date, criterion by criterion.

use serde::Serialize;

use redline_catalog::spec::ItemKind;
use redline_catalog::{Chip, Grade, Metric};

use crate::RulesError;
use crate::date::Date;
use crate::edition::{Comparison, MetricKind, Threshold};
use crate::editions::{self, e2022_10_07 as y2022, e2023_11_17 as y2023, e2024_12_02 as y2024};

/// An ECCN paragraph family, as the JSON contract spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Eccn {
    /// The 2022 edition's single 3A090 entry.
    #[serde(rename = "3A090")]
    Item2022,
    /// 3A090.a (2023 on).
    #[serde(rename = "3A090.a")]
    A,
    /// 3A090.b.
    #[serde(rename = "3A090.b")]
    B,
    /// 3A090.c (standalone HBM, 2024-12-02 on).
    #[serde(rename = "3A090.c")]
    C,
}

impl Eccn {
    /// The printed name, e.g. `3A090.a`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Eccn::Item2022 => "3A090",
            Eccn::A => "3A090.a",
            Eccn::B => "3A090.b",
            Eccn::C => "3A090.c",
        }
    }
}

impl std::fmt::Display for Eccn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One threshold checked against one metric.
#[derive(Clone, Debug, Serialize)]
pub struct Criterion {
    /// Threshold id, e.g. `3A090.b.1/tpp-min`.
    pub id: &'static str,
    /// Paragraph the criterion belongs to.
    pub paragraph: &'static str,
    /// Metric, printed by name (`tpp`, `dram_bandwidth_gbs`).
    #[serde(serialize_with = "MetricKind::serialize_name")]
    pub metric: MetricKind,
    /// The chip's value (null when unknown).
    pub value: Option<f64>,
    /// Comparison, `>=`, `>` or `<`.
    pub op: Comparison,
    /// The line.
    pub threshold: f64,
    /// Whether it holds (null: cannot decide, the value is unknown and no bound settles it).
    pub met: Option<bool>,
    /// When the value is unknown but some of its parts are known: the sum of the known parts,
    /// a lower bound that may decide the criterion on its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lower_bound: Option<f64>,
    /// Signed distance from the line in the metric's unit: value − threshold.
    pub margin: Option<f64>,
    /// The same, as a percentage of the threshold.
    pub margin_percent: Option<f64>,
    /// Weakest of the value's and the threshold's evidence grades (null: user-supplied value).
    pub grade: Option<Grade>,
    /// Where the threshold is written.
    pub citation: &'static str,
}

/// An exclusion note and whether it applied.
#[derive(Clone, Debug, Serialize)]
pub struct Exclusion {
    /// e.g. `Note 2 to 3A090`.
    pub id: &'static str,
    /// What it says.
    pub text: String,
    /// Whether it applies (null: cannot decide).
    pub applied: Option<bool>,
}

/// The classification of one chip on one date.
#[derive(Clone, Debug, Serialize)]
pub struct Classification {
    /// Chip id.
    pub chip: String,
    /// Date asked about.
    pub date: Date,
    /// The classification edition applied (its id).
    pub edition: &'static str,
    /// Its citation.
    pub edition_citation: &'static str,
    /// TPP (null when no dense rate is known).
    pub tpp: Option<f64>,
    /// Performance density (null when die area is unknown).
    pub performance_density: Option<f64>,
    /// Meets a 3A090 paragraph and no exclusion applies.
    pub controlled: bool,
    /// False when an unknown value leaves a paragraph undecided and no other settles it.
    pub decided: bool,
    /// `3A090` (2022 edition), `3A090.a`, `3A090.b`, `3A090.c`, or null.
    pub eccn: Option<Eccn>,
    /// Paragraphs met, after exclusions.
    pub paragraphs: Vec<&'static str>,
    /// Paragraphs met by the numbers alone, before exclusions.
    pub numerically_met: Vec<&'static str>,
    /// Paragraphs that cannot be decided from what is known.
    pub undecided: Vec<&'static str>,
    /// Exclusion notes considered.
    pub exclusions: Vec<Exclusion>,
    /// Every criterion evaluated.
    pub criteria: Vec<Criterion>,
    /// Caveats about the inputs (e.g. a TPP set by TF32).
    pub notes: Vec<String>,
    /// One line for people.
    pub summary: String,
}

fn notes(chip: &Chip) -> Vec<String> {
    let mut out = Vec::new();
    if let (Some(alt), Some(tpp)) = (chip.metrics.tpp_with_tf32_at_19_bits, chip.metrics.tpp) {
        out.push(format!(
            "TPP {} is set by TF32 counted at its stored 32 bits; counted at its 19 significant bits TPP would be {} (the rule does not say which)",
            fmt_num(Some(tpp.value)),
            fmt_num(Some(alt))
        ));
    }
    let unknown: Vec<&str> = chip.metrics.unknown_formats.iter().map(|f| f.as_str()).collect();
    if !unknown.is_empty() && chip.metrics.tpp.is_some() {
        out.push(format!(
            "the spec lists {} as unknown: TPP is computed from the known formats and is a lower bound if an unknown one runs faster than its bit length implies",
            unknown.join(", ")
        ));
    }
    out
}

pub(crate) fn metric_value(chip: &Chip, kind: MetricKind) -> Option<Metric> {
    let m = &chip.metrics;
    match kind {
        MetricKind::Tpp => m.tpp,
        MetricKind::BitLengthTops => m.bit_length_tops,
        MetricKind::PerformanceDensity => m.performance_density,
        MetricKind::IoAggregate => m.io_aggregate_gbs,
        MetricKind::DramBandwidth => m.dram_bandwidth_gbs,
        MetricKind::ChipToChip => m.chip_to_chip_gbs,
        MetricKind::DramPlusInterconnect => match (m.dram_bandwidth_gbs, m.chip_to_chip_gbs) {
            (Some(d), Some(c)) => {
                Some(Metric { value: d.value + c.value, grade: d.grade.zip(c.grade).map(|(a, b)| a.weakest(b)) })
            }
            _ => None,
        },
        MetricKind::MemoryBandwidthDensity => m.memory_bandwidth_density,
    }
}

/// A lower bound on an unknown sum from its known parts (None: no part known, or the metric is
/// not a sum).
pub(crate) fn lower_bound(chip: &Chip, kind: MetricKind) -> Option<f64> {
    let m = &chip.metrics;
    let parts = match kind {
        MetricKind::IoAggregate => [m.chip_to_chip_gbs, m.host_gbs],
        MetricKind::DramPlusInterconnect => [m.dram_bandwidth_gbs, m.chip_to_chip_gbs],
        _ => return None,
    };
    let known: Vec<f64> = parts.iter().flatten().map(|p| p.value).collect();
    (!known.is_empty()).then(|| known.iter().sum())
}

/// Evaluates one threshold against a chip.
pub(crate) fn criterion(chip: &Chip, paragraph: &'static str, t: &Threshold) -> Criterion {
    let metric = metric_value(chip, t.metric);
    let value = metric.map(|m| m.value);
    let bound = if value.is_none() { lower_bound(chip, t.metric) } else { None };
    let met = value.map(|v| t.comparison.holds(v, t.value)).or_else(|| {
        // A lower bound decides "at least" lines it already meets and "below" lines it breaks.
        bound.and_then(|b| match (t.comparison.is_lower_bound(), t.comparison.holds(b, t.value)) {
            (true, true) => Some(true),
            (false, false) => Some(false),
            _ => None,
        })
    });
    let margin = value.map(|v| v - t.value);
    Criterion {
        id: t.id,
        paragraph,
        metric: t.metric,
        value,
        op: t.comparison,
        threshold: t.value,
        met,
        lower_bound: bound,
        margin,
        margin_percent: margin.map(|d| d / t.value * 100.0),
        grade: metric.and_then(|m| m.grade).map(|g| g.weakest(t.grade)),
        citation: t.citation,
    }
}

/// Three-valued AND: false wins, then unknown.
pub(crate) fn all(values: impl IntoIterator<Item = Option<bool>>) -> Option<bool> {
    let mut unknown = false;
    for v in values {
        match v {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    if unknown { None } else { Some(true) }
}

/// Classifies a chip under the classification edition in force on `date`.
///
/// # Errors
/// [`RulesError::BeforeFirstEdition`] for a date before 2022-10-07.
pub fn classify(chip: &Chip, date: Date) -> Result<Classification, RulesError> {
    if date < editions::FIRST {
        return Err(RulesError::BeforeFirstEdition { date });
    }
    if date < y2023::EDITION.effective { Ok(classify_2022(chip, date)) } else { Ok(classify_2023(chip, date)) }
}

fn classify_2022(chip: &Chip, date: Date) -> Classification {
    let criteria = vec![criterion(chip, "3A090.a.1", &y2022::IO), criterion(chip, "3A090.a.1", &y2022::COMPUTE)];
    let met = all(criteria.iter().map(|c| c.met));
    let paragraphs = if met == Some(true) { vec!["3A090.a.1"] } else { vec![] };
    let summary = match met {
        Some(true) => format!(
            "3A090 (2022 test): I/O {} GB/s {} {} and bit length x TOPS {} {} {}",
            shown_value(&criteria[0]),
            y2022::IO.comparison,
            y2022::IO.shown(),
            fmt_num(criteria[1].value),
            y2022::COMPUTE.comparison,
            y2022::COMPUTE.shown()
        ),
        Some(false) => {
            let misses: Vec<String> = criteria
                .iter()
                .filter(|c| c.met == Some(false))
                .map(|c| {
                    format!(
                        "{} {} {} {}",
                        c.metric,
                        fmt_num(c.value),
                        c.op.negated_symbol(),
                        fmt_num(Some(c.threshold))
                    )
                })
                .collect();
            format!("outside 3A090 (2022 test): {}", misses.join(", "))
        }
        None => "cannot decide under the 2022 test: I/O or compute unknown".to_string(),
    };
    Classification {
        chip: chip.spec.id.clone(),
        date,
        edition: y2022::EDITION.id,
        edition_citation: y2022::EDITION.citation,
        tpp: chip.metrics.tpp.map(|m| m.value),
        performance_density: chip.metrics.performance_density.map(|m| m.value),
        controlled: met == Some(true),
        decided: met.is_some(),
        eccn: (met == Some(true)).then_some(Eccn::Item2022),
        numerically_met: paragraphs.clone(),
        paragraphs,
        undecided: if met.is_none() { vec!["3A090.a.1"] } else { vec![] },
        exclusions: vec![],
        criteria,
        notes: notes(chip),
        summary,
    }
}

fn classify_2023(chip: &Chip, date: Date) -> Classification {
    let groups: [(&'static str, Vec<&Threshold>); 4] = [
        ("3A090.a.1", vec![&y2023::A1_TPP]),
        ("3A090.a.2", vec![&y2023::A2_TPP, &y2023::A2_PD]),
        ("3A090.b.1", vec![&y2023::B1_TPP_MIN, &y2023::B1_TPP_MAX, &y2023::B1_PD_MIN, &y2023::B1_PD_MAX]),
        ("3A090.b.2", vec![&y2023::B2_TPP, &y2023::B2_PD_MIN, &y2023::B2_PD_MAX]),
    ];
    let hbm_rule = date >= y2024::EDITION.effective;
    let mut criteria = Vec::new();
    let mut results: Vec<(&'static str, Option<bool>)> = Vec::new();
    if chip.spec.item == ItemKind::Hbm {
        if hbm_rule {
            let c = criterion(chip, "3A090.c", &y2024::C_DENSITY);
            results.push(("3A090.c", c.met));
            criteria.push(c);
        }
    } else {
        for (paragraph, lines) in &groups {
            let cs: Vec<Criterion> = lines.iter().map(|t| criterion(chip, paragraph, t)).collect();
            results.push((paragraph, all(cs.iter().map(|c| c.met))));
            criteria.extend(cs);
        }
    }
    // Note 2: not designed or marketed for datacenters and TPP below 4,800.
    let note2_tpp = criterion(chip, "note-2", &y2023::NOTE2_TPP);
    let not_datacenter = chip.spec.is_datacenter().map(|dc| !dc);
    let note2 = if chip.spec.item == ItemKind::Hbm { Some(false) } else { all([not_datacenter, note2_tpp.met]) };
    if chip.spec.item != ItemKind::Hbm {
        criteria.push(note2_tpp);
    }
    let numerically_met: Vec<&'static str> =
        results.iter().filter(|(_, m)| *m == Some(true)).map(|(p, _)| *p).collect();
    let undecided_numbers: Vec<&'static str> = results.iter().filter(|(_, m)| m.is_none()).map(|(p, _)| *p).collect();
    let paragraphs: Vec<&'static str> = if note2 == Some(true) { vec![] } else { numerically_met.clone() };
    let any_met = !numerically_met.is_empty();
    // Decided when: an exclusion settles it, or a paragraph is met and the exclusion is known
    // not to apply, or no paragraph can be met.
    let decided = match note2 {
        Some(true) => true,
        Some(false) => any_met || undecided_numbers.is_empty(),
        None => !any_met && undecided_numbers.is_empty(),
    };
    let controlled = note2 == Some(false) && any_met;
    let eccn = if !controlled {
        None
    } else if paragraphs.iter().any(|p| p.starts_with("3A090.a")) {
        Some(Eccn::A)
    } else if paragraphs.iter().any(|p| p.starts_with("3A090.b")) {
        Some(Eccn::B)
    } else {
        Some(Eccn::C)
    };
    let undecided = if decided {
        vec![]
    } else if note2.is_none() && any_met {
        vec!["note-2"]
    } else {
        undecided_numbers
    };
    let summary = summary_2023(chip, &criteria, controlled, decided, note2, &paragraphs, &numerically_met, &undecided);
    let edition = if hbm_rule { &y2024::EDITION } else { &y2023::EDITION };
    Classification {
        chip: chip.spec.id.clone(),
        date,
        edition: edition.id,
        edition_citation: edition.citation,
        tpp: chip.metrics.tpp.map(|m| m.value),
        performance_density: chip.metrics.performance_density.map(|m| m.value),
        controlled,
        decided,
        eccn,
        paragraphs,
        numerically_met,
        undecided,
        exclusions: vec![Exclusion {
            id: "Note 2 to 3A090",
            text: format!(
                "3A090 does not apply to items not designed or marketed for use in datacenters whose TPP is below {}",
                y2023::NOTE2_TPP.shown()
            ),
            applied: note2,
        }],
        criteria,
        notes: notes(chip),
        summary,
    }
}

#[allow(clippy::too_many_arguments)]
fn summary_2023(
    chip: &Chip,
    criteria: &[Criterion],
    controlled: bool,
    decided: bool,
    note2: Option<bool>,
    paragraphs: &[&str],
    numerically_met: &[&str],
    undecided: &[&str],
) -> String {
    let tpp = fmt_num(chip.metrics.tpp.map(|m| m.value));
    let pd = chip.metrics.performance_density.map_or_else(|| "unknown".to_string(), |m| format!("{:.2}", m.value));
    if controlled {
        return format!("{} (TPP {tpp}, density {pd})", paragraphs.join(" + "));
    }
    if note2 == Some(true) {
        return format!(
            "outside 3A090: Note 2 (not a datacenter part, TPP {tpp} {} {}){}",
            y2023::NOTE2_TPP.comparison,
            y2023::NOTE2_TPP.shown(),
            if numerically_met.is_empty() {
                String::new()
            } else {
                format!("; would otherwise meet {}", numerically_met.join(" + "))
            }
        );
    }
    if !decided {
        return format!(
            "cannot decide {}: {} unknown (TPP {tpp}, density {pd})",
            undecided.join(", "),
            missing(chip, note2)
        );
    }
    // Outside: name, per paragraph, the first criterion that fails.
    let mut misses = Vec::new();
    for paragraph in ["3A090.a.1", "3A090.a.2", "3A090.b.1", "3A090.b.2", "3A090.c"] {
        if let Some(c) = criteria.iter().find(|c| c.paragraph == paragraph && c.met == Some(false)) {
            misses.push(format!(
                "{} ({} {} {} {})",
                short(paragraph),
                c.metric.label(),
                fmt_num(c.value),
                c.op.negated_symbol(),
                fmt_num(Some(c.threshold))
            ));
        }
    }
    format!("outside 3A090: misses {}", misses.join(", "))
}

fn missing(chip: &Chip, note2: Option<bool>) -> &'static str {
    if note2.is_none() && chip.spec.is_datacenter().is_none() {
        "datacenter status"
    } else if chip.metrics.tpp.is_none() {
        "TPP"
    } else {
        "performance density (die area)"
    }
}

fn short(paragraph: &str) -> &str {
    paragraph.trim_start_matches("3A090.")
}

/// A criterion's value as summaries print it: the value, or `at least` its lower bound.
fn shown_value(c: &Criterion) -> String {
    match (c.value, c.lower_bound) {
        (None, Some(b)) => format!("at least {}", fmt_num(Some(b))),
        (v, _) => fmt_num(v),
    }
}

/// Formats a number for summaries: thousands separators; one decimal from 100 up, two below.
#[must_use]
pub fn fmt_num(v: Option<f64>) -> String {
    let Some(v) = v else {
        return "unknown".to_string();
    };
    let text = if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else if v.abs() >= 100.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    };
    let (sign, rest) = text.strip_prefix('-').map_or(("", text.as_str()), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

impl Comparison {
    /// True for a lower bound (`>=` or `>`): growing the metric can newly meet it.
    #[must_use]
    pub fn is_lower_bound(self) -> bool {
        matches!(self, Comparison::AtLeast | Comparison::Above)
    }
}
