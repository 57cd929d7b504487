//! The embedded model zoo: Hugging Face configs carried in the binary (data/models/).

use std::sync::OnceLock;

use super::ModelConfig;
use crate::PerfError;

/// One zoo entry: our id, the Hugging Face repository, and the raw config.
#[derive(Debug, Clone, Copy)]
pub struct ZooEntry {
    /// Short id, e.g. `llama-3.1-8b`.
    pub id: &'static str,
    /// Hugging Face repository, e.g. `meta-llama/Llama-3.1-8B`.
    pub hf_repo: &'static str,
    /// The config.json text.
    pub json: &'static str,
}

macro_rules! entry {
    ($id:literal, $repo:literal, $file:literal) => {
        ZooEntry { id: $id, hf_repo: $repo, json: include_str!(concat!("../../../../data/models/", $file)) }
    };
}

/// Every embedded config.
pub const ZOO: &[ZooEntry] = &[
    entry!("llama-7b", "huggyllama/llama-7b", "huggyllama__llama-7b.json"),
    entry!("llama-2-7b", "meta-llama/Llama-2-7b-hf", "meta-llama__Llama-2-7b-hf.json"),
    entry!("llama-2-13b", "meta-llama/Llama-2-13b-hf", "meta-llama__Llama-2-13b-hf.json"),
    entry!("llama-2-70b", "meta-llama/Llama-2-70b-hf", "meta-llama__Llama-2-70b-hf.json"),
    entry!("llama-3-8b", "meta-llama/Meta-Llama-3-8B", "meta-llama__Meta-Llama-3-8B.json"),
    entry!("llama-3-70b", "meta-llama/Meta-Llama-3-70B", "meta-llama__Meta-Llama-3-70B.json"),
    entry!("llama-3.1-8b", "meta-llama/Llama-3.1-8B", "meta-llama__Llama-3.1-8B.json"),
    entry!("llama-3.1-70b", "meta-llama/Llama-3.1-70B", "meta-llama__Llama-3.1-70B.json"),
    entry!("llama-3.1-405b", "meta-llama/Llama-3.1-405B", "meta-llama__Llama-3.1-405B.json"),
    entry!("llama-3.3-70b", "meta-llama/Llama-3.3-70B-Instruct", "meta-llama__Llama-3.3-70B-Instruct.json"),
    entry!(
        "llama-4-scout",
        "meta-llama/Llama-4-Scout-17B-16E-Instruct",
        "meta-llama__Llama-4-Scout-17B-16E-Instruct.json"
    ),
    entry!("mistral-7b", "mistralai/Mistral-7B-v0.1", "mistralai__Mistral-7B-v0.1.json"),
    entry!("mixtral-8x7b", "mistralai/Mixtral-8x7B-v0.1", "mistralai__Mixtral-8x7B-v0.1.json"),
    entry!("qwen2-7b", "Qwen/Qwen2-7B", "Qwen__Qwen2-7B.json"),
    entry!("qwen2-72b", "Qwen/Qwen2-72B", "Qwen__Qwen2-72B.json"),
    entry!("qwen2.5-7b", "Qwen/Qwen2.5-7B", "Qwen__Qwen2.5-7B.json"),
    entry!("qwen2.5-72b", "Qwen/Qwen2.5-72B", "Qwen__Qwen2.5-72B.json"),
    entry!("qwen3-0.6b", "Qwen/Qwen3-0.6B", "Qwen__Qwen3-0.6B.json"),
    entry!("qwen3-1.7b", "Qwen/Qwen3-1.7B", "Qwen__Qwen3-1.7B.json"),
    entry!("qwen3-4b", "Qwen/Qwen3-4B", "Qwen__Qwen3-4B.json"),
    entry!("qwen3-8b", "Qwen/Qwen3-8B", "Qwen__Qwen3-8B.json"),
    entry!("qwen3-14b", "Qwen/Qwen3-14B", "Qwen__Qwen3-14B.json"),
    entry!("qwen3-32b", "Qwen/Qwen3-32B", "Qwen__Qwen3-32B.json"),
    entry!("qwen3-30b-a3b", "Qwen/Qwen3-30B-A3B", "Qwen__Qwen3-30B-A3B.json"),
    entry!("qwen3-235b-a22b", "Qwen/Qwen3-235B-A22B", "Qwen__Qwen3-235B-A22B.json"),
    entry!("deepseek-v3", "deepseek-ai/DeepSeek-V3", "deepseek-ai__DeepSeek-V3.json"),
    entry!("deepseek-r1", "deepseek-ai/DeepSeek-R1", "deepseek-ai__DeepSeek-R1.json"),
    entry!("gpt-oss-20b", "openai/gpt-oss-20b", "openai__gpt-oss-20b.json"),
    entry!("gpt-oss-120b", "openai/gpt-oss-120b", "openai__gpt-oss-120b.json"),
];

/// The parsed zoo, in [`ZOO`] order. Parsed once; every embedded config is checked by tests.
#[must_use]
pub fn zoo() -> &'static [ModelConfig] {
    static PARSED: OnceLock<Vec<ModelConfig>> = OnceLock::new();
    PARSED.get_or_init(|| ZOO.iter().filter_map(|e| ModelConfig::from_json_str(e.id, e.json).ok()).collect())
}

/// Ids of the embedded models.
#[must_use]
pub fn zoo_ids() -> Vec<&'static str> {
    ZOO.iter().map(|e| e.id).collect()
}

/// Looks a model up by zoo id or Hugging Face repository name (case-insensitive).
///
/// # Errors
/// [`PerfError::UnknownModel`] when nothing matches.
pub fn zoo_model(id_or_repo: &str) -> Result<&'static ModelConfig, PerfError> {
    let want = id_or_repo.trim();
    let unknown = || PerfError::UnknownModel(want.to_string(), did_you_mean(want));
    let idx = ZOO
        .iter()
        .position(|e| e.id.eq_ignore_ascii_case(want) || e.hf_repo.eq_ignore_ascii_case(want))
        .ok_or_else(unknown)?;
    // Only the config asked for is parsed (a whole `redline perf` process names one model).
    static EACH: [OnceLock<Option<ModelConfig>>; ZOO.len()] = [const { OnceLock::new() }; ZOO.len()];
    let entry = ZOO[idx];
    EACH[idx].get_or_init(|| ModelConfig::from_json_str(entry.id, entry.json).ok()).as_ref().ok_or_else(unknown)
}

/// Levenshtein distance over bytes, case-insensitive.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.to_ascii_lowercase().into_bytes(), b.to_ascii_lowercase().into_bytes());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// `" (did you mean `x`?)"` for the nearest zoo id within a third of the length, else empty.
fn did_you_mean(want: &str) -> String {
    let squash = |s: &str| s.to_ascii_lowercase().replace(['-', '_', '.', ' '], "");
    let w = squash(want);
    let best = ZOO
        .iter()
        .map(|e| {
            let d = edit_distance(&w, &squash(e.id)).min(edit_distance(want, e.hf_repo));
            let contains = !w.is_empty() && squash(e.id).contains(&w);
            (if contains { 0 } else { d }, e.id)
        })
        .min();
    match best {
        Some((d, id)) if d <= (w.len() / 3).max(2) => format!(" (did you mean `{id}`?)"),
        _ => String::new(),
    }
}
