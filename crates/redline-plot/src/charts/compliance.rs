//! The compliance map: TPP × performance density, log-log, with the control regions of the
//! classification edition in force shaded and labelled by paragraph.

use redline_catalog::Chip;
use redline_rules::editions::{e2022_10_07 as y2022, e2023_11_17 as y2023};
use redline_rules::{Countries, Date, check, classify};

use crate::PlotError;
use crate::charts::bandwidth::{verdict_keys, verdict_status};
use crate::charts::{chip_point, class_keys, class_status, evidence_keys, opt};
use crate::figure::{Axis, Figure, Region, Scale, palette};
use crate::scale::{nice_ceil, nice_floor, number};

/// Builds the compliance map for `chips` under the rules in force on `on`.
///
/// Chips with TPP and density are plotted; those with TPP only go in a strip under the plot
/// ("density unknown"); those without TPP are listed in a note.
///
/// # Errors
/// A date before the first edition; [`PlotError::Empty`] when no chip has a known TPP.
pub fn compliance(chips: &[&Chip], on: Date) -> Result<Figure, PlotError> {
    build(chips, None, on)
}

/// The compliance map with each chip coloured by its licence verdict for `destination` on `on`
/// (`redline plot compliance --to CC`): the regions still show the 3A090 paragraphs, while the
/// colour answers "does shipping it there need a licence", which 3A090 alone does not (the
/// H20 is outside 3A090 yet licensed to China since the 2025 letters).
///
/// # Errors
/// As [`compliance`], and an unknown destination.
pub fn compliance_to(chips: &[&Chip], countries: &Countries, destination: &str, on: Date) -> Result<Figure, PlotError> {
    build(chips, Some((countries, destination)), on)
}

#[allow(clippy::too_many_lines)]
fn build(chips: &[&Chip], to: Option<(&Countries, &str)>, on: Date) -> Result<Figure, PlotError> {
    let mut points = Vec::new();
    let mut strip = Vec::new();
    let mut missing = Vec::new();
    let mut edition = "";
    let mut dest_name = String::new();
    for chip in chips {
        let c = classify(chip, on)?;
        edition = c.edition;
        let verdict = match to {
            Some((countries, dest)) => Some(check(chip, countries, dest, on)?),
            None => None,
        };
        let Some(tpp) = chip.metrics.tpp.map(|m| m.value) else {
            missing.push(chip.spec.label().to_string());
            continue;
        };
        let (color_key, color) = match &verdict {
            Some(v) => {
                dest_name.clone_from(&v.destination_name);
                verdict_status(v)
            }
            None => class_status(&c),
        };
        let density = chip.metrics.performance_density.map(|m| m.value);
        let p = chip_point(
            chip,
            (tpp, density.unwrap_or(0.0)),
            (color_key, color),
            vec![
                ("TPP".into(), number(tpp)),
                ("performance density".into(), opt(density)),
                (
                    "TPP grade".into(),
                    chip.metrics.tpp.and_then(|m| m.grade).map_or("none".to_string(), |g| g.to_string()),
                ),
                ("classification".into(), c.summary.clone()),
            ]
            .into_iter()
            .chain(verdict.iter().map(|v| ("verdict".to_string(), v.summary.clone())))
            .collect(),
        );
        if density.is_some() {
            points.push(p);
        } else {
            strip.push(p);
        }
    }
    if points.is_empty() && strip.is_empty() {
        return Err(PlotError::Empty("no chip has a known TPP".into()));
    }
    let xs = points.iter().chain(&strip).map(|p| p.x);
    let ys = points.iter().map(|p| p.y);
    let xmin = xs.clone().fold(1600.0_f64, f64::min);
    let xmax = xs.fold(4800.0_f64, f64::max);
    let ymin = ys.clone().fold(1.6_f64, f64::min);
    let ymax = ys.fold(5.92_f64, f64::max);
    let x = Axis::new(
        "Total processing performance (TPP = dense TOPS × bit length)",
        Scale::Log,
        nice_floor(xmin * 0.8),
        nice_ceil(xmax * 1.25),
    );
    let y = Axis::new(
        "Performance density (TPP per mm² of applicable die area)",
        Scale::Log,
        nice_floor(ymin * 0.8),
        nice_ceil(ymax * 1.3),
    );
    let (_, x1, y0, y1) = (x.min, x.max, y.min, y.max);
    let mut fig = Figure::new("compliance", format!("AI chips against ECCN 3A090 on {on}"), x, y);
    let colour = if to.is_some() {
        format!("licence verdict for {dest_name} on {on}")
    } else {
        format!(
            "3A090 classification on {on} (outside 3A090 a licence can still be needed: colour by a destination's verdict to see it)"
        )
    };
    fig.subtitle = format!(
        "TPP × performance density, log-log · {} chips plotted · marker colour: {colour}",
        points.len() + strip.len()
    );
    if on < y2023::EDITION.effective {
        fig.regions.push(region(
            "3A090 (2022): TPP ≥ 4,800 and I/O ≥ 600 GB/s",
            "87 FR 62186: bit length × TOPS ≥ 4,800 AND aggregate I/O ≥ 600 GB/s (I/O is not on these axes: the colour gives each chip's verdict)",
            (y2022::COMPUTE.value, x1),
            (y0, y1),
            palette::RED,
        ));
        fig.notes.push(format!(
            "The 2022 test ({}) is TPP ≥ 4,800 AND aggregate I/O ≥ 600 GB/s; I/O is not on these axes, so the colour gives each chip's verdict.",
            y2022::EDITION.citation
        ));
    } else {
        let (a1, a2t, a2d) = (y2023::A1_TPP.value, y2023::A2_TPP.value, y2023::A2_PD.value);
        let (b1t, b1d, b2d) = (y2023::B1_TPP_MIN.value, y2023::B1_PD_MIN.value, y2023::B2_PD_MIN.value);
        fig.regions.push(region("3A090.a.1", "3A090.a.1: TPP ≥ 4,800", (a1, x1), (y0, y1), palette::RED));
        fig.regions.push(region(
            "3A090.a.2",
            "3A090.a.2: TPP ≥ 1,600 and density ≥ 5.92 (TPP ≥ 4,800 is a.1 as well)",
            (a2t, a1),
            (a2d, y1),
            palette::RED,
        ));
        fig.regions.push(region(
            "3A090.b.1 + b.2",
            "3A090.b.1 (2,400 ≤ TPP < 4,800, 1.6 ≤ density < 5.92) and 3A090.b.2 (TPP ≥ 1,600, 3.2 ≤ density < 5.92)",
            (b1t, a1),
            (b2d, a2d),
            palette::ORANGE,
        ));
        fig.regions.push(region(
            "3A090.b.1",
            "3A090.b.1: 2,400 ≤ TPP < 4,800 and 1.6 ≤ density < 5.92",
            (b1t, a1),
            (b1d, b2d),
            palette::ORANGE,
        ));
        fig.regions.push(region(
            "3A090.b.2",
            "3A090.b.2: TPP ≥ 1,600 and 3.2 ≤ density < 5.92",
            (a2t, b1t),
            (b2d, a2d),
            palette::ORANGE,
        ));
        fig.notes.push(format!(
            "{}: a.1 TPP ≥ 4,800 · a.2 TPP ≥ 1,600 and density ≥ 5.92 · b.1 2,400 ≤ TPP < 4,800 and 1.6 ≤ density < 5.92 · b.2 TPP ≥ 1,600 and 3.2 ≤ density < 5.92.",
            y2023::EDITION.citation
        ));
        fig.notes.push(format!(
            "Note 2: parts not designed or marketed for datacenters with TPP < 4,800 are excluded{}. Sparsity never counts.",
            if to.is_some() { "" } else { " (teal)" }
        ));
    }
    if !missing.is_empty() {
        fig.notes.push(format!("Not drawn (TPP unknown): {}.", missing.join(", ")));
    }
    if let Some(n) = crate::charts::origin_note(chips) {
        fig.notes.push(n);
    }
    fig.points = points;
    fig.strip = strip;
    fig.strip_title = "density unknown".to_string();
    fig.strip_height = 122.0;
    if to.is_some() {
        fig.color_keys = verdict_keys();
        fig.color_title = format!("Licence for {dest_name}");
    } else {
        fig.color_keys = class_keys();
        fig.color_title = "3A090 status".to_string();
    }
    fig.shape_keys = evidence_keys();
    fig.prune_legend();
    fig.footer = crate::footer(on, edition);
    fig.height = 940.0;
    Ok(fig)
}

fn region(label: &str, detail: &str, x: (f64, f64), y: (f64, f64), color: &str) -> Region {
    Region {
        label: label.to_string(),
        detail: detail.to_string(),
        x0: x.0,
        x1: x.1,
        y0: y.0,
        y1: y.1,
        color: color.to_string(),
        opacity: 0.09,
        labelled: true,
    }
}
