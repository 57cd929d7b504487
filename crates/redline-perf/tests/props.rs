//! Property tests: monotonicity of the model.

mod common;

use proptest::prelude::*;
use redline_perf::*;

fn model_ids() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["llama-3.1-8b", "qwen3-30b-a3b", "mixtral-8x7b", "qwen3-0.6b", "gpt-oss-20b"])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn more_bandwidth_or_compute_is_never_slower(
        id in model_ids(),
        batch in 1u32..128,
        len in 16u32..4096,
        bw_gain in 1.0f64..3.0,
        fl_gain in 1.0f64..3.0,
        engine in prop::sample::select(vec![Engine::Ideal, Engine::Trtllm, Engine::Vllm, Engine::Sglang]),
    ) {
        let m = zoo_model(id).unwrap();
        let base = common::h100();
        let r = InferenceRequest { gpus: 1, batch: Batch::Fixed(batch), input_len: len, output_len: len, engine, ..Default::default() };
        let a = predict_inference(&base, m, &r).unwrap();
        let mut faster = base.clone();
        faster.memory_bandwidth_gbs = faster.memory_bandwidth_gbs.map(|b| b * bw_gain);
        for v in faster.dense_tflops.values_mut() { *v *= fl_gain; }
        let b = predict_inference(&faster, m, &r).unwrap();
        prop_assert!(b.latency_s <= a.latency_s * (1.0 + 1e-12));
        prop_assert!(b.ttft_s <= a.ttft_s * (1.0 + 1e-12));
        prop_assert!(b.tpot_s <= a.tpot_s * (1.0 + 1e-12));
    }

    #[test]
    fn larger_batch_never_lowers_throughput_while_it_fits(
        id in model_ids(),
        batch in 1u32..256,
        extra in 1u32..64,
        len in 16u32..2048,
        engine in prop::sample::select(vec![Engine::Ideal, Engine::Trtllm, Engine::Vllm, Engine::Sglang]),
    ) {
        let m = zoo_model(id).unwrap();
        let hw = common::h100();
        let r = InferenceRequest { gpus: 1, batch: Batch::Fixed(batch), input_len: len, output_len: len, engine, ..Default::default() };
        let a = predict_inference(&hw, m, &r).unwrap();
        let b = predict_inference(&hw, m, &InferenceRequest { batch: Batch::Fixed(batch + extra), ..r.clone() }).unwrap();
        if a.fits && b.fits {
            prop_assert!(b.output_tokens_per_s >= a.output_tokens_per_s * (1.0 - 1e-9),
                "{} -> {}: {} -> {}", batch, batch + extra, a.output_tokens_per_s, b.output_tokens_per_s);
        }
    }

    #[test]
    fn never_panics_on_odd_hardware(
        bw in prop::option::of(prop_oneof![Just(f64::NAN), Just(0.0), Just(-1.0), 1.0f64..1e5]),
        cap in prop::option::of(prop_oneof![Just(f64::INFINITY), Just(0.0), 0.1f64..1e3]),
        tf in prop_oneof![Just(f64::NAN), Just(0.0), 0.001f64..1e4],
        gpus in 0u32..17,
        batch in 0u32..100,
    ) {
        let mut hw = Hardware { name: "odd".into(), family: "other".into(), ..Default::default() };
        hw.dense_tflops.insert(Precision::Bf16, tf);
        hw.memory_bandwidth_gbs = bw;
        hw.memory_capacity_gb = cap;
        let r = InferenceRequest { gpus, batch: Batch::Fixed(batch), input_len: 64, output_len: 64, ..Default::default() };
        if let Ok(p) = predict_inference(&hw, zoo_model("qwen3-30b-a3b").unwrap(), &r) {
            prop_assert!(p.latency_s.is_finite() && p.latency_s > 0.0);
        }
    }
}
