//! DRAM capacity conventions: what a datasheet "GB" means in bytes for each memory technology,
//! and how much of it the driver exposes. The numbers and their evidence live in the embedded
//! `data/hardware/memory.toml`.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// A DRAM technology family, as far as capacity conventions go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MemoryKind {
    /// HBM2/HBM2e/HBM3/HBM3e/HBM4 stacks.
    Hbm,
    /// GDDR6/GDDR6X/GDDR7.
    Gddr,
    /// LPDDR4X/LPDDR5/LPDDR5X.
    Lpddr,
    /// DDR4/DDR5.
    Ddr,
}

impl MemoryKind {
    /// Reads a catalogue memory type such as `HBM3e` or `GDDR7`; None for anything else.
    #[must_use]
    pub fn from_type(name: &str) -> Option<MemoryKind> {
        let n = name.trim().to_ascii_lowercase();
        if n.starts_with("hbm") {
            Some(MemoryKind::Hbm)
        } else if n.starts_with("gddr") {
            Some(MemoryKind::Gddr)
        } else if n.starts_with("lpddr") {
            Some(MemoryKind::Lpddr)
        } else if n.starts_with("ddr") {
            Some(MemoryKind::Ddr)
        } else {
            None
        }
    }
}

/// One technology's convention, with its evidence.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CapacityConvention {
    /// Bytes per stated "GB" (2^30 for a binary gigabyte).
    pub unit_bytes: f64,
    /// Driver-reported total divided by the nominal capacity.
    pub visible_fraction: f64,
    /// Evidence (documents, dates).
    pub source: String,
    /// official / analyst / press / estimate.
    pub grade: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Conventions {
    hbm: CapacityConvention,
    gddr: CapacityConvention,
    lpddr: CapacityConvention,
    ddr: CapacityConvention,
}

const MEMORY_TOML: &str = include_str!("../../../data/hardware/memory.toml");

fn conventions() -> &'static Conventions {
    static C: OnceLock<Conventions> = OnceLock::new();
    C.get_or_init(|| match toml::from_str(MEMORY_TOML) {
        Ok(c) => c,
        // The file is compiled in and checked by a unit test; a broken copy must fail loudly.
        Err(e) => panic!("embedded data/hardware/memory.toml is invalid: {e}"),
    })
}

/// The convention for a memory technology.
///
/// # Panics
/// Only if the embedded `data/hardware/memory.toml` is broken, which the crate's tests catch.
#[must_use]
pub fn capacity_convention(kind: MemoryKind) -> &'static CapacityConvention {
    let c = conventions();
    match kind {
        MemoryKind::Hbm => &c.hbm,
        MemoryKind::Gddr => &c.gddr,
        MemoryKind::Lpddr => &c.lpddr,
        MemoryKind::Ddr => &c.ddr,
    }
}

/// Bytes the driver exposes for a stated capacity in "GB" of the given technology; an unknown
/// technology is read as decimal gigabytes (1e9 B), the conservative reading.
///
/// # Panics
/// As [`capacity_convention`].
#[must_use]
pub fn visible_bytes(stated_gb: f64, kind: Option<MemoryKind>) -> f64 {
    match kind {
        Some(k) => {
            let c = capacity_convention(k);
            stated_gb * c.unit_bytes * c.visible_fraction
        }
        None => stated_gb * 1e9,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_conventions_parse_and_are_binary() {
        for k in [MemoryKind::Hbm, MemoryKind::Gddr, MemoryKind::Lpddr, MemoryKind::Ddr] {
            let c = capacity_convention(k);
            assert!((c.unit_bytes - 1_073_741_824.0).abs() < 0.5, "{k:?}");
            assert!(c.visible_fraction > 0.9 && c.visible_fraction <= 1.0, "{k:?}");
            assert!(!c.source.is_empty());
        }
    }

    #[test]
    fn h100_and_h20_match_driver_totals() {
        // nvidia-smi: H100 80GB HBM3 81,559 MiB; H20 96GB 97,871 MiB (sources in memory.toml).
        let mib = 1_048_576.0;
        let h100 = visible_bytes(80.0, MemoryKind::from_type("HBM3")) / mib;
        let h20 = visible_bytes(96.0, MemoryKind::from_type("HBM3")) / mib;
        assert!((h100 - 81_559.0).abs() < 2.0, "{h100}");
        assert!((h20 - 97_871.0).abs() < 2.0, "{h20}");
        assert_eq!(MemoryKind::from_type("GDDR6X"), Some(MemoryKind::Gddr));
        assert_eq!(MemoryKind::from_type("LPDDR5"), Some(MemoryKind::Lpddr));
        assert_eq!(MemoryKind::from_type("SRAM"), None);
        assert!((visible_bytes(10.0, None) - 1e10).abs() < 1.0);
    }
}
