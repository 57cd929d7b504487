//! The frontier report: the best design a red line allows, the lines that bind it, each
//! catalogue chip's gap to it, the Pareto front, and sensitivity to moving a line.

use serde::Serialize;

use redline_catalog::{Catalog, Chip};
use redline_rules::Date;

use crate::SearchError;
use crate::constraint::{Binding, ConstraintKind, Judge, LineShift, ShiftMetric};
use crate::objective::{Workload, chip_hardware};
use crate::space::{DesignSpace, Grid};
use crate::sweep::{Measure, Problem, Row, Shard, Summary, pareto, refine, sweep};

/// Relative distance under a line within which a design "touches" it.
pub const BINDING_MARGIN: f64 = 0.02;
/// How far under each line the grid snaps its extra values.
pub const SNAP: f64 = 0.005;

/// Everything a frontier run needs.
#[derive(Clone, Debug)]
pub struct Query {
    /// Date of the rules.
    pub date: Date,
    /// Destination, ISO alpha-2.
    pub destination: String,
    /// Which answer counts as allowed.
    pub constraint: ConstraintKind,
    /// The workload and its objective.
    pub workload: Workload,
    /// The design space.
    pub space: DesignSpace,
    /// The designer (company-specific letters name vendors).
    pub vendor: String,
    /// Perf-model family of the designs.
    pub family: String,
    /// Pareto measure.
    pub measure: Measure,
    /// Shard of the grid.
    pub shard: Shard,
}

/// The best allowed design.
#[derive(Clone, Debug, Serialize)]
pub struct Best {
    /// Predicted objective (higher is better).
    pub objective: f64,
    /// Ids of the lines it touches.
    pub binding: Vec<String>,
    /// The same lines with values and margins.
    pub binding_detail: Vec<Binding>,
    /// The design as a spec file (docs/spec-schema.md), TOML.
    pub spec: String,
    /// `design` (from the sweep) or `catalogue:ID` (a real chip beat every design).
    pub origin: String,
    /// The rules engine's answer for it.
    pub verdict: String,
    /// TPP.
    pub tpp: f64,
    /// Performance density.
    pub performance_density: f64,
    /// DRAM bandwidth, GB/s.
    pub memory_bandwidth_gbs: f64,
    /// DRAM capacity, GB.
    pub memory_capacity_gb: f64,
    /// Chip-to-chip bandwidth, GB/s.
    pub chip_to_chip_gbs: f64,
    /// The design's parameters (absent when a catalogue chip is best).
    pub design: Option<crate::space::Design>,
}

/// One catalogue chip against the frontier.
#[derive(Clone, Debug, Serialize)]
pub struct ChipGap {
    /// Chip id.
    pub id: String,
    /// Short name.
    pub label: String,
    /// Predicted objective.
    pub objective: f64,
    /// How far from the best allowed design, percent of it (never negative; `position` says
    /// which side).
    pub gap_percent: f64,
    /// `below` the best allowed design, `at` it, or `above` it (only a chip that breaks the
    /// constraint can be above).
    pub position: &'static str,
    /// Chips the workload needed on this chip: the workload's own count, or a larger system
    /// (2×, 4×, 8×) when the model does not fit, with the objective scaled back per chip.
    pub gpus: u32,
    /// Whether the chip itself meets the constraint.
    pub allowed: bool,
    /// TPP (null: unknown).
    pub tpp: Option<f64>,
    /// DRAM bandwidth, GB/s.
    pub memory_bandwidth_gbs: Option<f64>,
    /// The rules engine's answer.
    pub verdict: String,
}

/// A chip the model could not score.
#[derive(Clone, Debug, Serialize)]
pub struct Unscored {
    /// Chip id.
    pub id: String,
    /// Whether the chip meets the constraint.
    pub allowed: bool,
    /// Why.
    pub reason: String,
}

/// A point of the Pareto front.
#[derive(Clone, Debug, Serialize)]
pub struct FrontPoint {
    /// The measure (x).
    pub x: f64,
    /// The objective (y).
    pub objective: f64,
    /// `design` or `catalogue:ID`.
    pub origin: String,
    /// Grid index (designs).
    pub index: Option<u64>,
    /// TPP.
    pub tpp: f64,
    /// DRAM bandwidth, GB/s.
    pub memory_bandwidth_gbs: f64,
    /// Memory type.
    pub memory_type: String,
}

/// One point of a sensitivity run.
#[derive(Clone, Debug, Serialize)]
pub struct VaryPoint {
    /// Where the reference line sits.
    pub line: f64,
    /// Best allowed objective there (null: nothing allowed can run the workload).
    pub objective: Option<f64>,
    /// Relative to the unmoved line, percent.
    pub change_percent: Option<f64>,
    /// TPP of the best design.
    pub tpp: Option<f64>,
    /// DRAM bandwidth of the best design, GB/s.
    pub memory_bandwidth_gbs: Option<f64>,
    /// Lines the best design touches.
    pub binding: Vec<String>,
    /// Designs evaluated.
    pub evaluated: u64,
}

/// A sensitivity run.
#[derive(Clone, Debug, Serialize)]
pub struct Vary {
    /// Metric whose lines move.
    pub metric: ShiftMetric,
    /// The line moved, as stated; the other lines of the metric move in proportion.
    pub reference: f64,
    /// One point per position.
    pub points: Vec<VaryPoint>,
}

/// The report.
#[derive(Clone, Debug, Serialize)]
pub struct FrontierReport {
    /// Date.
    pub date: Date,
    /// Destination.
    pub destination: String,
    /// Constraint.
    pub constraint: ConstraintKind,
    /// The constraint in words.
    pub constraint_text: String,
    /// What the objective measures.
    pub objective: String,
    /// The workload.
    pub workload: Workload,
    /// Design space id.
    pub space: String,
    /// Vendor the designs are judged as.
    pub vendor: String,
    /// Perf-model family of the designs.
    pub family: String,
    /// Shard run.
    pub shard: Shard,
    /// Best allowed design (null when nothing allowed can run the workload).
    pub best: Option<Best>,
    /// Catalogue chips the model could score, best objective first.
    pub chips: Vec<ChipGap>,
    /// Catalogue chips it could not score.
    pub unscored: Vec<Unscored>,
    /// Pareto front: objective vs `pareto_measure`.
    pub pareto: Vec<FrontPoint>,
    /// The Pareto front's second axis.
    pub pareto_measure: Measure,
    /// Grid points in the shard.
    pub grid_points: u64,
    /// Designs evaluated (grid plus refinement).
    pub evaluated: u64,
    /// Grid designs meeting the constraint.
    pub allowed: u64,
    /// Sensitivity run, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vary: Option<Vary>,
}

impl Query {
    /// The judge for this query (with a line shift).
    ///
    /// # Errors
    /// Unknown destination or a date before the first edition.
    pub fn judge(&self, shift: Option<LineShift>) -> Result<Judge, SearchError> {
        Judge::new(self.constraint, &self.destination, self.date, &self.vendor, &self.family, shift)
    }

    /// The sweep problem for this query.
    ///
    /// # Errors
    /// As [`Query::judge`].
    pub fn problem(&self, shift: Option<LineShift>) -> Result<Problem, SearchError> {
        let judge = self.judge(shift)?;
        let grid = Grid::new(&self.space, judge.lines(), SNAP, Some(self.date));
        Ok(Problem { grid, judge, workload: self.workload.clone(), measure: self.measure })
    }
}

fn constraint_text(q: &Query) -> String {
    let what = match q.constraint {
        ConstraintKind::NoLicence => "no licence required",
        ConstraintKind::LicenceException => "no licence required, or a licence exception available",
        ConstraintKind::CaseByCase => "no presumption of denial (licence-free, exception, or case-by-case review)",
    };
    format!("{what} for export to {} on {}", q.destination.to_ascii_uppercase(), q.date)
}

/// Runs the sweep, refines near the binding lines, places the catalogue chips.
///
/// `sink` receives every grid row in index order (for CSV/Parquet output); `progress` the
/// number of grid points done.
///
/// # Errors
/// Input errors (destination, date) and rules-engine failures; whatever the sink returns.
pub fn frontier(
    q: &Query,
    catalog: &Catalog,
    progress: &(dyn Fn(u64) + Sync),
    sink: Option<crate::sweep::RowSink<'_>>,
) -> Result<FrontierReport, SearchError> {
    let problem = q.problem(None)?;
    let summary = sweep(&problem, q.shard, progress, sink)?;
    let (best_row, refined_evals) = best_of(&problem, &summary)?;
    let chips = score_chips(&problem, catalog)?;
    let mut report = FrontierReport {
        date: q.date,
        destination: q.destination.to_ascii_uppercase(),
        constraint: q.constraint,
        constraint_text: constraint_text(q),
        objective: q.workload.describe(),
        workload: q.workload.clone(),
        space: q.space.id.clone(),
        vendor: q.vendor.clone(),
        family: q.family.clone(),
        shard: q.shard,
        best: None,
        chips: Vec::new(),
        unscored: chips.1,
        pareto: Vec::new(),
        pareto_measure: q.measure,
        grid_points: summary.grid_points,
        evaluated: summary.evaluated + refined_evals,
        allowed: summary.allowed,
        vary: None,
    };
    // A real chip is an achievable design too: the frontier is the better of the two.
    let best_chip = chips.0.iter().filter(|(_, g)| g.allowed).max_by(|a, b| a.1.objective.total_cmp(&b.1.objective));
    let design_obj = best_row.as_ref().and_then(|r| r.objective).unwrap_or(f64::NEG_INFINITY);
    report.best = match (best_row, best_chip) {
        (_, Some((chip, g))) if g.objective > design_obj => Some(chip_best(&problem, chip, g)?),
        (Some(r), _) => Some(design_best(&problem, &r)?),
        (None, Some((chip, g))) => Some(chip_best(&problem, chip, g)?),
        (None, None) => None,
    };
    let best_obj = report.best.as_ref().map(|b| b.objective);
    report.chips = chips
        .0
        .into_iter()
        .map(|(_, mut g)| {
            let signed = best_obj.map_or(f64::NAN, |b| (b - g.objective) / b * 100.0);
            g.gap_percent = signed.abs();
            g.position = if signed.is_nan() || signed.abs() < 1e-9 {
                "at"
            } else if signed > 0.0 {
                "below"
            } else {
                "above"
            };
            g
        })
        .collect();
    report.chips.sort_by(|a, b| b.objective.total_cmp(&a.objective).then(a.id.cmp(&b.id)));
    let mut front = summary.front.clone();
    let chip_rows: Vec<(f64, FrontPoint)> = report
        .chips
        .iter()
        .filter(|g| g.allowed)
        .filter_map(|g| {
            let chip = catalog.chips().iter().find(|c| c.spec.id == g.id)?;
            let x = chip_measure(q.measure, chip, g.objective)?;
            Some((
                x,
                FrontPoint {
                    x,
                    objective: g.objective,
                    origin: format!("catalogue:{}", g.id),
                    index: None,
                    tpp: g.tpp.unwrap_or(f64::NAN),
                    memory_bandwidth_gbs: g.memory_bandwidth_gbs.unwrap_or(f64::NAN),
                    memory_type: chip.spec.memory.kind.as_ref().and_then(|k| k.value.clone()).unwrap_or_default(),
                },
            ))
        })
        .collect();
    if let Some(b) = &report.best
        && let Some(d) = &b.design
        && b.origin == "design"
    {
        front.push(Row { design: d.clone(), allowed: true, objective: Some(b.objective) });
    }
    let front = pareto(front, q.measure);
    let mut points: Vec<FrontPoint> = front
        .iter()
        .filter_map(|r| {
            Some(FrontPoint {
                x: q.measure.of(&r.design, r.objective)?,
                objective: r.objective?,
                origin: "design".into(),
                index: Some(r.design.index),
                tpp: r.design.tpp,
                memory_bandwidth_gbs: r.design.memory_bandwidth_gbs,
                memory_type: r.design.memory_type.clone(),
            })
        })
        .collect();
    points.extend(chip_rows.into_iter().map(|(_, p)| p));
    report.pareto = pareto_points(points, q.measure);
    Ok(report)
}

fn chip_measure(m: Measure, chip: &Chip, objective: f64) -> Option<f64> {
    let x = &chip.metrics;
    let hw = chip_hardware(chip);
    match m {
        Measure::Tpp => x.tpp.map(|v| v.value),
        Measure::PerformanceDensity => x.performance_density.map(|v| v.value),
        Measure::MemoryBandwidth => x.dram_bandwidth_gbs.map(|v| v.value),
        Measure::Tdp => hw.tdp_w,
        Measure::Price => hw.price_usd,
        Measure::PerWatt => hw.tdp_w.map(|w| objective / w),
        Measure::PerDollar => hw.price_usd.map(|p| objective / p),
    }
}

fn pareto_points(mut pts: Vec<FrontPoint>, m: Measure) -> Vec<FrontPoint> {
    let sign = if m.lower_is_better() { 1.0 } else { -1.0 };
    pts.retain(|p| p.x.is_finite());
    pts.sort_by(|a, b| {
        (sign * a.x)
            .total_cmp(&(sign * b.x))
            .then(b.objective.total_cmp(&a.objective))
            .then(a.origin.cmp(&b.origin))
            .then(a.index.cmp(&b.index))
    });
    let mut out: Vec<FrontPoint> = Vec::new();
    let mut best = f64::NEG_INFINITY;
    for p in pts {
        if p.objective > best {
            best = p.objective;
            out.push(p);
        }
    }
    out
}

fn best_of(problem: &Problem, summary: &Summary) -> Result<(Option<Row>, u64), SearchError> {
    let (refined, evals) = refine(problem, &summary.top)?;
    let mut all: Vec<Row> = summary.top.iter().cloned().chain(refined).collect();
    all.sort_by(|a, b| {
        b.objective
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&a.objective.unwrap_or(f64::NEG_INFINITY))
            .then(a.design.index.cmp(&b.design.index))
            .then(a.design.tpp.total_cmp(&b.design.tpp))
    });
    Ok((all.into_iter().find(|r| r.allowed && r.objective.is_some()), evals))
}

fn design_best(problem: &Problem, r: &Row) -> Result<Best, SearchError> {
    let d = &r.design;
    // The frontier's winner is re-judged without the cache: the engine has the last word.
    let (allowed, verdict) = problem.judge.design_allowed_uncached(d)?;
    if !allowed {
        return Err(SearchError::Internal(format!(
            "the best design is not allowed when re-judged without the cache ({verdict}): report this as a bug"
        )));
    }
    let binding = problem.judge.binding(d, BINDING_MARGIN, problem.grid.space().tpp_per_bf16())?;
    let date = problem.judge.date;
    let spec = d.spec(
        "frontier-best",
        &format!("Frontier design ({} to {}, {})", date, problem.judge.destination, problem.workload.describe()),
        &problem.judge.vendor,
        &problem.judge.family,
    );
    let spec = toml::to_string(&spec).map_err(|e| SearchError::Internal(e.to_string()))?;
    Ok(Best {
        objective: r.objective.unwrap_or(0.0),
        binding: binding.iter().map(|b| b.id.to_string()).collect(),
        binding_detail: binding,
        spec,
        origin: "design".into(),
        verdict,
        tpp: d.tpp,
        performance_density: d.performance_density,
        memory_bandwidth_gbs: d.memory_bandwidth_gbs,
        memory_capacity_gb: d.memory_capacity_gb,
        chip_to_chip_gbs: d.chip_to_chip_gbs,
        design: Some(d.clone()),
    })
}

fn chip_best(problem: &Problem, chip: &Chip, g: &ChipGap) -> Result<Best, SearchError> {
    let spec = toml::to_string(&chip.spec).map_err(|e| SearchError::Internal(e.to_string()))?;
    let m = &chip.metrics;
    let v = |x: Option<redline_catalog::Metric>| x.map_or(f64::NAN, |x| x.value);
    let _ = problem;
    Ok(Best {
        objective: g.objective,
        binding: vec![],
        binding_detail: vec![],
        spec,
        origin: format!("catalogue:{}", chip.spec.id),
        verdict: g.verdict.clone(),
        tpp: v(m.tpp),
        performance_density: v(m.performance_density),
        memory_bandwidth_gbs: v(m.dram_bandwidth_gbs),
        memory_capacity_gb: v(m.memory_capacity_gb),
        chip_to_chip_gbs: v(m.chip_to_chip_gbs),
        design: None,
    })
}

type Scored<'a> = (Vec<(&'a Chip, ChipGap)>, Vec<Unscored>);

fn score_chips<'a>(problem: &Problem, catalog: &'a Catalog) -> Result<Scored<'a>, SearchError> {
    let mut scored = Vec::new();
    let mut unscored = Vec::new();
    for chip in catalog.chips() {
        if chip.spec.item != redline_catalog::spec::ItemKind::Accelerator {
            continue;
        }
        let (allowed, verdict) = problem.judge.chip_allowed(chip)?;
        let hw = chip_hardware(chip);
        match problem.workload.score_scaled(&hw) {
            Some((objective, gpus)) => scored.push((
                chip,
                ChipGap {
                    id: chip.spec.id.clone(),
                    label: chip.spec.label().to_string(),
                    objective,
                    gap_percent: 0.0,
                    position: "at",
                    gpus,
                    allowed,
                    tpp: chip.metrics.tpp.map(|m| m.value),
                    memory_bandwidth_gbs: chip.metrics.dram_bandwidth_gbs.map(|m| m.value),
                    verdict,
                },
            )),
            None => unscored.push(Unscored {
                id: chip.spec.id.clone(),
                allowed,
                reason: if hw.memory_bandwidth_gbs.is_none()
                    || hw.memory_capacity_gb.is_none()
                    || hw.dense_tflops.is_empty()
                {
                    "the spec lacks compute, memory bandwidth or capacity".into()
                } else {
                    "the workload does not fit even on 8 times the chips (weights and cache exceed memory)".into()
                },
            }),
        }
    }
    Ok((scored, unscored))
}

/// Sensitivity: the best allowed objective as the lines of `metric` move so that the one at
/// `reference` sits at each of `positions`.
///
/// # Errors
/// As [`frontier`].
pub fn vary(
    q: &Query,
    metric: ShiftMetric,
    reference: f64,
    positions: &[f64],
    baseline: Option<f64>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vary, SearchError> {
    let mut points = Vec::new();
    for &to in positions {
        let shift = LineShift { metric, reference, to };
        let problem = q.problem(Some(shift))?;
        let summary = sweep(&problem, Shard::ALL, progress, None)?;
        let (best, evals) = best_of(&problem, &summary)?;
        let binding = match &best {
            Some(r) => problem
                .judge
                .binding(&r.design, BINDING_MARGIN, problem.grid.space().tpp_per_bf16())?
                .into_iter()
                .map(|b| b.id.to_string())
                .collect(),
            None => vec![],
        };
        let objective = best.as_ref().and_then(|r| r.objective);
        points.push(VaryPoint {
            line: to,
            objective,
            change_percent: objective.zip(baseline).map(|(o, b)| (o - b) / b * 100.0),
            tpp: best.as_ref().map(|r| r.design.tpp),
            memory_bandwidth_gbs: best.as_ref().map(|r| r.design.memory_bandwidth_gbs),
            binding,
            evaluated: summary.evaluated + evals,
        });
    }
    Ok(Vary { metric, reference, points })
}

/// The line a sensitivity run moves by default: the first line of `metric` the best design
/// touches, else the lowest line of that metric in effect.
///
/// # Errors
/// [`SearchError::Input`] when no line of that metric is in effect on the date.
pub fn reference_line(q: &Query, metric: ShiftMetric, best: Option<&Best>) -> Result<f64, SearchError> {
    let judge = q.judge(None)?;
    let kinds = metric.kinds();
    if let Some(b) = best {
        for bd in &b.binding_detail {
            if let Some(l) = judge.lines().lines.iter().find(|l| l.id == bd.id && kinds.contains(&l.metric)) {
                return Ok(l.stated);
            }
        }
    }
    judge
        .lines()
        .lines
        .iter()
        .filter(|l| kinds.contains(&l.metric))
        .map(|l| l.stated)
        .min_by(f64::total_cmp)
        .ok_or_else(|| SearchError::Input(format!("no {metric:?} line is in effect on {}", q.date)))
}

/// What `redline plot frontier` and the web page draw: the front (x = the Pareto measure,
/// y = the objective), each scored catalogue chip at its own (x, y), and the lines of that
/// metric in effect.
#[derive(Clone, Debug, Serialize)]
pub struct FrontierChart {
    /// What x is.
    pub x_metric: &'static str,
    /// True when lower x is better.
    pub x_lower_is_better: bool,
    /// What y is.
    pub y_label: String,
    /// The constraint in words.
    pub constraint: String,
    /// Front points (designs and allowed chips), by x.
    pub front: Vec<FrontPoint>,
    /// Catalogue chips.
    pub chips: Vec<ChartChip>,
    /// Lines of the x metric in effect: `(id, value)`.
    pub lines: Vec<(String, f64)>,
}

/// A chip on the frontier chart.
#[derive(Clone, Debug, Serialize)]
pub struct ChartChip {
    /// Chip id.
    pub id: String,
    /// Label.
    pub label: String,
    /// x (null when the chip lacks that metric).
    pub x: Option<f64>,
    /// Objective.
    pub y: f64,
    /// Meets the constraint.
    pub allowed: bool,
    /// Gap to the best, percent (a magnitude).
    pub gap_percent: f64,
    /// `below`, `at` or `above` the best allowed design.
    pub position: &'static str,
}

/// Chart data for a report.
#[must_use]
pub fn frontier_chart(report: &FrontierReport, catalog: &Catalog) -> FrontierChart {
    let m = report.pareto_measure;
    let kind = match m {
        Measure::Tpp => Some(redline_rules::edition::MetricKind::Tpp),
        Measure::PerformanceDensity => Some(redline_rules::edition::MetricKind::PerformanceDensity),
        Measure::MemoryBandwidth => Some(redline_rules::edition::MetricKind::DramBandwidth),
        _ => None,
    };
    let lines = kind
        .map(|k| {
            crate::constraint::Lines::on(report.date, None)
                .lines
                .into_iter()
                .filter(|l| l.metric == k)
                .map(|l| (l.id.to_string(), l.value))
                .collect()
        })
        .unwrap_or_default();
    FrontierChart {
        x_metric: m.as_str(),
        x_lower_is_better: m.lower_is_better(),
        y_label: report.objective.clone(),
        constraint: report.constraint_text.clone(),
        front: report.pareto.clone(),
        chips: report
            .chips
            .iter()
            .map(|g| ChartChip {
                id: g.id.clone(),
                label: g.label.clone(),
                x: catalog.chips().iter().find(|c| c.spec.id == g.id).and_then(|c| chip_measure(m, c, g.objective)),
                y: g.objective,
                allowed: g.allowed,
                gap_percent: g.gap_percent,
                position: g.position,
            })
            .collect(),
        lines,
    }
}
