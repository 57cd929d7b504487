//! The acceptance bar on the public data: MAPE at most 15% on the TensorRT-LLM, vLLM and SGLang
//! rows, overall and for every chip with at least 10 rows; leave-one-out computed and finite.

use redline_perf::{reference_hardware, validate};

#[test]
fn public_data_mape_within_15_percent_and_profiles_match_refit() {
    let rep = validate(&reference_hardware);
    assert!(rep.unresolved_chips.is_empty(), "{:?}", rep.unresolved_chips);
    assert!(rep.overall.n > 1000, "too few rows predicted: {}", rep.overall.n);
    assert!(rep.overall.mape_pct <= 15.0, "overall MAPE {:.1}%", rep.overall.mape_pct);
    for c in rep.per_chip.iter().filter(|c| c.in_sample.n >= 10) {
        assert!(
            c.in_sample.mape_pct <= 15.0,
            "{}: MAPE {:.1}% over {} rows",
            c.key,
            c.in_sample.mape_pct,
            c.in_sample.n
        );
        assert!(c.held_out.n == c.in_sample.n && c.held_out.mape_pct.is_finite());
    }
    // The physically impossible rows are listed, and every excluded row says why.
    assert!(!rep.physically_impossible.is_empty());
    assert!(rep.excluded.iter().all(|e| !e.reason.is_empty()));

    // The embedded factors are what the documented fit produces on the embedded data: one set per
    // (engine, vendor stack).
    assert!(!rep.refit.is_empty());
    for f in &rep.refit {
        let profile = redline_perf::engine_profile(f.engine);
        let shipped = profile.stacks.get(&f.stack).unwrap_or_else(|| panic!("{} has no {} stack", f.engine, f.stack));
        let e = shipped.efficiency;
        assert!((e.compute_efficiency - f.efficiency.compute_efficiency).abs() < 1e-3, "{} {}", f.engine, f.stack);
        assert!((e.memory_efficiency - f.efficiency.memory_efficiency).abs() < 1e-3, "{} {}", f.engine, f.stack);
        assert!((e.step_overhead_us - f.efficiency.step_overhead_us).abs() < 0.5, "{} {}", f.engine, f.stack);
    }
    // The in-sample bar (10%), and every held-out figure computed for every row.
    assert!(rep.overall.mape_pct <= 10.0, "in-sample MAPE {:.1}%", rep.overall.mape_pct);
    assert_eq!(rep.overall_leave_one_chip_out.n, rep.overall.n);
    assert_eq!(rep.overall_leave_one_family_out.n, rep.overall.n);
    assert_eq!(rep.overall_leave_one_model_out.n, rep.overall.n);
}
