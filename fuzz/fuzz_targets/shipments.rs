//! The shipments CSV parser (`redline check --shipments FILE.csv`, `POST /api/shipments`):
//! any bytes give validated shipments, which then screen without a panic, or a
//! `ShipmentError` naming a line and column.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use redline_catalog::Catalog;
use redline_rules::Countries;
use redline_rules::shipments::{parse, screen};

static DATA: LazyLock<(Catalog, Countries)> =
    LazyLock::new(|| (Catalog::embedded().expect("catalogue"), Countries::embedded().expect("countries")));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (catalog, countries) = &*DATA;
    match parse(text, "fuzz.csv", catalog, countries) {
        Ok(list) => {
            if let Ok(checks) = screen(&list, countries) {
                assert_eq!(checks.len(), list.len());
            }
        }
        Err(e) => {
            assert_eq!(e.file, "fuzz.csv");
            assert!(e.line >= 1);
        }
    }
});
