//! Engine profiles: the software layer. The few fitted factors per (engine, vendor stack), read
//! from the embedded `data/engines/*.toml`, each with its provenance. The two efficiencies are
//! kernel-quality multipliers on the chip's hardware layer (`data/hardware/kernels.toml`:
//! 1.0 = the engine reaches microbenchmark rates); the fixed costs are host-side costs.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use crate::PerfError;

/// A serving engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// Pure roofline: 100% of peak FLOPs and bandwidth, no overheads, all memory usable.
    Ideal,
    /// NVIDIA TensorRT-LLM.
    Trtllm,
    /// vLLM.
    Vllm,
    /// SGLang.
    Sglang,
}

impl Engine {
    /// All engines.
    pub const ALL: [Engine; 4] = [Engine::Ideal, Engine::Trtllm, Engine::Vllm, Engine::Sglang];

    /// Lowercase name used in flags and JSON.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Ideal => "ideal",
            Engine::Trtllm => "trtllm",
            Engine::Vllm => "vllm",
            Engine::Sglang => "sglang",
        }
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Engine {
    type Err = PerfError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "ideal" | "roofline" => Ok(Engine::Ideal),
            "trtllm" | "tensorrtllm" => Ok(Engine::Trtllm),
            "vllm" => Ok(Engine::Vllm),
            "sglang" => Ok(Engine::Sglang),
            _ => Err(crate::error::bad_request("engine", format!("`{s}` is not one of ideal trtllm vllm sglang"))),
        }
    }
}

/// The fitted factors that turn a roofline into a prediction.
///
/// The roofline an engine's factors apply to is already at the chip's achievable rates (its
/// hardware layer: GEMM, attention and DRAM-streaming fractions of the datasheet peaks), so the
/// two efficiencies are kernel-quality multipliers relative to those: 1.0 means the engine's
/// kernels reach the microbenchmark rates, 0.5 half of them. With [`Efficiency::IDEAL`] and the
/// ideal engine the hardware layer is not applied (pure datasheet roofline).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Efficiency {
    /// Kernel quality on matrix work (GEMMs, attention), relative to the hardware layer's
    /// achievable GEMM/attention fractions.
    pub compute_efficiency: f64,
    /// Kernel quality on memory-bound work, relative to the achievable streaming bandwidth.
    pub memory_efficiency: f64,
    /// Fixed cost per engine step (scheduling, sampling, graph launch), microseconds.
    pub step_overhead_us: f64,
    /// Fixed cost per layer per step (kernel launch gaps, small kernels), microseconds.
    pub layer_overhead_us: f64,
    /// Fixed latency per collective (all-reduce, all-to-all, pipeline send), microseconds.
    pub collective_latency_us: f64,
    /// Host-side cost per sequence per step (scheduling, sampling, detokenisation), microseconds.
    #[serde(default)]
    pub sequence_overhead_us: f64,
}

impl Efficiency {
    /// The pure roofline.
    pub const IDEAL: Efficiency = Efficiency {
        compute_efficiency: 1.0,
        memory_efficiency: 1.0,
        step_overhead_us: 0.0,
        layer_overhead_us: 0.0,
        collective_latency_us: 0.0,
        sequence_overhead_us: 0.0,
    };
}

/// Where a set of factors came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Provenance {
    /// Data the factors were fitted on.
    pub fitted_on: String,
    /// Rows used.
    pub rows: u32,
    /// Date of the fit.
    pub date: String,
    /// Method.
    pub method: String,
    /// In-sample MAPE, percent.
    #[serde(default)]
    pub in_sample_mape_pct: Option<f64>,
}

/// Factors for one vendor stack (or, in old files, one chip family), with provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FamilyFit {
    /// The factors.
    #[serde(flatten)]
    pub efficiency: Efficiency,
    /// Where they came from.
    pub provenance: Provenance,
}

/// One engine's profile: fixed engine settings plus fitted factors per vendor stack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EngineProfile {
    /// Engine.
    pub engine: Engine,
    /// Human-readable description and version range the data reflects.
    pub description: String,
    /// Fraction of DRAM the engine lets weights + KV + activations use (vLLM
    /// `gpu_memory_utilization`, TRT-LLM `kv_cache_free_gpu_mem_fraction`, SGLang `mem_fraction_static`).
    pub memory_utilization: f64,
    /// Memory held back from that budget for CUDA context, graphs, communication buffers, GB.
    pub reserve_gb: f64,
    /// Largest number of sequences the engine schedules in one batch by default.
    pub max_batch: u32,
    /// Achieved fraction of link bandwidth in collectives (not fitted; NCCL bus-bandwidth studies).
    pub comm_efficiency: f64,
    /// Tokens per prefill chunk, which bounds the activation working set.
    pub prefill_chunk_tokens: u32,
    /// Cross-stack prior: the factors for a vendor stack without its own fit (the same engine's
    /// CUDA factors; provenance says which).
    pub default: FamilyFit,
    /// Factors per chip family: hand overrides only (the fit writes none); checked before the stack.
    #[serde(default)]
    pub families: BTreeMap<String, FamilyFit>,
    /// Factors per vendor stack (`cuda`, `rocm`, `oneapi`, ...), fitted jointly on every chip that
    /// runs the engine on that stack, each row against its own chip's hardware layer.
    #[serde(default)]
    pub stacks: BTreeMap<String, FamilyFit>,
}

impl EngineProfile {
    /// The factors for a chip family (its vendor stack's, see [`vendor_stack`]).
    #[must_use]
    pub fn efficiency(&self, family: &str) -> &FamilyFit {
        self.fit_for(family).1
    }

    /// The factors for a chip family and a label saying whose they are (see [`Self::software_for`]).
    #[must_use]
    pub fn fit_for(&self, family: &str) -> (String, &FamilyFit) {
        self.software_for(family, None)
    }

    /// The software-layer factors for a chip (family, optional catalogue id) and a label saying
    /// whose they are: a family override, the stack (`"cuda stack"`), or the engine's prior for
    /// unmeasured stacks (`"default: no vllm fit for the cann stack; typical-stack prior of vllm: ..."`).
    #[must_use]
    pub fn software_for(&self, family: &str, chip_id: Option<&str>) -> (String, &FamilyFit) {
        let fam = family.to_ascii_lowercase();
        if let Some(f) = self.families.get(&fam) {
            return (fam, f);
        }
        let stack = vendor_stack(&fam, chip_id);
        if let Some(f) = self.stacks.get(stack) {
            return (format!("{stack} stack"), f);
        }
        (format!("default: no {} fit for the {stack} stack; {}", self.engine, prior_label(self)), &self.default)
    }

    /// Parses a profile from TOML text.
    ///
    /// # Errors
    /// [`PerfError::EngineProfile`] naming the file and the problem.
    pub fn from_toml_str(file: &str, text: &str) -> Result<EngineProfile, PerfError> {
        let p: EngineProfile = toml::from_str(text)
            .map_err(|e| PerfError::EngineProfile { file: file.to_string(), problem: e.to_string() })?;
        let check = |name: &str, v: f64, lo: f64, hi: f64| -> Result<(), PerfError> {
            if !(v.is_finite() && v >= lo && v <= hi) {
                return Err(PerfError::EngineProfile {
                    file: file.to_string(),
                    problem: format!("`{name}` = {v} is outside [{lo}, {hi}]"),
                });
            }
            Ok(())
        };
        check("memory_utilization", p.memory_utilization, 0.05, 1.0)?;
        check("reserve_gb", p.reserve_gb, 0.0, 1e3)?;
        check("comm_efficiency", p.comm_efficiency, 0.01, 1.0)?;
        for (fam, f) in std::iter::once(("default", &p.default))
            .chain(p.families.iter().map(|(k, v)| (k.as_str(), v)))
            .chain(p.stacks.iter().map(|(k, v)| (k.as_str(), v)))
        {
            let e = f.efficiency;
            // Multipliers on the hardware layer: above 1 only where an engine beats the
            // microbenchmark rates, bounded so the product stays physical.
            check(&format!("{fam}.compute_efficiency"), e.compute_efficiency, 0.01, MAX_KERNEL_QUALITY)?;
            check(&format!("{fam}.memory_efficiency"), e.memory_efficiency, 0.01, MAX_KERNEL_QUALITY)?;
            check(&format!("{fam}.step_overhead_us"), e.step_overhead_us, 0.0, 1e6)?;
            check(&format!("{fam}.layer_overhead_us"), e.layer_overhead_us, 0.0, 1e5)?;
            check(&format!("{fam}.collective_latency_us"), e.collective_latency_us, 0.0, 1e5)?;
            check(&format!("{fam}.sequence_overhead_us"), e.sequence_overhead_us, 0.0, 1e5)?;
        }
        Ok(p)
    }

    /// The ideal (pure roofline) profile.
    #[must_use]
    pub fn ideal() -> EngineProfile {
        EngineProfile {
            engine: Engine::Ideal,
            description: "Pure roofline: peak FLOP/s and bandwidth, no overheads, all memory usable.".into(),
            memory_utilization: 1.0,
            reserve_gb: 0.0,
            max_batch: u32::MAX,
            comm_efficiency: 1.0,
            prefill_chunk_tokens: 8192,
            default: FamilyFit {
                efficiency: Efficiency::IDEAL,
                provenance: Provenance {
                    fitted_on: "nothing (definition)".into(),
                    rows: 0,
                    date: "2026-11-29".into(),
                    method: "none".into(),
                    in_sample_mape_pct: None,
                },
            },
            families: BTreeMap::new(),
            stacks: BTreeMap::new(),
        }
    }
}

/// Largest kernel-quality multiplier a profile may carry (an engine beating microbenchmarks by 25%).
pub const MAX_KERNEL_QUALITY: f64 = 1.25;

fn prior_label(p: &EngineProfile) -> &str {
    let f = &p.default.provenance.fitted_on;
    f.split(';').next().unwrap_or(f)
}

/// The vendor software stack a chip runs LLM engines on: `cuda` (NVIDIA), `rocm` (AMD CDNA),
/// `oneapi` (Intel Data Center GPU Max), `synapse` (Gaudi), `cann` (Ascend), `xla` (TPU),
/// `neuron` (Trainium), `musa`, the family name for the other domestic stacks, else `unknown`.
/// The Intel Max parts carry family "other" in the catalogue, so their id decides.
#[must_use]
pub fn vendor_stack(family: &str, chip_id: Option<&str>) -> &'static str {
    match family.to_ascii_lowercase().as_str() {
        "hopper" | "ampere" | "blackwell" | "ada" | "volta" | "turing" => "cuda",
        "cdna" | "cdna2" | "cdna3" | "cdna4" => "rocm",
        "xe-hpc" | "pvc" | "ponte-vecchio" => "oneapi",
        "gaudi" => "synapse",
        "ascend" => "cann",
        "tpu" => "xla",
        "trainium" => "neuron",
        "musa" => "musa",
        "biren" => "biren",
        "cambricon" => "cambricon",
        "corex" => "corex",
        "dcu" => "dcu",
        "maca" => "maca",
        _ => match chip_id.map(str::to_ascii_lowercase) {
            Some(id) if id.starts_with("max-") || id.contains("pvc") => "oneapi",
            _ => "unknown",
        },
    }
}

const TRTLLM_TOML: &str = include_str!("../../../data/engines/trtllm.toml");
const VLLM_TOML: &str = include_str!("../../../data/engines/vllm.toml");
const SGLANG_TOML: &str = include_str!("../../../data/engines/sglang.toml");

/// The measured architectures whose hardware-layer numbers (`data/hardware/kernels.toml`) a
/// family without its own measurements inherits, nearest first: the same vendor stack (CUDA,
/// ROCm, oneAPI) and the closest generation.
#[must_use]
pub fn nearest_relatives(family: &str) -> &'static [&'static str] {
    match family {
        "blackwell" => &["hopper", "ampere"],
        "hopper" => &["blackwell", "ampere"],
        "ada" => &["ampere", "hopper"],
        "ampere" => &["hopper", "ada"],
        "volta" | "turing" => &["ampere", "hopper"],
        "cdna4" => &["cdna3", "cdna2"],
        "cdna3" => &["cdna2", "cdna4"],
        "cdna2" => &["cdna3"],
        _ => &[],
    }
}

/// The embedded profile for an engine.
///
/// # Panics
/// Never in a released build: the embedded files are checked by the crate's tests; a broken
/// embedded file falls back to the ideal profile rather than panicking.
#[must_use]
pub fn engine_profile(engine: Engine) -> &'static EngineProfile {
    // One lock per engine: a command parses only the profile it uses.
    static PROFILES: [OnceLock<EngineProfile>; 4] = [const { OnceLock::new() }; 4];
    let load =
        |file: &str, text: &str| EngineProfile::from_toml_str(file, text).unwrap_or_else(|_| EngineProfile::ideal());
    match engine {
        Engine::Ideal => PROFILES[0].get_or_init(EngineProfile::ideal),
        Engine::Trtllm => PROFILES[1].get_or_init(|| load("trtllm.toml", TRTLLM_TOML)),
        Engine::Vllm => PROFILES[2].get_or_init(|| load("vllm.toml", VLLM_TOML)),
        Engine::Sglang => PROFILES[3].get_or_init(|| load("sglang.toml", SGLANG_TOML)),
    }
}

/// The raw embedded TOML of an engine profile (for tests and `redline` to print).
#[must_use]
pub fn engine_profile_source(engine: Engine) -> Option<&'static str> {
    match engine {
        Engine::Ideal => None,
        Engine::Trtllm => Some(TRTLLM_TOML),
        Engine::Vllm => Some(VLLM_TOML),
        Engine::Sglang => Some(SGLANG_TOML),
    }
}
