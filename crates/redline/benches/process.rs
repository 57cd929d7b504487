//! A whole `redline perf` process: start, load the embedded catalogue, predict, print JSON, exit.
//! `cargo bench -p redline --bench process -- --warm-up-time 1 --measurement-time 3`

use criterion::{Criterion, criterion_group, criterion_main};
use std::process::{Command, Stdio};

fn bench(c: &mut Criterion) {
    let exe = env!("CARGO_BIN_EXE_redline");
    let args = ["perf", "--chip", "h100-sxm", "--model", "llama-3.1-8b", "--batch", "8", "--format", "json"];
    c.bench_function("redline_perf_process", |b| {
        b.iter(|| {
            let status = Command::new(exe)
                .args(args)
                .env_remove("REDLINE_CATALOG")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("run redline");
            assert!(status.success());
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
