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
    // Editions sharing a date (2026-01-15 and 2026-01-15-tariff) take effect together: one block.
    for pair in editions::ALL.windows(2).filter(|p| p[0].effective != p[1].effective) {
        let (before, after) = (pair[0], pair[1]);
        let from = after.effective.pred();
        let to = after.effective;
        let _ = writeln!(out, "== {} -> {}: {} ({})", before.id, after.id, after.title, after.citation);
        for same in editions::ALL.iter().filter(|e| e.effective == to && e.id != after.id) {
            let _ = writeln!(out, "   + {}: {} ({})", same.id, same.title, same.citation);
        }
        let mut any = false;
        // Condition and overlay changes that are not in the summary, collected so that a change
        // shared by every chip and destination (the Affiliates Rule) prints once.
        let mut side: Vec<(String, &str, String)> = Vec::new();
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
                let kinds = |c: &redline_rules::Check| c.conditions.iter().map(|k| k.kind).collect::<Vec<_>>();
                let (kx, ky) = (kinds(&x), kinds(&y));
                let mut delta: Vec<String> = ky.iter().filter(|k| !kx.contains(k)).map(|k| format!("+{k}")).collect();
                delta.extend(kx.iter().filter(|k| !ky.contains(k)).map(|k| format!("-{k}")));
                delta.extend(
                    y.press_overlays
                        .iter()
                        .filter(|p| !x.press_overlays.contains(p))
                        .map(|p| format!("+press {}", p.edition)),
                );
                if !delta.is_empty() {
                    side.push((chip.spec.id.clone(), dest, delta.join(" ")));
                }
            }
        }
        // Group by change: one line per distinct change, naming the chips (and destinations) it hits.
        let pairs = catalog.chips().len() * 3;
        let mut groups: Vec<(String, Vec<(String, &str)>)> = Vec::new();
        for (chip, dest, d) in &side {
            match groups.iter_mut().find(|(k, _)| k == d) {
                Some((_, v)) => v.push((chip.clone(), dest)),
                None => groups.push((d.clone(), vec![(chip.clone(), dest)])),
            }
        }
        for (d, hits) in &groups {
            any = true;
            if hits.len() == pairs {
                let _ = writeln!(out, "  {d}: every chip to CN, SA and AE");
                continue;
            }
            let mut names: Vec<String> = Vec::new();
            for (chip, _) in hits {
                if names.iter().any(|n| n.starts_with(&format!("{chip} ("))) {
                    continue;
                }
                let dests: Vec<&str> = hits.iter().filter(|(c, _)| c == chip).map(|(_, x)| *x).collect();
                names.push(format!("{chip} ({})", dests.join(", ")));
            }
            let _ = writeln!(out, "  {d}: {}", names.join(", "));
        }
        if !any {
            out.push_str("  (no change for any catalogue chip to CN, SA or AE)\n");
        }
    }
    insta::assert_snapshot!("edition_diffs", out);
}
