//! Extraction from a 20 KB article (target: well under 100 ms), and extraction plus checking.
//! The article is the three test articles (English, simplified and traditional Chinese)
//! repeated past 20 KiB (21,496 bytes: 328 sentences, 320 chip mentions, 464 claims, far denser
//! than real news).
#![allow(missing_docs, clippy::print_stderr)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use redline_catalog::Catalog;
use redline_factcheck::{Factchecker, Options};
use redline_rules::{Countries, Date};

fn article() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/articles/");
    let one: String = ["en-h20.txt", "zh-hans-h20.txt", "zh-hant-h20.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(format!("{dir}{f}")).expect("article"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut text = String::new();
    while text.len() < 20 * 1024 {
        text.push_str(&one);
        text.push('\n');
    }
    text
}

fn bench(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("catalogue");
    let countries = Countries::embedded().expect("countries");
    let checker = Factchecker::new(&catalog, &countries);
    let text = article();
    let options = Options::new(Date::ymd(2026, 12, 1));
    let (claims, mentions, sentences) = checker.extract_count(&text);
    eprintln!("article: {} bytes, {sentences} sentences, {mentions} mentions, {claims} claims", text.len());
    c.bench_function("extract claims from a 20 KB article", |b| b.iter(|| checker.extract_count(black_box(&text))));
    c.bench_function("extract and check a 20 KB article", |b| {
        b.iter(|| checker.check(black_box(&text), &options).claims.len())
    });
    // Performance claims cost model evaluations, not pattern matching: the three performance
    // articles (once each, 14 throughput and inference-ratio claims over 6 distinct chip ×
    // workload ranges, each of up to 9 workloads at batch 1 and at the best batch).
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/articles/");
    let perf: String = ["en-perf.txt", "zh-hans-perf.txt", "zh-hant-perf.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(format!("{dir}{f}")).expect("article"))
        .collect::<Vec<_>>()
        .join("\n");
    c.bench_function("check the three performance articles", |b| {
        b.iter(|| checker.check(black_box(&perf), &options).claims.len())
    });
    c.bench_function("index the catalogue (Factchecker::new)", |b| {
        b.iter(|| Factchecker::new(black_box(&catalog), &countries).extract_count(""))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
