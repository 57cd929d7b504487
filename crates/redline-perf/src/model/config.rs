//! Parsing Hugging Face `config.json` into a [`ModelConfig`], strictly: unknown keys and
//! wrong types are errors that name the key.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::{PerfError, Precision};

/// How a layer's attention stores and reads its KV cache.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Attention {
    /// Multi-head / grouped-query / multi-query attention.
    Gqa {
        /// Query heads.
        heads: u32,
        /// KV heads.
        kv_heads: u32,
        /// Head dimension.
        head_dim: u32,
    },
    /// DeepSeek multi-head latent attention.
    Mla {
        /// Query heads.
        heads: u32,
        /// Query low-rank dimension (None: full-rank query projection, as in DeepSeek-V2-Lite).
        q_lora_rank: Option<u32>,
        /// Latent KV dimension d_c.
        kv_lora_rank: u32,
        /// Non-rotary part of the QK head dimension.
        qk_nope_head_dim: u32,
        /// Rotary part of the QK head dimension (stored once per token, shared by heads).
        qk_rope_head_dim: u32,
        /// Value head dimension.
        v_head_dim: u32,
    },
}

/// Mixture-of-experts shape.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Moe {
    /// Routed experts per MoE layer.
    pub experts: u32,
    /// Routed experts chosen per token.
    pub top_k: u32,
    /// Shared (always-on) experts per MoE layer.
    pub shared_experts: u32,
    /// Intermediate size of one routed expert.
    pub expert_ffn: u64,
    /// Intermediate size of one shared expert.
    pub shared_ffn: u64,
}

/// One model architecture, from a Hugging Face config.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelConfig {
    /// Zoo id (or file stem for user configs).
    pub id: String,
    /// HF `model_type`.
    pub model_type: String,
    /// d_model.
    pub hidden_size: u64,
    /// Decoder layers.
    pub layers: u32,
    /// Attention shape.
    pub attention: Attention,
    /// Dense FFN intermediate size (SwiGLU: 3 matrices).
    pub intermediate_size: u64,
    /// Vocabulary.
    pub vocab_size: u64,
    /// Whether the LM head shares the embedding matrix.
    pub tie_word_embeddings: bool,
    /// Biases on the attention projections.
    pub attention_bias: bool,
    /// MoE shape, when the model has MoE layers.
    pub moe: Option<Moe>,
    /// Number of layers whose MLP is MoE (the rest are dense).
    pub moe_layers: u32,
    /// Sliding-window (or chunked) attention span, tokens, for the windowed layers.
    pub attention_window: Option<u32>,
    /// Number of layers that use the window (the rest attend to the full context).
    pub windowed_layers: u32,
    /// Precision of the published checkpoint.
    pub native_precision: Precision,
    /// Maximum context, tokens.
    pub max_position_embeddings: Option<u64>,
}

const COMMON_KEYS: &[&str] = &[
    "architectures",
    "model_type",
    "_name_or_path",
    "auto_map",
    "bos_token_id",
    "eos_token_id",
    "pad_token_id",
    "torch_dtype",
    "dtype",
    "transformers_version",
    "use_cache",
    "initializer_range",
    "rms_norm_eps",
    "attention_dropout",
    "rope_theta",
    "rope_scaling",
    "rope_parameters",
    "max_position_embeddings",
    "hidden_act",
    "pretraining_tp",
    "tie_word_embeddings",
    "vocab_size",
    "hidden_size",
    "num_hidden_layers",
    "num_attention_heads",
    "num_key_value_heads",
    "head_dim",
    "intermediate_size",
    "attention_bias",
    "mlp_bias",
    "quantization_config",
    "output_router_logits",
    "router_aux_loss_coef",
    "sliding_window",
    "use_sliding_window",
    "max_window_layers",
    "layer_types",
    "router_jitter_noise",
];
const QWEN_KEYS: &[&str] = &["use_mrope"];
const MIXTRAL_KEYS: &[&str] = &["num_local_experts", "num_experts_per_tok"];
const QWEN_MOE_KEYS: &[&str] = &[
    "decoder_sparse_step",
    "mlp_only_layers",
    "moe_intermediate_size",
    "norm_topk_prob",
    "num_experts",
    "num_experts_per_tok",
    "shared_expert_intermediate_size",
];
const DEEPSEEK_KEYS: &[&str] = &[
    "ep_size",
    "first_k_dense_replace",
    "kv_lora_rank",
    "moe_intermediate_size",
    "moe_layer_freq",
    "n_group",
    "n_routed_experts",
    "n_shared_experts",
    "norm_topk_prob",
    "num_experts_per_tok",
    "num_nextn_predict_layers",
    "q_lora_rank",
    "qk_nope_head_dim",
    "qk_rope_head_dim",
    "routed_scaling_factor",
    "scoring_func",
    "topk_group",
    "topk_method",
    "v_head_dim",
    "aux_loss_alpha",
    "seq_aux",
];
const GPT_OSS_KEYS: &[&str] =
    &["experts_per_token", "num_local_experts", "num_experts_per_tok", "swiglu_limit", "initial_context_length"];
const LLAMA4_OUTER_KEYS: &[&str] =
    &["text_config", "vision_config", "boi_token_index", "eoi_token_index", "image_token_index"];
const LLAMA4_TEXT_KEYS: &[&str] = &[
    "attention_chunk_size",
    "interleave_moe_layer_step",
    "intermediate_size_mlp",
    "num_local_experts",
    "num_experts_per_tok",
    "use_qk_norm",
    "no_rope_layers",
    "moe_layers",
    "attn_temperature_tuning",
    "floor_scale",
    "attn_scale",
    "for_llm_compressor",
    "cache_implementation",
];

/// Physical bounds on a config's counts and sizes: `(key, largest value, expected)`. The
/// largest real models are far inside them (126 layers, hidden 18,432, 384 experts, a
/// 10M-token context); a value past them is a corrupt or hostile file, and letting it through
/// made a prediction loop over billions of layers.
const BOUNDS: &[(&str, u64, &str)] = &[
    ("num_hidden_layers", 1024, "a layer count from 1 to 1024"),
    ("hidden_size", 1 << 17, "a hidden size from 1 to 131072"),
    ("intermediate_size", 1 << 20, "a feed-forward size from 1 to 1048576"),
    ("intermediate_size_mlp", 1 << 20, "a feed-forward size from 1 to 1048576"),
    ("moe_intermediate_size", 1 << 20, "a feed-forward size from 1 to 1048576"),
    ("shared_expert_intermediate_size", 1 << 20, "a feed-forward size from 0 to 1048576"),
    ("num_attention_heads", 4096, "a head count from 1 to 4096"),
    ("num_key_value_heads", 4096, "a head count from 1 to 4096"),
    ("head_dim", 4096, "a head size from 1 to 4096"),
    ("qk_nope_head_dim", 4096, "a head size from 1 to 4096"),
    ("qk_rope_head_dim", 4096, "a head size from 1 to 4096"),
    ("v_head_dim", 4096, "a head size from 1 to 4096"),
    ("kv_lora_rank", 1 << 16, "a rank from 1 to 65536"),
    ("q_lora_rank", 1 << 16, "a rank from 0 to 65536"),
    ("num_experts", 1 << 16, "an expert count from 1 to 65536"),
    ("num_local_experts", 1 << 16, "an expert count from 1 to 65536"),
    ("n_routed_experts", 1 << 16, "an expert count from 1 to 65536"),
    ("n_shared_experts", 1024, "a shared expert count from 0 to 1024"),
    ("num_experts_per_tok", 1024, "experts per token from 1 to 1024"),
    ("experts_per_token", 1024, "experts per token from 1 to 1024"),
    ("first_k_dense_replace", 1024, "a layer count from 0 to 1024"),
    ("decoder_sparse_step", 1024, "a layer step from 1 to 1024"),
    ("moe_layer_freq", 1024, "a layer step from 1 to 1024"),
    ("interleave_moe_layer_step", 1024, "a layer step from 1 to 1024"),
    ("vocab_size", 1 << 24, "a vocabulary size from 1 to 16777216"),
    ("max_position_embeddings", 1 << 30, "a context length from 1 to 2^30 tokens"),
    ("sliding_window", 1 << 30, "a window from 1 to 2^30 tokens"),
    ("attention_chunk_size", 1 << 30, "a chunk from 1 to 2^30 tokens"),
];

/// Largest value a layer index may take in lists such as `mlp_only_layers`.
const MAX_LAYER_INDEX: u64 = 1024;

struct Obj<'a> {
    map: &'a Map<String, Value>,
    model_type: String,
}

impl<'a> Obj<'a> {
    fn check_keys(&self, extra: &[&str]) -> Result<(), PerfError> {
        for key in self.map.keys() {
            if !COMMON_KEYS.contains(&key.as_str()) && !extra.contains(&key.as_str()) {
                return Err(PerfError::UnknownConfigKey { key: key.clone(), model_type: self.model_type.clone() });
            }
        }
        Ok(())
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn malformed(key: &str, expected: &'static str, v: &Value) -> PerfError {
        PerfError::MalformedConfigKey { key: key.to_string(), expected, found: v.to_string() }
    }

    fn opt_u64(&self, key: &str) -> Result<Option<u64>, PerfError> {
        let v = self.opt_u64_unbounded(key)?;
        if let (Some(x), Some((_, hi, expected))) = (v, BOUNDS.iter().find(|(k, _, _)| *k == key))
            && x > *hi
        {
            return Err(PerfError::MalformedConfigKey { key: key.to_string(), expected, found: x.to_string() });
        }
        Ok(v)
    }

    fn opt_u64_unbounded(&self, key: &str) -> Result<Option<u64>, PerfError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => match v.as_u64() {
                Some(x) => Ok(Some(x)),
                // Accept integral floats such as 4096.0, which some tools write.
                None => match v.as_f64() {
                    Some(f) if f.fract() == 0.0 && (0.0..1e15).contains(&f) => Ok(Some(f as u64)),
                    _ => Err(Self::malformed(key, "a non-negative integer", v)),
                },
            },
        }
    }

    fn u64(&self, key: &str) -> Result<u64, PerfError> {
        self.opt_u64(key)?.ok_or(PerfError::MissingConfigKey { key: key.to_string(), expected: "a positive integer" })
    }

    fn pos_u64(&self, key: &str) -> Result<u64, PerfError> {
        let v = self.u64(key)?;
        if v == 0 {
            return Err(PerfError::MalformedConfigKey {
                key: key.to_string(),
                expected: "a positive integer",
                found: "0".into(),
            });
        }
        Ok(v)
    }

    fn pos_u32(&self, key: &str) -> Result<u32, PerfError> {
        let v = self.pos_u64(key)?;
        u32::try_from(v).map_err(|_| PerfError::MalformedConfigKey {
            key: key.to_string(),
            expected: "an integer below 2^32",
            found: v.to_string(),
        })
    }

    fn opt_u32(&self, key: &str) -> Result<Option<u32>, PerfError> {
        match self.opt_u64(key)? {
            None => Ok(None),
            Some(v) => u32::try_from(v).map(Some).map_err(|_| PerfError::MalformedConfigKey {
                key: key.to_string(),
                expected: "an integer below 2^32",
                found: v.to_string(),
            }),
        }
    }

    fn bool_or(&self, key: &str, default: bool) -> Result<bool, PerfError> {
        match self.get(key) {
            None => Ok(default),
            Some(v) => v.as_bool().ok_or_else(|| Self::malformed(key, "true or false", v)),
        }
    }

    fn str_opt(&self, key: &str) -> Result<Option<&'a str>, PerfError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v.as_str().map(Some).ok_or_else(|| Self::malformed(key, "a string", v)),
        }
    }

    fn u32_list(&self, key: &str) -> Result<Vec<u32>, PerfError> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(a)) => a
                .iter()
                .map(|x| {
                    x.as_u64()
                        .filter(|n| *n < MAX_LAYER_INDEX)
                        .and_then(|n| u32::try_from(n).ok())
                        .ok_or_else(|| Self::malformed(key, "a list of layer indices", x))
                })
                .collect(),
            Some(v) => Err(Self::malformed(key, "a list of layer indices", v)),
        }
    }

    fn native_precision(&self) -> Result<Precision, PerfError> {
        if let Some(q) = self.get("quantization_config") {
            let Some(obj) = q.as_object() else {
                return Err(Self::malformed("quantization_config", "an object", q));
            };
            match obj.get("quant_method").and_then(Value::as_str) {
                Some("fp8") => return Ok(Precision::Fp8),
                Some("mxfp4") => return Ok(Precision::Fp4),
                Some("awq" | "gptq") => {
                    return Ok(if obj.get("bits").and_then(Value::as_u64) == Some(8) {
                        Precision::Int8
                    } else {
                        Precision::Int4
                    });
                }
                _ => {}
            }
        }
        let dtype = match self.str_opt("torch_dtype")? {
            Some(s) => Some(s),
            None => self.str_opt("dtype")?,
        };
        Ok(match dtype {
            Some("float16") => Precision::Fp16,
            Some("float32") => Precision::Fp32,
            _ => Precision::Bf16,
        })
    }
}

fn gqa(o: &Obj<'_>, hidden: u64) -> Result<Attention, PerfError> {
    let heads = o.pos_u32("num_attention_heads")?;
    let kv_heads = match o.opt_u32("num_key_value_heads")? {
        Some(0) => {
            return Err(PerfError::MalformedConfigKey {
                key: "num_key_value_heads".into(),
                expected: "a positive integer",
                found: "0".into(),
            });
        }
        Some(k) => k,
        None => heads,
    };
    if heads % kv_heads != 0 {
        return Err(PerfError::MalformedConfigKey {
            key: "num_key_value_heads".into(),
            expected: "a divisor of num_attention_heads",
            found: kv_heads.to_string(),
        });
    }
    let head_dim = match o.opt_u32("head_dim")? {
        Some(d) if d > 0 => d,
        _ => {
            if !hidden.is_multiple_of(u64::from(heads)) {
                return Err(PerfError::MissingConfigKey {
                    key: "head_dim".into(),
                    expected: "a positive integer (hidden_size is not divisible by num_attention_heads)",
                });
            }
            u32::try_from(hidden / u64::from(heads)).unwrap_or(u32::MAX)
        }
    };
    Ok(Attention::Gqa { heads, kv_heads, head_dim })
}

impl ModelConfig {
    /// Parses a Hugging Face `config.json`. `id` names the model in outputs.
    ///
    /// # Errors
    /// [`PerfError::Json`] for invalid JSON; [`PerfError::UnknownConfigKey`],
    /// [`PerfError::MissingConfigKey`], [`PerfError::MalformedConfigKey`] naming the key;
    /// [`PerfError::UnsupportedModelType`] for other architectures.
    pub fn from_json_str(id: &str, json: &str) -> Result<ModelConfig, PerfError> {
        let value: Value = serde_json::from_str(json).map_err(|e| PerfError::Json(e.to_string()))?;
        let Some(map) = value.as_object() else {
            return Err(PerfError::Json("top level must be a JSON object".into()));
        };
        let model_type = match map.get("model_type") {
            Some(Value::String(s)) => s.clone(),
            Some(v) => return Err(Obj::malformed("model_type", "a string", v)),
            None => {
                return Err(PerfError::MissingConfigKey {
                    key: "model_type".into(),
                    expected: "a string such as \"llama\"",
                });
            }
        };
        let outer = Obj { map, model_type: model_type.clone() };
        match model_type.as_str() {
            "llama" | "mistral" | "qwen2" | "qwen3" => {
                outer.check_keys(QWEN_KEYS)?;
                Self::dense(id, &outer)
            }
            "mixtral" => {
                outer.check_keys(MIXTRAL_KEYS)?;
                Self::mixtral_like(id, &outer)
            }
            "qwen3_moe" | "qwen2_moe" => {
                outer.check_keys(QWEN_MOE_KEYS)?;
                Self::qwen_moe(id, &outer)
            }
            "deepseek_v2" | "deepseek_v3" => {
                outer.check_keys(DEEPSEEK_KEYS)?;
                Self::deepseek(id, &outer)
            }
            "gpt_oss" => {
                outer.check_keys(GPT_OSS_KEYS)?;
                Self::mixtral_like(id, &outer)
            }
            "llama4" => {
                outer.check_keys(LLAMA4_OUTER_KEYS)?;
                let text = match map.get("text_config") {
                    Some(Value::Object(t)) => t,
                    Some(v) => return Err(Obj::malformed("text_config", "an object", v)),
                    None => {
                        return Err(PerfError::MissingConfigKey { key: "text_config".into(), expected: "an object" });
                    }
                };
                let inner = Obj { map: text, model_type: "llama4_text".into() };
                inner.check_keys(LLAMA4_TEXT_KEYS)?;
                Self::llama4(id, &inner, &outer)
            }
            "llama4_text" => {
                outer.check_keys(LLAMA4_TEXT_KEYS)?;
                Self::llama4(id, &outer, &outer)
            }
            other => Err(PerfError::UnsupportedModelType(other.to_string())),
        }
    }

    fn base(id: &str, o: &Obj<'_>, attention: Attention, intermediate: u64) -> Result<ModelConfig, PerfError> {
        let hidden = o.pos_u64("hidden_size")?;
        let layers = o.pos_u32("num_hidden_layers")?;
        let use_window = o.bool_or("use_sliding_window", true)?;
        let window = if use_window { o.opt_u32("sliding_window")?.filter(|w| *w > 0) } else { None };
        let mut windowed_layers = if window.is_some() { layers } else { 0 };
        if let Some(types) = o.get("layer_types") {
            let Some(arr) = types.as_array() else {
                return Err(Obj::malformed(
                    "layer_types",
                    "a list of \"full_attention\" / \"sliding_attention\"",
                    types,
                ));
            };
            if arr.len() != layers as usize {
                return Err(Obj::malformed("layer_types", "one entry per layer (num_hidden_layers)", types));
            }
            let mut n = 0;
            for t in arr {
                match t.as_str() {
                    Some("sliding_attention") => n += 1,
                    Some("full_attention") => {}
                    _ => {
                        return Err(Obj::malformed("layer_types", "\"full_attention\" or \"sliding_attention\"", t));
                    }
                }
            }
            windowed_layers = if window.is_some() { n } else { 0 };
        }
        Ok(ModelConfig {
            id: id.to_string(),
            model_type: o.model_type.clone(),
            hidden_size: hidden,
            layers,
            attention,
            intermediate_size: intermediate,
            vocab_size: o.pos_u64("vocab_size")?,
            tie_word_embeddings: o.bool_or("tie_word_embeddings", false)?,
            attention_bias: o.bool_or("attention_bias", o.model_type == "qwen2")?,
            moe: None,
            moe_layers: 0,
            attention_window: if windowed_layers > 0 { window } else { None },
            windowed_layers,
            native_precision: o.native_precision()?,
            max_position_embeddings: o.opt_u64("max_position_embeddings")?,
        })
    }

    fn dense(id: &str, o: &Obj<'_>) -> Result<ModelConfig, PerfError> {
        let hidden = o.pos_u64("hidden_size")?;
        let att = gqa(o, hidden)?;
        Self::base(id, o, att, o.pos_u64("intermediate_size")?)
    }

    fn mixtral_like(id: &str, o: &Obj<'_>) -> Result<ModelConfig, PerfError> {
        let hidden = o.pos_u64("hidden_size")?;
        let att = gqa(o, hidden)?;
        let ffn = o.pos_u64("intermediate_size")?;
        let mut m = Self::base(id, o, att, ffn)?;
        let top_k = match o.opt_u32("num_experts_per_tok")? {
            Some(k) => k,
            None => o.pos_u32("experts_per_token")?,
        };
        let experts = o.pos_u32("num_local_experts")?;
        m.moe = Some(Self::check_moe(Moe { experts, top_k, shared_experts: 0, expert_ffn: ffn, shared_ffn: 0 })?);
        m.moe_layers = m.layers;
        Ok(m)
    }

    fn check_moe(m: Moe) -> Result<Moe, PerfError> {
        if m.top_k == 0 || m.top_k > m.experts {
            return Err(PerfError::MalformedConfigKey {
                key: "num_experts_per_tok".into(),
                expected: "between 1 and the number of experts",
                found: m.top_k.to_string(),
            });
        }
        Ok(m)
    }

    fn qwen_moe(id: &str, o: &Obj<'_>) -> Result<ModelConfig, PerfError> {
        let hidden = o.pos_u64("hidden_size")?;
        let att = gqa(o, hidden)?;
        let mut m = Self::base(id, o, att, o.pos_u64("intermediate_size")?)?;
        let step = o.opt_u32("decoder_sparse_step")?.unwrap_or(1).max(1);
        let dense_only = o.u32_list("mlp_only_layers")?;
        let shared = o.opt_u64("shared_expert_intermediate_size")?.unwrap_or(0);
        m.moe = Some(Self::check_moe(Moe {
            experts: o.pos_u32("num_experts")?,
            top_k: o.pos_u32("num_experts_per_tok")?,
            shared_experts: u32::from(shared > 0),
            expert_ffn: o.pos_u64("moe_intermediate_size")?,
            shared_ffn: shared,
        })?);
        m.moe_layers = (0..m.layers).filter(|i| !dense_only.contains(i) && (i + 1) % step == 0).count() as u32;
        Ok(m)
    }

    fn deepseek(id: &str, o: &Obj<'_>) -> Result<ModelConfig, PerfError> {
        let heads = o.pos_u32("num_attention_heads")?;
        let att = Attention::Mla {
            heads,
            q_lora_rank: o.opt_u32("q_lora_rank")?,
            kv_lora_rank: o.pos_u32("kv_lora_rank")?,
            qk_nope_head_dim: o.pos_u32("qk_nope_head_dim")?,
            qk_rope_head_dim: o.pos_u32("qk_rope_head_dim")?,
            v_head_dim: o.pos_u32("v_head_dim")?,
        };
        let mut m = Self::base(id, o, att, o.pos_u64("intermediate_size")?)?;
        let first_dense = o.opt_u32("first_k_dense_replace")?.unwrap_or(0);
        let freq = o.opt_u32("moe_layer_freq")?.unwrap_or(1).max(1);
        let expert_ffn = o.pos_u64("moe_intermediate_size")?;
        let shared = o.opt_u32("n_shared_experts")?.unwrap_or(0);
        m.moe = Some(Self::check_moe(Moe {
            experts: o.pos_u32("n_routed_experts")?,
            top_k: o.pos_u32("num_experts_per_tok")?,
            shared_experts: shared,
            expert_ffn,
            shared_ffn: expert_ffn,
        })?);
        m.moe_layers = (0..m.layers).filter(|i| *i >= first_dense && i % freq == 0).count() as u32;
        Ok(m)
    }

    fn llama4(id: &str, t: &Obj<'_>, outer: &Obj<'_>) -> Result<ModelConfig, PerfError> {
        let hidden = t.pos_u64("hidden_size")?;
        let att = gqa(t, hidden)?;
        let dense_ffn = t.opt_u64("intermediate_size_mlp")?.unwrap_or(t.pos_u64("intermediate_size")?);
        let mut m = Self::base(id, t, att, dense_ffn)?;
        m.model_type = outer.model_type.clone();
        if let Some(Value::Bool(tie)) = outer.map.get("tie_word_embeddings") {
            m.tie_word_embeddings = *tie;
        }
        let step = t.opt_u32("interleave_moe_layer_step")?.unwrap_or(1).max(1);
        let expert_ffn = t.pos_u64("intermediate_size")?;
        m.moe = Some(Self::check_moe(Moe {
            experts: t.pos_u32("num_local_experts")?,
            top_k: t.pos_u32("num_experts_per_tok")?,
            shared_experts: 1,
            expert_ffn,
            shared_ffn: expert_ffn,
        })?);
        m.moe_layers = (0..m.layers).filter(|i| (i + 1) % step == 0).count() as u32;
        // Chunked local attention on three of every four layers (every fourth is global, NoPE).
        if let Some(chunk) = t.opt_u32("attention_chunk_size")?.filter(|c| *c > 0) {
            m.attention_window = Some(chunk);
            m.windowed_layers = m.layers - m.layers / 4;
        }
        Ok(m)
    }
}

#[cfg(test)]
mod bound_tests {
    use super::*;

    const QWEN3_MOE: &str = include_str!("../../../../data/models/Qwen__Qwen3-30B-A3B.json");

    fn with(key: &str, value: u64) -> String {
        let mut v: Value = serde_json::from_str(QWEN3_MOE).unwrap();
        v[key] = Value::from(value);
        v.to_string()
    }

    /// Regression: a MoE config with `num_hidden_layers` near 2^32 was accepted and took ~10 s
    /// to predict (one pass per layer).
    #[test]
    fn refuses_counts_past_physical_bounds() {
        assert!(ModelConfig::from_json_str("q", QWEN3_MOE).is_ok());
        for (key, bad) in [
            ("num_hidden_layers", 4_294_967_295),
            ("num_hidden_layers", 1025),
            ("hidden_size", 1 << 20),
            ("num_experts", 1 << 17),
            ("vocab_size", 1 << 30),
            ("moe_intermediate_size", 1 << 40),
        ] {
            let err = ModelConfig::from_json_str("q", &with(key, bad)).unwrap_err().to_string();
            assert!(err.contains(key) && err.contains(&bad.to_string()) && err.contains(" to "), "{err}");
        }
        assert!(ModelConfig::from_json_str("q", &with("num_hidden_layers", 1024)).is_ok());
    }
}
