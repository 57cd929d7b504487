//! One full prediction (DeepSeek-V3 decode on 8 chips, batch 64, with the layout given and with
//! the layout chosen among the default set), one serving operating point search, and a whole
//! `redline perf` request from raw pairs (parse, check, predict, cost) as the CLI and web run it.
//! `cargo bench -p redline-perf -- --warm-up-time 1 --measurement-time 3`

use criterion::{Criterion, criterion_group, criterion_main};
use redline_perf::{
    Batch, InferenceRequest, PerfRequest, Precision, Scenario, ThroughputLimits, best_serving, predict_inference,
    reference_hardware, zoo_model,
};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let hw = reference_hardware("h200").expect("h200");
    let model = zoo_model("deepseek-v3").expect("zoo");
    let req = InferenceRequest {
        gpus: 8,
        batch: Batch::Fixed(64),
        input_len: 1024,
        output_len: 1024,
        precision: Precision::Fp8,
        ..Default::default()
    };
    let fixed = InferenceRequest { tp: Some(8), ep: Some(8), ..req.clone() };
    c.bench_function("deepseek_v3_decode_8chips_bs64", |b| {
        b.iter(|| predict_inference(black_box(&hw), black_box(model), black_box(&fixed)).expect("prediction"))
    });
    c.bench_function("deepseek_v3_decode_8chips_bs64_layout_chosen", |b| {
        b.iter(|| predict_inference(black_box(&hw), black_box(model), black_box(&req)).expect("prediction"))
    });
    let h100 = reference_hardware("h100-sxm").expect("h100");
    let llama70 = zoo_model("llama-2-70b").expect("zoo");
    let serve =
        InferenceRequest { gpus: 8, input_len: 300, output_len: 290, precision: Precision::Fp8, ..Default::default() };
    let limits = ThroughputLimits { ttft_s: Some(2.0), tpot_s: Some(0.2) };
    c.bench_function("llama2_70b_server_operating_point_8xh100", |b| {
        b.iter(|| {
            best_serving(black_box(&h100), black_box(llama70), black_box(&serve), Scenario::Server, limits)
                .expect("serving")
        })
    });
    let llama = zoo_model("llama-3.1-8b").expect("zoo");
    let r1 = InferenceRequest { batch: Batch::Max, ..Default::default() };
    c.bench_function("llama_3_1_8b_batch_max_1chip", |b| {
        b.iter(|| predict_inference(black_box(&hw), black_box(llama), black_box(&r1)).expect("prediction"))
    });
    let pairs = [("model", "llama-3.1-8b"), ("gpus", "1"), ("batch", "16"), ("input", "512"), ("precision", "fp8")];
    c.bench_function("perf_request_from_pairs_and_run_1chip", |b| {
        b.iter(|| {
            let r = PerfRequest::from_pairs(black_box(&pairs)).expect("request");
            r.run_on(black_box(&hw), black_box(llama), Vec::new()).expect("prediction")
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
