//! The sweep: every design of the grid (or one shard of it), judged and scored in parallel,
//! streamed to a sink in index order; plus the Pareto filter and the local refinement.
//!
//! Memory stays flat: designs are decoded from their index, processed in fixed-size chunks,
//! and only the rows of one batch of chunks are alive at a time. Output order is the index
//! order whatever the thread count, so the same inputs give byte-identical files.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::SearchError;
use crate::constraint::Judge;
use crate::objective::{Workload, design_hardware};
use crate::space::{Design, Grid};

/// Receives rows in index order, a batch at a time.
pub type RowSink<'a> = &'a mut dyn FnMut(&[Row]) -> Result<(), SearchError>;

/// Designs per chunk (one unit of parallel work).
pub const CHUNK: u64 = 2048;

/// One evaluated design.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    /// The design.
    #[serde(flatten)]
    pub design: Design,
    /// Whether it meets the constraint.
    pub allowed: bool,
    /// The objective (None: the workload cannot run on it).
    pub objective: Option<f64>,
}

/// A measure for the second axis of a Pareto front.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// TPP, lower is better (the frontier as a function of the TPP spent).
    Tpp,
    /// Performance density, lower is better.
    PerformanceDensity,
    /// DRAM bandwidth, lower is better.
    MemoryBandwidth,
    /// Board power, lower is better.
    Tdp,
    /// Unit price, lower is better.
    Price,
    /// Objective per watt, higher is better.
    PerWatt,
    /// Objective per dollar, higher is better.
    PerDollar,
}

impl Measure {
    /// Parses the CLI spelling.
    ///
    /// # Errors
    /// [`SearchError::Input`] for an unknown name.
    pub fn parse(s: &str) -> Result<Measure, SearchError> {
        Ok(match s.to_ascii_lowercase().replace('-', "_").as_str() {
            "tpp" => Measure::Tpp,
            "density" | "pd" | "performance_density" => Measure::PerformanceDensity,
            "dram" | "bandwidth" | "memory_bandwidth" => Measure::MemoryBandwidth,
            "tdp" | "power" | "watts" => Measure::Tdp,
            "price" | "cost" | "usd" => Measure::Price,
            "per_watt" => Measure::PerWatt,
            "per_dollar" => Measure::PerDollar,
            _ => {
                return Err(SearchError::Input(format!(
                    "unknown Pareto measure {s:?}: use tpp, density, dram, tdp, price, per-watt or per-dollar"
                )));
            }
        })
    }

    /// Name as printed.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Tpp => "tpp",
            Measure::PerformanceDensity => "performance_density",
            Measure::MemoryBandwidth => "memory_bandwidth_gbs",
            Measure::Tdp => "tdp_w",
            Measure::Price => "price_usd",
            Measure::PerWatt => "objective_per_watt",
            Measure::PerDollar => "objective_per_dollar",
        }
    }

    /// True when lower values are better.
    #[must_use]
    pub fn lower_is_better(self) -> bool {
        !matches!(self, Measure::PerWatt | Measure::PerDollar)
    }

    /// The measure of a row (None when the row has no objective and the measure needs it).
    #[must_use]
    pub fn of(self, d: &Design, objective: Option<f64>) -> Option<f64> {
        Some(match self {
            Measure::Tpp => d.tpp,
            Measure::PerformanceDensity => d.performance_density,
            Measure::MemoryBandwidth => d.memory_bandwidth_gbs,
            Measure::Tdp => d.tdp_w,
            Measure::Price => d.price_usd,
            Measure::PerWatt => objective? / d.tdp_w,
            Measure::PerDollar => objective? / d.price_usd,
        })
    }
}

/// A slice of the grid: shard `index` (1-based) of `count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Shard {
    /// Which shard, 1..=count.
    pub index: u32,
    /// How many.
    pub count: u32,
}

impl Shard {
    /// The whole grid.
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    /// Parses `I/N` with 1 ≤ I ≤ N.
    ///
    /// # Errors
    /// [`SearchError::Input`] for anything else (`3/2`, `0/4`, `a/b`).
    pub fn parse(s: &str) -> Result<Shard, SearchError> {
        let bad = || SearchError::Input(format!("bad shard {s:?}: use I/N with 1 <= I <= N, e.g. 3/8"));
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = i.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// The grid indices of this shard: contiguous, so shards in order concatenate to the
    /// whole grid.
    #[must_use]
    pub fn range(self, len: u64) -> std::ops::Range<u64> {
        let at = |k: u64| u64::try_from(u128::from(len) * u128::from(k) / u128::from(self.count)).unwrap_or(len);
        at(u64::from(self.index - 1))..at(u64::from(self.index))
    }
}

/// A sweep problem: grid, constraint, objective.
#[derive(Debug)]
pub struct Problem {
    /// The designs.
    pub grid: Grid,
    /// The constraint.
    pub judge: Judge,
    /// The objective.
    pub workload: Workload,
    /// Second axis of the Pareto front.
    pub measure: Measure,
}

/// What a sweep leaves after streaming its rows.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    /// Grid points in the shard.
    pub grid_points: u64,
    /// Buildable designs judged and scored.
    pub evaluated: u64,
    /// Designs that meet the constraint.
    pub allowed: u64,
    /// Allowed designs with an objective, best first (at most [`TOP`]).
    pub top: Vec<Row>,
    /// Pareto front of allowed designs (objective vs the measure).
    pub front: Vec<Row>,
}

/// How far under the boundary refinement stops (a fraction).
pub const REFINE_MARGIN: f64 = 0.001;

/// Designs kept for refinement and reporting.
pub const TOP: usize = 16;

fn better(a: &Row, b: &Row) -> std::cmp::Ordering {
    let (x, y) = (a.objective.unwrap_or(f64::NEG_INFINITY), b.objective.unwrap_or(f64::NEG_INFINITY));
    y.total_cmp(&x).then(a.design.index.cmp(&b.design.index))
}

fn merge_top(mut a: Vec<Row>, b: Vec<Row>) -> Vec<Row> {
    a.extend(b);
    a.sort_by(better);
    a.truncate(TOP);
    a
}

/// The Pareto front of `rows` (allowed, with an objective): no kept row is beaten on both the
/// objective (higher is better) and the measure. Sorted by the measure, best first.
#[must_use]
pub fn pareto(rows: Vec<Row>, measure: Measure) -> Vec<Row> {
    let mut pts: Vec<(f64, Row)> = rows
        .into_iter()
        .filter(|r| r.allowed && r.objective.is_some())
        .filter_map(|r| {
            let m = measure.of(&r.design, r.objective)?;
            Some((if measure.lower_is_better() { m } else { -m }, r))
        })
        .collect();
    pts.sort_by(|(ma, a), (mb, b)| ma.total_cmp(mb).then(better(a, b)));
    let mut front: Vec<Row> = Vec::new();
    let mut best = f64::NEG_INFINITY;
    for (_, r) in pts {
        let o = r.objective.unwrap_or(f64::NEG_INFINITY);
        if o > best {
            best = o;
            front.push(r);
        }
    }
    front
}

fn evaluate(problem: &Problem, d: Design, cache: &mut HashMap<u64, bool>) -> Result<Row, SearchError> {
    let allowed = problem.judge.design_allowed(&d, cache)?;
    let objective = problem.workload.score(&design_hardware(&d, &problem.judge.family));
    Ok(Row { design: d, allowed, objective })
}

struct ChunkOut {
    rows: Vec<Row>,
    evaluated: u64,
    allowed: u64,
    top: Vec<Row>,
    front: Vec<Row>,
}

fn run_chunk(problem: &Problem, range: std::ops::Range<u64>, keep_rows: bool) -> Result<ChunkOut, SearchError> {
    let mut cache = HashMap::new();
    let mut rows = Vec::new();
    let mut out = ChunkOut { rows: Vec::new(), evaluated: 0, allowed: 0, top: Vec::new(), front: Vec::new() };
    for i in range {
        let Some(d) = problem.grid.design(i) else { continue };
        let row = evaluate(problem, d, &mut cache)?;
        out.evaluated += 1;
        if row.allowed {
            out.allowed += 1;
        }
        rows.push(row);
    }
    let candidates: Vec<Row> = rows.iter().filter(|r| r.allowed && r.objective.is_some()).cloned().collect();
    out.top = merge_top(Vec::new(), candidates.clone());
    out.front = pareto(candidates, problem.measure);
    if keep_rows {
        out.rows = rows;
    }
    Ok(out)
}

/// Sweeps one shard of the grid.
///
/// `progress` is called with the number of grid points done so far (monotone, from any
/// thread). `sink`, when given, receives every evaluated row in index order, a batch at a time.
///
/// # Errors
/// A rules-engine failure, or whatever the sink returns.
pub fn sweep(
    problem: &Problem,
    shard: Shard,
    progress: &(dyn Fn(u64) + Sync),
    mut sink: Option<RowSink<'_>>,
) -> Result<Summary, SearchError> {
    let range = shard.range(problem.grid.len());
    let mut summary = Summary { grid_points: range.end - range.start, ..Summary::default() };
    let chunks: Vec<std::ops::Range<u64>> = (range.start..range.end)
        .step_by(usize::try_from(CHUNK).unwrap_or(usize::MAX))
        .map(|s| s..(s + CHUNK).min(range.end))
        .collect();
    let per_batch = (rayon::current_num_threads() * 8).max(1);
    let done = std::sync::atomic::AtomicU64::new(0);
    let keep = sink.is_some();
    for batch in chunks.chunks(per_batch) {
        let outs: Vec<Result<ChunkOut, SearchError>> = batch
            .par_iter()
            .map(|r| {
                let out = run_chunk(problem, r.clone(), keep);
                let n = done.fetch_add(r.end - r.start, std::sync::atomic::Ordering::Relaxed) + (r.end - r.start);
                progress(n);
                out
            })
            .collect();
        for out in outs {
            let out = out?;
            summary.evaluated += out.evaluated;
            summary.allowed += out.allowed;
            summary.top = merge_top(std::mem::take(&mut summary.top), out.top);
            let mut f = std::mem::take(&mut summary.front);
            f.extend(out.front);
            summary.front = pareto(f, problem.measure);
            if let Some(s) = sink.as_mut() {
                s(&out.rows)?;
            }
        }
    }
    Ok(summary)
}

/// Local refinement near the binding lines: from each seed, push enabled compute, memory speed
/// and chip-to-chip bandwidth up (bisection on the engine's answer) as far as the constraint
/// and the space's bounds allow, keeping a change only when the objective does not drop.
/// Returns the refined rows (allowed, with an objective) and the number of designs evaluated.
///
/// # Errors
/// A rules-engine failure.
pub fn refine(problem: &Problem, seeds: &[Row]) -> Result<(Vec<Row>, u64), SearchError> {
    let mut cache = HashMap::new();
    let mut evaluated = 0u64;
    let mut out = Vec::new();
    let grid = &problem.grid;
    for seed in seeds.iter().filter(|r| r.allowed && r.objective.is_some()) {
        let mut cur = seed.clone();
        for _round in 0..2 {
            for knob in 0..3 {
                let d = &cur.design;
                let upper = match knob {
                    0 => grid.max_compute(d),
                    1 => 1.0,
                    _ => grid.max_chip_to_chip(),
                };
                let now = match knob {
                    0 => d.bf16_tflops,
                    1 => d.memory_speed,
                    _ => d.chip_to_chip_gbs,
                };
                if upper <= now * (1.0 + 1e-9) {
                    continue;
                }
                let at = |v: f64| match knob {
                    0 => grid.rebuild(d, v, d.memory_speed, d.chip_to_chip_gbs),
                    1 => grid.rebuild(d, d.bf16_tflops, v, d.chip_to_chip_gbs),
                    _ => grid.rebuild(d, d.bf16_tflops, d.memory_speed, v),
                };
                let mut ok = |v: f64, cache: &mut HashMap<u64, bool>| -> Result<Option<Design>, SearchError> {
                    evaluated += 1;
                    match at(v) {
                        Some(x) if problem.judge.design_allowed(&x, cache)? => Ok(Some(x)),
                        _ => Ok(None),
                    }
                };
                let best_design = if let Some(x) = ok(upper, &mut cache)? {
                    Some(x)
                } else {
                    let (mut lo, mut hi) = (now, upper);
                    let mut found = None;
                    for _ in 0..40 {
                        let mid = 0.5 * (lo + hi);
                        if let Some(x) = ok(mid, &mut cache)? {
                            lo = mid;
                            found = Some(x);
                        } else {
                            hi = mid;
                        }
                        if (hi - lo) <= 1e-6 * hi {
                            break;
                        }
                    }
                    // Keep a real design's margin rather than sit on the line.
                    match found {
                        Some(_) if lo * (1.0 - REFINE_MARGIN) > now => ok(lo * (1.0 - REFINE_MARGIN), &mut cache)?,
                        _ => None,
                    }
                };
                if let Some(x) = best_design {
                    let objective = problem.workload.score(&design_hardware(&x, &problem.judge.family));
                    if objective.unwrap_or(f64::NEG_INFINITY) >= cur.objective.unwrap_or(f64::NEG_INFINITY) {
                        cur = Row { design: x, allowed: true, objective };
                    }
                }
            }
        }
        out.push(cur);
    }
    Ok((out, evaluated))
}
