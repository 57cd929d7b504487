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
        // Same memory: both fit or neither does (and then neither claims a latency).
        prop_assert_eq!(a.max_batch, b.max_batch);
        if a.max_batch == 0 {
            prop_assert!(a.latency_s.is_none() && b.latency_s.is_none());
            return Ok(());
        }
        prop_assert!(b.latency_s.unwrap() <= a.latency_s.unwrap() * (1.0 + 1e-12));
        prop_assert!(b.ttft_s.unwrap() <= a.ttft_s.unwrap() * (1.0 + 1e-12));
        prop_assert!(b.tpot_s.unwrap() <= a.tpot_s.unwrap() * (1.0 + 1e-12));
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
            prop_assert!(b.output_tokens_per_s.unwrap() >= a.output_tokens_per_s.unwrap() * (1.0 - 1e-9),
                "{} -> {}: {} -> {}", batch, batch + extra, a.output_tokens_per_s.unwrap(), b.output_tokens_per_s.unwrap());
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
            prop_assert!(p.latency_s.is_none_or(|l| l.is_finite() && l > 0.0));
            prop_assert!(p.max_batch == 0 || p.latency_s.is_some());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn relaxing_a_serving_limit_never_lowers_throughput(
        id in prop::sample::select(vec!["llama-3.1-8b", "qwen3-30b-a3b", "qwen3-0.6b"]),
        len in 64u32..2048,
        ttft in 0.02f64..2.0,
        tpot in 0.005f64..0.2,
        relax in 1.0f64..4.0,
    ) {
        let m = zoo_model(id).unwrap();
        let hw = common::h100();
        let r = InferenceRequest { input_len: len, output_len: len, ..Default::default() };
        let tight = ThroughputLimits { ttft_s: Some(ttft), tpot_s: Some(tpot) };
        let loose = ThroughputLimits { ttft_s: Some(ttft * relax), tpot_s: Some(tpot * relax) };
        let a = best_serving(&hw, m, &r, Scenario::Server, tight).unwrap();
        let b = best_serving(&hw, m, &r, Scenario::Server, loose).unwrap();
        let c = best_serving(&hw, m, &r, Scenario::Offline, ThroughputLimits::default()).unwrap();
        let tput = |s: &ServingPrediction| if s.meets_limits { s.point.map_or(0.0, |p| p.output_tokens_per_s) } else { 0.0 };
        prop_assert!(tput(&b) >= tput(&a) * (1.0 - 1e-9), "{} < {}", tput(&b), tput(&a));
        prop_assert!(tput(&c) >= tput(&b) * (1.0 - 1e-9), "offline {} < {}", tput(&c), tput(&b));
    }

    #[test]
    fn a_chip_with_more_of_every_resource_is_never_slower(
        id in model_ids(),
        batch in 1u32..64,
        len in 16u32..2048,
        gain in 1.0f64..2.5,
        gpus in prop::sample::select(vec![1u32, 2, 8]),
        engine in prop::sample::select(vec![Engine::Ideal, Engine::Trtllm, Engine::Vllm, Engine::Sglang]),
    ) {
        let m = zoo_model(id).unwrap();
        let base = common::h100();
        let r = InferenceRequest { gpus, batch: Batch::Fixed(batch), input_len: len, output_len: len, engine, ..Default::default() };
        let a = predict_inference(&base, m, &r).unwrap();
        let mut more = base.clone();
        more.memory_bandwidth_gbs = more.memory_bandwidth_gbs.map(|b| b * gain);
        more.memory_capacity_gb = more.memory_capacity_gb.map(|c| c * gain);
        more.chip_to_chip_gbs = more.chip_to_chip_gbs.map(|c| c * gain);
        more.host_gbs = more.host_gbs.map(|c| c * gain);
        for v in more.dense_tflops.values_mut() { *v *= gain; }
        let b = predict_inference(&more, m, &r).unwrap();
        prop_assert!(b.max_batch >= a.max_batch);
        if let (Some(x), Some(y)) = (a.latency_s, b.latency_s) {
            prop_assert!(y <= x * (1.0 + 1e-9), "latency {y} > {x}");
        }
        if a.max_batch > 0 {
            prop_assert!(b.latency_s.is_some());
        }
    }
}

#[test]
fn b30a_is_not_slower_than_h20_at_batch_1() {
    // Same 4 TB/s class bandwidth, several times the compute: Blackwell inherits Hopper's
    // software-stack factors (nearest measured relative), so it cannot come out slower.
    let cat = redline_catalog::Catalog::embedded().unwrap();
    let h20 = hardware_from_chip(cat.get("h20").unwrap());
    let b30a = hardware_from_chip(cat.get("b30a").unwrap());
    for id in ["llama-3.1-8b", "llama-3.1-70b", "qwen3-30b-a3b"] {
        let m = zoo_model(id).unwrap();
        for engine in [Engine::Trtllm, Engine::Vllm, Engine::Sglang] {
            let r = InferenceRequest { gpus: 1, engine, precision: Precision::Fp8, ..Default::default() };
            let a = predict_inference(&h20, m, &r).unwrap();
            let b = predict_inference(&b30a, m, &r).unwrap();
            if let (Some(x), Some(y)) = (a.latency_s, b.latency_s) {
                assert!(y <= x * 1.0001, "{id} {engine}: B30A {y} s vs H20 {x} s ({})", b.efficiency_source);
            }
        }
    }
}
