//! The Hugging Face config.json parser (`--model FILE.json`, `--models-dir`): any bytes give
//! a model or a `PerfError`, never a panic; an accepted model has bounded layer counts and
//! finite parameter counts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline_perf::ModelConfig;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(m) = ModelConfig::from_json_str("fuzz", text) {
        assert!(m.layers >= 1 && m.layers <= 1024, "layers {}", m.layers);
        let p = m.params();
        assert!(p.total.is_finite() && p.total > 0.0, "params {}", p.total);
        assert!(m.flops_per_token(4096).is_finite());
    }
});
