//! Number formats for weights, activations and the KV cache.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::PerfError;

/// A number format. Dense peak throughput is given per format; weight-only formats (int4,
/// fp4 on chips without fp4 math) compute in 16-bit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// IEEE double.
    Fp64,
    /// IEEE single.
    Fp32,
    /// NVIDIA TF32 (19-bit tensor format).
    Tf32,
    /// IEEE half.
    Fp16,
    /// bfloat16.
    Bf16,
    /// 8-bit float (e4m3/e5m2).
    Fp8,
    /// 8-bit integer.
    Int8,
    /// 6-bit float.
    Fp6,
    /// 4-bit float (NVFP4/MXFP4).
    Fp4,
    /// 4-bit integer (GPTQ/AWQ weight-only).
    Int4,
}

impl Precision {
    /// All formats, widest first.
    pub const ALL: [Precision; 10] = [
        Precision::Fp64,
        Precision::Fp32,
        Precision::Tf32,
        Precision::Fp16,
        Precision::Bf16,
        Precision::Fp8,
        Precision::Int8,
        Precision::Fp6,
        Precision::Fp4,
        Precision::Int4,
    ];

    /// Storage bytes per element (TF32 is stored as 4 bytes).
    #[must_use]
    pub fn bytes(self) -> f64 {
        match self {
            Precision::Fp64 => 8.0,
            Precision::Fp32 | Precision::Tf32 => 4.0,
            Precision::Fp16 | Precision::Bf16 => 2.0,
            Precision::Fp8 | Precision::Int8 => 1.0,
            Precision::Fp6 => 0.75,
            Precision::Fp4 | Precision::Int4 => 0.5,
        }
    }

    /// The lowercase name used in flags, JSON and TOML.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Fp64 => "fp64",
            Precision::Fp32 => "fp32",
            Precision::Tf32 => "tf32",
            Precision::Fp16 => "fp16",
            Precision::Bf16 => "bf16",
            Precision::Fp8 => "fp8",
            Precision::Int8 => "int8",
            Precision::Fp6 => "fp6",
            Precision::Fp4 => "fp4",
            Precision::Int4 => "int4",
        }
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Precision {
    type Err = PerfError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        Precision::ALL.into_iter().find(|p| p.as_str() == lower).ok_or_else(|| {
            crate::error::bad_request(
                "precision",
                format!("`{s}` is not one of fp64 fp32 tf32 fp16 bf16 fp8 int8 fp6 fp4 int4"),
            )
        })
    }
}
