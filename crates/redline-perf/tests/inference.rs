//! Inference behaviour, the JSON contract, and errors.

mod common;

use common::*;
use redline_perf::*;

fn req(gpus: u32, batch: u32, len: u32) -> InferenceRequest {
    InferenceRequest { gpus, batch: Batch::Fixed(batch), input_len: len, output_len: len, ..Default::default() }
}

#[test]
fn json_contract_field_names() {
    let p = predict_inference(&h100(), zoo_model("llama-3.1-8b").unwrap(), &req(1, 8, 512)).unwrap();
    let v = serde_json::to_value(&p).unwrap();
    for k in
        ["latency_s", "ttft_s", "tpot_s", "output_tokens_per_s", "total_tokens_per_s", "fits", "batch", "memory_gb"]
    {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    for k in ["weights", "kv_cache", "total"] {
        assert!(v["memory_gb"].get(k).is_some(), "missing memory_gb.{k}");
    }
    // latency = prefill + (out-1) decode steps for a batch that fits
    assert!(p.fits && p.waves == 1);
    assert!(
        (p.latency_s.unwrap() - (p.ttft_s.unwrap() + 511.0 * p.tpot_s.unwrap())).abs()
            < 1e-9 * p.latency_s.unwrap().max(1.0)
    );
    // throughput definitions
    assert!((p.output_tokens_per_s.unwrap() - 8.0 * 512.0 / p.latency_s.unwrap()).abs() < 1e-6);
    assert!((p.total_tokens_per_s.unwrap() - 8.0 * 1024.0 / p.latency_s.unwrap()).abs() < 1e-6);

    let t = predict_training(
        &h100(),
        zoo_model("llama-3.1-8b").unwrap(),
        &TrainingRequest { tokens: Some(1e9), ..Default::default() },
    )
    .unwrap();
    let v = serde_json::to_value(&t).unwrap();
    for k in ["step_time_s", "mfu", "memory_gb_per_chip", "fits", "time_to_train_s"] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
}

#[test]
fn weights_and_kv_memory_by_hand() {
    // Llama-3.1-70B bf16 on 4 H100 (TP4): weights 70.55e9 params x 2 B / 4 = 35.3 GB per chip.
    // KV per sequence per chip at 2048 tokens: 327,680 B/token / 4 x 2048 = 167.8 MB.
    let m = zoo_model("llama-3.1-70b").unwrap();
    let p = predict_inference(&h100(), m, &req(4, 10, 1024)).unwrap();
    assert!((p.memory_gb.weights - m.params().total * 2.0 / 4.0 / 1e9).abs() < 0.01, "{}", p.memory_gb.weights);
    assert!((p.memory_gb.kv_cache - 10.0 * 327_680.0 / 4.0 * 2048.0 / 1e9).abs() < 1e-6, "{}", p.memory_gb.kv_cache);
}

#[test]
fn decode_is_memory_bound_at_batch_1_and_h20_prefill_is_slow() {
    let m = zoo_model("llama-3.1-8b").unwrap();
    let r = InferenceRequest { engine: Engine::Ideal, ..req(1, 1, 2048) };
    let h = predict_inference(&h100(), m, &r).unwrap();
    assert_eq!(h.decode.bound, Bound::Memory);
    // Ideal batch-1 TPOT ~ bytes / bandwidth: weights read per step = (8.030e9 - 0.525e9 embedding
    // table, only gathered) x 2 B = 15.01 GB, plus KV at mean context 3,072 x 131,072 B = 0.40 GB;
    // 15.41 GB / 3.35 TB/s = 4.60 ms.
    assert!(h.tpot_s.unwrap() > 4.5e-3 && h.tpot_s.unwrap() < 4.7e-3, "{}", h.tpot_s.unwrap());
    let z = predict_inference(&h20(), m, &r).unwrap();
    // H20 has more bandwidth (faster decode) but 1/6.7 of the FLOPs (slower prefill).
    assert!(z.tpot_s.unwrap() < h.tpot_s.unwrap());
    assert!(z.ttft_s.unwrap() > 5.0 * h.ttft_s.unwrap());
    assert_eq!(z.prefill.bound, Bound::Compute);
}

#[test]
fn beyond_memory_the_batch_queues_in_waves() {
    // Llama-2-7B fp16, 2048+2048 tokens: 2 GiB of KV per sequence; 64 do not fit in 80 GB.
    let m = zoo_model("llama-2-7b").unwrap();
    let r = InferenceRequest { precision: Precision::Fp16, ..req(1, 64, 2048) };
    let p = predict_inference(&h100(), m, &r).unwrap();
    assert!(!p.fits);
    assert!(p.waves >= 2);
    assert!(p.max_batch < 64 && p.max_batch > 16, "{}", p.max_batch);
    assert!(p.queue_wait_s > 0.0);
    let max = predict_inference(&h100(), m, &InferenceRequest { batch: Batch::Max, ..r.clone() }).unwrap();
    assert!(max.fits && max.batch == p.max_batch);
}

#[test]
fn moe_and_mla_paths() {
    // DeepSeek-V3 fp8 on 8 H200, batch 64: fits (671 GB / 8 = 84 GB per chip), MLA cache replicated.
    let m = zoo_model("deepseek-v3").unwrap();
    let r = InferenceRequest { gpus: 8, precision: Precision::Fp8, ..req(8, 64, 1024) };
    let p = predict_inference(&h200(), m, &r).unwrap();
    assert!(p.fits, "{:?}", p.notes);
    // The layout is the fastest engine-style one at this batch; experts always span all 8 chips.
    assert_eq!(p.parallelism.tp * p.parallelism.dp, 8);
    assert_eq!(p.parallelism.ep, 8);
    assert!(p.notes.iter().any(|n| n.starts_with("layout ") && n.contains("chosen")), "{:?}", p.notes);
    let fixed = predict_inference(&h200(), m, &InferenceRequest { tp: Some(8), ..r.clone() }).unwrap();
    assert_eq!(fixed.parallelism, Parallelism { tp: 8, pp: 1, ep: 8, dp: 1 });
    assert!(p.output_tokens_per_s.unwrap() >= fixed.output_tokens_per_s.unwrap());
    assert!(p.decode.ops.iter().any(|o| o.op == OpClass::MoeExperts));
    assert!(p.decode.ops.iter().any(|o| o.op == OpClass::MlaUpProj));
    // Does not fit on 8 H100 (80 GB each).
    let q = predict_inference(&h100(), m, &r).unwrap();
    assert!(!q.fits);
    // Mixtral: at batch 1 only top-2 of 8 experts are read; decode is faster than a dense model of
    // the same total size would be.
    let mx = zoo_model("mixtral-8x7b").unwrap();
    let r1 = InferenceRequest { gpus: 2, engine: Engine::Ideal, ..req(2, 1, 512) };
    let a = predict_inference(&h100(), mx, &r1).unwrap();
    let dense_time = mx.params().total * 2.0 / 2.0 / 3350e9;
    assert!(a.tpot_s.unwrap() < 0.5 * dense_time, "{} vs {}", a.tpot_s.unwrap(), dense_time);
}

#[test]
fn gpus_alone_defaults() {
    let dense =
        resolve_parallelism(zoo_model("llama-3.1-70b").unwrap(), &InferenceRequest { gpus: 8, ..Default::default() })
            .unwrap();
    assert_eq!(dense, Parallelism { tp: 8, pp: 1, ep: 1, dp: 1 });
    let moe =
        resolve_parallelism(zoo_model("qwen3-235b-a22b").unwrap(), &InferenceRequest { gpus: 8, ..Default::default() })
            .unwrap();
    assert_eq!(moe, Parallelism { tp: 8, pp: 1, ep: 8, dp: 1 });
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let m = zoo_model("llama-3.1-8b").unwrap();
    let mut hw = h100();
    hw.memory_bandwidth_gbs = Some(0.0);
    let e = predict_inference(&hw, m, &req(1, 1, 128)).unwrap_err();
    assert!(e.to_string().contains("memory_bandwidth_gbs") && e.to_string().contains("GB/s"), "{e}");
    hw.memory_bandwidth_gbs = Some(f64::NAN);
    assert!(predict_inference(&hw, m, &req(1, 1, 128)).is_err());
    let mut hw = h100();
    hw.dense_tflops.clear();
    assert!(matches!(predict_inference(&hw, m, &req(1, 1, 128)), Err(PerfError::UnsupportedPrecision { .. })));
    let e = predict_inference(&h100(), m, &req(0, 1, 128)).unwrap_err();
    assert!(e.to_string().contains("gpus"), "{e}");
    // 32 heads: TP 3 does not divide them
    let e = predict_inference(&h100(), m, &InferenceRequest { tp: Some(3), ..req(3, 1, 128) }).unwrap_err();
    assert!(e.to_string().contains("`tp`") && e.to_string().contains("heads"), "{e}");
    let e = predict_inference(&h100(), m, &InferenceRequest { ep: Some(2), ..req(2, 1, 128) }).unwrap_err();
    assert!(e.to_string().contains("`ep`"), "{e}");
    assert!(predict_inference(&h100(), m, &req(1, 0, 128)).is_err());
    assert!(predict_inference(&h100(), m, &req(1, 1, 0)).is_err());
    // fp8 on a chip without fp8 falls back to 16-bit math, with fp8 weights
    let p =
        predict_inference(&pcie_card(), m, &InferenceRequest { precision: Precision::Fp8, ..req(1, 1, 128) }).unwrap();
    assert_eq!(p.compute_precision, Precision::Fp16);
    // PCIe-only TP works (slower collectives)
    assert!(predict_inference(&pcie_card(), m, &req(2, 4, 128)).is_ok());
}

#[test]
fn config_errors_name_the_key() {
    let base = zoo().iter().find(|m| m.id == "llama-3.1-8b").unwrap();
    let _ = base;
    let json = redline_perf::ZOO.iter().find(|e| e.id == "llama-3.1-8b").unwrap().json;
    let bad = json.replacen("\"hidden_size\"", "\"hidden_sizee\"", 1);
    let e = ModelConfig::from_json_str("x", &bad).unwrap_err();
    assert!(matches!(&e, PerfError::UnknownConfigKey { key, .. } if key == "hidden_sizee"), "{e}");
    assert!(e.to_string().contains("hidden_sizee"));
    let bad = json.replacen("\"num_hidden_layers\": 32", "\"num_hidden_layers\": \"32\"", 1);
    let e = ModelConfig::from_json_str("x", &bad).unwrap_err();
    assert!(e.to_string().contains("num_hidden_layers") && e.to_string().contains("integer"), "{e}");
    let bad = json.replacen("\"num_key_value_heads\": 8", "\"num_key_value_heads\": 0", 1);
    assert!(ModelConfig::from_json_str("x", &bad).unwrap_err().to_string().contains("num_key_value_heads"));
    assert!(matches!(
        ModelConfig::from_json_str("x", "{\"model_type\": \"bert\"}"),
        Err(PerfError::UnsupportedModelType(_))
    ));
    assert!(matches!(ModelConfig::from_json_str("x", "not json"), Err(PerfError::Json(_))));
    assert!(matches!(zoo_model("nope"), Err(PerfError::UnknownModel(..))));
    // A near miss names the closest id.
    let e = zoo_model("llama3.1-8b").unwrap_err().to_string();
    assert!(e.contains("did you mean `llama-3.1-8b`"), "{e}");
    let e = zoo_model("deepseekv3").unwrap_err().to_string();
    assert!(e.contains("`deepseek-v3`"), "{e}");
    assert_eq!(zoo_model("meta-llama/Llama-3.1-8B").unwrap().id, "llama-3.1-8b");
}

#[test]
fn throughput_cost_compare() {
    let m = zoo_model("llama-3.1-8b").unwrap();
    let r = InferenceRequest { precision: Precision::Fp8, kv_precision: Some(Precision::Fp8), ..req(1, 1, 1000) };
    let free = best_throughput(&h100(), m, &r, ThroughputLimits::default()).unwrap();
    let slo = best_throughput(&h100(), m, &r, ThroughputLimits { ttft_s: None, tpot_s: Some(0.02) }).unwrap();
    assert!(slo.best.tpot_s.unwrap() <= 0.02 && slo.meets_limits);
    assert!(free.best.output_tokens_per_s.unwrap() >= slo.best.output_tokens_per_s.unwrap());
    let c = cost_per_million_tokens(&h100(), &free.best, &CostInputs::default());
    let usd = c.usd_per_million_output_tokens.unwrap();
    assert!(usd > 0.0 && usd < 10.0, "{usd}");
    let cmp = compare(&[h100(), h20(), h200()], m, &r).unwrap();
    assert_eq!(cmp.rows[0].throughput_ratio, Some(1.0));
    assert!(cmp.rows[2].throughput_ratio.unwrap() > 1.0); // H200 has more bandwidth
}

#[test]
fn training_by_hand() {
    let m = zoo_model("llama-3.1-8b").unwrap();
    let t =
        predict_training(&h100(), m, &TrainingRequest { gpus: 8, tokens: Some(1e12), ..Default::default() }).unwrap();
    assert!(t.fits, "{:?}", t.notes);
    assert!(t.mfu > 0.3 && t.mfu < 0.6, "{}", t.mfu);
    assert!(
        (t.time_to_train_s.unwrap() - 1e12 / (4.0 * 1024.0 * 1024.0) * t.step_time_s).abs()
            < 1e-6 * t.time_to_train_s.unwrap()
    );
    // 405B does not fit on 8 chips even with ZeRO-3
    let big = predict_training(
        &h100(),
        zoo_model("llama-3.1-405b").unwrap(),
        &TrainingRequest { gpus: 8, zero: ZeroStage::Zero3, ..Default::default() },
    )
    .unwrap();
    assert!(!big.fits);
    // MoE trains with EP
    let moe = predict_training(
        &h100(),
        zoo_model("mixtral-8x7b").unwrap(),
        &TrainingRequest { gpus: 64, ..Default::default() },
    )
    .unwrap();
    assert!(moe.ep > 1 && moe.step_time_s > 0.0);
}

#[test]
fn embedded_engine_profiles_carry_provenance() {
    for e in [Engine::Trtllm, Engine::Vllm, Engine::Sglang] {
        let src = engine_profile_source(e).unwrap();
        let p = EngineProfile::from_toml_str(e.as_str(), src).unwrap();
        assert_eq!(p.engine, e);
        assert!(
            p.default.provenance.rows > 0
                && !p.default.provenance.method.is_empty()
                && !p.default.provenance.date.is_empty()
        );
        for f in p.families.values() {
            assert!(f.provenance.rows as usize >= redline_perf::validation::MIN_ROWS_PER_FAMILY);
            assert!(f.provenance.fitted_on.contains(".csv"));
        }
        assert_eq!(engine_profile(e), &p);
    }
}

#[test]
fn notes_say_which_hardware_numbers_were_measured_and_which_inherited() {
    let m = zoo_model("llama-3.1-8b").unwrap();
    let r = InferenceRequest { gpus: 1, batch: Batch::Fixed(8), engine: Engine::Vllm, ..Default::default() };
    let hw_note = |hw: &Hardware, r: &InferenceRequest| -> Option<String> {
        predict_inference(hw, m, r).unwrap().notes.into_iter().find(|n| n.starts_with("hardware layer for"))
    };
    // H100: its own GEMM and streaming measurements.
    let on_h100 = hw_note(&h100(), &r).unwrap();
    assert!(
        on_h100.contains("hardware layer for h100-sxm") && on_h100.contains("gemm bf16 large 0.80 measured"),
        "{on_h100}"
    );
    assert!(on_h100.contains("dram_stream 0.88 measured"), "{on_h100}");
    // H20: nothing measured on it; Hopper siblings' numbers, named.
    let h20 = hw_note(&h20(), &r).unwrap();
    assert!(h20.contains("inherited from") && h20.contains("same architecture hopper"), "{h20}");
    assert!(!h20.contains(" measured;"), "{h20}");
    // No chip id, family only (an Ada PCIe card): the architecture's nearest measured relative.
    let card = hw_note(&pcie_card(), &InferenceRequest { precision: Precision::Fp16, ..r.clone() }).unwrap();
    assert!(card.contains("hardware layer for ada") && card.contains("nearest measured relative of ada"), "{card}");
    // The ideal engine is the datasheet roofline: no hardware layer applied, none noted.
    assert!(hw_note(&h100(), &InferenceRequest { engine: Engine::Ideal, ..r.clone() }).is_none());
    // The software factors name their stack.
    let p = predict_inference(&h100(), m, &r).unwrap();
    assert_eq!(p.efficiency_source, "cuda stack");
}

#[test]
fn hardware_layer_slows_the_roofline_by_the_measured_fractions() {
    // Llama-3.1-8B bf16 decode at batch 1 on one H100 is weight streaming: ideal TPOT is the
    // weights over 3.35 TB/s; with the hardware layer and vLLM's factors it is at least the
    // weights over (0.88 × κ_m × 3.35 TB/s) with κ_m ≤ 1.25 (never above the datasheet rate).
    let m = zoo_model("llama-3.1-8b").unwrap();
    let ideal = InferenceRequest { gpus: 1, batch: Batch::Fixed(1), engine: Engine::Ideal, ..Default::default() };
    let vllm = InferenceRequest { engine: Engine::Vllm, ..ideal.clone() };
    let a = predict_inference(&h100(), m, &ideal).unwrap();
    let b = predict_inference(&h100(), m, &vllm).unwrap();
    let (ta, tb) = (a.tpot_s.unwrap(), b.tpot_s.unwrap());
    let km = engine_profile(Engine::Vllm).stacks["cuda"].efficiency.memory_efficiency;
    assert!(tb >= ta / (0.877 * km).min(1.0) * 0.99, "vLLM {tb} vs ideal {ta}");
}
