//! [`PerfRequest`]: everything `redline perf` and `/api/perf` take, parsed once from raw
//! `(key, value)` pairs (the CLI's flags with `-` read as `_`, or the web's query parameters),
//! each field checked against its unit and range, with an error naming the field.

use crate::engine::Engine;
use crate::error::PerfError;
use crate::mlperf::{MlperfBenchmark, mlperf_benchmark};
use crate::serving::Scenario;
use crate::throughput::ThroughputLimits;
use crate::{Batch, CostInputs, InferenceRequest, Precision, zoo_model};

/// The batch a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchChoice {
    /// This many sequences, or the largest that fits ([`Batch`]).
    Static(Batch),
    /// The highest-throughput batch under the latency limits (`best`).
    Best,
}

/// What a request asks for once its fields are checked against each other.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PerfMode {
    /// One static batch.
    Static,
    /// The best static batch under limits.
    Best(ThroughputLimits),
    /// Continuous batching at a scenario's limits.
    Serving {
        /// The scenario.
        scenario: Scenario,
        /// The latency limits applied (given, or the MLPerf rules').
        limits: ThroughputLimits,
        /// The MLPerf benchmark the lengths and limits come from.
        mlperf: Option<&'static MlperfBenchmark>,
    },
}

/// One `redline perf` request: model, system, workload, mode and cost assumptions. Build it with
/// [`PerfRequest::from_pairs`]; the caller loads the model named by [`PerfRequest::model_name`]
/// (a zoo id, or a config the caller is allowed to read) and runs it with [`PerfRequest::run`].
#[derive(Debug, Clone, PartialEq)]
pub struct PerfRequest {
    /// The model as named (None: the MLPerf benchmark's).
    pub model: Option<String>,
    /// Chips in the system.
    pub gpus: u32,
    /// Tensor parallelism.
    pub tp: Option<u32>,
    /// Pipeline parallelism.
    pub pp: Option<u32>,
    /// Expert parallelism.
    pub ep: Option<u32>,
    /// The batch (None: 1, or serving mode's own concurrency).
    pub batch: Option<BatchChoice>,
    /// Prompt tokens per sequence (None: 1024, or the benchmark's mean).
    pub input: Option<u32>,
    /// Generated tokens per sequence (None: 1024, or the benchmark's mean).
    pub output: Option<u32>,
    /// Weight (and compute) format (None: bf16, or the benchmark's).
    pub precision: Option<Precision>,
    /// KV-cache format (None: bf16, fp16 with fp16 weights).
    pub kv_precision: Option<Precision>,
    /// Engine profile (None: trtllm, or with a benchmark the engine the chip's vendor submits with).
    pub engine: Option<Engine>,
    /// Weights stored in `precision`, math in 16-bit.
    pub weight_only: bool,
    /// Latency limit: time to first token, seconds.
    pub max_ttft: Option<f64>,
    /// Latency limit: time per output token, seconds.
    pub max_tpot: Option<f64>,
    /// Serving scenario (None: none, or `server` with a benchmark).
    pub scenario: Option<Scenario>,
    /// MLPerf Inference benchmark preset.
    pub mlperf: Option<&'static MlperfBenchmark>,
    /// A concurrency sweep instead of one point.
    pub sweep: bool,
    /// Cost assumptions.
    pub cost: CostInputs,
}

impl Default for PerfRequest {
    fn default() -> Self {
        PerfRequest {
            model: None,
            gpus: 1,
            tp: None,
            pp: None,
            ep: None,
            batch: None,
            input: None,
            output: None,
            precision: None,
            kv_precision: None,
            engine: None,
            weight_only: false,
            max_ttft: None,
            max_tpot: None,
            scenario: None,
            mlperf: None,
            sweep: false,
            cost: CostInputs::default(),
        }
    }
}

/// Most chips, tokens and sequences a request can be worked out for: far past any deployment.
const MAX_CHIPS: u64 = 1 << 20;
const MAX_TOKENS: u64 = 1 << 22;
const MAX_SEQS: u64 = 1 << 20;

fn invalid(field: &'static str, value: &str, expected: impl Into<String>) -> PerfError {
    PerfError::InvalidParam { field, value: value.to_string(), expected: expected.into() }
}

/// Keys are equal with `-` read as `_`.
fn same_key(a: &str, b: &str) -> bool {
    let norm = |c: u8| if c == b'-' { b'_' } else { c };
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| norm(x) == norm(y))
}

fn whole(field: &'static str, v: &str, hi: u64, unit: &str) -> Result<u32, PerfError> {
    v.trim()
        .parse::<u64>()
        .ok()
        .filter(|x| (1..=hi).contains(x))
        .and_then(|x| u32::try_from(x).ok())
        .ok_or_else(|| invalid(field, v, format!("expected 1 to {hi} {unit}")))
}

fn number(field: &'static str, v: &str, lo: f64, hi: f64, unit: &str) -> Result<f64, PerfError> {
    let x = v.trim().parse::<f64>().ok();
    match x {
        Some(x) if x.is_finite() && x >= lo && x <= hi && !(lo >= 0.0 && x.is_sign_negative()) => Ok(x),
        _ => Err(invalid(field, v, format!("expected a number from {lo} to {hi} {unit}"))),
    }
}

fn one_of<T: std::str::FromStr<Err = PerfError>>(field: &'static str, v: &str, names: &[&str]) -> Result<T, PerfError> {
    v.parse::<T>().map_err(|_| {
        invalid(
            field,
            v,
            format!("expected one of {}{}", names.join(" "), redline_catalog::load::did_you_mean(v, names)),
        )
    })
}

impl PerfRequest {
    /// Every key [`PerfRequest::from_pairs`] takes (the CLI's flags, `-` written `_`).
    pub const KEYS: &'static [&'static str] = &[
        "model",
        "gpus",
        "tp",
        "pp",
        "ep",
        "batch",
        "input",
        "output",
        "precision",
        "kv_precision",
        "engine",
        "weight_only",
        "max_ttft",
        "max_tpot",
        "scenario",
        "mlperf",
        "sweep",
        "price_usd",
        "power_w",
        "pue",
        "electricity",
        "utilization",
    ];

    /// Parses and checks a request from raw pairs: each value once, against its unit and range,
    /// then the fields against each other. A key may be written with `-` for `_`
    /// (`kv-precision`); an empty value is the same as an absent key.
    ///
    /// # Errors
    /// [`PerfError::UnknownParam`] for a key outside [`PerfRequest::KEYS`];
    /// [`PerfError::InvalidParam`] naming the field, the value and what is expected.
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> Result<PerfRequest, PerfError> {
        let mut r = PerfRequest::default();
        let precisions: Vec<&str> = Precision::ALL.iter().map(|p| p.as_str()).collect();
        let engines: Vec<&str> = Engine::ALL.iter().map(|e| e.as_str()).collect();
        let mut seen: Vec<&'static str> = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            let (key, v) = (k.as_ref(), v.as_ref());
            let Some(field) = Self::KEYS.iter().copied().find(|f| same_key(f, key)) else {
                return Err(PerfError::UnknownParam { key: key.to_string(), expected: Self::KEYS.join(", ") });
            };
            if seen.contains(&field) {
                return Err(invalid(field, v, "given more than once"));
            }
            seen.push(field);
            if v.is_empty() {
                continue;
            }
            match field {
                "model" => r.model = Some(v.to_string()),
                "gpus" => r.gpus = whole(field, v, MAX_CHIPS, "chips")?,
                "tp" => r.tp = Some(whole(field, v, MAX_CHIPS, "chips")?),
                "pp" => r.pp = Some(whole(field, v, MAX_CHIPS, "chips")?),
                "ep" => r.ep = Some(whole(field, v, MAX_CHIPS, "chips")?),
                "batch" => {
                    r.batch = Some(match v {
                        "max" => BatchChoice::Static(Batch::Max),
                        "best" => BatchChoice::Best,
                        n => BatchChoice::Static(Batch::Fixed(
                            whole(field, n, MAX_SEQS, "sequences")
                                .map_err(|_| invalid(field, n, "expected 1 to 1048576 sequences, `max` or `best`"))?,
                        )),
                    });
                }
                "input" => r.input = Some(whole(field, v, MAX_TOKENS, "tokens")?),
                "output" => r.output = Some(whole(field, v, MAX_TOKENS, "tokens")?),
                "precision" => r.precision = Some(one_of(field, v, &precisions)?),
                "kv_precision" => r.kv_precision = Some(one_of(field, v, &precisions)?),
                "engine" => r.engine = Some(one_of(field, v, &engines)?),
                "weight_only" => {
                    r.weight_only = match v {
                        "true" | "1" => true,
                        "false" | "0" => false,
                        _ => return Err(invalid(field, v, "expected true or false")),
                    }
                }
                "max_ttft" => r.max_ttft = Some(number(field, v, 1e-9, 1e6, "seconds")?),
                "max_tpot" => r.max_tpot = Some(number(field, v, 1e-9, 1e6, "seconds")?),
                "scenario" => r.scenario = Some(one_of(field, v, &["offline", "server", "interactive"])?),
                "mlperf" => {
                    r.mlperf = Some(mlperf_benchmark(v).map_err(|e| match e {
                        PerfError::InvalidRequest { problem, .. } => invalid(field, v, problem),
                        other => other,
                    })?);
                }
                "sweep" => {
                    if v != "concurrency" {
                        return Err(invalid(field, v, "expected `concurrency`"));
                    }
                    r.sweep = true;
                }
                // Physical bounds: a PUE under 1 is a data centre that makes energy; the other
                // ceilings are far above any real chip or tariff.
                "price_usd" => r.cost.price_usd = Some(number(field, v, 1.0, 1e8, "USD")?),
                "power_w" => r.cost.power_w = Some(number(field, v, 0.1, 1e5, "W")?),
                "pue" => r.cost.pue = number(field, v, 1.0, 5.0, "(facility power over IT power)")?,
                "electricity" => r.cost.electricity_usd_per_kwh = number(field, v, 1e-6, 100.0, "USD per kWh")?,
                _ => r.cost.utilization = number(field, v, 1e-6, 1.0, "(a fraction)")?,
            }
        }
        r.check()?;
        Ok(r)
    }

    /// The checks between fields.
    fn check(&self) -> Result<(), PerfError> {
        if let (Some(b), Some(m)) = (self.mlperf, &self.model)
            && zoo_model(m).map(|z| z.id.as_str()) != Ok(b.model)
        {
            return Err(invalid(
                "model",
                m,
                format!("MLPerf {} runs model `{}`; drop the model or pick another benchmark", b.id, b.model),
            ));
        }
        if self.model.is_none() && self.mlperf.is_none() {
            return Err(invalid("model", "", "required: an id from `redline models`, or an MLPerf benchmark"));
        }
        let best = self.batch == Some(BatchChoice::Best);
        let has_limits = self.max_ttft.is_some() || self.max_tpot.is_some();
        match self.scenario() {
            None if has_limits && !best => {
                let (field, v) = match (self.max_ttft, self.max_tpot) {
                    (Some(t), _) => ("max_ttft", t),
                    (_, t) => ("max_tpot", t.unwrap_or_default()),
                };
                return Err(invalid(field, &v.to_string(), "applies only to batch `best` or a scenario"));
            }
            None => {}
            Some(sc) => {
                if best {
                    return Err(invalid(
                        "batch",
                        "best",
                        "batch `best` and a scenario are two different modes: pick one",
                    ));
                }
                if let Some(BatchChoice::Static(b)) = self.batch
                    && b != Batch::Fixed(1)
                {
                    let v = if let Batch::Fixed(n) = b { n.to_string() } else { "max".to_string() };
                    return Err(invalid(
                        "batch",
                        &v,
                        "does not apply to a scenario or MLPerf benchmark: serving mode chooses the concurrency",
                    ));
                }
                if sc != Scenario::Offline && !has_limits && self.reference().and_then(|b| b.limits(sc)).is_none() {
                    return Err(invalid(
                        "scenario",
                        sc.as_str(),
                        format!(
                            "the recorded MLPerf rules give no {sc} latency limits for {}; give max_ttft/max_tpot",
                            self.mlperf.map_or("", |b| b.id)
                        ),
                    ));
                }
            }
        }
        if self.sweep && best {
            return Err(invalid("sweep", "concurrency", "a sweep and batch `best` are two different modes: pick one"));
        }
        Ok(())
    }

    /// The scenario asked for (`server` when only a benchmark is named).
    #[must_use]
    pub fn scenario(&self) -> Option<Scenario> {
        self.scenario.or(self.mlperf.map(|_| Scenario::Server))
    }

    /// The benchmark whose limits a scenario defaults to.
    fn reference(&self) -> Option<&'static MlperfBenchmark> {
        self.mlperf.or_else(|| mlperf_benchmark("llama2-70b").ok())
    }

    /// The model to load: as named, or the benchmark's zoo id.
    #[must_use]
    pub fn model_name(&self) -> &str {
        match (&self.model, self.mlperf) {
            (Some(m), _) => m,
            (None, Some(b)) => b.model,
            (None, None) => "",
        }
    }

    /// The mode the fields describe.
    #[must_use]
    pub fn mode(&self) -> PerfMode {
        let given = ThroughputLimits { ttft_s: self.max_ttft, tpot_s: self.max_tpot };
        let has_limits = given.ttft_s.is_some() || given.tpot_s.is_some();
        match self.scenario() {
            None if self.batch == Some(BatchChoice::Best) => PerfMode::Best(given),
            None => PerfMode::Static,
            Some(scenario) => {
                let limits = match (scenario, has_limits) {
                    (Scenario::Offline, _) | (_, true) => given,
                    (sc, false) => self
                        .reference()
                        .and_then(|b| b.limits(sc))
                        .map_or(given, |(ttft, tpot)| ThroughputLimits { ttft_s: Some(ttft), tpot_s: Some(tpot) }),
                };
                PerfMode::Serving { scenario, limits, mlperf: self.mlperf }
            }
        }
    }

    /// The inference request for a chip of `family` (which picks the engine a benchmark's
    /// vendor submits with when no engine is given).
    #[must_use]
    pub fn inference_request(&self, family: &str) -> InferenceRequest {
        let bench = self.mlperf;
        let batch = match self.batch {
            None => Batch::Fixed(1),
            Some(BatchChoice::Best) => Batch::Max,
            Some(BatchChoice::Static(b)) => b,
        };
        InferenceRequest {
            gpus: self.gpus,
            tp: self.tp,
            pp: self.pp,
            ep: self.ep,
            batch,
            input_len: self.input.or(bench.map(|b| b.mean_input_tokens)).unwrap_or(1024),
            output_len: self.output.or(bench.map(|b| b.mean_output_tokens)).unwrap_or(1024),
            precision: self.precision.or(bench.map(|b| b.precision)).unwrap_or(Precision::Bf16),
            kv_precision: self.kv_precision,
            engine: self.engine.unwrap_or(if bench.is_some() { vendor_engine(family) } else { Engine::Trtllm }),
            weight_only: self.weight_only,
        }
    }
}

/// The engine a chip's vendor submits MLPerf results with.
#[must_use]
pub fn vendor_engine(family: &str) -> Engine {
    match family.to_ascii_lowercase().as_str() {
        "hopper" | "blackwell" | "ampere" | "ada" | "volta" | "turing" => Engine::Trtllm,
        _ => Engine::Vllm,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<PerfRequest, PerfError> {
        PerfRequest::from_pairs(pairs)
    }

    /// Every key has a bad value here, and each is refused naming that key.
    #[test]
    fn every_bad_field_is_named() {
        let bad: &[(&str, &str)] = &[
            ("model", ""),
            ("gpus", "0"),
            ("tp", "two"),
            ("pp", "-1"),
            ("ep", "1048577"),
            ("batch", "0"),
            ("input", "4194305"),
            ("output", "1.5"),
            ("precision", "fp9"),
            ("kv_precision", "bf15"),
            ("engine", "vlm"),
            ("weight_only", "yes"),
            ("max_ttft", "0"),
            ("max_tpot", "NaN"),
            ("scenario", "batch"),
            ("mlperf", "resnet50"),
            ("sweep", "batch"),
            ("price_usd", "0.5"),
            ("power_w", "inf"),
            ("pue", "0.9"),
            ("electricity", "-0.0"),
            ("utilization", "1.5"),
        ];
        let tested: Vec<&str> = bad.iter().map(|(k, _)| *k).collect();
        assert_eq!(tested, PerfRequest::KEYS, "a key without a bad-value case");
        for (key, value) in bad {
            // A model where the key is not the model, so only `key` can be wrong.
            let mut pairs = vec![(*key, *value)];
            if *key != "model" {
                pairs.push(("model", "llama-3.1-8b"));
            }
            match parse(&pairs) {
                Err(PerfError::InvalidParam { field, expected, .. }) => {
                    assert_eq!(field, *key, "{key}={value}: {expected}");
                    assert!(!expected.is_empty());
                }
                other => panic!("{key}={value}: {other:?}"),
            }
        }
        // Units and choices are in the messages.
        let msg = |pairs: &[(&str, &str)]| parse(pairs).unwrap_err().to_string();
        assert!(msg(&[("model", "m"), ("input", "0")]).contains("tokens"));
        assert!(msg(&[("model", "m"), ("max_ttft", "-1")]).contains("seconds"));
        assert!(msg(&[("model", "m"), ("electricity", "1e308")]).contains("USD per kWh"));
        assert!(msg(&[("model", "m"), ("engine", "vlm")]).contains("did you mean \"vllm\""));
        assert!(matches!(parse(&[("nonesuch", "1")]), Err(PerfError::UnknownParam { key, .. }) if key == "nonesuch"));
        let twice = parse(&[("model", "m"), ("kv_precision", "fp8"), ("kv-precision", "bf16")]);
        assert!(matches!(twice, Err(PerfError::InvalidParam { field: "kv_precision", .. })), "{twice:?}");
        assert_eq!(parse(&[("model", "m"), ("kv-precision", "fp8")]).unwrap().kv_precision, Some(Precision::Fp8));
    }

    #[test]
    fn fields_are_checked_against_each_other() {
        let field = |pairs: &[(&str, &str)]| match parse(pairs) {
            Err(PerfError::InvalidParam { field, .. }) => field,
            other => panic!("{pairs:?}: {other:?}"),
        };
        let m = ("model", "llama-3.1-8b");
        assert_eq!(field(&[m, ("batch", "best"), ("scenario", "server")]), "batch");
        assert_eq!(field(&[m, ("batch", "4"), ("scenario", "offline")]), "batch");
        assert_eq!(field(&[m, ("max_tpot", "0.05")]), "max_tpot");
        assert_eq!(field(&[m, ("mlperf", "llama2-70b")]), "model");
        assert_eq!(field(&[m, ("batch", "best"), ("sweep", "concurrency")]), "sweep");
        // Allowed combinations.
        assert!(parse(&[m, ("batch", "best"), ("max_tpot", "0.05")]).is_ok());
        assert!(parse(&[m, ("batch", "1"), ("scenario", "server")]).is_ok());
        assert!(parse(&[("mlperf", "llama2-70b"), ("model", "llama-2-70b")]).is_ok());
    }

    #[test]
    fn defaults_and_presets() {
        let r = parse(&[("model", "llama-3.1-8b")]).unwrap();
        assert_eq!(r.mode(), PerfMode::Static);
        let req = r.inference_request("hopper");
        assert_eq!((req.gpus, req.batch, req.input_len, req.output_len), (1, Batch::Fixed(1), 1024, 1024));
        assert_eq!((req.precision, req.engine), (Precision::Bf16, Engine::Trtllm));
        // MLPerf llama2-70b: model, mean lengths and Server limits from the benchmark
        // (mlperf.conf: ttft 2000 ms, tpot 200 ms); vendor engine by family.
        let r = parse(&[("mlperf", "llama2-70b")]).unwrap();
        assert_eq!(r.model_name(), "llama-2-70b");
        let b = mlperf_benchmark("llama2-70b").unwrap();
        let req = r.inference_request("cdna3");
        assert_eq!((req.input_len, req.output_len), (b.mean_input_tokens, b.mean_output_tokens));
        assert_eq!(req.engine, Engine::Vllm);
        assert_eq!(r.inference_request("hopper").engine, Engine::Trtllm);
        let PerfMode::Serving { scenario, limits, .. } = r.mode() else { panic!("{:?}", r.mode()) };
        assert_eq!(scenario, Scenario::Server);
        assert_eq!((limits.ttft_s, limits.tpot_s), (Some(2.0), Some(0.2)));
        // An empty value is an absent key.
        assert_eq!(parse(&[("model", "x"), ("tp", "")]).unwrap().tp, None);
    }
}
