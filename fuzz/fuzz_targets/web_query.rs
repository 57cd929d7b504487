//! The web app's query-string parser (every `/api` route): any query gives parameters or a
//! 400 naming a field, never a panic; accepted values are bounded and decoded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline_web::params::Params;

const KEYS: &[&str] = &["chip", "on", "to", "base", "fp8", "die_area_mm2", "batch", "chips", "model"];

fuzz_target!(|data: &[u8]| {
    let Ok(q) = std::str::from_utf8(data) else { return };
    match Params::parse(Some(q), KEYS) {
        Ok(p) => {
            for k in KEYS {
                if let Some(v) = p.get(k) {
                    assert!(v.len() <= 512);
                }
                if let Ok(Some(n)) = p.number(k) {
                    assert!(n.is_finite());
                }
                if let Ok(Some(n)) = p.integer(k, 1, 4096) {
                    assert!((1..=4096).contains(&n));
                }
                let _ = p.date(k);
                assert!(p.list(k).len() <= 512);
            }
        }
        Err(e) => {
            assert_eq!(e.status.as_u16(), 400);
            assert!(e.field.is_some());
        }
    }
    if let Ok(pairs) = Params::pairs(Some(q)) {
        let mut keys: Vec<&String> = pairs.iter().map(|(k, _)| k).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), pairs.len(), "repeated keys are refused");
    }
});
