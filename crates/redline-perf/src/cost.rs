//! Cost per million output tokens from chip price, power, PUE, electricity and utilisation.

use serde::{Deserialize, Serialize};

use crate::{Hardware, InferencePrediction};

/// Cost assumptions. Every field has a default, shown in the output.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CostInputs {
    /// Chip price, USD (None: the chip's `price_usd`).
    pub price_usd: Option<f64>,
    /// Multiplier from chip price to installed system cost per chip (host, network, rack).
    pub system_cost_factor: f64,
    /// Straight-line depreciation period, years.
    pub lifetime_years: f64,
    /// Power per chip, W (None: the chip's `tdp_w`).
    pub power_w: Option<f64>,
    /// Data-centre power usage effectiveness.
    pub pue: f64,
    /// Electricity, USD per kWh.
    pub electricity_usd_per_kwh: f64,
    /// Fraction of wall-clock time the system serves at the predicted throughput.
    pub utilization: f64,
}

impl Default for CostInputs {
    fn default() -> Self {
        CostInputs {
            price_usd: None,
            system_cost_factor: 1.5,
            lifetime_years: 4.0,
            power_w: None,
            pue: 1.3,
            electricity_usd_per_kwh: 0.10,
            utilization: 0.7,
        }
    }
}

/// The estimate, with the inputs actually used.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CostEstimate {
    /// USD per million output tokens; None when price or power is unknown.
    pub usd_per_million_output_tokens: Option<f64>,
    /// Capital cost per chip-hour, USD.
    pub capex_usd_per_chip_hour: Option<f64>,
    /// Energy cost per chip-hour, USD.
    pub energy_usd_per_chip_hour: Option<f64>,
    /// Inputs used (defaults filled in from the chip).
    pub inputs: CostInputs,
}

/// Cost per million output tokens for a prediction.
#[must_use]
pub fn cost_per_million_tokens(hw: &Hardware, p: &InferencePrediction, inputs: &CostInputs) -> CostEstimate {
    let mut used = *inputs;
    used.price_usd = inputs.price_usd.or(hw.price_usd).filter(|x| x.is_finite() && *x > 0.0);
    used.power_w = inputs.power_w.or(hw.tdp_w).filter(|x| x.is_finite() && *x > 0.0);
    let hours = used.lifetime_years * 365.25 * 24.0;
    let capex = used.price_usd.map(|p| p * used.system_cost_factor / hours).filter(|x| x.is_finite());
    let energy = used.power_w.map(|w| w / 1000.0 * used.pue * used.electricity_usd_per_kwh).filter(|x| x.is_finite());
    let per_m = match (capex, energy) {
        (Some(c), Some(e)) if p.output_tokens_per_s.is_some_and(|t| t > 0.0) && used.utilization > 0.0 => {
            let tokens_per_hour = p.output_tokens_per_s.unwrap_or(0.0) * 3600.0 * used.utilization;
            Some((c + e) * f64::from(p.gpus) / tokens_per_hour * 1e6)
        }
        _ => None,
    };
    CostEstimate {
        usd_per_million_output_tokens: per_m,
        capex_usd_per_chip_hour: capex,
        energy_usd_per_chip_hour: energy,
        inputs: used,
    }
}
