//! Performance charts over `redline-perf`: each chip's roofline with the model's prefill and
//! decode placed on it, and throughput and latency against batch size.

use redline_catalog::Chip;
use redline_perf::{Batch, InferenceRequest, ModelConfig, hardware_from_chip, predict_inference};

use crate::PlotError;
use crate::figure::{Axis, Figure, Key, Line, Point, Scale, Shape, palette};
use crate::scale::{nice_ceil, nice_floor, number};

fn color(i: usize) -> String {
    palette::SERIES[i % palette::SERIES.len()].to_string()
}

/// "1 chip", "3 chips": counts said once, in words a reader does not have to decode.
fn chips_word(n: usize) -> String {
    if n == 1 { "1 chip".to_string() } else { format!("{n} chips") }
}

fn footer(model: &ModelConfig, req: &InferenceRequest) -> String {
    format!(
        "Model {} · {} per system · {} · engine {} · {} in / {} out tokens · data {} · redline {}",
        model.id,
        chips_word(usize::try_from(req.gpus).unwrap_or(usize::MAX)),
        req.precision.as_str(),
        req.engine,
        req.input_len,
        req.output_len,
        redline_catalog::catalog::DATA_VERSION.trim(),
        env!("CARGO_PKG_VERSION")
    )
}

/// Each chip's roofline (peak of the format the matrix units run in, DRAM bandwidth) with the
/// model's prefill and decode phases at their arithmetic intensity and modelled rate.
///
/// # Errors
/// [`PlotError::Perf`] when the model cannot run on a chip (unknown bandwidth, no memory).
#[allow(clippy::too_many_lines)]
pub fn roofline(chips: &[&Chip], model: &ModelConfig, req: &InferenceRequest) -> Result<Figure, PlotError> {
    let mut lines = Vec::new();
    let mut points = Vec::new();
    let mut color_keys = Vec::new();
    let mut skipped = Vec::new();
    let (mut imin, mut imax, mut pmin, mut pmax) = (f64::MAX, 0.0_f64, f64::MAX, 0.0_f64);
    for (i, chip) in chips.iter().enumerate() {
        let hw = hardware_from_chip(chip);
        let prediction = match predict_inference(&hw, model, req) {
            Ok(p) => p,
            Err(e) => {
                skipped.push(format!("{} ({e})", chip.spec.label()));
                continue;
            }
        };
        let Some(bw) = hw.memory_bandwidth_gbs else {
            skipped.push(format!("{} (DRAM bandwidth unknown)", chip.spec.label()));
            continue;
        };
        let Some(peak) = hw.dense_tflops.get(&prediction.compute_precision).copied() else {
            skipped.push(format!("{} (no {} rate)", chip.spec.label(), prediction.compute_precision.as_str()));
            continue;
        };
        let c = color(i);
        let ridge = peak * 1e3 / bw;
        let roof = |x: f64| (bw * x / 1e3).min(peak);
        let xs = [0.05, ridge, 5.0e4];
        lines.push(Line {
            name: format!(
                "{} roof ({} {} TFLOP/s, {} GB/s)",
                chip.spec.label(),
                prediction.compute_precision.as_str(),
                number(peak),
                number(bw)
            ),
            points: xs.iter().map(|&x| (x, roof(x))).collect(),
            color: c.clone(),
            dashed: false,
            label: String::new(),
        });
        color_keys.push(Key {
            name: chip.spec.label().to_string(),
            color: c.clone(),
            shape: Shape::Circle,
            filled: true,
        });
        pmax = pmax.max(peak);
        for (phase, report, shape) in
            [("prefill", &prediction.prefill, Shape::Circle), ("decode", &prediction.decode, Shape::Diamond)]
        {
            let flops: f64 = report.ops.iter().map(|o| o.flops).sum();
            let bytes: f64 = report.ops.iter().map(|o| o.bytes).sum();
            if flops <= 0.0 || bytes <= 0.0 || report.time_s <= 0.0 {
                continue;
            }
            let intensity = flops / bytes;
            let achieved = flops / report.time_s / 1e12;
            imin = imin.min(intensity);
            imax = imax.max(intensity);
            pmin = pmin.min(achieved);
            points.push(Point {
                id: Some(chip.spec.id.clone()),
                label: format!("{} {phase}", chip.spec.label()),
                x: intensity,
                y: achieved,
                color_key: chip.spec.label().to_string(),
                color: c.clone(),
                shape_key: phase.to_string(),
                shape,
                filled: phase == "prefill",
                tooltip: vec![
                    ("chip".into(), chip.spec.name.clone()),
                    ("phase".into(), phase.to_string()),
                    ("FLOP/byte".into(), number(intensity)),
                    ("modelled TFLOP/s".into(), number(achieved)),
                    ("roof TFLOP/s".into(), number(roof(intensity))),
                    ("bound by".into(), format!("{:?}", report.bound).to_lowercase()),
                    ("time s".into(), format!("{:.4}", report.time_s)),
                ],
            });
        }
    }
    if lines.is_empty() {
        return Err(PlotError::Empty(format!("no chip can run {}: {}", model.id, skipped.join("; "))));
    }
    let x = Axis::new(
        "Arithmetic intensity (FLOP per byte of DRAM traffic)",
        Scale::Log,
        nice_floor((imin.min(1.0)) * 0.5),
        nice_ceil(imax.max(1000.0) * 2.0),
    );
    let y = Axis::new("TFLOP/s per chip", Scale::Log, nice_floor(pmin.min(pmax / 1000.0) * 0.5), nice_ceil(pmax * 1.5));
    let mut fig =
        Figure::new("roofline", format!("Rooflines: {} on {} compared", model.id, chips_word(lines.len())), x, y);
    fig.subtitle =
        "Lines: min(peak, bandwidth × intensity); markers: the model's prefill and decode at their modelled rate"
            .to_string();
    fig.lines = lines;
    fig.points = points;
    fig.color_keys = color_keys;
    fig.color_title = "Chips".to_string();
    fig.shape_keys = vec![
        Key { name: "prefill".into(), color: palette::GREY.into(), shape: Shape::Circle, filled: true },
        Key { name: "decode".into(), color: palette::GREY.into(), shape: Shape::Diamond, filled: false },
    ];
    if !skipped.is_empty() {
        fig.notes.push(format!("Not drawn: {}.", skipped.join("; ")));
    }
    fig.footer = footer(model, req);
    Ok(fig)
}

/// Batch sizes the comparison sweeps.
pub const BATCHES: [u32; 10] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

/// Throughput (output tokens/s, whole system) and time per output token against batch size,
/// one line per chip, as two panels. Batches that do not fit in memory are left out.
///
/// # Errors
/// [`PlotError::Empty`] when no chip can run the model.
pub fn compare(chips: &[&Chip], model: &ModelConfig, req: &InferenceRequest) -> Result<Figure, PlotError> {
    let mut tput_lines = Vec::new();
    let mut lat_lines = Vec::new();
    let mut keys = Vec::new();
    let mut skipped = Vec::new();
    let (mut tmax, mut tmin, mut lmax, mut lmin, mut bmax) = (0.0_f64, f64::MAX, 0.0_f64, f64::MAX, 1.0_f64);
    let mut tput_pts = Vec::new();
    let mut lat_pts = Vec::new();
    for (i, chip) in chips.iter().enumerate() {
        let hw = hardware_from_chip(chip);
        let c = color(i);
        let mut t = Vec::new();
        let mut l = Vec::new();
        let mut why = None;
        for b in BATCHES {
            let r = InferenceRequest { batch: Batch::Fixed(b), ..req.clone() };
            match predict_inference(&hw, model, &r) {
                Ok(p) if p.fits => {
                    let (Some(tput), Some(tpot)) = (p.output_tokens_per_s, p.tpot_s) else { break };
                    t.push((f64::from(b), tput));
                    l.push((f64::from(b), tpot * 1e3));
                }
                Ok(_) => break,
                Err(e) => {
                    why = Some(e.to_string());
                    break;
                }
            }
        }
        if t.is_empty() {
            skipped.push(format!(
                "{} ({})",
                chip.spec.label(),
                why.unwrap_or_else(|| "does not fit at batch 1".into())
            ));
            continue;
        }
        for &(b, v) in &t {
            tmax = tmax.max(v);
            tmin = tmin.min(v);
            bmax = bmax.max(b);
        }
        for &(_, v) in &l {
            lmax = lmax.max(v);
            lmin = lmin.min(v);
        }
        let point = |(b, v): (f64, f64), unit: &str| Point {
            id: Some(chip.spec.id.clone()),
            label: String::new(),
            x: b,
            y: v,
            color_key: chip.spec.label().to_string(),
            color: c.clone(),
            shape_key: "batch size".to_string(),
            shape: Shape::Circle,
            filled: true,
            tooltip: vec![
                ("chip".into(), chip.spec.label().to_string()),
                ("batch".into(), number(b)),
                (unit.to_string(), number(v)),
            ],
        };
        tput_pts.extend(t.iter().map(|&p| point(p, "output tokens/s")));
        lat_pts.extend(l.iter().map(|&p| point(p, "TPOT ms")));
        tput_lines.push(Line {
            name: chip.spec.label().to_string(),
            points: t,
            color: c.clone(),
            dashed: false,
            label: chip.spec.label().to_string(),
        });
        lat_lines.push(Line {
            name: chip.spec.label().to_string(),
            points: l,
            color: c.clone(),
            dashed: false,
            label: chip.spec.label().to_string(),
        });
        keys.push(Key { name: chip.spec.label().to_string(), color: c, shape: Shape::Circle, filled: true });
    }
    if tput_lines.is_empty() {
        return Err(PlotError::Empty(format!("no chip can run {}: {}", model.id, skipped.join("; "))));
    }
    let xb = || Axis::new("Batch size (sequences)", Scale::Log, 1.0, nice_ceil(bmax));
    let mut top = Figure::new(
        "compare",
        format!("{}: throughput and latency against batch size", model.id),
        xb(),
        Axis::new("Output tokens/s (system)", Scale::Log, nice_floor(tmin * 0.7), nice_ceil(tmax * 1.4)),
    );
    top.subtitle =
        "Top: output tokens per second; bottom: time per output token. Batches that do not fit in memory are left out."
            .to_string();
    top.lines = tput_lines;
    top.points = tput_pts;
    top.color_keys = keys.clone();
    top.color_title = "Chips".to_string();
    top.height = 560.0;
    let mut bottom = Figure::new(
        "compare-latency",
        String::new(),
        xb(),
        Axis::new("Time per output token (ms)", Scale::Log, nice_floor(lmin * 0.7), nice_ceil(lmax * 1.4)),
    );
    bottom.lines = lat_lines;
    bottom.points = lat_pts;
    bottom.color_keys = keys;
    bottom.color_title = "Chips".to_string();
    bottom.height = 520.0;
    if !skipped.is_empty() {
        bottom.notes.push(format!("Not drawn: {}.", skipped.join("; ")));
    }
    bottom.footer = footer(model, req);
    top.footer = String::new();
    top.below = Some(Box::new(bottom));
    Ok(top)
}
