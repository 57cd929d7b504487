//! Classifying the whole embedded catalogue under every edition (target: well under 10 ms),
//! and checking it against China on every edition date.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use redline_catalog::Catalog;
use redline_rules::{Countries, check, classify, editions};

fn bench(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("catalogue");
    let countries = Countries::embedded().expect("countries");
    let dates: Vec<_> = editions::ALL.iter().map(|e| e.effective).collect();
    c.bench_function("classify catalogue x every edition", |b| {
        b.iter(|| {
            let mut controlled = 0usize;
            for date in &dates {
                for chip in catalog.chips() {
                    controlled += usize::from(classify(black_box(chip), *date).map(|r| r.controlled).unwrap_or(false));
                }
            }
            controlled
        });
    });
    c.bench_function("check catalogue to CN x every edition", |b| {
        b.iter(|| {
            let mut required = 0usize;
            for date in &dates {
                for chip in catalog.chips() {
                    required += usize::from(
                        check(black_box(chip), &countries, "CN", *date).map(|r| r.license_required).unwrap_or(false),
                    );
                }
            }
            required
        });
    });
    // The catalogue is parsed and checked at build time; loading decodes the stored specs.
    c.bench_function("load embedded catalogue, decode every chip", |b| {
        b.iter(|| Catalog::embedded().map(|c| c.chips().len()))
    });
    c.bench_function("load embedded catalogue, find one chip by name", |b| {
        b.iter(|| Catalog::embedded().map(|c| c.get(black_box("H20")).map(|chip| chip.metrics.tpp.is_some())))
    });
    c.bench_function("load embedded country tables", |b| {
        b.iter(|| Countries::embedded().map(|t| t.iso_entries().count()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
