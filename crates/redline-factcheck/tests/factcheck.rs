//! The fact-checker on articles of our own (English, simplified and traditional Chinese),
//! pinned claim by claim, and on hostile input.
//!
//! Golden values, by hand from the catalogue files:
//! * H20 ÷ H100 SXM compute by TPP: (296 × 8) ÷ (1,979 × 8) = 2,368 ÷ 15,832 = 0.1496. "About
//!   20%" is a round multiple of 10 written with a hedge: it covers 20 ± (10 ÷ 2 + 1% of 20) =
//!   14.8–25.2%, so 14.96% agrees; "exactly 20%" keeps the rounding of "20" (±2.5%) and "20.0%"
//!   the 1% floor, so both are inconsistent (0.2 ÷ 0.1496 − 1 = +33.7%); "15%" is inside 2.5%.
//! * H800 ÷ H100 SXM chip-to-chip: 400 ÷ 900 = 0.444, so "less than half" holds.
//! * B30A ÷ H20 by TPP: 28,000 (the catalogue's estimate) ÷ 2,368 = 11.82, so "six times" is
//!   off by −49%; the grade says the reference is an estimate.
//! * 4.0 TB/s = 4,000 GB/s; 1.2万美元 = 12,000 USD (inside the catalogue's 10,000–12,000 range);
//!   55亿美元 = 5.5 × 10⁹ USD.
//! * Licence for the H20 to China: required from 2025-04-09 (the USG letter), so "banned in
//!   April 2025" holds for that month; the revenue share is 15% from 2025-08-11 (press).
#![allow(missing_docs)]

use redline_catalog::Catalog;
use redline_factcheck::{Claim, ClaimValue, Factchecker, Options, Report, Verdict};
use redline_rules::{Countries, Date};

fn report(text: &str) -> Report {
    let catalog = Catalog::embedded().unwrap();
    let countries = Countries::embedded().unwrap();
    let checker = Factchecker::new(&catalog, &countries);
    checker.check(text, &Options::new(Date::ymd(2026, 12, 1)))
}

fn article(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/articles/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn value(v: Option<&ClaimValue>) -> String {
    match v {
        None => "null".into(),
        Some(ClaimValue::Number(x)) => format!("{}", (x * 10_000.0).round() / 10_000.0),
        Some(ClaimValue::Bool(b)) => b.to_string(),
        Some(ClaimValue::Text(t)) => t.clone(),
    }
}

/// `quote | subject | quantity | claimed | reference | verdict | date`.
fn line(c: &Claim) -> String {
    format!(
        "{} | {} | {} | {} | {} | {} | {}",
        c.quote,
        c.subject.as_deref().unwrap_or("-"),
        c.quantity,
        value(Some(&c.claimed)),
        value(c.reference.as_ref()),
        c.verdict.as_str(),
        c.date.as_deref().unwrap_or("-")
    )
}

/// Offsets point at the claim's own words inside its sentence, in the original text.
fn check_offsets(text: &str, r: &Report) {
    let chars: Vec<char> = text.chars().collect();
    for c in &r.claims {
        let quote: String = chars[c.span.start..c.span.end].iter().collect();
        assert_eq!(quote, c.quote);
        let sentence: String = chars[c.sentence.start..c.sentence.end].iter().collect();
        assert_eq!(sentence, c.text);
        assert!(c.sentence.start <= c.span.start && c.span.end <= c.sentence.end, "{c:?}");
    }
}

fn pinned(name: &str, expected: &[&str]) {
    let text = article(name);
    let r = report(&text);
    check_offsets(&text, &r);
    let got: Vec<String> = r.claims.iter().map(line).collect();
    assert_eq!(got, expected, "{name}:\n{}", got.join("\n"));
}

#[test]
fn english_article() {
    pinned(
        "en-h20.txt",
        &[
            "96 GB | h20 | memory_capacity_gb | 96 | 96 | consistent | -",
            "4.0 TB/s | h20 | memory_bandwidth_gbs | 4000 | 4000 | consistent | -",
            "900 GB/s | h20 | chip_to_chip_bandwidth_gbs | 900 | 900 | consistent | -",
            "20% | h20 | compute_ratio_vs_h100-sxm | 0.2 | 0.1496 | consistent | -",
            "296 TFLOPS | h20 | dense_fp8_tflops | 296 | 296 | consistent | -",
            "2,368 | h20 | tpp | 2368 | 2368 | consistent | -",
            "2,400 | 2023-11-17 | threshold_tpp | 2400 | 2400 | consistent | -",
            "400 W | h20 | tdp_w | 400 | 400 | consistent | -",
            "$12,000 | h20 | price_usd | 12000 | 11000 | consistent | -",
            "banned | h20 | license_required | true | true | consistent | 2025-04",
            "$5.5 billion | h20 | charge_usd | 5500000000 | null | unverifiable | 2025-04",
            "licences were granted | h20 | license_required | true | true | consistent | 2025-08",
            "15% | h20 | revenue_share_percent | 15 | 15 | consistent | 2025-08",
            "six times | b30a | compute_ratio_vs_h20 | 6 | 11.8243 | inconsistent | -",
            "half | h800 | chip_to_chip_bandwidth_ratio_vs_h100-sxm | 0.5 | 0.4444 | consistent | -",
            "1,398 GB/s | rtx-pro-6000d | memory_bandwidth_gbs | 1398 | 1568 | inconsistent | -",
            "1,400 GB/s | 2025-04-09 | threshold_dram_bandwidth_gbs | 1400 | 1400 | consistent | -",
            "needed a licence | a100-sxm-80gb | license_required | true | true | consistent | 2022-10",
            "25% | h200 | tariff_percent | 25 | 25 | consistent | 2026-01",
            "1,296 tokens/s | h20 | throughput_tokens_per_s | 1296 | 628.1289 | consistent | -",
        ],
    );
}

#[test]
fn simplified_chinese_article() {
    pinned(
        "zh-hans-h20.txt",
        &[
            "96GB | h20 | memory_capacity_gb | 96 | 96 | consistent | -",
            "4.0 TB | h20 | memory_bandwidth_gbs | 4000 | 4000 | consistent | -",
            "900 GB/s | h20 | chip_to_chip_bandwidth_gbs | 900 | 900 | consistent | -",
            "15% | h20 | compute_ratio_vs_h100-sxm | 0.15 | 0.1496 | consistent | -",
            "六倍 | b30a | compute_ratio_vs_h20 | 6 | 11.8243 | inconsistent | -",
            "64GB | ascend-910b | memory_capacity_gb | 64 | 64 | consistent | -",
            "296 TFLOPS | h20 | dense_fp8_tflops | 296 | 296 | consistent | -",
            "2368 | h20 | tpp | 2368 | 2368 | consistent | -",
            "2400 | 2023-11-17 | threshold_tpp | 2400 | 2400 | consistent | -",
            "400瓦 | h20 | tdp_w | 400 | 400 | consistent | -",
            "1.2万美元 | h20 | price_usd | 12000 | 11000 | consistent | -",
            "禁止向中国出口 | h20 | license_required | true | true | consistent | 2025-04",
            "55亿美元 | h20 | charge_usd | 5500000000 | null | unverifiable | 2025-04",
            "获得出口许可 | h20 | license_required | true | true | consistent | 2025-08",
            "15% | h20 | revenue_share_percent | 15 | 15 | consistent | 2025-08",
            "1398 GB/s | rtx-pro-6000d | memory_bandwidth_gbs | 1398 | 1568 | inconsistent | -",
            "1400 GB/s | 2025-04-09 | threshold_dram_bandwidth_gbs | 1400 | 1400 | consistent | -",
            "一半 | h800 | chip_to_chip_bandwidth_ratio_vs_h100-sxm | 0.5 | 0.4444 | consistent | -",
            "25% | h200 | tariff_percent | 25 | 25 | consistent | 2026-01",
            "1296 tokens/s | h20 | throughput_tokens_per_s | 1296 | 628.1289 | consistent | -",
        ],
    );
}

#[test]
fn traditional_chinese_article() {
    pinned(
        "zh-hant-h20.txt",
        &[
            "９６ＧＢ | h20 | memory_capacity_gb | 96 | 96 | consistent | -",
            "４.０TB | h20 | memory_bandwidth_gbs | 4000 | 4000 | consistent | -",
            "900 GB/s | h20 | chip_to_chip_bandwidth_gbs | 900 | 900 | consistent | -",
            "一半 | h20 | compute_ratio_vs_h100-sxm | 0.5 | 0.1496 | inconsistent | -",
            "六倍 | b30a | compute_ratio_vs_h20 | 6 | 11.8243 | inconsistent | -",
            "296 TFLOPS | h20 | dense_fp8_tflops | 296 | 296 | consistent | -",
            "2368 | h20 | tpp | 2368 | 2368 | consistent | -",
            "2400 | 2023-11-17 | threshold_tpp | 2400 | 2400 | consistent | -",
            "400瓦 | h20 | tdp_w | 400 | 400 | consistent | -",
            "1.2萬美元 | h20 | price_usd | 12000 | 11000 | consistent | -",
            "需要許可 | h20 | license_required | true | true | consistent | 2025-04-09",
            "55億美元 | h20 | charge_usd | 5500000000 | null | unverifiable | 2025-04-09",
            "15% | 2025-08-11 | revenue_share_percent | 15 | 15 | consistent | 2025-08",
            "1.6 TB/s | ascend-910b | memory_bandwidth_gbs | 1600 | 1600 | consistent | -",
            "1398 GB/s | rtx-pro-6000d | memory_bandwidth_gbs | 1398 | 1568 | inconsistent | -",
            "1400 GB/s | 2025-04-09 | threshold_dram_bandwidth_gbs | 1400 | 1400 | consistent | -",
            "25% | h200 | tariff_percent | 25 | 25 | consistent | 2026-12-01",
            "1296 tokens/s | h20 | throughput_tokens_per_s | 1296 | 628.1289 | consistent | -",
        ],
    );
}

fn find<'a>(r: &'a Report, quantity: &str) -> &'a Claim {
    r.claims.iter().find(|c| c.quantity == quantity).unwrap_or_else(|| panic!("no {quantity}"))
}

#[test]
fn compute_ratio_names_every_measure() {
    let r = report(&article("en-h20.txt"));
    let c = find(&r, "compute_ratio_vs_h100-sxm");
    assert_eq!(c.measure.as_deref(), Some("tpp"));
    let m: Vec<(&str, Option<f64>)> = c.measures.iter().map(|m| (m.measure.as_str(), m.ratio)).collect();
    // TPP 2,368 / 15,832; BF16 148 / 989.5; FP8 296 / 1,979: all 0.1496 for this pair.
    assert_eq!(m.len(), 3);
    for (name, ratio) in m {
        assert!((ratio.unwrap() - 0.1496).abs() < 0.0001, "{name}: {ratio:?}");
    }
    assert_eq!(c.grade.map(|g| g.as_str()), Some("press"), "the H20's compute is press-reported");
    // "about 20%": 0.2 ± (0.05 + 0.002) = 0.148–0.252, a half-width of 26% of the claim.
    let t = c.tolerance.as_ref().unwrap();
    assert!((t.relative - 0.26).abs() < 1e-9 && t.basis.contains("about"), "{t:?}");
    assert!((t.low.unwrap() - 0.148).abs() < 1e-9 && (t.high.unwrap() - 0.252).abs() < 1e-9, "{t:?}");
    assert!(c.reason.contains("accepts 0.148–0.252"), "{}", c.reason);
    assert_eq!(c.comparison, redline_factcheck::Comparison::About);
    assert_eq!(c.verdict, Verdict::Consistent);
}

#[test]
fn subjects_dates_and_sources() {
    let r = report(&article("en-h20.txt"));
    // "Its FP8 throughput" refers back to the H20, not to the H100 it was compared with.
    let fp8 = find(&r, "dense_fp8_tflops");
    assert_eq!((fp8.subject.as_deref(), fp8.subject_from), (Some("h20"), "context"));
    assert!(fp8.source.as_deref().unwrap().starts_with("data/chips/h20.toml dense.fp8: Epoch AI"));
    let lic = r.claims.iter().find(|c| c.quote == "banned").unwrap();
    assert_eq!((lic.date.as_deref(), lic.date_from), (Some("2025-04"), Some("text")));
    assert_eq!(lic.edition.as_deref(), Some("2025-04-09"));
    assert_eq!(lic.destination.as_deref(), Some("CN"));
    let share = find(&r, "revenue_share_percent");
    assert_eq!(share.grade.map(|g| g.as_str()), Some("press"));
    assert_eq!(share.edition.as_deref(), Some("2025-08-11"));
    // The advertisement's "20% off" on an RTX 4090 is boilerplate, not a claim.
    assert!(!r.claims.iter().any(|c| c.subject.as_deref() == Some("rtx-4090")));
    assert_eq!(r.boilerplate_lines, 4);
    // The RTX Pro 6000D figure is the planned 1,398; the catalogue holds the shipped 1,568
    // and says the sources conflict.
    let bw = r.claims.iter().find(|c| c.subject.as_deref() == Some("rtx-pro-6000d")).unwrap();
    assert!(bw.reason.contains("sources conflict"), "{}", bw.reason);
}

#[test]
fn undated_rule_claims_use_the_as_of_date() {
    let r = report("The H20 requires an export licence for China.");
    let c = &r.claims[0];
    assert_eq!(
        (c.quantity.as_str(), c.date.as_deref(), c.date_from),
        ("license_required", Some("2026-12-01"), Some("as-of"))
    );
    assert_eq!(c.verdict, Verdict::Consistent);
    let r = report("The H20 did not need a licence in June 2024.");
    assert_eq!((value(Some(&r.claims[0].claimed)).as_str(), r.claims[0].verdict), ("false", Verdict::Consistent));
    let r = report("The H20 did not need a licence in June 2025.");
    assert_eq!(r.claims[0].verdict, Verdict::Inconsistent);
}

#[test]
fn chinese_renderings_and_annotations() {
    let r = report(&article("zh-hans-h20.txt"));
    let edition = r.mentions.iter().find(|m| m.text == "特供版").unwrap();
    assert_eq!(edition.chip.as_deref(), Some("h20"), "特供版 next to H20 in its sentence");
    assert!(r.mentions.iter().any(|m| m.text == "英伟达H20" && m.chip.as_deref() == Some("h20")));
    assert!(r.mentions.iter().any(|m| m.text == "昇腾910B" && m.chip.as_deref() == Some("ascend-910b")));
    let r = report(&article("zh-hant-h20.txt"));
    assert!(r.mentions.iter().any(|m| m.text == "英偉達（yīng wěi dá）H20" && m.chip.as_deref() == Some("h20")));
    assert!(r.mentions.iter().any(|m| m.text == "昇騰(shēng téng)910B" && m.chip.as_deref() == Some("ascend-910b")));
    let r = report("RTX6000D 与 RTX Pro 6000D 是同一款芯片。");
    assert!(r.mentions.iter().all(|m| m.chip.as_deref() == Some("rtx-pro-6000d")) && r.mentions.len() == 2);
}

#[test]
fn hostile_inputs_never_panic() {
    assert!(report("").claims.is_empty());
    assert!(report("   \n\n\t ").claims.is_empty());
    assert!(report("No chips and no numbers here. Just prose.").claims.is_empty());
    // Binary data, as a lossy decode of arbitrary bytes would give it.
    let bytes: Vec<u8> = (0..4096u32).map(|i| u8::try_from((i * 37 + 11) % 256).unwrap()).collect();
    let _ = report(&String::from_utf8_lossy(&bytes));
    let _ = report("\u{0}\u{0}H20\u{0}96 GB\u{FEFF}\u{202E}4.0 TB/s");
    // Mixed scripts and stray brackets.
    let r = report("H20（ＨＢＭ３）有９６GB显存, и 4.0 TB/s 帯域幅 (((( 昇腾(910B 6倍 H100的");
    assert!(r.claims.iter().any(|c| c.quantity == "memory_capacity_gb"));
    for s in [
        "%",
        "倍",
        "half of",
        "15% of the",
        "的一半",
        "$",
        "1,",
        "2025年13月",
        "April 2025",
        "9999999999999999999999 GB",
    ] {
        let _ = report(&format!("The H20 {s}"));
    }
}

#[test]
fn ten_megabytes() {
    let line = "Lorem ipsum H20 dolor 12 sit amet, 45% consectetur; 英伟达 算力 的 倍。\n";
    let text = line.repeat(10 * 1024 * 1024 / line.len() + 1);
    assert!(text.len() >= 10 * 1024 * 1024);
    let r = report(&text);
    assert!(r.claims.is_empty(), "{:?}", r.claims.first());
    assert!(r.mentions.len() > 100_000);
}

mod props {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn checker() -> &'static Factchecker<'static> {
        static DATA: OnceLock<(Catalog, Countries)> = OnceLock::new();
        static CHECKER: OnceLock<Factchecker<'static>> = OnceLock::new();
        let (cat, co) = DATA.get_or_init(|| (Catalog::embedded().unwrap(), Countries::embedded().unwrap()));
        CHECKER.get_or_init(|| Factchecker::new(cat, co))
    }

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("H20".to_string()),
            Just("H100".to_string()),
            Just("英偉達".to_string()),
            Just("的".to_string()),
            Just("（yīng）".to_string()),
            Just("(".to_string()),
            Just("15%".to_string()),
            Just("６倍".to_string()),
            Just("half of the".to_string()),
            Just("GB".to_string()),
            Just("每秒".to_string()),
            Just("TB/s".to_string()),
            Just("$1.2万美元".to_string()),
            Just("banned in April 2025".to_string()),
            Just("2025年4月".to_string()),
            Just("licence".to_string()),
            Just("1,296 tokens/s".to_string()),
            Just("inference".to_string()),
            Just("推理快".to_string()),
            Just("8卡".to_string()),
            Just("on DeepSeek-V3".to_string()),
            Just("about".to_string()),
            Just("约".to_string()),
            Just("MR-V100".to_string()),
            Just("。".to_string()),
            Just(". ".to_string()),
            Just("\n".to_string()),
            Just(" | ".to_string()),
            "[0-9,.]{1,8}",
            ".{0,6}",
        ]
    }

    fn invariants(text: &str) {
        let r = checker().check(text, &Options::new(Date::ymd(2026, 12, 1)));
        let n = text.chars().count();
        for c in &r.claims {
            assert!(c.span.start <= c.span.end && c.span.end <= n);
            assert!(c.sentence.start <= c.span.start && c.span.end <= c.sentence.end);
            if let ClaimValue::Number(x) = c.claimed {
                assert!(x.is_finite());
            }
        }
        for m in &r.mentions {
            assert!(m.span.end <= n);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn arbitrary_strings(text in ".{0,300}") {
            invariants(&text);
        }

        #[test]
        fn claim_shaped_noise(parts in prop::collection::vec(piece(), 0..40)) {
            invariants(&parts.concat());
        }
    }
}

#[test]
fn ratio_measure_is_the_noun_of_the_ratio() {
    // A bandwidth earlier in the sentence does not make "the H100's compute" a bandwidth ratio.
    let r = report("The H20 carries 96 GB of HBM3 at 4.0 TB/s and has about 20% of the H100's compute.");
    assert_eq!(r.claims[2].quantity, "compute_ratio_vs_h100-sxm");
    let r = report("The H20 has 120% of the H100's memory bandwidth.");
    // 4,000 / 3,350 = 1.194.
    assert_eq!(r.claims[0].quantity, "memory_bandwidth_ratio_vs_h100-sxm");
    assert_eq!(r.claims[0].verdict, Verdict::Consistent);
    let r = report("H20的显存带宽是H100的1.2倍。");
    assert_eq!(r.claims[0].quantity, "memory_bandwidth_ratio_vs_h100-sxm");
}

#[test]
fn comparative_ratios_and_negated_licences() {
    // H100 ÷ H20 by TPP = 15,832 ÷ 2,368 = 6.69: "six times" is 10.3% off, outside 10%.
    let r = report("The H100 is six times more powerful than the H20.");
    assert_eq!(line(&r.claims[0]), "six times | h100-sxm | compute_ratio_vs_h20 | 6 | 6.6858 | inconsistent | -");
    // Ascend 910C ÷ H100 SXM by TPP: 12,800 ÷ 15,832 = 0.8085.
    let r = report("The Ascend 910C offers 60% of the H100's performance.");
    assert_eq!(line(&r.claims[0]), "60% | ascend-910c | compute_ratio_vs_h100-sxm | 0.6 | 0.8085 | inconsistent | -");
    let r = report("The RTX 4090D can be sold to China without a licence.");
    assert_eq!(
        line(&r.claims[0]),
        "without a licence | rtx-4090d | license_required | false | false | consistent | 2026-12-01"
    );
    let r = report("The L20 delivers 119.5 teraflops of BF16 and its bandwidth is 864 gigabytes per second.");
    let got: Vec<String> = r.claims.iter().map(line).collect();
    assert_eq!(
        got,
        [
            "119.5 teraflops | l20 | dense_bf16_tflops | 119.5 | 119.5 | consistent | -",
            "864 gigabytes per second | l20 | memory_bandwidth_gbs | 864 | 864 | consistent | -"
        ]
    );
}

/// The performance articles: throughput and inference-ratio claims held against the model's
/// predicted range (`reference` is the range's geometric mean, rounded here to 4 decimals), the
/// approximate-wording tolerance, and a chip the model cannot run. The verdicts rest on the
/// model's range widened by its 18.3% leave-one-chip-out error (`perf_range_is_the_models`
/// checks the range against `redline-perf` directly):
/// * 8 × H20 on DeepSeek-V3: 130–5,090 tokens/s predicted, 110–6,230 accepted (130 / 1.183,
///   5,090 / 0.817), so 2,000 holds.
/// * 8 × H20 on Llama 3.1 8B: 325–36,000 predicted, at most 44,100 accepted (36,000 / 0.817):
///   100,000 does not.
/// * MR-V100: no memory bandwidth in the catalogue, so the model cannot run it.
/// * B30A ÷ H20 over the default models: 1.0–17.1, so "six times" holds (its spec TPP ratio,
///   11.8, would not: see `compute_ratio_vs_h20` in the H20 articles); H20 ÷ H100 SXM:
///   0.19–1.04 (0.16–1.27 accepted), so "10x" does not and "20% faster" (1.2) does.
#[test]
fn english_performance_article() {
    pinned(
        "en-perf.txt",
        &[
            "2,000 tokens/s | h20 | throughput_tokens_per_s | 2000 | 628.1289 | consistent | -",
            "100,000 tokens/s | h20 | throughput_tokens_per_s | 100000 | 2700.7425 | inconsistent | -",
            "500 tokens/s | iluvatar-mr-v100 | throughput_tokens_per_s | 500 | null | unverifiable | -",
            "six times | b30a | inference_ratio_vs_h20 | 6 | 3.9962 | consistent | -",
            "10x | h20 | inference_ratio_vs_h100-sxm | 10 | 0.4295 | inconsistent | -",
            "20% | h20 | compute_ratio_vs_h100-sxm | 0.2 | 0.1496 | consistent | -",
            "20% | h20 | compute_ratio_vs_h100-sxm | 0.2 | 0.1496 | inconsistent | -",
            "20.0% | h20 | compute_ratio_vs_h100-sxm | 0.2 | 0.1496 | inconsistent | -",
        ],
    );
}

#[test]
fn simplified_chinese_performance_article() {
    pinned(
        "zh-hans-perf.txt",
        &[
            "2000 tokens/s | h20 | throughput_tokens_per_s | 2000 | 628.1289 | consistent | -",
            "100000 tokens/s | h20 | throughput_tokens_per_s | 100000 | 2700.7425 | inconsistent | -",
            "6倍 | b30a | inference_ratio_vs_h20 | 6 | 3.9962 | consistent | -",
            "10倍 | h20 | inference_ratio_vs_h100-sxm | 10 | 0.4295 | inconsistent | -",
            "20% | h20 | inference_ratio_vs_h100-sxm | 1.2 | 0.4295 | consistent | -",
            "20% | h20 | compute_ratio_vs_h100-sxm | 0.2 | 0.1496 | consistent | -",
        ],
    );
}

#[test]
fn traditional_chinese_performance_article() {
    pinned(
        "zh-hant-perf.txt",
        &[
            "2000 tokens/s | h20 | throughput_tokens_per_s | 2000 | 628.1289 | consistent | -",
            "500 tokens/s | iluvatar-mr-v100 | throughput_tokens_per_s | 500 | null | unverifiable | -",
            "6倍 | b30a | inference_ratio_vs_h20 | 6 | 3.9962 | consistent | -",
            "20% | h20 | compute_ratio_vs_h100-sxm | 0.2 | 0.1496 | consistent | -",
            "10倍 | h20 | inference_ratio_vs_h100-sxm | 10 | 0.4295 | inconsistent | -",
        ],
    );
}

#[test]
fn perf_claims_say_what_they_rest_on() {
    let r = report(&article("en-perf.txt"));
    let tp = &r.claims[0];
    assert_eq!((tp.unit, tp.grade.map(|g| g.as_str())), ("tokens/s", Some("estimate")));
    let (lo, hi) = (tp.reference_low.unwrap(), tp.reference_high.unwrap());
    // The reference is the geometric mean of the range; the accepted range is p / (1 ± 0.183).
    assert!((value(tp.reference.as_ref()).parse::<f64>().unwrap() - (lo * hi).sqrt()).abs() < 1e-3);
    assert!((tp.accepted_low.unwrap() - lo / 1.183).abs() < 1e-9);
    assert!((tp.accepted_high.unwrap() - hi / 0.817).abs() < 1e-9);
    assert_eq!(tp.model_error, Some(0.183));
    let w = tp.workload.as_deref().unwrap();
    assert!(w.contains("model deepseek-v3 (stated)") && w.contains("8 chips (stated)"), "{w}");
    let src = tp.source.as_deref().unwrap();
    assert!(src.contains("redline-perf") && src.contains("leave-one-chip-out error 18.3%"), "{src}");
    // Unknown spec: the reason names the missing field, nothing is predicted.
    let mr = &r.claims[2];
    assert!(mr.reason.contains("memory_bandwidth_gbs") && mr.reason.contains("missing"), "{}", mr.reason);
    assert!(mr.reference_low.is_none() && mr.grade.is_none());
    // An inference ratio lists the spec ratios beside the prediction: TPP 28,000 ÷ 2,368 =
    // 11.82, BF16 and FP8 by the catalogue's estimates, memory bandwidth.
    let b30a = &r.claims[3];
    assert_eq!(b30a.measure.as_deref(), Some("predicted_output_tokens_per_s"));
    let names: Vec<&str> = b30a.measures.iter().map(|m| m.measure.as_str()).collect();
    assert_eq!(names, ["tpp", "dense_bf16", "dense_fp8", "memory_bandwidth_gbs"]);
    assert!((b30a.measures[0].ratio.unwrap() - 28_000.0 / 2_368.0).abs() < 1e-9);
    assert!(b30a.reason.contains("by spec: tpp 11.8"), "{}", b30a.reason);
    assert!(
        b30a.workload.as_deref().unwrap().contains("models llama-3.1-8b, llama-3.1-70b, deepseek-v3 (none stated)")
    );
}

#[test]
fn perf_range_is_the_models() {
    use redline_perf::{Batch, InferenceRequest, Precision, ThroughputLimits, best_throughput, zoo_model};
    // The documented workload: 8 chips, fp8 (the H20's fastest), batch 1 to the best batch,
    // lengths 128/128, 1024/1024 and 4096/256, engine trtllm.
    let catalog = Catalog::embedded().unwrap();
    let hw = redline_perf::hardware_from_chip(catalog.get("h20").unwrap());
    let model = zoo_model("deepseek-v3").unwrap();
    let (mut lo, mut hi) = (f64::INFINITY, 0.0f64);
    for (input_len, output_len) in [(128, 128), (1024, 1024), (4096, 256)] {
        let req = InferenceRequest {
            gpus: 8,
            batch: Batch::Fixed(1),
            input_len,
            output_len,
            precision: Precision::Fp8,
            ..InferenceRequest::default()
        };
        let one = redline_perf::predict_inference(&hw, model, &req).unwrap().output_tokens_per_s.unwrap();
        let best = best_throughput(&hw, model, &req, ThroughputLimits::default()).unwrap();
        lo = lo.min(one);
        hi = hi.max(best.best.output_tokens_per_s.unwrap());
    }
    let r = report("On DeepSeek-V3 the H20 serves 2,000 tokens/s.");
    let c = &r.claims[0];
    assert!((c.reference_low.unwrap() - lo).abs() < 1e-6 && (c.reference_high.unwrap() - hi).abs() < 1e-6);
}

#[test]
fn approximate_wording_accepts_the_writers_rounding() {
    let one = |t: &str| report(t).claims.into_iter().next().unwrap();
    // 0.1496 against "about 20%" (14.8–25.2%): consistent; written exactly: inconsistent.
    for t in ["The H20 has about 20% of the H100's compute.", "H20的算力约为H100的20%。", "H20的算力是H100的20%左右。"]
    {
        let c = one(t);
        assert_eq!(c.verdict, Verdict::Consistent, "{t}: {}", c.reason);
        assert!(c.reason.contains("approximate wording"), "{}", c.reason);
    }
    for t in ["The H20 has exactly 20% of the H100's compute.", "The H20 has 20.0% of the H100's compute."] {
        let c = one(t);
        assert_eq!(c.verdict, Verdict::Inconsistent, "{t}");
        assert!(c.reason.contains("rounding of 20"), "{}", c.reason);
    }
    // "About 25%" is a multiple of 5: 25 ± (2.5 + 0.25) = 22.25–27.75% does not reach 14.96%.
    assert_eq!(one("The H20 has about 25% of the H100's compute.").verdict, Verdict::Inconsistent);
    // A number with no round step keeps the 10% floor: "about 96 GB" covers 86.4–105.6.
    let c = one("The H20 carries about 96 GB.");
    let t = c.tolerance.unwrap();
    assert!((t.low.unwrap() - 86.4).abs() < 1e-9 && (t.high.unwrap() - 105.6).abs() < 1e-9, "{t:?}");
    assert_eq!(one("The H20 carries about 110 GB.").verdict, Verdict::Inconsistent);
}

#[test]
fn predictions_per_text_are_bounded() {
    // Each chip count is a new workload; past 64 distinct ones the claim says why it was not
    // predicted instead of running unbounded work.
    let text: String =
        (1..=66).map(|n| format!("The H20 serves Llama 3.1 8B at 500 tokens/s on {n} GPUs.\n\n")).collect();
    let r = report(&text);
    assert_eq!(r.claims.len(), 66);
    assert!(r.claims[..64].iter().all(|c| c.reference_low.is_some()), "the first 64 are predicted");
    for c in &r.claims[64..] {
        assert_eq!(c.verdict, Verdict::Unverifiable);
        assert!(c.reason.contains("64 distinct predictions"), "{}", c.reason);
    }
}

#[test]
fn english_comparatives_of_inference_speed() {
    // "20% faster" is a ratio of 1.2; approximate wording covers 1.2 ± max(10%, 0.05 + 1%) =
    // 1.08–1.32, inside the H20 ÷ H100 SXM range the model allows (0.13–1.69).
    let r = report("The H20 is about 20% faster than the H100 at inference.");
    let c = &r.claims[0];
    assert_eq!(
        (c.quantity.as_str(), value(Some(&c.claimed)).as_str(), c.verdict),
        ("inference_ratio_vs_h100-sxm", "1.2", Verdict::Consistent),
        "{}",
        c.reason
    );
    let t = c.tolerance.as_ref().unwrap();
    assert!((t.low.unwrap() - 1.08).abs() < 1e-9 && (t.high.unwrap() - 1.32).abs() < 1e-9, "{t:?}");
    // Named precision and chip count reach the workload.
    let r = report("Sixteen engineers found 16 H20 chips serve Llama 3.1 70B at 3,000 tokens/s in BF16.");
    let w = r.claims[0].workload.as_deref().unwrap();
    assert!(w.contains("16 chips (stated)") && w.contains("bf16 (stated)") && w.contains("llama-3.1-70b"), "{w}");
}
