//! The acceptance bar on the public data: MAPE at most 15% on the TensorRT-LLM, vLLM and SGLang
//! rows, overall and for every chip with at least 10 rows; in-sample at most 10% and
//! leave-one-chip-out at most 20% overall (the bars); leave-one-out computed and finite.

use redline_perf::validation::fit_engine_profiles;
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
    assert!(
        rep.overall_leave_one_chip_out.mape_pct <= 20.0,
        "leave-one-chip-out MAPE {:.1}%",
        rep.overall_leave_one_chip_out.mape_pct
    );
}

/// The shipped `[default]` of each profile (the prior for a stack without a fit) is what the
/// documented fit produces, and vLLM's sits between its best and worst measured stacks.
#[test]
fn shipped_priors_are_the_refit_priors() {
    for refit in fit_engine_profiles(&reference_hardware, "2026-12-02") {
        let shipped = redline_perf::engine_profile(refit.engine);
        let (a, b) = (&shipped.default.efficiency, &refit.default.efficiency);
        assert!((a.compute_efficiency - b.compute_efficiency).abs() < 1e-3, "{}", refit.engine);
        assert!((a.memory_efficiency - b.memory_efficiency).abs() < 1e-3, "{}", refit.engine);
        assert!((a.step_overhead_us - b.step_overhead_us).abs() < 0.5, "{}", refit.engine);
    }
    let vllm = redline_perf::engine_profile(redline_perf::Engine::Vllm);
    let m = |s: &str| vllm.stacks[s].efficiency.memory_efficiency;
    let d = vllm.default.efficiency.memory_efficiency;
    assert!(d < m("cuda") && d > m("oneapi"), "vLLM prior {d} outside oneapi {} .. cuda {}", m("oneapi"), m("cuda"));
}
