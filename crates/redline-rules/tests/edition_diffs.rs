//! A readable diff of the law: for every catalogue chip, what changes between consecutive
//! editions, for its classification and for exports to China, Saudi Arabia and the UAE.
//! The snapshot changes only when the rules or the catalogue do, and then shows exactly how.

use std::fmt::Write as _;

use redline_catalog::Catalog;
use redline_rules::{Countries, check, classify, editions};

#[test]
fn what_changes_between_consecutive_editions() {
    let catalog = Catalog::embedded().unwrap();
    let countries = Countries::embedded().unwrap();
    let mut out = String::new();
    for pair in editions::ALL.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        let from = after.effective.pred();
        let to = after.effective;
        let _ = writeln!(out, "== {} -> {}: {} ({})", before.id, after.id, after.title, after.citation);
        let mut any = false;
        for chip in catalog.chips() {
            let a = classify(chip, from).unwrap();
            let b = classify(chip, to).unwrap();
            if a.paragraphs != b.paragraphs || a.decided != b.decided {
                any = true;
                let _ =
                    writeln!(out, "  {:<16} classification: {:?} -> {:?}", chip.spec.id, a.paragraphs, b.paragraphs);
            }
            for dest in ["CN", "SA", "AE"] {
                let x = check(chip, &countries, dest, from).unwrap();
                let y = check(chip, &countries, dest, to).unwrap();
                if x.summary != y.summary {
                    any = true;
                    let _ = writeln!(out, "  {:<16} to {dest}: {} -> {}", chip.spec.id, x.summary, y.summary);
                }
            }
        }
        if !any {
            out.push_str("  (no change for any catalogue chip to CN, SA or AE)\n");
        }
    }
    insta::assert_snapshot!("edition_diffs", out);
}
