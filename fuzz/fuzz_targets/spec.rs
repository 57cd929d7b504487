//! The spec-file parser (`--spec FILE`, catalogue files): any bytes give a spec or a
//! `SpecError` naming the file, never a panic; an accepted spec has finite, bounded numbers
//! and metrics that are finite or unknown.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline_catalog::{Chip, Provenance, parse_spec};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for provenance in [Provenance::Optional, Provenance::Required] {
        match parse_spec(text, "fuzz.toml", provenance) {
            Ok(spec) => {
                let chip = Chip::new(spec, "fuzz");
                let m = &chip.metrics;
                if let Some(tpp) = m.tpp {
                    assert!(tpp.value.is_finite() && tpp.value >= 0.0, "tpp {}", tpp.value);
                }
                if let Some(d) = m.performance_density {
                    assert!(d.value.is_finite() && d.value >= 0.0, "density {}", d.value);
                }
                let _ = serde_json::to_string(&chip).expect("an accepted chip serializes");
            }
            Err(e) => assert_eq!(e.file, "fuzz.toml"),
        }
    }
});
