//! Checking: each raw claim against the catalogue (value, range, source, grade), the computed
//! metrics, the rule editions (through `redline_rules::timeline` and `check`) and the
//! performance seam, with a verdict that says what it rests on.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use redline_catalog::{Catalog, Chip, Format, Grade, Sourced};
use redline_rules::edition::MetricKind;
use redline_rules::{Countries, Date, RulesError, TimelineEntry, editions};

use crate::extract::{Extraction, Q, RatioOf, Raw};
use crate::mentions::ChipIndex;
use crate::numbers::{PartialDate, fmt};
use crate::perf_seam;
use crate::{Claim, ClaimValue, Comparison, MeasureRatio, Options, Span, Tolerance, Verdict};

/// A timeline, or why the rules could not give one.
type Timeline = Rc<Result<Vec<TimelineEntry>, String>>;

pub(crate) struct Ctx<'a> {
    pub catalog: &'a Catalog,
    pub countries: &'a Countries,
    pub index: &'a ChipIndex,
    pub options: &'a Options,
    /// Timelines already computed for this text: `(chip id, destination, until)`.
    pub timelines: RefCell<HashMap<(String, String, Date), Timeline>>,
    /// Performance predictions already made for this text.
    pub perf: perf_seam::Cache,
}

impl Ctx<'_> {
    /// `redline_rules::timeline`, once per chip, destination and date for a whole text.
    fn timeline(&self, chip: &Chip, dest: &str, until: Date) -> Timeline {
        let key = (chip.spec.id.clone(), dest.to_string(), until);
        if let Some(t) = self.timelines.borrow().get(&key) {
            return Rc::clone(t);
        }
        let t = Rc::new(redline_rules::timeline(chip, self.countries, dest, until).map_err(|e| rules_error_text(&e)));
        self.timelines.borrow_mut().insert(key, Rc::clone(&t));
        t
    }
}

/// A reference value with its provenance.
struct Ref {
    value: f64,
    low: Option<f64>,
    high: Option<f64>,
    grade: Option<Grade>,
    source: String,
}

fn file_of(chip: &Chip) -> String {
    if chip.origin == "embedded" { format!("data/chips/{}.toml", chip.spec.id) } else { chip.origin.clone() }
}

fn source_text(chip: &Chip, key: Option<&str>, field: &str) -> String {
    let src = key.map_or_else(
        || "no source recorded".to_string(),
        |k| {
            chip.spec.sources.get(k).map_or_else(
                || k.to_string(),
                |s| match &s.date {
                    Some(d) => format!("{} ({d})", s.title),
                    None => s.title.clone(),
                },
            )
        },
    );
    format!("{} {field}: {src}", file_of(chip))
}

fn sourced<T: Copy>(chip: &Chip, s: Option<&Sourced<T>>, field: &str, f: impl Fn(T) -> f64) -> Option<Ref> {
    let s = s?;
    let value = f(s.value?);
    Some(Ref {
        value,
        low: s.low.map(&f),
        high: s.high.map(&f),
        grade: s.grade,
        source: source_text(chip, s.source.as_deref(), field),
    })
}

fn weakest(a: Option<Grade>, b: Option<Grade>) -> Option<Grade> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.weakest(y)),
        _ => None,
    }
}

/// Whether `claimed` agrees with `r` under the comparison and tolerance.
fn agrees(claimed: f64, cmp: Comparison, tol: f64, value: f64, low: Option<f64>, high: Option<f64>) -> bool {
    let lo = low.unwrap_or(value).min(value);
    let hi = high.unwrap_or(value).max(value);
    let (lo_t, hi_t) = (lo - lo.abs() * tol, hi + hi.abs() * tol);
    match cmp {
        Comparison::Exact | Comparison::About => claimed >= lo_t && claimed <= hi_t,
        Comparison::AtLeast => hi_t >= claimed,
        Comparison::AtMost => lo_t <= claimed,
    }
}

/// Whether the claim agrees with a reference value (or range): approximate wording with a round
/// number (`raw.around`) accepts any reference inside what the writer's rounding covers; else
/// the relative tolerance applies around the reference.
pub(crate) fn holds(raw: &Raw, claimed: f64, value: f64, low: Option<f64>, high: Option<f64>) -> bool {
    if raw.comparison == Comparison::About
        && let Some((a, b)) = raw.around
    {
        let lo = low.unwrap_or(value).min(value);
        let hi = high.unwrap_or(value).max(value);
        return hi >= a && lo <= b;
    }
    let tol = raw.tolerance.as_ref().map_or(0.01, |t| t.0);
    agrees(claimed, raw.comparison, tol, value, low, high)
}

/// The tolerance in words, for a reason.
fn tolerance_text(raw: &Raw) -> String {
    match &raw.tolerance {
        Some((_, basis)) if raw.around.is_some() && raw.comparison == Comparison::About => {
            format!("tolerance: {basis}")
        }
        Some((t, basis)) => format!("tolerance {:.1}% ({basis})", t * 100.0),
        None => "tolerance 1.0%".to_string(),
    }
}

fn pct_diff(claimed: f64, value: f64) -> String {
    if value == 0.0 {
        return String::new();
    }
    format!(" ({:+.1}%)", (claimed - value) / value * 100.0)
}

struct Out {
    reference: Option<ClaimValue>,
    verdict: Verdict,
    reason: String,
    source: Option<String>,
    grade: Option<Grade>,
    date: Option<String>,
    date_from: Option<&'static str>,
    destination: Option<String>,
    edition: Option<String>,
    measure: Option<String>,
    measures: Vec<MeasureRatio>,
    subject_override: Option<String>,
    perf: Option<PerfRange>,
}

/// A performance claim's predicted range and what it was compared with.
struct PerfRange {
    low: f64,
    high: f64,
    accepted_low: f64,
    accepted_high: f64,
    workload: String,
}

impl Out {
    fn unverifiable(reason: impl Into<String>) -> Out {
        Out {
            reference: None,
            verdict: Verdict::Unverifiable,
            reason: reason.into(),
            source: None,
            grade: None,
            date: None,
            date_from: None,
            destination: None,
            edition: None,
            measure: None,
            measures: Vec::new(),
            subject_override: None,
            perf: None,
        }
    }

    fn numeric(raw: &Raw, r: &Ref, unit: &str, what: &str) -> Out {
        let claimed = raw.claimed.as_f64().unwrap_or(f64::NAN);
        let ok = holds(raw, claimed, r.value, r.low, r.high);
        let range = match (r.low, r.high) {
            (Some(l), Some(h)) => format!(" (range {}–{})", fmt(l), fmt(h)),
            _ => String::new(),
        };
        let grade = r.grade.map_or_else(|| "ungraded".to_string(), |g| g.as_str().to_string());
        let how = match raw.comparison {
            Comparison::AtLeast => "at least ",
            Comparison::AtMost => "at most ",
            Comparison::About => "about ",
            Comparison::Exact => "",
        };
        let unit = if unit.is_empty() || unit == "%" { unit.to_string() } else { format!(" {unit}") };
        let reason = format!(
            "claimed {how}{}{unit}; Redline has {what} {}{unit}{range}{}, {grade} value; {}",
            fmt(claimed),
            fmt(r.value),
            if range.is_empty() { pct_diff(claimed, r.value) } else { String::new() },
            tolerance_text(raw)
        );
        let mut out = Out::unverifiable(reason);
        out.reference = Some(ClaimValue::Number(r.value));
        out.verdict = if ok { Verdict::Consistent } else { Verdict::Inconsistent };
        out.source = Some(r.source.clone());
        out.grade = r.grade;
        out
    }
}

fn unit_of(q: &Q) -> &'static str {
    match q {
        Q::MemoryCapacity => "GB",
        Q::MemoryBandwidth | Q::ChipToChip => "GB/s",
        Q::Compute { .. } => "TFLOP/s",
        Q::Tpp => "TPP",
        Q::Density => "TPP/mm²",
        Q::Tdp => "W",
        Q::Price { currency } => currency,
        Q::Ratio { .. } => "ratio",
        Q::License => "bool",
        Q::RevenueShare | Q::Tariff => "percent",
        Q::Threshold(k) => match k {
            MetricKind::Tpp | MetricKind::BitLengthTops => "TPP",
            other => other.unit(),
        },
        Q::Money(_) => "USD",
        Q::Throughput => "tokens/s",
    }
}

fn quantity_name(q: &Q, other: Option<&str>) -> String {
    match q {
        Q::MemoryCapacity => "memory_capacity_gb".into(),
        Q::MemoryBandwidth => "memory_bandwidth_gbs".into(),
        Q::ChipToChip => "chip_to_chip_bandwidth_gbs".into(),
        Q::Compute { format: Some(f), sparse: false } => format!("dense_{}_tflops", f.as_str()),
        Q::Compute { format: Some(f), sparse: true } => format!("sparse_{}_tflops", f.as_str()),
        Q::Compute { format: None, .. } => "compute_tflops".into(),
        Q::Tpp => "tpp".into(),
        Q::Density => "performance_density".into(),
        Q::Tdp => "tdp_w".into(),
        Q::Price { currency } => format!("price_{}", currency.to_ascii_lowercase()),
        Q::Ratio { of, .. } => {
            let o = other.unwrap_or("unknown");
            match of {
                RatioOf::Compute => format!("compute_ratio_vs_{o}"),
                RatioOf::Bandwidth => format!("memory_bandwidth_ratio_vs_{o}"),
                RatioOf::Capacity => format!("memory_capacity_ratio_vs_{o}"),
                RatioOf::Interconnect => format!("chip_to_chip_bandwidth_ratio_vs_{o}"),
                RatioOf::Inference => format!("inference_ratio_vs_{o}"),
            }
        }
        Q::License => "license_required".into(),
        Q::RevenueShare => "revenue_share_percent".into(),
        Q::Tariff => "tariff_percent".into(),
        Q::Threshold(k) => format!("threshold_{}", k.as_str()),
        Q::Money(w) => (*w).to_string(),
        Q::Throughput => "throughput_tokens_per_s".into(),
    }
}

pub(crate) fn verify(ctx: &Ctx<'_>, ex: &Extraction, raw: &Raw) -> Claim {
    let (ss, se) = ex.norm.orig_span(raw.sentence_start, raw.sentence_end);
    let (cs, ce) = ex.norm.orig_span(raw.start, raw.end);
    let chip = raw.subject.map(|c| &ctx.catalog.chips()[c]);
    let other = raw.other.map(|c| &ctx.catalog.chips()[c]);
    let lower = &ex.norm.lower[raw.sentence_start..raw.sentence_end];
    let out = match (&raw.quantity, chip) {
        (Q::License, Some(c)) => license(ctx, raw, c),
        (Q::RevenueShare, _) => condition(ctx, raw, chip, "revenue-share"),
        (Q::Tariff, _) => condition(ctx, raw, chip, "tariff"),
        (Q::Threshold(k), _) => threshold(raw, *k),
        (Q::Money(_), _) => Out::unverifiable("Redline holds no company revenue, charge or licence-fee figures"),
        (Q::Throughput, Some(c)) => throughput(ctx, raw, c, lower),
        (Q::Ratio { of: RatioOf::Inference, .. }, Some(c)) => match other {
            Some(o) => inference_ratio(ctx, raw, c, o, lower),
            None => Out::unverifiable("no chip to compare against"),
        },
        (Q::Ratio { of, format }, Some(c)) => match other {
            Some(o) => ratio(raw, c, o, *of, *format),
            None => Out::unverifiable("no chip to compare against"),
        },
        (q, Some(c)) => spec(raw, c, q),
        (_, None) => Out::unverifiable("no chip named in the sentence or paragraph"),
    };
    let subject = out.subject_override.clone().or_else(|| raw.subject.map(|c| ctx.index.id(c).to_string()));
    let other_id = raw.other.map(|c| ctx.index.id(c).to_string());
    Claim {
        kind: raw.kind,
        text: ex.norm.original(ss, se),
        sentence: Span { start: ss, end: se },
        span: Span { start: cs, end: ce },
        quote: ex.norm.original(cs, ce),
        subject,
        subject_from: if raw.subject_from_context { "context" } else { "text" },
        quantity: quantity_name(&raw.quantity, other_id.as_deref()),
        other: other_id,
        unit: unit_of(&raw.quantity),
        claimed: raw.claimed.clone(),
        comparison: raw.comparison,
        reference: out.reference,
        verdict: out.verdict,
        reason: out.reason,
        tolerance: raw.tolerance.as_ref().map(|(r, b)| Tolerance {
            relative: *r,
            basis: b.clone(),
            low: raw.around.map(|x| x.0),
            high: raw.around.map(|x| x.1),
        }),
        source: out.source,
        grade: out.grade,
        date: out.date.or_else(|| raw.date.map(|(d, _)| d.text())),
        date_from: out.date_from.or(raw.date.map(|(_, f)| f)),
        destination: out.destination,
        edition: out.edition,
        measure: out.measure,
        measures: out.measures,
        reference_low: out.perf.as_ref().map(|p| p.low),
        reference_high: out.perf.as_ref().map(|p| p.high),
        accepted_low: out.perf.as_ref().map(|p| p.accepted_low),
        accepted_high: out.perf.as_ref().map(|p| p.accepted_high),
        model_error: out.perf.as_ref().map(|_| perf_seam::MODEL_ERROR),
        workload: out.perf.map(|p| p.workload),
    }
}

fn dense(chip: &Chip, f: Format) -> Option<Ref> {
    sourced(chip, chip.spec.dense.entry(f), &format!("dense.{}", f.as_str()), |t| t.get())
}

fn conflict_note(chip: &Chip, field: &str) -> String {
    chip.spec.conflicts.iter().find(|c| c.field == field).map_or_else(String::new, |c| {
        format!(
            "; sources conflict on {field} ({}), Redline uses {}",
            c.values.join(" vs "),
            c.chosen.as_deref().unwrap_or("?")
        )
    })
}

fn spec(raw: &Raw, chip: &Chip, q: &Q) -> Out {
    let s = &chip.spec;
    let label = s.label();
    let (r, unit, field) = match q {
        Q::MemoryCapacity => (
            sourced(chip, s.memory.capacity_gb.as_ref(), "memory.capacity_gb", |v| v.get()),
            "GB",
            "memory.capacity_gb",
        ),
        Q::MemoryBandwidth => (
            sourced(chip, s.memory.bandwidth_gbs.as_ref(), "memory.bandwidth_gbs", |v| v.get()),
            "GB/s",
            "memory.bandwidth_gbs",
        ),
        Q::ChipToChip => (
            sourced(chip, s.interconnect.chip_to_chip_gbs.as_ref(), "interconnect.chip_to_chip_gbs", |v| v.get()),
            "GB/s",
            "interconnect.chip_to_chip_gbs",
        ),
        Q::Tdp => (sourced(chip, s.tdp_w.as_ref(), "tdp_w", |v| v.get()), "W", "tdp_w"),
        Q::Price { currency: "USD" } => {
            (sourced(chip, s.price_usd.as_ref(), "price_usd", |v| v.get()), "USD", "price_usd")
        }
        Q::Price { .. } => {
            return Out::unverifiable("Redline's prices are in US dollars; no exchange rate is applied");
        }
        Q::Compute { format, sparse } => return compute(raw, chip, *format, *sparse),
        Q::Tpp => return tpp(raw, chip),
        Q::Density => {
            let Some(m) = chip.metrics.performance_density else {
                return Out::unverifiable(format!(
                    "{label}'s performance density is unknown (die area or TPP unknown)"
                ));
            };
            let r = Ref {
                value: m.value,
                low: None,
                high: None,
                grade: m.grade,
                source: format!("computed: TPP ÷ applicable die area, from {}", file_of(chip)),
            };
            let mut out = Out::numeric(raw, &r, "", &format!("{label}'s performance density"));
            out.measure = Some("performance_density".into());
            return out;
        }
        _ => return Out::unverifiable("not a spec quantity"),
    };
    match r {
        Some(r) => {
            let human = match field {
                "memory.capacity_gb" => "memory capacity",
                "memory.bandwidth_gbs" => "memory bandwidth",
                "interconnect.chip_to_chip_gbs" => "chip-to-chip bandwidth",
                "tdp_w" => "TDP",
                _ => "price",
            };
            let mut out = Out::numeric(raw, &r, unit, &format!("{label}'s {human}"));
            out.reason.push_str(&conflict_note(chip, field));
            out
        }
        None => Out::unverifiable(format!("Redline has no value for {label}'s {field} (unknown in the catalogue)")),
    }
}

fn compute(raw: &Raw, chip: &Chip, format: Option<Format>, sparse: bool) -> Out {
    let label = chip.spec.label();
    let factor = if sparse { 2.0 } else { 1.0 };
    let kind = if sparse { "sparse (2 × dense)" } else { "dense" };
    let measures: Vec<MeasureRatio> = chip
        .spec
        .dense
        .known()
        .map(|(f, v)| MeasureRatio {
            measure: format!("dense_{}", f.as_str()),
            subject_value: Some(v * factor),
            other_value: None,
            ratio: None,
        })
        .collect();
    let candidates: Vec<Format> = match format {
        Some(f) => vec![f],
        None => chip.spec.dense.known().map(|(f, _)| f).collect(),
    };
    let claimed = raw.claimed.as_f64().unwrap_or(f64::NAN);
    let mut best: Option<(Format, Ref, bool, f64)> = None;
    for f in candidates {
        let Some(mut r) = dense(chip, f) else { continue };
        r.value *= factor;
        r.low = r.low.map(|x| x * factor);
        r.high = r.high.map(|x| x * factor);
        let ok = holds(raw, claimed, r.value, r.low, r.high);
        let dist = ((claimed - r.value) / r.value).abs();
        let better = match &best {
            None => true,
            Some((_, _, bok, bd)) => (ok && !bok) || (ok == *bok && dist < *bd),
        };
        if better {
            best = Some((f, r, ok, dist));
        }
    }
    let Some((f, r, _, _)) = best else {
        return Out::unverifiable(match format {
            Some(f) => format!("Redline has no dense {} rate for {label}", f.as_str()),
            None => format!("Redline has no per-format throughput for {label}"),
        });
    };
    let what = format!("{label}'s {kind} {}", f.as_str());
    let mut out = Out::numeric(raw, &r, "TFLOP/s", &what);
    if format.is_none() {
        out.reason.push_str(&format!(
            "; the text names no format, so the closest of {} formats was compared",
            measures.len()
        ));
    }
    out.reason.push_str(&conflict_note(chip, &format!("dense.{}", f.as_str())));
    out.measure = Some(format!("dense_{}", f.as_str()));
    out.measures = measures;
    out
}

fn tpp(raw: &Raw, chip: &Chip) -> Out {
    let label = chip.spec.label();
    let (Some(m), Some(f)) = (chip.metrics.tpp, chip.metrics.tpp_format) else {
        return Out::unverifiable(format!("{label}'s TPP is unknown (no per-format throughput in the catalogue)"));
    };
    let per = chip.spec.dense.entry(f).and_then(Sourced::known).map_or(0.0, |t| t.get());
    let src = chip.spec.dense.entry(f).and_then(|s| s.source.clone());
    let r = Ref {
        value: m.value,
        low: None,
        high: None,
        grade: m.grade,
        source: format!(
            "computed: TPP = dense {} {} × {} bits; {}",
            f.as_str(),
            fmt(per),
            f.bit_length(),
            source_text(chip, src.as_deref(), &format!("dense.{}", f.as_str()))
        ),
    };
    let mut out = Out::numeric(raw, &r, "", &format!("{label}'s TPP"));
    if !chip.metrics.unknown_formats.is_empty() {
        out.reason.push_str("; Redline's TPP is a lower bound (some formats unknown)");
    }
    out.measure = Some("tpp".into());
    out
}

/// One measure of two chips: (name, subject value, other value, grade).
fn measure_pair(a: &Chip, b: &Chip, name: &str) -> Option<(f64, f64, Option<Grade>)> {
    let get = |c: &Chip| -> Option<(f64, Option<Grade>)> {
        match name {
            "tpp" => c.metrics.tpp.map(|m| (m.value, m.grade)),
            "memory_bandwidth_gbs" => c.metrics.dram_bandwidth_gbs.map(|m| (m.value, m.grade)),
            "memory_capacity_gb" => c.metrics.memory_capacity_gb.map(|m| (m.value, m.grade)),
            "chip_to_chip_gbs" => c.metrics.chip_to_chip_gbs.map(|m| (m.value, m.grade)),
            dense => {
                let f = Format::ALL.iter().copied().find(|f| format!("dense_{}", f.as_str()) == dense)?;
                let s = c.spec.dense.entry(f)?;
                s.known().map(|t| (t.get(), s.grade))
            }
        }
    };
    let (x, gx) = get(a)?;
    let (y, gy) = get(b)?;
    Some((x, y, weakest(gx, gy)))
}

fn ratio(raw: &Raw, a: &Chip, b: &Chip, of: RatioOf, format: Option<Format>) -> Out {
    let names: Vec<String> = match of {
        RatioOf::Compute => {
            let mut v = vec!["tpp".to_string(), "dense_bf16".to_string(), "dense_fp8".to_string()];
            if let Some(f) = format {
                let n = format!("dense_{}", f.as_str());
                if !v.contains(&n) {
                    v.push(n);
                }
            }
            v
        }
        RatioOf::Bandwidth => vec!["memory_bandwidth_gbs".into()],
        RatioOf::Interconnect => vec!["chip_to_chip_gbs".into()],
        RatioOf::Capacity => vec!["memory_capacity_gb".into()],
        RatioOf::Inference => return Out::unverifiable("an inference ratio is held against the performance model"),
    };
    let measures: Vec<MeasureRatio> = names
        .iter()
        .map(|n| {
            let p = measure_pair(a, b, n);
            MeasureRatio {
                measure: n.clone(),
                subject_value: p.map(|x| x.0),
                other_value: p.map(|x| x.1),
                ratio: p.and_then(|(x, y, _)| (y > 0.0).then(|| x / y)),
            }
        })
        .collect();
    let primary = match (of, format) {
        (RatioOf::Compute, Some(f)) => format!("dense_{}", f.as_str()),
        _ => names[0].clone(),
    };
    let chosen = measures
        .iter()
        .find(|m| m.measure == primary && m.ratio.is_some())
        .or_else(|| measures.iter().find(|m| m.ratio.is_some()));
    let (la, lb) = (a.spec.label(), b.spec.label());
    let Some(m) = chosen else {
        let mut out = Out::unverifiable(format!(
            "Redline lacks the values to compare {la} with {lb} ({}): unknown in the catalogue",
            names.join(", ")
        ));
        out.measures = measures;
        return out;
    };
    let pair = measure_pair(a, b, &m.measure);
    let grade = pair.and_then(|p| p.2);
    let r = Ref {
        value: m.ratio.unwrap_or(f64::NAN),
        low: None,
        high: None,
        grade,
        source: format!(
            "computed: {} {la} {} ÷ {lb} {}, from {} and {}",
            m.measure,
            fmt(m.subject_value.unwrap_or(0.0)),
            fmt(m.other_value.unwrap_or(0.0)),
            file_of(a),
            file_of(b)
        ),
    };
    let mut out = Out::numeric(raw, &r, "", &format!("{la} ÷ {lb} by {}", m.measure));
    if m.measure != primary {
        out.reason.push_str(&format!("; {primary} unknown, so {} was compared", m.measure));
    }
    if of == RatioOf::Compute && format.is_none() {
        out.reason.push_str("; the text names no format, so TPP (the legal measure) decides");
    }
    out.measure = Some(m.measure.clone());
    if of == RatioOf::Compute {
        out.measures = measures;
    }
    out
}

fn date_of(raw: &Raw, options: &Options) -> (PartialDate, &'static str) {
    raw.date.unwrap_or_else(|| {
        let s = options.as_of.to_string();
        let y = s.get(0..4).and_then(|x| x.parse().ok()).unwrap_or(2026);
        let m = s.get(5..7).and_then(|x| x.parse().ok()).unwrap_or(1);
        let d = s.get(8..10).and_then(|x| x.parse().ok());
        (PartialDate::new(y, m, d).unwrap_or(PartialDate { year: y, month: m, day: None }), "as-of")
    })
}

fn edition_source(id: &str) -> String {
    editions::find(id)
        .map_or_else(|| format!("rule edition {id}"), |e| format!("rule edition {id}: {} ({})", e.title, e.citation))
}

/// The states in force during a (partial) date: the one at its first day and every change
/// up to its last day.
fn states(entries: &[TimelineEntry], date: PartialDate) -> Vec<&TimelineEntry> {
    let first = date.first_day();
    let mut out: Vec<&TimelineEntry> = Vec::new();
    if let Some(e) = entries.iter().rev().find(|e| e.check.date <= first) {
        out.push(e);
    }
    out.extend(entries.iter().filter(|e| e.check.date > first));
    out
}

fn rules_error_text(e: &RulesError) -> String {
    format!("the rules cannot answer: {e}")
}

fn license(ctx: &Ctx<'_>, raw: &Raw, chip: &Chip) -> Out {
    let (date, date_from) = date_of(raw, ctx.options);
    let dest = raw.destination.map_or_else(|| ctx.options.destination.clone(), str::to_string);
    let claimed = matches!(raw.claimed, ClaimValue::Bool(true));
    let label = chip.spec.label();
    let timeline = ctx.timeline(chip, &dest, date.last_day());
    let mut out = match timeline.as_ref() {
        Err(e) => Out::unverifiable(e.clone()),
        Ok(entries) => {
            let st = states(entries, date);
            if st.is_empty() {
                Out::unverifiable(format!("no rule edition in force on {} (the first is 2022-10-07)", date.text()))
            } else {
                let matching = st.iter().rev().find(|e| e.check.license_required == claimed);
                let e = matching.copied().unwrap_or(st[st.len() - 1]);
                let c = &e.check;
                let mut conds: Vec<String> = c
                    .conditions
                    .iter()
                    .filter(|k| matches!(k.kind, "revenue-share" | "tariff" | "volume-cap" | "third-party-testing"))
                    .map(|k| k.percent.map_or_else(|| k.kind.to_string(), |p| format!("{} {}%", k.kind, fmt(p))))
                    .collect();
                if let Some(p) = c.review_policy {
                    conds.insert(0, format!("review {p}"));
                }
                let terms = if conds.is_empty() { String::new() } else { format!(" ({})", conds.join(", ")) };
                let answer = if c.license_required { "required" } else { "not required" };
                let change =
                    if st.len() > 1 { format!("; the answer changed within {}", date.text()) } else { String::new() };
                let edition = e.editions.first().copied().or_else(|| c.regime.last().copied()).unwrap_or("");
                let mut o = Out::unverifiable(format!(
                    "licence {answer} for {label} to {dest} in {}{terms}: in force from {} (edition {edition}){change}",
                    date.text(),
                    e.check.date
                ));
                o.verdict = if !c.decided {
                    Verdict::Unverifiable
                } else if matching.is_some() {
                    Verdict::Consistent
                } else {
                    Verdict::Inconsistent
                };
                if !c.decided {
                    o.reason.push_str("; undecided: an unknown value leaves the answer open");
                }
                if claimed && c.license_required && c.review_policy.is_some() {
                    o.reason.push_str("; a licence requirement is not a ban: licences are reviewed");
                }
                o.reference = Some(ClaimValue::Bool(c.license_required));
                o.source = Some(edition_source(edition));
                o.grade = c.evidence_grade;
                o.edition = Some(edition.to_string());
                o
            }
        }
    };
    out.date = Some(date.text());
    out.date_from = Some(date_from);
    out.destination = Some(dest);
    out
}

fn condition(ctx: &Ctx<'_>, raw: &Raw, chip: Option<&Chip>, kind: &'static str) -> Out {
    let (date, date_from) = date_of(raw, ctx.options);
    let dest = raw.destination.map_or_else(|| ctx.options.destination.clone(), str::to_string);
    let claimed = raw.claimed.as_f64().unwrap_or(f64::NAN);
    let mut out = match chip {
        Some(chip) => condition_for_chip(ctx, raw, chip, kind, &dest, date),
        None => {
            // No chip: any condition of this kind in force on the date, for any chip.
            let day = date.last_day();
            let mut found: Vec<(String, f64, Grade, &'static str)> = Vec::new();
            for c in ctx.catalog.chips() {
                if let Ok(ch) = redline_rules::check(c, ctx.countries, &dest, day) {
                    for k in ch.conditions.iter().filter(|k| k.kind == kind) {
                        if let Some(p) = k.percent {
                            found.push((c.spec.id.clone(), p, k.grade, k.citation));
                        }
                    }
                }
            }
            let best = found.iter().find(|f| holds(raw, claimed, f.1, None, None)).or_else(|| found.first());
            match best {
                None => Out::unverifiable(format!(
                    "Redline knows of no {kind} condition for exports to {dest} on {}",
                    date.text()
                )),
                Some((_, p, grade, citation)) => {
                    let chips: Vec<&str> = found.iter().filter(|f| f.1 == *p).map(|f| f.0.as_str()).collect();
                    let r =
                        Ref { value: *p, low: None, high: None, grade: Some(*grade), source: (*citation).to_string() };
                    let mut o = Out::numeric(raw, &r, "%", &format!("a {kind} condition of"));
                    o.reason.push_str(&format!(" (for {})", chips.join(", ")));
                    let ed = editions::ALL.iter().find(|e| e.citation == *citation).map(|e| e.id);
                    o.subject_override = ed.map(str::to_string);
                    o.edition = ed.map(str::to_string);
                    o
                }
            }
        }
    };
    out.date = Some(date.text());
    out.date_from = Some(date_from);
    out.destination = Some(dest);
    out
}

fn condition_for_chip(ctx: &Ctx<'_>, raw: &Raw, chip: &Chip, kind: &'static str, dest: &str, date: PartialDate) -> Out {
    let label = chip.spec.label();
    let timeline = ctx.timeline(chip, dest, date.last_day().max(ctx.options.as_of));
    let entries = match timeline.as_ref() {
        Ok(e) => e,
        Err(e) => return Out::unverifiable(e.clone()),
    };
    let until: Vec<&TimelineEntry> = entries.iter().filter(|e| e.check.date <= date.last_day()).collect();
    let now = until.last().and_then(|e| e.check.conditions.iter().find(|k| k.kind == kind).map(|k| (*e, k)));
    let first_ever = entries.iter().find_map(|e| e.check.conditions.iter().find(|k| k.kind == kind).map(|k| (e, k)));
    match (now, first_ever) {
        (Some((_, k)), _) => {
            let Some(p) = k.percent else {
                return Out::unverifiable(format!("the {kind} condition has no percentage"));
            };
            let r = Ref { value: p, low: None, high: None, grade: Some(k.grade), source: k.citation.to_string() };
            let mut o = Out::numeric(raw, &r, "%", &format!("a {kind} condition for {label} to {dest} of"));
            let origin = entries.iter().find(|e| e.check.conditions.iter().any(|x| x.kind == kind));
            o.edition = origin.and_then(|e| e.editions.first()).map(|s| (*s).to_string());
            o
        }
        (None, Some((e, k))) => {
            let mut o = Out::unverifiable(format!(
                "no {kind} condition for {label} to {dest} on {}; one of {}% applies from {}",
                date.text(),
                k.percent.map_or_else(|| "?".into(), fmt),
                e.check.date
            ));
            o.verdict = Verdict::Inconsistent;
            o.source = Some(k.citation.to_string());
            o.grade = Some(k.grade);
            o.edition = e.editions.first().map(|s| (*s).to_string());
            o
        }
        (None, None) => Out::unverifiable(format!("Redline knows of no {kind} condition for {label} to {dest}")),
    }
}

fn threshold(raw: &Raw, kind: MetricKind) -> Out {
    let claimed = raw.claimed.as_f64().unwrap_or(f64::NAN);
    let kinds: &[MetricKind] =
        if kind == MetricKind::Tpp { &[MetricKind::Tpp, MetricKind::BitLengthTops] } else { &[kind] };
    let until = raw.date.map(|(d, _)| d.last_day());
    let mut best: Option<(&'static str, &redline_rules::edition::Threshold, f64)> = None;
    for e in editions::ALL.iter().filter(|e| until.is_none_or(|u| e.effective <= u)) {
        for t in e.thresholds.iter().filter(|t| kinds.contains(&t.metric)) {
            let d = ((claimed - t.value) / t.value).abs();
            if best.is_none_or(|(_, _, bd)| d < bd) {
                best = Some((e.id, t, d));
            }
        }
    }
    let Some((id, t, _)) = best else {
        return Out::unverifiable(format!("no rule edition has a {} line", kind.as_str()));
    };
    let r = Ref {
        value: t.value,
        low: None,
        high: None,
        grade: Some(t.grade),
        source: format!("{}: {}", edition_source(id), t.citation),
    };
    let mut out =
        Out::numeric(raw, &r, unit_of(&raw.quantity), &format!("the nearest {} line ({})", kind.as_str(), t.id));
    if out.verdict == Verdict::Consistent && t.grade == Grade::Estimate {
        out.verdict = Verdict::Unverifiable;
        out.reason.push_str("; that line was found in no source and Redline does not apply it");
    }
    out.subject_override = Some(id.to_string());
    out.edition = Some(id.to_string());
    out
}

/// Whether a claim agrees with a predicted range widened by the model's error: `(verdict
/// holds, accepted low, accepted high)`. The claim's own tolerance (rounding or approximate
/// wording) applies on top.
fn perf_agrees(raw: &Raw, claimed: f64, low: f64, high: f64) -> (bool, f64, f64) {
    let (lo, hi) = perf_seam::widened(low, high);
    (holds(raw, claimed, lo, Some(lo), Some(hi)), lo, hi)
}

fn perf_out(raw: &Raw, claimed: f64, s: &perf_seam::Span, w: &perf_seam::Workload, what: &str, unit: &str) -> Out {
    let (ok, lo, hi) = perf_agrees(raw, claimed, s.low, s.high);
    let how = match raw.comparison {
        Comparison::AtLeast => "at least ",
        Comparison::AtMost => "at most ",
        Comparison::About => "about ",
        Comparison::Exact => "",
    };
    let workload = w.describe();
    let mut out = Out::unverifiable(format!(
        "claimed {how}{}{unit}; the performance model predicts {what} {}–{}{unit} over the workload range \
         (low: {}; high: {}), {}–{}{unit} with its leave-one-chip-out error of {:.1}%; {}; estimate",
        fmt(claimed),
        fmt(round3(s.low)),
        fmt(round3(s.high)),
        s.low_at,
        s.high_at,
        fmt(round3(lo)),
        fmt(round3(hi)),
        perf_seam::MODEL_ERROR * 100.0,
        tolerance_text(raw),
    ));
    out.verdict = if ok { Verdict::Consistent } else { Verdict::Inconsistent };
    // The reference is the geometric mean of the predicted range (its centre on a log scale).
    out.reference = Some(ClaimValue::Number((s.low * s.high).sqrt()));
    out.grade = Some(Grade::Estimate);
    out.source = Some(perf_seam::source(&workload));
    out.perf = Some(PerfRange { low: s.low, high: s.high, accepted_low: lo, accepted_high: hi, workload });
    out
}

/// Three significant digits, for the words of a reason (the JSON keeps full precision).
fn round3(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let mag = 10f64.powi(2 - v.abs().log10().floor() as i32);
    (v * mag).round() / mag
}

fn throughput(ctx: &Ctx<'_>, raw: &Raw, chip: &Chip, lower: &str) -> Out {
    let w = perf_seam::workload(lower);
    let claimed = raw.claimed.as_f64().unwrap_or(f64::NAN);
    let points = ctx.perf.points(chip, &w);
    let label = chip.spec.label();
    let mut out = match points.as_ref() {
        Err(e) => Out::unverifiable(format!("{e} (workload: {})", w.describe())),
        Ok(p) => match perf_seam::throughput(p) {
            Some(s) => perf_out(raw, claimed, &s, &w, &format!("{} × {label}", w.gpus), " tokens/s"),
            None => Out::unverifiable(format!("the performance model gave no throughput for {label}")),
        },
    };
    out.measure = Some(if w.per_chip { "output_tokens_per_s_per_chip" } else { "output_tokens_per_s" }.into());
    out
}

fn inference_ratio(ctx: &Ctx<'_>, raw: &Raw, a: &Chip, b: &Chip, lower: &str) -> Out {
    let w = perf_seam::workload(lower);
    let claimed = raw.claimed.as_f64().unwrap_or(f64::NAN);
    let (la, lb) = (a.spec.label(), b.spec.label());
    // "Performance" is ambiguous: the spec measures are listed beside the prediction.
    let measures: Vec<MeasureRatio> = ["tpp", "dense_bf16", "dense_fp8", "memory_bandwidth_gbs"]
        .iter()
        .map(|n| {
            let p = measure_pair(a, b, n);
            MeasureRatio {
                measure: (*n).to_string(),
                subject_value: p.map(|x| x.0),
                other_value: p.map(|x| x.1),
                ratio: p.and_then(|(x, y, _)| (y > 0.0).then(|| x / y)),
            }
        })
        .collect();
    let spec_words: Vec<String> = measures
        .iter()
        .map(|m| format!("{} {}", m.measure, m.ratio.map_or_else(|| "unknown".to_string(), |r| fmt(round3(r)))))
        .collect();
    let pa = ctx.perf.points(a, &w);
    let pb = ctx.perf.points(b, &w);
    let mut out = match (pa.as_ref(), pb.as_ref()) {
        (Err(e), _) | (_, Err(e)) => Out::unverifiable(format!("{e} (workload: {})", w.describe())),
        (Ok(x), Ok(y)) => match perf_seam::ratio(x, y) {
            Some(s) => perf_out(raw, claimed, &s, &w, &format!("{la} ÷ {lb} output tokens/s"), ""),
            None => Out::unverifiable(format!("{la} and {lb} run no common workload in the range ({})", w.describe())),
        },
    };
    out.reason.push_str(&format!("; by spec: {}", spec_words.join(", ")));
    out.measure = Some("predicted_output_tokens_per_s".into());
    out.measures = measures;
    out
}
