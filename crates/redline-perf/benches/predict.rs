//! One full prediction: DeepSeek-V3 decode on 8 chips, batch 64.
//! `cargo bench -p redline-perf -- --warm-up-time 1 --measurement-time 3`

use criterion::{Criterion, criterion_group, criterion_main};
use redline_perf::{Batch, InferenceRequest, Precision, predict_inference, reference_hardware, zoo_model};
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
    c.bench_function("deepseek_v3_decode_8chips_bs64", |b| {
        b.iter(|| predict_inference(black_box(&hw), black_box(model), black_box(&req)).expect("prediction"))
    });
    let llama = zoo_model("llama-3.1-8b").expect("zoo");
    let r1 = InferenceRequest { batch: Batch::Max, ..Default::default() };
    c.bench_function("llama_3_1_8b_batch_max_1chip", |b| {
        b.iter(|| predict_inference(black_box(&hw), black_box(llama), black_box(&r1)).expect("prediction"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
