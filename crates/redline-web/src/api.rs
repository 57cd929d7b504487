//! JSON API handlers: parse parameters (errors name the field), call the libraries, return
//! the same structs the CLI prints with `--format json`.

use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use redline_catalog::Chip;
use redline_rules::editions;

use crate::AppState;
use crate::common::{chip_param, chips_list, guarded, row};
use crate::error::ApiError;
use crate::params::{Params, Query};
use crate::whatif;

/// A rules error about a date parameter other than `on`.
fn about(field: &'static str) -> impl Fn(redline_rules::RulesError) -> ApiError {
    move |e| {
        let e = ApiError::from(e);
        if e.field.as_deref() == Some("on") { e.on_field(field) } else { e }
    }
}

/// `GET /api/chips?on=DATE`.
pub(crate) async fn chips(State(s): State<AppState>, q: Query) -> Response {
    guarded(|| {
        let p = q.allow(&["on"])?;
        let on = p.date("on")?;
        s.catalog().chips().iter().map(|c| row(c, on)).collect::<Result<Vec<_>, _>>()
    })
}

/// `GET /api/chips/{id}`: spec with sources and grades, and metrics.
pub(crate) async fn chip(State(s): State<AppState>, Path(id): Path<String>, q: Query) -> Response {
    guarded(|| {
        q.allow(&[])?;
        let chip = s.catalog().get(&id).map_err(|e| ApiError::bad("id", e))?;
        Ok(json!({"label": chip.spec.label(), "chip": chip}))
    })
}

/// `GET /api/classify?chip=ID&on=DATE`: what `redline classify --format json` prints for it.
pub(crate) async fn classify(State(s): State<AppState>, q: Query) -> Response {
    guarded(|| {
        let p = q.allow(&["chip", "on"])?;
        let chip = chip_param(&s, &p, "chip")?;
        redline_rules::classify(chip, p.date("on")?).map_err(ApiError::from)
    })
}

/// `GET /api/classifications?chip=ID`: the classification under every edition.
pub(crate) async fn classifications(State(s): State<AppState>, q: Query) -> Response {
    guarded(|| {
        let p = q.allow(&["chip"])?;
        let chip = chip_param(&s, &p, "chip")?;
        editions::ALL
            .iter()
            .map(|e| {
                let c = redline_rules::classify(chip, e.effective).map_err(ApiError::from)?;
                Ok(json!({"edition": e.id, "title": e.title, "citation": e.citation, "status": e.status, "scope": e.scope, "classification": c}))
            })
            .collect::<Result<Vec<Value>, ApiError>>()
    })
}

/// `GET /api/check?chip=ID&to=CC&on=DATE[&end_user_hq=CC][&end_user_approved=BOOL][&subject_to_ear=BOOL]`: what
/// `redline check --format json` prints.
pub(crate) async fn check(State(s): State<AppState>, q: Query) -> Response {
    guarded(|| {
        let p = q.allow(&["chip", "to", "on", "end_user_hq", "end_user_approved", "subject_to_ear"])?;
        let chip = chip_param(&s, &p, "chip")?;
        let to = p.required("to")?;
        let facts = facts(&p)?;
        if let Some(hq) = &facts.end_user_hq {
            s.countries().get(hq).map_err(|e| ApiError::bad("end_user_hq", e))?;
        }
        redline_rules::check_with(chip, s.countries(), to, p.date("on")?, &facts).map_err(ApiError::from)
    })
}

/// Fact parameters (`end_user_hq`, `end_user_approved`).
fn facts(p: &Params) -> Result<redline_rules::FactInput, ApiError> {
    let approved = match p.get("end_user_approved") {
        None => None,
        Some(v) => redline_rules::shipments::parse_bool(v).ok_or_else(|| {
            ApiError::bad("end_user_approved", format!("{v:?} is not yes/no; expected true or false"))
        })?,
    };
    let subject = match p.get("subject_to_ear") {
        None => None,
        Some(v) => redline_rules::shipments::parse_bool(v)
            .ok_or_else(|| ApiError::bad("subject_to_ear", format!("{v:?} is not yes/no; expected true or false")))?,
    };
    Ok(redline_rules::FactInput {
        end_user_hq: p.get("end_user_hq").filter(|h| !h.is_empty()).map(str::to_string),
        end_user_approved: approved,
        subject_to_ear: subject,
    })
}

/// `GET /api/changes?edition=ID[&to=CC]`: what `redline changes EDITION --format json` prints.
pub(crate) async fn changes(State(s): State<AppState>, q: Query) -> Response {
    guarded(|| {
        let p = q.allow(&["edition", "to"])?;
        let id = p.required("edition")?;
        let edition = editions::find(id).ok_or_else(|| {
            ApiError::bad(
                "edition",
                format!(
                    "unknown edition {id:?}; editions: {}",
                    editions::ALL.iter().map(|e| e.id).collect::<Vec<_>>().join(", ")
                ),
            )
        })?;
        let dests: Vec<&str> = match p.get("to") {
            Some(to) => vec![to],
            None => redline_rules::changes::DEFAULT_DESTINATIONS.to_vec(),
        };
        let chips: Vec<&Chip> = s.catalog().chips().iter().collect();
        redline_rules::changes(&chips, s.countries(), edition, &dests).map_err(ApiError::from)
    })
}

/// `POST /api/shipments` with a shipments CSV as the body: one result per line, in input
/// order (as `redline check --shipments FILE --format json`); a bad line is a 400 naming
/// `line:column` and the field, and nothing is screened.
pub(crate) async fn shipments(State(s): State<AppState>, body: String) -> Response {
    guarded(|| {
        let list = redline_rules::shipments::parse(&body, "body", s.catalog(), s.countries())
            .map_err(|e| ApiError::bad(&e.field.clone(), e))?;
        let checks = redline_rules::shipments::screen(&list, s.countries()).map_err(ApiError::from)?;
        Ok(list
            .iter()
            .zip(checks)
            .map(|(sh, c)| {
                let mut m = serde_json::Map::new();
                m.insert("line".into(), json!(sh.line));
                for (k, v) in &sh.columns {
                    m.insert(k.clone(), json!(v));
                }
                m.insert("verdict".into(), json!(c.verdict));
                m.insert("license_required".into(), json!(c.license_required));
                m.insert("review_policy".into(), json!(c.review_policy));
                m.insert("depends_on".into(), json!(c.depends_on));
                m.insert("summary".into(), json!(c.summary));
                m.insert("check".into(), json!(c));
                Value::Object(m)
            })
            .collect::<Vec<Value>>())
    })
}

/// `GET /api/timeline?chip=ID&to=CC&until=DATE`.
pub(crate) async fn timeline(State(s): State<AppState>, q: Query) -> Response {
    guarded(|| {
        let p = q.allow(&["chip", "to", "until"])?;
        let chip = chip_param(&s, &p, "chip")?;
        let to = p.required("to")?;
        redline_rules::timeline(chip, s.countries(), to, p.date("until")?).map_err(about("until"))
    })
}

/// `GET /api/headroom?chip=ID&to=CC&on=DATE`.
pub(crate) async fn headroom(State(s): State<AppState>, q: Query) -> Response {
    guarded(|| {
        let p = q.allow(&["chip", "to", "on"])?;
        let chip = chip_param(&s, &p, "chip")?;
        let to = p.get("to").unwrap_or("CN");
        redline_rules::headroom(chip, s.countries(), to, p.date("on")?).map_err(ApiError::from)
    })
}

/// `GET /api/editions`.
pub(crate) async fn editions(q: Query) -> Response {
    guarded(|| {
        q.allow(&[])?;
        Ok(editions::ALL.iter().map(|e| json!({"edition": e, "doc": e.doc})).collect::<Vec<_>>())
    })
}

/// Destinations offered in the pages' pickers (any ISO code works in the API).
const DESTINATIONS: &[&str] = &[
    "CN", "HK", "MO", "AE", "SA", "IN", "SG", "MY", "TH", "VN", "ID", "IL", "RU", "KR", "JP", "TW", "DE", "GB", "BR",
    "US",
];

/// `GET /api/countries`.
pub(crate) async fn countries(State(s): State<AppState>, q: Query) -> Response {
    guarded(|| {
        let p = q.allow(&["on"])?;
        let on = p.date("on")?;
        Ok(DESTINATIONS
            .iter()
            .filter_map(|c| s.countries().get(c).ok())
            .map(|c| json!({"iso2": c.iso2, "name": c.name, "groups": c.groups_on(on).names()}))
            .collect::<Vec<_>>())
    })
}

const WHATIF_KEYS: [&str; 3] = ["base", "on", "to"];

fn whatif_params(q: &Query) -> Result<Params, ApiError> {
    let allowed: Vec<&str> =
        WHATIF_KEYS.iter().chain(whatif::EDITABLE).chain(crate::perf::WORKLOAD_KEYS).copied().collect();
    q.allow(&allowed)
}

/// `GET /api/whatif?base=ID&fp8=...&die_area_mm2=...&on=&to=`: the edited chip's metrics,
/// classification, licence check and headroom, next to the base chip's.
pub(crate) async fn whatif(State(s): State<AppState>, q: Query) -> Response {
    guarded(|| {
        let p = whatif_params(&q)?;
        let edited = whatif::edit(s.catalog(), &p)?;
        let base = chip_param(&s, &p, "base")?;
        let on = p.date("on")?;
        let to = p.get("to").unwrap_or("CN");
        let chip = &edited.chip;
        let classification = redline_rules::classify(chip, on)?;
        let check = redline_rules::check(chip, s.countries(), to, on)?;
        let headroom = redline_rules::headroom(chip, s.countries(), to, on)?;
        let base_check = redline_rules::check(base, s.countries(), to, on)?;
        let mut context: Vec<&Chip> = vec![base, chip];
        for id in ["h20", "h100-sxm", "l20", "a100-sxm-80gb", "b200", "rtx-4090d"] {
            if let Ok(c) = s.catalog().get(id)
                && c.spec.id != base.spec.id
            {
                context.push(c);
            }
        }
        let mut fig = redline_plot::compliance(&context, on).map_err(|e| ApiError::bad("on", e))?;
        fig.title = format!("{} against 3A090 on {on}", chip.spec.label());
        fig.height = 640.0;
        fig.width = 1000.0;
        let perf = crate::perf::whatif_perf(&s, chip, &p)?;
        Ok(json!({
            "chip": row(chip, on)?,
            "metrics": chip.metrics,
            "classification": classification,
            "check": check,
            "headroom": headroom,
            "base": {"id": base.spec.id, "check": base_check, "row": row(base, on)?},
            "chart": redline_plot::vega::spec(&fig),
            "perf": perf,
            "spec_toml": edited.toml,
        }))
    })
}

/// `GET /api/whatif/spec?...`: the edited chip as a spec file (`--spec FILE`).
pub(crate) async fn whatif_spec(State(s): State<AppState>, q: Query) -> Response {
    let result = whatif_params(&q).and_then(|p| whatif::edit(s.catalog(), &p));
    match result {
        Ok(e) => (
            [
                (axum::http::header::CONTENT_TYPE, "application/toml; charset=utf-8".to_string()),
                (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}.toml\"", e.chip.spec.id)),
            ],
            e.toml,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /api/chart/{kind}?...`: the Vega-Lite spec of a chart, as `redline plot KIND -o x.json`.
pub(crate) async fn chart(State(s): State<AppState>, Path(kind): Path<String>, q: Query) -> Response {
    guarded(|| {
        let fig = match kind.as_str() {
            "compliance" => {
                let p = q.allow(&["on", "chips"])?;
                let on = p.date("on")?;
                let chips = chips_list(&s, &p)?;
                redline_plot::compliance(&chips, on).map_err(|e| ApiError::bad("on", e))?
            }
            "bandwidth" => {
                let p = q.allow(&["on", "to", "chips"])?;
                let on = p.date("on")?;
                let chips = chips_list(&s, &p)?;
                let to = p.get("to").unwrap_or("CN");
                redline_plot::bandwidth(&chips, s.countries(), to, on).map_err(|e| match e {
                    redline_plot::PlotError::Rules(r) => ApiError::from(r),
                    other => ApiError::bad("chips", other),
                })?
            }
            "timeline" => {
                let p = q.allow(&["chip", "to", "until"])?;
                let chip = chip_param(&s, &p, "chip")?;
                let to = p.required("to")?;
                redline_plot::timeline(chip, s.countries(), to, p.date("until")?).map_err(|e| match e {
                    redline_plot::PlotError::Rules(r) => about("until")(r),
                    other => ApiError::bad("until", other),
                })?
            }
            "roofline" | "compare" => return crate::perf::chart(&s, &kind, &q),
            other => {
                return Err(ApiError::bad(
                    "kind",
                    format!("unknown chart {other:?}; expected compliance, bandwidth, timeline, roofline or compare"),
                ));
            }
        };
        Ok(redline_plot::vega::spec(&fig))
    })
}

/// Unknown routes: a JSON 404 like every other error (pages link back to `/`).
pub(crate) async fn not_found(uri: Uri) -> Response {
    ApiError::status(StatusCode::NOT_FOUND, format!("no route {}; the catalogue is at /", uri.path())).into_response()
}
