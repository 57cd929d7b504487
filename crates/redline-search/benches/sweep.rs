//! Sweep throughput on one core: DeepSeek-V3 decode, 2024-06-01 rules, destination CN.
//! Target: at least 1,000,000 designs evaluated per minute (16,667 per second).
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use redline_search::{ConstraintKind, DesignSpace, Measure, Per, Phase, Query, Shard, Workload, sweep};

fn bench(c: &mut Criterion) {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let q = Query {
        date: "2024-06-01".parse().unwrap(),
        destination: "CN".into(),
        constraint: ConstraintKind::NoLicence,
        workload: Workload::new("deepseek-v3", Phase::Decode, None, None, None, None, None, None, Per::Chip).unwrap(),
        space: DesignSpace::embedded(),
        vendor: "NVIDIA".into(),
        family: "hopper".into(),
        measure: Measure::Tpp,
        shard: Shard::ALL,
    };
    let problem = q.problem(None).unwrap();
    // A 1/16 slice of the default grid; "evaluated" counts buildable designs judged and scored.
    let shard = Shard { index: 7, count: 16 };
    let evaluated = pool.install(|| sweep(&problem, shard, &|_| {}, None).unwrap().evaluated);
    let mut g = c.benchmark_group("frontier");
    g.sample_size(10);
    g.throughput(Throughput::Elements(evaluated));
    g.bench_function("deepseek-v3 decode, one core", |b| {
        b.iter(|| pool.install(|| sweep(&problem, shard, &|_| {}, None).unwrap().evaluated));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
