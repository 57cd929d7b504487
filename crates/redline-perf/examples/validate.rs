//! Prints the validation summary with the datasheet hardware:
//! `cargo run --release -p redline-perf --example validate [-- --rows]`

#![allow(clippy::print_stdout)]

use redline_perf::validation::reference_hardware;

fn main() {
    let rep = redline_perf::validate(&reference_hardware);
    let o = rep.overall;
    println!(
        "overall n={} MAPE {:.1}% median {:.1}% signed {:+.1}% | LOCO {:.1}% | LOMO {:.1}%",
        o.n,
        o.mape_pct,
        o.median_ape_pct,
        o.mean_signed_pct,
        rep.overall_leave_one_chip_out.mape_pct,
        rep.overall_leave_one_model_out.mape_pct
    );
    for (e, s) in &rep.per_engine {
        println!(
            "engine {e:7} n={:4} MAPE {:5.1}% median {:5.1}% signed {:+5.1}%",
            s.n, s.mape_pct, s.median_ape_pct, s.mean_signed_pct
        );
    }
    println!("\nper chip: in-sample | leave-one-chip-out");
    for g in &rep.per_chip {
        println!(
            "  {:14} n={:4} MAPE {:5.1}% signed {:+6.1}% | LOCO {:5.1}% signed {:+6.1}%",
            g.key,
            g.in_sample.n,
            g.in_sample.mape_pct,
            g.in_sample.mean_signed_pct,
            g.held_out.mape_pct,
            g.held_out.mean_signed_pct
        );
    }
    println!(
        "\nper family: in-sample | leave-one-family-out (overall {:.1}%)",
        rep.overall_leave_one_family_out.mape_pct
    );
    for g in &rep.per_family {
        println!(
            "  {:10} n={:4} MAPE {:5.1}% | LOFO {:5.1}% signed {:+6.1}%",
            g.key, g.in_sample.n, g.in_sample.mape_pct, g.held_out.mape_pct, g.held_out.mean_signed_pct
        );
    }
    println!("\nMLPerf (serving mode, presets, not fitted)");
    for m in &rep.mlperf {
        println!(
            "  {:18} {:14} x{:<3} {:14} {:8} {:5} measured {:9.0} predicted {:>9} err {:>7} [{}]",
            m.round,
            m.chip,
            m.gpus,
            m.benchmark,
            m.scenario.as_str(),
            m.precision.as_str(),
            m.measured,
            m.predicted.map_or("-".to_string(), |p| format!("{p:.0}")),
            m.error_pct.map_or("-".to_string(), |e| format!("{e:+.1}%")),
            m.layout
        );
    }
    println!("\nper model: in-sample | leave-one-model-out");
    for g in &rep.per_model {
        println!(
            "  {:16} n={:4} MAPE {:5.1}% | LOMO {:5.1}%",
            g.key, g.in_sample.n, g.in_sample.mape_pct, g.held_out.mape_pct
        );
    }
    println!("\nbuckets (chip x engine x phase)");
    for b in &rep.buckets {
        let s = b.stats;
        println!(
            "  {:14} {:7} {:15} n={:4} MAPE {:5.1}% median {:5.1}% signed {:+6.1}% max {:6.1}%",
            b.chip,
            b.engine,
            b.phase.as_str(),
            s.n,
            s.mape_pct,
            s.median_ape_pct,
            s.mean_signed_pct,
            s.max_ape_pct
        );
    }
    println!("\nsoftware layer refit per (engine, stack)");
    for f in &rep.refit {
        println!("  {} {:8} n={:4} {:5.1}% {:?}", f.engine, f.stack, f.rows, f.mape_pct, f.efficiency);
    }
    println!("\nhardware layer (data/hardware/kernels.toml)");
    for l in &rep.hardware {
        println!("  {}", l.note(&[redline_perf::Precision::Bf16, redline_perf::Precision::Fp8]));
    }
    println!("\nexcluded");
    for (r, n) in &rep.excluded_summary {
        println!("  {n:5}  {r}");
    }
    println!("\nphysically impossible rows");
    for r in &rep.physically_impossible {
        println!(
            "  {}:{} {} {} {} x{} bs={} io={} measured {:.3} bound {:.3}",
            r.source, r.line, r.chip, r.engine, r.model, r.gpus, r.batch, r.input_len, r.measured, r.predicted
        );
    }
    if std::env::args().any(|a| a == "--rows") {
        for r in &rep.rows {
            println!(
                "{} {:3} {} {:7} {:14} x{} bs={:4} in={:6} out={:5} {:5} meas {:10.3} pred {:10.3} err {:+6.1}%{}",
                r.chip,
                r.line,
                r.phase.as_str(),
                r.engine,
                r.model,
                r.gpus,
                r.batch,
                r.input_len,
                r.output_len,
                r.precision,
                r.measured,
                r.predicted,
                r.error_pct,
                if r.queued { " Q" } else { "" }
            );
        }
    }
}
