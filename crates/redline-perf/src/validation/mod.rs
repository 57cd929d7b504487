//! Validation against public measurements, and the fit of the engine profiles.
//!
//! [`validate`] predicts every embedded measured row whose chip the resolver knows, reports
//! per-row and per-bucket (chip × engine × phase) error, and refits the factors without each
//! chip (leave-one-chip-out) and without each model (leave-one-model-out) to show held-out error.
//! [`fit_engine_profiles`] is the fit that produced `data/engines/*.toml`.

mod data;
mod fit;
mod mlperf;

pub use mlperf::{MlperfCheck, mlperf_checks};

pub use data::{
    ExcludedRow, MeasuredRow, Metric, RowPhase, ValidationData, chip_id_for_label, measured_rows, measured_rows_from,
};

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

use crate::build::build;
use crate::engine::{Efficiency, Engine, EngineProfile, FamilyFit, Provenance, engine_profile, vendor_stack};
use crate::work::OpClass;
use crate::{Hardware, Precision, zoo_model};
use fit::Prepared;

/// An (engine, vendor stack) needs at least this many rows for its own factors; otherwise it
/// uses a prior (see `prior_chain`).
pub const MIN_ROWS_PER_STACK: usize = 20;
/// Former name of [`MIN_ROWS_PER_STACK`] (factors were fitted per chip family).
pub const MIN_ROWS_PER_FAMILY: usize = MIN_ROWS_PER_STACK;

/// Datasheet numbers for the chips in the validation data, as used for the shipped fit.
/// The catalogue holds the same public numbers; this table keeps the crate self-contained.
#[must_use]
pub fn reference_hardware(chip_id: &str) -> Option<Hardware> {
    use Precision::{Bf16, Fp4, Fp8, Fp16, Int8, Tf32};
    let mk = |name: &str,
              family: &str,
              peaks: &[(Precision, f64)],
              bw: f64,
              cap: f64,
              link: Option<f64>,
              tdp: f64,
              price: Option<f64>| Hardware {
        name: name.to_string(),
        chip_id: Some(chip_id.to_string()),
        family: family.to_string(),
        dense_tflops: peaks.iter().copied().collect(),
        memory_bandwidth_gbs: Some(bw),
        memory_capacity_gb: Some(cap),
        // Every validation chip carries HBM.
        memory_type: Some(crate::MemoryKind::Hbm),
        chip_to_chip_gbs: link,
        host_gbs: Some(128.0),
        tdp_w: Some(tdp),
        price_usd: price,
        scale_up_domain: None,
        scale_out_gbs: None,
    };
    let hopper = |bf16: f64, fp8: f64| vec![(Tf32, bf16 / 2.0), (Fp16, bf16), (Bf16, bf16), (Fp8, fp8), (Int8, fp8)];
    Some(match chip_id {
        "h100-sxm" => {
            mk("H100 SXM 80GB", "hopper", &hopper(989.5, 1979.0), 3350.0, 80.0, Some(900.0), 700.0, Some(30_000.0))
        }
        "h800" => mk("H800 SXM 80GB", "hopper", &hopper(989.5, 1979.0), 3350.0, 80.0, Some(400.0), 700.0, None),
        "h200" => mk("H200 SXM 141GB", "hopper", &hopper(989.5, 1979.0), 4800.0, 141.0, Some(900.0), 700.0, None),
        "gh200" => mk("GH200 96GB", "hopper", &hopper(989.5, 1979.0), 4000.0, 96.0, Some(900.0), 900.0, None),
        "h20" => mk("H20 96GB", "hopper", &hopper(148.0, 296.0), 4000.0, 96.0, Some(900.0), 400.0, Some(11_000.0)),
        "a100-sxm-40gb" => mk(
            "A100 SXM 40GB",
            "ampere",
            &[(Tf32, 156.0), (Fp16, 312.0), (Bf16, 312.0), (Int8, 624.0)],
            1555.0,
            40.0,
            Some(600.0),
            400.0,
            None,
        ),
        "b200" => mk(
            "B200 180GB",
            "blackwell",
            &[(Tf32, 1100.0), (Fp16, 2250.0), (Bf16, 2250.0), (Fp8, 4500.0), (Int8, 4500.0), (Fp4, 9000.0)],
            8000.0,
            180.0,
            Some(1800.0),
            1000.0,
            Some(35_000.0),
        ),
        "gb200" => {
            let mut h = mk(
                "GB200 (per GPU)",
                "blackwell",
                &[(Tf32, 1250.0), (Fp16, 2500.0), (Bf16, 2500.0), (Fp8, 5000.0), (Int8, 5000.0), (Fp4, 10_000.0)],
                8000.0,
                186.0,
                Some(1800.0),
                1200.0,
                None,
            );
            h.scale_up_domain = Some(72);
            h
        }
        // MI250 package (two GCDs); LLM-Inference-Bench counts packages (Llama-2-70B fp16 runs on 2).
        "mi250" => mk(
            "MI250 (OAM, 2 GCD)",
            "cdna2",
            &[(Fp16, 362.1), (Bf16, 362.1), (Int8, 362.1)],
            3276.8,
            128.0,
            Some(800.0),
            560.0,
            None,
        ),
        // Data Center GPU Max 1550 (two stacks).
        "max-1550" => {
            mk("Max 1550", "other", &[(Fp16, 838.9), (Bf16, 838.9), (Int8, 1677.7)], 3276.8, 128.0, None, 600.0, None)
        }
        "gaudi2" => mk("Gaudi 2", "gaudi", &[(Bf16, 432.0), (Fp8, 865.0)], 2460.0, 96.0, Some(600.0), 600.0, None),
        _ => return None,
    })
}

/// One predicted row.
#[derive(Debug, Clone, Serialize)]
pub struct RowResult {
    /// Source file.
    pub source: &'static str,
    /// 1-based data line.
    pub line: usize,
    /// Catalogue chip id.
    pub chip: String,
    /// Engine.
    pub engine: Engine,
    /// Model id.
    pub model: String,
    /// Regime.
    pub phase: RowPhase,
    /// Chips.
    pub gpus: u32,
    /// Batch.
    pub batch: u32,
    /// Prompt tokens.
    pub input_len: u32,
    /// Output tokens.
    pub output_len: u32,
    /// Weight format.
    pub precision: Precision,
    /// What was measured.
    pub metric: Metric,
    /// Measured value.
    pub measured: f64,
    /// Predicted value (same unit).
    pub predicted: f64,
    /// predicted / measured − 1, percent.
    pub error_pct: f64,
    /// Whether the batch ran in waves (memory limit).
    pub queued: bool,
}

/// Error statistics of a set of rows.
#[derive(Debug, Clone, Copy, Serialize, Default)]
pub struct ErrorStats {
    /// Rows.
    pub n: usize,
    /// Mean absolute percentage error.
    pub mape_pct: f64,
    /// Median absolute percentage error.
    pub median_ape_pct: f64,
    /// Mean signed percentage error (positive: predicted metric too high).
    pub mean_signed_pct: f64,
    /// Largest absolute percentage error.
    pub max_ape_pct: f64,
}

impl ErrorStats {
    fn of(errors: impl Iterator<Item = f64>) -> ErrorStats {
        let mut v: Vec<f64> = errors.collect();
        if v.is_empty() {
            return ErrorStats::default();
        }
        let n = v.len();
        let signed = v.iter().sum::<f64>() / n as f64;
        for x in &mut v {
            *x = x.abs();
        }
        v.sort_by(f64::total_cmp);
        let median = if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 };
        ErrorStats {
            n,
            mape_pct: v.iter().sum::<f64>() / n as f64,
            median_ape_pct: median,
            mean_signed_pct: signed,
            max_ape_pct: v[n - 1],
        }
    }
}

/// Error of one bucket (chip × engine × phase).
#[derive(Debug, Clone, Serialize)]
pub struct BucketStats {
    /// Chip id.
    pub chip: String,
    /// Engine.
    pub engine: Engine,
    /// Regime.
    pub phase: RowPhase,
    /// In-sample error with the shipped factors.
    pub stats: ErrorStats,
}

/// Error for one held-out group (a chip or a model).
#[derive(Debug, Clone, Serialize)]
pub struct GroupStats {
    /// Chip id or model id.
    pub key: String,
    /// With the shipped factors (fitted on everything).
    pub in_sample: ErrorStats,
    /// With factors refitted without this group.
    pub held_out: ErrorStats,
}

/// The fitted factors of one bucket, as used in the report.
#[derive(Debug, Clone, Serialize)]
pub struct FitSummary {
    /// Engine.
    pub engine: Engine,
    /// The vendor stack (kept under its former name: factors used to be per chip family).
    pub family: String,
    /// Vendor stack (`cuda`, `rocm`, `oneapi`).
    pub stack: String,
    /// Factors.
    pub efficiency: Efficiency,
    /// Rows fitted on.
    pub rows: usize,
    /// In-sample MAPE, percent.
    pub mape_pct: f64,
}

/// Everything `redline validate` prints.
#[derive(Debug, Clone, Serialize)]
pub struct ValidationReport {
    /// Every predicted row.
    pub rows: Vec<RowResult>,
    /// All predicted rows.
    pub overall: ErrorStats,
    /// All rows, factors refitted without the row's chip.
    pub overall_leave_one_chip_out: ErrorStats,
    /// All rows, factors refitted without the row's model.
    pub overall_leave_one_model_out: ErrorStats,
    /// Per chip × engine × phase.
    pub buckets: Vec<BucketStats>,
    /// Per chip, with leave-one-chip-out.
    pub per_chip: Vec<GroupStats>,
    /// Per model, with leave-one-model-out.
    pub per_model: Vec<GroupStats>,
    /// All rows, factors refitted without the row's chip family (architecture).
    pub overall_leave_one_family_out: ErrorStats,
    /// Per chip family, with leave-one-family-out (the family's rows predicted from the other
    /// families' factors: how a new architecture fares).
    pub per_family: Vec<GroupStats>,
    /// MLPerf Inference results predicted in serving mode with the benchmark presets (not fitted).
    pub mlperf: Vec<MlperfCheck>,
    /// Per engine.
    pub per_engine: BTreeMap<String, ErrorStats>,
    /// Factors refitted on all rows by the same procedure as the shipped profiles (should match them).
    pub refit: Vec<FitSummary>,
    /// Rows faster than one pass over the weights per output token at peak bandwidth allows.
    pub physically_impossible: Vec<RowResult>,
    /// Rows left out, with reasons.
    pub excluded: Vec<ExcludedRow>,
    /// Count of excluded rows per reason.
    pub excluded_summary: BTreeMap<String, usize>,
    /// Chip ids the resolver did not know.
    pub unresolved_chips: Vec<String>,
    /// The hardware layer of every validation chip (measured vs inherited numbers, with ranges).
    pub hardware: Vec<crate::HardwareLayer>,
}

struct Item {
    row: MeasuredRow,
    family: String,
    stack: &'static str,
    prep: Prepared,
}

type Prepared4 = (Vec<Item>, Vec<ExcludedRow>, Vec<(MeasuredRow, f64, f64)>, BTreeSet<String>);

fn prepare(resolver: &dyn Fn(&str) -> Option<Hardware>, data: &ValidationData) -> Prepared4 {
    let (rows, mut excluded) = match measured_rows_from(data) {
        Ok(x) => x,
        Err(e) => {
            return (
                Vec::new(),
                vec![ExcludedRow { source: "embedded data", line: 0, what: String::new(), reason: e.to_string() }],
                Vec::new(),
                BTreeSet::new(),
            );
        }
    };
    let mut cache: BTreeMap<&'static str, Option<Hardware>> = BTreeMap::new();
    let mut unresolved = BTreeSet::new();
    let mut items = Vec::new();
    let mut impossible = Vec::new();
    for row in rows {
        let hw = cache.entry(row.chip_id).or_insert_with(|| resolver(row.chip_id)).clone();
        let what = format!("{} {} {}", row.chip_id, row.request.engine, row.model_id);
        let Some(hw) = hw else {
            unresolved.insert(row.chip_id.to_string());
            excluded.push(ExcludedRow {
                source: row.source,
                line: row.line,
                what,
                reason: format!("chip `{}` not known to the catalogue", row.chip_id),
            });
            continue;
        };
        let Ok(model) = zoo_model(&row.model_id) else {
            continue;
        };
        let profile = engine_profile(row.request.engine);
        let built = match build(&hw, model, &row.request, profile) {
            Ok(b) => b,
            Err(e) => {
                excluded.push(ExcludedRow {
                    source: row.source,
                    line: row.line,
                    what,
                    reason: format!("cannot predict: {e}"),
                });
                continue;
            }
        };
        if !built.weights_fit {
            excluded.push(ExcludedRow {
                source: row.source,
                line: row.line,
                what,
                reason: format!(
                    "weights do not fit in {} x {} under the engine's memory budget",
                    row.request.gpus, hw.name
                ),
            });
            continue;
        }
        let batch = f64::from(built.batch);
        let (inp, out) = (f64::from(row.request.input_len), f64::from(row.request.output_len));
        let tokens = match row.metric {
            Metric::LatencyS => 1.0,
            Metric::TotalTokensPerS => batch * (inp + out),
            Metric::OutputTokensPerS => batch * out,
        };
        let t_meas = match row.metric {
            Metric::LatencyS => row.measured,
            _ => tokens / row.measured,
        };
        // Lower bound: every output token needs one pass over the (touched) weights at the
        // datasheet bandwidth (not the hardware layer's achievable fraction).
        let mut bound = 0.0;
        for (count, _, _, dec) in &built.waves[..built.wave_kinds] {
            let weight_s: f64 = dec
                .ops()
                .iter()
                .filter(|o| {
                    !matches!(o.class, OpClass::Attention | OpClass::Elementwise | OpClass::Embedding | OpClass::Router)
                })
                .map(|o| o.bytes / built.plan.chip.bw)
                .sum();
            bound += f64::from(*count) * out * weight_s;
        }
        if t_meas < bound * 0.98 {
            impossible.push((row, t_meas, bound));
            continue;
        }
        let family = hw.family.to_ascii_lowercase();
        let stack = vendor_stack(&family, hw.chip_id.as_deref());
        items.push(Item { row, family, stack, prep: Prepared { built, metric: Metric::LatencyS, t_meas, tokens } });
        if let Some(last) = items.last_mut() {
            last.prep.metric = last.row.metric;
        }
    }
    (items, excluded, impossible, unresolved)
}

/// Software-layer factors fitted on a subset of rows: one set per (engine, vendor stack),
/// fitted jointly on every chip of that stack, each row against its own chip's hardware layer,
/// and per engine a typical-stack prior for the stacks it has no rows on.
struct FitSet {
    stack: BTreeMap<(Engine, &'static str), (Efficiency, usize, f64)>,
    typical: BTreeMap<Engine, (Efficiency, usize, f64)>,
}

/// Where a row's factors come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FitSource {
    /// The fit of this (engine, stack).
    Stack(Engine, &'static str),
    /// The engine's typical-stack prior.
    Typical(Engine),
}

/// Where a (engine, stack) without its own fit takes its factors from, in order. A CUDA row
/// takes vLLM's CUDA fit. Any other stack takes the engine's typical-stack prior (how mature a
/// stack nobody has measured is, is unknown: its kernels are taken as the geometric mean of the
/// stacks that were measured, not as CUDA's), then vLLM's fit of the same stack, then vLLM's
/// typical-stack prior, then vLLM's CUDA fit.
fn prior_chain(engine: Engine, stack: &'static str) -> Vec<FitSource> {
    let mut chain = vec![FitSource::Stack(engine, stack)];
    if stack != "cuda" {
        chain.push(FitSource::Typical(engine));
        chain.push(FitSource::Stack(Engine::Vllm, stack));
        chain.push(FitSource::Typical(Engine::Vllm));
    }
    chain.push(FitSource::Stack(Engine::Vllm, "cuda"));
    chain
}

impl FitSet {
    fn fit(items: &[&Item]) -> FitSet {
        let mut by_stack: BTreeMap<(Engine, &'static str), Vec<&Prepared>> = BTreeMap::new();
        for it in items {
            by_stack.entry((it.row.request.engine, it.stack)).or_default().push(&it.prep);
        }
        by_stack.retain(|_, v| v.len() >= MIN_ROWS_PER_STACK);
        let stack: BTreeMap<_, _> =
            by_stack.iter().filter_map(|(k, v)| fit::fit(v).map(|(e, m)| (*k, (e, v.len(), m)))).collect();
        let mut typical = BTreeMap::new();
        let engines: BTreeSet<Engine> = stack.keys().map(|k| k.0).collect();
        for engine in engines {
            let fits: Vec<&Efficiency> = stack.iter().filter(|(k, _)| k.0 == engine).map(|(_, v)| &v.0).collect();
            let n = fits.len() as f64;
            let geo = |f: fn(&Efficiency) -> f64| (fits.iter().map(|e| f(e).ln()).sum::<f64>() / n).exp();
            let (ec, em) = (geo(|e| e.compute_efficiency), geo(|e| e.memory_efficiency));
            let rows: Vec<&Prepared> =
                by_stack.iter().filter(|(k, _)| k.0 == engine).flat_map(|(_, v)| v.iter().copied()).collect();
            if let Some((e, m)) = fit::fit_fixed_costs(&rows, ec, em) {
                typical.insert(engine, (e, rows.len(), m));
            }
        }
        FitSet { stack, typical }
    }

    fn lookup(&self, source: FitSource) -> Option<&(Efficiency, usize, f64)> {
        match source {
            FitSource::Stack(e, s) => self.stack.get(&(e, s)),
            FitSource::Typical(e) => self.typical.get(&e),
        }
    }

    /// The factors a row of (engine, stack) is predicted with, and where they come from.
    fn get_with_source(&self, engine: Engine, stack: &'static str) -> Option<(FitSource, Efficiency)> {
        if engine == Engine::Ideal {
            return Some((FitSource::Stack(engine, stack), Efficiency::IDEAL));
        }
        prior_chain(engine, stack).into_iter().find_map(|k| self.lookup(k).map(|x| (k, x.0)))
    }

    fn get(&self, engine: Engine, stack: &'static str) -> Efficiency {
        self.get_with_source(engine, stack).map_or(Efficiency::IDEAL, |x| x.1)
    }
}

fn result(item: &Item, eff: &Efficiency) -> RowResult {
    let lat = item.prep.built.latency(eff);
    let predicted = item.prep.metric_value(lat);
    let r = &item.row;
    RowResult {
        source: r.source,
        line: r.line,
        chip: r.chip_id.to_string(),
        engine: r.request.engine,
        model: r.model_id.clone(),
        phase: r.phase,
        gpus: r.request.gpus,
        batch: item.prep.built.batch,
        input_len: r.request.input_len,
        output_len: r.request.output_len,
        precision: r.request.precision,
        metric: r.metric,
        measured: r.measured,
        predicted,
        error_pct: (predicted / r.measured - 1.0) * 100.0,
        queued: !item.prep.built.fits,
    }
}

fn held_out_errors<K: Ord + Clone>(items: &[Item], key: impl Fn(&Item) -> K) -> BTreeMap<K, Vec<f64>> {
    let keys: BTreeSet<K> = items.iter().map(&key).collect();
    let mut out = BTreeMap::new();
    for k in keys {
        let train: Vec<&Item> = items.iter().filter(|i| key(i) != k).collect();
        let fs = FitSet::fit(&train);
        let errs: Vec<f64> = items
            .iter()
            .filter(|i| key(i) == k)
            .map(|i| result(i, &fs.get(i.row.request.engine, i.stack)).error_pct)
            .collect();
        out.insert(k, errs);
    }
    out
}

/// Validates the model on the embedded measurements.
///
/// `resolver` maps a catalogue chip id (`h100-sxm`, `a100-sxm-40gb`, `gh200`, `mi250`,
/// `max-1550`, `gaudi2`, `h200`, `h800`, `h20`, `b200`, `gb200`) to its [`Hardware`]; rows whose
/// chip it does not know are listed as excluded. [`reference_hardware`] is a resolver with the
/// datasheet numbers the shipped factors were fitted with.
#[must_use]
pub fn validate(resolver: &dyn Fn(&str) -> Option<Hardware>) -> ValidationReport {
    validate_data(resolver, &ValidationData::embedded())
}

/// [`validate`] on another data set with the same file formats (held-out rows, new sources).
#[must_use]
pub fn validate_data(resolver: &dyn Fn(&str) -> Option<Hardware>, data: &ValidationData) -> ValidationReport {
    let (items, excluded, impossible, unresolved) = prepare(resolver, data);
    let shipped =
        |i: &Item| engine_profile(i.row.request.engine).software_for(&i.family, Some(i.row.chip_id)).1.efficiency;
    let rows: Vec<RowResult> = items.iter().map(|i| result(i, &shipped(i))).collect();
    let overall = ErrorStats::of(rows.iter().map(|r| r.error_pct));

    let mut buckets: BTreeMap<(String, Engine, RowPhase), Vec<f64>> = BTreeMap::new();
    let mut per_engine: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut chip_in: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut model_in: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for r in &rows {
        buckets.entry((r.chip.clone(), r.engine, r.phase)).or_default().push(r.error_pct);
        per_engine.entry(r.engine.to_string()).or_default().push(r.error_pct);
        chip_in.entry(r.chip.clone()).or_default().push(r.error_pct);
        model_in.entry(r.model.clone()).or_default().push(r.error_pct);
    }
    let loco = held_out_errors(&items, |i| i.row.chip_id.to_string());
    let lomo = held_out_errors(&items, |i| i.row.model_id.clone());
    let lofo = held_out_errors(&items, |i| i.family.clone());
    let mut family_in: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for (i, r) in items.iter().zip(&rows) {
        family_in.entry(i.family.clone()).or_default().push(r.error_pct);
    }
    let group = |ins: &BTreeMap<String, Vec<f64>>, out: &BTreeMap<String, Vec<f64>>| -> Vec<GroupStats> {
        ins.iter()
            .map(|(k, v)| GroupStats {
                key: k.clone(),
                in_sample: ErrorStats::of(v.iter().copied()),
                held_out: ErrorStats::of(out.get(k).into_iter().flatten().copied()),
            })
            .collect()
    };
    let all_refs: Vec<&Item> = items.iter().collect();
    let fs = FitSet::fit(&all_refs);
    let refit: Vec<FitSummary> = fs
        .stack
        .iter()
        .map(|((e, st), (eff, n, m))| FitSummary {
            engine: *e,
            family: (*st).to_string(),
            stack: (*st).to_string(),
            efficiency: *eff,
            rows: *n,
            mape_pct: m * 100.0,
        })
        .collect();
    let mut excluded_summary = BTreeMap::new();
    for e in &excluded {
        *excluded_summary.entry(e.reason.clone()).or_insert(0) += 1;
    }
    let impossible_rows: Vec<RowResult> = impossible
        .iter()
        .map(|(row, t_meas, bound)| RowResult {
            source: row.source,
            line: row.line,
            chip: row.chip_id.to_string(),
            engine: row.request.engine,
            model: row.model_id.clone(),
            phase: row.phase,
            gpus: row.request.gpus,
            batch: match row.request.batch {
                crate::Batch::Fixed(b) => b,
                crate::Batch::Max => 0,
            },
            input_len: row.request.input_len,
            output_len: row.request.output_len,
            precision: row.request.precision,
            metric: row.metric,
            measured: row.measured,
            // The bound, in the row's metric.
            predicted: if row.metric == Metric::LatencyS { *bound } else { row.measured * t_meas / bound },
            error_pct: (t_meas / bound - 1.0) * 100.0,
            queued: false,
        })
        .collect();
    *excluded_summary
        .entry("physically impossible (faster than one weight pass per output token at peak bandwidth)".into())
        .or_insert(0) += impossible_rows.len();
    ValidationReport {
        overall,
        overall_leave_one_chip_out: ErrorStats::of(loco.values().flatten().copied()),
        overall_leave_one_model_out: ErrorStats::of(lomo.values().flatten().copied()),
        buckets: buckets
            .into_iter()
            .map(|((chip, engine, phase), v)| BucketStats { chip, engine, phase, stats: ErrorStats::of(v.into_iter()) })
            .collect(),
        per_chip: group(&chip_in, &loco),
        per_model: group(&model_in, &lomo),
        overall_leave_one_family_out: ErrorStats::of(lofo.values().flatten().copied()),
        per_family: group(&family_in, &lofo),
        mlperf: mlperf_checks(resolver, &data.curated),
        per_engine: per_engine.into_iter().map(|(k, v)| (k, ErrorStats::of(v.into_iter()))).collect(),
        refit,
        rows,
        physically_impossible: impossible_rows,
        excluded,
        excluded_summary,
        unresolved_chips: unresolved.into_iter().collect(),
        hardware: {
            let chips: BTreeMap<&str, &str> = items.iter().map(|i| (i.row.chip_id, i.family.as_str())).collect();
            chips.into_iter().map(|(c, f)| (*crate::hardware_layer(c, f)).clone()).collect()
        },
    }
}

/// Refits the engine profiles on the embedded data (what produced `data/engines/*.toml`).
/// Engine settings that are not fitted (memory budget, batch limit, link efficiency) are kept
/// from the embedded profiles.
#[must_use]
pub fn fit_engine_profiles(resolver: &dyn Fn(&str) -> Option<Hardware>, date: &str) -> Vec<EngineProfile> {
    let (items, _, impossible, _) = prepare(resolver, &ValidationData::embedded());
    let refs: Vec<&Item> = items.iter().collect();
    let fs = FitSet::fit(&refs);
    let method = format!(
        "joint fit per (engine, vendor stack) over every chip of the stack, each row's roofline at its own chip's \
         hardware layer (data/hardware/kernels.toml, not fitted): grid search over the two kernel-quality \
         multipliers (compute, memory) with a bounded least-squares solve in relative error for the four fixed \
         costs (per step, per layer, per collective, per sequence) at each point, minimising MAPE of the published \
         metric; stacks with fewer than {MIN_ROWS_PER_STACK} rows use the prior chain (typical-stack prior of the engine for a non-CUDA stack, vLLM's CUDA fit for CUDA); {} physically \
         impossible rows left out",
        impossible.len()
    );
    let describe = |engine: Engine, stack: &str| -> String {
        let mut per_chip: BTreeMap<&str, usize> = BTreeMap::new();
        let mut sources: BTreeSet<&str> = BTreeSet::new();
        for it in items.iter().filter(|i| i.row.request.engine == engine && i.stack == stack) {
            *per_chip.entry(it.row.chip_id).or_default() += 1;
            sources.insert(it.row.source);
        }
        let chips: Vec<String> = per_chip.iter().map(|(c, n)| format!("{c} {n}")).collect();
        format!("{} (rows per chip: {})", sources.into_iter().collect::<Vec<_>>().join(", "), chips.join(", "))
    };
    let fit_of = |source: FitSource, label: String| -> Option<FamilyFit> {
        let (eff, n, m) = fs.lookup(source).copied()?;
        Some(FamilyFit {
            efficiency: eff,
            provenance: Provenance {
                fitted_on: label,
                rows: n as u32,
                date: date.to_string(),
                method: method.clone(),
                in_sample_mape_pct: Some((m * 1000.0).round() / 10.0),
            },
        })
    };
    let mut out = Vec::new();
    for engine in [Engine::Trtllm, Engine::Vllm, Engine::Sglang] {
        let mut p = engine_profile(engine).clone();
        p.families.clear();
        p.stacks.clear();
        for (e, st) in fs.stack.keys() {
            if *e == engine
                && let Some(f) = fit_of(FitSource::Stack(engine, st), describe(engine, st))
            {
                p.stacks.insert((*st).to_string(), f);
            }
        }
        // The prior for a stack with no rows, as leave-one-chip-out uses it.
        let prior = prior_chain(engine, "unknown").into_iter().skip(1).find_map(|source| {
            let label = match source {
                FitSource::Typical(e) => {
                    let stacks: Vec<&str> = fs.stack.keys().filter(|k| k.0 == e).map(|k| k.1).collect();
                    let rows: Vec<String> = stacks.iter().map(|st| describe(e, st)).collect();
                    let kernels = if stacks.len() == 1 {
                        format!("those of the only measured stack ({})", stacks.join(""))
                    } else {
                        format!("geometric mean of the {} fits (each stack weighted alike)", stacks.join(", "))
                    };
                    format!(
                        "typical-stack prior of {e}: kernel-quality multipliers = {kernels}, fixed costs refit on \
                         all their rows at those multipliers; {} (used for every stack without its own {engine} fit)",
                        rows.join("; ")
                    )
                }
                FitSource::Stack(e, st) => format!(
                    "cross-stack prior = the {e} {st} fit; {} (used for every stack without its own {engine} fit)",
                    describe(e, st)
                ),
            };
            fit_of(source, label)
        });
        if let Some(prior) = prior {
            p.default = prior;
        }
        out.push(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Leave-one-chip-out really leaves the chip out: refitting without a chip's rows changes no
    /// factor of a stack the chip does not run on, removes a stack only that chip had (so its rows
    /// are predicted from the engine's typical-stack prior), and changes its own stack's factors.
    #[test]
    fn holding_out_a_chip_touches_only_its_own_stack() {
        let (items, _, _, _) = prepare(&reference_hardware, &ValidationData::embedded());
        let all: Vec<&Item> = items.iter().collect();
        let full = FitSet::fit(&all);
        assert!(full.stack.contains_key(&(Engine::Vllm, "rocm")));
        assert!(full.stack.contains_key(&(Engine::Vllm, "cuda")));

        let no_mi250: Vec<&Item> = items.iter().filter(|i| i.row.chip_id != "mi250").collect();
        let held = FitSet::fit(&no_mi250);
        assert!(!held.stack.contains_key(&(Engine::Vllm, "rocm")), "MI250 is the only ROCm chip");
        for (k, v) in &held.stack {
            assert_eq!(full.stack.get(k).map(|x| x.0), Some(v.0), "{k:?} changed when MI250 was held out");
        }
        // MI250's rows then take vLLM's typical-stack prior: kernel quality between the stacks
        // still measured (CUDA and oneAPI), fixed costs refit on their rows.
        let (from, eff) = held.get_with_source(Engine::Vllm, "rocm").unwrap();
        assert_eq!(from, FitSource::Typical(Engine::Vllm));
        let (cuda, oneapi) = (&held.stack[&(Engine::Vllm, "cuda")].0, &held.stack[&(Engine::Vllm, "oneapi")].0);
        let geo = (cuda.memory_efficiency * oneapi.memory_efficiency).sqrt();
        assert!((eff.memory_efficiency - geo).abs() < 1e-3, "{} vs {geo}", eff.memory_efficiency);
        assert!(eff.memory_efficiency < cuda.memory_efficiency && eff.memory_efficiency > oneapi.memory_efficiency);

        let no_h100: Vec<&Item> = items.iter().filter(|i| i.row.chip_id != "h100-sxm").collect();
        let held = FitSet::fit(&no_h100);
        for k in [(Engine::Vllm, "rocm"), (Engine::Vllm, "oneapi")] {
            assert_eq!(held.stack[&k].0, full.stack[&k].0, "{k:?} changed when H100 was held out");
        }
        assert_ne!(held.stack[&(Engine::Vllm, "cuda")].0, full.stack[&(Engine::Vllm, "cuda")].0);
        let n_cuda = |fs: &FitSet| fs.stack[&(Engine::Vllm, "cuda")].1;
        let h100_vllm = items.iter().filter(|i| i.row.chip_id == "h100-sxm" && i.row.request.engine == Engine::Vllm);
        assert_eq!(n_cuda(&held), n_cuda(&full) - h100_vllm.count(), "the held-out chip's rows are not in the fit");
    }
}

/// The comparison of priors for a stack nobody measured that docs/perf-model.md reports: each
/// chip alone on its stack held out, its rows predicted with each candidate. Prints, asserts
/// nothing: `cargo test --release -p redline-perf --lib compare_priors -- --ignored --nocapture`.
#[cfg(test)]
#[allow(clippy::print_stdout)]
mod compare_priors {
    use super::*;
    #[test]
    #[ignore = "prints the prior comparison; asserts nothing"]
    fn compare_priors() {
        let (items, _, _, _) = prepare(&reference_hardware, &ValidationData::embedded());
        for chip in ["h20", "mi250", "max-1550"] {
            let rest: Vec<&Item> = items.iter().filter(|i| i.row.chip_id != chip).collect();
            let fs = FitSet::fit(&rest);
            let mine: Vec<&Item> = items.iter().filter(|i| i.row.chip_id == chip).collect();
            let engine = mine[0].row.request.engine;
            let target = mine[0].stack;
            let report = |name: &str, eff: &Efficiency| {
                let errs: Vec<f64> = mine.iter().map(|i| result(i, eff).error_pct).collect();
                let s = ErrorStats::of(errs.into_iter());
                println!("{chip:10} {name:40} MAPE {:6.1} signed {:+6.1}  {eff:?}", s.mape_pct, s.mean_signed_pct);
            };
            let geo = |keys: Vec<&(Engine, &str)>| -> Option<(f64, f64)> {
                if keys.is_empty() {
                    return None;
                }
                let n = keys.len() as f64;
                let c = keys.iter().map(|k| fs.stack[*k].0.compute_efficiency.ln()).sum::<f64>() / n;
                let m = keys.iter().map(|k| fs.stack[*k].0.memory_efficiency.ln()).sum::<f64>() / n;
                Some((c.exp(), m.exp()))
            };
            let same_engine_rows: Vec<&Prepared> =
                rest.iter().filter(|i| i.row.request.engine == engine).map(|i| &i.prep).collect();
            let all_rows: Vec<&Prepared> = rest.iter().map(|i| &i.prep).collect();
            let variants: Vec<(&str, Vec<&(Engine, &str)>)> = vec![
                ("geometric mean over the engine's stacks", fs.stack.keys().filter(|k| k.0 == engine).collect()),
                ("geometric mean over every bucket", fs.stack.keys().collect()),
                (
                    "geometric mean over buckets of the same kind (CUDA or not)",
                    fs.stack.keys().filter(|k| (k.1 != "cuda") == (target != "cuda")).collect(),
                ),
                ("geometric mean over distinct stacks", {
                    let mut seen = BTreeSet::new();
                    fs.stack.keys().filter(|k| seen.insert(k.1)).collect()
                }),
            ];
            for (name, keys) in variants {
                let Some((c, m)) = geo(keys.clone()) else { continue };
                let rows = if same_engine_rows.is_empty() { &all_rows } else { &same_engine_rows };
                if let Some((e, _)) = fit::fit_fixed_costs(rows, c, m) {
                    report(name, &e);
                }
            }
            report("the prior chain (kept)", &fs.get(engine, target));
            if let Some(cuda) = fs.stack.get(&(Engine::Vllm, "cuda")) {
                report("vLLM's CUDA fit", &cuda.0);
            }
        }
    }
}
