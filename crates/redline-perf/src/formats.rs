//! Number formats of a request on a chip: weight storage, matrix math and its peak, with the
//! fallback to the nearest format the chip has (noted, never silent).

use crate::{Hardware, InferenceRequest, PerfError, Precision};

/// Formats a chip may fall back to when it lacks the requested one, nearest first.
fn fallbacks(p: Precision) -> &'static [Precision] {
    use Precision::{Bf16, Fp4, Fp6, Fp8, Fp16, Int8};
    match p {
        Fp4 => &[Fp6, Fp8, Int8, Bf16, Fp16],
        Fp6 => &[Fp8, Int8, Bf16, Fp16],
        Fp8 => &[Int8, Bf16, Fp16],
        Int8 => &[Fp8, Bf16, Fp16],
        Bf16 => &[Fp16],
        Fp16 => &[Bf16],
        _ => &[],
    }
}

/// The weight storage format, the matrix format and its peak for a request. Weight-only formats
/// (int4, or any format with `weight_only`) keep the requested storage and compute in 16-bit. A
/// format the chip cannot compute in runs in the nearest one it can, weights included, with a
/// note naming both.
pub(crate) fn resolve_formats(
    hw: &Hardware,
    req: &InferenceRequest,
    notes: &mut Vec<String>,
) -> Result<(Precision, Precision, f64), PerfError> {
    let want = req.precision;
    if req.weight_only || want == Precision::Int4 {
        let (c, peak) = hw.compute_peak(Precision::Bf16)?;
        notes.push(format!("weight-only {want}: weights stored in {want}, matrix math in {c}"));
        return Ok((want, c, peak));
    }
    if let Some(peak) = hw.peak(want) {
        return Ok((want, want, peak));
    }
    for f in fallbacks(want) {
        if let Some(peak) = hw.peak(*f) {
            notes.push(format!(
                "{want} requested but {} lists no dense {want} peak: computed in {f} (weights and math); --weight-only keeps {want} weights with 16-bit math",
                hw.name
            ));
            return Ok((*f, *f, peak));
        }
    }
    Err(PerfError::UnsupportedPrecision { chip: hw.name.clone(), precision: want.to_string() })
}
