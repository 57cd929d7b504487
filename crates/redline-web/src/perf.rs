//! Performance endpoints over `redline-perf`.
//!
//! `/api/perf` must answer exactly what `redline perf --format json` prints. That output
//! struct and the flag parsing live in the CLI, so the binary hands the app a [`PerfHook`]
//! that runs its own `predict` on the query's flags; without a hook (a library user, the
//! in-process tests) the endpoint says so with a 501. The charts and the model list call
//! `redline-perf` and `redline-plot` directly.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use redline_catalog::Chip;
use redline_perf::{Batch, InferenceRequest, ModelConfig};

use crate::AppState;
use crate::common::{chip_param, chips_list, guarded};
use crate::error::ApiError;
use crate::params::{Params, Query};

/// Runs `redline perf` for a chip with the flags given as `(name, value)` query pairs
/// (`batch=8` is `--batch 8`); answers the CLI's JSON or a 400 naming the bad flag.
pub type PerfHook = dyn Fn(&Chip, &[(String, String)]) -> Result<Value, ApiError> + Send + Sync;

/// Workload parameters (flags of `redline perf`) the what-if editor passes on.
pub const WORKLOAD_KEYS: &[&str] = &["model", "gpus", "batch", "input", "output", "precision", "engine"];

/// Parameters of the roofline and compare charts.
const CHART_KEYS: &[&str] = &[
    "chips",
    "model",
    "gpus",
    "tp",
    "pp",
    "ep",
    "batch",
    "input",
    "output",
    "precision",
    "kv_precision",
    "engine",
    "weight_only",
];

fn hook(s: &AppState) -> Result<&Arc<PerfHook>, ApiError> {
    s.perf_hook().ok_or_else(|| {
        ApiError::status(StatusCode::NOT_IMPLEMENTED, "performance answers need the redline binary (`redline serve`)")
    })
}

/// `GET /api/models`: the embedded model zoo.
pub(crate) async fn models(q: Query) -> Response {
    guarded(|| {
        q.allow(&[])?;
        Ok(redline_perf::ZOO.iter().map(|e| json!({"id": e.id, "hf_repo": e.hf_repo})).collect::<Vec<_>>())
    })
}

/// `GET /api/perf?chip=ID&model=M&...`: `redline perf --chip ID --model M ... --format json`.
pub(crate) async fn perf(State(s): State<AppState>, q: Query) -> Response {
    guarded(|| {
        let pairs = q.pairs().to_vec();
        let p = Params::from_pairs(&pairs);
        let chip = chip_param(&s, &p, "chip")?;
        let flags: Vec<(String, String)> = pairs.into_iter().filter(|(k, _)| k != "chip").collect();
        hook(&s)?(chip, &flags)
    })
}

/// `GET /api/compare?chips=A,B&model=M&...`: `redline perf` for each chip.
pub(crate) async fn compare(State(s): State<AppState>, q: Query) -> Response {
    guarded(|| {
        let pairs = q.pairs().to_vec();
        let p = Params::from_pairs(&pairs);
        p.required("chips")?;
        let chips = chips_list(&s, &p)?;
        if chips.len() > 16 {
            return Err(ApiError::bad("chips", "at most 16 chips"));
        }
        let flags: Vec<(String, String)> = pairs.into_iter().filter(|(k, _)| k != "chips").collect();
        let h = hook(&s)?;
        let rows = chips
            .iter()
            .map(|c| {
                let v = h(c, &flags)?;
                Ok(json!({
                    "chip": c.spec.id,
                    "label": c.spec.label(),
                    "tokens_per_s": v["output_tokens_per_s"],
                    "ttft_s": v["ttft_s"],
                    "tpot_s": v["tpot_s"],
                    "perf": v,
                }))
            })
            .collect::<Result<Vec<Value>, ApiError>>()?;
        Ok(json!({"rows": rows}))
    })
}

/// The model (zoo ids only: no file paths over HTTP) and request the charts draw.
fn workload(p: &Params) -> Result<(&'static ModelConfig, InferenceRequest), ApiError> {
    let model = redline_perf::zoo_model(p.required("model")?).map_err(|e| ApiError::bad("model", e))?;
    let int = |k: &str, d: u64, hi: u64| -> Result<u32, ApiError> {
        Ok(u32::try_from(p.integer(k, 1, hi)?.unwrap_or(d)).unwrap_or(1))
    };
    let opt = |k: &str| -> Result<Option<u32>, ApiError> {
        Ok(p.integer(k, 1, 4096)?.map(|v| u32::try_from(v).unwrap_or(1)))
    };
    let parse = |k: &str, d: &str| -> Result<String, ApiError> { Ok(p.get(k).unwrap_or(d).to_string()) };
    let req = InferenceRequest {
        gpus: int("gpus", 1, 4096)?,
        tp: opt("tp")?,
        pp: opt("pp")?,
        ep: opt("ep")?,
        batch: Batch::Fixed(int("batch", 1, 1 << 20)?),
        input_len: int("input", 1024, 1 << 22)?,
        output_len: int("output", 1024, 1 << 22)?,
        precision: parse("precision", "bf16")?.parse().map_err(|e| ApiError::bad("precision", e))?,
        kv_precision: p
            .get("kv_precision")
            .map(str::parse)
            .transpose()
            .map_err(|e| ApiError::bad("kv_precision", e))?,
        engine: parse("engine", "trtllm")?.parse().map_err(|e| ApiError::bad("engine", e))?,
        weight_only: match p.get("weight_only") {
            None | Some("false" | "0") => false,
            Some("true" | "1") => true,
            Some(_) => return Err(ApiError::bad("weight_only", "expected true or false")),
        },
    };
    Ok((model, req))
}

/// Roofline and compare charts as Vega-Lite.
pub(crate) fn chart(s: &AppState, kind: &str, q: &Query) -> Result<Value, ApiError> {
    let p = q.allow(CHART_KEYS)?;
    p.required("chips")?;
    let chips = chips_list(s, &p)?;
    if chips.len() > 16 {
        return Err(ApiError::bad("chips", "at most 16 chips"));
    }
    let (model, req) = workload(&p)?;
    let fig = if kind == "roofline" {
        redline_plot::roofline(&chips, model, &req)
    } else {
        redline_plot::compare(&chips, model, &req)
    }
    .map_err(|e| ApiError::bad("chips", e))?;
    Ok(redline_plot::vega::spec(&fig))
}

/// Performance for the what-if editor, when a model is chosen (and the hook is there).
pub(crate) fn whatif_perf(s: &AppState, chip: &Chip, p: &Params) -> Result<Option<Value>, ApiError> {
    if p.get("model").is_none() {
        return Ok(None);
    }
    let Some(h) = s.perf_hook() else {
        return Ok(None);
    };
    let flags: Vec<(String, String)> =
        WORKLOAD_KEYS.iter().filter_map(|k| p.get(k).map(|v| ((*k).to_string(), v.to_string()))).collect();
    h(chip, &flags).map(Some)
}
