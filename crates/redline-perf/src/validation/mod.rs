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
use crate::engine::{Efficiency, Engine, EngineProfile, FamilyFit, Provenance, engine_profile};
use crate::work::OpClass;
use crate::{Hardware, Precision, zoo_model};
use fit::Prepared;

/// A family needs at least this many rows for its own factors; otherwise it uses the engine's
/// pooled factors.
pub const MIN_ROWS_PER_FAMILY: usize = 20;

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
    /// Chip family, or "default" for the engine's pooled factors.
    pub family: String,
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
}

struct Item {
    row: MeasuredRow,
    family: String,
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
        // Lower bound: every output token needs one pass over the (touched) weights at peak bandwidth.
        let mut bound = 0.0;
        for (count, _, _, dec) in &built.waves[..built.wave_kinds] {
            let weight_s: f64 = dec
                .ops()
                .iter()
                .filter(|o| {
                    !matches!(o.class, OpClass::Attention | OpClass::Elementwise | OpClass::Embedding | OpClass::Router)
                })
                .map(|o| o.bt)
                .sum();
            bound += f64::from(*count) * out * weight_s;
        }
        if t_meas < bound * 0.98 {
            impossible.push((row, t_meas, bound));
            continue;
        }
        let family = hw.family.to_ascii_lowercase();
        items.push(Item { row, family, prep: Prepared { built, metric: Metric::LatencyS, t_meas, tokens } });
        if let Some(last) = items.last_mut() {
            last.prep.metric = last.row.metric;
        }
    }
    (items, excluded, impossible, unresolved)
}

/// Factors fitted on a subset: per (engine, family), per engine pooled, and global.
struct FitSet {
    family: BTreeMap<(Engine, String), (Efficiency, usize, f64)>,
    engine: BTreeMap<Engine, (Efficiency, usize, f64)>,
    global: Option<(Efficiency, usize, f64)>,
}

impl FitSet {
    fn fit(items: &[&Item]) -> FitSet {
        let mut by_bucket: BTreeMap<(Engine, String), Vec<&Prepared>> = BTreeMap::new();
        let mut by_engine: BTreeMap<Engine, Vec<&Prepared>> = BTreeMap::new();
        for it in items {
            by_bucket.entry((it.row.request.engine, it.family.clone())).or_default().push(&it.prep);
            by_engine.entry(it.row.request.engine).or_default().push(&it.prep);
        }
        let family = by_bucket
            .into_iter()
            .filter(|(_, v)| v.len() >= MIN_ROWS_PER_FAMILY)
            .filter_map(|(k, v)| fit::fit(&v).map(|(e, m)| (k, (e, v.len(), m))))
            .collect();
        let engine = by_engine.iter().filter_map(|(k, v)| fit::fit(v).map(|(e, m)| (*k, (e, v.len(), m)))).collect();
        let all: Vec<&Prepared> = items.iter().map(|i| &i.prep).collect();
        let global = fit::fit(&all).map(|(e, m)| (e, all.len(), m));
        FitSet { family, engine, global }
    }

    fn get(&self, engine: Engine, family: &str) -> Efficiency {
        if engine == Engine::Ideal {
            return Efficiency::IDEAL;
        }
        // As the shipped profiles: the family, its nearest measured relatives, the engine's pool.
        let fam = family.to_ascii_lowercase();
        std::iter::once(fam.as_str())
            .chain(crate::engine::nearest_relatives(&fam).iter().copied())
            .find_map(|f| self.family.get(&(engine, f.to_string())))
            .or_else(|| self.engine.get(&engine))
            .or(self.global.as_ref())
            .map_or(Efficiency::IDEAL, |x| x.0)
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
            .map(|i| result(i, &fs.get(i.row.request.engine, &i.family)).error_pct)
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
    let shipped = |i: &Item| engine_profile(i.row.request.engine).efficiency(&i.family).efficiency;
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
    let mut refit: Vec<FitSummary> = fs
        .family
        .iter()
        .map(|((e, f), (eff, n, m))| FitSummary {
            engine: *e,
            family: f.clone(),
            efficiency: *eff,
            rows: *n,
            mape_pct: m * 100.0,
        })
        .collect();
    refit.extend(fs.engine.iter().map(|(e, (eff, n, m))| FitSummary {
        engine: *e,
        family: "default".into(),
        efficiency: *eff,
        rows: *n,
        mape_pct: m * 100.0,
    }));
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
        "grid search over (compute_efficiency, memory_efficiency) with a bounded least-squares solve in relative \
         error for the four fixed costs (per step, per layer, per collective, per sequence) at each point, minimising MAPE of the published metric; families with \
         fewer than {MIN_ROWS_PER_FAMILY} rows use the engine's pooled factors; {} physically impossible rows left out",
        impossible.len()
    );
    let describe = |engine: Engine, family: Option<&str>| -> String {
        let mut per_chip: BTreeMap<&str, usize> = BTreeMap::new();
        let mut sources: BTreeSet<&str> = BTreeSet::new();
        for it in items.iter().filter(|i| i.row.request.engine == engine && family.is_none_or(|f| f == i.family)) {
            *per_chip.entry(it.row.chip_id).or_default() += 1;
            sources.insert(it.row.source);
        }
        let chips: Vec<String> = per_chip.iter().map(|(c, n)| format!("{c} {n}")).collect();
        format!("{} (rows per chip: {})", sources.into_iter().collect::<Vec<_>>().join(", "), chips.join(", "))
    };
    let mut out = Vec::new();
    for engine in [Engine::Trtllm, Engine::Vllm, Engine::Sglang] {
        let mut p = engine_profile(engine).clone();
        let (eff, n, m) = fs.engine.get(&engine).copied().or(fs.global).unwrap_or((Efficiency::IDEAL, 0, 0.0));
        let pooled_from = if fs.engine.contains_key(&engine) {
            describe(engine, None)
        } else {
            "no rows for this engine: global pooled fit over all engines".into()
        };
        p.default = FamilyFit {
            efficiency: eff,
            provenance: Provenance {
                fitted_on: pooled_from,
                rows: n as u32,
                date: date.to_string(),
                method: method.clone(),
                in_sample_mape_pct: Some((m * 1000.0).round() / 10.0),
            },
        };
        p.families.clear();
        for ((e, fam), (eff, n, m)) in &fs.family {
            if *e != engine {
                continue;
            }
            p.families.insert(
                fam.clone(),
                FamilyFit {
                    efficiency: *eff,
                    provenance: Provenance {
                        fitted_on: describe(engine, Some(fam)),
                        rows: *n as u32,
                        date: date.to_string(),
                        method: method.clone(),
                        in_sample_mape_pct: Some((m * 1000.0).round() / 10.0),
                    },
                },
            );
        }
        out.push(p);
    }
    out
}
