//! Golden values from hand computation. Each expected number has its arithmetic beside it.

use redline_perf::{Precision, zoo, zoo_model};

fn close(a: f64, b: f64, rel: f64) -> bool {
    ((a - b) / b).abs() <= rel
}

#[test]
fn every_zoo_config_parses() {
    assert_eq!(zoo().len(), redline_perf::ZOO.len(), "an embedded config failed to parse");
    for e in redline_perf::ZOO {
        redline_perf::ModelConfig::from_json_str(e.id, e.json).unwrap_or_else(|err| panic!("{}: {err}", e.id));
    }
}

#[test]
fn llama_3_1_8b_params() {
    // Embedding and LM head: 2 x 128256 x 4096 = 1,050,673,152
    // Per layer: Wq 4096x4096 (16,777,216) + Wk, Wv 2 x 4096x1024 (8,388,608) + Wo 16,777,216
    //   + MLP 3 x 4096 x 14336 (176,160,768) + 2 norms 8,192 = 218,112,000; x 32 = 6,979,584,000
    // Final norm 4,096. Total = 8,030,261,248.
    let p = zoo_model("llama-3.1-8b").unwrap().params();
    assert_eq!(p.total.round(), 8_030_261_248.0);
    assert_eq!(p.active, p.total);
}

#[test]
fn deepseek_v3_params() {
    // MLA per layer: W_DQ 7168x1536 = 11,010,048; q norm 1,536; W_UQ 1536 x 128 x 192 = 37,748,736;
    //   W_DKV 7168 x 576 = 4,128,768; kv norm 512; W_UK+W_UV 512 x 128 x 256 = 16,777,216;
    //   W_O 128 x 128 x 7168 = 117,440,512; 2 layer norms 14,336 -> 187,121,664; x 61 = 11,414,421,504
    // Dense MLP (3 layers): 3 x 7168 x 18432 = 396,361,728; x 3 = 1,189,085,184
    // MoE (58 layers): 257 experts x 3 x 7168 x 2048 (44,040,192) = 11,318,329,344 + router 256 x 7168
    //   = 1,835,008 -> 11,320,164,352; x 58 = 656,569,532,416
    // Embedding + head 2 x 129280 x 7168 = 1,853,358,080; final norm 7,168.
    // Total = 671,026,404,352 (671 B).
    // Active: total - 58 x 256 x 44,040,192 + 58 x 8 x 44,040,192 = 671.03e9 - 633.47e9 = 37.55e9 (37 B).
    let p = zoo_model("deepseek-v3").unwrap().params();
    assert!(close(p.total, 671.026e9, 1e-4), "total {}", p.total);
    assert!(close(p.active, 37.55e9, 2e-3), "active {}", p.active);
}

#[test]
fn kv_bytes_per_token() {
    // Llama-3.1-70B bf16: 2 (K,V) x 80 layers x 8 KV heads x 128 x 2 bytes = 327,680 B = 320 KiB
    let m = zoo_model("llama-3.1-70b").unwrap();
    assert_eq!(m.kv_bytes_per_token(Precision::Bf16), 327_680.0);
    // DeepSeek-V3 MLA bf16: (512 + 64) x 61 layers x 2 bytes = 70,272 B
    let d = zoo_model("deepseek-v3").unwrap();
    assert_eq!(d.kv_bytes_per_token(Precision::Bf16), 70_272.0);
    // Llama-2-7B MHA fp16: 2 x 32 x 32 x 128 x 2 = 524,288 B = 512 KiB; fp8 halves it
    let l = zoo_model("llama-2-7b").unwrap();
    assert_eq!(l.kv_bytes_per_token(Precision::Fp16), 524_288.0);
    assert_eq!(l.kv_bytes_per_token(Precision::Fp8), 262_144.0);
}

#[test]
fn flops_per_token() {
    // Llama-3.1-8B at context 0: 2 x (8,030,261,248 - 525,336,576 embedding - 266,240 norms)
    //   = 2 x 7,504,658,432 = 15,009,316,864
    let m = zoo_model("llama-3.1-8b").unwrap();
    assert_eq!(m.flops_per_token(0).round(), 15_009_316_864.0);
    // Attention at context 4096 adds 4 x 32 heads x 128 x 4096 x 32 layers = 2,147,483,648
    assert_eq!((m.flops_per_token(4096) - m.flops_per_token(0)).round(), 2_147_483_648.0);
    // DeepSeek-V3 absorbed MLA at 4096: 61 x 128 x 4096 x (2 x 576 + 2 x 512 = 2176) = 69.6e9
    let d = zoo_model("deepseek-v3").unwrap();
    let attn = d.flops_per_token(4096) - d.flops_per_token(0);
    assert!(close(attn, 61.0 * 128.0 * 4096.0 * 2176.0, 1e-12));
}

#[test]
fn other_architectures_count_sensibly() {
    // Mixtral 8x7B: 46.7 B total, 12.9 B active (Mistral AI).
    let m = zoo_model("mixtral-8x7b").unwrap().params();
    assert!(close(m.total, 46.70e9, 0.005), "{}", m.total);
    assert!(close(m.active, 12.88e9, 0.01), "{}", m.active);
    // gpt-oss-120b: 116.8 B total, 5.13 B active per the OpenAI model card, which leaves the input
    // embedding (201,088 x 2,880 = 579,133,440) out of "active"; we count it, so 5.13 + 0.58 = 5.71 B.
    let g = zoo_model("gpt-oss-120b").unwrap().params();
    assert!(close(g.total, 116.8e9, 0.01), "{}", g.total);
    assert!(close(g.active - 579_133_440.0, 5.13e9, 0.01), "{}", g.active);
    // Qwen3-235B-A22B: 235 B total, 22 B active.
    let q = zoo_model("qwen3-235b-a22b").unwrap().params();
    assert!(close(q.total, 235.1e9, 0.01), "{}", q.total);
    assert!(close(q.active, 22.1e9, 0.02), "{}", q.active);
    // Llama-4-Scout text model: 107.8 B (109 B with vision), 17 B active.
    let l = zoo_model("llama-4-scout").unwrap().params();
    assert!(close(l.total, 107.8e9, 0.01), "{}", l.total);
    assert!(close(l.active, 17.2e9, 0.02), "{}", l.active);
}

#[test]
fn usable_memory_of_80_gb_h100_and_96_gb_h20() {
    use redline_perf::{InferenceRequest, predict_inference, reference_hardware};
    // HBM "GB" are binary: the driver reports 81,559 MiB on an 80 GB H100 and 97,871 MiB on a
    // 96 GB H20 (data/hardware/memory.toml). 81,559 x 2^20 = 85,520,809,984 B = 85.52 GB;
    // TRT-LLM lets 90% of it be used: 76.97 GB. 97,871 x 2^20 = 102,626,639,872 B = 102.63 GB; x 0.9 = 92.36 GB.
    let m = zoo_model("llama-3.1-8b").unwrap();
    let req = InferenceRequest::default();
    let h100 = predict_inference(&reference_hardware("h100-sxm").unwrap(), m, &req).unwrap();
    assert!(close(h100.memory_gb.capacity, 85.5208, 1e-4), "{}", h100.memory_gb.capacity);
    assert!(close(h100.memory_gb.usable, 76.9687, 1e-4), "{}", h100.memory_gb.usable);
    let h20 = predict_inference(&reference_hardware("h20").unwrap(), m, &req).unwrap();
    assert!(close(h20.memory_gb.capacity, 102.6266, 1e-4), "{}", h20.memory_gb.capacity);
    assert!(close(h20.memory_gb.usable, 92.364, 1e-4), "{}", h20.memory_gb.usable);
}

#[test]
fn deepseek_v3_fp8_fits_8_h20_but_not_8_h100() {
    use redline_perf::{Batch, InferenceRequest, predict_inference, reference_hardware};
    // Weights per chip with experts spread over 8 chips: 671.03e9 params, fp8 (1 B) except the
    // 1.85e9 embedding/head params in bf16: (671.03 - 1.85) e9 / 8 + 1.85e9 x 2 / 8 = 84.1 GB.
    // H20: usable 92.36 GB - 84.1 weights - 2 reserve - 0.7 activations = 5.5 GB for the MLA
    // cache: 70,272 B/token x 2,048 tokens = 144 MB per sequence -> about 38 sequences.
    // H100: usable 76.97 GB < 84.1 GB of weights -> nothing fits, no throughput claimed.
    let m = zoo_model("deepseek-v3").unwrap();
    let req =
        InferenceRequest { gpus: 8, tp: Some(8), batch: Batch::Max, precision: Precision::Fp8, ..Default::default() };
    let h20 = predict_inference(&reference_hardware("h20").unwrap(), m, &req).unwrap();
    assert!(close(h20.memory_gb.weights, 84.1, 0.01), "{}", h20.memory_gb.weights);
    assert!(h20.fits && h20.max_batch >= 30 && h20.max_batch <= 45, "max batch {}", h20.max_batch);
    assert!(h20.output_tokens_per_s.is_some_and(|t| t > 0.0));
    let h100 = predict_inference(&reference_hardware("h100-sxm").unwrap(), m, &req).unwrap();
    assert!(!h100.fits);
    assert_eq!(h100.max_batch, 0);
    assert_eq!(h100.output_tokens_per_s, None);
    assert_eq!(h100.latency_s, None);
    assert_eq!(h100.ttft_s, None);
    assert_eq!(h100.tpot_s, None);
    assert!(h100.notes.iter().any(|n| n.contains("would fit on 16 chips")), "{:?}", h100.notes);
    // Left to choose its layout, 8 x H20 still fits with room for a batch; 8 x H100 still does not.
    let open = InferenceRequest { tp: None, ..req };
    assert!(predict_inference(&reference_hardware("h20").unwrap(), m, &open).unwrap().max_batch >= 8);
    assert_eq!(predict_inference(&reference_hardware("h100-sxm").unwrap(), m, &open).unwrap().max_batch, 0);
}

#[test]
fn a_missing_format_falls_back_with_a_note_naming_both() {
    use redline_perf::{Hardware, InferenceRequest, predict_inference};
    // A chip with bf16 and int8 but no fp8 (Ampere-like): fp8 runs as int8, weights included.
    let mut hw = Hardware { name: "no-fp8".into(), family: "ampere".into(), ..Default::default() };
    hw.dense_tflops.insert(Precision::Bf16, 312.0);
    hw.dense_tflops.insert(Precision::Int8, 624.0);
    hw.memory_bandwidth_gbs = Some(2039.0);
    hw.memory_capacity_gb = Some(80.0);
    let m = zoo_model("llama-3.1-8b").unwrap();
    let p = predict_inference(&hw, m, &InferenceRequest { precision: Precision::Fp8, ..Default::default() }).unwrap();
    assert_eq!(p.precision, Precision::Fp8);
    assert_eq!(p.weight_precision, Precision::Int8);
    assert_eq!(p.compute_precision, Precision::Int8);
    assert!(p.notes.iter().any(|n| n.contains("fp8") && n.contains("int8")), "{:?}", p.notes);
    // Without int8 either, fp4 falls to bf16.
    hw.dense_tflops.remove(&Precision::Int8);
    let p = predict_inference(&hw, m, &InferenceRequest { precision: Precision::Fp4, ..Default::default() }).unwrap();
    assert_eq!(p.compute_precision, Precision::Bf16);
    assert!(p.notes.iter().any(|n| n.contains("fp4") && n.contains("bf16")), "{:?}", p.notes);
    // Weight-only is explicit: int4 storage, 16-bit math, said so.
    let p = predict_inference(&hw, m, &InferenceRequest { precision: Precision::Int4, ..Default::default() }).unwrap();
    assert_eq!(p.weight_precision, Precision::Int4);
    assert!(p.notes.iter().any(|n| n.contains("weight-only int4")), "{:?}", p.notes);
}
