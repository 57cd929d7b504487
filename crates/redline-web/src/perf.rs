//! Performance endpoints over `redline-perf`.
//!
//! `/api/perf` answers exactly what `redline perf --format json` prints: both build a
//! [`PerfRequest`] from `(key, value)` pairs (here the query's parameters, there clap's flags)
//! and print its one [`redline_perf::PerfOutput`]. Models are zoo ids or, with a models
//! directory ([`crate::AppState::with_models_dir`]), `NAME.json` in it: never a path. The charts
//! and the model list call `redline-perf` and `redline-plot` directly.

use std::path::Path;

use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};

use redline_catalog::Chip;
use redline_perf::{Batch, BatchChoice, InferenceRequest, ModelConfig, PerfRequest};

use crate::AppState;
use crate::common::{chip_param, chips_list, guarded};
use crate::error::ApiError;
use crate::params::{Params, Query};

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

/// Longest model config read from the models directory, bytes.
const MAX_MODEL_BYTES: u64 = 1 << 20;

/// The model a web request names: a zoo id, or `NAME` of `NAME.json` in the models directory.
/// Never a path, never the working directory; the answer for an unknown name is the same
/// whether or not a file of that name exists anywhere.
pub(crate) fn web_model(models_dir: Option<&Path>, name: &str) -> Result<ModelConfig, ApiError> {
    if let Ok(m) = redline_perf::zoo_model(name) {
        return Ok(m.clone());
    }
    let unknown = || {
        ApiError::bad(
            "model",
            format!(
                "unknown model {name:?}; give a model id of the embedded zoo{} (see /api/models)",
                if models_dir.is_some() { " or a config name of --models-dir" } else { "" }
            ),
        )
    };
    let plain = !name.is_empty()
        && name.len() <= 128
        && !name.starts_with('.')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    let Some(dir) = models_dir.filter(|_| plain) else { return Err(unknown()) };
    let path = dir.join(format!("{name}.json"));
    let meta = std::fs::metadata(&path).map_err(|_| unknown())?;
    if !meta.is_file() {
        return Err(unknown());
    }
    if meta.len() > MAX_MODEL_BYTES {
        return Err(ApiError::bad("model", format!("config {name}.json is larger than {MAX_MODEL_BYTES} bytes")));
    }
    let text =
        std::fs::read_to_string(&path).map_err(|e| ApiError::bad("model", format!("config {name}.json: {e}")))?;
    ModelConfig::from_json_str(name, &text).map_err(|e| ApiError::bad("model", format!("config {name}.json: {e}")))
}

/// A [`PerfRequest`] from query pairs, errors naming the parameter.
fn perf_request(pairs: &[(String, String)]) -> Result<PerfRequest, ApiError> {
    if pairs.iter().any(|(k, _)| k == "format") {
        return Err(ApiError::bad("format", "the API always answers JSON"));
    }
    let r = PerfRequest::from_pairs(pairs)?;
    if r.sweep {
        return Err(ApiError::bad(
            "sweep",
            "the concurrency sweep is `redline perf --sweep concurrency`; not served over HTTP",
        ));
    }
    Ok(r)
}

/// `redline perf --format json` for one chip and request, as JSON.
fn run(s: &AppState, chip: &Chip, r: &PerfRequest) -> Result<Value, ApiError> {
    let model = web_model(s.models_dir(), r.model_name())?;
    let out = r.run(chip, &model)?;
    serde_json::to_value(out).map_err(|e| ApiError::status(crate::StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
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
        run(&s, chip, &perf_request(&flags)?)
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
        let r = perf_request(&flags)?;
        let rows = chips
            .iter()
            .map(|c| {
                let v = run(&s, c, &r)?;
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

/// The model (zoo ids only: no file paths over HTTP) and static-batch request the charts draw.
fn workload(q: &Query) -> Result<(&'static ModelConfig, InferenceRequest), ApiError> {
    let flags: Vec<(String, String)> = q.pairs().iter().filter(|(k, _)| k != "chips").cloned().collect();
    let r = PerfRequest::from_pairs(&flags)?;
    let model = redline_perf::zoo_model(r.model_name()).map_err(|e| ApiError::bad("model", e))?;
    if !matches!(r.batch, None | Some(BatchChoice::Static(Batch::Fixed(_)))) {
        return Err(ApiError::bad("batch", "expected a whole number of sequences from 1 to 1048576"));
    }
    Ok((model, r.inference_request("")))
}

/// Roofline and compare charts as Vega-Lite.
pub(crate) fn chart(s: &AppState, kind: &str, q: &Query) -> Result<Value, ApiError> {
    let p = q.allow(CHART_KEYS)?;
    p.required("chips")?;
    let chips = chips_list(s, &p)?;
    if chips.len() > 16 {
        return Err(ApiError::bad("chips", "at most 16 chips"));
    }
    let (model, req) = workload(q)?;
    let fig = if kind == "roofline" {
        redline_plot::roofline(&chips, model, &req)
    } else {
        redline_plot::compare(&chips, model, &req)
    }
    .map_err(|e| ApiError::bad("chips", e))?;
    Ok(redline_plot::vega::spec(&fig))
}

/// Performance for the what-if editor, when a model is chosen.
pub(crate) fn whatif_perf(s: &AppState, chip: &Chip, p: &Params) -> Result<Option<Value>, ApiError> {
    if p.get("model").is_none() {
        return Ok(None);
    }
    let flags: Vec<(String, String)> =
        WORKLOAD_KEYS.iter().filter_map(|k| p.get(k).map(|v| ((*k).to_string(), v.to_string()))).collect();
    run(s, chip, &perf_request(&flags)?).map(Some)
}
