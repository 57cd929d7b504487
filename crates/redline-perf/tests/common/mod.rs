//! Datasheet hardware for tests.
#![allow(dead_code)]

use redline_perf::{Hardware, Precision};

pub fn h100() -> Hardware {
    redline_perf::reference_hardware("h100-sxm").unwrap()
}
pub fn h20() -> Hardware {
    redline_perf::reference_hardware("h20").unwrap()
}
pub fn h200() -> Hardware {
    redline_perf::reference_hardware("h200").unwrap()
}
pub fn a100_40() -> Hardware {
    redline_perf::reference_hardware("a100-sxm-40gb").unwrap()
}
/// A PCIe card with no fp8, for fallback paths.
pub fn pcie_card() -> Hardware {
    let mut hw = Hardware { name: "test PCIe".into(), family: "ada".into(), ..Default::default() };
    hw.dense_tflops.insert(Precision::Fp16, 181.0);
    hw.memory_bandwidth_gbs = Some(864.0);
    hw.memory_capacity_gb = Some(48.0);
    hw.host_gbs = Some(64.0);
    hw
}
