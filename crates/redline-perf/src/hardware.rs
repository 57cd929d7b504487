//! The chip as the performance model sees it: per-format dense peaks, memory, links.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::memory::{MemoryKind, visible_bytes};
use crate::{PerfError, Precision};

/// One accelerator. The lead builds it from the catalogue; tests build it from datasheets.
///
/// All throughputs are whole-chip dense (no sparsity). Bandwidths are in 1e9 B/s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Hardware {
    /// Display name.
    pub name: String,
    /// Catalogue chip id (`h100-sxm`), when known: selects the chip's own microbenchmark numbers
    /// in the hardware layer (`data/hardware/kernels.toml`); without it the family's are used.
    #[serde(default)]
    pub chip_id: Option<String>,
    /// Architecture family, selecting the engine efficiency profile: "hopper", "ampere",
    /// "blackwell", "ada", "cdna2", "cdna3", "cdna4", "gaudi", "ascend", "tpu", "trainium", "other".
    pub family: String,
    /// Dense peak TFLOP/s (TOP/s for integers) per format; a missing format is unsupported.
    pub dense_tflops: BTreeMap<Precision, f64>,
    /// DRAM bandwidth, GB/s (1e9 B/s).
    pub memory_bandwidth_gbs: Option<f64>,
    /// DRAM capacity as the vendor states it, "GB". How many bytes that is depends on
    /// `memory_type` (HBM/GDDR/LPDDR "GB" are binary, 2^30 B; see `data/hardware/memory.toml`).
    pub memory_capacity_gb: Option<f64>,
    /// DRAM technology; None reads `memory_capacity_gb` as decimal GB (1e9 B).
    #[serde(default)]
    pub memory_type: Option<MemoryKind>,
    /// Aggregate bidirectional scale-up bandwidth per chip (NVLink class), GB/s; None or 0 = PCIe only.
    pub chip_to_chip_gbs: Option<f64>,
    /// Bidirectional host link (PCIe) bandwidth, GB/s.
    pub host_gbs: Option<f64>,
    /// Board power, W.
    pub tdp_w: Option<f64>,
    /// Street price, USD.
    pub price_usd: Option<f64>,
    /// Chips in one scale-up domain (NVLink/xGMI island). None = 8 with a scale-up link, 1 without.
    #[serde(default)]
    pub scale_up_domain: Option<u32>,
    /// Bidirectional scale-out bandwidth per chip (NIC), GB/s. None = 100 (one 400 Gb/s NIC per chip).
    #[serde(default)]
    pub scale_out_gbs: Option<f64>,
}

/// Hardware numbers after validation, in SI units, ready for the hot path.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Chip {
    pub bw: f64,          // B/s
    pub capacity: f64,    // B
    pub scale_up_bw: f64, // B/s per direction
    pub scale_up_alpha_factor: f64,
    pub domain: u32,
    pub scale_out_bw: f64, // B/s per direction
}

fn positive(chip: &str, field: &'static str, v: Option<f64>, unit: &'static str) -> Result<f64, PerfError> {
    match v {
        None => Err(PerfError::InvalidHardware { chip: chip.to_string(), field, problem: "missing".into(), unit }),
        Some(x) if !x.is_finite() || x <= 0.0 => Err(PerfError::InvalidHardware {
            chip: chip.to_string(),
            field,
            problem: format!("{x} (must be a positive finite number)"),
            unit,
        }),
        Some(x) => Ok(x),
    }
}

impl Hardware {
    /// Checks the fields the model needs and converts them to SI units.
    pub(crate) fn chip(&self) -> Result<Chip, PerfError> {
        let bw = positive(&self.name, "memory_bandwidth_gbs", self.memory_bandwidth_gbs, "GB/s")? * 1e9;
        let capacity =
            visible_bytes(positive(&self.name, "memory_capacity_gb", self.memory_capacity_gb, "GB")?, self.memory_type);
        for (p, v) in &self.dense_tflops {
            if !v.is_finite() || *v < 0.0 {
                return Err(PerfError::InvalidHardware {
                    chip: self.name.clone(),
                    field: "dense_tflops",
                    problem: format!("{p} = {v} (must be a non-negative finite number)"),
                    unit: "TFLOP/s",
                });
            }
        }
        let nvlink = self.chip_to_chip_gbs.filter(|x| x.is_finite() && *x > 0.0);
        let host = self.host_gbs.filter(|x| x.is_finite() && *x > 0.0).unwrap_or(64.0);
        let (scale_up_bw, alpha_factor, default_domain) = match nvlink {
            Some(b) => (b / 2.0 * 1e9, 1.0, 8),
            // PCIe peer-to-peer through the host: slower and with higher per-message latency.
            None => (host / 2.0 * 1e9, 2.0, 8),
        };
        let domain = self.scale_up_domain.filter(|d| *d > 0).unwrap_or(default_domain);
        let scale_out = self.scale_out_gbs.filter(|x| x.is_finite() && *x > 0.0).unwrap_or(100.0);
        Ok(Chip {
            bw,
            capacity,
            scale_up_bw,
            scale_up_alpha_factor: alpha_factor,
            domain,
            scale_out_bw: scale_out / 2.0 * 1e9,
        })
    }

    /// Device memory the driver exposes, bytes (None when the capacity is unknown or invalid).
    #[must_use]
    pub fn visible_memory_bytes(&self) -> Option<f64> {
        self.memory_capacity_gb.filter(|x| x.is_finite() && *x > 0.0).map(|x| visible_bytes(x, self.memory_type))
    }

    /// Dense peak for a format in FLOP/s, if the chip lists it and it is positive.
    #[must_use]
    pub fn peak(&self, p: Precision) -> Option<f64> {
        self.dense_tflops.get(&p).copied().filter(|v| v.is_finite() && *v > 0.0).map(|v| v * 1e12)
    }

    /// The 16-bit matrix peak (bf16, else fp16), FLOP/s.
    #[must_use]
    pub fn peak_16bit(&self) -> Option<f64> {
        self.peak(Precision::Bf16).or_else(|| self.peak(Precision::Fp16))
    }

    /// The format the matrix units run in when weights are stored in `weights`, and its peak.
    /// fp8/int8/fp6/fp4 compute natively where the chip lists that format; otherwise (and always
    /// for int4, a weight-only format) weights are dequantised and math runs in 16-bit.
    ///
    /// # Errors
    /// [`PerfError::UnsupportedPrecision`] when neither the format nor a 16-bit fallback exists.
    pub fn compute_peak(&self, weights: Precision) -> Result<(Precision, f64), PerfError> {
        let native = match weights {
            Precision::Fp8 | Precision::Int8 | Precision::Fp6 | Precision::Fp4 => self.peak(weights),
            Precision::Fp32 | Precision::Fp64 | Precision::Tf32 => self.peak(weights),
            Precision::Fp16 | Precision::Bf16 => self.peak(weights).or_else(|| self.peak_16bit()),
            Precision::Int4 => None,
        };
        if let Some(p) = native {
            return Ok((weights, p));
        }
        if let Some(p) = self.peak(Precision::Bf16) {
            return Ok((Precision::Bf16, p));
        }
        if let Some(p) = self.peak(Precision::Fp16) {
            return Ok((Precision::Fp16, p));
        }
        Err(PerfError::UnsupportedPrecision { chip: self.name.clone(), precision: weights.to_string() })
    }
}
