//! The parallel layout: resolving TP/PP/EP/DP from a request, the layouts engines deploy on
//! `gpus` chips, choosing the fastest, and suggesting a bigger system when nothing fits.

use serde::Serialize;

use crate::build::build;
use crate::engine::EngineProfile;
use crate::error::bad_request;
use crate::model::ModelConfig;
use crate::{Batch, Hardware, InferenceRequest, PerfError};

/// The parallel layout actually used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Parallelism {
    /// Tensor parallel.
    pub tp: u32,
    /// Pipeline parallel.
    pub pp: u32,
    /// Expert parallel.
    pub ep: u32,
    /// Data-parallel replicas (attention replicas when ep > tp).
    pub dp: u32,
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Resolves the parallel layout, applying the documented defaults.
///
/// `gpus` alone means tensor parallelism over all chips for dense models. For MoE models it
/// means attention TP over the largest divisor of `gpus` that divides the head count, and expert
/// parallelism over all chips when the expert count allows (else over the TP group).
///
/// # Errors
/// [`PerfError::InvalidRequest`] naming the field when the layout is impossible.
pub fn resolve_parallelism(model: &ModelConfig, req: &InferenceRequest) -> Result<Parallelism, PerfError> {
    let gpus = req.gpus;
    if gpus == 0 {
        return Err(bad_request("gpus", "must be at least 1"));
    }
    let pp = req.pp.unwrap_or(1);
    if pp == 0 {
        return Err(bad_request("pp", "must be at least 1"));
    }
    if !gpus.is_multiple_of(pp) {
        return Err(bad_request("pp", format!("{pp} does not divide gpus = {gpus}")));
    }
    if pp > model.layers {
        return Err(bad_request("pp", format!("{pp} exceeds the model's {} layers", model.layers)));
    }
    let per_stage = gpus / pp;
    let heads = model.heads();
    let tp = match req.tp {
        Some(0) => return Err(bad_request("tp", "must be at least 1")),
        Some(t) => t,
        None if model.is_moe() => gcd(per_stage, heads),
        None => per_stage,
    };
    if !per_stage.is_multiple_of(tp) {
        return Err(bad_request("tp", format!("{tp} does not divide gpus / pp = {per_stage}")));
    }
    if !heads.is_multiple_of(tp) {
        return Err(bad_request("tp", format!("{tp} does not divide the model's {heads} attention heads")));
    }
    let dp = per_stage / tp;
    let ep = match (req.ep, model.moe) {
        (Some(0), _) => return Err(bad_request("ep", "must be at least 1")),
        (Some(e), None) if e > 1 => {
            return Err(bad_request("ep", format!("{e} given but model `{}` has no experts", model.id)));
        }
        (_, None) => 1,
        (Some(e), Some(_)) => e,
        (None, Some(m)) => {
            if m.experts % per_stage == 0 {
                per_stage
            } else if m.experts % tp == 0 {
                tp
            } else {
                1
            }
        }
    };
    if let Some(m) = model.moe {
        if ep > m.experts {
            return Err(bad_request("ep", format!("{ep} exceeds the model's {} experts", m.experts)));
        }
        if ep <= tp {
            if tp % ep != 0 {
                return Err(bad_request("ep", format!("{ep} does not divide tp = {tp}")));
            }
        } else if ep % tp != 0 || !dp.is_multiple_of(ep / tp) {
            return Err(bad_request(
                "ep",
                format!("{ep} must be tp ({tp}) times a divisor of the {dp} attention replicas per stage"),
            ));
        }
    }
    Ok(Parallelism { tp, pp, ep, dp })
}

fn layout_name(tp: u32, pp: u32, ep: u32, dp: u32) -> String {
    let mut s = format!("tp {tp}");
    if pp > 1 {
        s.push_str(&format!(" × pp {pp}"));
    }
    if ep > 1 {
        s.push_str(&format!(", ep {ep}"));
    }
    if dp > 1 {
        s.push_str(&format!(", dp {dp}"));
    }
    s
}

/// The layouts engines deploy on `gpus` chips: tensor parallelism inside the scale-up domain,
/// pipeline stages or data-parallel replicas across domains, and for MoE models expert
/// parallelism over the replicas (attention-DP; for MLA models attention-DP from one chip).
fn candidate_layouts(model: &ModelConfig, gpus: u32, domain: u32) -> Vec<(u32, u32, Option<u32>)> {
    let heads = model.heads();
    // Largest TP that divides the chips, the heads, and stays inside the domain.
    let tp_in = |n: u32| (1..=n.min(domain.max(1))).rev().find(|t| n.is_multiple_of(*t) && heads.is_multiple_of(*t));
    let mut out = Vec::new();
    let mut push = |c: (u32, u32, Option<u32>)| {
        if !out.contains(&c) {
            out.push(c);
        }
    };
    let Some(t) = tp_in(gpus) else { return out };
    let moe = model.moe;
    let ep_all = |n: u32| moe.filter(|m| m.experts.is_multiple_of(n)).map(|_| n);
    // TP inside the domain, data-parallel replicas beyond it (experts over all chips for MoE).
    push((t, 1, if moe.is_some() { ep_all(gpus).or(Some(t)) } else { None }));
    // TP inside the domain, pipeline stages across domains.
    let stages = gpus / t;
    if stages > 1 && stages <= model.layers {
        push((t, stages, moe.map(|m| if m.experts.is_multiple_of(t) { t } else { 1 })));
    }
    // Smaller TP groups with more data-parallel replicas (throughput when the model fits).
    let mut smaller = t / 2;
    while smaller >= 1 {
        if gpus.is_multiple_of(smaller) && heads.is_multiple_of(smaller) {
            push((smaller, 1, if moe.is_some() { ep_all(gpus).or(Some(smaller)) } else { None }));
        }
        smaller /= 2;
    }
    if moe.is_some() {
        // Expert-TP inside each replica.
        if t > 1 && ep_all(t).is_some() {
            push((t, 1, Some(t)));
        }
        // Attention-DP (one chip per attention replica) with experts over all chips.
        if matches!(model.attention, crate::Attention::Mla { .. })
            && let Some(e) = ep_all(gpus)
        {
            push((1, 1, Some(e)));
        }
    }
    out
}

/// For a request that leaves the layout open (no tp, pp or ep) on several chips: the fastest
/// of [`candidate_layouts`] at this batch (the first when none fits), and a note saying which.
pub(crate) fn choose_layout(
    hw: &Hardware,
    model: &ModelConfig,
    req: &InferenceRequest,
    profile: &EngineProfile,
) -> Result<(InferenceRequest, Option<String>), PerfError> {
    if req.gpus <= 1 || req.tp.is_some() || req.pp.is_some() || req.ep.is_some() {
        return Ok((req.clone(), None));
    }
    let domain = hw.chip()?.domain;
    let eff = profile.efficiency(&hw.family).efficiency;
    let mut best: Option<(f64, InferenceRequest, Parallelism)> = None;
    let mut tried = Vec::new();
    for (tp, pp, ep) in candidate_layouts(model, req.gpus, domain) {
        let r = InferenceRequest { tp: Some(tp), pp: Some(pp), ep, ..req.clone() };
        let Ok(built) = build(hw, model, &r, profile) else { continue };
        let par = built.par;
        tried.push(layout_name(par.tp, par.pp, par.ep, par.dp));
        let score = if built.max_batch_per_replica == 0 {
            -1.0
        } else {
            let latency = built.latency(&eff);
            f64::from(built.batch) / latency
        };
        if best.as_ref().is_none_or(|(b, _, _)| score > *b) {
            best = Some((score, r, par));
        }
    }
    let Some((_, r, par)) = best else { return Ok((req.clone(), None)) };
    let note = (tried.len() > 1).then(|| {
        format!(
            "layout {} chosen as the fastest at this batch of: {}",
            layout_name(par.tp, par.pp, par.ep, par.dp),
            tried.join("; ")
        )
    });
    Ok((r, note))
}

/// When nothing fits: the smallest system (doubling the chips, default layouts) that would hold
/// at least one sequence, as a note.
pub(crate) fn suggest_fit(
    hw: &Hardware,
    model: &ModelConfig,
    req: &InferenceRequest,
    profile: &EngineProfile,
) -> Option<String> {
    let mut gpus = req.gpus;
    for _ in 0..8 {
        gpus = gpus.checked_mul(2)?;
        let r = InferenceRequest { gpus, tp: None, pp: None, ep: None, batch: Batch::Fixed(1), ..req.clone() };
        let Ok((r, _)) = choose_layout(hw, model, &r, profile) else { continue };
        if let Ok(b) = build(hw, model, &r, profile)
            && b.max_batch_per_replica > 0
        {
            let par = b.par;
            return Some(format!(
                "would fit on {gpus} chips with layout {} (max batch {})",
                layout_name(par.tp, par.pp, par.ep, par.dp),
                b.max_batch_per_replica.saturating_mul(par.dp)
            ));
        }
    }
    None
}
