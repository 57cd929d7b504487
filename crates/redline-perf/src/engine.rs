//! Engine profiles: the few fitted efficiency factors per (chip family, engine), read from the
//! embedded `data/engines/*.toml`. Each factor carries its provenance.

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
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Efficiency {
    /// Achieved fraction of the dense peak FLOP/s on matrix work (GEMMs, attention).
    pub compute_efficiency: f64,
    /// Achieved fraction of DRAM bandwidth on memory-bound work.
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

/// Factors for one chip family, with provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FamilyFit {
    /// The factors.
    #[serde(flatten)]
    pub efficiency: Efficiency,
    /// Where they came from.
    pub provenance: Provenance,
}

/// One engine's profile: fixed engine settings plus fitted factors per chip family.
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
    /// Factors for chip families without their own fit: pooled over all fitted families.
    pub default: FamilyFit,
    /// Factors per chip family.
    #[serde(default)]
    pub families: BTreeMap<String, FamilyFit>,
}

impl EngineProfile {
    /// The factors for a chip family: its own fit, else its nearest measured relative's (see
    /// [`nearest_relatives`]), else the pooled default.
    #[must_use]
    pub fn efficiency(&self, family: &str) -> &FamilyFit {
        self.fit_for(family).1
    }

    /// The factors for a chip family and a label saying whose they are: the family, `"<relative>
    /// (nearest relative of <family>)"`, or `"default"` (pooled).
    #[must_use]
    pub fn fit_for(&self, family: &str) -> (String, &FamilyFit) {
        let fam = family.to_ascii_lowercase();
        if let Some(f) = self.families.get(&fam) {
            return (fam, f);
        }
        for rel in nearest_relatives(&fam) {
            if let Some(f) = self.families.get(*rel) {
                return (format!("{rel} (nearest relative of {fam})"), f);
            }
        }
        ("default".to_string(), &self.default)
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
        for (fam, f) in std::iter::once(("default", &p.default)).chain(p.families.iter().map(|(k, v)| (k.as_str(), v)))
        {
            let e = f.efficiency;
            check(&format!("{fam}.compute_efficiency"), e.compute_efficiency, 0.01, 1.0)?;
            check(&format!("{fam}.memory_efficiency"), e.memory_efficiency, 0.01, 1.0)?;
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
        }
    }
}

const TRTLLM_TOML: &str = include_str!("../../../data/engines/trtllm.toml");
const VLLM_TOML: &str = include_str!("../../../data/engines/vllm.toml");
const SGLANG_TOML: &str = include_str!("../../../data/engines/sglang.toml");

/// The measured architectures whose software-stack factors a family without its own fit
/// inherits, nearest first: the same vendor stack (CUDA, ROCm, oneAPI) and the closest generation.
/// The inherited factors carry the relative's error plus the generation gap (state ±30%).
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
