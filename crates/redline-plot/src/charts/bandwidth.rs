//! DRAM bandwidth × chip-to-chip bandwidth with the 2025 letter lines and the 2026
//! case-by-case line: the RTX Pro 6000D story (planned at 1,398 GB/s, "just below" a
//! press-reported 1.4 TB/s line).

use redline_catalog::Chip;
use redline_rules::editions::{e2025_04_09 as letter, e2026_01_15 as cbc};
use redline_rules::{Countries, Date, check};

use crate::PlotError;
use crate::charts::{chip_point, evidence, evidence_keys, opt, origin_label};
use crate::figure::{Axis, Figure, Key, Line, Point, Rule, Scale, Shape, palette};
use crate::scale::{nice_ceil, nice_floor, number};

/// Amber: a `depends` verdict.
const DEPENDS: &str = "#f9a825";

/// Colour key of an earlier reported value.
const REVISION: &str = "earlier reported value (revision)";

/// Colour key of a licence verdict.
pub(crate) fn verdict_status(c: &redline_rules::Check) -> (&'static str, &'static str) {
    // Never the green of a clean "not required" when the answer turns on facts or evidence.
    match c.verdict {
        redline_rules::Verdict::Uncertain => return ("uncertain (the evidence does not settle it)", palette::GREY),
        redline_rules::Verdict::Depends => return ("no licence unless a fact is unfavourable (depends)", DEPENDS),
        _ => {}
    }
    if !c.license_required {
        if c.license_exceptions.is_empty() {
            ("no licence required", palette::GREEN)
        } else {
            ("licence-free with conditions", palette::TEAL)
        }
    } else {
        match c.review_policy.map(redline_rules::ReviewPolicy::as_str) {
            Some("presumption-of-denial") => ("licence: presumption of denial", palette::RED),
            Some("case-by-case") => ("licence: case by case", palette::ORANGE),
            Some("presumption-of-approval") => ("licence: presumption of approval", palette::BLUE),
            _ => ("licence required (policy unpublished)", palette::PURPLE),
        }
    }
}

pub(crate) fn verdict_keys() -> Vec<Key> {
    [
        ("licence: presumption of denial", palette::RED),
        ("licence: case by case", palette::ORANGE),
        ("licence: presumption of approval", palette::BLUE),
        ("licence required (policy unpublished)", palette::PURPLE),
        ("licence-free with conditions", palette::TEAL),
        ("no licence unless a fact is unfavourable (depends)", DEPENDS),
        ("uncertain (the evidence does not settle it)", palette::GREY),
        ("no licence required", palette::GREEN),
    ]
    .into_iter()
    .map(|(n, c)| Key { name: n.to_string(), color: c.to_string(), shape: Shape::Circle, filled: true })
    .collect()
}

/// Builds the bandwidth chart: verdicts for `destination` on `on`.
///
/// Chips without a chip-to-chip link (0 GB/s) or with it unknown go in the strip.
///
/// # Errors
/// Unknown destination or date before the first edition; [`PlotError::Empty`] when no chip has
/// a known DRAM bandwidth.
#[allow(clippy::too_many_lines)]
pub fn bandwidth(chips: &[&Chip], countries: &Countries, destination: &str, on: Date) -> Result<Figure, PlotError> {
    let mut points = Vec::new();
    let mut strip = Vec::new();
    let mut missing = Vec::new();
    let mut edition = "";
    let mut dest_name = destination.to_string();
    for chip in chips {
        let v = check(chip, countries, destination, on)?;
        edition = v.classification_edition;
        dest_name.clone_from(&v.destination_name);
        let m = &chip.metrics;
        let Some(dram) = m.dram_bandwidth_gbs.map(|x| x.value) else {
            missing.push(chip.spec.label().to_string());
            continue;
        };
        let c2c = m.chip_to_chip_gbs.map(|x| x.value);
        let (color_key, color) = verdict_status(&v);
        let p = chip_point(
            chip,
            (dram, c2c.unwrap_or(0.0)),
            (color_key, color),
            vec![
                ("DRAM GB/s".into(), number(dram)),
                ("chip-to-chip GB/s".into(), opt(c2c)),
                ("TPP".into(), opt(m.tpp.map(|x| x.value))),
                ("verdict".into(), v.summary.clone()),
            ],
        );
        if c2c.is_some_and(|c| c > 0.0) {
            points.push(p);
        } else {
            strip.push(p);
        }
        // Earlier reported values (the RTX Pro 6000D's leaked 1,100 and planned 1,398 GB/s) as
        // hollow triangles; a revision equal to the current value is the chip's own marker.
        for r in
            chip.spec.revisions.iter().filter(|r| r.field == "memory.bandwidth_gbs" && (r.value - dram).abs() > 0.5)
        {
            let in_strip = !c2c.is_some_and(|c| c > 0.0);
            let planned = Point {
                id: Some(chip.spec.id.clone()),
                label: format!("{} {}", origin_label(chip), &r.date[..r.date.len().min(7)]),
                x: r.value,
                y: c2c.unwrap_or(0.0),
                color_key: REVISION.to_string(),
                color: palette::GREY.to_string(),
                shape_key: evidence(chip).0.to_string(),
                shape: Shape::Triangle,
                filled: false,
                tooltip: vec![
                    ("reported DRAM GB/s".into(), number(r.value)),
                    ("reported".into(), r.date.clone()),
                    ("note".into(), r.note.clone().unwrap_or_default()),
                ],
            };
            if in_strip {
                strip.push(planned);
            } else {
                points.push(planned);
            }
        }
    }
    if points.is_empty() && strip.is_empty() {
        return Err(PlotError::Empty("no chip has a known DRAM bandwidth".into()));
    }
    let xs = points.iter().chain(&strip).map(|p| p.x);
    let xmin = xs.clone().fold(letter::DRAM.value, f64::min);
    let xmax = xs.fold(cbc::DRAM.value, f64::max);
    let ys = points.iter().map(|p| p.y);
    let ymin = ys.clone().fold(letter::INTERCONNECT_UNVERIFIED.value, f64::min);
    let ymax = ys.fold(letter::INTERCONNECT_UNVERIFIED.value, f64::max);
    let x = Axis::new("DRAM bandwidth (GB/s)", Scale::Log, nice_floor(xmin * 0.8), nice_ceil(xmax * 1.2));
    let y = Axis::new(
        "Chip-to-chip bandwidth (GB/s, aggregate bidirectional)",
        Scale::Log,
        nice_floor(ymin * 0.8),
        nice_ceil(ymax * 1.3),
    );
    let x0 = x.min;
    let mut fig = Figure::new(
        "bandwidth",
        format!("Memory and interconnect bandwidth against the 2025 and 2026 lines ({dest_name}, {on})"),
        x,
        y,
    );
    fig.subtitle =
        format!("DRAM × chip-to-chip bandwidth, log-log · marker colour: licence verdict for {dest_name} on {on}");
    let in_force = |d: Date| if on >= d { "" } else { " (not yet in force)" };
    fig.rules.push(Rule {
        axis: 'x',
        value: letter::DRAM.value,
        label: format!(
            "2025-04 letters: DRAM ≥ {} GB/s (press-reported){}",
            number(letter::DRAM.value),
            in_force(letter::EDITION.effective)
        ),
        color: palette::PURPLE.to_string(),
        dashed: true,
    });
    fig.rules.push(Rule {
        axis: 'x',
        value: cbc::DRAM.value,
        label: format!(
            "2026-01: case by case only below {} GB/s{}",
            number(cbc::DRAM.value),
            in_force(cbc::EDITION.effective)
        ),
        color: palette::RED.to_string(),
        dashed: false,
    });
    fig.rules.push(Rule {
        axis: 'y',
        value: letter::INTERCONNECT_UNVERIFIED.value,
        label: format!(
            "chip-to-chip ≥ {} GB/s (recollected, unverified, not applied)",
            number(letter::INTERCONNECT_UNVERIFIED.value)
        ),
        color: palette::GREY.to_string(),
        dashed: true,
    });
    // DRAM + chip-to-chip ≥ 1,700 is a curve on log-log axes.
    let combined = letter::COMBINED_UNVERIFIED.value;
    let curve: Vec<(f64, f64)> = (0..=60)
        .map(|i| {
            let t = f64::from(i) / 60.0;
            let dram = x0 * (combined / x0).powf(t);
            (dram, (combined - dram).max(1e-3))
        })
        .filter(|&(d, c)| d > x0 && c > 0.0)
        .collect();
    if !curve.is_empty() {
        fig.lines.push(Line {
            name: format!("DRAM + chip-to-chip ≥ {} GB/s (unverified)", number(combined)),
            points: curve,
            color: palette::GREY.to_string(),
            dashed: true,
            label: String::new(),
        });
    }
    fig.notes.push(format!(
        "2025-04-09 letters ({}): H20, MI308X and chips reaching their memory or interconnect bandwidth need a licence to China; the 1,400 GB/s figure is press-reported (Reuters 2025-08-21).",
        letter::EDITION.citation
    ));
    fig.notes.push(format!(
        "2026-01-15 ({}): case-by-case review to China/Macau only for TPP < 21,000 and DRAM < 6,500 GB/s.",
        cbc::EDITION.citation
    ));
    if !missing.is_empty() {
        fig.notes.push(format!("Not drawn (DRAM bandwidth unknown): {}.", missing.join(", ")));
    }
    if let Some(n) = crate::charts::origin_note(chips) {
        fig.notes.push(n);
    }
    fig.points = points;
    fig.strip = strip;
    fig.strip_title = "no chip-to-chip link, or unknown".to_string();
    fig.strip_height = 200.0;
    let mut keys = verdict_keys();
    keys.push(Key {
        name: REVISION.to_string(),
        color: palette::GREY.to_string(),
        shape: Shape::Triangle,
        filled: false,
    });
    fig.color_keys = keys;
    fig.shape_keys = evidence_keys();
    fig.prune_legend();
    fig.footer = crate::footer(on, edition);
    fig.height = 990.0;
    Ok(fig)
}
