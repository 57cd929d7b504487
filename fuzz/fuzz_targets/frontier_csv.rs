//! The CSV reader of `redline frontier merge` (shard files): any bytes, split into one to
//! three shard files, give a summary or a `SearchError`, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parts: Vec<&[u8]> = data.splitn(3, |b| *b == 0).collect();
    let inputs: Vec<(String, Box<dyn std::io::Read>)> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("shard{i}.csv"), Box::new(std::io::Cursor::new(p.to_vec())) as Box<dyn std::io::Read>))
        .collect();
    let mut rows = 0_usize;
    if let Ok(summary) = redline_search::table::merge(inputs, &mut |_| {
        rows += 1;
        Ok(())
    }) {
        assert_eq!(summary.rows as usize, rows);
        assert!(summary.allowed <= summary.rows);
    }
});
