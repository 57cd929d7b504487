//! Fitting the six factors of one (engine, family) bucket.
//!
//! Latency is linear in the four fixed costs once the two efficiencies are fixed:
//! `latency = roofline(ηc, ηm) + c_step·steps + c_layer·layers + α·collectives + c_seq·sequences`. So the fit is a
//! grid search over (ηc, ηm) with, at each point, a bounded least-squares solve (in relative
//! error) for the four fixed costs; the point with the lowest MAPE wins.

use crate::build::Built;
use crate::engine::Efficiency;

use super::data::Metric;

/// A row prepared for fitting: its work, built once.
pub(crate) struct Prepared {
    pub built: Built,
    pub metric: Metric,
    /// Measured time-equivalent: latency, or tokens / measured throughput.
    pub t_meas: f64,
    /// Tokens that convert latency to the metric (throughput = tokens / latency).
    pub tokens: f64,
}

impl Prepared {
    /// The metric a latency implies.
    pub fn metric_value(&self, latency: f64) -> f64 {
        match self.metric {
            Metric::LatencyS => latency,
            _ => self.tokens / latency,
        }
    }

    /// Absolute relative error of the metric for a predicted latency.
    pub fn ape(&self, latency: f64) -> f64 {
        match self.metric {
            Metric::LatencyS => (latency - self.t_meas).abs() / self.t_meas,
            _ => (self.t_meas - latency).abs() / latency,
        }
    }

    fn counts(&self) -> [f64; N] {
        let mut c = [0.0; N];
        for (m, w) in self.built.decompose() {
            c[0] += m * w.steps * w.scale * 1e-6;
            c[1] += m * w.layer_steps * w.scale * 1e-6;
            c[2] += m * w.collectives * w.scale * 1e-6;
            c[3] += m * w.seq_steps * w.scale * 1e-6;
        }
        c
    }

    fn roofline(&self, ec: f64, em: f64) -> f64 {
        self.built.decompose().map(|(m, w)| m * w.roofline(ec, em)).sum()
    }
}

/// Number of linear fixed costs: step, layer, collective, sequence.
const N: usize = 4;
/// Bounds (µs) and priors for the fixed costs.
const UPPER: [f64; N] = [20_000.0, 300.0, 200.0, 500.0];
const PRIOR: [f64; N] = [2_000.0, 5.0, 10.0, 0.0];

#[allow(clippy::needless_range_loop)]
fn solve3(a: &[[f64; N]], r: &[f64], free: [bool; N]) -> [f64; N] {
    // Normal equations with a tiny ridge toward the prior (only decisive when a column is empty).
    let mut m = [[0.0; N]; N];
    let mut v = [0.0; N];
    for (ai, ri) in a.iter().zip(r) {
        for j in 0..N {
            v[j] += ai[j] * ri;
            for k in 0..N {
                m[j][k] += ai[j] * ai[k];
            }
        }
    }
    let mut theta = [0.0; N];
    let idx: Vec<usize> = (0..N).filter(|&j| free[j]).collect();
    let n = idx.len();
    if n == 0 {
        return theta;
    }
    let mut mm = vec![vec![0.0; n + 1]; n];
    for (p, &j) in idx.iter().enumerate() {
        let ridge = 1e-9 * (m[j][j] + 1.0) + 1e-12;
        for (q, &k) in idx.iter().enumerate() {
            mm[p][q] = m[j][k];
        }
        mm[p][p] += ridge;
        mm[p][n] = v[j] + ridge * PRIOR[j];
    }
    // Gaussian elimination with partial pivoting.
    for col in 0..n {
        let piv = (col..n).max_by(|&x, &y| mm[x][col].abs().total_cmp(&mm[y][col].abs())).unwrap_or(col);
        mm.swap(col, piv);
        let d = mm[col][col];
        if d.abs() < 1e-300 {
            continue;
        }
        for row in 0..n {
            if row != col {
                let f = mm[row][col] / d;
                for c in col..=n {
                    mm[row][c] -= f * mm[col][c];
                }
            }
        }
    }
    for (p, &j) in idx.iter().enumerate() {
        let d = mm[p][p];
        theta[j] = if d.abs() < 1e-300 { PRIOR[j] } else { mm[p][n] / d };
    }
    theta
}

/// Fits one bucket. Returns the factors and the in-sample MAPE (fraction).
pub(crate) fn fit(rows: &[&Prepared]) -> Option<(Efficiency, f64)> {
    if rows.is_empty() {
        return None;
    }
    let counts: Vec<[f64; N]> = rows.iter().map(|r| r.counts()).collect();
    let mut best: Option<(f64, Efficiency)> = None;
    let try_point = |ec: f64, em: f64, best: &mut Option<(f64, Efficiency)>| {
        let (mape, eff) = solve_at(rows, &counts, ec, em);
        if best.as_ref().is_none_or(|(b, _)| mape < *b) {
            *best = Some((mape, eff));
        }
    };
    let grid = |lo: f64, hi: f64, n: usize| -> Vec<f64> {
        (0..n).map(|i| lo + (hi - lo) * i as f64 / (n - 1) as f64).collect()
    };
    // Kernel-quality multipliers on the hardware layer: 1.0 = microbenchmark rates.
    let hi = crate::engine::MAX_KERNEL_QUALITY;
    for ec in grid(0.05, 1.25, 13) {
        for em in grid(0.05, 1.25, 13) {
            try_point(ec, em, &mut best);
        }
    }
    for step in [0.05, 0.0125] {
        let (_, e) = best?;
        let (c0, m0) = (e.compute_efficiency, e.memory_efficiency);
        for ec in grid((c0 - 4.0 * step).max(0.02), (c0 + 4.0 * step).min(hi), 9) {
            for em in grid((m0 - 4.0 * step).max(0.02), (m0 + 4.0 * step).min(hi), 9) {
                try_point(ec, em, &mut best);
            }
        }
    }
    best.map(|(m, e)| (round_eff(e), m))
}

/// Fits only the four fixed costs of a bucket, the two kernel-quality multipliers given.
/// Returns the factors and the in-sample MAPE (fraction).
pub(crate) fn fit_fixed_costs(rows: &[&Prepared], ec: f64, em: f64) -> Option<(Efficiency, f64)> {
    if rows.is_empty() {
        return None;
    }
    let counts: Vec<[f64; N]> = rows.iter().map(|r| r.counts()).collect();
    let (m, e) = solve_at(rows, &counts, ec, em);
    Some((round_eff(e), m))
}

/// The bounded least-squares fixed costs at one (ηc, ηm) point, and the MAPE there.
#[allow(clippy::needless_range_loop)]
fn solve_at(rows: &[&Prepared], counts: &[[f64; N]], ec: f64, em: f64) -> (f64, Efficiency) {
    let used: [bool; N] = std::array::from_fn(|j| counts.iter().any(|c| c[j] > 0.0));
    let roof: Vec<f64> = rows.iter().map(|p| p.roofline(ec, em)).collect();
    let mut r = vec![0.0; rows.len()];
    let mut a = vec![[0.0; N]; rows.len()];
    for i in 0..rows.len() {
        let t = rows[i].t_meas;
        r[i] = 1.0 - roof[i] / t;
        for j in 0..N {
            a[i][j] = counts[i][j] / t;
        }
    }
    // Active set: solve, pin negatives to 0, re-solve; then clamp to the bounds.
    let mut free = used;
    let mut theta = solve3(&a, &r, free);
    for _ in 0..N {
        let mut changed = false;
        for j in 0..N {
            if free[j] && theta[j] < 0.0 {
                free[j] = false;
                changed = true;
            }
        }
        if !changed {
            break;
        }
        theta = solve3(&a, &r, free);
    }
    for j in 0..N {
        theta[j] = if used[j] { theta[j].clamp(0.0, UPPER[j]) } else { PRIOR[j] };
    }
    let mape = rows
        .iter()
        .zip(&roof)
        .zip(counts)
        .map(|((p, rf), c)| {
            let lat = rf + (0..N).map(|j| theta[j] * c[j]).sum::<f64>();
            p.ape(lat)
        })
        .sum::<f64>()
        / rows.len() as f64;
    (
        mape,
        Efficiency {
            compute_efficiency: ec,
            memory_efficiency: em,
            step_overhead_us: theta[0],
            layer_overhead_us: theta[1],
            collective_latency_us: theta[2],
            sequence_overhead_us: theta[3],
        },
    )
}

fn round_eff(e: Efficiency) -> Efficiency {
    let r = |x: f64, d: f64| (x * d).round() / d;
    Efficiency {
        compute_efficiency: r(e.compute_efficiency, 1e4),
        memory_efficiency: r(e.memory_efficiency, 1e4),
        step_overhead_us: r(e.step_overhead_us, 10.0),
        layer_overhead_us: r(e.layer_overhead_us, 100.0),
        collective_latency_us: r(e.collective_latency_us, 100.0),
        sequence_overhead_us: r(e.sequence_overhead_us, 100.0),
    }
}
