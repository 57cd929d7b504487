//! The compliance frontier: the best objective an allowed design reaches against the Pareto
//! measure (TPP by default) as a step line, the best design highlighted, every scored
//! catalogue chip placed (allowed or not; press-reported or estimated specs hollow), and the
//! rule lines of that measure in effect as vertical lines labelled by id.

use redline_catalog::Catalog;
use redline_search::{FrontierReport, Phase, frontier_chart};

use crate::PlotError;
use crate::charts::evidence;
use crate::figure::{Axis, Figure, Key, Line, Point, Rule, Scale, Shape, palette};
use crate::scale::{nice_ceil, nice_floor, number};

const ALLOWED: &str = "catalogue chip, allowed";
const NOT_ALLOWED: &str = "catalogue chip, not allowed";
const FRONT: &str = "design on the Pareto front";
const BEST: &str = "best allowed design";
const DESIGN_SHAPE: &str = "modelled design";

fn x_title(metric: &str) -> &'static str {
    match metric {
        "tpp" => "Total processing performance (TPP = dense TOPS × bit length)",
        "performance_density" => "Performance density (TPP per mm² of die area)",
        "memory_bandwidth_gbs" => "DRAM bandwidth (GB/s)",
        "tdp_w" => "Board power (W, modelled for designs)",
        "price_usd" => "Unit price (USD, modelled for designs)",
        "objective_per_watt" => "Objective per watt",
        "objective_per_dollar" => "Objective per dollar",
        _ => "Pareto measure",
    }
}

fn rule_color(id: &str) -> &'static str {
    if id.starts_with("3A090.a") {
        palette::RED
    } else if id.starts_with("3A090.b") {
        palette::ORANGE
    } else {
        palette::PURPLE
    }
}

/// Builds the frontier chart of a report; `catalog` supplies each chip's x and evidence grade.
///
/// # Errors
/// [`PlotError::Empty`] when the report has neither a front nor a scored chip with that measure.
#[allow(clippy::too_many_lines)]
pub fn frontier(report: &FrontierReport, catalog: &Catalog) -> Result<Figure, PlotError> {
    let chart = frontier_chart(report, catalog);
    let positive = |v: f64| v.is_finite() && v > 0.0;
    let mut points = Vec::new();
    let mut missing = Vec::new();
    for c in &chart.chips {
        let Some(x) = c.x.filter(|x| positive(*x) && positive(c.y)) else {
            missing.push(c.label.clone());
            continue;
        };
        let chip = catalog.chips().iter().find(|k| k.spec.id == c.id);
        let (shape_key, shape, filled) = chip.map_or(("user spec (no grade)", Shape::Square, true), evidence);
        let (color_key, color) = if c.allowed { (ALLOWED, palette::GREEN) } else { (NOT_ALLOWED, palette::RED) };
        points.push(Point {
            id: Some(c.id.clone()),
            label: c.label.clone(),
            x,
            y: c.y,
            color_key: color_key.to_string(),
            color: color.to_string(),
            shape_key: shape_key.to_string(),
            shape,
            filled,
            tooltip: vec![
                ("chip".into(), chip.map_or_else(|| c.label.clone(), |k| k.spec.name.clone())),
                (chart.x_metric.into(), number(x)),
                ("objective".into(), number(c.y)),
                ("gap to best".into(), format!("{:.1}% {}", c.gap_percent, c.position)),
                ("allowed".into(), if c.allowed { "yes" } else { "no" }.into()),
            ],
        });
    }
    let best_xy = report.best.as_ref().and_then(|b| {
        let x = match (&b.design, b.origin.strip_prefix("catalogue:")) {
            (Some(d), _) => report.pareto_measure.of(d, Some(b.objective)),
            (None, Some(id)) => chart.chips.iter().find(|c| c.id == id).and_then(|c| c.x),
            (None, None) => None,
        };
        x.filter(|x| positive(*x) && positive(b.objective)).map(|x| (x, b, b.objective))
    });
    let front: Vec<(f64, f64)> =
        chart.front.iter().filter(|p| positive(p.x) && positive(p.objective)).map(|p| (p.x, p.objective)).collect();
    for p in chart.front.iter().filter(|p| p.origin == "design" && positive(p.x) && positive(p.objective)) {
        if best_xy.is_some_and(|(bx, _, by)| bx == p.x && by == p.objective) {
            continue;
        }
        points.push(Point {
            id: None,
            label: String::new(),
            x: p.x,
            y: p.objective,
            color_key: FRONT.to_string(),
            color: palette::BLUE.to_string(),
            shape_key: DESIGN_SHAPE.to_string(),
            shape: Shape::Square,
            filled: true,
            tooltip: vec![
                ("chip".into(), format!("design #{}", p.index.unwrap_or_default())),
                (chart.x_metric.into(), number(p.x)),
                ("objective".into(), number(p.objective)),
                ("gap to best".into(), format!("{} {} GB/s", p.memory_type, number(p.memory_bandwidth_gbs))),
                ("allowed".into(), "yes".into()),
            ],
        });
    }
    if let Some((x, b, y)) = best_xy {
        points.push(Point {
            id: b.origin.strip_prefix("catalogue:").map(str::to_string),
            label: format!("best allowed design ({}, {})", b.origin, number(y)),
            x,
            y,
            color_key: BEST.to_string(),
            color: palette::PURPLE.to_string(),
            shape_key: DESIGN_SHAPE.to_string(),
            shape: Shape::Square,
            filled: true,
            tooltip: vec![
                ("chip".into(), format!("best allowed design ({})", b.origin)),
                (chart.x_metric.into(), number(x)),
                ("objective".into(), number(y)),
                (
                    "gap to best".into(),
                    format!(
                        "binding: {}",
                        if b.binding.is_empty() { "none".to_string() } else { b.binding.join(", ") }
                    ),
                ),
                ("allowed".into(), b.verdict.clone()),
            ],
        });
    }
    if points.is_empty() && front.is_empty() {
        return Err(PlotError::Empty("no front and no scored chip with this measure".into()));
    }
    // Rule lines of the x measure, one per value (ids joined).
    let mut rules: Vec<(f64, Vec<String>)> = Vec::new();
    for (id, v) in &chart.lines {
        if !positive(*v) {
            continue;
        }
        match rules.iter_mut().find(|(x, _)| (x - v).abs() <= 1e-9 * v.abs()) {
            Some((_, ids)) => ids.push(id.clone()),
            None => rules.push((*v, vec![id.clone()])),
        }
    }
    rules.sort_by(|a, b| a.0.total_cmp(&b.0));
    let xs = points.iter().map(|p| p.x).chain(front.iter().map(|p| p.0)).chain(rules.iter().map(|r| r.0));
    let ys = points.iter().map(|p| p.y).chain(front.iter().map(|p| p.1));
    let xmin = xs.clone().fold(f64::INFINITY, f64::min);
    let xmax = xs.fold(0.0_f64, f64::max);
    let ymin = ys.clone().fold(f64::INFINITY, f64::min);
    let ymax = ys.fold(0.0_f64, f64::max);
    let x = Axis::new(x_title(chart.x_metric), Scale::Log, nice_floor(xmin * 0.7), nice_ceil(xmax * 1.4));
    let y = Axis::new(chart.y_label.clone(), Scale::Log, nice_floor(ymin * 0.7), nice_ceil(ymax * 1.5));
    let w = &report.workload;
    let phase = match w.phase {
        Phase::Decode => "decode",
        Phase::Prefill => "prefill",
        Phase::Train => "training",
    };
    let mut fig = Figure::new(
        "frontier",
        format!("Compliance frontier: {} {} to {} on {}", w.model_id, phase, report.destination, report.date),
        x,
        y,
    );
    let scored = points.iter().filter(|p| p.id.is_some() && p.color_key != BEST).count();
    fig.subtitle = format!(
        "Best objective an allowed design reaches against {} (log-log) · {} catalogue chips placed · constraint: {}",
        chart.x_metric,
        scored,
        report.constraint.as_str()
    );
    if !front.is_empty() {
        let mut step = Vec::with_capacity(front.len() * 2);
        for (i, &(px, py)) in front.iter().enumerate() {
            if i > 0 {
                step.push((px, front[i - 1].1));
            }
            step.push((px, py));
        }
        fig.lines.push(Line {
            name: "Pareto front of allowed designs".to_string(),
            points: step,
            color: palette::BLUE.to_string(),
            dashed: false,
            label: String::new(),
        });
    }
    for (v, ids) in &rules {
        fig.rules.push(Rule {
            axis: 'x',
            value: *v,
            label: format!("{} ({})", ids.join(", "), number(*v)),
            color: rule_color(&ids[0]).to_string(),
            dashed: false,
        });
    }
    fig.notes.push(format!(
        "Searched {} designs ({} grid points, {} allowed), space `{}`, designs judged as {} and modelled as {}.",
        number(report.evaluated as f64),
        number(report.grid_points as f64),
        number(report.allowed as f64),
        report.space,
        report.vendor,
        report.family
    ));
    match &report.best {
        Some(b) => fig.notes.push(format!(
            "Best allowed design ({}): objective {}, TPP {}, density {}, DRAM {} GB/s, chip-to-chip {} GB/s; binding: {}.",
            b.origin,
            number(b.objective),
            number(b.tpp),
            number(b.performance_density),
            number(b.memory_bandwidth_gbs),
            number(b.chip_to_chip_gbs),
            if b.binding.is_empty() { "none within 2%".to_string() } else { b.binding.join(", ") }
        )),
        None => fig.notes.push("No allowed design can run this workload.".to_string()),
    }
    for chunk in report.unscored.chunks(12) {
        fig.notes.push(format!("Not scored: {}.", chunk.iter().map(|u| u.id.as_str()).collect::<Vec<_>>().join(", ")));
    }
    if !missing.is_empty() {
        fig.notes.push(format!("Not drawn ({} unknown): {}.", chart.x_metric, missing.join(", ")));
    }
    fig.points = points;
    fig.color_title = "Design or chip".to_string();
    fig.color_keys =
        [(ALLOWED, palette::GREEN), (NOT_ALLOWED, palette::RED), (FRONT, palette::BLUE), (BEST, palette::PURPLE)]
            .into_iter()
            .map(|(n, c)| Key { name: n.to_string(), color: c.to_string(), shape: Shape::Circle, filled: true })
            .collect();
    let mut shapes = crate::charts::evidence_keys();
    shapes.push(Key {
        name: DESIGN_SHAPE.to_string(),
        color: palette::GREY.to_string(),
        shape: Shape::Square,
        filled: true,
    });
    fig.shape_keys = shapes;
    let edition =
        catalog.chips().first().and_then(|c| redline_rules::classify(c, report.date).ok()).map_or("", |c| c.edition);
    fig.footer = format!("{} · {}", crate::footer(report.date, edition), report.constraint_text);
    fig.height = 940.0;
    Ok(fig)
}
