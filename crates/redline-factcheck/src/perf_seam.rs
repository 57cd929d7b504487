//! The one place this crate touches the performance model (`redline-perf`), kept narrow on
//! purpose while that crate's API is being reworked: it only names the zoo model an article
//! mentions. A throughput figure in a news text almost never states the whole workload the
//! model needs (chip count and parallelism, batch, input and output lengths, precision,
//! engine), and predicting with guessed defaults would overclaim, so performance claims are
//! reported `unverifiable` with what the text gave and what it left out.

/// The zoo model named in a (lowercased) sentence, if any: the longest id that appears with
/// its punctuation ignored (`DeepSeek-V3`, `deepseek v3`, `Llama 3.1 8B`).
pub(crate) fn model_named(lower: &str) -> Option<&'static str> {
    let compact: String = lower.chars().filter(char::is_ascii_alphanumeric).collect();
    redline_perf::zoo_ids()
        .into_iter()
        .filter(|id| {
            let key: String = id.chars().filter(char::is_ascii_alphanumeric).collect();
            !key.is_empty() && compact.contains(&key)
        })
        .max_by_key(|id| id.len())
}

/// Why a throughput claim cannot be checked, naming what the text gives.
pub(crate) fn reason(lower: &str) -> String {
    let model = model_named(lower);
    let mut missing = vec!["chip count and parallelism", "batch size", "input and output lengths", "engine"];
    let precision = ["fp8", "bf16", "fp16", "int8", "int4", "fp4"].iter().find(|p| lower.contains(*p));
    if precision.is_none() {
        missing.push("precision");
    }
    if model.is_none() {
        missing.insert(0, "model");
    }
    let given = match (model, precision) {
        (Some(m), Some(p)) => format!("the text names model {m} at {p}"),
        (Some(m), None) => format!("the text names model {m}"),
        (None, Some(p)) => format!("the text names precision {p}"),
        (None, None) => "the text names no model".to_string(),
    };
    format!(
        "the performance model needs the whole workload; {given} but not the {}: run `redline perf` with them to check",
        missing.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_a_zoo_model() {
        assert_eq!(model_named("on deepseek-v3 at fp8"), Some("deepseek-v3"));
        assert_eq!(model_named("on a chatbot"), None);
        assert!(reason("on deepseek-v3").contains("deepseek-v3"));
    }
}
