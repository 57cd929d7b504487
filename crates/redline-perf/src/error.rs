//! The crate's one error type. Every message names the offending key or field and, for
//! numbers, the unit it is read in.

use thiserror::Error;

/// Everything that can go wrong building a model or predicting with it.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum PerfError {
    /// The model config is not valid JSON at all.
    #[error("model config is not valid JSON: {0}")]
    Json(String),
    /// A config key this model does not know. Unknown keys are refused rather than ignored,
    /// because a silently ignored architecture key gives silently wrong numbers.
    #[error(
        "unknown model config key `{key}` (model_type `{model_type}`); remove it or add it to the list of known keys"
    )]
    UnknownConfigKey {
        /// The key as written in the file.
        key: String,
        /// The `model_type` of the config.
        model_type: String,
    },
    /// A required config key is absent.
    #[error("model config is missing required key `{key}` ({expected})")]
    MissingConfigKey {
        /// The key.
        key: String,
        /// What it should hold.
        expected: &'static str,
    },
    /// A config key has the wrong type or an impossible value.
    #[error("model config key `{key}` is malformed: expected {expected}, found {found}")]
    MalformedConfigKey {
        /// The key.
        key: String,
        /// What it should hold.
        expected: &'static str,
        /// What was found, as JSON.
        found: String,
    },
    /// The architecture is not one this model knows how to count.
    #[error(
        "unsupported model_type `{0}` (supported: llama, mistral, mixtral, qwen2, qwen3, qwen3_moe, deepseek_v2, deepseek_v3, gpt_oss, llama4)"
    )]
    UnsupportedModelType(String),
    /// No zoo entry has this id (the second field: a did-you-mean hint, possibly empty).
    #[error("unknown model `{0}`{1}; `redline models` lists the embedded zoo, or pass a path to a config.json")]
    UnknownModel(String, String),
    /// A hardware field is missing, zero, negative or not finite.
    #[error("hardware `{chip}`: field `{field}` is {problem} (unit: {unit})")]
    InvalidHardware {
        /// Chip name.
        chip: String,
        /// Field name.
        field: &'static str,
        /// What is wrong.
        problem: String,
        /// Unit the field is read in.
        unit: &'static str,
    },
    /// A request field is out of range or inconsistent with the model.
    #[error("request field `{field}`: {problem}")]
    InvalidRequest {
        /// Field name.
        field: &'static str,
        /// What is wrong.
        problem: String,
    },
    /// A request parameter (a `redline perf` flag or `/api/perf` query parameter) has a value
    /// outside its type, unit or range, or one that conflicts with another parameter.
    #[error("`{field}` {value:?}: {expected}")]
    InvalidParam {
        /// Parameter name (`kv_precision`; the CLI flag is `--kv-precision`).
        field: &'static str,
        /// The value as given.
        value: String,
        /// What is expected, with the unit.
        expected: String,
    },
    /// A request parameter no request takes.
    #[error("unknown parameter `{key}`; expected one of: {expected}")]
    UnknownParam {
        /// The key as given.
        key: String,
        /// The keys taken.
        expected: String,
    },
    /// The chip does not support the requested number format at all.
    #[error(
        "hardware `{chip}` has no peak throughput for `{precision}` nor any 16-bit format to fall back to (field `dense_tflops`, unit TFLOP/s)"
    )]
    UnsupportedPrecision {
        /// Chip name.
        chip: String,
        /// Requested format.
        precision: String,
    },
    /// An engine profile file is malformed.
    #[error("engine profile `{file}`: {problem}")]
    EngineProfile {
        /// File name.
        file: String,
        /// What is wrong.
        problem: String,
    },
    /// A validation CSV could not be read.
    #[error("validation data `{file}`: {problem}")]
    ValidationData {
        /// File name.
        file: String,
        /// What is wrong.
        problem: String,
    },
}

pub(crate) fn bad_request(field: &'static str, problem: impl Into<String>) -> PerfError {
    PerfError::InvalidRequest { field, problem: problem.into() }
}
